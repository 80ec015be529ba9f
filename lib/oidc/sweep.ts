import { prisma } from "@/lib/db";
import { z } from "zod";
import { defineJob, enqueueJob, wakeWorkers } from "@/lib/jobs";
import { sweepExpiredOidcRows } from "./adapter";

/** Deletes the provider's expired rows; scheduleOidcSweep enqueues it, each run enqueues the next. */
export const oidcSweepJob = defineJob({ type: "oidc.sweep", schema: z.object({}) });
/** @default 15 minutes between sweeps of expired provider rows. */
const SWEEP_EVERY_SECONDS = 15 * 60;

/**
 * Makes sure one sweep is pending (at start, and after each sweep). Several instances may race
 * here and enqueue two; each sweep re-enqueues only when none is pending, so they converge to one.
 */
export async function scheduleOidcSweep(delaySeconds = SWEEP_EVERY_SECONDS): Promise<boolean> {
  const db = await prisma();
  const created = await db.$transaction(async (tx) => {
    if (await tx.job.findFirst({ where: { type: oidcSweepJob.type, status: "pending" }, select: { id: true } })) return false;
    await enqueueJob(tx, oidcSweepJob.job({}, { runAt: new Date(Date.now() + delaySeconds * 1000) }));
    return true;
  });
  if (created) wakeWorkers();
  return created;
}

/** Deletes the provider's expired rows (hidden from reads already), then schedules the next sweep. */
export const oidcSweepJobHandler = oidcSweepJob.handle(async () => {
  await sweepExpiredOidcRows();
  await scheduleOidcSweep();
});
