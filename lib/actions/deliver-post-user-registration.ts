import { PermanentJobError } from "@/lib/jobs";
import { findUserById, userRegisteredJob } from "@/lib/users";
import { deliverAsyncTrigger } from "./deliver-async";
import { buildPostUserRegistrationEvent } from "./events/registration";

/**
 * The `user.registered.deliver` job: every post-user-registration Action, in the sandbox, with the
 * user as stored now (see deliverAsyncTrigger for records and retries). It cannot change the
 * sign-up: that committed before this job could run. Auth0 has no log type of its own for a failed
 * post-user-registration Action, so a failure is logged as `actions_execution_failed`.
 */
export const deliverPostUserRegistration = userRegisteredJob.handle(async (payload, job) => {
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
});
