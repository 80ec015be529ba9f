import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http";
import { passwordInput, setUserPassword } from "@/lib/users";
import { assertAccountUnchanged } from "./account-check";
import type { FlowState, ResetFlow } from "./flow";
import { loadBoundFlow } from "./load-flow";
import { nextStepOf } from "./next-step";
import { transitionFlow } from "./transition";

export const newPasswordSchema = z
  .object({ password: passwordInput, confirmPassword: passwordInput })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "fields.passwordsMismatch" });

/**
 * The last step: the new password, in the same transaction as the flow's completion and the
 * end of every other reset of this user. The password write bumps the user's password version,
 * which ends every session, and enqueues the notice email and the post-change-password delivery.
 * Returns where the browser lands (nextStepOf a completed flow: the result URL, or our done page).
 */
export async function completePasswordReset(cookieValue: string | undefined, password: string, ctx: RequestContext): Promise<{ redirectTo: string }> {
  const flow = assertPasswordAllowed(await loadBoundFlow(cookieValue, ctx));
  const completed = await saveNewPassword(flow, password, ctx);
  return { redirectTo: nextStepOf(completed).path };
}

function assertPasswordAllowed(flow: ResetFlow): FlowState<"password_allowed"> {
  if (flow.state !== "password_allowed") throw new AppError("RESET_FLOW_STATE");
  return flow;
}

async function saveNewPassword(flow: FlowState<"password_allowed">, password: string, ctx: RequestContext): Promise<FlowState<"completed">> {
  let completed: FlowState<"completed"> | undefined;
  await setUserPassword({
    userId: flow.userId,
    newPassword: password,
    reason: "reset",
    ctx,
    // The account is checked on the row the write reads, before anything else.
    checkUser: (user) => assertAccountUnchanged(flow, ctx, user),
    // The password write then ends every other open reset of the user in this transaction.
    inTransaction: async (tx) => {
      completed = await transitionFlow(tx, flow, { state: "completed", progress: flow.progress }, { completedAt: new Date() });
      if (flow.markEmailVerified) await tx.user.update({ where: { id: flow.userId }, data: { emailVerified: true } });
    },
  });
  return completed!;
}
