import { emailBrand } from "@/lib/branding";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { wakeWorkers } from "@/lib/jobs";
import { enqueueEmail, factorCodeEmail } from "@/lib/mail";
import { findLiveCode, issueCode } from "../code-challenge";
import { limitFactorUse, logFactorEvent } from "../log";
import { maskEmail } from "../mask";
import type { FlowActor } from "../types";
import { recipientLocale } from "../recipient-locale";

/** A reset's emailed code is valid for 10 minutes. */
const CODE_TTL_SECONDS = 10 * 60;

/**
 * The address email codes go to, or null when the user cannot use email codes. As in Auth0, a
 * verified address is enough: turning email codes on at /account/security is how a person
 * verifies it.
 */
export async function emailFactorAddress(userId: string): Promise<string | null> {
  const db = await prisma();
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, emailVerified: true } });
  return user?.email && user.emailVerified ? user.email : null;
}

/**
 * Sends a reset's email code (the page's "Send code" and "Send a new code"). Limited per flow and
 * per user; the code is bound to this flow and replaces the flow's earlier one.
 */
export async function sendEmailOtp(actor: FlowActor): Promise<{ sentTo: string; expiresAt: Date }> {
  const address = await emailFactorAddress(actor.userId);
  if (!address) throw new AppError("FACTOR_NOT_FOUND");
  await limitFactorUse(actor, "email", [
    ["emailCodePerFlow", actor.flowId],
    ["emailCodePerUser", actor.userId],
  ]);
  const db = await prisma();
  const brand = await emailBrand();
  const locale = await recipientLocale(actor.userId, actor.ctx);
  const expiresAt = await db.$transaction(async (tx) => {
    const issued = await issueCode(tx, { userId: actor.userId, flowId: actor.flowId, ceremony: "email-otp", factorType: "email", ttlSeconds: CODE_TTL_SECONDS });
    await enqueueEmail(tx, { to: address, ...factorCodeEmail({ code: issued.code, expiresAt: issued.expiresAt, purpose: actor.purpose ?? "reset", brand, locale }) });
    return issued.expiresAt;
  });
  wakeWorkers();
  await logFactorEvent("gd_send_email", actor, { factor: "email" });
  return { sentTo: maskEmail(address), expiresAt };
}

/** Whether this flow has an email code that can still be typed. */
export async function emailOtpPending(actor: FlowActor): Promise<boolean> {
  return !!(await findLiveCode({ userId: actor.userId, flowId: actor.flowId, ceremony: "email-otp" }));
}
