import type { Prisma } from "@/lib/db";
import { enqueueJob, type QueuedJob } from "@/lib/jobs";
import { emailSendJob, type EmailMessage } from "./message";

/**
 * Queues an email in the caller's transaction. It is never sent in a request: the worker sends it
 * after the commit, so the request's timing does not depend on the mail server (anti-enumeration)
 * and a rolled-back change sends nothing. Call `wakeWorkers()` from lib/jobs after the commit.
 */
export async function enqueueEmail(tx: Prisma.TransactionClient, message: EmailMessage): Promise<{ id: string }> {
  return enqueueJob(tx, emailJob(message));
}

/** The job enqueueEmail writes, for a caller that writes it together with other jobs (enqueueJobs). */
export function emailJob(message: EmailMessage): QueuedJob {
  return emailSendJob.job(message);
}
