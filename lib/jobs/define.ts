import type { z } from "zod";
import type { Prisma } from "@/lib/db";
import { PermanentJobError } from "./errors";
import type { JobContext, JobHandler, JobResult } from "./types";

/** Dotted lower-case names: `email.send`, `password.changed.deliver`. */
const JOB_TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

declare const queued: unique symbol;

/** A job ready for enqueueJob(s). Only a definition's `job()` makes one: its payload passed the schema. */
export type QueuedJob = {
  readonly type: string;
  readonly payload: Prisma.InputJsonValue;
  readonly runAt?: Date;
  readonly maxAttempts?: number;
  readonly [queued]: true;
};

export type JobOptions = {
  /** Earliest run time. @default now (the database clock) */
  runAt?: Date;
  /** Attempts before the job goes to `dead`. @default config().JOB_MAX_ATTEMPTS (5) */
  maxAttempts?: number;
};

/**
 * One job type, shared by the code that enqueues it and the code that runs it, so the payload's
 * type is checked at both ends: the producer cannot write a payload the consumer would refuse.
 */
export type JobDefinition<Type extends string, Schema extends z.ZodType> = {
  readonly type: Type;
  readonly schema: Schema;
  /** The job to enqueue. The payload is parsed here, so a producer's mistake throws in its own transaction. */
  job(payload: z.input<Schema>, options?: JobOptions): QueuedJob;
  /**
   * The worker's handler. The stored payload crossed a process boundary (and may predate a deploy):
   * it is parsed before `run`, and one that fails is a PermanentJobError (retrying cannot help).
   */
  handle(run: (payload: z.output<Schema>, job: JobContext) => Promise<void | JobResult>): JobHandler;
};

/**
 * ```ts
 * export const userImportJob = defineJob({ type: "users.import.run", schema: z.object({ importId: z.string() }) });
 * await enqueueJob(tx, userImportJob.job({ importId }));            // producer
 * export const runUserImportJob = userImportJob.handle(async ({ importId }, job) => { … }); // consumer
 * ```
 */
export function defineJob<const Type extends string, Schema extends z.ZodType>({ type, schema }: { type: Type; schema: Schema }): JobDefinition<Type, Schema> {
  if (!JOB_TYPE.test(type)) {
    throw new TypeError(`Invalid job type "${type}": use a dotted lower-case name such as "email.send".`);
  }
  return {
    type,
    schema,
    job(payload, options = {}) {
      const parsed = schema.parse(payload) as Prisma.InputJsonValue;
      return { type, payload: parsed, ...options } as unknown as QueuedJob;
    },
    handle(run) {
      return async (job) => {
        const parsed = schema.safeParse(job.payload);
        if (!parsed.success) {
          throw new PermanentJobError(`Invalid ${type} payload: ${parsed.error.issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`).join("; ")}`);
        }
        return run(parsed.data, job);
      };
    },
  };
}
