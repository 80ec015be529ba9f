import { describe, expect, it } from "vitest";
import { expiredCallbackCookie, isParsableCallbackUrl, refuseUnparsableCallbackUrl, withoutUnparsableCallbackCookies } from "./callback-url";

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

  // Regression: ?callbackUrl=&callbackUrl=<not a URL> answered 500: only the first was checked, next-auth reads the last.
  it("checks every copy of a repeated callbackUrl", () => {
    for (const query of ["callbackUrl=&callbackUrl=%F3%9C%B3%8B", "callbackUrl=%2Faccount&callbackUrl=evil", "callbackUrl=evil&callbackUrl=%2Faccount"]) {
      expect(refuseUnparsableCallbackUrl(new URL(`http://localhost:3000/api/auth/signin/credentials?${query}`), jar({}))?.status, query).toBe(400);
    }
    expect(refuseUnparsableCallbackUrl(new URL("http://localhost:3000/api/auth/signin?callbackUrl=&callbackUrl=%2Faccount"), jar({}))).toBeUndefined();
  });
});

// Regression: a malformed next-auth.callback-url cookie made /account, /login and /admin answer 500.
describe("return-address cookies next-auth cannot parse are left out of the request", () => {
  const base = "http://localhost:3000";
  it("drops them, with any spelling of the name next-auth reads, and keeps every other cookie as sent", () => {
    const header = "a=1; next-auth.callback-url=%00; b=%E0%A4%A; __Secure-next-auth.callback-url=javascript%3Ax; next-auth.session-token=t.t.t";
    expect(withoutUnparsableCallbackCookies(header, base)).toEqual({
      cookieHeader: "a=1; b=%E0%A4%A; next-auth.session-token=t.t.t",
      removed: ["next-auth.callback-url", "__Secure-next-auth.callback-url"],
    });
    expect(withoutUnparsableCallbackCookies("next-auth.callback-url=%E0%A4%A", base).removed).toEqual(["next-auth.callback-url"]);
    expect(withoutUnparsableCallbackCookies("next-auth.callback-url=http%3A%2F%2F%5B", base).removed).toEqual(["next-auth.callback-url"]);
  });

  it("keeps good ones untouched", () => {
    for (const header of ["", "next-auth.callback-url=%2Faccount", "next-auth.callback-url=http%3A%2F%2Flocalhost%3A3000%2Fadmin; x=y", "next-auth.callback-url="]) {
      expect(withoutUnparsableCallbackCookies(header, base), header).toEqual({ cookieHeader: header, removed: [] });
    }
  });

  it("deletes them in the browser with the attributes next-auth set", () => {
    expect(expiredCallbackCookie("next-auth.callback-url")).toBe("next-auth.callback-url=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    expect(expiredCallbackCookie("__Secure-next-auth.callback-url")).toContain("; Secure");
  });
});
