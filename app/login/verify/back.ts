import { NextResponse } from "next/server";
import { z } from "zod";
import { safeReturnPath, sessionCookie } from "@/lib/auth";
import { config } from "@/lib/config";
import { toAppError } from "@/lib/errors";
import { pendingSignInCookieName, pendingSignInCookieOptions } from "@/lib/pending-sign-in";
import type { SignedInUser } from "@/lib/users";

/** Codes after which the pending sign-in is over: its cookie goes too. */
const OVER = new Set(["SIGN_IN_EXPIRED", "FACTOR_CODE_ATTEMPTS", "USER_BLOCKED"]);

/**
 * The answer of the proof forms (plain POSTs, so they work without JavaScript): back to the page
 * with the error's code, which the page turns into its message. Never a message in the URL: a
 * crafted link could make our page say anything.
 */
export function backToVerify(form: { method?: string; callbackUrl?: string }, outcome: { error?: unknown; sent?: boolean }): NextResponse {
  const query = new URLSearchParams();
  if (form.method) query.set("method", form.method);
  query.set("callbackUrl", safeReturnPath(form.callbackUrl));
  const code = outcome.error === undefined ? undefined : toAppError(outcome.error).code;
  if (code) query.set("error", code);
  if (outcome.sent) query.set("sent", "1");
  const response = NextResponse.redirect(new URL(`/login/verify?${query}`, config().PUBLIC_URL), 303);
  if (code && OVER.has(code)) response.cookies.set(pendingSignInCookieName(), "", { ...pendingSignInCookieOptions(), maxAge: 0 });
  return response;
}

/** What the proof forms post, read leniently so the way back keeps the method and return address; each route then validates its part. */
export const proofFormSchema = z.object({
  method: z.string().max(32).optional(),
  code: z.string().max(64).optional(),
  /** The number typed while setting up a phone at sign-in; an overlong one is dropped here (and refused as missing), so the way back keeps the method. */
  phone: z.string().max(64).optional().catch(undefined),
  callbackUrl: z.string().max(2048).optional(),
});
export type ProofForm = z.infer<typeof proofFormSchema>;

/** @default 4 KiB: the proof forms post a few short fields. */
export const PROOF_FORM_MAX_BYTES = 4 * 1024;

/** A proved sign-in's answer: the new session's cookie on it, and the pending sign-in's cookie gone. */
export async function withSession(response: NextResponse, user: SignedInUser): Promise<NextResponse> {
  const cookie = await sessionCookie(user);
  response.cookies.set(cookie.name, cookie.value, cookie.options);
  response.cookies.set(pendingSignInCookieName(), "", { ...pendingSignInCookieOptions(), maxAge: 0 });
  return response;
}
