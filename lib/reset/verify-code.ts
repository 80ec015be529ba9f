import { z } from "zod";
import { config } from "@/lib/config";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http";
import { writeLog } from "@/lib/logs";
import { assertRateLimit, timingSafeEqualString } from "@/lib/security";
import { assertAccountUnchanged } from "./account-check";
import { advanceFlow } from "./advance";
import { resetCodeHash } from "./code-hash";
import { flowLogContext } from "./log-context";
import type { FlowState, ResetFlow } from "./flow";
import { assertNotExpired, assertSameBrowser, limitVerifyPerIp, loadFlow, requireCookie } from "./load-flow";
import { transitionFlow } from "./transition";

/** Wrong codes a flow accepts before only the link works. */
export const MAX_CODE_ATTEMPTS = 5;

export const resetCodeSchema = z.object({
  code: z
    .string({ error: "fields.emailCodeRequired" })
    .transform((v) => v.replace(/[\s-]/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "fields.codeSixDigits")),
});

/**
 * One guess from the account's budget across all of its flows and every IP (resetCodePerAccount),
 * taken before the flow's own attempt: five tries per flow would otherwise be a fresh five with
 * every new request. The budget is keyed by the identifier the flows were asked for, known or
 * not, so an unknown address runs out after the same number of guesses and the refusal tells
 * nothing about the account. The email link is not limited by it: the owner still has that.
 */
async function takeAccountGuess(flow: ResetFlow, ctx: RequestContext): Promise<void> {
  const log = () => writeLog({ type: "fcp", ...flowLogContext(flow, ctx), description: "Too many reset code guesses for this account", details: { policy: "resetCodePerAccount" } });
  await assertRateLimit("resetCodePerAccount", flow.identifier, log, { code: "RESET_CODE_ATTEMPTS" });
}

/**
 * The code path of the first challenge, for a person who reads mail on another device: the code
 * is typed into the tab that asked for the reset, and only that tab's cookie can use it. Each try
 * takes one guess of the account's budget and one of the flow's five attempts first (atomically),
 * so parallel guesses cannot exceed either limit.
 * A flow for an unknown address has no code and fails the same way, attempt for attempt.
 */
export async function verifyResetCode(cookieValue: string | undefined, code: string, ctx: RequestContext): Promise<{ next: string }> {
  const cookie = requireCookie(cookieValue);
  await limitVerifyPerIp(ctx);
  const flow = await loadFlow(cookie.flowId);
  await assertNotExpired(flow, ctx);
  assertSameBrowser(flow, cookie, "requesterHash");
  const sent = assertLinkSent(flow);
  await takeAccountGuess(sent, ctx);
  await takeFlowAttempt(sent);
  await assertCodeMatches(sent, code, ctx);
  await assertAccountUnchanged(sent, ctx);
  const verified = await bindToRequestingTab(sent);
  return { next: await advanceFlow(verified, ctx) };
}

function assertLinkSent(flow: ResetFlow): FlowState<"link_sent"> {
  if (flow.state !== "link_sent") throw new AppError("RESET_FLOW_STATE");
  return flow;
}

/** One of the flow's five attempts, taken atomically before the code is compared. */
async function takeFlowAttempt(flow: FlowState<"link_sent">): Promise<void> {
  const db = await prisma();
  const attempt = await db.resetFlow.updateMany({
    where: { id: flow.id, state: "link_sent", codeAttempts: { lt: MAX_CODE_ATTEMPTS } },
    data: { codeAttempts: { increment: 1 } },
  });
  if (attempt.count !== 1) throw new AppError("RESET_CODE_ATTEMPTS");
}

async function assertCodeMatches(flow: FlowState<"link_sent">, code: string, ctx: RequestContext): Promise<void> {
  if (flow.codeHash && timingSafeEqualString(flow.codeHash, resetCodeHash(flow.id, code))) return;
  const left = MAX_CODE_ATTEMPTS - flow.codeAttempts - 1;
  await writeLog({ type: "fcp", ...flowLogContext(flow, ctx), description: "Wrong reset code" });
  if (left <= 0) throw new AppError("RESET_CODE_ATTEMPTS");
  const message = `That code is not right. ${left} ${left === 1 ? "try" : "tries"} left.`;
  throw new AppError("RESET_CODE_INVALID", message, { fields: { code: message } });
}

/** The tab that asked holds the requester cookie already: the flow is bound to it. */
async function bindToRequestingTab(flow: FlowState<"link_sent">): Promise<ResetFlow> {
  const minutes = config().RESET_FLOW_MINUTES;
  const db = await prisma();
  return transitionFlow(
    db,
    flow,
    { state: "link_verified", progress: { done: [], passed: [] } },
    { ticketConsumedAt: new Date(), bindingHash: flow.requesterHash, expiresAt: new Date(Date.now() + minutes * 60_000) },
  );
}
