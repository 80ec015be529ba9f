import { z } from "zod";
import { emailBrand } from "@/lib/branding";
import { config } from "@/lib/config";
import { prisma } from "@/lib/db";
import { PermanentJobError, type JobContext, type JobResult } from "@/lib/jobs";
import { deliverEmail, passwordResetEmail, timeZoneOf } from "@/lib/mail";
import { generateNumericCode, generateToken, hashToken } from "@/lib/security";
import { resetCodeHash } from "./code-hash";

const payloadSchema = z.object({ flowId: z.uuid(), ip: z.string().max(64), requestedAt: z.iso.datetime() });

/** Digits of the code typed into the requesting tab; with 5 attempts per flow, 1 in 200,000 to guess. */
export const RESET_CODE_DIGITS = 6;

/**
 * The `password.reset.send` job: makes the link's ticket and the short code, keeps only their
 * hashes, and mails them. It runs in the worker, so the request that asked for the reset never
 * waits on mail and answers alike for unknown addresses. A retry makes a fresh ticket: the
 * earlier one was never delivered, or, if it was, the newest one is the one that counts.
 */
export async function sendResetEmailJobHandler(job: JobContext): Promise<JobResult> {
  const parsed = payloadSchema.safeParse(job.payload);
  if (!parsed.success) throw new PermanentJobError("Invalid password.reset.send payload");
  const { flowId, ip, requestedAt } = parsed.data;
  const db = await prisma();
  const flow = await db.resetFlow.findUnique({ where: { id: flowId } });
  if (!flow?.userId || flow.state !== "link_sent" || flow.expiresAt <= new Date()) return {};
  const user = await db.user.findUnique({ where: { id: flow.userId }, select: { email: true, blocked: true, userMetadata: true } });
  if (!user?.email || user.blocked) return {};

  const ticket = generateToken(32);
  // The code is typed into the tab that asked, which holds the flow's cookie. A reset asked by an
  // API client or an admin has no such tab: it gets the link only, and no code exists to guess.
  const code = flow.source === "email" ? generateNumericCode(RESET_CODE_DIGITS) : undefined;
  const updated = await db.resetFlow.updateMany({
    where: { id: flow.id, state: "link_sent" },
    data: { ticketHash: hashToken(ticket), ticketExpiresAt: flow.expiresAt, codeHash: code ? resetCodeHash(flow.id, code) : null, codeAttempts: 0 },
  });
  if (updated.count !== 1) return {};

  const cfg = config();
  const email = passwordResetEmail({
    url: `${cfg.PUBLIC_URL}/reset/verify?ticket=${encodeURIComponent(ticket)}`,
    code,
    expiresAt: flow.expiresAt,
    requestedAt: new Date(requestedAt),
    ip,
    timeZone: timeZoneOf(user.userMetadata),
    brand: await emailBrand(),
  });
  await deliverEmail(job.id, { to: user.email, ...email }, job.signal);
  return {};
}
