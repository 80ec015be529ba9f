import { emailBrand } from "@/lib/branding";
import { prisma } from "@/lib/db";
import { AppError, catalogError } from "@/lib/errors";
import { wakeWorkers } from "@/lib/jobs";
import { enqueueEmail, factorCodeEmail } from "@/lib/mail";
import { findLiveCode, issueCode, redeemCode } from "../code-challenge";
import { limitFactorUse, logFactorEvent } from "../log";
import { maskEmail } from "../mask";
import { requireReauth } from "../reauth";
import type { AccountActor } from "../types";
import { recipientLocale } from "../recipient-locale";

/** An emailed code is valid for 15 minutes. */
const CODE_TTL_SECONDS = 15 * 60;

const SCOPE = (userId: string) => ({ userId, flowId: null, ceremony: "email-verify" as const });

async function enable(actor: Pick<AccountActor, "userId" | "ctx">, address: string): Promise<void> {
  const db = await prisma();
  const factor = await db.factor.create({ data: { userId: actor.userId, type: "email", name: "Email", address, confirmedAt: new Date() } });
  await logFactorEvent("gd_enrollment_complete", actor, { factor: "email", factorId: factor.id });
}

async function loadUser(userId: string) {
  const db = await prisma();
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, emailVerified: true } });
  if (!user.email) throw catalogError("INVALID_INPUT", { id: "refusals.noEmailAddress" });
  if (await db.factor.count({ where: { userId, type: "email", confirmedAt: { not: null } } })) throw new AppError("FACTOR_EXISTS");
  return { email: user.email, emailVerified: user.emailVerified };
}

/**
 * Turns on email codes. Codes may only go to a verified address: a verified one is enabled at
 * once; otherwise a code is sent to it (by the worker), and typing it both verifies the address
 * and enables the factor.
 */
export async function enableEmailFactor(actor: AccountActor): Promise<{ enabled: true } | { enabled: false; sentTo: string }> {
  await requireReauth(actor);
  const user = await loadUser(actor.userId);
  if (user.emailVerified) {
    await enable(actor, user.email);
    return { enabled: true };
  }
  return { enabled: false, sentTo: await sendEmailVerification(actor) };
}

/**
 * Sends a code to the account's address; typing it back (completeEmailEnrollment) enables email
 * codes. For a caller that has already checked who is asking: the account page after its
 * recent-password check, or a sign-in whose password was just verified (MFA policy "always"),
 * which always proves the address this way, verified or not.
 */
export async function sendEmailVerification(actor: Pick<AccountActor, "userId" | "ctx">): Promise<string> {
  const user = await loadUser(actor.userId);
  await limitFactorUse(actor, "email", [["emailCodePerUser", actor.userId]]);
  const db = await prisma();
  const brand = await emailBrand();
  const locale = await recipientLocale(actor.userId, actor.ctx);
  await db.$transaction(async (tx) => {
    const { code, expiresAt } = await issueCode(tx, { ...SCOPE(actor.userId), ttlSeconds: CODE_TTL_SECONDS, factorType: "email" });
    await enqueueEmail(tx, { to: user.email, ...factorCodeEmail({ code, expiresAt, purpose: "verify-email", brand, locale }) });
  });
  wakeWorkers();
  await logFactorEvent("gd_send_email", actor, { factor: "email", purpose: "verify-email" });
  return maskEmail(user.email);
}

/** The address a verification code was sent to, while it can be typed. */
export async function pendingEmailVerification(userId: string): Promise<{ sentTo: string } | null> {
  const live = await findLiveCode(SCOPE(userId));
  if (!live) return null;
  const db = await prisma();
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true } });
  return user?.email ? { sentTo: maskEmail(user.email) } : null;
}

/** The code from the email: marks the address verified and enables email codes. */
export async function confirmEmailFactor(actor: AccountActor, code: string): Promise<void> {
  await requireReauth(actor);
  await completeEmailEnrollment(actor, code);
}

/** confirmEmailFactor for a caller that has already checked who is asking (see sendEmailVerification). */
export async function completeEmailEnrollment(actor: Pick<AccountActor, "userId" | "ctx">, code: string): Promise<void> {
  await limitFactorUse(actor, "email", [["factorEnrollVerifyPerUser", actor.userId]]);
  const user = await loadUser(actor.userId);
  await redeemCode(SCOPE(actor.userId), code);
  const db = await prisma();
  await db.user.updateMany({ where: { id: actor.userId, email: user.email }, data: { emailVerified: true } });
  await enable(actor, user.email);
}
