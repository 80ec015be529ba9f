import crypto from "node:crypto";
import { config } from "@/lib/config";
import { compileActionFile, type CompiledAction } from "../compile";
import type { Trigger } from "../triggers";
import type { ApiCommand, CacheSnapshot } from "./commands";
import { acquireWorker, LOG_LIMIT_BYTES, releaseWorker, retireWorker, type SandboxWorker, type WorkerMessage } from "./pool";
import { redactSecrets } from "./redact";

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
  /** The wall-clock limit (ACTION_TIMEOUT_MS) was reached; the worker was stopped. */
  | "timeout"
  /** The heap limit (ACTION_MEMORY_MB) was reached; the worker died. */
  | "memory"
  /** The code called process.exit(). */
  | "exit"
  /** The worker died otherwise. */
  | "crash"
  /** The caller aborted (a job lost its lease or timed out); the worker was stopped. */
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
};

type Common = {
  trigger: Trigger;
  /** Absolute path of the Action file. */
  file: string;
  /** Values redacted from the output and the error; also the secrets given to the code. */
  secrets?: Record<string, string>;
  /** @default config().ACTION_TIMEOUT_MS (20000) */
  timeoutMs?: number;
  /** Aborting stops the execution (and its worker). */
  signal?: AbortSignal;
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

/** Runs one Action handler in a sandbox worker. Never throws: failures are in the result. */
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

/** Runs one legacy Hook `(user, context, cb)` in a sandbox worker. Never throws. */
export async function executeHook(input: ExecuteHookInput): Promise<ExecutionResult> {
  return run(input, { mode: "hook", hookArgs: { user: input.user, context: input.context } });
}

/**
 * Loads a file in a sandbox worker (running its module-level code, once per worker and version)
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
  const timeoutMs = input.timeoutMs ?? config().ACTION_TIMEOUT_MS;
  if (input.signal?.aborted) return aborted(started, "", compiled.compiled.version);
  const worker = await acquireWorker();
  if (input.signal?.aborted) {
    releaseWorker(worker);
    return aborted(started, "", compiled.compiled.version);
  }
  const online = await whenOnline(worker);
  if (!online.ok) return { ...online.result, version: compiled.compiled.version };
  let result = await runOn(worker, compiled.compiled, { ...payload, secrets }, timeoutMs, input.signal);
  if (!result.ok && result.error?.kind === "internal" && LOST_CODE.test(result.error.message)) {
    // The pool's record of what a worker holds was wrong (it should not be): send the code again.
    const again = await acquireWorker();
    again.loaded.delete(compiled.compiled.file);
    const ready = await whenOnline(again);
    if (!ready.ok) return { ...ready.result, version: compiled.compiled.version };
    result = await runOn(again, compiled.compiled, { ...payload, secrets }, timeoutMs, input.signal);
  }
  return { ...result, version: compiled.compiled.version };
}

async function whenOnline(worker: SandboxWorker): Promise<{ ok: true } | { ok: false; result: ExecutionResult }> {
  try {
    await worker.online;
    return { ok: true };
  } catch (error) {
    retireWorker(worker);
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
  sw: SandboxWorker,
  compiled: CompiledAction,
  payload: Payload & { secrets: Record<string, string> },
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<ExecutionResult> {
  const id = crypto.randomUUID();
  const logs = new LogAssembler();
  const secrets = payload.secrets;
  const needsCode = sw.loaded.get(compiled.file) !== compiled.version;
  const started = performance.now();

  return new Promise<ExecutionResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<ExecutionResult, "durationMs" | "logs"> & { logs?: string }, next: "release" | "retire") => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      sw.occupant = undefined;
      if (next === "release") releaseWorker(sw);
      else retireWorker(sw);
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

    sw.occupant = {
      id,
      message(msg: WorkerMessage) {
        if (msg.id !== id) return;
        if (msg.type === "log") {
          logs.add(msg.text);
        } else if (msg.type === "result") {
          const r = msg as unknown as WorkerResult;
          if (r.loaded) sw.loaded.set(compiled.file, compiled.version);
          else sw.loaded.delete(compiled.file);
          if (r.overflow) logs.overflow(r.overflow.tail, r.overflow.omittedBytes);
          finish(
            {
              ok: r.ok,
              commands: Array.isArray(r.commands) ? r.commands : [],
              ...(r.inspect !== undefined ? { returnValue: r.inspect } : r.returnValue !== undefined ? { returnValue: r.returnValue } : {}),
              ...(r.skipped ? { skipped: true } : {}),
              ...(r.error ? { error: { kind: r.error.kind, message: describe(r.error), ...(r.error.stack ? { stack: r.error.stack } : {}) } } : {}),
            },
            "release",
          );
        }
      },
      died(error: Error | undefined, exitCode: number) {
        const code = (error as NodeJS.ErrnoException | undefined)?.code;
        let failure: ExecutionError;
        if (code === "ERR_WORKER_OUT_OF_MEMORY") {
          failure = { kind: "memory", message: `The execution ran out of memory (limit ${sw.memoryMb} MB) and was stopped.` };
        } else if (sw.exitCalled !== undefined) {
          failure = { kind: "exit", message: `The code called process.exit(${sw.exitCalled}); an Action must return (or call cb) instead.` };
        } else {
          failure = { kind: "crash", message: `The sandbox worker died (exit code ${exitCode})${error ? `: ${error.message}` : ""}.` };
        }
        finish({ ok: false, commands: [], error: failure, logs: logs.text(true) }, "retire");
      },
    };

    sw.worker.postMessage({
      op: "run",
      id,
      file: compiled.file,
      version: compiled.version,
      ...(needsCode ? { code: compiled.code } : {}),
      ...payload,
    });
  });
}

type WorkerResult = {
  ok: boolean;
  loaded: boolean;
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
 * the output was longer than the limit, the tail the worker kept, joined by a marker. The whole
 * stays within LOG_LIMIT_BYTES.
 */
class LogAssembler {
  private lines: string[] = [];
  private tail: string[] = [];
  private omitted = 0;
  private overflowed = false;

  add(text: string) {
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
      if (!interrupted || Buffer.byteLength(head) < LOG_LIMIT_BYTES - 64) return head;
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
