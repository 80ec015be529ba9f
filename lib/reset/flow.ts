import { z } from "zod";
import type { Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { DENIALS, factorChallengeSchema, pendingRedirectSchema, progressSchema, type Denial, type FactorChallenge, type PendingRedirect, type PostChallengeProgress } from "./progress";
import { END_REASONS, isResetState, type EndReason } from "./states";

/** A `reset_flows` row as Prisma reads it: its state and data not yet checked. Only lib/reset reads one. */
export type ResetFlowRow = Prisma.ResetFlowGetPayload<object>;

/**
 * Each state with the data that belongs to it, and nothing else: a flow waiting for a factor has
 * its challenge, one waiting for a redirect has the hash of its `state`, a flow past its first
 * challenge has a user. `transitionFlow` writes one of these; `readFlow` reads one back.
 */
export type FlowData =
  | { state: "link_sent"; userId: string | null }
  | { state: "link_verified"; userId: string; progress: PostChallengeProgress }
  | { state: "awaiting_factor"; userId: string; progress: PostChallengeProgress; challenge: FactorChallenge }
  | { state: "awaiting_redirect"; userId: string; progress: PostChallengeProgress; redirect: PendingRedirect }
  | { state: "password_allowed"; userId: string; progress: PostChallengeProgress }
  | { state: "completed"; userId: string; progress: PostChallengeProgress }
  /** `reason`: why it ended before completing (the code a browser holding it is refused with). */
  | { state: "expired"; userId: string | null; reason: EndReason }
  /** `denial`: the code its browser is sent to; `reason`: an Action's own words, shown with RESET_DENIED. */
  | { state: "denied"; userId: string; progress: PostChallengeProgress; denial: Denial; reason: string | null };

/** A flow as the code handles it: the row's other columns, and one state with its data. */
export type ResetFlow = Omit<ResetFlowRow, "state" | "progress" | "failureReason" | "userId"> & FlowData;

export type FlowState<S extends FlowData["state"]> = Extract<ResetFlow, { state: S }>;

const user = z.string().min(1);
const withProgress = { userId: user, progress: progressSchema };
const denial = z.enum(DENIALS).default("RESET_DENIED");

/** The stored JSON each state must hold; its keys beside `done`, `passed`, `resultUrl` are that state's own. */
const STORED = {
  link_sent: z.object({ userId: user.nullable() }),
  link_verified: z.object(withProgress),
  awaiting_factor: z.object({ ...withProgress, progress: progressSchema.extend({ challenge: factorChallengeSchema }) }),
  awaiting_redirect: z.object({ ...withProgress, progress: progressSchema.extend({ redirect: pendingRedirectSchema }) }),
  password_allowed: z.object(withProgress),
  completed: z.object(withProgress),
  expired: z.object({ userId: user.nullable(), failureReason: z.string().nullable() }),
  denied: z.object({ ...withProgress, progress: progressSchema.extend({ denial }), failureReason: z.string().nullable() }),
} as const;

/**
 * Checks a row's state and its data and returns the typed flow. A row that does not hold what its
 * state needs (an unknown state, a challenge missing while awaiting a factor, progress that is not
 * the pipeline's) was not written by lib/reset: it is logged and refused with RESET_FLOW_INVALID,
 * never read as an empty progress (which would run every Action again, or none).
 */
export function readFlow(row: ResetFlowRow): ResetFlow {
  const { state, progress, failureReason, userId, ...columns } = row;
  if (!isResetState(state)) return invalid(row, `unknown state ${JSON.stringify(state)}`);
  const parsed = STORED[state].safeParse({ userId, progress: progress ?? {}, failureReason });
  if (!parsed.success) return invalid(row, parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  const data = parsed.data as { userId: string | null; progress?: PostChallengeProgress & Record<string, unknown>; failureReason?: string | null };
  const base = { ...columns, userId: data.userId };
  switch (state) {
    case "link_sent":
      return { ...base, state };
    case "expired": {
      const reason = (data.failureReason ?? "lifetime") as EndReason;
      return { ...base, state, reason: reason in END_REASONS ? reason : "lifetime" };
    }
    case "awaiting_factor": {
      const { challenge, ...rest } = data.progress as PostChallengeProgress & { challenge: FactorChallenge };
      return { ...base, userId: data.userId!, state, progress: rest, challenge };
    }
    case "awaiting_redirect": {
      const { redirect, ...rest } = data.progress as PostChallengeProgress & { redirect: PendingRedirect };
      return { ...base, userId: data.userId!, state, progress: rest, redirect };
    }
    case "denied": {
      const { denial: why, ...rest } = data.progress as PostChallengeProgress & { denial: Denial };
      return { ...base, userId: data.userId!, state, progress: rest, denial: why, reason: data.failureReason ?? null };
    }
    default:
      return { ...base, userId: data.userId!, state, progress: data.progress! };
  }
}

function invalid(row: ResetFlowRow, why: string): never {
  // The server log says what is wrong; the browser gets a stable refusal and the row is left as it is.
  console.error(`[rekey] reset flow ${row.id} holds data its state (${row.state}) does not allow: ${why}`);
  throw new AppError("RESET_FLOW_INVALID", undefined, { detail: `reset flow ${row.id} (${row.state}): ${why}` });
}

/** The columns that store a state's data: `progress` JSON and `failure_reason` (an expired flow keeps its progress as it was). */
export function storedColumns(next: FlowData): Pick<Prisma.ResetFlowUpdateManyMutationInput, "progress" | "failureReason"> {
  switch (next.state) {
    case "link_sent":
      return {};
    case "expired":
      return { failureReason: next.reason };
    case "awaiting_factor":
      return { progress: json({ ...next.progress, challenge: next.challenge }) };
    case "awaiting_redirect":
      return { progress: json({ ...next.progress, redirect: next.redirect }) };
    case "denied":
      return { progress: json({ ...next.progress, denial: next.denial }), failureReason: next.reason };
    default:
      return { progress: json(next.progress) };
  }
}

/** Plain JSON, keys set to undefined left out. */
function json(value: object): Prisma.InputJsonObject {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonObject;
}
