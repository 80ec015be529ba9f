import { describe, expect, it } from "vitest";
import { decodeSignInError, encodeSignInError, signInErrorCodeOf } from "./sign-in-error";

describe("a refused sign-in as it crosses next-auth", () => {
  const wait = { id: "limits.tooMany", values: { what: "signInAttempts", unit: "minute", count: 3 } };

  it("carries the catalog reference beside the English, and reads both back", () => {
    const encoded = encodeSignInError("RATE_LIMITED", "Too many sign-in attempts. Try again in 3 minutes.", wait);
    expect(signInErrorCodeOf(encoded)).toBe("RATE_LIMITED");
    expect(decodeSignInError(encoded)).toEqual({ code: "RATE_LIMITED", message: "Too many sign-in attempts. Try again in 3 minutes.", ref: wait });
    // next-auth puts it in a query string and the client reads it back with URLSearchParams.
    const url = new URL(`http://x/api/auth/error?error=${encodeURIComponent(encoded)}`);
    expect(decodeSignInError(url.searchParams.get("error")!)).toEqual(decodeSignInError(encoded));
  });

  it("keeps a message without a reference as written, `|` and JSON-looking words included", () => {
    expect(decodeSignInError(encodeSignInError("ACCESS_DENIED", 'No | {"id":"limits.tooMany"} today'))).toEqual({ code: "ACCESS_DENIED", message: 'No | {"id":"limits.tooMany"} today' });
    expect(decodeSignInError(encodeSignInError("USER_BLOCKED", "Blocked."))).toEqual({ code: "USER_BLOCKED", message: "Blocked." });
  });

  it("refuses what is not one, and drops a malformed reference while keeping the English", () => {
    for (const hostile of ["", "no bar", "|message", "lower|message", "CODE|", "<b>X</b>|m"]) expect(decodeSignInError(hostile), hostile).toBeUndefined();
    const english = "Too many attempts. Try again later.";
    for (const ref of ["%7B", "%5B%5D", encodeURIComponent('{"id":"x"}'), encodeURIComponent('{"id":"a.b","values":{"x":{}}}'), encodeURIComponent('{"id":"a.b","values":[1]}'), "%E0%A4%A"]) {
      expect(decodeSignInError(`RATE_LIMITED:${ref}|${english}`), ref).toEqual({ code: "RATE_LIMITED", message: english });
    }
    expect(signInErrorCodeOf(`PROOF_REQUIRED:${encodeURIComponent(JSON.stringify({ id: "a.b" }))}|x`)).toBe("PROOF_REQUIRED");
  });
});
