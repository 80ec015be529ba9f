import { z } from "zod";
import { discoverActions } from "./discover";
import { runActionFile } from "./run-file";
import type { Trigger } from "./triggers";

export type InOrderOutcome<C> =
  | { kind: "done"; /** Each Action's commands, in file order, up to the one that stopped the run. */ commands: Array<{ action: string; commands: C[] }> }
  /** An Action did not load, threw, timed out or sent a command that cannot be applied. */
  | { kind: "failed"; action: string; message: string };

/**
 * Runs the one handler of a simple blocking trigger (pre-user-registration, credentials-exchange,
 * send-phone-message) for every Action in file-name order, each with the same event facts, and
 * parses each one's commands with the trigger's schema. It stops after the first Action whose
 * commands `stopsAfter` says end the run (a deny: later Actions do not run, as in Auth0), and at
 * the first failure: the callers fail closed.
 */
export async function runInOrder<C extends { type: string }>(options: {
  trigger: Trigger;
  exportName: string;
  schema: z.ZodType<C>;
  event: (secrets: Record<string, string>) => unknown;
  deliveryId: string;
  userId?: string | null;
  stopsAfter?: (command: C) => boolean;
  signal?: AbortSignal;
}): Promise<InOrderOutcome<C>> {
  const files = await discoverActions(options.trigger);
  const commands: Array<{ action: string; commands: C[] }> = [];
  const list = z.array(options.schema);
  for (const file of files) {
    const result = await runActionFile({ ...options, file });
    if (!result.ok) {
      const error = result.error!;
      return { kind: "failed", action: file.name, message: `Action ${file.name} ${error.kind === "timeout" ? "timed out" : "failed"}: ${error.message}` };
    }
    const parsed = list.safeParse(result.commands);
    if (!parsed.success) return { kind: "failed", action: file.name, message: `Action ${file.name} issued an api command Rekey cannot apply.` };
    commands.push({ action: file.name, commands: parsed.data });
    if (options.stopsAfter && parsed.data.some(options.stopsAfter)) break;
  }
  return { kind: "done", commands };
}
