import { prisma, type Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { FactorType } from "@/lib/factors";
import type { RequestContext } from "@/lib/http";
import { advanceFlow } from "./advance";
import type { ResetFlowRow } from "./load-flow";
import { readProgress, type PostChallengeProgress } from "./progress";
import { transitionFlow } from "./transition";

/**
 * Records a passed factor and moves the flow on: appends `{type, at}` to `progress.passed`, drops
 * the pending challenge, leaves `awaiting_factor` (conditionally: of two requests passing at once,
 * one moves the flow and the other gets RESET_FLOW_STATE), and deletes every factor challenge
 * still open for this flow (a code sent for a method the user did not use). Then the pipeline
 * resumes; returns the path the browser goes to next.
 */
export async function passFactor(flow: ResetFlowRow, factorType: FactorType, ctx: RequestContext): Promise<string> {
  const progress = readProgress(flow.progress);
  if (flow.state !== "awaiting_factor" || !progress.challenge?.factors.includes(factorType)) {
    throw new AppError("RESET_FLOW_STATE", undefined, { detail: `reset flow ${flow.id}: ${factorType} passed while ${flow.state}` });
  }
  const next: PostChallengeProgress = { ...progress, challenge: undefined, passed: [...progress.passed, { type: factorType, at: new Date().toISOString() }] };
  const db = await prisma();
  await db.$transaction(async (tx) => {
    await transitionFlow(tx, flow, "link_verified", { progress: next as Prisma.InputJsonValue });
    await tx.factorChallenge.deleteMany({ where: { flowId: flow.id } });
  });
  flow.progress = next as Prisma.JsonValue;
  return advanceFlow(flow, ctx);
}
