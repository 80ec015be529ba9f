import { attemptsSpent } from "../code-challenge";
import type { FlowActor } from "../types";

/**
 * An authenticator app has nothing to send: its challenge is the budget of tries in this flow.
 * The page offers the code field while tries are left.
 */
export async function otpChallengeOpen(actor: FlowActor): Promise<boolean> {
  return !(await attemptsSpent({ userId: actor.userId, flowId: actor.flowId, ceremony: "otp" }));
}
