import { prisma } from "@/lib/db";
import { redeemCode } from "../code-challenge";
import type { FlowActor } from "../types";

/** Checks the emailed code of this flow (5 tries; the code dies with the fifth wrong one). */
export async function verifyEmailOtp(actor: FlowActor, code: string): Promise<void> {
  await redeemCode({ userId: actor.userId, flowId: actor.flowId, ceremony: "email-otp" }, code);
  const db = await prisma();
  await db.factor.updateMany({ where: { userId: actor.userId, type: "email", confirmedAt: { not: null } }, data: { lastUsedAt: new Date() } });
}
