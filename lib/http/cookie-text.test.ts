import { NextResponse } from "next/server";
import { describe, expect, it } from "vitest";
import { fromCookieText, toCookieText } from "./cookie-text";

describe("typed text in a cookie", () => {
  it("round-trips any text, and writes only base64url characters", () => {
    for (const [text, readBack] of [["vr%", true], ["%", true], ["%E0%A4%A", true], ["a@b.c", true], ["name; Path=/", true], ["🧨 é\u202e", true], ["\uD800x", false]] as const) {
      const value = toCookieText(text);
      expect(value, text).toMatch(/^[A-Za-z0-9_-]+$/);
      // A lone surrogate cannot be UTF-8: it comes back as U+FFFD, so it is not read back at all.
      expect(fromCookieText(value), text).toBe(readBack ? text : undefined);
    }
  });

  it("reads nothing from a cookie it did not write", () => {
    for (const value of [undefined, "", "vr%", "a b", "%25", "////", "_w"]) expect(fromCookieText(value), value).toBeUndefined();
  });

  // Regression: an identifier ending in "%" made POST /reset answer 500 after the reset had been requested.
  it("survives Next.js's re-reading of the cookies a response sets", () => {
    const response = NextResponse.json({});
    response.cookies.set("typed", toCookieText("vr%"));
    expect(() => new NextResponse(null, response)).not.toThrow();
    response.cookies.set("raw", "vr%");
    expect(() => new NextResponse(null, response)).toThrow(URIError);
  });
});
