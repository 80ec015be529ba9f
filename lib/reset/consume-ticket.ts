import { config } from "@/lib/config";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ipLimitKey, type RequestContext } from "@/lib/http";
import { writeLog } from "@/lib/logs";
import { assertRateLimit, hashToken } from "@/lib/security";
import { assertAccountUnchanged, logRefusedReset } from "./account-check";
import { advanceFlow } from "./advance";
import { newBindingSecret, type ResetCookie } from "./cookie";
import type { ResetFlowRow } from "./load-flow";
import { flowLogContext } from "./log-context";
import { endReasonCode, type EndReason } from "./states";
import { transitionFlow } from "./transition";

export type TicketStatus = "valid" | "invalid" | "used" | "expired" | "superseded" | "revoked" | "blocked";

const TICKET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

async function findByTicket(ticket: string): Promise<ResetFlowRow | null> {
  if (!TICKET_SHAPE.test(ticket)) return null;
  const db = await prisma();
  return db.resetFlow.findUnique({ where: { ticketHash: hashToken(ticket) } });
}

function statusOf(flow: ResetFlowRow | null): TicketStatus {
  if (!flow) return "invalid";
  if (flow.ticketConsumedAt || !["link_sent", "expired"].includes(flow.state)) return "used";
  if (flow.state === "expired") return EXPIRED_STATUS[endReasonCode(flow.failureReason)];
  if (!flow.ticketExpiresAt || flow.ticketExpiresAt <= new Date()) return "expired";
  return "valid";
}

const EXPIRED_STATUS = {
  RESET_LINK_EXPIRED: "expired",
  RESET_LINK_SUPERSEDED: "superseded",
  RESET_LINK_REVOKED: "revoked",
  RESET_USER_BLOCKED: "blocked",
} as const satisfies Record<ReturnType<typeof endReasonCode>, TicketStatus>;

const STATUS_ERRORS = {
  invalid: "RESET_LINK_INVALID",
  used: "RESET_LINK_USED",
  expired: "RESET_LINK_EXPIRED",
  superseded: "RESET_LINK_SUPERSEDED",
  revoked: "RESET_LINK_REVOKED",
  blocked: "RESET_USER_BLOCKED",
} as const;

/** For the link's GET page: what the ticket is worth, without consuming it (mail scanners open links). */
export async function inspectResetTicket(ticket: string): Promise<TicketStatus> {
  return statusOf(await findByTicket(ticket));
}

/**
 * The link's POST: consumes the ticket and binds the flow to this browser. The state move is a
 * conditional update, so two POSTs of one link (double click, a scanner that submits forms) yield
 * one winner; any later use is refused and logged, as a reused secret is a signal. A link that
 * ended (expired, superseded, ended by the account's events) is refused with why, in the answer
 * and the tenant log, and a live one is checked against the account as it is now.
 */
export async function consumeResetTicket(ticket: string, ctx: RequestContext): Promise<{ cookie: ResetCookie; cookieMaxAgeSeconds: number; next: string }> {
  await assertRateLimit("resetVerifyPerIp", ipLimitKey(ctx.ip));
  const flow = await findByTicket(ticket);
  const status = statusOf(flow);
  if (status !== "valid" || !flow) {
    if (flow && status === "used") {
      await writeLog({ type: "fcp", ...flowLogContext(flow, ctx), description: "Reset link used again" });
    } else if (flow) {
      await logRefusedReset(flow, (flow.state === "expired" ? (flow.failureReason ?? "lifetime") : "lifetime") as EndReason, ctx);
    }
    throw new AppError(STATUS_ERRORS[status as keyof typeof STATUS_ERRORS]);
  }
  await assertAccountUnchanged(flow, ctx);
  const binding = newBindingSecret();
  const minutes = config().RESET_FLOW_MINUTES;
  const db = await prisma();
  await transitionFlow(db, flow, "link_verified", {
    ticketConsumedAt: new Date(),
    bindingHash: binding.hash,
    expiresAt: new Date(Date.now() + minutes * 60_000),
  }).catch((error) => {
    throw error instanceof AppError && error.code === "RESET_FLOW_STATE" ? new AppError("RESET_LINK_USED") : error;
  });
  const next = await advanceFlow(flow, ctx);
  return { cookie: { flowId: flow.id, secret: binding.secret }, cookieMaxAgeSeconds: minutes * 60, next };
}
