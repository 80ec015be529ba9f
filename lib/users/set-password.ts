import { prisma, type Prisma } from "@/lib/db";
import { AppError, catalogError } from "@/lib/errors";
import { wakeWorkers } from "@/lib/jobs";
import { logContext, writeLog } from "@/lib/logs";
import type { RequestContext } from "@/lib/http";
import { enforcePasswordPolicy, hashPassword, isInHistory } from "@/lib/passwords";
// By path, not "@/lib/reset": lib/reset builds on lib/users (see end-flows.ts).
import { endUserResets } from "@/lib/reset/end-flows";
// By path, not "@/lib/oidc": lib/oidc builds on lib/users (see end-account.ts).
import { endUserOidcRows } from "@/lib/oidc/end-account";
import { passwordPolicyError } from "./policy-error";
import { policyOf } from "./connection";
import { personalInfoOf } from "./profile";
import { afterPasswordChange } from "./after-password-change";
import { settled, unsettled } from "./settled";

export type PasswordChangeReason = "signup" | "reset" | "self" | "admin" | "api";

/** How many past hashes are kept per user; Auth0's history size goes up to 24. */
export const MAX_HISTORY = 24;

/** What a password write's `checkUser` sees of the user's row. */
export type AccountAtWrite = { blocked: boolean; email: string | null; passwordChangedAt: Date | null };

export type PasswordWrite = {
  userId: string;
  newPassword: string;
  reason: PasswordChangeReason;
  ctx: RequestContext;
  /** Who asked, when not the user (an admin's user id, an API client id); logged. */
  actor?: string;
  /**
   * Runs first, on the user's row as read for the write (null: no such user), and may refuse by
   * throwing: a reset checks its link still matches the account without reading the row again.
   */
  checkUser?: (user: AccountAtWrite | null) => Promise<void>;
  /** Runs in the same transaction, after the write (e.g. the reset flow marks itself completed). */
  inTransaction?: (tx: Prisma.TransactionClient) => Promise<void>;
};

export type PasswordWriteResult = { passwordVersion: number; changedAt: Date };

/**
 * The one path every password write takes: sign-up, reset, the user's own change, an admin, the
 * API. Every write but sign-up's ends the user's open resets in its transaction. Policy and history are checked and the hash computed before the transaction opens, so the
 * database is never held during ~50 ms of argon2. The write itself is conditional on the version
 * read at the start: of two concurrent changes exactly one wins, and the loser changes nothing.
 */
export async function setUserPassword(write: PasswordWrite): Promise<PasswordWriteResult> {
  const db = await prisma();
  const user = await db.user.findUnique({ where: { id: write.userId }, include: { connection: true } });
  await write.checkUser?.(user);
  if (!user) throw new AppError("NOT_FOUND", "User not found.");
  const policy = policyOf(user.connection);

  // The cheap rules first, before any argon2 work.
  const rules = await enforcePasswordPolicy(write.newPassword, policy, personalInfoOf(user));
  if (rules.failure) {
    await logFailure(write, user, rules.failure);
    throw passwordPolicyError(rules);
  }
  // The new hash starts on libuv's pool at once, and the history is read on this thread meanwhile
  // and then checked beside it: on two cores a reset costs about one hash of wall time, not
  // reads + hash + verifies. Settled into a value at once, so it is never an unhandled rejection.
  const hashing = settled(hashPassword(write.newPassword));
  // Newest first, as many as are ever kept: the check uses the policy's size, the write below
  // prunes with the rest.
  const history = await db.passwordHistory.findMany({ where: { userId: user.id }, orderBy: { createdAt: "desc" }, take: MAX_HISTORY, select: { id: true, hash: true } });
  // An imported password (and its upgrade at the first sign-in) has no history row: the current
  // hash counts as the newest entry, and is kept as one below, so the old system's password stays
  // refused after later changes too.
  const unrecorded = user.passwordHash && !history.some((h) => h.hash === user.passwordHash) ? user.passwordHash : null;
  const compared = [...(unrecorded ? [unrecorded] : []), ...history.map((h) => h.hash)].slice(0, Math.max(0, policy.historySize));
  const reused = compared.length > 0 ? await isInHistory(write.newPassword, compared) : false;
  const hash = unsettled(await hashing);
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
      throw catalogError("INVALID_INPUT", { id: "refusals.passwordChangedMeanwhile" }, { status: 409 });
    }
    const earlier = [...history];
    if (unrecorded) {
      const { id } = await tx.passwordHistory.create({ data: { userId: user.id, hash: unrecorded, createdAt: new Date(changedAt.getTime() - 1) }, select: { id: true } });
      earlier.unshift({ id, hash: unrecorded });
    }
    const { id: newEntry } = await tx.passwordHistory.create({ data: { userId: user.id, hash, createdAt: changedAt }, select: { id: true } });
    if (earlier.length >= MAX_HISTORY) {
      const kept = [newEntry, ...earlier.slice(0, MAX_HISTORY - 1).map((h) => h.id)];
      await tx.passwordHistory.deleteMany({ where: { userId: user.id, id: { notIn: kept } } });
    }

    if (write.reason !== "signup") {
      await writeLog(
        {
          type: "scp",
          ...logContext(write.ctx, { userId: user.id, userName: user.email ?? user.username, connectionId: user.connectionId }),
          details: { reason: write.reason, ...(write.actor ? { actor: write.actor } : {}) },
        },
        tx,
      );
      await afterPasswordChange(tx, { user, connection: user.connection, reason: write.reason, ctx: write.ctx, changedAt });
    }
    await write.inTransaction?.(tx);
    // Last, after the caller's part: a reset marks its own flow completed there, and every other
    // link of the user (emailed, a ticket, a reset past its link) ends with the old password.
    if (write.reason !== "signup") {
      await endUserResets(tx, user.id, "password_changed");
      // Every application's sessions, grants and tokens of the user end with the old password.
      await endUserOidcRows(tx, user.id);
    }
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
    ...logContext(write.ctx, { userId: user.id, userName: user.email ?? user.username, connectionId: user.connectionId }),
    description: FAILURE_DESCRIPTIONS[failure],
    details: { reason: write.reason, failure },
  });
}
