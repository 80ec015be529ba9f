import { PermanentJobError } from "@/lib/jobs";
import { findUserById, passwordChangedJob } from "@/lib/users";
import { deliverAsyncTrigger } from "./deliver-async";
import { buildPostChangePasswordEvent, buildPostChangePasswordHookArgs, type PostChangePasswordFacts } from "./events/post-change-password";

const TRIGGER = "post-change-password" as const;

/**
 * The `password.changed.deliver` job (its payload is defined by its producer, lib/users): runs
 * every post-change-password Hook, then every Action, in the sandbox (see deliverAsyncTrigger for
 * order, records and retries). Nothing here can affect the password change: it was committed
 * before this job could run.
 */
export const deliverPostChangePassword = passwordChangedJob.handle(async (payload, job) => {
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
});
