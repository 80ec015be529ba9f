import { actionSecrets } from "@/lib/config";
import { prisma, type Prisma } from "@/lib/db";
import {
  applyCacheCommands,
  buildPostChallengeEvent,
  executeAction,
  isCacheCommand,
  type ActionFile,
  type CacheSnapshot,
  type ExecutionResult,
  type PostChallengeFacts,
} from "@/lib/actions";

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
  const secrets = actionSecrets(file.name);
  const startedAt = new Date();
  const result = await executeAction({
    trigger: TRIGGER,
    file: file.path,
    exportName,
    event: buildPostChallengeEvent({ ...facts, secrets }),
    cacheSnapshot,
    secrets,
    optionalExport: exportName === "onContinuePostChallenge",
  });
  if (result.skipped) return result;

  // Cache writes made before a failure still happened, as in Auth0.
  if (result.commands.some(isCacheCommand)) {
    await applyCacheCommands(TRIGGER, result.commands).catch((error: unknown) => {
      result.logs += `\n[rekey] applying api.cache changes failed: ${(error as Error).message}`;
    });
  }
  const db = await prisma();
  await db.actionExecution.create({
    select: { id: true },
    data: {
      trigger: TRIGGER,
      actionName: file.name,
      kind: "action",
      deliveryId: facts.flowId,
      status: result.ok ? "succeeded" : "failed",
      startedAt,
      endedAt: new Date(),
      durationMs: result.durationMs,
      logs: result.logs,
      error: result.error ? `${result.error.kind}: ${result.error.message}` : null,
      commands: result.commands as unknown as Prisma.InputJsonValue,
      userId: facts.user.id,
    },
  });
  return result;
}
