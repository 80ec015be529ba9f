import { z } from "zod";
import { prisma } from "@/lib/db";
import { AppError, isAppError } from "@/lib/errors";
import { recoveryCodeInput, sixDigitCode, verifyOtp, verifyRecoveryCode, type FlowActor } from "@/lib/factors";
import type { RequestContext } from "@/lib/http";
import { logContext, type LogType, writeLog } from "@/lib/logs";
import { consumeRateLimit } from "@/lib/security";
import { proofCodeMatches } from "./code";
import { loadPendingSignIn, MAX_PROOF_ATTEMPTS, type PendingSignInRow } from "./load";
import { PROOF_METHODS, proofOptionsFor, type ProofMethod } from "./methods";
import { limitSubject } from "./subject";

export const proofInputSchema = z.object({
  method: z.enum(PROOF_METHODS, { error: "Choose a method." }),
  code: z.string({ error: "Enter the code." }).max(64, "That code is too long."),
});
export type ProofInput = z.infer<typeof proofInputSchema>;

/** A pending sign-in whose password was right and whose proof passed: consumed, ready to start a session. */
export type ProvedSignIn = {
  pendingSignInId: string;
  userId: string;
  connectionId: string;
  identifier: string;
  passwordVersion: number;
  /** Where the password was typed: its account+IP limit is forgiven by the sign-in. */
  ip: string;
  method: ProofMethod;
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
  if (!(await proofOptionsFor(row.userId)).some((o) => o.method === input.method)) throw new AppError("FACTOR_NOT_ALLOWED");
  const code = parseCode(input);
  const attempts = await takeAttempt(row);
  const limit = await consumeRateLimit("signInProofPerUser", limitSubject(row));
  // A spent account limit answers like a wrong code: "rate limited" would appear only for a right password.
  const right = limit.allowed && (await proofMatches(row, input.method, code, ctx));
  if (right && row.passwordVerified && row.userId) {
    const db = await prisma();
    const consumed = await db.pendingSignIn.updateMany({ where: { id: row.id, consumedAt: null }, data: { consumedAt: new Date() } });
    if (consumed.count !== 1) throw new AppError("SIGN_IN_EXPIRED");
    await log(row, ctx, input.method, true);
    const { userId, connectionId, identifier, passwordVersion, ip } = row;
    return { pendingSignInId: row.id, userId, connectionId, identifier, passwordVersion, ip, method: input.method };
  }
  await log(row, ctx, input.method, false, limit.allowed ? undefined : "signInProofPerUser");
  const left = MAX_PROOF_ATTEMPTS - attempts;
  if (left <= 0) {
    const db = await prisma();
    await db.pendingSignIn.updateMany({ where: { id: row.id, consumedAt: null }, data: { consumedAt: new Date() } });
    throw new AppError("FACTOR_CODE_ATTEMPTS", "Too many wrong codes. Sign in again.");
  }
  const message = `That code is not right. ${left} ${left === 1 ? "try" : "tries"} left.`;
  throw new AppError("FACTOR_CODE_INVALID", message, { fields: { code: message } });
}

function parseCode(input: ProofInput): string {
  const parsed = (input.method === "recovery-code" ? recoveryCodeInput : sixDigitCode).safeParse(input.code);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues[0]?.message ?? "Enter the code.";
  throw new AppError("INVALID_INPUT", message, { fields: { code: message } });
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

/**
 * The method's own check. The authenticator app is checked against the account either way (a
 * code is only ever accepted once, so this costs its owner nothing); a recovery code against the
 * limit subject, so a wrong password's attempt can never use one of the owner's codes up.
 */
async function proofMatches(row: PendingSignInRow, method: ProofMethod, code: string, ctx: RequestContext): Promise<boolean> {
  const actor = (userId: string): FlowActor => ({ userId, flowId: row.id, flowExpiresAt: row.expiresAt, ctx });
  try {
    switch (method) {
      case "email":
      case "phone":
        return proofCodeMatches(row.id, row.codeChannel === method ? row.codeHash : null, code);
      case "otp":
        if (!row.userId) return false;
        await verifyOtp(actor(row.userId), code);
        return true;
      case "recovery-code":
        await verifyRecoveryCode(actor(limitSubject(row)), code);
        return true;
    }
  } catch (error) {
    if (isAppError(error)) return false;
    throw error;
  }
}

async function log(row: PendingSignInRow, ctx: RequestContext, method: ProofMethod, passed: boolean, policy?: string): Promise<void> {
  const recovery = method === "recovery-code";
  const type: LogType = passed ? (recovery ? "gd_recovery_succeed" : "gd_auth_succeed") : policy ? "gd_otp_rate_limit_exceed" : recovery ? "gd_recovery_failed" : "gd_auth_failed";
  await writeLog({
    type,
    ...logContext(ctx, { userId: row.userId, userName: row.identifier, connectionId: row.connectionId }),
    details: { pendingSignInId: row.id, factor: method, ...(policy ? { policy } : {}) },
  });
}
