import { FACTOR_LABELS } from "../names";
import { recoveryCodeInput } from "../schemas";
import type { FactorStrategy } from "../strategy";
import { hasConfirmed, nothingToSend, typedCode } from "../strategy-parts";
import { recoveryChallengeOpen, recoveryCodesLeft } from "./challenge";
import { RECOVERY_CODE_COUNT } from "./codes";
import { verifyRecoveryCode } from "./verify";

/** One of the saved recovery codes, each good once; usable while one is left. */
export const recoveryCodeStrategy: FactorStrategy = {
  type: "recovery-code",
  label: FACTOR_LABELS["recovery-code"],
  challenge: "typed",
  amr: ["otp"],
  codeInput: recoveryCodeInput,
  async enrolled(userId) {
    return (await hasConfirmed(userId, "recovery-code")) && (await recoveryCodesLeft(userId)) > 0;
  },
  async offer(actor) {
    const left = await recoveryCodesLeft(actor.userId);
    if (left === 0 || !(await hasConfirmed(actor.userId, "recovery-code"))) return null;
    return { detail: `${left} ${left === 1 ? "code" : "codes"} left`, open: await recoveryChallengeOpen(actor) };
  },
  start: nothingToSend,
  async verify(actor, proof) {
    const { remaining } = await verifyRecoveryCode(actor, typedCode(recoveryCodeStrategy, proof));
    return { type: "recovery-code", remainingRecoveryCodes: remaining };
  },
  async removeExtras(tx, userId) {
    await tx.recoveryCode.deleteMany({ where: { userId } });
  },
  describe: (_row, ctx) => `${ctx.recoveryCodesLeft} of ${RECOVERY_CODE_COUNT} left`,
};
