import { z } from "zod";
import { defineJob } from "@/lib/jobs";

/**
 * The post-change-password delivery of one password write: enqueued by afterPasswordChange in the
 * password's transaction, run by lib/actions (deliverPostChangePassword). Only ids and the
 * request's context travel: the worker reads the user as it is when the job runs.
 */
export const passwordChangedJob = defineJob({
  type: "password.changed.deliver",
  schema: z.object({
    userId: z.string().min(1),
    connectionId: z.string().min(1),
    /** ISO time of the password write. */
    changedAt: z.iso.datetime({ offset: true }),
    reason: z.string().min(1),
    request: z.object({
      ip: z.string(),
      userAgent: z.string().optional(),
      hostname: z.string().optional(),
      language: z.string().optional(),
      method: z.string().min(1),
    }),
  }),
});
export type PasswordChangedPayload = z.infer<typeof passwordChangedJob.schema>;
