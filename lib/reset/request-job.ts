import { z } from "zod";
import { migrateUserOnReset } from "@/lib/custom-database";
import { prisma } from "@/lib/db";
import { LOCALES } from "@/lib/i18n";
import { defineJob } from "@/lib/jobs";
import { logContext, writeLog } from "@/lib/logs";
import { consumeRateLimit } from "@/lib/security";
import { defaultConnection, normalizeIdentifier } from "@/lib/users";
import { newLinkSecrets } from "./link-secrets";
import { isStaleRequest, supersedeUnusedLinks } from "./newest-link";
import { RESET_SOURCES, type ResetSource } from "./states";
import { openFlow } from "./transition";

/** Who asked: the /reset form in a browser tab (`email`), an API client (`api`) or an admin (`admin`). */
export type ResetRequestSource = Exclude<ResetSource, "ticket">;

const REQUEST_SOURCES = RESET_SOURCES.filter((s): s is ResetRequestSource => s !== "ticket") as [ResetRequestSource, ...ResetRequestSource[]];

export const resetRequestPayloadSchema = z.object({
  flowId: z.uuid(),
  ip: z.string().max(64),
  requestedAt: z.iso.datetime(),
  /** The language the request was made in (the page's negotiated one): the email's, unless the user has their own. */
  locale: z.enum(LOCALES).optional(),
  /** The request as typed; absent from jobs queued before the worker opened the flows (the flow exists then). */
  request: z
    .object({
      identifier: z.string().min(1).max(254),
      requesterHash: z.string().min(1).max(128),
      source: z.enum(REQUEST_SOURCES),
      userAgent: z.string().max(512).nullable(),
      /** The application whose sign-in asked ("Forgot password?" there, or change_password's client_id). */
      app: z.object({ clientId: z.string().max(64), interactionUid: z.string().max(64).nullable() }).optional(),
    })
    .optional(),
});

export type ResetRequestPayload = z.infer<typeof resetRequestPayloadSchema>;

/** A reset request, opened and mailed by the worker: enqueued by request.ts, run by send-reset-email.ts. */
export const resetEmailJob = defineJob({ type: "password.reset.send", schema: resetRequestPayloadSchema });

const STALE = "A newer reset link exists: this request was not sent";

export type OpenedFlow = { flow: { id: string; expiresAt: Date; userId: string | null }; mail: { to: string; ticket: string; code?: string } | null };

/**
 * The database work of a reset request, done by the worker so that the request itself does the
 * same whatever was typed: resolve the identifier, open the flow the tab's cookie names, supersede
 * the user's unused links, and log scpr or fcpr with the reason. Every request gets its flow, so
 * the code typed into the tab fails alike for an unknown address (its flow has no code).
 *
 * A flow carries the user and the link's secrets only when its email goes out. It does not go out
 * to an unknown identifier, a blocked account, an account without an address, an account that had
 * its reset emails for the hour (resetEmailPerAccount: a stranger's requests from many addresses
 * cannot flood the mailbox, nor end the owner's link, and the tenant log says why), or for a
 * request older than a link the user already has.
 */
export async function openRequestedFlow(payload: ResetRequestPayload & { request: NonNullable<ResetRequestPayload["request"]> }): Promise<OpenedFlow> {
  const { flowId, ip, request } = payload;
  const requestedAt = new Date(payload.requestedAt);
  const connection = await defaultConnection();
  const id = normalizeIdentifier(request.identifier);
  const db = await prisma();
  const findUser = () =>
    db.user.findFirst({
      where: { connectionId: connection.id, ...(id.email ? { email: id.email } : { username: id.username }) },
      select: { id: true, email: true, blocked: true },
    });
  let user = await findUser();
  // Import mode: a user not migrated yet is looked up with the old system's get_user script and
  // created without a password, so they can reset too. Here, in the worker, it costs the request nothing.
  if (!user && (await migrateUserOnReset({ connectionId: connection.id, identifier: id, ip, userAgent: request.userAgent ?? undefined }))) user = await findUser();
  let refusal = !user ? "user does not exist" : user.blocked ? "user is blocked" : !user.email ? "user has no email address" : null;
  // A stale request is refused before the cap is consulted, so it spends none of it.
  if (!refusal && (await isStaleRequest(db, user!.id, requestedAt, { lock: false }))) refusal = STALE;
  if (!refusal && !(await consumeRateLimit("resetEmailPerAccount", user!.id)).allowed) {
    refusal = "Too many password reset emails for this account: this one was not sent";
  }
  const expiresAt = new Date(requestedAt.getTime() + connection.resetTicketLifetimeSec * 1000);
  const secrets = newLinkSecrets(flowId, request.source);

  return db.$transaction(async (tx) => {
    if (!refusal && (await isStaleRequest(tx, user!.id, requestedAt, { lock: true }))) refusal = STALE;
    if (!refusal) await supersedeUnusedLinks(tx, user!.id);
    const sending = refusal ? null : user!;
    const flow = await openFlow(tx, {
      id: flowId,
      userId: sending?.id ?? null,
      connectionId: connection.id,
      identifier: id.key,
      requesterHash: request.requesterHash,
      source: request.source,
      requestIp: ip,
      requestUserAgent: request.userAgent,
      clientId: request.app?.clientId ?? null,
      interactionUid: request.app?.interactionUid ?? null,
      expiresAt,
      createdAt: requestedAt,
      ...(sending ? { ...secrets.stored, ticketExpiresAt: expiresAt, sentTo: sending.email } : {}),
    });
    const base = logContext({ ip, userAgent: request.userAgent ?? undefined }, { userName: id.key, connectionId: connection.id });
    await writeLog(
      sending ? { type: "scpr", userId: sending.id, ...base } : { type: "fcpr", userId: user?.id ?? null, ...base, description: refusal! },
      tx,
    );
    return { flow, mail: sending ? { to: sending.email!, ticket: secrets.ticket, code: secrets.code } : null };
  });
}
