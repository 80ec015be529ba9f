import { prisma } from "@/lib/db";

/** The latest changes of a connection's settings, from the tenant log (before → after). */
export async function connectionChangeHistory(connectionId: string, take = 20) {
  const db = await prisma();
  const rows = await db.logEvent.findMany({
    where: { type: "sapi", connectionId, description: "Update connection settings" },
    orderBy: [{ date: "desc" }, { id: "desc" }],
    take,
  });
  const ids = [...new Set(rows.map((r) => (r.details as { actor?: string }).actor).filter((a): a is string => typeof a === "string"))];
  const actors = new Map((await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } })).map((u) => [u.id, u.email]));
  return rows.map((row) => {
    const details = row.details as { actor?: string; changes?: Array<{ setting: string; from: unknown; to: unknown }> };
    return {
      id: row.id,
      date: row.date,
      actor: details.actor ? (actors.get(details.actor) ?? details.actor) : "unknown",
      changes: (Array.isArray(details.changes) ? details.changes : []).map((change) => ({ field: change.setting, from: change.from, to: change.to })),
    };
  });
}
