import { actionSecrets } from "@/lib/config";
import { applyCacheCommands, loadCacheSnapshot } from "./cache";
import type { ActionFile } from "./discover";
import { recordExecution } from "./record-execution";
import { executeAction, isCacheCommand, type CacheSnapshot, type ExecutionResult } from "./sandbox";
import type { Trigger } from "./triggers";

export type RunActionFileInput = {
  trigger: Trigger;
  file: ActionFile;
  exportName: string;
  /** The event, built with the file's own secrets (they differ per file). */
  event: (secrets: Record<string, string>) => unknown;
  /** What the execution is recorded under (a sign-in's interaction, a reset flow, a job). */
  deliveryId: string;
  userId?: string | null;
  /** A missing export is skipped (`onContinuePostLogin`). @default false */
  optionalExport?: boolean;
  /** The trigger's cache entries, when the caller already holds them. @default read now */
  cacheSnapshot?: CacheSnapshot;
  signal?: AbortSignal;
};

/**
 * Runs one handler of one Action of a blocking trigger in the sandbox (its own ACTION_TIMEOUT_MS
 * budget), applies its cache writes (those made before a failure still happened, as in Auth0),
 * and records the execution in `action_executions`. Never throws for the Action's own failures: a
 * file that does not load, a throw or a timeout is a failed result.
 */
export async function runActionFile(input: RunActionFileInput): Promise<ExecutionResult> {
  const { trigger, file } = input;
  if (file.loadError) return { ok: false, commands: [], logs: "", error: { kind: "load", message: file.loadError }, durationMs: 0 };
  const secrets = actionSecrets(file.name);
  const startedAt = new Date();
  const result = await executeAction({
    trigger,
    file: file.path,
    exportName: input.exportName,
    event: input.event(secrets),
    cacheSnapshot: input.cacheSnapshot ?? (await loadCacheSnapshot(trigger)),
    secrets,
    optionalExport: input.optionalExport ?? false,
    signal: input.signal,
  });
  if (result.skipped) return result;
  if (result.commands.some(isCacheCommand)) {
    await applyCacheCommands(trigger, result.commands).catch((error: unknown) => {
      result.logs += `\n[rekey] applying api.cache changes failed: ${(error as Error).message}`;
    });
  }
  await recordExecution({
    trigger,
    actionName: file.name,
    deliveryId: input.deliveryId,
    userId: input.userId ?? null,
    startedAt,
    result,
  });
  return result;
}
