import { emailBrand } from "@/lib/branding";
import { config } from "@/lib/config";
import { prisma } from "@/lib/db";
import { messageLocaleFor } from "@/lib/i18n";
import { deliverEmail, passwordResetEmail, timeZoneOf } from "@/lib/mail";
import { newLinkSecrets } from "./link-secrets";
import type { ResetFlowRow } from "./flow";
import { openRequestedFlow, resetEmailJob, type OpenedFlow } from "./request-job";

export { RESET_CODE_DIGITS } from "./link-secrets";

/**
 * The `password.reset.send` job: opens the flow of a reset request (openRequestedFlow) and mails
 * its link and code, of which the flow keeps only hashes. It runs in the worker, so the request
 * that asked never waits on the database's answer about the address nor on mail.
 *
 * When the flow exists already, this is a retry after a failed delivery (or a job queued before
 * the request moved here): it makes a fresh ticket and code, as the earlier ones were never
 * delivered, or if they were, the newest are the ones that count. A flow that has ended meanwhile
 * (superseded, or ended by a new password, address or block) is not mailed.
 */
export const sendResetEmailJobHandler = resetEmailJob.handle(async (payload, job) => {
  const db = await prisma();
  const existing = await db.resetFlow.findUnique({ where: { id: payload.flowId } });
  let opened: OpenedFlow;
  if (existing) opened = { flow: existing, mail: await renewLink(existing) };
  else if (payload.request) opened = await openRequestedFlow({ ...payload, request: payload.request });
  else return {};
  const { flow, mail } = opened;
  if (!mail) return {};
  const owner = flow.userId ? await db.user.findUnique({ where: { id: flow.userId }, select: { userMetadata: true } }) : null;

  const email = passwordResetEmail({
    url: `${config().PUBLIC_URL}/reset/verify?ticket=${encodeURIComponent(mail.ticket)}`,
    code: mail.code,
    expiresAt: flow.expiresAt,
    requestedAt: new Date(payload.requestedAt),
    ip: payload.ip,
    timeZone: timeZoneOf(owner?.userMetadata),
    brand: await emailBrand(),
    locale: messageLocaleFor(owner?.userMetadata, payload.locale),
  });
  await deliverEmail(job.id, { to: mail.to, ...email }, job.signal);
  return {};
});

async function renewLink(flow: ResetFlowRow): Promise<OpenedFlow["mail"]> {
  if (!flow.userId || flow.state !== "link_sent" || flow.expiresAt <= new Date()) return null;
  const db = await prisma();
  const user = await db.user.findUnique({ where: { id: flow.userId }, select: { email: true, blocked: true } });
  if (!user?.email || user.blocked || (flow.sentTo !== null && flow.sentTo !== user.email)) return null;
  const secrets = newLinkSecrets(flow.id, flow.source);
  const updated = await db.resetFlow.updateMany({
    where: { id: flow.id, state: "link_sent" },
    data: { ...secrets.stored, ticketExpiresAt: flow.expiresAt, sentTo: user.email },
  });
  return updated.count === 1 ? { to: user.email, ticket: secrets.ticket, code: secrets.code } : null;
}

