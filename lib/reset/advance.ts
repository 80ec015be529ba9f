import type { RequestContext } from "@/lib/http";
import type { ResetFlow } from "./flow";
import { runPostChallenge } from "./post-challenge";

/**
 * Runs what comes after a passed challenge (the email link or code, a factor) and returns where
 * the browser goes next: the post-challenge Actions, which may ask for a factor, redirect (an
 * absolute URL is returned then) or deny; with none, Rekey's secure default; then the new password.
 */
export async function advanceFlow(flow: ResetFlow, ctx: RequestContext): Promise<string> {
  return runPostChallenge(flow, ctx);
}
