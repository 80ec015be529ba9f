import { config } from "@/lib/config";
import type { Prisma } from "@/lib/db";
import type { QueuedJob } from "./define";

/**
 * Writes a job in the caller's transaction (the outbox): it commits or rolls back with the change
 * that causes it, so a side effect is never lost nor sent for a change that did not happen. The job
 * comes from its definition (defineJob), which checked the payload against the consumer's schema.
 *
 * ```ts
 * await prisma.$transaction(async (tx) => {
 *   await tx.user.update(...);
 *   await enqueueJob(tx, userImportJob.job({ importId }));
 * });
 * wakeWorkers();
 * ```
 */
export async function enqueueJob(tx: Prisma.TransactionClient, job: QueuedJob): Promise<{ id: string }> {
  return tx.job.create({ data: jobRow(job), select: { id: true } });
}

/** Several jobs of one change in one INSERT, in the caller's transaction like enqueueJob. */
export async function enqueueJobs(tx: Prisma.TransactionClient, jobs: readonly QueuedJob[]): Promise<void> {
  const data = jobs.map(jobRow);
  if (data.length > 0) await tx.job.createMany({ data });
}

function jobRow(job: QueuedJob) {
  const maxAttempts = job.maxAttempts ?? config().JOB_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new TypeError(`Invalid maxAttempts ${maxAttempts}: use a positive integer.`);
  }
  return { type: job.type, payload: job.payload, maxAttempts, ...(job.runAt ? { runAt: job.runAt } : {}) };
}
