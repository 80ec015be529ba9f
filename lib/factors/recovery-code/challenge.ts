import { prisma } from "@/lib/db";
import { attemptsSpent } from "../code-challenge";
import type { FlowActor } from "../types";

/** Unused codes of the user's current set. */
export async function recoveryCodesLeft(userId: string): Promise<number> {
  const db = await prisma();
  return db.recoveryCode.count({ where: { userId, usedAt: null } });
}

/** Like the authenticator app, nothing is sent: the challenge is the flow's budget of tries. */
export async function recoveryChallengeOpen(actor: FlowActor): Promise<boolean> {
  return !(await attemptsSpent({ userId: actor.userId, flowId: actor.flowId, ceremony: "recovery-code" }));
}
