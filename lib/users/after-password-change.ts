import { emailBrand } from "@/lib/branding";
import type { Prisma } from "@/lib/db";
import type { RequestContext } from "@/lib/http";
import { enqueueJobs, type QueuedJob } from "@/lib/jobs";
import { messageLocaleFor } from "@/lib/i18n";
import { emailJob, passwordChangedEmail, timeZoneOf } from "@/lib/mail";
import type { Connection } from "./connection";
import { deliveryRequestOf, passwordChangedJob } from "./delivery-jobs";
import type { PasswordChangeReason } from "./set-password";

export type PasswordChangedEvent = {
  user: Prisma.UserGetPayload<object>;
  connection: Connection;
  reason: PasswordChangeReason;
  ctx: RequestContext;
  changedAt: Date;
};

/**
 * Side effects of a successful password write, enqueued inside its transaction (outbox): they
 * commit with the new password or not at all, and none of them runs in the request.
 */
export async function afterPasswordChange(tx: Prisma.TransactionClient, event: PasswordChangedEvent): Promise<void> {
  const jobs: QueuedJob[] = [];
  if (event.user.email) {
    const notice = passwordChangedEmail({
      changedAt: event.changedAt,
      ip: event.ctx.ip,
      reason: event.reason,
      timeZone: timeZoneOf(event.user.userMetadata),
      brand: await emailBrand(tx),
      locale: messageLocaleFor(event.user.userMetadata, event.ctx.language),
    });
    jobs.push(emailJob({ to: event.user.email, ...notice }));
  }
  // The post-change-password Actions and Hooks (lib/actions, deliverPostChangePassword). Only ids
  // and the request's context travel: the worker reads the user as it is when the job runs. The
  // job id is the delivery id every Action sees, stable across retries.
  jobs.push(
    passwordChangedJob.job({
      userId: event.user.id,
      connectionId: event.connection.id,
      changedAt: event.changedAt.toISOString(),
      reason: event.reason,
      request: deliveryRequestOf(event.ctx),
    }),
  );
  // One INSERT for both: this runs inside every password write's transaction.
  await enqueueJobs(tx, jobs);
}
