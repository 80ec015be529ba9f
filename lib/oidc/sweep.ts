import { prisma } from "@/lib/db";
import { enqueueJob, wakeWorkers, type JobHandler } from "@/lib/jobs";
import { sweepExpiredOidcRows } from "./adapter";

export const OIDC_SWEEP_JOB = "oidc.sweep";
/** @default 15 minutes between sweeps of expired provider rows. */
const SWEEP_EVERY_SECONDS = 15 * 60;

/**
 * Makes sure one sweep is pending (at start, and after each sweep). Several instances may race
 * here and enqueue two; each sweep re-enqueues only when none is pending, so they converge to one.
 */
export async function scheduleOidcSweep(delaySeconds = SWEEP_EVERY_SECONDS): Promise<boolean> {
  const db = await prisma();
  const created = await db.$transaction(async (tx) => {
    if (await tx.job.findFirst({ where: { type: OIDC_SWEEP_JOB, status: "pending" }, select: { id: true } })) return false;
    await enqueueJob(tx, { type: OIDC_SWEEP_JOB, payload: {}, runAt: new Date(Date.now() + delaySeconds * 1000) });
    return true;
  });
  if (created) wakeWorkers();
  return created;
}

/** Deletes the provider's expired rows (hidden from reads already), then schedules the next sweep. */
export const oidcSweepJobHandler: JobHandler = async () => {
  await sweepExpiredOidcRows();
  await scheduleOidcSweep();
};
