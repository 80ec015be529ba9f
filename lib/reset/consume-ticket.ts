import { config } from "@/lib/config";
import { prisma } from "@/lib/db";
import { AppError, isAppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http";
import { writeLog } from "@/lib/logs";
import { hashToken } from "@/lib/security";
import { assertAccountUnchanged, logRefusedReset } from "./account-check";
import { advanceFlow } from "./advance";
import { newBindingSecret, type ResetCookie } from "./cookie";
import { readFlow, type FlowState, type ResetFlow } from "./flow";
import { limitVerifyPerIp } from "./load-flow";
import { flowLogContext } from "./log-context";
import { endReasonCode } from "./states";
import { transitionFlow } from "./transition";

export type TicketStatus = "valid" | "invalid" | "used" | "expired" | "superseded" | "revoked" | "blocked";

const TICKET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

async function findByTicket(ticket: string): Promise<ResetFlow | null> {
  if (!TICKET_SHAPE.test(ticket)) return null;
  const db = await prisma();
  const row = await db.resetFlow.findUnique({ where: { ticketHash: hashToken(ticket) } });
  return row && readFlow(row);
}

function statusOf(flow: ResetFlow | null): TicketStatus {
  if (!flow) return "invalid";
  if (flow.ticketConsumedAt || (flow.state !== "link_sent" && flow.state !== "expired")) return "used";
  if (flow.state === "expired") return EXPIRED_STATUS[endReasonCode(flow.reason)];
  if (!flow.ticketExpiresAt || flow.ticketExpiresAt <= new Date()) return "expired";
  return "valid";
}

const EXPIRED_STATUS = {
  RESET_LINK_EXPIRED: "expired",
  RESET_LINK_SUPERSEDED: "superseded",
  RESET_LINK_REVOKED: "revoked",
  RESET_USER_BLOCKED: "blocked",
} as const satisfies Record<ReturnType<typeof endReasonCode>, TicketStatus>;

/** The error each unusable ticket status stands for (the link page says its message, in the page's language). */
export const TICKET_STATUS_ERRORS = {
  invalid: "RESET_LINK_INVALID",
  used: "RESET_LINK_USED",
  expired: "RESET_LINK_EXPIRED",
  superseded: "RESET_LINK_SUPERSEDED",
  revoked: "RESET_LINK_REVOKED",
  blocked: "RESET_USER_BLOCKED",
} as const;

/** For the link's GET page: what the ticket is worth, without consuming it (mail scanners open links). */
export async function inspectResetTicket(ticket: string): Promise<TicketStatus> {
  // A row lib/reset cannot read (logged by readFlow) is a link that does not work.
  const flow = await findByTicket(ticket).catch((error: unknown) => {
    if (isAppError(error) && error.code === "RESET_FLOW_INVALID") return null;
    throw error;
  });
  return statusOf(flow);
}

/**
 * The link's POST: consumes the ticket and binds the flow to this browser. The state move is a
 * conditional update, so two POSTs of one link (double click, a scanner that submits forms) yield
 * one winner; any later use is refused and logged, as a reused secret is a signal. A link that
 * ended (expired, superseded, ended by the account's events) is refused with why, in the answer
 * and the tenant log, and a live one is checked against the account as it is now.
 */
export async function consumeResetTicket(ticket: string, ctx: RequestContext): Promise<{ cookie: ResetCookie; cookieMaxAgeSeconds: number; next: string }> {
  await limitVerifyPerIp(ctx);
  const flow = await assertTicketValid(await findByTicket(ticket), ctx);
  await assertAccountUnchanged(flow, ctx);
  const { verified, cookie } = await bindToThisBrowser(flow);
  const next = await advanceFlow(verified, ctx);
  return { cookie, cookieMaxAgeSeconds: config().RESET_FLOW_MINUTES * 60, next };
}

/** A ticket that is not valid is refused with why; a reused one is logged as the signal it is. */
async function assertTicketValid(flow: ResetFlow | null, ctx: RequestContext): Promise<FlowState<"link_sent">> {
  const status = statusOf(flow);
  if (status === "valid" && flow?.state === "link_sent") return flow;
  if (flow && status === "used") {
    await writeLog({ type: "fcp", ...flowLogContext(flow, ctx), description: "Reset link used again" });
  } else if (flow) {
    await logRefusedReset(flow, flow.state === "expired" ? flow.reason : "lifetime", ctx);
  }
  throw new AppError(TICKET_STATUS_ERRORS[status as keyof typeof TICKET_STATUS_ERRORS]);
}

/** Spends the ticket and binds the flow to a new cookie; of two POSTs of one link, the second is RESET_LINK_USED. */
async function bindToThisBrowser(flow: FlowState<"link_sent">): Promise<{ verified: ResetFlow; cookie: ResetCookie }> {
  const binding = newBindingSecret();
  const minutes = config().RESET_FLOW_MINUTES;
  const db = await prisma();
  const verified = await transitionFlow(
    db,
    flow,
    { state: "link_verified", progress: { done: [], passed: [] } },
    { ticketConsumedAt: new Date(), bindingHash: binding.hash, expiresAt: new Date(Date.now() + minutes * 60_000) },
  ).catch((error) => {
    throw error instanceof AppError && error.code === "RESET_FLOW_STATE" ? new AppError("RESET_LINK_USED") : error;
  });
  return { verified, cookie: { flowId: flow.id, secret: binding.secret } };
}
