import type { Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { canTransition, type ResetState } from "./states";

type Tx = Pick<Prisma.TransactionClient, "resetFlow">;

/**
 * The one way a flow changes state. The update is conditional on the state it was read in, so of
 * two requests racing on one flow (a double click, two tabs) exactly one moves it; the other gets
 * RESET_FLOW_STATE and changes nothing.
 */
export async function transitionFlow(
  tx: Tx,
  flow: { id: string; state: string },
  to: ResetState,
  data: Omit<Prisma.ResetFlowUpdateManyMutationInput, "state"> = {},
): Promise<void> {
  const from = flow.state as ResetState;
  if (!canTransition(from, to)) {
    throw new AppError("RESET_FLOW_STATE", undefined, { detail: `reset flow ${flow.id}: ${from} -> ${to} is not allowed` });
  }
  const updated = await tx.resetFlow.updateMany({ where: { id: flow.id, state: from }, data: { ...data, state: to } });
  if (updated.count !== 1) {
    throw new AppError("RESET_FLOW_STATE", undefined, { detail: `reset flow ${flow.id} left ${from} meanwhile` });
  }
  flow.state = to;
}
