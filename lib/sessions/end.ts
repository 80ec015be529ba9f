import { prisma } from "@/lib/db";

/**
 * Ends one session (sign-out): a copy of its token is refused from now on, while the user's other
 * sessions go on. Resolves false when there was no live session of that user to end.
 */
export async function endSession(sid: string, userId: string): Promise<boolean> {
  const db = await prisma();
  const ended = await db.session.updateMany({ where: { id: sid, userId, endedAt: null }, data: { endedAt: new Date() } });
  return ended.count === 1;
}
