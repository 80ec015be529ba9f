import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http";
import { enqueueJob, wakeWorkers } from "@/lib/jobs";
import { logContext, writeLog } from "@/lib/logs";
import { messageLocaleFor } from "@/lib/i18n";
import { adminApiWriteEmail, emailJob, timeZoneOf } from "@/lib/mail";
import { consumeRateLimit } from "@/lib/security";
import { ADMIN_USERS_SCOPE } from "./scopes";
import type { ManagementPrincipal } from "./token";

/** One Management API write to a user, as the tenant log and the admin's notice name it. */
export type UserWrite = { userId: string; operation: string; fields?: readonly string[] };

/**
 * The step before every Management API write to an existing user (PATCH, DELETE, tickets,
 * authentication-method removal). For a user with the admin role it records the attempt (a
 * mgmt_api_admin_write log row naming the client, and a notice email to that admin queued in the
 * same transaction) and then refuses the call unless the token also holds update:admin_users.
 *
 * The record is written before the write, not after it: a write that succeeds is then never
 * without its log row and notice, even if the process dies right after it. The call's outcome
 * follows in the endpoint's own sapi/fapi line. A user who is not (or no longer) there passes: the
 * operation itself answers as it always does.
 */
export async function guardAdminUserWrite(write: UserWrite, principal: ManagementPrincipal, ctx: RequestContext): Promise<void> {
  const db = await prisma();
  const target = await db.user.findUnique({ where: { id: write.userId }, select: { role: true, email: true, username: true, connectionId: true, userMetadata: true } });
  if (target?.role !== "admin") return;
  const allowed = principal.scopes.includes(ADMIN_USERS_SCOPE);
  const notify = target.email !== null && (await consumeRateLimit("adminApiWriteNoticePerUser", write.userId)).allowed;
  const at = new Date();
  await db.$transaction(async (tx) => {
    await writeLog(
      {
        type: "mgmt_api_admin_write",
        ...logContext(ctx, { userId: write.userId, userName: target.email ?? target.username, connectionId: target.connectionId }),
        description: `${write.operation}: ${allowed ? "allowed" : "refused"} on an admin user`,
        details: {
          client_id: principal.clientId,
          client_name: principal.clientName,
          operation: write.operation,
          outcome: allowed ? "allowed" : "refused",
          ...(write.fields ? { fields: write.fields } : {}),
          notice_sent: notify,
        },
      },
      tx,
    );
    if (notify) {
      // In the admin's language, else the tenant's: the API call's Accept-Language is a machine's.
      const reader = { locale: messageLocaleFor(target.userMetadata), timeZone: timeZoneOf(target.userMetadata) };
      const notice = adminApiWriteEmail({ clientName: principal.clientName, clientId: principal.clientId, operation: write.operation, allowed, at, ip: ctx.ip, ...reader });
      await enqueueJob(tx, emailJob({ to: target.email!, ...notice }));
    }
  });
  if (notify) wakeWorkers();
  if (!allowed) {
    throw new AppError("FORBIDDEN", `Insufficient scope, expected any of: ${ADMIN_USERS_SCOPE}. The user has the admin role.`, { data: { errorCode: "insufficient_scope" } });
  }
}
