import {
  beginOtpEnrollment,
  beginPhoneEnrollment,
  completeEmailEnrollment,
  completeOtpEnrollment,
  completePhoneEnrollment,
  completeWebauthnRegistration,
  enrolledFactorTypes,
  pendingEmailVerification,
  pendingPhoneEnrollment,
  sendEmailVerification,
  FACTOR_STRATEGIES,
  factorStrategy,
  isWebauthnType,
  pendingOtpEnrollment,
  type PendingOtp,
  type FactorProof,
  type FlowActor,
  type RegistrationResponse,
  type StartedFactor,
  type SupportedFactorType,
  type VerifiedFactor,
} from "@/lib/factors";
import { AppError, catalogError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http";
import { allowsFactor, loadPendingSignIn, type PendingSignInRow } from "./load";
import { assertRateLimit } from "@/lib/security";
import type { ProofOption, SentMethod } from "./methods";

/**
 * The factor checks of a pending sign-in that asks for the user's second factor: bound to the
 * user and to the pending sign-in's row as their flow, so a code or a WebAuthn challenge made for
 * this browser's sign-in answers nothing else (another pending sign-in, a reset).
 */
export function signInFactorActor(row: PendingSignInRow, ctx: RequestContext): FlowActor {
  if (!row.userId || !row.passwordVerified) throw new AppError("SIGN_IN_EXPIRED");
  return { userId: row.userId, flowId: row.id, flowExpiresAt: row.expiresAt, ctx, purpose: "sign-in" };
}

/**
 * The user's enrolled factors that can be used now, in the registry's order (the first is the
 * default); a post-login Action's factor step offers only the ones it asked for (`row.factors`).
 */
export async function secondFactorOptions(row: PendingSignInRow, ctx: RequestContext): Promise<ProofOption[]> {
  const actor = signInFactorActor(row, ctx);
  const options: ProofOption[] = [];
  for (const strategy of FACTOR_STRATEGIES) {
    if (!allowsFactor(row, strategy.type)) continue;
    if (!(await strategy.enrolled(actor.userId))) continue;
    const offer = await strategy.offer(actor);
    if (offer) options.push({ method: strategy.type, ...offer });
  }
  return options;
}

/** Starts a method of the factor step: a code sent (email, SMS) or WebAuthn options over the user's keys. */
export async function startSecondFactor(row: PendingSignInRow, method: SupportedFactorType, ctx: RequestContext): Promise<StartedFactor> {
  const options = await secondFactorOptions(row, ctx);
  if (!options.some((o) => o.method === method)) throw new AppError("FACTOR_NOT_ALLOWED");
  return factorStrategy(method).start(signInFactorActor(row, ctx), options.map((o) => o.method));
}

/** The factor's own check, within its own limits (5 tries per method and pending sign-in). */
export async function verifySecondFactor(row: PendingSignInRow, method: SupportedFactorType, proof: FactorProof, ctx: RequestContext): Promise<VerifiedFactor> {
  const options = await secondFactorOptions(row, ctx);
  return factorStrategy(method).verify(signInFactorActor(row, ctx), proof, options.map((o) => o.method));
}

/** "Use your security key" on a second-factor step: WebAuthn options bound to this browser's pending sign-in. */
export async function startSignInWebauthn(cookieValue: string | undefined, method: SupportedFactorType, ctx: RequestContext): Promise<StartedFactor> {
  const row = await loadPendingSignIn(cookieValue);
  if (row.reason !== "second_factor" || factorStrategy(method).challenge !== "webauthn") throw new AppError("FACTOR_NOT_ALLOWED");
  return startSecondFactor(row, method, ctx);
}

/**
 * The authenticator app being set up by a sign-in whose policy asks every user for a factor
 * ("always") and whose user has none: the password was just verified, which is the recent-password
 * check the account page asks for. A set-up already under way is shown again, not replaced.
 */
export async function signInEnrollment(cookieValue: string | undefined): Promise<PendingOtp> {
  const row = await loadPendingSignIn(cookieValue);
  if (row.reason !== "enroll_factor" || !row.userId || !row.passwordVerified || !allowsFactor(row, "otp")) throw new AppError("FACTOR_NOT_ALLOWED");
  const pending = await pendingOtpEnrollment(row.userId);
  if (pending) return pending;
  await beginOtpEnrollment(row.userId).catch((error: unknown) => {
    // Set up meanwhile (another tab): the sign-in then asks for it like any second factor.
    if (error instanceof AppError && error.code === "FACTOR_EXISTS") throw new AppError("SIGN_IN_EXPIRED");
    throw error;
  });
  return (await pendingOtpEnrollment(row.userId))!;
}

/**
 * The user of a pending sign-in that sets up this factor, its password verified, and still without
 * any factor; anything else is refused. A factor set up meanwhile (on the account page, in another
 * tab) ends this sign-in: the next one asks for that factor, and the password alone never adds a
 * second one. A post-login Action's `enrollWith*` allows only the factors it asked for.
 */
export async function enrollingUser(row: PendingSignInRow, ctx: RequestContext, method: SupportedFactorType): Promise<{ userId: string; ctx: RequestContext }> {
  if (row.reason !== "enroll_factor" || !allowsFactor(row, method)) throw new AppError("FACTOR_NOT_ALLOWED");
  if (!row.userId || !row.passwordVerified) throw new AppError("SIGN_IN_EXPIRED");
  if ((await enrolledFactorTypes(row.userId)).length) throw new AppError("SIGN_IN_EXPIRED");
  return { userId: row.userId, ctx };
}

/**
 * "Send code" while setting up email codes or a phone at sign-in: a code to the account's address,
 * or by SMS to the number typed (the factor's own limits and its SMS-pumping gate apply, and at
 * most 3 sends per pending sign-in, then 1 a minute). Resolves where it went, masked.
 */
export async function startSignInEnrollment(row: PendingSignInRow, method: SentMethod, ctx: RequestContext, phoneNumber?: string): Promise<{ sentTo: string }> {
  const user = await enrollingUser(row, ctx, method);
  await assertRateLimit("signInProofCodePerPending", row.id, undefined, { tooMany: "codes" });
  if (method === "email") return { sentTo: await sendEmailVerification(user) };
  if (!phoneNumber) throw catalogError("INVALID_INPUT", { id: "fields.phoneRequired" }, { field: "phone" });
  return beginPhoneEnrollment(user, phoneNumber);
}

/** Where the code of a set-up under way went (masked), for the page; null before "Send code". */
export async function signInEnrollmentSentTo(cookieValue: string | undefined, method: SentMethod): Promise<string | null> {
  const row = await loadPendingSignIn(cookieValue);
  const { reason, userId, passwordVerified } = row;
  if (reason !== "enroll_factor" || !userId || !passwordVerified || !allowsFactor(row, method)) throw new AppError("FACTOR_NOT_ALLOWED");
  const pending = method === "email" ? await pendingEmailVerification(userId) : await pendingPhoneEnrollment(userId);
  return pending?.sentTo ?? null;
}

/** What confirms a factor being set up at sign-in: its first code, or a new key's registration. */
export type EnrollmentProof = { kind: "code"; code: string } | { kind: "registration"; response: RegistrationResponse; name: string };

/**
 * The first code of the new factor confirms it (from the authenticator app, the email, the SMS),
 * or, for a security key or passkey, the browser's registration answering this pending sign-in's
 * challenge; the sign-in then completes with it as the second factor. Resolves the type set up
 * (a key's type is the attachment its browser reports, whichever button was pressed).
 */
export async function confirmSignInEnrollment(row: PendingSignInRow, method: SupportedFactorType, proof: EnrollmentProof, ctx: RequestContext): Promise<SupportedFactorType> {
  const user = await enrollingUser(row, ctx, method);
  if (isWebauthnType(method)) {
    if (proof.kind !== "registration") throw new AppError("FACTOR_NOT_ALLOWED");
    return (await completeWebauthnRegistration({ ...user, flowId: row.id }, { name: proof.name, response: proof.response })).type;
  }
  if (proof.kind !== "code") throw new AppError("FACTOR_NOT_ALLOWED");
  switch (method) {
    case "otp":
      await completeOtpEnrollment(user, proof.code);
      return method;
    case "email":
      await completeEmailEnrollment(user, proof.code);
      return method;
    case "phone":
      await completePhoneEnrollment(user, proof.code);
      return method;
    default:
      throw new AppError("FACTOR_NOT_ALLOWED");
  }
}
