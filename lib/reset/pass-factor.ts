import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { FactorType } from "@/lib/factors";
import type { RequestContext } from "@/lib/http";
import { advanceFlow } from "./advance";
import type { ResetFlow } from "./flow";
import { transitionFlow } from "./transition";

/**
 * Records a passed factor and moves the flow on: appends `{type, at}` to `progress.passed`, drops
 * the pending challenge, leaves `awaiting_factor` (conditionally: of two requests passing at once,
 * one moves the flow and the other gets RESET_FLOW_STATE), and deletes every factor challenge
 * still open for this flow (a code sent for a method the user did not use). Then the pipeline
 * resumes; returns the path the browser goes to next.
 */
export async function passFactor(flow: ResetFlow, factorType: FactorType, ctx: RequestContext): Promise<string> {
  if (flow.state !== "awaiting_factor" || !flow.challenge.factors.includes(factorType)) {
    throw new AppError("RESET_FLOW_STATE", undefined, { detail: `reset flow ${flow.id}: ${factorType} passed while ${flow.state}` });
  }
  const progress = { ...flow.progress, passed: [...flow.progress.passed, { type: factorType, at: new Date().toISOString() }] };
  const db = await prisma();
  const verified = await db.$transaction(async (tx) => {
    const moved = await transitionFlow(tx, flow, { state: "link_verified", progress });
    await tx.factorChallenge.deleteMany({ where: { flowId: flow.id } });
    return moved;
  });
  return advanceFlow(verified, ctx);
}
