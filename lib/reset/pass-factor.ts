import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http";
import { advanceFlow } from "./advance";
import type { ResetFlowRow } from "./load-flow";
import { readProgress, type FactorType } from "./progress";
import { progressJson } from "./progress-json";
import { transitionFlow } from "./transition";

/**
 * Called by a factor's check once the user passed the pending challenge: records the factor
 * (an `mfa` method for later Actions; a factor passed once is not asked again), clears the
 * challenge and runs the Actions after the one that asked. The state move is conditional, so
 * two parallel successes advance the flow once.
 */
export async function passFactor(flow: ResetFlowRow, type: FactorType, ctx: RequestContext): Promise<string> {
  const progress = readProgress(flow.progress);
  if (flow.state !== "awaiting_factor" || !progress.challenge?.factors.includes(type)) {
    throw new AppError("RESET_FLOW_STATE", undefined, { detail: `reset flow ${flow.id}: ${type} does not answer its challenge` });
  }
  const next = progressJson({ ...progress, challenge: undefined, passed: [...progress.passed, { type, at: new Date().toISOString() }] });
  const db = await prisma();
  await transitionFlow(db, flow, "link_verified", { progress: next });
  flow.progress = next;
  return advanceFlow(flow, ctx);
}
