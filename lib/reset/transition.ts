import type { Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { storedColumns, type FlowData, type ResetFlow } from "./flow";
import { canTransition, type EndReason, type ResetState } from "./states";
import { recordTransition } from "./testing/transition-recorder";

type Tx = Pick<Prisma.TransactionClient, "resetFlow" | "$queryRaw">;

/** A state and its data, as a move names it; the user stays the flow's. */
export type NextData = FlowData extends infer D ? (D extends FlowData ? Omit<D, "userId"> : never) : never;

/** Columns a move may set besides the state's data (which only the state's data sets). */
export type MoveColumns = Omit<Prisma.ResetFlowUpdateManyMutationInput, "state" | "progress" | "failureReason" | "userId">;

/** The moved flow: its columns, with the new state and that state's data. */
type Moved<N extends NextData> = Extract<ResetFlow, { state: N["state"] }>;

/**
 * The one way a flow changes state. The update is conditional on the state it was read in, so of
 * two requests racing on one flow (a double click, two tabs) exactly one moves it; the other gets
 * RESET_FLOW_STATE and changes nothing. A redirect's state can be replaced without leaving
 * awaiting_redirect ("Continue at <site>"), so leaving that state is also conditional on the
 * redirect state the caller checked: a return holding a replaced state never gets through.
 * Returns the flow as it now is.
 */
export async function transitionFlow<N extends NextData>(tx: Tx, flow: ResetFlow, next: N, columns: MoveColumns = {}): Promise<Moved<N>> {
  const from = flow.state;
  const to = next.state;
  if (!canTransition(from, to) || (!flow.userId && to !== "expired")) {
    throw new AppError("RESET_FLOW_STATE", undefined, { detail: `reset flow ${flow.id}: ${from} -> ${to} is not allowed` });
  }
  const moved = { ...columnsOf(flow), ...columns, userId: flow.userId, ...next } as unknown as Moved<N>;
  const sameRedirect = flow.state === "awaiting_redirect" ? { progress: { path: ["redirect", "stateHash"], equals: flow.redirect.stateHash } } : {};
  const updated = await tx.resetFlow.updateMany({ where: { id: flow.id, state: from, ...sameRedirect }, data: { ...columns, ...storedColumns(moved), state: to } });
  if (updated.count !== 1) {
    throw new AppError("RESET_FLOW_STATE", undefined, { detail: `reset flow ${flow.id} left ${from} meanwhile` });
  }
  recordTransition(from, to);
  return moved;
}

/** The flow without its state's data: the data of the state it leaves does not follow it. */
function columnsOf(flow: ResetFlow): Record<string, unknown> {
  const columns: Record<string, unknown> = { ...flow };
  for (const key of STATE_DATA_KEYS) delete columns[key];
  return columns;
}

const STATE_DATA_KEYS = ["state", "userId", "progress", "challenge", "redirect", "denial", "reason"] as const;

/** A new flow: every flow starts waiting for its link (`link_sent`). */
export async function openFlow(
  tx: Pick<Prisma.TransactionClient, "resetFlow">,
  data: Omit<Prisma.ResetFlowUncheckedCreateInput, "state" | "progress" | "failureReason">,
): Promise<{ id: string; expiresAt: Date; userId: string | null }> {
  const flow = await tx.resetFlow.create({ data: { ...data, state: "link_sent" }, select: { id: true, expiresAt: true, userId: true } });
  recordTransition("[*]", "link_sent");
  return flow;
}

/**
 * Ends every flow of a user that is in one of `from`, in the caller's transaction: the bulk moves
 * (a newer link supersedes the unused ones; an account event ends them all) check the same table
 * as a single move. One statement locks the rows, moves them, and says which states they left.
 */
export async function expireUserFlows(tx: Tx, userId: string, from: readonly ResetState[], reason: EndReason): Promise<number> {
  const refused = from.filter((state) => !canTransition(state, "expired"));
  if (refused.length) throw new AppError("RESET_FLOW_STATE", undefined, { detail: `${refused.join(", ")} -> expired is not allowed` });
  const left = await tx.$queryRaw<Array<{ from: ResetState }>>`
    UPDATE reset_flows AS f SET state = 'expired', failure_reason = ${reason}, updated_at = now()
      FROM (SELECT id, state FROM reset_flows WHERE user_id = ${userId} AND state = ANY(${[...from]}::text[]) FOR UPDATE) AS old
     WHERE f.id = old.id
    RETURNING old.state AS "from"`;
  for (const row of left) recordTransition(row.from, "expired");
  return left.length;
}
