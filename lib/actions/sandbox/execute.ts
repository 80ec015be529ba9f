import crypto from "node:crypto";
import { config } from "@/lib/config";
import { compileActionFile, type CompiledAction } from "../compile";
import type { Trigger } from "../triggers";
import type { ApiCommand, CacheSnapshot } from "./commands";
import { acquireProcess, releaseProcess, retireProcess, type Death, type ExecutionMessage, type SandboxProcess } from "./pool";
import { LOG_LIMIT_BYTES } from "./spawn";
import { redactSecrets } from "./redact";
import { CACHE_LIMITS } from "./worker/cache-api.cjs";

/** Why an execution failed. */
export type ExecutionErrorKind =
  /** The file did not compile, or its module-level code threw. */
  | "load"
  /** The file lacks the export the trigger calls (or is not a Hook). */
  | "missing_export"
  /** The handler threw or its promise rejected (also an unhandled rejection while it ran). */
  | "throw"
  /** A Hook called cb(error). */
  | "callback"
  /** The wall-clock limit (ACTION_TIMEOUT_MS) was reached; the process was stopped. */
  | "timeout"
  /** The memory limit (ACTION_MEMORY_MB, Buffers included) was passed; the process was stopped. */
  | "memory"
  /** The code called process.exit(). */
  | "exit"
  /** The process died otherwise. */
  | "crash"
  /** The caller aborted (a job lost its lease or timed out); the process was stopped. */
  | "aborted"
  /** A fault of the sandbox itself. */
  | "internal";

export type ExecutionError = { kind: ExecutionErrorKind; message: string; stack?: string };

export type ExecutionResult = {
  ok: boolean;
  /** What the code asked for through `api`, in call order; apply them after the execution. */
  commands: ApiCommand[];
  /** Captured console output, secrets redacted, at most 4 KB (head and tail around a marker). */
  logs: string;
  /** What the handler returned (Hooks: the value passed to cb), structured-cloned or inspected. */
  returnValue?: unknown;
  error?: ExecutionError;
  /** Wall-clock time from hand-over to the sandbox to its answer, including module loading. */
  durationMs: number;
  timedOut?: boolean;
  /** True when `optionalExport` was set and the file does not have the export. */
  skipped?: boolean;
  /** With `waitForPendingMs`: the requests the code left in flight and how long they were waited for. */
  pending?: PendingReport;
};

/** `requests` the Action did not await, `waitedMs` spent on them, `unfinished` still in flight at the limit. */
export type PendingReport = { requests: number; waitedMs: number; unfinished: number };

type Common = {
  trigger: Trigger;
  /** Absolute path of the Action file. */
  file: string;
  /** Values redacted from the output and the error; also the secrets given to the code. */
  secrets?: Record<string, string>;
  /** @default config().ACTION_TIMEOUT_MS (20000) */
  timeoutMs?: number;
  /** Aborting stops the execution (and its process). */
  signal?: AbortSignal;
  /**
   * After the handler settles, wait for the HTTP requests it started and did not await, within the
   * execution's time limit (`npm run action -- test`). The server does not: the file's process
   * stays up, so they finish after the result is applied. @default false
   */
  waitForPending?: boolean;
};

export type ExecuteActionInput = Common & {
  /** The handler to call: `onExecutePostChangePassword`, `onExecutePostChallenge`, `onContinuePostChallenge`. */
  exportName: string;
  /** The event; it must already hold `secrets` (the event builders put them in). */
  event: unknown;
  /** Which in-sandbox api to build (worker/api/<apiKind>.cjs). @default the trigger id */
  apiKind?: string;
  /** The trigger's live cache entries (api.cache.get is synchronous). @default {} */
  cacheSnapshot?: CacheSnapshot;
  /** A missing export is not an error but `{ ok: true, skipped: true }` (e.g. onContinuePostChallenge). */
  optionalExport?: boolean;
};

export type ExecuteHookInput = Common & {
  /** Hook arguments: `(user, context, cb)`. */
  user: unknown;
  context: unknown;
};

export type InspectResult =
  | { ok: true; exports: string[]; hookFunction: boolean; options: unknown; version: string }
  | { ok: false; error: ExecutionError; version: string; logs: string };

/** Runs one Action handler in the file's sandbox process. Never throws: failures are in the result. */
export async function executeAction(input: ExecuteActionInput): Promise<ExecutionResult> {
  return run(input, {
    mode: "action",
    exportName: input.exportName,
    optionalExport: input.optionalExport ?? false,
    apiKind: input.apiKind ?? input.trigger,
    event: input.event,
    cacheSnapshot: input.cacheSnapshot ?? {},
  });
}

/** Runs one legacy Hook `(user, context, cb)` in the file's sandbox process. Never throws. */
export async function executeHook(input: ExecuteHookInput): Promise<ExecutionResult> {
  return run(input, { mode: "hook", hookArgs: { user: input.user, context: input.context } });
}

/**
 * Loads a file in its sandbox process (running its module-level code, once per process and version)
 * and reports its exports and `exports.rekey` options. Discovery uses it to tell Hooks from Actions.
 */
export async function inspectActionFile(input: Common): Promise<InspectResult> {
  const result = await run(input, { mode: "inspect" });
  const version = (result as { version?: string }).version ?? "";
  if (!result.ok) return { ok: false, error: result.error!, version, logs: result.logs };
  const inspect = result.returnValue as { exports: string[]; hookFunction: boolean; options: unknown };
  return { ok: true, version, ...inspect };
}

const LOST_CODE = /lost the compiled code/;

type Payload = Record<string, unknown> & { mode: "action" | "hook" | "inspect" };

async function run(input: Common, payload: Payload): Promise<ExecutionResult & { version?: string }> {
  const started = performance.now();
  const secrets = input.secrets ?? {};
  const compiled = await compileActionFile(input.file);
  if (!compiled.ok) {
    return {
      ok: false,
      commands: [],
      logs: "",
      error: { kind: "load", message: redactSecrets(compiled.error, secrets) },
      durationMs: Math.round(performance.now() - started),
      version: compiled.version,
    };
  }
  const { file, version } = compiled.compiled;
  const timeoutMs = input.timeoutMs ?? config().ACTION_TIMEOUT_MS;
  const full = { ...payload, secrets, ...(input.waitForPending ? { waitForPendingMs: Math.max(0, timeoutMs - 50) } : {}) };
  if (input.signal?.aborted) return aborted(started, "", version);
  const sandbox = await acquireProcess(file, version);
  if (input.signal?.aborted) {
    releaseProcess(sandbox);
    return aborted(started, "", version);
  }
  const ready = await whenReady(sandbox);
  if (!ready.ok) return { ...ready.result, version };
  let result = await runOn(sandbox, compiled.compiled, full, timeoutMs, input.signal);
  if (!result.ok && result.error?.kind === "internal" && LOST_CODE.test(result.error.message)) {
    // The pool's record of what a process holds was wrong (it should not be): send the code again.
    const again = await acquireProcess(file, version);
    again.loaded = false;
    const retry = await whenReady(again);
    if (!retry.ok) return { ...retry.result, version };
    result = await runOn(again, compiled.compiled, full, timeoutMs, input.signal);
  }
  return { ...result, version };
}

async function whenReady(sandbox: SandboxProcess): Promise<{ ok: true } | { ok: false; result: ExecutionResult }> {
  try {
    await sandbox.ready;
    return { ok: true };
  } catch (error) {
    retireProcess(sandbox, false);
    return { ok: false, result: { ok: false, commands: [], logs: "", error: { kind: "crash", message: (error as Error).message }, durationMs: 0 } };
  }
}

function aborted(started: number, logs: string, version: string): ExecutionResult & { version: string } {
  return {
    ok: false,
    commands: [],
    logs,
    error: { kind: "aborted", message: "The execution was cancelled before it finished." },
    durationMs: Math.round(performance.now() - started),
    version,
  };
}

function runOn(
  sandbox: SandboxProcess,
  compiled: CompiledAction,
  payload: Payload & { secrets: Record<string, string>; waitForPendingMs?: number },
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<ExecutionResult> {
  const id = crypto.randomUUID();
  const logs = new LogAssembler();
  const secrets = payload.secrets;
  const needsCode = !sandbox.loaded;
  const started = performance.now();

  return new Promise<ExecutionResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<ExecutionResult, "durationMs" | "logs"> & { logs?: string }, next: "release" | "retire") => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      sandbox.occupant = undefined;
      if (next === "release") releaseProcess(sandbox);
      else retireProcess(sandbox);
      resolve({
        ...result,
        logs: result.logs ?? logs.text(),
        ...(result.error ? { error: { ...result.error, message: redactSecrets(result.error.message, secrets), ...(result.error.stack ? { stack: redactSecrets(result.error.stack, secrets) } : {}) } } : {}),
        durationMs: Math.round(performance.now() - started),
      });
    };

    const timer = setTimeout(() => {
      finish(
        {
          ok: false,
          commands: [],
          timedOut: true,
          error: { kind: "timeout", message: `The execution did not finish within ${timeoutMs} ms and was stopped.` },
          logs: logs.text(true),
        },
        "retire",
      );
    }, timeoutMs);

    const onAbort = () =>
      finish({ ok: false, commands: [], error: { kind: "aborted", message: "The execution was cancelled before it finished." }, logs: logs.text(true) }, "retire");
    signal?.addEventListener("abort", onAbort, { once: true });

    sandbox.occupant = {
      id,
      message(msg: ExecutionMessage) {
        // A process can only speak for the execution it is running; anything else is dropped.
        if (msg.id !== id) return;
        if (msg.type === "log") {
          logs.add(String(msg.text));
        } else if (msg.type === "result") {
          const r = msg as unknown as ProcessResult;
          sandbox.loaded = r.loaded === true;
          if (r.overflow) logs.overflow(r.overflow.tail, r.overflow.omittedBytes);
          const commands = checkedCommands(r.commands);
          if (!commands.ok) {
            finish({ ok: false, commands: [], error: { kind: "internal", message: commands.error } }, "retire");
            return;
          }
          finish(
            {
              ok: r.ok === true,
              commands: commands.value,
              ...(r.inspect !== undefined ? { returnValue: r.inspect } : r.returnValue !== undefined ? { returnValue: r.returnValue } : {}),
              ...(r.skipped ? { skipped: true } : {}),
              ...(r.pending ? { pending: r.pending } : {}),
              ...(r.error ? { error: { kind: r.error.kind, message: describe(r.error), ...(r.error.stack ? { stack: r.error.stack } : {}) } } : {}),
            },
            // Node remembers what it did not find on disk: after an `npm install` only a fresh
            // process sees the new package, so a missing module costs this process its life.
            r.restart ? "retire" : "release",
          );
        }
      },
      died(death: Death) {
        finish({ ok: false, commands: [], error: describeDeath(death), logs: logs.text(true) }, "retire");
      },
    };

    sandbox.child.send(
      {
        op: "run",
        id,
        file: compiled.file,
        version: compiled.version,
        ...(needsCode ? { code: compiled.code } : {}),
        ...payload,
      },
      (error) => {
        if (error) finish({ ok: false, commands: [], error: { kind: "crash", message: `The sandbox process could not be reached: ${error.message}` } }, "retire");
      },
    );
  });
}

function describeDeath(death: Death): ExecutionError {
  switch (death.kind) {
    case "memory":
      return {
        kind: "memory",
        message: `The execution used more than its memory limit (${death.limitMb} MB${death.residentMb ? `; it reached ${death.residentMb} MB` : ""}) and was stopped.`,
      };
    case "exit":
      return { kind: "exit", message: `The code called process.exit(${death.code}); an Action must return (or call cb) instead.` };
    case "crash":
      return {
        kind: "crash",
        message: `The sandbox process died (${death.signal ?? `exit code ${death.code}`})${death.stderr ? `: ${death.stderr.split("\n").slice(-3).join(" ")}` : ""}.`,
      };
  }
}

/** Auth0's api.cache limits (worker/cache-api.cjs), checked again here: a process's own code can forge what it sends. */
const { maxWritesPerExecution: MAX_CACHE_WRITES, maxKeyBytes: MAX_CACHE_KEY_BYTES, maxValueBytes: MAX_CACHE_VALUE_BYTES } = CACHE_LIMITS;

function checkedCommands(raw: unknown): { ok: true; value: ApiCommand[] } | { ok: false; error: string } {
  if (raw === undefined) return { ok: true, value: [] };
  const bad = (why: string) => ({ ok: false as const, error: `The sandbox process sent an invalid api command (${why}).` });
  if (!Array.isArray(raw)) return bad("not a list");
  let cacheWrites = 0;
  for (const command of raw as Array<Record<string, unknown>>) {
    if (!command || typeof command !== "object" || typeof command.type !== "string") return bad("no type");
    if (command.type !== "cache.set" && command.type !== "cache.delete") continue;
    if (++cacheWrites > MAX_CACHE_WRITES) return bad("too many cache writes");
    if (typeof command.key !== "string" || command.key.length === 0 || Buffer.byteLength(command.key) > MAX_CACHE_KEY_BYTES) return bad("cache key");
    if (command.type === "cache.set") {
      if (typeof command.value !== "string" || Buffer.byteLength(command.value) > MAX_CACHE_VALUE_BYTES) return bad("cache value");
      if (typeof command.expires_at !== "number" || !Number.isFinite(command.expires_at)) return bad("cache expiry");
    }
  }
  return { ok: true, value: raw as ApiCommand[] };
}

type ProcessResult = {
  ok: boolean;
  loaded: boolean;
  restart?: boolean;
  pending?: PendingReport;
  commands?: ApiCommand[];
  returnValue?: unknown;
  inspect?: unknown;
  skipped?: boolean;
  error?: { kind: ExecutionErrorKind; name?: string; message: string; stack?: string };
  overflow?: { tail: string[]; omittedBytes: number };
};

function describe(error: { name?: string; message: string; kind: ExecutionErrorKind }): string {
  // "TypeError: x is not a function" reads better than the bare message; plain Errors stay bare.
  return error.kind === "throw" && error.name && error.name !== "Error" ? `${error.name}: ${error.message}` : error.message;
}

const MARKER_OMITTED = (bytes: number) => `\n…[${bytes} bytes of output omitted]…\n`;
const MARKER_CUT = "\n…[output truncated]";

/**
 * Console output of one execution: the head as it streams in (so it survives a timeout), and, when
 * the output was longer than the limit, the tail the process kept, joined by a marker. The whole
 * stays within LOG_LIMIT_BYTES.
 */
class LogAssembler {
  private lines: string[] = [];
  private headBytes = 0;
  private tail: string[] = [];
  private omitted = 0;
  private overflowed = false;

  add(text: string) {
    // The process stops streaming at the limit; one that does not (its code replaced the capture)
    // must not fill the server's memory.
    if (this.headBytes > LOG_LIMIT_BYTES) return;
    this.headBytes += Buffer.byteLength(text) + 1;
    this.lines.push(text);
  }

  overflow(tail: string[], omittedBytes: number) {
    this.overflowed = true;
    this.tail = tail;
    this.omitted = omittedBytes;
  }

  /** @param interrupted the execution was stopped: more output may have been lost. */
  text(interrupted = false): string {
    const head = this.lines.join("\n");
    if (!this.overflowed) {
      const bytes = Buffer.byteLength(head);
      if (bytes <= LOG_LIMIT_BYTES && (!interrupted || bytes < LOG_LIMIT_BYTES - 64)) return head;
      return cutUtf8(head, LOG_LIMIT_BYTES - Buffer.byteLength(MARKER_CUT)) + MARKER_CUT;
    }
    let tail = this.tail.join("\n");
    const tailBudget = Math.floor(LOG_LIMIT_BYTES / 4);
    if (Buffer.byteLength(tail) > tailBudget) tail = cutUtf8FromStart(tail, tailBudget);
    const headBytes = Buffer.byteLength(head);
    // The marker's own length depends on the count; reserve room for a long number.
    const headBudget = LOG_LIMIT_BYTES - Buffer.byteLength(tail) - Buffer.byteLength(MARKER_OMITTED(10 ** 12));
    const keptHead = cutUtf8(head, headBudget);
    const omitted = this.omitted + (headBytes - Buffer.byteLength(keptHead)) + (Buffer.byteLength(this.tail.join("\n")) - Buffer.byteLength(tail));
    return keptHead + MARKER_OMITTED(omitted) + tail;
  }
}

function cutUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= maxBytes) return text;
  let end = Math.max(0, maxBytes);
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString("utf8");
}

function cutUtf8FromStart(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= maxBytes) return text;
  let start = bytes.length - maxBytes;
  while (start < bytes.length && ((bytes[start] ?? 0) & 0xc0) === 0x80) start++;
  return bytes.subarray(start).toString("utf8");
}
