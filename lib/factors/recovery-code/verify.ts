import { prisma } from "@/lib/db";
import { takeAttempt } from "../code-challenge";
import type { FlowActor } from "../types";
import { recoveryCodeHash } from "./codes";
import { recoveryCodesLeft } from "./challenge";

/**
 * Redeems a recovery code within a reset: one of the flow's 5 tries first, then the code is
 * consumed by a conditional update (unused → used), so it works once even under a race. A code
 * that was already used is a signal worth a log line: the caller logs the failure with its reason.
 */
export async function verifyRecoveryCode(actor: FlowActor, normalizedCode: string): Promise<{ remaining: number }> {
  const attempt = await takeAttempt({ userId: actor.userId, flowId: actor.flowId, ceremony: "recovery-code", expiresAt: actor.flowExpiresAt });
  const db = await prisma();
  const codeHash = recoveryCodeHash(actor.userId, normalizedCode);
  const used = await db.recoveryCode.updateMany({ where: { userId: actor.userId, codeHash, usedAt: null }, data: { usedAt: new Date() } });
  if (used.count !== 1) {
    const reused = await db.recoveryCode.count({ where: { userId: actor.userId, codeHash } });
    throw attempt.wrong(reused ? "recovery code used again" : "unknown recovery code");
  }
  await attempt.settle();
  await db.factor.updateMany({ where: { userId: actor.userId, type: "recovery-code" }, data: { lastUsedAt: new Date() } });
  return { remaining: await recoveryCodesLeft(actor.userId) };
}
