import fs from "node:fs";
import path from "node:path";
import { actionSecrets } from "@/lib/config";
import { describeActionFile } from "./discover";
import { sampleFor } from "./events/samples";
import { executeAction, executeHook, type ExecutionResult } from "./sandbox";
import { isTrigger, TRIGGERS, TRIGGER_IDS, type Trigger } from "./triggers";

export type TestActionInput = {
  file: string;
  /** @default the name of the file's folder */
  trigger?: Trigger;
  /** Deep-merged over the built-in sample: the event for an Action, `{ user, context }` for a Hook. */
  overrides?: unknown;
  /** @default the trigger's first handler (onExecutePostChangePassword, onExecutePostChallenge) */
  exportName?: string;
  /** Merged over the secrets read from the environment for this file. */
  secrets?: Record<string, string>;
  timeoutMs?: number;
};

export type TestActionOutcome = {
  trigger: Trigger;
  file: string;
  kind: "action" | "hook" | null;
  exportName?: string;
  /** What the code received: the event, or `{ user, context }`. */
  input: Record<string, unknown>;
  result: ExecutionResult;
};

export class TestActionUsageError extends Error {}

/**
 * Runs one Action or Hook file once against a sample event, in the same sandbox the server uses,
 * without the database: the cache starts empty and its commands are only reported. Requests the
 * code started without awaiting them are waited for (within the time limit) before the answer: the
 * server's warm process would let them finish, and a CLI that exits at once would cut them off.
 */
export async function testActionFile(options: TestActionInput): Promise<TestActionOutcome> {
  const file = path.resolve(options.file);
  if (!fs.existsSync(file)) throw new TestActionUsageError(`No such file: ${file}`);
  const folder = path.basename(path.dirname(file));
  const trigger = options.trigger ?? (isTrigger(folder) ? folder : undefined);
  if (!trigger) {
    throw new TestActionUsageError(`Cannot tell the trigger from the folder "${folder}"; pass --trigger (${TRIGGER_IDS.join(" or ")}).`);
  }
  const described = await describeActionFile(trigger, file);
  const secrets = { ...actionSecrets(path.basename(file)), ...(options.secrets ?? {}) };
  const kind = described.kind;
  const input = deepMerge(sampleFor(trigger, kind === "hook" ? "hook" : "action", secrets), options.overrides ?? {}) as Record<string, unknown>;

  if (described.loadError || !kind) {
    const result: ExecutionResult = { ok: false, commands: [], logs: "", error: { kind: "load", message: described.loadError ?? "The file cannot run." }, durationMs: 0 };
    return { trigger, file, kind, input, result };
  }
  if (kind === "hook") {
    const context = input.context as { webtask?: { secrets?: Record<string, string> } };
    const result = await executeHook({
      trigger,
      file,
      user: input.user,
      context: input.context,
      secrets: context?.webtask?.secrets ?? secrets,
      timeoutMs: options.timeoutMs,
      waitForPending: true,
    });
    return { trigger, file, kind, input, result };
  }
  const exportName = options.exportName ?? TRIGGERS[trigger].exports[0];
  const result = await executeAction({
    trigger,
    file,
    exportName,
    event: input,
    secrets: (input.secrets as Record<string, string> | undefined) ?? secrets,
    timeoutMs: options.timeoutMs,
    waitForPending: true,
  });
  return { trigger, file, kind, exportName, input, result };
}

/** Objects merge key by key; arrays and other values replace. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = deepMerge(base[key], value);
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
