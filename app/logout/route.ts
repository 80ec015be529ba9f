import { NextResponse, type NextRequest } from "next/server";
import { config } from "@/lib/config";
import { recordSignOut, SESSION_COOKIES, sessionCookieName } from "@/lib/auth";
import { errorResponse } from "@/lib/errors";
import { assertSameOrigin, requestContextFrom } from "@/lib/http";

/**
 * Sign-out as a plain form POST, so it works before (or without) JavaScript. Same-origin only:
 * another site must not be able to sign people out. The session ends on the server, so a copy of
 * the cookie stops working too; the user's other browsers stay signed in.
 */
export async function POST(request: NextRequest) {
  try {
    assertSameOrigin(request);
  } catch (error) {
    return errorResponse(error);
  }
  await recordSignOut(request.cookies.get(sessionCookieName())?.value, requestContextFrom(request.headers));
  const response = NextResponse.redirect(new URL("/login", config().PUBLIC_URL), 303);
  for (const name of SESSION_COOKIES) response.cookies.delete(name);
  return response;
}
