// `npm run action -- test <file> [--event event.json] [--trigger <id>] [--export <name>] [--secret NAME=value]…`
//
// Runs one Action or Hook once against the trigger's sample event, in the same sandbox the server
// uses, and prints the api commands it issued, its console output, its return value and its
// error. Exit code 1 when it failed. No database: the cache starts empty, its commands are printed.
import fs from "node:fs";
import util from "node:util";
import { isTrigger, shutdownSandbox, testActionFile, TestActionUsageError, TRIGGER_IDS, type Trigger } from "@/lib/actions";

const USAGE = `Usage: npm run action -- test <file> [options]

Options:
  --event <file.json>    JSON deep-merged over the sample event (a Hook: over { "user", "context" })
  --trigger <id>         ${TRIGGER_IDS.join(" | ")} (default: the file's folder name)
  --export <name>        the handler to call, e.g. onContinuePostChallenge
  --secret NAME=value    a secret for this run (repeatable); ACTION_SECRET_* variables apply too
  --timeout <ms>         wall-clock limit (default ACTION_TIMEOUT_MS)`;

type Args = { command?: string; file?: string; event?: string; trigger?: string; exportName?: string; secrets: Record<string, string>; timeoutMs?: number };

function parseArgs(argv: string[]): Args {
  const args: Args = { secrets: {} };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new TestActionUsageError(`${arg} needs a value.\n\n${USAGE}`);
      return v;
    };
    if (arg === "--event") args.event = value();
    else if (arg === "--trigger") args.trigger = value();
    else if (arg === "--export") args.exportName = value();
    else if (arg === "--timeout") args.timeoutMs = Number(value());
    else if (arg === "--secret") {
      const pair = value();
      const eq = pair.indexOf("=");
      if (eq < 1) throw new TestActionUsageError(`--secret takes NAME=value, got "${pair}".`);
      args.secrets[pair.slice(0, eq)] = pair.slice(eq + 1);
    } else if (arg === "-h" || arg === "--help") {
      args.command = "help";
    } else if (arg.startsWith("--")) {
      throw new TestActionUsageError(`Unknown option ${arg}.\n\n${USAGE}`);
    } else positional.push(arg);
  }
  args.command ??= positional[0];
  args.file = positional[1];
  return args;
}

function section(title: string, body: string) {
  console.log(`\n── ${title} ${"─".repeat(Math.max(0, 60 - title.length))}`);
  console.log(body);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.command === "help" || !args.command) {
    console.log(USAGE);
    return args.command ? 0 : 1;
  }
  if (args.command !== "test" || !args.file) throw new TestActionUsageError(USAGE);
  if (args.trigger !== undefined && !isTrigger(args.trigger)) {
    throw new TestActionUsageError(`Unknown trigger "${args.trigger}"; use ${TRIGGER_IDS.join(" or ")}.`);
  }
  if (args.timeoutMs !== undefined && !(Number.isInteger(args.timeoutMs) && args.timeoutMs > 0)) {
    throw new TestActionUsageError("--timeout takes a positive number of milliseconds.");
  }
  let overrides: unknown;
  if (args.event) {
    try {
      overrides = JSON.parse(fs.readFileSync(args.event, "utf8"));
    } catch (error) {
      throw new TestActionUsageError(`Cannot read ${args.event}: ${(error as Error).message}`);
    }
  }

  const outcome = await testActionFile({
    file: args.file,
    trigger: args.trigger as Trigger | undefined,
    overrides,
    exportName: args.exportName,
    secrets: args.secrets,
    timeoutMs: args.timeoutMs,
  });
  const { result } = outcome;
  const what = outcome.kind === "hook" ? "Hook" : `Action${outcome.exportName ? ` (${outcome.exportName})` : ""}`;
  console.log(`${outcome.trigger}: ${what} ${outcome.file}`);
  section(
    "API commands",
    result.commands.length
      ? result.commands.map((c) => `  ${JSON.stringify(c)}`).join("\n") + (outcome.trigger === "post-change-password" ? "\n  (not applied: the CLI has no database)" : "")
      : "  (none)",
  );
  section("Console output", result.logs ? result.logs.replace(/^/gm, "  ") : "  (none)");
  section("Return value", result.returnValue === undefined ? "  undefined" : util.inspect(result.returnValue, { depth: 6, colors: process.stdout.isTTY }).replace(/^/gm, "  "));
  if (result.error) {
    section(`Error (${result.error.kind})`, `  ${result.error.message}${result.error.stack ? `\n\n${result.error.stack.replace(/^/gm, "  ")}` : ""}`);
  }
  const pending = result.pending;
  if (pending && pending.requests > 0) {
    const plural = pending.requests === 1 ? "request" : "requests";
    const unfinished = pending.unfinished > 0 ? `; ${pending.unfinished} still unfinished at the time limit` : "";
    console.log(`\nwaited ${pending.waitedMs} ms for ${pending.requests} pending ${plural} the code did not await${unfinished}`);
  }
  console.log(`\n${result.ok ? "✔ succeeded" : "✘ failed"} in ${result.durationMs} ms`);
  return result.ok ? 0 : 1;
}

main()
  .then(
    (code) => code,
    (error: unknown) => {
      console.error(error instanceof TestActionUsageError ? error.message : error);
      return 1;
    },
  )
  .then(async (code) => {
    await shutdownSandbox();
    process.exit(code);
  });
