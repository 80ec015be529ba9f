import { prisma } from "@/lib/db";

type LogRow = { userId: string | null; userName: string | null; details: unknown };

function clientIdOf(row: LogRow): string | undefined {
  const clientId = (row.details as { client_id?: unknown } | null)?.client_id;
  return typeof clientId === "string" ? clientId : undefined;
}

/**
 * Who each log line is about, as the console shows it: the user's email today (or username), else
 * the name the line was written with (a deleted user keeps it), else the API client's name for
 * Management API lines, else its id.
 */
export async function withWho<T extends LogRow>(rows: T[]): Promise<Array<T & { who: string }>> {
  const db = await prisma();
  const userIds = [...new Set(rows.map((r) => r.userId).filter((id): id is string => id !== null))];
  const clientIds = [...new Set(rows.filter((r) => !r.userId).map(clientIdOf).filter((id): id is string => id !== undefined))];
  const [users, machineClients, applications] = await Promise.all([
    userIds.length ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true, username: true } }) : [],
    clientIds.length ? db.machineClient.findMany({ where: { id: { in: clientIds } }, select: { id: true, name: true } }) : [],
    clientIds.length ? db.application.findMany({ where: { id: { in: clientIds } }, select: { id: true, name: true } }) : [],
  ]);
  const userLabel = new Map(users.map((u) => [u.id, u.email ?? u.username ?? null]));
  const clientName = new Map([...machineClients, ...applications].map((c) => [c.id, c.name]));
  return rows.map((row) => {
    const clientId = clientIdOf(row);
    const who =
      (row.userId ? userLabel.get(row.userId) : undefined) ??
      row.userName ??
      (clientId ? (clientName.get(clientId) ?? clientId) : undefined) ??
      row.userId ??
      "";
    return { ...row, who };
  });
}
