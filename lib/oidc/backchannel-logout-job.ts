// The back-channel logout job, owned by its producer (end-account.ts, reached from lib/users by
// path): this file loads no oidc-provider code and nothing of lib/users. The worker's handler is
// in backchannel-logout.ts.
import { z } from "zod";
import type { Prisma } from "@/lib/db";
import { defineJob, type QueuedJob } from "@/lib/jobs";

/** One logout token to POST to one application, for one provider session of the user. */
export const backchannelLogoutJob = defineJob({
  type: "oidc.backchannel_logout.send",
  schema: z.object({ clientId: z.string().min(1).max(64), accountId: z.string().min(1).max(200), sid: z.string().min(1).max(200).optional() }),
});

type Tx = Pick<Prisma.TransactionClient, "oidcPayload" | "application">;

const authorizationsSchema = z.record(z.string(), z.object({ sid: z.string().optional() }).passthrough());

/**
 * The logout tokens owed when the user's provider sessions end: one per application that had a
 * session of the user and registered a back-channel logout URI, with that session's `sid`. Read in
 * the transaction that deletes the sessions, before it does, and written as jobs in it.
 */
export async function backchannelLogoutJobsFor(tx: Tx, accountId: string): Promise<QueuedJob[]> {
  const sessions = await tx.oidcPayload.findMany({ where: { model: "Session", accountId }, select: { payload: true } });
  const pairs = new Map<string, { clientId: string; sid?: string }>();
  for (const { payload } of sessions) {
    const parsed = authorizationsSchema.safeParse((payload as { authorizations?: unknown } | null)?.authorizations ?? {});
    if (!parsed.success) continue;
    for (const [clientId, { sid }] of Object.entries(parsed.data)) pairs.set(`${clientId} ${sid ?? ""}`, { clientId, sid });
  }
  if (pairs.size === 0) return [];
  const clientIds = [...new Set([...pairs.values()].map((p) => p.clientId))];
  const listening = await tx.application.findMany({ where: { id: { in: clientIds }, backchannelLogoutUri: { not: null } }, select: { id: true } });
  const notify = new Set(listening.map((a) => a.id));
  return [...pairs.values()].filter((p) => notify.has(p.clientId)).map((p) => backchannelLogoutJob.job({ clientId: p.clientId, accountId, ...(p.sid ? { sid: p.sid } : {}) }));
}
