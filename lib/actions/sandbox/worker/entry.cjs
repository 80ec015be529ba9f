"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS by design: the sandbox runtime is started by path, without a TypeScript loader. */
// The sandbox process: one child process per Action file (lib/actions/sandbox/pool.ts) runs that
// file's executions one at a time for the server. Plain CommonJS on purpose: it is started by
// path at run time, from tsx, Vitest and Next.js's server bundle alike, so it must not need a
// TypeScript loader.
//
// It is started under Node's permission model (see ../spawn.ts: reads of the actions folder,
// node_modules and this folder only; no writes, child processes or workers) with an empty
// environment. The server owns every limit that must stop this process (wall-clock timeout,
// resident memory, abort): it kills it. This file only runs code and reports.
//
// Messages in:  { op: "run", id, mode: "action" | "hook" | "inspect", file, version, code?, exportName?,
//                 optionalExport?, apiKind?, event?, hookArgs?, cacheSnapshot?, secrets?, waitForPendingMs? }
//               { op: "drain", id, maxMs }                 wait for every request in flight (shutdown)
// Messages out: { type: "ready" }                          the runtime is set up
//               { type: "log", id, text }                  one captured console line (the head of the output)
//               { type: "exit-called", id, code }          the Action called process.exit()
//               { type: "result", id, ok, loaded, commands, returnValue?, error?, overflow?, inspect?,
//                 pending?, restart? }
//               { type: "drained", id, requests, waitedMs, unfinished }
const Module = require("node:module");
const os = require("node:os");
const path = require("node:path");
const util = require("node:util");
const { AsyncLocalStorage } = require("node:async_hooks");
const { redact, redactionPairs } = require("./redact.cjs");
const { trackPendingRequests } = require("./pending.cjs");
const { watchSecrets, explainMissing } = require("./missing-secrets.cjs");

const options = JSON.parse(process.argv[2] || "{}");
const projectRoot = options.projectRoot || process.cwd();
const LOG_LIMIT = options.logLimitBytes || 4096;
/** Bytes of the end of a long output kept besides its head. */
const TAIL_LIMIT = Math.floor(LOG_LIMIT / 4);
const API_KIND = /^[a-z][a-z0-9-]*$/;
/** Resolution failures an `npm install` can fix: the process is replaced, since Node caches what it read. */
const MISSING_MODULE = new Set(["MODULE_NOT_FOUND", "ERR_MODULE_NOT_FOUND"]);

// Taken before any Action code runs. An Action may replace process.send in its own process: it
// then decides only its own results, which it can do anyway.
const send = process.send.bind(process);

// Stack traces of TypeScript and ESM Actions point at the author's lines (esbuild emits an inline
// source map with the compiled code).
if (typeof process.setSourceMapsEnabled === "function") process.setSourceMapsEnabled(true);

/** Loaded modules by file: module-level code runs once per process and version, like Auth0's Node 22 runtime. */
const modules = new Map();
const context = new AsyncLocalStorage();
/** The execution in progress (the server sends one at a time). */
let current = null;
const pending = trackPendingRequests(() => {
  const exec = context.getStore() || current;
  return exec && !exec.done ? exec : null;
});

// ---------------------------------------------------------------------------------------------
// Console capture. Lines are attributed to the execution whose async context produced them, so a
// timer left running by an earlier execution cannot write into a later one's output. The head of
// the output streams to the host as it is written (it survives a timeout); past the limit only a
// tail is kept here and sent with the result.

class Capture {
  constructor(id, pairs) {
    this.id = id;
    this.pairs = pairs;
    this.sent = 0;
    this.overflow = false;
    this.tail = [];
    this.tailBytes = 0;
    this.omitted = 0;
  }
  add(text) {
    const line = redact(text, this.pairs);
    const size = Buffer.byteLength(line, "utf8") + 1;
    if (!this.overflow && this.sent + size <= LOG_LIMIT) {
      this.sent += size;
      send({ type: "log", id: this.id, text: line });
      return;
    }
    this.overflow = true;
    this.tail.push(line);
    this.tailBytes += size;
    while (this.tail.length > 1 && this.tailBytes > TAIL_LIMIT) {
      const dropped = this.tail.shift();
      const droppedSize = Buffer.byteLength(dropped, "utf8") + 1;
      this.tailBytes -= droppedSize;
      this.omitted += droppedSize;
    }
  }
  summary() {
    return this.overflow ? { tail: this.tail, omittedBytes: this.omitted } : undefined;
  }
}

function owner() {
  const exec = context.getStore() || current;
  return exec && !exec.done ? exec : null;
}

function capture(prefix) {
  return (...args) => {
    const exec = owner();
    if (!exec) return;
    exec.capture.add(prefix + util.format(...args));
  };
}

console.log = capture("");
console.info = capture("");
console.debug = capture("");
console.warn = capture("");
console.error = capture("");
console.dir = (value, options) => {
  const exec = owner();
  if (exec) exec.capture.add(util.inspect(value, options));
};
console.trace = (...args) => {
  const exec = owner();
  if (!exec) return;
  const stack = (new Error().stack || "").split("\n").slice(2).join("\n");
  exec.capture.add(`Trace: ${util.format(...args)}\n${stack}`);
};
// Direct writes to stdout/stderr are output too.
for (const stream of [process.stdout, process.stderr]) {
  stream.write = (chunk, encoding, callback) => {
    const exec = owner();
    if (exec) exec.capture.add(String(chunk).replace(/\n$/, ""));
    const cb = typeof encoding === "function" ? encoding : callback;
    if (typeof cb === "function") cb();
    return true;
  };
}

// ---------------------------------------------------------------------------------------------
// Process controls. process.exit() ends this process (the server sees the exit, fails the execution
// with a clear message and starts a fresh one). Signals and the debugger reach other processes of
// the same OS user (SIGUSR1 opens the server's inspector), so the raw bindings behind kill() and
// _debugProcess() are removed before any Action code runs; the permission model already refuses
// child processes, workers, native addons and process.binding().

const realExit = process.reallyExit.bind(process);
process.exit = (code) => {
  const exec = current;
  const exitCode = code === undefined ? process.exitCode || 0 : Number(code) || 0;
  if (exec) exec.exited = true;
  // Exits once the message is on its way, so the server can tell process.exit() from a crash.
  send({ type: "exit-called", id: exec ? exec.id : null, code: exitCode }, () => realExit(exitCode));
};
process.abort = () => {
  throw new Error("process.abort() is not available to Actions.");
};
process.kill = () => {
  throw new Error("process.kill() is not available to Actions.");
};
for (const name of ["_kill", "_debugProcess", "_debugEnd", "_startProfilerIdleNotifier", "_stopProfilerIdleNotifier"]) {
  delete process[name];
}
const setPriority = os.setPriority;
os.setPriority = (pid, priority) => {
  if (priority !== undefined && pid !== 0 && pid !== process.pid) throw new Error("os.setPriority() of another process is not available to Actions.");
  return priority === undefined ? setPriority(pid) : setPriority(pid, priority);
};
// The server went away: nothing left to report to.
process.on("disconnect", () => realExit(0));

// A rejection nobody handles or an exception thrown from a callback fails the running execution
// instead of killing the process (Node's default).
process.on("unhandledRejection", (reason) => failCurrent(reason, "Unhandled promise rejection"));
process.on("uncaughtException", (error) => failCurrent(error, "Uncaught exception"));

function failCurrent(reason, what) {
  const exec = current;
  if (!exec || exec.done) return;
  const err = toError(reason, "throw");
  err.message = `${what}: ${err.message}`;
  exec.fail(err);
}

// ---------------------------------------------------------------------------------------------

/** Stack frames of this sandbox are noise to an Action's author. */
function cleanStack(stack) {
  if (typeof stack !== "string") return undefined;
  return stack
    .split("\n")
    .filter((line) => !line.includes(__dirname))
    .join("\n");
}

/** "fetch failed" says little; its cause (ECONNREFUSED 127.0.0.1:9) says what happened. */
function withCause(message, error) {
  const cause = error && error.cause;
  if (!cause) return message;
  const text = cause instanceof Error ? cause.message || cause.code || cause.name : typeof cause === "string" ? cause : util.inspect(cause, { depth: 1, breakLength: Infinity });
  return text ? `${message} (cause: ${text})` : message;
}

function toError(value, kind) {
  if (value instanceof Error) {
    const code = typeof value.code === "string" ? value.code : undefined;
    return { kind, name: value.name, message: withCause(value.message || value.name, value), stack: cleanStack(value.stack), code };
  }
  if (value && typeof value === "object" && typeof value.message === "string") {
    return { kind, name: typeof value.name === "string" ? value.name : "Error", message: value.message, stack: cleanStack(value.stack) };
  }
  if (typeof value === "string") return { kind, name: "Error", message: value };
  return { kind, name: "Error", message: `A non-Error value was thrown: ${util.inspect(value, { depth: 2, breakLength: Infinity })}` };
}

class SandboxError extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

function nodeModulePaths(dir) {
  return Module._nodeModulePaths(dir);
}

function load(msg) {
  if (msg.file !== options.file) throw new SandboxError("internal", `This sandbox process runs ${options.file}, not ${msg.file}.`);
  const cached = modules.get(msg.file);
  if (cached && cached.version === msg.version) return cached.exports;
  if (typeof msg.code !== "string") {
    // The server believed this process had the module; it sends the code again on this error.
    throw new SandboxError("internal", `The sandbox lost the compiled code of ${msg.file}.`);
  }
  modules.delete(msg.file);
  const mod = new Module(msg.file, null);
  mod.filename = msg.file;
  // require() resolves from the file's folder first, then from the project's node_modules, so an
  // Action kept outside the project (ACTIONS_DIR elsewhere) still finds the installed packages.
  mod.paths = [...new Set([...nodeModulePaths(path.dirname(msg.file)), ...nodeModulePaths(projectRoot)])];
  try {
    mod._compile(msg.code, msg.file);
  } catch (error) {
    const err = toError(error, "load");
    err.message = `Loading the module failed: ${err.message}`;
    throw Object.assign(new SandboxError("load", err.message), { stack: err.stack, code: err.code });
  }
  mod.loaded = true;
  modules.set(msg.file, { version: msg.version, exports: mod.exports });
  return mod.exports;
}

function pick(exports, name) {
  if (exports && typeof exports[name] === "function") return exports[name];
  const fallback = exports && exports.default;
  if (fallback && typeof fallback === "object" && typeof fallback[name] === "function") return fallback[name];
  return undefined;
}

function describeExports(exports) {
  const names = exports && (typeof exports === "object" || typeof exports === "function") ? Object.keys(exports) : [];
  const hookFunction = typeof exports === "function" || (exports && typeof exports.default === "function" && !names.some((n) => n.startsWith("onExecute")));
  let options;
  const raw = exports && (exports.rekey !== undefined ? exports.rekey : exports.default && exports.default.rekey);
  if (raw !== undefined) {
    try {
      options = structuredClone(raw);
    } catch {
      options = { invalid: util.inspect(raw) };
    }
  }
  return { exports: names.filter((n) => n !== "__esModule"), hookFunction: Boolean(hookFunction), options };
}

function loadApi(kind, ctx) {
  if (!API_KIND.test(String(kind))) throw new SandboxError("internal", `Invalid api kind "${kind}".`);
  let build;
  try {
    build = require(path.join(__dirname, "api", `${kind}.cjs`));
  } catch (error) {
    if (error && error.code === "MODULE_NOT_FOUND") throw new SandboxError("internal", `No api is available for "${kind}" yet.`);
    throw error;
  }
  return build(ctx);
}

function cloneable(value) {
  if (value === undefined) return undefined;
  try {
    return structuredClone(value);
  } catch {
    return util.inspect(value, { depth: 4 });
  }
}

async function execute(msg, exec) {
  const exports = load(msg);
  if (msg.mode === "inspect") return { inspect: describeExports(exports) };

  if (msg.mode === "hook") {
    const fn = typeof exports === "function" ? exports : exports && typeof exports.default === "function" ? exports.default : undefined;
    if (!fn) throw new SandboxError("missing_export", "The file is not a Hook: module.exports is not a function (user, context, cb).");
    const { user, context: hookContext } = msg.hookArgs || {};
    if (hookContext && hookContext.webtask) hookContext.webtask.secrets = watchSecrets(hookContext.webtask.secrets, exec.missingSecrets);
    const result = await new Promise((resolve, reject) => {
      let called = false;
      const cb = (error, value) => {
        if (called) return;
        called = true;
        if (error !== undefined && error !== null) reject(toError(error, "callback"));
        else resolve(value);
      };
      try {
        const returned = fn(user, hookContext, cb);
        if (returned && typeof returned.then === "function") {
          returned.then(undefined, (error) => {
            if (!called) {
              called = true;
              reject(error);
            }
          });
        }
      } catch (error) {
        called = true;
        reject(error);
      }
    });
    return { returnValue: cloneable(result) };
  }

  const fn = pick(exports, msg.exportName);
  if (!fn) {
    if (msg.optionalExport) return { skipped: true };
    throw new SandboxError("missing_export", `The file does not export ${msg.exportName}.`);
  }
  const api = loadApi(msg.apiKind, {
    event: msg.event,
    exportName: msg.exportName,
    cacheSnapshot: msg.cacheSnapshot,
    command: (c) => exec.commands.push(c),
    now: Date.now,
  });
  if (msg.event && msg.event.secrets) msg.event.secrets = watchSecrets(msg.event.secrets, exec.missingSecrets);
  const returnValue = await fn(msg.event, api);
  return { returnValue: cloneable(returnValue) };
}

async function run(msg) {
  const received = Date.now();
  const pairs = redactionPairs(msg.secrets);
  const exec = { id: msg.id, done: false, exited: false, commands: [], capture: new Capture(msg.id, pairs), fail: null, pending: new Set(), missingSecrets: new Set() };
  current = exec;
  const failed = new Promise((_, reject) => {
    exec.fail = reject;
  });
  failed.catch(() => {});
  let outcome;
  try {
    const value = await Promise.race([context.run(exec, () => execute(msg, exec)), failed]);
    outcome = { ok: true, ...value };
  } catch (error) {
    const err =
      error instanceof SandboxError
        ? { kind: error.kind, name: "Error", message: error.message, stack: error.kind === "load" ? error.stack : undefined, code: error.code }
        : error && error.kind
          ? error
          : toError(error, "throw");
    if (exec.missingSecrets.size > 0) {
      const original = err.name && err.name !== "Error" ? `${err.name}: ${err.message}` : String(err.message);
      err.name = "Error";
      err.message = explainMissing(original, exec.missingSecrets);
    }
    err.message = redact(String(err.message), pairs);
    if (err.stack) err.stack = redact(String(err.stack), pairs);
    outcome = { ok: false, restart: MISSING_MODULE.has(err.code), error: { kind: err.kind, name: err.name, message: err.message, stack: err.stack } };
  }
  // The CLI waits for requests the Action did not await (as Auth0 lets a container finish them),
  // within the execution's time limit; the server does not (its process stays up, so they go on).
  let waited;
  if (msg.waitForPendingMs > 0 && !exec.exited) {
    waited = await pending.waitFor(exec.pending, received + msg.waitForPendingMs, exec);
  }
  exec.done = true;
  current = null;
  // process.exit() was called: the exit, not a result, ends this execution.
  if (exec.exited) return;
  send({
    type: "result",
    id: msg.id,
    loaded: modules.has(msg.file) && modules.get(msg.file).version === msg.version,
    commands: exec.commands,
    overflow: exec.capture.summary(),
    ...(waited ? { pending: waited } : {}),
    ...outcome,
  });
}

process.on("message", (msg) => {
  if (msg && msg.op === "run") {
    run(msg).catch((error) => {
      send({ type: "result", id: msg.id, ok: false, loaded: false, commands: [], error: toError(error, "internal") });
    });
  } else if (msg && msg.op === "drain") {
    pending.waitFor(pending.all, Date.now() + Math.max(0, Number(msg.maxMs) || 0)).then((report) => send({ type: "drained", id: msg.id, ...report }));
  }
});

send({ type: "ready" });
