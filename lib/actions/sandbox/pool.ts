import fs from "node:fs";
import path from "node:path";
import type { Worker } from "node:worker_threads";
import { config } from "@/lib/config";
import { processWide } from "@/lib/process-wide";

/** Bytes of console output kept per execution (the head, plus a tail when it is longer). */
export const LOG_LIMIT_BYTES = 4096;

/**
 * The worker entry, a plain CommonJS file started by path. It is resolved from the working
 * directory, which is the project root for every way Rekey runs (`npm start`, `npm run dev`,
 * `npm run worker`, `npm run action`, Vitest, `next start`): a path derived from this module's own
 * location would point into `.next/server/…` once Next has bundled it.
 */
export function workerEntryPath(): string {
  const file = path.join(projectRoot(), "lib", "actions", "sandbox", "worker", "entry.cjs");
  if (!fs.existsSync(file)) {
    throw new Error(
      `The Actions sandbox entry ${file} does not exist. Rekey must run with the project root as its working directory.`,
    );
  }
  return file;
}

/** The project root: the working directory (see workerEntryPath). */
export function projectRoot(): string {
  return process.cwd();
}

/**
 * The Worker constructor, fetched so that Turbopack cannot see `new Worker(...)`: it bundles the
 * entry of such calls into .next/server/chunks (a `turbopackIgnore` comment is not honoured there),
 * where the entry's require of `./api/<kind>.cjs` by path finds nothing. Workers spawned from
 * inside Next's bundle (replacements after a timeout) must run the same file as server.ts's.
 */
function unbundledWorker(): typeof Worker {
  return process.getBuiltinModule("node:worker_threads").Worker;
}

/** Messages a sandbox worker sends (see worker/entry.cjs). */
export type WorkerMessage =
  | { type: "log"; id: string; text: string }
  | { type: "exit-called"; id: string | null; code: number }
  | ({ type: "result"; id: string } & Record<string, unknown>);

/** The execution a worker is running: receives its messages and its death. */
export type Occupant = {
  id: string;
  message(msg: WorkerMessage): void;
  died(error: Error | undefined, exitCode: number): void;
};

export type SandboxWorker = {
  readonly worker: Worker;
  readonly seq: number;
  readonly memoryMb: number;
  /** Resolves once the thread runs; executions post after it so their timeout excludes start-up. */
  readonly online: Promise<void>;
  /** Module versions the worker holds (file → version), to send code only when it lacks it. */
  readonly loaded: Map<string, string>;
  occupant?: Occupant;
  dead: boolean;
  /** Set by the worker's last "exit-called" message, to tell process.exit() from a crash. */
  exitCalled?: number;
};

type PoolState = {
  idle: SandboxWorker[];
  busy: Set<SandboxWorker>;
  waiters: Array<(worker: SandboxWorker) => void>;
  seq: number;
  spawned: number;
};

function state(): PoolState {
  return processWide<PoolState>("actions.pool", () => ({ idle: [], busy: new Set(), waiters: [], seq: 0, spawned: 0 }));
}

function spawn(): SandboxWorker {
  const s = state();
  const cfg = config();
  const memoryMb = cfg.ACTION_MEMORY_MB;
  const worker = new (unbundledWorker())(workerEntryPath(), {
    workerData: { projectRoot: projectRoot(), logLimitBytes: LOG_LIMIT_BYTES },
    // The server's environment (DATABASE_URL, AUTH_SECRET, SMTP_URL…) is not the Actions' business:
    // they get their secrets through event.secrets only.
    env: {},
    // Not the host's loaders (tsx, Vitest): the entry is plain CommonJS and starts faster without.
    execArgv: [],
    stdout: true,
    stderr: true,
    resourceLimits: {
      maxOldGenerationSizeMb: memoryMb,
      maxYoungGenerationSizeMb: Math.max(2, Math.min(16, Math.floor(memoryMb / 8))),
      stackSizeMb: 4,
    },
  });
  // Output is captured inside the worker; anything that still reaches its stdio is drained.
  worker.stdout.resume();
  worker.stderr.resume();
  const sw: SandboxWorker = {
    worker,
    seq: ++s.seq,
    memoryMb,
    // Rejects when the thread dies before it runs (a broken entry file), so no caller waits forever.
    online: new Promise((resolve, reject) => {
      worker.once("online", () => resolve());
      worker.once("exit", (code) => reject(new Error(`The sandbox worker exited (code ${code}) before it started.`)));
    }),
    loaded: new Map(),
    dead: false,
  };
  sw.online.catch(() => {});
  s.spawned += 1;
  worker.on("message", (msg: WorkerMessage) => {
    if (msg.type === "exit-called") sw.exitCalled = msg.code;
    sw.occupant?.message(msg);
  });
  let lastError: Error | undefined;
  worker.on("error", (error) => {
    lastError = error;
  });
  worker.on("exit", (code) => {
    const wasDead = sw.dead;
    sw.dead = true;
    const occupant = sw.occupant;
    sw.occupant = undefined;
    forget(sw);
    occupant?.died(lastError, code);
    // A worker that died by itself (process.exit, out of memory) is replaced so the next
    // execution finds a warm one; one the pool retired was replaced when it was retired.
    if (!wasDead) replenish();
  });
  worker.unref();
  return sw;
}

function forget(sw: SandboxWorker) {
  const s = state();
  s.busy.delete(sw);
  const i = s.idle.indexOf(sw);
  if (i !== -1) s.idle.splice(i, 1);
}

function total(): number {
  const s = state();
  return s.idle.length + s.busy.size;
}

function replenish() {
  const s = state();
  if (s.waiters.length > 0 && total() < config().ACTION_WORKERS) {
    const sw = spawn();
    hand(sw);
  } else if (total() === 0) {
    s.idle.push(spawn());
  }
}

function hand(sw: SandboxWorker) {
  const s = state();
  const waiter = s.waiters.shift();
  if (waiter) {
    s.busy.add(sw);
    sw.worker.ref();
    waiter(sw);
  } else {
    sw.worker.unref();
    s.idle.push(sw);
  }
}

/** A worker for one execution: an idle warm one, a new one while below ACTION_WORKERS, or the next freed. */
export function acquireWorker(): Promise<SandboxWorker> {
  const s = state();
  const memoryMb = config().ACTION_MEMORY_MB;
  // A changed memory limit only applies to new workers: retire the idle ones started with another.
  for (const sw of [...s.idle]) if (sw.memoryMb !== memoryMb) retireWorker(sw, false);
  const idle = s.idle.pop();
  if (idle) {
    s.busy.add(idle);
    idle.worker.ref();
    return Promise.resolve(idle);
  }
  if (total() < config().ACTION_WORKERS) {
    const sw = spawn();
    s.busy.add(sw);
    sw.worker.ref();
    return Promise.resolve(sw);
  }
  return new Promise((resolve) => s.waiters.push(resolve));
}

/** Returns a healthy worker to the pool after an execution. */
export function releaseWorker(sw: SandboxWorker): void {
  const s = state();
  sw.occupant = undefined;
  s.busy.delete(sw);
  if (sw.dead) return;
  hand(sw);
}

/**
 * Stops a worker (a timeout, an abort, a changed limit) and starts a replacement, so the pool stays
 * warm. Its module cache goes with it.
 */
export function retireWorker(sw: SandboxWorker, replace = true): void {
  if (sw.dead) return;
  sw.dead = true;
  forget(sw);
  void sw.worker.terminate();
  if (replace) replenish();
}

/** Starts one worker ahead of the first execution (server start-up), so the first Action is warm. */
export function warmUpSandbox(): void {
  if (total() === 0) state().idle.push(spawn());
}

/** Stops every worker (tests, the CLI, graceful shutdown). Executions in flight fail. */
export async function shutdownSandbox(): Promise<void> {
  const s = state();
  const all = [...s.idle, ...s.busy];
  s.idle = [];
  s.busy.clear();
  for (const sw of all) sw.dead = true;
  await Promise.all(all.map((sw) => sw.worker.terminate()));
}

/** Pool figures for diagnostics and the admin console. */
export function sandboxStats(): { idle: number; busy: number; waiting: number; spawned: number; limit: number } {
  const s = state();
  return { idle: s.idle.length, busy: s.busy.size, waiting: s.waiters.length, spawned: s.spawned, limit: config().ACTION_WORKERS };
}
