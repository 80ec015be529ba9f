import { describe, expect, it } from "vitest";
import { assertSameOrigin } from "./same-origin";

function post(headers: Record<string, string>) {
  return new Request("http://localhost:3000/reset/verify/confirm", { method: "POST", headers: { host: "localhost:3000", ...headers } });
}

describe("assertSameOrigin", () => {
  it("accepts our own origin, and Origin: null from a no-referrer page when the browser says same-origin", () => {
    expect(() => assertSameOrigin(post({ origin: "http://localhost:3000" }))).not.toThrow();
    expect(() => assertSameOrigin(post({ origin: "http://localhost:3000", "sec-fetch-site": "same-origin" }))).not.toThrow();
    expect(() => assertSameOrigin(post({ origin: "null", "sec-fetch-site": "same-origin" }))).not.toThrow();
  });

  it("refuses another site, a missing origin, and Origin: null without the browser's word", () => {
    const cases: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "http://localhost:3000", "sec-fetch-site": "cross-site" },
      { origin: "http://localhost:3000", "sec-fetch-site": "same-site" },
      {},
      { origin: "null" },
      { origin: "null", "sec-fetch-site": "cross-site" },
      { origin: "http://localhost:3000.evil.example" },
    ];
    for (const headers of cases) {
      expect(() => assertSameOrigin(post(headers)), JSON.stringify(headers)).toThrow(expect.objectContaining({ code: "CSRF_FAILED" }));
    }
  });
});
