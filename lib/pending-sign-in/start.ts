import crypto from "node:crypto";
import { prisma } from "@/lib/db";
import { recipientOf } from "@/lib/factors";
import type { RequestContext } from "@/lib/http";
import { enqueueJobs, wakeWorkers, type QueuedJob } from "@/lib/jobs";
import { emailJob, factorCodeEmail, signInAttemptsEmail } from "@/lib/mail";
import { consumeRateLimit } from "@/lib/security";
import { newProofCode } from "./code";
import { newHandle, PENDING_SIGN_IN_SECONDS } from "./handle";
import { destinationOf, proofOptionsFor } from "./methods";
import { limitSubject } from "./subject";

/**
 * Why a sign-in needs more than the password: `account_limit` (the account-wide sign-in budget is
 * spent; any password comes here), `second_factor` (the MFA policy asks the user's factor; only a
 * right password comes here), `enroll_factor` (policy "always" and no factor yet: one is set up).
 */
export type PendingSignInReason = "account_limit" | "second_factor" | "enroll_factor";

export type PendingSignInStart = {
  /** Null when the identifier matched no account. */
  userId: string | null;
  connectionId: string;
  /** The identifier as typed, normalised. */
  identifier: string;
  reason: PendingSignInReason;
  /** Whether the password was right; kept on the row, never shown. */
  passwordVerified: boolean;
  passwordVersion: number;
  ctx: RequestContext;
  /** A post-login Action's factor step: the only factor types it offers (default: every enrolled one). */
  factors?: readonly string[];
};

export type StartedPendingSignIn = { id: string; handle: string; expiresAt: Date };

/**
 * Opens a pending sign-in and returns the handle for the browser's cookie. At the account limit it
 * runs alike for a right and a wrong password (and for an unknown account): the same row, the same
 * first method, a code made and stored either way (accountLimitMessages). A second-factor or
 * enrollment step follows a right password only, and sends nothing until the user picks a method.
 */
export async function startPendingSignIn(input: PendingSignInStart): Promise<StartedPendingSignIn> {
  const id = crypto.randomUUID();
  const { handle, hash } = newHandle();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + PENDING_SIGN_IN_SECONDS * 1000);
  const { jobs, code } = input.reason === "account_limit" ? await accountLimitMessages(id, input, now, expiresAt) : { jobs: [], code: undefined };

  const db = await prisma();
  await db.$transaction(async (tx) => {
    // Expired rows of this identifier go with each new one: they never pile up, without a sweeper.
    await tx.pendingSignIn.deleteMany({ where: { identifier: input.identifier, expiresAt: { lt: now } } });
    await tx.pendingSignIn.create({
      data: {
        id,
        handleHash: hash,
        userId: input.userId,
        connectionId: input.connectionId,
        identifier: input.identifier,
        reason: input.reason,
        passwordVerified: input.passwordVerified,
        passwordVersion: input.passwordVersion,
        codeHash: code?.hash ?? null,
        codeChannel: code ? "email" : null,
        ip: input.ctx.ip,
        userAgent: input.ctx.userAgent ?? null,
        factors: input.factors ? input.factors.join(" ") : null,
        expiresAt,
      },
    });
    await enqueueJobs(tx, jobs);
  });
  if (jobs.length) wakeWorkers();
  return { id, handle, expiresAt };
}

/**
 * What an account-limit pending sign-in sends: the first method's code by email, at once (a code
 * is made either way, but leaves only for a right password), and the owner's notice that someone
 * is trying to sign in, at most once per `signInAttemptsNoticePerUser` window.
 */
async function accountLimitMessages(id: string, input: PendingSignInStart, now: Date, expiresAt: Date) {
  const row = { id, userId: input.userId, passwordVerified: input.passwordVerified };
  const [first] = await proofOptionsFor(input.userId);
  // Email goes out at once; an SMS only when asked for (each one costs money).
  const code = first!.method === "email" ? newProofCode(id) : undefined;
  const address = await destinationOf(input.userId, "email");
  // Both emails are for the account's owner: in their language (else the request's) and time zone.
  const recipient = input.userId ? await recipientOf(input.userId, input.ctx) : undefined;
  const jobs: QueuedJob[] = [];
  if (code) {
    const allowed = (await consumeRateLimit("emailCodePerUser", limitSubject(row))).allowed;
    if (allowed && address && input.passwordVerified) jobs.push(emailJob({ to: address, ...factorCodeEmail({ code: code.code, expiresAt, purpose: "sign-in", ...recipient }) }));
  }
  const notice = await consumeRateLimit("signInAttemptsNoticePerUser", input.userId ?? `identifier:${input.identifier}`);
  if (notice.allowed && address) jobs.push(emailJob({ to: address, ...signInAttemptsEmail({ at: now, ...recipient }) }));
  return { jobs, code };
}
