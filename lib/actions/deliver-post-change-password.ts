import { z } from "zod";
import { PermanentJobError, type JobContext } from "@/lib/jobs";
import { findUserById } from "@/lib/users";
import { deliverAsyncTrigger, deliveryRequestSchema } from "./deliver-async";
import { buildPostChangePasswordEvent, buildPostChangePasswordHookArgs, type PostChangePasswordFacts } from "./events/post-change-password";

/** The job type of a post-change-password delivery; one job per password change. */
export const POST_CHANGE_PASSWORD_JOB = "password.changed.deliver";

const TRIGGER = "post-change-password" as const;

/** The job payload, written by lib/users/after-password-change.ts in the password's transaction. */
export const postChangePasswordPayload = z.object({
  userId: z.string().min(1),
  connectionId: z.string().min(1),
  /** ISO time of the password write. */
  changedAt: z.iso.datetime({ offset: true }),
  reason: z.string().min(1),
  request: deliveryRequestSchema,
});
export type PostChangePasswordPayload = z.infer<typeof postChangePasswordPayload>;

/**
 * The `password.changed.deliver` job: runs every post-change-password Hook, then every Action, in
 * the sandbox (see deliverAsyncTrigger for order, records and retries). Nothing here can affect the
 * password change: it was committed before this job could run.
 */
export async function deliverPostChangePassword(job: JobContext): Promise<void> {
  const parsed = postChangePasswordPayload.safeParse(job.payload);
  if (!parsed.success) throw new PermanentJobError(`Invalid ${POST_CHANGE_PASSWORD_JOB} payload: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  const payload = parsed.data;

  const user = await findUserById(payload.userId);
  if (!user) throw new PermanentJobError(`User ${payload.userId} no longer exists; nothing to deliver.`);
  const connection = user.connection.id === payload.connectionId ? user.connection : { id: payload.connectionId, name: user.connection.name };
  const facts = (secrets: Record<string, string>): PostChangePasswordFacts => ({
    user,
    connection,
    changedAt: new Date(payload.changedAt),
    request: payload.request,
    secrets,
    delivery: { id: job.id, attempt: job.attempt },
  });
  await deliverAsyncTrigger(job, {
    trigger: TRIGGER,
    exportName: "onExecutePostChangePassword",
    event: (secrets) => buildPostChangePasswordEvent(facts(secrets)),
    hookArgs: (secrets) => buildPostChangePasswordHookArgs(facts(secrets)),
    failureLog: {
      type: "fcph",
      userId: user.id,
      userName: user.email ?? user.username,
      connectionId: connection.id,
      ip: payload.request.ip,
      userAgent: payload.request.userAgent,
    },
  });
}
