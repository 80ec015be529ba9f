import { config } from "@/lib/config";
import type { Prisma } from "@/lib/db";

/** Dotted lower-case names: `email.send`, `password.changed.deliver`. */
const JOB_TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

export type EnqueueJobInput = {
  /** Dotted job type; a worker must have a handler for it. */
  type: string;
  /** JSON stored with the job and handed to the handler. Keep secrets out of it when you can. */
  payload: Prisma.InputJsonValue;
  /** Earliest run time. @default now (the database clock) */
  runAt?: Date;
  /** Attempts before the job goes to `dead`. @default config().JOB_MAX_ATTEMPTS (5) */
  maxAttempts?: number;
};

/**
 * Writes a job in the caller's transaction (the outbox): it commits or rolls back with the change
 * that causes it, so a side effect is never lost nor sent for a change that did not happen.
 *
 * ```ts
 * await prisma.$transaction(async (tx) => {
 *   await tx.user.update(...);
 *   await enqueueJob(tx, { type: "password.changed.deliver", payload: { userId } });
 * });
 * wakeWorkers();
 * ```
 */
export async function enqueueJob(tx: Prisma.TransactionClient, input: EnqueueJobInput): Promise<{ id: string }> {
  return tx.job.create({ data: jobRow(input), select: { id: true } });
}

/** Several jobs of one change in one INSERT, in the caller's transaction like enqueueJob. */
export async function enqueueJobs(tx: Prisma.TransactionClient, inputs: readonly EnqueueJobInput[]): Promise<void> {
  const data = inputs.map(jobRow);
  if (data.length > 0) await tx.job.createMany({ data });
}

function jobRow(input: EnqueueJobInput) {
  if (!JOB_TYPE.test(input.type)) {
    throw new TypeError(`Invalid job type "${input.type}": use a dotted lower-case name such as "email.send".`);
  }
  const maxAttempts = input.maxAttempts ?? config().JOB_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new TypeError(`Invalid maxAttempts ${maxAttempts}: use a positive integer.`);
  }
  return { type: input.type, payload: input.payload, maxAttempts, ...(input.runAt ? { runAt: input.runAt } : {}) };
}
