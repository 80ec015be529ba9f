import { z } from "zod";
import { config } from "@/lib/config";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http";
import { generateToken, hashToken } from "@/lib/security";
import { newBindingSecret } from "./cookie";
import { supersedeUnusedLinks } from "./newest-link";
import { openFlow } from "./transition";

/** @default 432000 s (5 days): Auth0's lifetime of a ticket whose ttl_sec is absent or 0. */
export const DEFAULT_TICKET_TTL_SEC = 432_000;
/** A ticket that outlives a month is a standing password for whoever finds the link. */
export const MAX_TICKET_TTL_SEC = 30 * 86_400;

/** Where the browser goes after the new password: an absolute http(s) URL, never a script. */
export const resultUrlSchema = z
  .string()
  .max(2048, "The result URL is longer than 2048 characters.")
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "Enter an absolute http:// or https:// URL.");

export type PasswordChangeTicketInput = {
  userId: string;
  /** Seconds the link works; 0 or absent means the default. @default 432000 */
  ttlSec?: number;
  /** Where the browser goes after the new password is saved. @default /reset/done */
  resultUrl?: string;
  /** Mark the email verified when the reset completes (the link proved the mailbox). @default false */
  markEmailVerified?: boolean;
  /** The application the ticket is for (Auth0's client_id), kept for the post-challenge Actions. */
  clientId?: string;
};

export type PasswordChangeTicket = { url: string; ticket: string; flowId: string; expiresAt: Date };

/**
 * A reset link made by an admin or a Management API client, for someone who cannot use the email
 * flow (Auth0's password-change ticket). It is a reset flow like the emailed one: single use, only
 * its hash stored, consumed by POST on /reset/verify, and the newest link of the user is the only
 * unused one that works, so an earlier unused link or ticket stops working here (a reset already
 * past its link goes on). It keeps its own lifetime (at most 30 days, as in Auth0) but ends like
 * every link on a new password, a new address or a block. The caller hands the URL to the person;
 * nothing is emailed.
 */
export async function createPasswordChangeTicket(input: PasswordChangeTicketInput, ctx: RequestContext): Promise<PasswordChangeTicket> {
  const ttlSec = input.ttlSec || DEFAULT_TICKET_TTL_SEC;
  if (!Number.isInteger(ttlSec) || ttlSec < 1 || ttlSec > MAX_TICKET_TTL_SEC) {
    throw new AppError("INVALID_INPUT", `The lifetime must be a whole number of seconds from 1 to ${MAX_TICKET_TTL_SEC}.`, { fields: { ttlSec: "Choose a lifetime of at most 30 days." } });
  }
  if (input.resultUrl !== undefined) {
    const checked = resultUrlSchema.safeParse(input.resultUrl);
    if (!checked.success) throw new AppError("INVALID_INPUT", checked.error.issues[0]!.message, { fields: { resultUrl: checked.error.issues[0]!.message } });
  }
  const db = await prisma();
  const user = await db.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true, username: true, connectionId: true } });
  if (!user) throw new AppError("NOT_FOUND", "User not found.");

  const ticket = generateToken(32);
  const now = new Date();
  const expiresAt = new Date(now.getTime() + ttlSec * 1000);
  // The code path belongs to the tab that asked for an emailed reset; a ticket has no such tab, so
  // the requester secret is thrown away and no code exists.
  const requester = newBindingSecret();
  const flow = await db.$transaction(async (tx) => {
    await supersedeUnusedLinks(tx, user.id);
    return openFlow(tx, {
      userId: user.id,
      connectionId: user.connectionId,
      identifier: user.email ?? user.username ?? user.id,
      source: "ticket",
      ticketHash: hashToken(ticket),
      ticketExpiresAt: expiresAt,
      expiresAt,
      createdAt: now,
      // Nothing is mailed, but the ticket is for the account as it is now: a new address ends it.
      sentTo: user.email,
      requesterHash: requester.hash,
      resultUrl: input.resultUrl ?? null,
      markEmailVerified: input.markEmailVerified ?? false,
      clientId: input.clientId ?? null,
      requestIp: ctx.ip,
      requestUserAgent: ctx.userAgent,
    });
  });
  return { url: `${config().PUBLIC_URL}/reset/verify?ticket=${ticket}`, ticket, flowId: flow.id, expiresAt };
}
