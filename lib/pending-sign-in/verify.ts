import { z } from "zod";
import { prisma } from "@/lib/db";
import { AppError, catalogError, isAppError } from "@/lib/errors";
import {
  authenticationResponseSchema,
  factorNameInput,
  factorStrategy,
  parseFactorCode,
  registrationResponseSchema,
  verifyOtp,
  verifyRecoveryCode,
  WEBAUTHN_TYPES,
  type FactorProof,
  type FlowActor,
  type SupportedFactorType,
} from "@/lib/factors";
import type { RequestContext } from "@/lib/http";
import { logContext, type LogType, writeLog } from "@/lib/logs";
import { consumeRateLimit } from "@/lib/security";
import { proofCodeMatches } from "./code";
import { isActionFactorStep, loadPendingSignIn, MAX_PROOF_ATTEMPTS, type PendingSignInRow } from "./load";
import { optionsOf, PROOF_METHODS } from "./methods";
import { confirmSignInEnrollment, verifySecondFactor, type EnrollmentProof } from "./second-factor";
import { limitSubject } from "./subject";

export const proofInputSchema = z.object({
  method: z.enum(PROOF_METHODS, { error: "fields.chooseMethod" }),
  code: z.string({ error: "fields.codeRequired" }).max(64, "fields.codeTooLong"),
});
/** A security key or passkey answering a second-factor step (its ceremony needs JavaScript). */
export const proofAssertionSchema = z.object({
  method: z.enum(WEBAUTHN_TYPES, { error: "fields.chooseMethod" }),
  response: authenticationResponseSchema,
});

/** A security key or passkey set up at sign-in (MFA policy "always"): the browser's registration, and the key's name. */
export const proofRegistrationSchema = z.object({
  method: z.enum(WEBAUTHN_TYPES, { error: "Choose a method." }),
  registration: registrationResponseSchema,
  name: factorNameInput,
});

export type ProofInput = z.infer<typeof proofInputSchema> | z.infer<typeof proofAssertionSchema> | z.infer<typeof proofRegistrationSchema>;

/** What the person answered: a code, a key's assertion, or a new key's registration. */
type Proof = FactorProof | Extract<EnrollmentProof, { kind: "registration" }>;

/** A pending sign-in whose password was right and whose proof passed: consumed, ready to start a session. */
export type ProvedSignIn = {
  pendingSignInId: string;
  userId: string;
  connectionId: string;
  identifier: string;
  passwordVersion: number;
  /** Where the password was typed: its account+IP limit is forgiven by the sign-in. */
  ip: string;
  method: SupportedFactorType;
  /** RFC 8176 methods the whole sign-in used: the password, the factor's, and `mfa`. */
  amr: string[];
  /** Why the proof was asked (PendingSignInReason). */
  reason: string;
  /** A post-login Action's factor step: the sign-in was counted and logged when the password was typed. */
  stepUp: boolean;
};

/**
 * Checks a typed proof. In order: the browser's pending sign-in (live), the method one it offers,
 * the code well formed, one of the 5 tries taken by a conditional update (parallel guesses cannot
 * exceed them), the account's limit across pending sign-ins, then the check itself. The pending
 * sign-in completes only with a right password AND a right proof; it is consumed (one request wins)
 * before the caller starts the session. A wrong password's pending sign-in runs every step alike
 * and answers exactly like a wrong code, so the proof step tells a guesser nothing either.
 */
export async function verifyProof(cookieValue: string | undefined, input: ProofInput, ctx: RequestContext): Promise<ProvedSignIn> {
  const row = await loadPendingSignIn(cookieValue);
  if (!(await optionsOf(row, ctx)).some((o) => o.method === input.method)) throw new AppError("FACTOR_NOT_ALLOWED");
  const proof = parseProof(input);
  // A new key answers only a set-up step, and a set-up step no existing key: refused before any try is taken.
  if (proof.kind !== "code" && (proof.kind === "registration") !== (row.reason === "enroll_factor")) throw new AppError("FACTOR_NOT_ALLOWED");
  const attempts = await takeAttempt(row);
  const limit = await consumeRateLimit("signInProofPerUser", limitSubject(row));
  // A spent account limit answers like a wrong code: "rate limited" would appear only for a right password.
  const outcome: Outcome = limit.allowed ? await proofMatches(row, input.method, proof, ctx) : { right: false };
  if (outcome.right && row.passwordVerified && row.userId) {
    const db = await prisma();
    const consumed = await db.pendingSignIn.updateMany({ where: { id: row.id, consumedAt: null }, data: { consumedAt: new Date(), provedWith: input.method } });
    if (consumed.count !== 1) throw new AppError("SIGN_IN_EXPIRED");
    await log(row, ctx, input.method, true);
    const { userId, connectionId, identifier, passwordVersion, ip, reason } = row;
    // The factor that passed: a key set up here is the type its browser reported.
    const amr = ["pwd", ...factorStrategy(outcome.type ?? input.method).amr, "mfa"];
    return { pendingSignInId: row.id, userId, connectionId, identifier, passwordVersion, ip, method: input.method, amr, reason, stepUp: isActionFactorStep(row) };
  }
  const refusal = outcome.right ? undefined : outcome.error;
  await log(row, ctx, input.method, false, limit.allowed ? undefined : "signInProofPerUser", refusal?.code);
  const left = MAX_PROOF_ATTEMPTS - attempts;
  if (left <= 0) {
    const db = await prisma();
    await db.pendingSignIn.updateMany({ where: { id: row.id, consumedAt: null }, data: { consumedAt: new Date() } });
    throw catalogError("FACTOR_CODE_ATTEMPTS", { id: "verify.tooManyCodes" });
  }
  // A second-factor step follows a right password: the factor's own refusal (a key not registered,
  // an expired code) is the user's to read. A wrong code is answered with this sign-in's tries.
  if (refusal && row.reason !== "account_limit" && !["FACTOR_CODE_INVALID", "FACTOR_CODE_ATTEMPTS"].includes(refusal.code)) throw refusal;
  const message = `That code is not right. ${left} ${left === 1 ? "try" : "tries"} left.`;
  throw new AppError("FACTOR_CODE_INVALID", message, { fields: { code: message } });
}

function parseProof(input: ProofInput): Proof {
  if ("registration" in input) return { kind: "registration", response: input.registration, name: input.name };
  if ("response" in input) return { kind: "assertion", response: input.response };
  return { kind: "code", code: parseFactorCode(input.method, input.code) };
}

/** Takes one try; resolves how many have been taken, this one included. */
async function takeAttempt(row: PendingSignInRow): Promise<number> {
  const db = await prisma();
  const taken = await db.pendingSignIn.updateMany({
    where: { id: row.id, consumedAt: null, expiresAt: { gt: new Date() }, attempts: { lt: MAX_PROOF_ATTEMPTS } },
    data: { attempts: { increment: 1 } },
  });
  if (taken.count !== 1) throw new AppError("SIGN_IN_EXPIRED");
  return row.attempts + 1;
}

type Outcome = { right: true; type?: SupportedFactorType } | { right: false; error?: AppError };

/**
 * The method's own check. At the account limit: the authenticator app is checked against the
 * account either way (a code is only ever accepted once, so this costs its owner nothing); a
 * recovery code against the limit subject, so a wrong password's attempt can never use one of the
 * owner's codes up. A second-factor step goes through the factor's strategy.
 */
async function proofMatches(row: PendingSignInRow, method: SupportedFactorType, proof: Proof, ctx: RequestContext): Promise<Outcome> {
  const actor = (userId: string): FlowActor => ({ userId, flowId: row.id, flowExpiresAt: row.expiresAt, ctx });
  const code = proof.kind === "code" ? proof.code : "";
  try {
    if (proof.kind === "registration" || row.reason === "enroll_factor") {
      return { right: true, type: await confirmSignInEnrollment(row, method, proof.kind === "registration" ? proof : { kind: "code", code }, ctx) };
    }
    if (row.reason === "second_factor") {
      await verifySecondFactor(row, method, proof, ctx);
      return { right: true };
    }
    switch (method) {
      case "email":
      case "phone":
        return { right: proofCodeMatches(row.id, row.codeChannel === method ? row.codeHash : null, code) };
      case "otp":
        if (!row.userId) return { right: false };
        await verifyOtp(actor(row.userId), code);
        return { right: true };
      case "recovery-code":
        await verifyRecoveryCode(actor(limitSubject(row)), code);
        return { right: true };
      default:
        return { right: false };
    }
  } catch (error) {
    if (isAppError(error)) return { right: false, error };
    throw error;
  }
}

async function log(row: PendingSignInRow, ctx: RequestContext, method: SupportedFactorType, passed: boolean, policy?: string, reason?: string): Promise<void> {
  const recovery = method === "recovery-code";
  const type: LogType = passed ? (recovery ? "gd_recovery_succeed" : "gd_auth_succeed") : policy ? "gd_otp_rate_limit_exceed" : recovery ? "gd_recovery_failed" : "gd_auth_failed";
  await writeLog({
    type,
    ...logContext(ctx, { userId: row.userId, userName: row.identifier, connectionId: row.connectionId }),
    details: { pendingSignInId: row.id, factor: method, signIn: row.reason, ...(policy ? { policy } : {}), ...(reason ? { reason } : {}) },
  });
}
