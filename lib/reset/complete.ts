import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http";
import { passwordInput, setUserPassword } from "@/lib/users";
import { assertAccountUnchanged } from "./account-check";
import { doneUrlOf } from "./done-url";
import { loadBoundFlow, type ResetFlowRow } from "./load-flow";
import { readProgress } from "./progress";
import { transitionFlow } from "./transition";

export const newPasswordSchema = z
  .object({ password: passwordInput, confirmPassword: passwordInput })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match." });

/**
 * The last step: the new password, in the same transaction as the flow's completion and the
 * end of every other reset of this user. The password write bumps the user's password version,
 * which ends every session, and enqueues the notice email and the post-change-password delivery.
 */
export async function completePasswordReset(cookieValue: string | undefined, password: string, ctx: RequestContext): Promise<{ redirectTo: string }> {
  const flow = await loadBoundFlow(cookieValue, ctx);
  if (flow.state !== "password_allowed" || !flow.userId) throw new AppError("RESET_FLOW_STATE");
  await assertAccountUnchanged(flow, ctx);
  await setUserPassword({
    userId: flow.userId,
    newPassword: password,
    reason: "reset",
    ctx,
    // The password write then ends every other open reset of the user in this transaction.
    inTransaction: async (tx) => {
      await transitionFlow(tx, flow, "completed", { completedAt: new Date() });
      if (flow.markEmailVerified) await tx.user.update({ where: { id: flow.userId! }, data: { emailVerified: true } });
    },
  });
  return { redirectTo: resultUrlOf(flow) };
}

/**
 * Where the user lands: the URL an Action set with api.transaction.setResultUrl, else a ticket's
 * result URL, else our done page. An Action's URL is taken only when it is absolute http(s) (the
 * api checked it already; this is the last line against an open redirect to `javascript:`).
 */
function resultUrlOf(flow: ResetFlowRow): string {
  const fromAction = readProgress(flow.progress).resultUrl;
  if (fromAction && isHttpUrl(fromAction)) return fromAction;
  return flow.resultUrl ?? doneUrlOf(flow);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}
