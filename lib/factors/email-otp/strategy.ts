import { FACTOR_LABELS } from "../names";
import { maskEmail } from "../mask";
import { sixDigitCode } from "../schemas";
import type { FactorStrategy } from "../strategy";
import { hasConfirmed, noExtras, typedCode } from "../strategy-parts";
import { emailFactorAddress, emailOtpPending, sendEmailOtp } from "./challenge";
import { verifyEmailOtp } from "./verify";

/**
 * A code emailed to the account's verified address. Usable with a verified address alone (Auth0's
 * rule), but enrolled, for the MFA policy at sign-in, only once turned on at /account/security.
 */
export const emailStrategy: FactorStrategy = {
  type: "email",
  label: FACTOR_LABELS["email"],
  challenge: "sent",
  amr: ["otp"],
  codeInput: sixDigitCode,
  enrolled: (userId) => hasConfirmed(userId, "email"),
  async offer(actor) {
    const address = await emailFactorAddress(actor.userId);
    return address ? { detail: maskEmail(address), codeSent: await emailOtpPending(actor), open: true } : null;
  },
  async start(actor) {
    return { kind: "code-sent", ...(await sendEmailOtp(actor)) };
  },
  async verify(actor, proof) {
    await verifyEmailOtp(actor, typedCode(emailStrategy, proof));
    return { type: "email" };
  },
  removeExtras: noExtras,
  describe: (row) => (row.address ? maskEmail(row.address) : undefined),
};
