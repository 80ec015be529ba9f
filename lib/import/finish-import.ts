import type { PrismaClient } from "@/lib/db";
import { enqueueJobs, wakeWorkers } from "@/lib/jobs";
import { messageLocaleFor, type Locale } from "@/lib/i18n";
import { emailJob, importCompletedEmail, type TemplatedEmail } from "@/lib/mail";

/**
 * Marks an import completed or failed and, when it asked for `send_completion_email` (Auth0's
 * default), queues the notice to every admin with an address in the same transaction: a crash
 * between the two can neither send a notice for an import still running nor lose it. The status
 * update is conditional on the import not being finished yet, so a second runner sends nothing.
 */
export async function finishUserImport(db: PrismaClient, importId: string, outcome: { status: "completed" } | { status: "failed"; error: string }): Promise<void> {
  const queued = await db.$transaction(async (tx) => {
    const done = await tx.userImport.updateMany({
      where: { id: importId, status: { notIn: ["completed", "failed"] } },
      data: { status: outcome.status, error: outcome.status === "failed" ? outcome.error : null, completedAt: new Date() },
    });
    if (done.count !== 1) return false;
    const row = await tx.userImport.findUniqueOrThrow({ where: { id: importId } });
    if (!row.sendCompletionEmail) return false;
    const connection = row.connectionId ? await tx.connection.findUnique({ where: { id: row.connectionId }, select: { name: true } }) : null;
    const admins = await tx.user.findMany({ where: { role: "admin", email: { not: null }, blocked: false }, select: { email: true, userMetadata: true }, take: 50 });
    // Each admin reads it in their own language, else the tenant's; one rendering per language.
    const notices = new Map<Locale, TemplatedEmail>();
    const noticeIn = (locale: Locale): TemplatedEmail => {
      const made = notices.get(locale);
      if (made) return made;
      const notice = importCompletedEmail({
        jobId: row.id,
        connection: connection?.name ?? row.connectionId ?? "",
        status: outcome.status,
        inserted: row.inserted,
        updated: row.updated,
        failed: row.failed,
        error: row.error,
        locale,
      });
      notices.set(locale, notice);
      return notice;
    };
    await enqueueJobs(tx, admins.map((admin) => emailJob({ to: admin.email!, ...noticeIn(messageLocaleFor(admin.userMetadata)) })));
    return admins.length > 0;
  });
  if (queued) wakeWorkers();
}
