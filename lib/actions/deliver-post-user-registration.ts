import { z } from "zod";
import { PermanentJobError, type JobContext } from "@/lib/jobs";
import { findUserById } from "@/lib/users";
import { deliverAsyncTrigger, deliveryRequestSchema } from "./deliver-async";
import { buildPostUserRegistrationEvent } from "./events/registration";

/** The job type of a post-user-registration delivery; one job per sign-up, queued in its transaction. */
export const POST_USER_REGISTRATION_JOB = "user.registered.deliver";

export const postUserRegistrationPayload = z.object({
  userId: z.string().min(1),
  connectionId: z.string().min(1),
  request: deliveryRequestSchema,
});
export type PostUserRegistrationPayload = z.infer<typeof postUserRegistrationPayload>;

/**
 * The `user.registered.deliver` job: every post-user-registration Action, in the sandbox, with the
 * user as stored now (see deliverAsyncTrigger for records and retries). It cannot change the
 * sign-up: that committed before this job could run. Auth0 has no log type of its own for a failed
 * post-user-registration Action, so a failure is logged as `actions_execution_failed`.
 */
export async function deliverPostUserRegistration(job: JobContext): Promise<void> {
  const parsed = postUserRegistrationPayload.safeParse(job.payload);
  if (!parsed.success) throw new PermanentJobError(`Invalid ${POST_USER_REGISTRATION_JOB} payload: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  const payload = parsed.data;
  const user = await findUserById(payload.userId);
  if (!user) throw new PermanentJobError(`User ${payload.userId} no longer exists; nothing to deliver.`);
  const connection = { id: user.connection.id, name: user.connection.name };
  await deliverAsyncTrigger(job, {
    trigger: "post-user-registration",
    exportName: "onExecutePostUserRegistration",
    event: (secrets) => buildPostUserRegistrationEvent({ user, connection, request: payload.request, secrets, delivery: { id: job.id, attempt: job.attempt } }),
    failureLog: {
      type: "actions_execution_failed",
      userId: user.id,
      userName: user.email ?? user.username,
      connectionId: connection.id,
      ip: payload.request.ip,
      userAgent: payload.request.userAgent,
    },
  });
}
