import { FACTOR_LABELS } from "../names";
import { sixDigitCode } from "../schemas";
import type { FactorStrategy } from "../strategy";
import { hasConfirmed, noExtras, nothingToSend, typedCode } from "../strategy-parts";
import { otpChallengeOpen } from "./challenge";
import { verifyOtp } from "./verify";

/** An authenticator app (TOTP): nothing is sent; the flow's 5 tries are its challenge. */
export const otpStrategy: FactorStrategy = {
  type: "otp",
  label: FACTOR_LABELS["otp"],
  challenge: "typed",
  amr: ["otp"],
  codeInput: sixDigitCode,
  enrolled: (userId) => hasConfirmed(userId, "otp"),
  async offer(actor) {
    return (await hasConfirmed(actor.userId, "otp")) ? { open: await otpChallengeOpen(actor) } : null;
  },
  start: nothingToSend,
  async verify(actor, proof) {
    const { factorId } = await verifyOtp(actor, typedCode(otpStrategy, proof));
    return { type: "otp", factorId };
  },
  removeExtras: noExtras,
  describe: () => undefined,
};
