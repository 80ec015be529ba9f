// Durable jobs (the transactional outbox) and the worker that runs them.
// Handlers are registered by the composition root (the server, scripts/worker.ts), never imported here.
export { enqueueJob, enqueueJobs } from "./enqueue";
export { defineJob, type JobDefinition, type JobOptions, type QueuedJob } from "./define";
export { createWorker, wakeWorkers, type Worker, type WorkerOptions, type StopOptions } from "./worker";
export { listJobs, getJob, retryDeadJob, type JobSummary, type JobAttemptRecord } from "./admin";
export { PermanentJobError } from "./errors";
export { backoffSeconds, type BackoffOptions } from "./backoff";
export type { JobContext, JobHandler, JobHandlers, JobResult, JobStatus, AttemptOutcome, WorkerLogger } from "./types";
export { JOB_STATUSES } from "./types";
export { silentLogger } from "./log";
export { isPublicJobId, newPublicJobId } from "./public-id";
