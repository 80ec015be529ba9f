import { NextResponse } from "next/server";
import { config } from "@/lib/config";
import { recordSignOut, SESSION_COOKIES } from "@/lib/auth";
import { errorResponse } from "@/lib/errors";
import { assertSameOrigin, requestContextFrom } from "@/lib/http";

/**
 * Sign-out as a plain form POST, so it works before (or without) JavaScript. Same-origin only:
 * another site must not be able to sign people out.
 */
export async function POST(request: Request) {
  try {
    assertSameOrigin(request);
  } catch (error) {
    return errorResponse(error);
  }
  await recordSignOut(requestContextFrom(request.headers));
  const response = NextResponse.redirect(new URL("/login", config().PUBLIC_URL), 303);
  for (const name of SESSION_COOKIES) response.cookies.delete(name);
  return response;
}
