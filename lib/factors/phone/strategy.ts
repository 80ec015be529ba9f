import { FACTOR_LABELS } from "../names";
import { maskPhone } from "../mask";
import { sixDigitCode } from "../schemas";
import type { FactorStrategy } from "../strategy";
import { hasConfirmed, noExtras, typedCode } from "../strategy-parts";
import { confirmedPhone, sendSmsOtp, smsOtpPending } from "./challenge";
import { verifySmsOtp } from "./verify";

/** A code sent by SMS to the confirmed phone number; sent only when asked for (each one costs money). */
export const phoneStrategy: FactorStrategy = {
  type: "phone",
  label: FACTOR_LABELS["phone"],
  challenge: "sent",
  amr: ["sms"],
  codeInput: sixDigitCode,
  enrolled: (userId) => hasConfirmed(userId, "phone"),
  async offer(actor) {
    const phone = await confirmedPhone(actor.userId);
    return phone ? { detail: maskPhone(phone.number), codeSent: await smsOtpPending(actor), open: true } : null;
  },
  async start(actor) {
    return { kind: "code-sent", ...(await sendSmsOtp(actor)) };
  },
  async verify(actor, proof) {
    await verifySmsOtp(actor, typedCode(phoneStrategy, proof));
    return { type: "phone" };
  },
  removeExtras: noExtras,
  describe: (row) => (row.address ? maskPhone(row.address) : undefined),
};
