import { NextResponse } from "next/server";
import { describe, expect, it } from "vitest";
import { fromCookieText, toCookieText, withCookie } from "./cookie-text";

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

describe("withCookie", () => {
  // Regression: wrapping next-auth's answer in a NextResponse to add a cookie threw on its return-address cookie.
  it("adds a cookie and keeps every Set-Cookie line already there as it was", async () => {
    const answer = new Response("body", { status: 302, headers: { location: "/login/verify", "set-cookie": "next-auth.callback-url=%2Fx%25; Path=/; HttpOnly" } });
    expect(() => new NextResponse(answer.body, answer)).toThrow(URIError);
    const response = withCookie(answer, "pending", "h.s", { path: "/login", httpOnly: true, sameSite: "lax", maxAge: 60 });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login/verify");
    const [kept, added, ...rest] = response.headers.getSetCookie();
    expect(kept).toBe("next-auth.callback-url=%2Fx%25; Path=/; HttpOnly");
    expect(added).toMatch(/^pending=h\.s; Path=\/login; Expires=[^;]+; Max-Age=60; HttpOnly; SameSite=lax$/);
    expect(rest).toEqual([]);
    expect(await response.text()).toBe("body");
  });
});
