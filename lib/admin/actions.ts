import { z } from "zod";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import {
  listActions,
  secretsOfFile,
  samplePostChallengeEvent,
  samplePostChangePasswordEvent,
  samplePostChangePasswordHookArgs,
  testActionFile,
  TRIGGER_IDS,
  type ActionInfo,
  type SecretUse,
  type Trigger,
} from "@/lib/actions";
import { discoverActions } from "@/lib/actions";

/** Recent executions shown per trigger. */
const RECENT_EXECUTIONS = 20;

/**
 * The sample an admin starts editing, without `secrets`: the page is sent to a browser and the
 * secrets come from the server's environment at run time.
 */
export function editableSample(trigger: Trigger, kind: "action" | "hook"): Record<string, unknown> {
  if (kind === "hook") {
    const { user, context } = samplePostChangePasswordHookArgs();
    const { webtask: _webtask, ...rest } = context as unknown as Record<string, unknown>;
    void _webtask;
    return { user, context: rest };
  }
  const { secrets: _secrets, ...event } = (trigger === "post-change-password" ? samplePostChangePasswordEvent() : samplePostChallengeEvent()) as unknown as Record<string, unknown>;
  void _secrets;
  return event;
}

export type TriggerOverview = {
  trigger: Trigger;
  /** Each file with the secrets its source reads and whether each is set. */
  files: Array<ActionInfo & { secrets: SecretUse[] }>;
  executions: Array<{
    id: string;
    actionName: string;
    kind: string;
    deliveryId: string;
    attempt: number;
    status: string;
    startedAt: Date;
    durationMs: number | null;
    logs: string;
    error: string | null;
    commands: unknown;
  }>;
};

/** Each trigger's files in execution order (with load errors) and its latest executions. */
export async function listActionOverview(): Promise<TriggerOverview[]> {
  const db = await prisma();
  return Promise.all(
    TRIGGER_IDS.map(async (trigger) => ({
      trigger,
      // The console only reads: load errors are already in the tenant log from the runtime.
      files: await Promise.all((await listActions(trigger, { report: false })).map(async (file) => ({ ...file, secrets: await secretsOfFile(file.path, file.name) }))),
      executions: await db.actionExecution.findMany({
        where: { trigger },
        orderBy: [{ startedAt: "desc" }, { id: "asc" }],
        take: RECENT_EXECUTIONS,
        select: { id: true, actionName: true, kind: true, deliveryId: true, attempt: true, status: true, startedAt: true, durationMs: true, logs: true, error: true, commands: true },
      }),
    })),
  );
}

/** @default 64 KiB: a sample event is a few KB; this only stops abuse. */
const MAX_EVENT_CHARS = 64 * 1024;

export const actionTestSchema = z.object({
  trigger: z.enum(TRIGGER_IDS as [Trigger, ...Trigger[]], { error: "Unknown trigger." }),
  file: z.string({ error: "Choose a file." }).min(1, "Choose a file.").max(255),
  event: z
    .string({ error: "Enter the event as JSON." })
    .max(MAX_EVENT_CHARS, "The event is larger than 64 KB.")
    .transform((text, ctx) => {
      try {
        const value: unknown = JSON.parse(text);
        if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
      } catch {
        // reported below
      }
      ctx.addIssue({ code: "custom", message: "Enter a JSON object, like the sample." });
      return z.NEVER;
    }),
});

/**
 * The console's Test button: runs one file of a trigger once in the sandbox with the edited event,
 * like `npm run action -- test`. Only a file the trigger's folder lists can run, found by name:
 * the form never names a path. Nothing is written; what the code would have done through `api`
 * comes back as commands.
 */
export async function runActionTest(input: z.infer<typeof actionTestSchema>) {
  const files = await discoverActions(input.trigger, { report: false });
  const file = files.find((f) => f.name === input.file);
  if (!file) throw new AppError("INVALID_INPUT", "That file is not in the trigger's folder any more.", { fields: { file: "Choose a file from the list." } });
  const outcome = await testActionFile({ file: file.path, trigger: input.trigger, overrides: input.event });
  // The input is not returned: it holds the secrets read from the environment.
  return { kind: outcome.kind, exportName: outcome.exportName, result: outcome.result };
}
