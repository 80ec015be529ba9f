import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { writeLog } from "@/lib/logs";
import type { RequestContext } from "@/lib/http";

/** Users matching a search over email, username and name; newest first. */
export async function searchUsers(query: { q?: string; take?: number; skip?: number }) {
  const db = await prisma();
  const q = query.q?.trim().slice(0, 254);
  const where = q
    ? { OR: [{ email: { contains: q, mode: "insensitive" as const } }, { username: { contains: q, mode: "insensitive" as const } }, { name: { contains: q, mode: "insensitive" as const } }] }
    : {};
  const [items, total] = await Promise.all([
    db.user.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: Math.min(query.take ?? 25, 100), skip: query.skip ?? 0 }),
    db.user.count({ where }),
  ]);
  return { items, total };
}

/** Blocks or unblocks a user. A blocked user's sessions stop working at their next request. */
export async function setUserBlocked(userId: string, blocked: boolean, actor: { id: string }, ctx: RequestContext) {
  if (userId === actor.id && blocked) throw new AppError("INVALID_INPUT", "You cannot block yourself.");
  const db = await prisma();
  const updated = await db.user.updateMany({
    where: { id: userId },
    // Blocking ends every session for good: unblocking later does not bring them back.
    data: blocked ? { blocked, sessionVersion: { increment: 1 }, sessionsRevokedAt: new Date() } : { blocked },
  });
  if (updated.count !== 1) throw new AppError("NOT_FOUND", "User not found.");
  await writeLog({ type: "sapi", userId, ip: ctx.ip, userAgent: ctx.userAgent, description: blocked ? "Block user" : "Unblock user", details: { actor: actor.id } });
}
