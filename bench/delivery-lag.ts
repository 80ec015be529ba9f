// Figure 6: how long a committed password change waits before its post-change-password Actions
// start, read from the stopped server's embedded database (only one process may open it).
import { openDatabase } from "@/lib/db";
import { summarize, type Summary } from "./stats";

export type DatabaseFacts = {
  /** Per delivery: first execution start − job creation (ms), for deliveries that ran `actionName`. */
  lag: Summary;
  deliveries: number;
  /** argon2 parameters found in the users' stored hashes (e.g. `m=19456,t=2,p=1`), with counts. */
  storedHashParams: Record<string, number>;
};

/**
 * The job row is written in the password change's transaction, so its `created_at` stands for the
 * commit (it precedes it by the rest of that short transaction); `action_executions.started_at`
 * of the delivery's first execution is when an Action began. Only deliveries that ran
 * `actionName` count: other phases had no Action (nothing to start) or a slow one (queueing
 * behind earlier deliveries, on purpose).
 */
export async function readDatabaseFacts(dataDir: string, actionName: string): Promise<DatabaseFacts> {
  const db = await openDatabase({ kind: "pglite", dataDir });
  try {
    const jobs = await db.prisma.job.findMany({ where: { type: "password.changed.deliver" }, select: { id: true, createdAt: true } });
    const executions = await db.prisma.actionExecution.findMany({
      where: { trigger: "post-change-password", deliveryId: { in: jobs.map((j) => j.id) } },
      select: { deliveryId: true, actionName: true, startedAt: true },
    });
    const first = new Map<string, { at: number; names: Set<string> }>();
    for (const e of executions) {
      const entry = first.get(e.deliveryId) ?? { at: Number.POSITIVE_INFINITY, names: new Set<string>() };
      entry.at = Math.min(entry.at, e.startedAt.getTime());
      entry.names.add(e.actionName);
      first.set(e.deliveryId, entry);
    }
    const lags: number[] = [];
    for (const job of jobs) {
      const entry = first.get(job.id);
      if (entry?.names.has(actionName)) lags.push(entry.at - job.createdAt.getTime());
    }

    const users = await db.prisma.user.findMany({ select: { passwordHash: true } });
    const storedHashParams: Record<string, number> = {};
    for (const { passwordHash } of users) {
      const params = /^\$argon2id\$v=\d+\$([^$]+)\$/.exec(passwordHash ?? "")?.[1] ?? "other";
      storedHashParams[params] = (storedHashParams[params] ?? 0) + 1;
    }
    return { lag: summarize(lags), deliveries: lags.length, storedHashParams };
  } finally {
    await db.close();
  }
}
