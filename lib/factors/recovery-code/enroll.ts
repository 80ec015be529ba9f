import { prisma } from "@/lib/db";
import { logFactorEvent } from "../log";
import { requireReauth } from "../reauth";
import type { AccountActor } from "../types";
import { newRecoveryCode, normalizeRecoveryCode, RECOVERY_CODE_COUNT, recoveryCodeHash } from "./codes";

/**
 * Makes a new set of recovery codes and returns them, the only time they are ever readable: only
 * their keyed hashes are stored. A new set replaces every code of the old one, used or not.
 */
export async function generateRecoveryCodes(actor: AccountActor): Promise<string[]> {
  await requireReauth(actor);
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const db = await prisma();
  const factor = await db.$transaction(async (tx) => {
    await tx.recoveryCode.deleteMany({ where: { userId: actor.userId } });
    await tx.factor.deleteMany({ where: { userId: actor.userId, type: "recovery-code" } });
    await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId: actor.userId, codeHash: recoveryCodeHash(actor.userId, normalizeRecoveryCode(code)) })) });
    return tx.factor.create({ data: { userId: actor.userId, type: "recovery-code", name: "Recovery codes", confirmedAt: new Date() } });
  });
  await logFactorEvent("gd_enrollment_complete", actor, { factor: "recovery-code", factorId: factor.id });
  return codes;
}
