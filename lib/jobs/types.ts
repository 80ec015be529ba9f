import type { Prisma } from "@/lib/db";

/** Persisted job states (`jobs.status`); a CHECK constraint holds the same list. */
export const JOB_STATUSES = ["pending", "running", "succeeded", "dead"] as const;

export type JobStatus = (typeof JOB_STATUSES)[number];

/** Persisted attempt outcomes (`job_attempts.outcome`). */
export type AttemptOutcome = "running" | "succeeded" | "failed" | "interrupted";

/** What a handler receives. `id` is stable across attempts: use it as the idempotency key. */
export type JobContext = {
  id: string;
  type: string;
  /** As enqueued. Validate it (zod) before use: it crossed a process boundary. */
  payload: unknown;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  /** Aborted when the attempt times out, the worker loses the lease, or a graceful stop gives up. */
  signal: AbortSignal;
};

/** What a handler may return. */
export type JobResult = {
  /**
   * Replaces the stored payload once the job succeeded, e.g. to drop a one-time link from an email
   * body as soon as it is delivered, so the database keeps no usable secret.
   */
  payload?: Prisma.InputJsonValue;
};

export type JobHandler = (job: JobContext) => Promise<void | JobResult>;

/** Handlers by job type (`email.send`, `password.changed.deliver`), registered by the composition root. */
export type JobHandlers = Record<string, JobHandler>;

/** Log sink of the worker; the default writes to the console according to LOG_LEVEL. */
export type WorkerLogger = {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
};
