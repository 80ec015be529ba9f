import { NextResponse } from "next/server";

/**
 * Text a person typed, carried in a cookie: the base64url of its UTF-8, so the value holds only
 * [A-Za-z0-9_-]. Next.js 16 decodes a Set-Cookie value twice when it re-reads the cookies an action
 * or a wrapped response set (parseSetCookie in @edge-runtime/cookies): a typed `%` then threw a
 * URIError, a 500 after the write had happened (an identifier ending in "%" on /reset).
 */
export function toCookieText(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}

/** The text a toCookieText value holds; undefined for anything else (a hand-made or stale cookie). */
export function fromCookieText(value: string | undefined): string | undefined {
  if (!value || !/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  const text = Buffer.from(value, "base64url").toString("utf8");
  return text.includes("\uFFFD") || toCookieText(text) !== value ? undefined : text;
}

type CookieOptions = NonNullable<Parameters<NextResponse["cookies"]["set"]>[2]>;

/**
 * `response` with one more cookie, every other header as it was. `new NextResponse(body, response)`
 * re-parses the Set-Cookie lines already there with that double decoding: next-auth's return-address
 * cookie for "/x%25" threw, and any other `%` in one came out changed.
 */
export function withCookie(response: Response, name: string, value: string, options: CookieOptions): Response {
  // Serialized by Next.js on a response with no other cookie, so nothing is re-parsed.
  const carrier = new NextResponse(null);
  carrier.cookies.set(name, value, options);
  const headers = new Headers(response.headers);
  for (const line of carrier.headers.getSetCookie()) headers.append("set-cookie", line);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
