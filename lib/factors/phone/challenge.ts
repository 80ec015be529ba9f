import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { findLiveCode, issueCode } from "../code-challenge";
import { maskPhone } from "../mask";
import type { FlowActor } from "../types";
import { smsCodeText } from "./message";
import { sendSms, type SmsRequest } from "./send-sms";
import { recipientLocale } from "../recipient-locale";

const CODE_TTL_SECONDS = 10 * 60;

export async function confirmedPhone(userId: string): Promise<{ id: string; number: string } | null> {
  const db = await prisma();
  const factor = await db.factor.findFirst({ where: { userId, type: "phone", confirmedAt: { not: null } }, orderBy: { createdAt: "desc" } });
  return factor?.address ? { id: factor.id, number: factor.address } : null;
}

/**
 * Sends a reset's SMS code. Limited per flow (the resend button) and per user (Auth0's 10 an
 * hour), then as every SMS is (sendSms). The code is bound to this flow.
 */
export async function sendSmsOtp(actor: FlowActor): Promise<{ sentTo: string; expiresAt: Date }> {
  const phone = await confirmedPhone(actor.userId);
  if (!phone) throw new AppError("FACTOR_NOT_FOUND");
  const limits: SmsRequest["limits"] = [
    ["smsPerFlow", actor.flowId],
    ["smsPerUser", actor.userId],
  ];
  const locale = await recipientLocale(actor.userId, actor.ctx);
  const expiresAt = await sendSms({ who: actor, to: phone.number, purpose: actor.purpose ?? "reset", limits }, async (tx) => {
    const issued = await issueCode(tx, { userId: actor.userId, flowId: actor.flowId, ceremony: "sms-otp", factorType: "phone", factorId: phone.id, ttlSeconds: CODE_TTL_SECONDS });
    return { body: smsCodeText(issued.code, locale), code: issued.code, result: issued.expiresAt };
  });
  return { sentTo: maskPhone(phone.number), expiresAt };
}

/** Whether this flow has an SMS code that can still be typed. */
export async function smsOtpPending(actor: FlowActor): Promise<boolean> {
  return !!(await findLiveCode({ userId: actor.userId, flowId: actor.flowId, ceremony: "sms-otp" }));
}
