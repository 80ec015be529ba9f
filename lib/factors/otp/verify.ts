import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { takeAttempt } from "../code-challenge";
import { openSecret } from "../seal";
import type { FlowActor } from "../types";
import { totpStep } from "./totp";

/**
 * Checks a code from the authenticator app within a reset: one of the flow's 5 tries is taken
 * first; then the code must match (±1 step) and be newer than the last accepted one, which the
 * conditional update moves forward, so a replayed code fails even when two requests race.
 */
export async function verifyOtp(actor: FlowActor, code: string): Promise<{ factorId: string }> {
  const db = await prisma();
  const factor = await db.factor.findFirst({ where: { userId: actor.userId, type: "otp", confirmedAt: { not: null } } });
  if (!factor?.secretSealed) throw new AppError("FACTOR_NOT_FOUND");
  const attempt = await takeAttempt({ userId: actor.userId, flowId: actor.flowId, ceremony: "otp", expiresAt: actor.flowExpiresAt });
  const step = totpStep(openSecret(factor.secretSealed, actor.userId), code);
  if (step === null) throw attempt.wrong();
  const moved = await db.factor.updateMany({ where: { id: factor.id, counter: { lt: step } }, data: { counter: step, lastUsedAt: new Date() } });
  if (moved.count !== 1) throw attempt.wrong("code already used (replay)");
  await attempt.settle();
  return { factorId: factor.id };
}
