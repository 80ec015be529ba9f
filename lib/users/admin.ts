import { containsText, prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { wakeWorkers } from "@/lib/jobs";
import { logContext, writeLog } from "@/lib/logs";
import type { RequestContext } from "@/lib/http";
// By path, not "@/lib/reset": lib/reset builds on lib/users (see end-flows.ts).
import { endUserResets } from "@/lib/reset/end-flows";
// By path, not "@/lib/oidc": lib/oidc builds on lib/users (see end-account.ts).
import { endUserOidcRows } from "@/lib/oidc/end-account";

/** Who asked for an administrative change: an admin of the console, or a Management API client. */
export type Actor = { id: string; kind?: "admin" | "client" };

/** Users matching a search over email, username and name; newest first. */
export async function searchUsers(query: { q?: string; take?: number; skip?: number }) {
  const db = await prisma();
  const q = query.q?.trim().slice(0, 254);
  // No stored text holds a NUL (PostgreSQL refuses it), and a pattern with one is a 500.
  if (q?.includes("\u0000")) return { items: [], total: 0 };
  const where = q ? { OR: [{ email: containsText(q) }, { username: containsText(q) }, { name: containsText(q) }] } : {};
  const [items, total] = await Promise.all([
    db.user.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: Math.min(query.take ?? 25, 100), skip: Math.max(query.skip ?? 0, 0) }),
    db.user.count({ where }),
  ]);
  return { items, total };
}

/**
 * The columns a block or unblock writes. Blocking ends every session for good: unblocking later
 * does not bring them back.
 */
export function blockedUserData(blocked: boolean) {
  return blocked ? { blocked, sessionVersion: { increment: 1 }, sessionsRevokedAt: new Date() } : { blocked };
}

/**
 * Blocks or unblocks a user. A blocked user's sessions stop working at their next request, and
 * their open resets end with the block (unblocking does not bring them back).
 */
export async function setUserBlocked(userId: string, blocked: boolean, actor: { id: string }, ctx: RequestContext) {
  if (userId === actor.id && blocked) throw new AppError("INVALID_INPUT", "You cannot block yourself.");
  const db = await prisma();
  await db.$transaction(async (tx) => {
    const updated = await tx.user.updateMany({ where: { id: userId }, data: blockedUserData(blocked) });
    if (updated.count !== 1) throw new AppError("NOT_FOUND", "User not found.");
    if (blocked) {
      await endUserResets(tx, userId, "blocked");
      await endUserOidcRows(tx, userId);
    }
    await writeLog({ type: "sapi", userId, ...logContext(ctx), description: blocked ? "Block user" : "Unblock user", details: { actor: actor.id } }, tx);
  });
  // The back-channel logout tokens a block owes are committed jobs: send them now.
  if (blocked) wakeWorkers();
}

/**
 * Deletes a user and everything that only made sense with them (factors, recovery codes, pending
 * challenges, password history), and ends their open resets, in one transaction; logs sdu. The
 * tenant log keeps its lines about the user. Resolves false when there was no such user.
 */
export async function deleteUser(userId: string, actor: Actor, ctx: RequestContext): Promise<boolean> {
  if (actor.kind !== "client" && userId === actor.id) throw new AppError("INVALID_INPUT", "You cannot delete your own account here.");
  const db = await prisma();
  const deleted = await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true, username: true, connectionId: true } });
    if (!user) return false;
    await endUserResets(tx, userId, "user_deleted");
    await endUserOidcRows(tx, userId);
    await tx.factorChallenge.deleteMany({ where: { userId } });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    // Factors and password history go with the row (ON DELETE CASCADE).
    await tx.user.delete({ where: { id: userId } });
    await writeLog(
      {
        type: "sdu",
        userId,
        ...logContext(ctx, { userName: user.email ?? user.username, connectionId: user.connectionId }),
        details: actor.kind === "client" ? { client_id: actor.id } : { actor: actor.id },
      },
      tx,
    );
    return true;
  });
  if (deleted) wakeWorkers();
  return deleted;
}
