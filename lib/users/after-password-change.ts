import type { Prisma } from "@/lib/db";
import type { RequestContext } from "@/lib/http";
import { enqueueEmail, passwordChangedEmail } from "@/lib/mail";
import type { Connection } from "./connection";
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
  if (event.user.email) {
    await enqueueEmail(tx, { to: event.user.email, ...passwordChangedEmail({ changedAt: event.changedAt, ip: event.ctx.ip, reason: event.reason }) });
  }
}
