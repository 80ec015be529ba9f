import { describe, expect, it } from "vitest";
import { isParsableCallbackUrl, refuseUnparsableCallbackUrl } from "./callback-url";

const jar = (cookies: Record<string, string>) => ({ get: (name: string) => (name in cookies ? { value: cookies[name]! } : undefined) });

// Regression: POST /api/auth/signin/credentials?callbackUrl=\\evil.example answered 500 (next-auth's INVALID_CALLBACK_URL_ERROR).
describe("callbackUrl next-auth cannot parse", () => {
  it("lets relative and absolute http(s) addresses through (the redirect callback keeps them on our origin)", () => {
    for (const ok of ["/account", "https://evil.example/x", "//evil.example", "http://localhost:3000/a"]) expect(isParsableCallbackUrl(ok, "http://localhost:3000"), ok).toBe(true);
    for (const bad of ["\\\\evil.example/x", "javascript:alert(1)", "evil", "%2F%2Fevil.example"]) expect(isParsableCallbackUrl(bad, "http://localhost:3000"), bad).toBe(false);
  });

  it("refuses such a query or cookie with a 400 and deletes the cookie", async () => {
    expect(refuseUnparsableCallbackUrl(new URL("http://localhost:3000/api/auth/signin?callbackUrl=%2Faccount"), jar({}))).toBeUndefined();
    const fromQuery = refuseUnparsableCallbackUrl(new URL("http://localhost:3000/api/auth/signin?callbackUrl=javascript:x"), jar({}))!;
    expect(fromQuery.status).toBe(400);
    expect(await fromQuery.json()).toMatchObject({ error: { code: "INVALID_INPUT" } });
    const fromCookie = refuseUnparsableCallbackUrl(new URL("http://localhost:3000/api/auth/session"), jar({ "next-auth.callback-url": "\\\\evil" }))!;
    expect(fromCookie.status).toBe(400);
    expect(fromCookie.headers.get("set-cookie")).toContain("next-auth.callback-url=; Path=/; Max-Age=0");
  });
});
