import { z } from "zod";
import type { RequestContext } from "@/lib/http";
import { defineJob } from "@/lib/jobs";

/** The request a password write or a sign-up came in, as the asynchronous Actions see it (event.request). */
export const deliveryRequestSchema = z.object({
  ip: z.string(),
  userAgent: z.string().optional(),
  hostname: z.string().optional(),
  language: z.string().optional(),
  method: z.string().min(1),
});

/** The request's context as a delivery carries it: what event.request shows, nothing more. */
export function deliveryRequestOf(ctx: RequestContext): z.infer<typeof deliveryRequestSchema> {
  return {
    ip: ctx.ip,
    method: ctx.method,
    ...(ctx.userAgent ? { userAgent: ctx.userAgent } : {}),
    ...(ctx.hostname ? { hostname: ctx.hostname } : {}),
    ...(ctx.language ? { language: ctx.language } : {}),
  };
}

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
    request: deliveryRequestSchema,
  }),
});
export type PasswordChangedPayload = z.infer<typeof passwordChangedJob.schema>;

/**
 * The post-user-registration delivery of one sign-up: enqueued by afterUserCreated in the user's
 * own transaction, run by lib/actions (deliverPostUserRegistration).
 */
export const userRegisteredJob = defineJob({
  type: "user.registered.deliver",
  schema: z.object({
    userId: z.string().min(1),
    connectionId: z.string().min(1),
    request: deliveryRequestSchema,
  }),
});
