import { prisma } from "@/lib/db";

export type LogQuery = { type?: string; userId?: string; from?: Date; to?: Date; take?: number; skip?: number };

/** Newest first. */
export async function listLogs(query: LogQuery = {}) {
  const db = await prisma();
  const where = {
    ...(query.type ? { type: query.type } : {}),
    ...(query.userId ? { userId: query.userId } : {}),
    ...(query.from || query.to ? { date: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lte: query.to } : {}) } } : {}),
  };
  const [items, total] = await Promise.all([
    db.logEvent.findMany({ where, orderBy: [{ date: "desc" }, { id: "desc" }], take: Math.min(query.take ?? 50, 100), skip: query.skip ?? 0 }),
    db.logEvent.count({ where }),
  ]);
  return { items, total };
}
