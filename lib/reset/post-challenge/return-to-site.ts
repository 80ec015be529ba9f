import { prisma } from "@/lib/db";
import { AppError, isAppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http";
import type { FlowState, ResetFlow } from "../flow";
import { assertNotExpired, assertSameBrowser, limitVerifyPerIp, loadBoundFlow, loadFlow, requireCookie } from "../load-flow";
import { transitionFlow } from "../transition";
import { newRedirectState } from "./redirect-state";

/** The site this browser's reset waits on (an Action's redirect), as the pages name it. */
export type WaitingSite = { host: string };

/**
 * Where this browser's reset waits for an Action's redirect, or null: no reset, another state, or
 * a flow suspended before the site's URL was kept. For the pages that offer the way back (the
 * waiting page, a used link reached with Back, a refused or late return at /continue).
 */
export async function waitingSiteOf(cookieValue: string | undefined): Promise<WaitingSite | null> {
  let flow: ResetFlow;
  try {
    flow = await loadBoundFlow(cookieValue);
  } catch (error) {
    if (isAppError(error)) return null;
    throw error;
  }
  if (flow.state !== "awaiting_redirect" || !flow.redirect.url) return null;
  return { host: new URL(flow.redirect.url).host };
}

/**
 * "Continue at <site>": sends the browser back to the site an Action redirected it to, with a fresh
 * state. The checks, in order: the rate limit, the reset cookie, its flow, not past its lifetime,
 * bound to this browser, waiting for a redirect whose URL is known. The new state replaces the old
 * one in one conditional update, so only the newest link the site holds can come back; the
 * Action is not run again (its side effects happened once), and the site gets the URL it was given.
 */
export async function returnToRedirectSite(input: { cookieValue: string | undefined; ctx: RequestContext }): Promise<{ next: string }> {
  await limitVerifyPerIp(input.ctx);
  const cookie = requireCookie(input.cookieValue);
  const flow = await loadFlow(cookie.flowId);
  await assertNotExpired(flow, input.ctx);
  assertSameBrowser(flow, cookie, "bindingHash");
  const waiting = assertWaitingOnSite(flow);
  const { pending, href } = newRedirectState(waiting, waiting.redirect.url);
  const db = await prisma();
  await transitionFlow(db, waiting, { state: "awaiting_redirect", progress: waiting.progress, redirect: { action: waiting.redirect.action, ...pending } });
  return { next: href };
}

function assertWaitingOnSite(flow: ResetFlow): FlowState<"awaiting_redirect"> & { redirect: { url: string } } {
  if (flow.state !== "awaiting_redirect" || !flow.redirect.url) {
    throw new AppError("RESET_FLOW_STATE", undefined, { detail: `reset flow ${flow.id} is ${flow.state}, not waiting on a known site` });
  }
  return flow as FlowState<"awaiting_redirect"> & { redirect: { url: string } };
}
