import { buildPostChallengeEvent, runActionFile, type ActionFile, type CacheSnapshot, type ExecutionResult, type PostChallengeFacts } from "@/lib/actions";

export const TRIGGER = "password-reset-post-challenge" as const;

export type PostChallengeExport = "onExecutePostChallenge" | "onContinuePostChallenge";

/** Everything an execution's event is built from except the file's own secrets. */
export type EventFacts = Omit<PostChallengeFacts, "secrets">;

/**
 * Runs one handler of one Action in the sandbox with its own ACTION_TIMEOUT_MS budget (a resume
 * after a redirect gets a fresh one), applies its cache writes, and records the execution under
 * the flow's id. `onContinuePostChallenge` is optional: without it the resume is a no-op (spec §1.4).
 */
export async function executePostChallengeAction(
  file: ActionFile,
  exportName: PostChallengeExport,
  facts: EventFacts,
  cacheSnapshot: CacheSnapshot,
): Promise<ExecutionResult> {
  return runActionFile({
    trigger: TRIGGER,
    file,
    exportName,
    event: (secrets) => buildPostChallengeEvent({ ...facts, secrets }),
    cacheSnapshot,
    deliveryId: facts.flowId,
    userId: facts.user.id,
    optionalExport: exportName === "onContinuePostChallenge",
  });
}
