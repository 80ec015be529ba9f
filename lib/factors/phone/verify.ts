import { prisma } from "@/lib/db";
import { redeemCode } from "../code-challenge";
import type { FlowActor } from "../types";

/** Checks the SMS code of this flow (5 tries; the code dies with the fifth wrong one). */
export async function verifySmsOtp(actor: FlowActor, code: string): Promise<void> {
  const { factorId } = await redeemCode({ userId: actor.userId, flowId: actor.flowId, ceremony: "sms-otp" }, code);
  const db = await prisma();
  if (factorId) await db.factor.updateMany({ where: { id: factorId, userId: actor.userId }, data: { lastUsedAt: new Date() } });
}
