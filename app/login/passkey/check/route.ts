import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { passkeyCookieName, passkeyCookieOptions, safeReturnPath, sessionCookie } from "@/lib/auth";
import { errorResponse } from "@/lib/errors";
import { authenticationResponseSchema } from "@/lib/factors";
import { assertSameOrigin, readBody, requestContextFrom } from "@/lib/http";
import { signInWithPasskey } from "@/lib/users";

const bodySchema = z.object({ response: authenticationResponseSchema, callbackUrl: z.string().max(2048).optional() });

/** The passkey's assertion: a right one signs in (the session cookie is set on this answer) and names where to go next. */
export async function POST(request: NextRequest) {
  try {
    assertSameOrigin(request);
    const body = await readBody(request, bodySchema, 64 * 1024);
    const user = await signInWithPasskey(request.cookies.get(passkeyCookieName())?.value, body.response, requestContextFrom(request.headers));
    const cookie = await sessionCookie(user);
    const response = NextResponse.json({ next: safeReturnPath(body.callbackUrl) }, { headers: { "cache-control": "no-store" } });
    response.cookies.set(cookie.name, cookie.value, cookie.options);
    response.cookies.set(passkeyCookieName(), "", { ...passkeyCookieOptions(), maxAge: 0 });
    return response;
  } catch (error) {
    return errorResponse(error);
  }
}
