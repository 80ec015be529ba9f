import { prisma, type Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { wakeWorkers } from "@/lib/jobs";
import { writeLog } from "@/lib/logs";
import type { RequestContext } from "@/lib/http";
import { enforcePasswordPolicy, hashPassword, isInHistory } from "@/lib/passwords";
import { passwordPolicyError } from "./policy-error";
import { policyOf } from "./connection";
import { personalInfoOf } from "./profile";
import { afterPasswordChange } from "./after-password-change";

export type PasswordChangeReason = "signup" | "reset" | "self" | "admin" | "api";

/** How many past hashes are kept per user; Auth0's history size goes up to 24. */
export const MAX_HISTORY = 24;

export type PasswordWrite = {
  userId: string;
  newPassword: string;
  reason: PasswordChangeReason;
  ctx: RequestContext;
  /** Who asked, when not the user (an admin's user id, an API client id); logged. */
  actor?: string;
  /** Runs in the same transaction, after the write (e.g. the reset flow marks itself completed). */
  inTransaction?: (tx: Prisma.TransactionClient) => Promise<void>;
};

export type PasswordWriteResult = { passwordVersion: number; changedAt: Date };

/**
 * The one path every password write takes: sign-up, reset, the user's own change, an admin, the
 * API. Policy and history are checked and the hash computed before the transaction opens, so the
 * database is never held during ~50 ms of argon2. The write itself is conditional on the version
 * read at the start: of two concurrent changes exactly one wins, and the loser changes nothing.
 */
export async function setUserPassword(write: PasswordWrite): Promise<PasswordWriteResult> {
  const db = await prisma();
  const user = await db.user.findUnique({ where: { id: write.userId }, include: { connection: true } });
  if (!user) throw new AppError("NOT_FOUND", "User not found.");
  const policy = policyOf(user.connection);

  const history = policy.historySize > 0
    ? await db.passwordHistory.findMany({ where: { userId: user.id }, orderBy: { createdAt: "desc" }, take: policy.historySize, select: { hash: true } })
    : [];
  // The cheap rules first; then the new hash and the history check, both argon2 work on libuv's
  // pool, side by side: on two cores a reset costs about one hash of wall time, not hash + verifies.
  const rules = await enforcePasswordPolicy(write.newPassword, policy, personalInfoOf(user));
  if (rules.failure) {
    await logFailure(write, user, rules.failure);
    throw passwordPolicyError(rules);
  }
  const [reused, hash] = await Promise.all([
    history.length > 0 ? isInHistory(write.newPassword, history.map((h) => h.hash)) : false,
    hashPassword(write.newPassword),
  ]);
  if (reused) {
    await logFailure(write, user, "history");
    throw passwordPolicyError({ ...rules, ok: false, failure: "history" });
  }
  const changedAt = new Date();
  const nextVersion = user.passwordVersion + 1;

  await db.$transaction(async (tx) => {
    const updated = await tx.user.updateMany({
      where: { id: user.id, passwordVersion: user.passwordVersion },
      data: {
        passwordHash: hash,
        passwordVersion: nextVersion,
        passwordChangedAt: changedAt,
        // Every session of the user ends here, the one that made the change included.
        sessionVersion: { increment: 1 },
        sessionsRevokedAt: changedAt,
        // Auth0 sets last_password_reset on every password change, not only on resets.
        lastPasswordReset: changedAt,
      },
    });
    if (updated.count !== 1) {
      throw new AppError("INVALID_INPUT", "The password was changed by another request meanwhile. Try again.", { status: 409 });
    }
    await tx.passwordHistory.create({ data: { userId: user.id, hash, createdAt: changedAt } });
    const stale = await tx.passwordHistory.findMany({
      where: { userId: user.id },
      orderBy: { createdAt: "desc" },
      skip: MAX_HISTORY,
      select: { id: true },
    });
    if (stale.length) await tx.passwordHistory.deleteMany({ where: { id: { in: stale.map((s) => s.id) } } });

    if (write.reason !== "signup") {
      await writeLog(
        {
          type: "scp",
          userId: user.id,
          userName: user.email ?? user.username,
          connectionId: user.connectionId,
          ip: write.ctx.ip,
          userAgent: write.ctx.userAgent,
          details: { reason: write.reason, ...(write.actor ? { actor: write.actor } : {}) },
        },
        tx,
      );
      await afterPasswordChange(tx, { user, connection: user.connection, reason: write.reason, ctx: write.ctx, changedAt });
    }
    await write.inTransaction?.(tx);
  });

  // The notice email and the post-change-password delivery are committed: start them now rather
  // than at the worker's next poll.
  wakeWorkers();
  return { passwordVersion: nextVersion, changedAt };
}

const FAILURE_DESCRIPTIONS = {
  strength: "Password is too weak",
  dictionary: "Password is too common",
  personal_info: "Password contains user information",
  history: "Password has previously been used",
} as const;

async function logFailure(
  write: PasswordWrite,
  user: { id: string; email: string | null; username: string | null; connectionId: string },
  failure: keyof typeof FAILURE_DESCRIPTIONS,
) {
  if (write.reason === "signup") return; // sign-up logs its own failure (fs)
  await writeLog({
    type: "fcp",
    userId: user.id,
    userName: user.email ?? user.username,
    connectionId: user.connectionId,
    ip: write.ctx.ip,
    userAgent: write.ctx.userAgent,
    description: FAILURE_DESCRIPTIONS[failure],
    details: { reason: write.reason, failure },
  });
}
