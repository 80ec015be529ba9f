import { config } from "@/lib/config";
import { prisma } from "@/lib/db";
import type { AttemptOutcome, JobStatus } from "./types";

export type JobSummary = {
  id: string;
  type: string;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  leaseUntil: Date | null;
  lockedBy: string | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
};

export type JobAttemptRecord = {
  id: string;
  attempt: number;
  workerId: string;
  startedAt: Date;
  endedAt: Date | null;
  outcome: AttemptOutcome;
  error: string | null;
};

const MAX_TAKE = 200;

const summary = {
  id: true,
  type: true,
  status: true,
  attempts: true,
  maxAttempts: true,
  runAt: true,
  leaseUntil: true,
  lockedBy: true,
  lastError: true,
  createdAt: true,
  updatedAt: true,
  completedAt: true,
} as const;

/**
 * Jobs for the admin console, newest first. Payloads are left out on purpose: they may hold
 * personal data (email bodies); open one job with `getJob` to see it.
 */
export async function listJobs(query: {
  status?: JobStatus;
  type?: string;
  /** Page size, clamped to 1–200. */
  take: number;
  skip?: number;
}): Promise<{ jobs: JobSummary[]; total: number }> {
  const db = await prisma();
  const where = { ...(query.status ? { status: query.status } : {}), ...(query.type ? { type: query.type } : {}) };
  const take = Math.min(Math.max(Math.floor(query.take), 1), MAX_TAKE);
  const skip = Math.max(Math.floor(query.skip ?? 0), 0);
  const [jobs, total] = await Promise.all([
    db.job.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take, skip, select: summary }),
    db.job.count({ where }),
  ]);
  return { jobs: jobs as JobSummary[], total };
}

/** One job with its payload and every attempt, oldest first; null when it does not exist. */
export async function getJob(id: string): Promise<(JobSummary & { payload: unknown; attemptLog: JobAttemptRecord[] }) | null> {
  const db = await prisma();
  const job = await db.job.findUnique({
    where: { id },
    select: {
      ...summary,
      payload: true,
      jobAttempts: {
        orderBy: [{ attempt: "asc" }, { startedAt: "asc" }],
        select: { id: true, attempt: true, workerId: true, startedAt: true, endedAt: true, outcome: true, error: true },
      },
    },
  });
  if (!job) return null;
  const { jobAttempts, ...rest } = job;
  return { ...(rest as JobSummary & { payload: unknown }), attemptLog: jobAttempts as JobAttemptRecord[] };
}

/**
 * The admin console's Retry: a `dead` job goes back to `pending`, due now, with a fresh budget of
 * attempts.
 *
 * Decision: the `attempts` counter is NOT reset to 0; `maxAttempts` is raised to
 * `attempts + budget` instead. The counter numbers the rows of `job_attempts` and is the fencing
 * token of a lease (a worker may only finish the attempt it claimed), so it must only grow: a reset
 * would produce two "attempt 1" rows and could let a late finisher of an old attempt overwrite the
 * retried job. The attempt history is kept.
 *
 * Resolves false when the job does not exist or is not dead (someone retried it already): the update
 * is conditional, so two admins clicking Retry at once yield one retry.
 */
export async function retryDeadJob(id: string, options: {
  /** Attempts granted by the retry. @default config().JOB_MAX_ATTEMPTS (5) */
  attempts?: number;
} = {}): Promise<boolean> {
  const db = await prisma();
  const budget = options.attempts ?? config().JOB_MAX_ATTEMPTS;
  if (!Number.isInteger(budget) || budget < 1) throw new TypeError(`Invalid attempts ${budget}: use a positive integer.`);
  const job = await db.job.findUnique({ where: { id }, select: { status: true, attempts: true } });
  if (!job || job.status !== "dead") return false;
  const { count } = await db.job.updateMany({
    where: { id, status: "dead", attempts: job.attempts },
    data: {
      status: "pending",
      runAt: new Date(),
      maxAttempts: job.attempts + budget,
      leaseUntil: null,
      lockedBy: null,
      completedAt: null,
    },
  });
  return count === 1;
}
