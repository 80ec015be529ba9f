import { z } from "zod";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ipLimitKey, type RequestContext } from "@/lib/http";
import { writeLog } from "@/lib/logs";
import { assertRateLimit, hashToken, timingSafeEqualString } from "@/lib/security";
import { assertNotExpired, assertSameBrowser, loadFlow, requireCookie, type ResetFlowRow } from "../load-flow";
import { flowLogContext } from "../log-context";
import { readProgress } from "../progress";
import { progressJson } from "../progress-json";
import { transitionFlow } from "../transition";
import { runPostChallenge, type ContinueParams } from "./run";

/** Parameters of a `/continue` request: Auth0's external sites may send anything besides `state`. */
export const continueParamsSchema = z
  .record(z.string().max(256), z.unknown())
  .refine((params) => Object.keys(params).length <= 100, "Too many parameters.");

/** The redirect's `state`: 32 random bytes, base64url. */
const stateSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

type Pending = { action: string };

/**
 * `/continue` (GET or POST): the browser is back from an Action's redirect. The checks, in order:
 * a well-formed `state`, the rate limit, the reset cookie, its flow, not past its lifetime, bound
 * to this browser, waiting for exactly this redirect, before the state's expiry. Then the state is
 * spent by one conditional update (a replay or a parallel second request finds the flow moved on),
 * and the same Action resumes in `onContinuePostChallenge`, followed by the Actions after it.
 * Every refusal changes nothing: the flow still waits for the right state.
 */
export async function continuePostChallenge(input: { cookieValue: string | undefined; params: ContinueParams; ctx: RequestContext }): Promise<{ next: string }> {
  const { params, ctx } = input;
  const state = readState(params);
  await assertRateLimit("resetVerifyPerIp", ipLimitKey(ctx.ip));
  const cookie = requireCookie(input.cookieValue);
  const flow = await loadFlow(cookie.flowId);
  await assertNotExpired(flow);
  assertSameBrowser(flow, cookie, "bindingHash");
  const pending = await assertAwaitingThisRedirect(flow, state, ctx);
  await spendState(flow);
  return { next: await runPostChallenge(flow, ctx, { resume: { action: pending.action, params } }) };
}

/** `state` as the external site sent it; posted parameters win over the query's, as in validateToken. */
function readState(params: ContinueParams): string {
  const merged = { ...params.query, ...params.body };
  const parsed = stateSchema.safeParse(merged.state);
  if (!parsed.success) throw new AppError("RESET_CONTINUE_INVALID", undefined, { detail: "missing or malformed /continue state" });
  return parsed.data;
}

async function assertAwaitingThisRedirect(flow: ResetFlowRow, state: string, ctx: RequestContext): Promise<Pending> {
  const pending = readProgress(flow.progress).redirect;
  if (flow.state !== "awaiting_redirect" || !pending) {
    throw new AppError("RESET_CONTINUE_INVALID", undefined, { detail: `reset flow ${flow.id} is ${flow.state}, not awaiting a redirect` });
  }
  if (!timingSafeEqualString(pending.stateHash, hashToken(state))) {
    // A wrong state from the right browser is a forged or tampered return: worth a log line.
    await writeLog({ type: "fcp", ...flowLogContext(flow, ctx), description: "Wrong state on /continue", details: { action: pending.action } });
    throw new AppError("RESET_CONTINUE_INVALID");
  }
  if (new Date(pending.expiresAt).getTime() <= Date.now()) throw new AppError("RESET_CONTINUE_EXPIRED");
  return pending;
}

async function spendState(flow: ResetFlowRow): Promise<void> {
  const spent = progressJson({ ...readProgress(flow.progress), redirect: undefined });
  const db = await prisma();
  await transitionFlow(db, flow, "link_verified", { progress: spent }).catch((error: unknown) => {
    throw error instanceof AppError && error.code === "RESET_FLOW_STATE" ? new AppError("RESET_CONTINUE_INVALID") : error;
  });
  flow.progress = spent;
}
