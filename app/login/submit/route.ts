import { NextResponse } from "next/server";
import { z } from "zod";
import { LOGIN_IDENTIFIER_COOKIE, loginIdentifierCookieOptions, safeReturnPath, signInWithForm } from "@/lib/auth";
import { config } from "@/lib/config";
import { errorResponse, toAppError } from "@/lib/errors";
import { assertSameOrigin, readBody, toCookieText } from "@/lib/http";
import { pendingSignInCookieName, pendingSignInCookieOptions } from "@/lib/pending-sign-in";

const bodySchema = z.object({
  identifier: z.string().max(1024).default(""),
  password: z.string().max(4096).default(""),
  callbackUrl: z.string().max(1024).optional(),
});

/**
 * The sign-in form when it is posted as a plain form: JavaScript off, or a press before the page's
 * script ran (with it, the form signs in through next-auth's client instead). Success goes where
 * the form was asked to return; a refusal goes back to /login, which shows the message of its code.
 */
export async function POST(request: Request) {
  const base = config().PUBLIC_URL;
  try {
    // Login CSRF: another site must not sign a visitor into an account of its choosing.
    assertSameOrigin(request);
  } catch (error) {
    return errorResponse(error);
  }
  let form: z.infer<typeof bodySchema> = { identifier: "", password: "" };
  let code: string;
  try {
    form = await readBody(request, bodySchema, 16 * 1024);
    const result = await signInWithForm({ ...form, callbackUrl: safeReturnPath(form.callbackUrl) }, request.headers);
    if (result.ok) {
      // next-auth's redirect callback already keeps it on our origin; taking only the path makes sure.
      const target = new URL(result.redirectTo, base);
      const response = NextResponse.redirect(new URL(safeReturnPath(`${target.pathname}${target.search}`), base), 303);
      for (const cookie of result.cookies) response.cookies.set(cookie.name, cookie.value, cookie.options);
      response.cookies.set(LOGIN_IDENTIFIER_COOKIE, "", { ...loginIdentifierCookieOptions(), maxAge: 0 });
      return response;
    }
    if (result.pending) {
      // The account is being guessed at: any password goes on to the proof step (lib/pending-sign-in).
      const verify = new URL("/login/verify", base);
      verify.searchParams.set("callbackUrl", safeReturnPath(form.callbackUrl));
      const response = NextResponse.redirect(verify, 303);
      response.cookies.set(pendingSignInCookieName(), result.pending.handle, pendingSignInCookieOptions());
      return response;
    }
    code = result.code;
  } catch (error) {
    code = toAppError(error).code;
  }
  const back = new URL("/login", base);
  back.searchParams.set("error", code);
  if (form.callbackUrl) back.searchParams.set("callbackUrl", safeReturnPath(form.callbackUrl));
  const response = NextResponse.redirect(back, 303);
  if (form.identifier) response.cookies.set(LOGIN_IDENTIFIER_COOKIE, toCookieText(form.identifier.slice(0, 254)), loginIdentifierCookieOptions());
  return response;
}
