import { NextResponse } from "next/server";

// Not re-exported by lib/http's index: next/server may only load inside Next.js's runtime, and the
// index is also loaded by server.ts before Next.js starts (it threw "AsyncLocalStorage accessed in
// runtime where it is not available" under tsx).

type CookieOptions = NonNullable<Parameters<NextResponse["cookies"]["set"]>[2]>;

/**
 * `response` with one more cookie, every other header as it was. `new NextResponse(body, response)`
 * re-parses the Set-Cookie lines already there and decodes each value twice (parseSetCookie in
 * @edge-runtime/cookies): next-auth's return-address cookie for "/x%25" threw, and any other `%`
 * in one came out changed.
 */
export function withCookie(response: Response, name: string, value: string, options: CookieOptions): Response {
  // Serialized by Next.js on a response with no other cookie, so nothing is re-parsed.
  const carrier = new NextResponse(null);
  carrier.cookies.set(name, value, options);
  const headers = new Headers(response.headers);
  for (const line of carrier.headers.getSetCookie()) headers.append("set-cookie", line);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
