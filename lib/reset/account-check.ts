import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http";
import { writeLog } from "@/lib/logs";
import type { AccountAtWrite } from "@/lib/users";
import type { ResetFlow } from "./flow";
import { flowLogContext } from "./log-context";
import { END_REASONS, type EndReason } from "./states";
import { transitionFlow } from "./transition";

const REFUSALS: Record<EndReason, string> = {
  lifetime: "Reset link refused: it expired",
  superseded: "Reset link refused: a newer link was sent",
  password_changed: "Reset link refused: the password changed after it was sent",
  email_changed: "Reset link refused: the email address changed after it was sent",
  user_deleted: "Reset link refused: the user was deleted",
  blocked: "Reset link refused: the user is blocked",
};

/** Says in the tenant log (fcpr) why a link, a code or a reset in progress was refused. */
export async function logRefusedReset(flow: Pick<ResetFlow, "id" | "userId" | "identifier" | "connectionId">, reason: EndReason, ctx: RequestContext): Promise<void> {
  await writeLog({ type: "fcpr", ...flowLogContext(flow, ctx), description: REFUSALS[reason] ?? REFUSALS.lifetime, details: { flow_id: flow.id, reason } });
}

/**
 * Using a link (its POST, the code, the new password) checks the account it was issued for once
 * more: not blocked, the address it was sent to still the account's, and no password written since
 * it was issued. Each of those events ends the user's flows in its own transaction already; this
 * catches whatever wrote the user without going through lib/users. A failed check ends the flow.
 * `account`: the user's row when the caller has just read it (the password write does), so it is
 * not read twice.
 */
export async function assertAccountUnchanged(flow: ResetFlow, ctx: RequestContext, account?: AccountAtWrite | null): Promise<void> {
  if (!flow.userId) return;
  const db = await prisma();
  const user = account !== undefined ? account : await db.user.findUnique({ where: { id: flow.userId }, select: { blocked: true, email: true, passwordChangedAt: true } });
  const reason: EndReason | null = !user
    ? "user_deleted"
    : user.blocked
      ? "blocked"
      : (user.email ?? null) !== (flow.sentTo ?? null)
        ? "email_changed"
        : user.passwordChangedAt && user.passwordChangedAt > flow.createdAt
          ? "password_changed"
          : null;
  if (!reason) return;
  await transitionFlow(db, flow, { state: "expired", reason }).catch(() => undefined);
  await logRefusedReset(flow, reason, ctx);
  throw new AppError(END_REASONS[reason]);
}
