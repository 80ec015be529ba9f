import { prisma } from "@/lib/db";
import { AppError, catalogError } from "@/lib/errors";
import { findLiveCode, issueCode, redeemCode } from "../code-challenge";
import { limitFactorUse, logFactorEvent } from "../log";
import { maskPhone } from "../mask";
import { requireReauth } from "../reauth";
import type { AccountActor } from "../types";
import { smsCodeText } from "./message";
import { sendSms } from "./send-sms";
import { recipientLocale } from "../recipient-locale";

const CODE_TTL_SECONDS = 10 * 60;

const SCOPE = (userId: string) => ({ userId, flowId: null, ceremony: "phone-enroll" as const });

/**
 * Starts adding a phone: an unconfirmed factor with the number, and a code sent to it by SMS (a
 * job). It counts once the code is typed back. One phone per account; a new number replaces an
 * unconfirmed one.
 */
export async function startPhoneEnrollment(actor: AccountActor, phoneNumber: string): Promise<{ sentTo: string }> {
  await requireReauth(actor);
  return beginPhoneEnrollment(actor, phoneNumber);
}

/**
 * startPhoneEnrollment for a caller that has already checked who is asking: the account page after
 * its recent-password check, or a sign-in whose password was just verified (MFA policy "always").
 */
export async function beginPhoneEnrollment(actor: Pick<AccountActor, "userId" | "ctx">, phoneNumber: string): Promise<{ sentTo: string }> {
  const db = await prisma();
  if (await db.factor.count({ where: { userId: actor.userId, type: "phone", confirmedAt: { not: null } } })) throw new AppError("FACTOR_EXISTS");
  const locale = await recipientLocale(actor.userId, actor.ctx);
  await sendSms({ who: actor, to: phoneNumber, purpose: "enroll", limits: [["smsPerUser", actor.userId]] }, async (tx) => {
    await tx.factor.deleteMany({ where: { userId: actor.userId, type: "phone", confirmedAt: null } });
    const factor = await tx.factor.create({ data: { userId: actor.userId, type: "phone", name: "Phone", address: phoneNumber } });
    const { code } = await issueCode(tx, { ...SCOPE(actor.userId), factorType: "phone", factorId: factor.id, ttlSeconds: CODE_TTL_SECONDS });
    return { body: smsCodeText(code, locale), code, result: undefined };
  });
  return { sentTo: maskPhone(phoneNumber) };
}

/** The number waiting for its code, for the page. */
export async function pendingPhoneEnrollment(userId: string): Promise<{ factorId: string; sentTo: string } | null> {
  const live = await findLiveCode(SCOPE(userId));
  if (!live?.factorId) return null;
  const db = await prisma();
  const factor = await db.factor.findFirst({ where: { id: live.factorId, userId, confirmedAt: null } });
  return factor?.address ? { factorId: factor.id, sentTo: maskPhone(factor.address) } : null;
}

/** The code from the SMS confirms the number. */
export async function confirmPhoneEnrollment(actor: AccountActor, code: string): Promise<void> {
  await requireReauth(actor);
  await completePhoneEnrollment(actor, code);
}

/** confirmPhoneEnrollment for a caller that has already checked who is asking (see beginPhoneEnrollment). */
export async function completePhoneEnrollment(actor: Pick<AccountActor, "userId" | "ctx">, code: string): Promise<void> {
  await limitFactorUse(actor, "phone", [["factorEnrollVerifyPerUser", actor.userId]]);
  const { factorId } = await redeemCode(SCOPE(actor.userId), code);
  const db = await prisma();
  const confirmed = await db.factor.updateMany({ where: { id: factorId ?? "", userId: actor.userId, confirmedAt: null }, data: { confirmedAt: new Date() } });
  if (confirmed.count !== 1) throw catalogError("FACTOR_CODE_EXPIRED", { id: "refusals.setUpExpired" });
  await logFactorEvent("gd_enrollment_complete", actor, { factor: "phone", factorId });
}
