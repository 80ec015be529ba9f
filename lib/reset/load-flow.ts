import { prisma } from "@/lib/db";
import { AppError, catalogError } from "@/lib/errors";
import { ipLimitKey, type RequestContext } from "@/lib/http";
import { assertRateLimit, hashToken, timingSafeEqualString } from "@/lib/security";
import { logRefusedReset } from "./account-check";
import { decodeResetCookie, type ResetCookie } from "./cookie";
import { readFlow, type ResetFlow } from "./flow";
import { endReasonCode, TERMINAL_STATES, type ResetState } from "./states";
import { transitionFlow } from "./transition";

export type { ResetFlow, ResetFlowRow } from "./flow";

/**
 * The checks every step after the first challenge makes, in this order: a cookie at all, the flow
 * it names, not past its lifetime, and bound to this very browser. Each is one small function so
 * the order can be read here without reading their bodies.
 */
export async function loadBoundFlow(cookieValue: string | undefined, ctx?: RequestContext): Promise<ResetFlow> {
  const cookie = requireCookie(cookieValue);
  const flow = await loadFlow(cookie.flowId);
  await assertNotExpired(flow, ctx);
  assertSameBrowser(flow, cookie, "bindingHash");
  return flow;
}

/** Every step that takes a secret (a link, a code, a /continue state) counts against the IP's budget first. */
export async function limitVerifyPerIp(ctx: RequestContext): Promise<void> {
  await assertRateLimit("resetVerifyPerIp", ipLimitKey(ctx.ip));
}

export function requireCookie(cookieValue: string | undefined): ResetCookie {
  const cookie = decodeResetCookie(cookieValue);
  if (!cookie) throw new AppError("RESET_NOT_FOUND");
  return cookie;
}

export async function loadFlow(flowId: string): Promise<ResetFlow> {
  const db = await prisma();
  const row = await db.resetFlow.findUnique({ where: { id: flowId } });
  if (!row) throw new AppError("RESET_NOT_FOUND");
  return readFlow(row);
}

/**
 * A flow past its lifetime is moved to `expired` the first time anyone touches it. An ended flow
 * is refused with the code of why it ended; with the request's context (a submitted step, not a
 * page view) the refusal is also logged.
 */
export async function assertNotExpired(flow: ResetFlow, ctx?: RequestContext): Promise<void> {
  if (flow.state === "expired") {
    if (ctx) await logRefusedReset(flow, flow.reason, ctx);
    throw new AppError(endReasonCode(flow.reason));
  }
  if (flow.state === "denied") throw new AppError("RESET_DENIED", flow.reason ?? undefined);
  if (flow.state === "completed") throw catalogError("RESET_LINK_USED", { id: "refusals.resetComplete" });
  if (flow.expiresAt > new Date()) return;
  const db = await prisma();
  await transitionFlow(db, flow, { state: "expired", reason: "lifetime" }).catch(() => undefined);
  if (ctx) await logRefusedReset(flow, "lifetime", ctx);
  throw new AppError("RESET_LINK_EXPIRED");
}

/** The cookie's secret must hash to the one the flow was bound to (timing-safe). */
export function assertSameBrowser(flow: ResetFlow, cookie: ResetCookie, binding: "bindingHash" | "requesterHash"): void {
  const expected = flow[binding];
  if (!expected || !timingSafeEqualString(expected, hashToken(cookie.secret))) throw new AppError("RESET_WRONG_BROWSER");
}

export function isTerminal(state: string): boolean {
  return TERMINAL_STATES.includes(state as ResetState);
}
