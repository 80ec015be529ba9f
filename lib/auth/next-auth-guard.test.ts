import { describe, expect, it } from "vitest";
import { refuseUnsupportedAuthRequest } from "./next-auth-guard";

describe("refuseUnsupportedAuthRequest", () => {
  it("lets through what next-auth/react sends", () => {
    expect(refuseUnsupportedAuthRequest("GET", ["csrf"], null)).toBeUndefined();
    expect(refuseUnsupportedAuthRequest("GET", ["providers"], null)).toBeUndefined();
    expect(refuseUnsupportedAuthRequest("GET", ["session"], null)).toBeUndefined();
    expect(refuseUnsupportedAuthRequest("POST", ["callback", "credentials"], "application/x-www-form-urlencoded;charset=UTF-8")).toBeUndefined();
  });

  it("refuses a GET of the credentials callback and non-form POSTs with a 4xx and a stable code", async () => {
    const get = refuseUnsupportedAuthRequest("GET", ["callback", "credentials"], null)!;
    expect(get.status).toBe(405);
    expect(await get.json()).toMatchObject({ error: { code: "METHOD_NOT_ALLOWED" } });
    for (const type of [null, "application/json", "multipart/form-data; boundary=x", "text/plain"]) {
      const post = refuseUnsupportedAuthRequest("POST", ["signout"], type)!;
      expect(post.status).toBe(415);
      expect(await post.json()).toMatchObject({ error: { code: "UNSUPPORTED_MEDIA_TYPE" } });
    }
  });
});
