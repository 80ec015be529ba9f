import { NextResponse } from "next/server";
import { describe, expect, it } from "vitest";
import { withCookie } from "./with-cookie";

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
