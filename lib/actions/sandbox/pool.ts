import type { ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { config } from "@/lib/config";
import { processWide } from "@/lib/process-wide";
import { residentBytes } from "./resident-memory";
import { currentProfile, spawnSandboxProcess, type SandboxProfile } from "./spawn";

/** How often a busy process's resident memory is read (ms): the overshoot a fast allocator gets. */
const BUSY_WATCH_MS = 25;
/** How often idle processes are looked at: memory, a vanished file, surplus processes (ms). */
const SWEEP_MS = 1000;
/** A process beyond a file's first is stopped after this long without work (ms). */
const SURPLUS_IDLE_MS = 30_000;
/** Bytes of a process's stderr kept, to explain a crash. */
const STDERR_TAIL = 2048;
/** A process that has not set itself up by then is killed (its executions fail, not hang). */
const START_TIMEOUT_MS = 30_000;

/** Messages a sandbox process sends (see worker/entry.cjs). */
export type ProcessMessage =
  | { type: "ready" }
  | { type: "log"; id: string; text: string }
  | { type: "exit-called"; id: string | null; code: number }
  | { type: "drained"; id: string; requests: number; waitedMs: number; unfinished: number }
  | ({ type: "result"; id: string } & Record<string, unknown>);

/** Why a process ended while an execution ran on it. */
export type Death =
  | { kind: "memory"; limitMb: number; residentMb?: number }
  | { kind: "exit"; code: number }
  | { kind: "crash"; code: number | null; signal: NodeJS.Signals | null; stderr: string };

/** The messages about one execution. */
export type ExecutionMessage = Extract<ProcessMessage, { type: "log" | "result" }>;

/** The execution a process is running: receives its messages and its death. */
export type Occupant = {
  id: string;
  message(msg: ExecutionMessage): void;
  died(death: Death): void;
};

export type SandboxProcess = {
  readonly child: ChildProcess;
  readonly file: string;
  /** The file's content version this process runs; an edited file gets a fresh process. */
  readonly version: string;
  readonly profile: SandboxProfile;
  readonly profileKey: string;
  /** Resolves once the runtime is set up; executions start after it, so their timeout excludes start-up. */
  readonly ready: Promise<void>;
  /** True once the process holds the file's module (sent with the first execution). */
  loaded: boolean;
  busy: boolean;
  occupant?: Occupant;
  dead: boolean;
  /** Resident bytes when ready: the runtime's own, not counted against the Action's limit. */
  baseline?: number;
  exitCalled?: number;
  overMemoryBytes?: number;
  stderrTail: string;
  idleSince: number;
  watch?: NodeJS.Timeout;
  drains: Map<string, (report: DrainReport) => void>;
};

export type DrainReport = { requests: number; waitedMs: number; unfinished: number };

type Waiter = { version: string; profileKey: string; resolve: (p: SandboxProcess) => void };
type FilePool = { file: string; latestVersion: string; latestProfileKey: string; processes: SandboxProcess[]; waiters: Waiter[] };
type PoolState = { files: Map<string, FilePool>; spawned: number; sweeper?: NodeJS.Timeout };

function state(): PoolState {
  return processWide<PoolState>("actions.processes", () => {
    const s: PoolState = { files: new Map(), spawned: 0 };
    // A server that exits (even by a crash) takes its sandbox processes along.
    process.once("exit", () => {
      for (const pool of s.files.values()) for (const p of pool.processes) p.child.kill("SIGKILL");
    });
    return s;
  });
}

function poolOf(file: string): FilePool {
  const s = state();
  let pool = s.files.get(file);
  if (!pool) {
    pool = { file, latestVersion: "", latestProfileKey: "", processes: [], waiters: [] };
    s.files.set(file, pool);
  }
  return pool;
}

const limitPerFile = () => config().ACTION_WORKERS;
const matches = (p: SandboxProcess, version: string, profileKey: string) => !p.dead && p.version === version && p.profileKey === profileKey;
const isCurrent = (pool: FilePool, p: SandboxProcess) => matches(p, pool.latestVersion, pool.latestProfileKey);

function spawnFor(pool: FilePool, version: string, profile: SandboxProfile, profileKey: string): SandboxProcess {
  const s = state();
  const child = spawnSandboxProcess(pool.file, profile);
  let markReady!: () => void;
  let failReady!: (error: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  ready.catch(() => {});
  const p: SandboxProcess = {
    child,
    file: pool.file,
    version,
    profile,
    profileKey,
    ready,
    loaded: false,
    busy: false,
    dead: false,
    stderrTail: "",
    idleSince: Date.now(),
    drains: new Map(),
  };
  s.spawned += 1;
  pool.processes.push(p);
  let wasReady = false;
  const startTimer = setTimeout(() => child.kill("SIGKILL"), START_TIMEOUT_MS);
  startTimer.unref();

  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    p.stderrTail = (p.stderrTail + chunk).slice(-STDERR_TAIL);
  });
  // Messages are trusted only as far as their sender: each process talks for its own file, and a
  // message about an execution it is not running is dropped (see Occupant.message).
  child.on("message", (msg: ProcessMessage) => {
    if (!msg || typeof msg !== "object") return;
    if (msg.type === "ready") {
      if (wasReady) return;
      wasReady = true;
      clearTimeout(startTimer);
      p.baseline = residentBytes(child.pid);
      markReady();
    } else if (msg.type === "exit-called") {
      if (p.occupant && msg.id === p.occupant.id) p.exitCalled = Number(msg.code) || 0;
    } else if (msg.type === "drained") {
      const done = p.drains.get(msg.id);
      p.drains.delete(msg.id);
      done?.({ requests: Number(msg.requests) || 0, waitedMs: Number(msg.waitedMs) || 0, unfinished: Number(msg.unfinished) || 0 });
    } else if (msg.type === "log" || msg.type === "result") {
      p.occupant?.message(msg);
    }
  });
  child.on("error", () => {
    // A failed spawn or a failed kill; 'close' follows and settles everything.
  });
  child.once("close", (code, signal) => {
    const retired = p.dead;
    p.dead = true;
    clearTimeout(startTimer);
    stopWatch(p);
    forget(pool, p);
    if (!wasReady) failReady(new Error(`The sandbox process exited (${signal ?? `code ${code}`}) before it started.${p.stderrTail ? ` ${p.stderrTail.trim().slice(-500)}` : ""}`));
    for (const done of p.drains.values()) done({ requests: 0, waitedMs: 0, unfinished: 0 });
    p.drains.clear();
    const occupant = p.occupant;
    p.occupant = undefined;
    occupant?.died(deathOf(p, code, signal));
    // A process that died by itself (process.exit, memory, a crash) is replaced so the file's next
    // execution finds a warm one; one the pool retired was replaced when it was retired. One that
    // never started is not (a broken runtime would otherwise respawn forever).
    if (!retired && wasReady) replenish(pool);
    else serveWaiters(pool);
  });
  idle(p);
  startSweeper();
  return p;
}

function deathOf(p: SandboxProcess, code: number | null, signal: NodeJS.Signals | null): Death {
  const limitMb = p.profile.memoryMb;
  if (p.overMemoryBytes !== undefined) return { kind: "memory", limitMb, residentMb: Math.round(p.overMemoryBytes / 2 ** 20) };
  if (/heap out of memory|Reached heap limit/i.test(p.stderrTail)) return { kind: "memory", limitMb };
  if (p.exitCalled !== undefined) return { kind: "exit", code: p.exitCalled };
  return { kind: "crash", code, signal, stderr: p.stderrTail.trim().slice(-500) };
}

function forget(pool: FilePool, p: SandboxProcess) {
  const i = pool.processes.indexOf(p);
  if (i !== -1) pool.processes.splice(i, 1);
}

function busy(p: SandboxProcess) {
  p.busy = true;
  p.child.ref();
  p.child.channel?.ref();
  startWatch(p);
}

function idle(p: SandboxProcess) {
  p.busy = false;
  p.idleSince = Date.now();
  stopWatch(p);
  // An idle process must not keep the server (or a CLI, a test run) alive.
  p.child.unref();
  p.child.channel?.unref();
  (p.child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
}

/** Kills the process when its resident memory passes the runtime's own plus ACTION_MEMORY_MB. */
function checkMemory(p: SandboxProcess) {
  if (p.dead || p.baseline === undefined) return;
  const resident = residentBytes(p.child.pid);
  if (resident === undefined) return;
  if (resident > p.baseline + p.profile.memoryMb * 2 ** 20) {
    p.overMemoryBytes = resident - p.baseline;
    p.child.kill("SIGKILL");
  }
}

function startWatch(p: SandboxProcess) {
  stopWatch(p);
  p.watch = setInterval(() => checkMemory(p), BUSY_WATCH_MS);
  p.watch.unref();
}

function stopWatch(p: SandboxProcess) {
  if (p.watch) clearInterval(p.watch);
  p.watch = undefined;
}

/** Idle processes: memory (pending work still runs), a file that is gone, surplus warm processes. */
function sweep() {
  const s = state();
  const now = Date.now();
  for (const pool of s.files.values()) {
    const gone = !fs.existsSync(pool.file);
    for (const p of [...pool.processes]) {
      if (p.dead || p.busy) continue;
      checkMemory(p);
      const surplus = pool.processes.filter((q) => isCurrent(pool, q)).length > 1 || !isCurrent(pool, p);
      if (gone || (surplus && now - p.idleSince > SURPLUS_IDLE_MS)) retireProcess(p, false);
    }
    if (pool.processes.length === 0 && pool.waiters.length === 0) s.files.delete(pool.file);
  }
  if (s.files.size === 0 && s.sweeper) {
    clearInterval(s.sweeper);
    s.sweeper = undefined;
  }
}

function startSweeper() {
  const s = state();
  if (s.sweeper) return;
  s.sweeper = setInterval(sweep, SWEEP_MS);
  s.sweeper.unref();
}

/** Hands free processes to waiting executions, starting processes while below ACTION_WORKERS. */
function serveWaiters(pool: FilePool) {
  for (const waiter of [...pool.waiters]) {
    let p = pool.processes.find((q) => !q.busy && matches(q, waiter.version, waiter.profileKey));
    if (!p && pool.processes.filter((q) => matches(q, waiter.version, waiter.profileKey)).length < limitPerFile()) {
      p = spawnFor(pool, waiter.version, JSON.parse(waiter.profileKey) as SandboxProfile, waiter.profileKey);
    }
    if (!p) continue;
    pool.waiters.splice(pool.waiters.indexOf(waiter), 1);
    busy(p);
    waiter.resolve(p);
  }
}

function replenish(pool: FilePool) {
  serveWaiters(pool);
  if (!pool.latestVersion || !fs.existsSync(pool.file)) return;
  if (!pool.processes.some((p) => isCurrent(pool, p))) {
    spawnFor(pool, pool.latestVersion, JSON.parse(pool.latestProfileKey) as SandboxProfile, pool.latestProfileKey);
  }
}

/**
 * The process for one execution of `file` at `version`: an idle warm one, a new one while the file
 * has fewer than ACTION_WORKERS, or the next one freed. Every process runs one file only, so its
 * code (and its dependencies) sees that file's secrets and decides that file's results, nothing else.
 */
export function acquireProcess(file: string, version: string): Promise<SandboxProcess> {
  const { serialized: profileKey } = currentProfile();
  const pool = poolOf(file);
  pool.latestVersion = version;
  pool.latestProfileKey = profileKey;
  // An edited file, a changed limit or a moved actions folder: idle processes of the old one go.
  for (const p of [...pool.processes]) if (!p.busy && !isCurrent(pool, p)) retireProcess(p, false);
  return new Promise((resolve) => {
    pool.waiters.push({ version, profileKey, resolve });
    serveWaiters(pool);
  });
}

/** Returns a healthy process after an execution; a stale one (the file changed meanwhile) goes. */
export function releaseProcess(p: SandboxProcess): void {
  p.occupant = undefined;
  if (p.dead) return;
  const pool = poolOf(p.file);
  idle(p);
  if (!isCurrent(pool, p)) retireProcess(p, false);
  serveWaiters(pool);
}

/**
 * Stops a process (a timeout, an abort, a missing module, a stale version) and, when `replace`,
 * starts a warm replacement for its file. Its module state goes with it.
 */
export function retireProcess(p: SandboxProcess, replace = true): void {
  if (p.dead) return;
  p.dead = true;
  stopWatch(p);
  const pool = poolOf(p.file);
  forget(pool, p);
  p.child.kill("SIGKILL");
  if (replace) replenish(pool);
  else serveWaiters(pool);
}

/** Asks a process to wait for its requests in flight, up to `maxMs`. */
function drain(p: SandboxProcess, maxMs: number): Promise<DrainReport> {
  const id = crypto.randomUUID();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      p.drains.delete(id);
      resolve({ requests: 0, waitedMs: maxMs, unfinished: 0 });
    }, maxMs + 500);
    p.drains.set(id, (report) => {
      clearTimeout(timer);
      resolve(report);
    });
    p.child.send({ op: "drain", id, maxMs }, (error) => {
      if (error) p.drains.get(id)?.({ requests: 0, waitedMs: 0, unfinished: 0 });
    });
  });
}

/**
 * Checks at start-up that a sandbox process starts on this Node with these flags (the permission
 * model, the allowed folders), so a problem shows in the server's output rather than at the first
 * reset. Processes of the Action files themselves start when discovery loads each file.
 */
export async function warmUpSandbox(): Promise<void> {
  const probe = spawnSandboxProcess("(start-up check)", currentProfile().profile);
  let stderr = "";
  probe.stderr?.setEncoding("utf8");
  probe.stderr?.on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-STDERR_TAIL)));
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once("message", () => resolve());
      probe.once("error", reject);
      probe.once("close", (code, signal) => reject(new Error(`exited (${signal ?? `code ${code}`}) before it started. ${stderr.trim().slice(-500)}`)));
    });
  } catch (error) {
    throw new Error(`The Actions sandbox cannot start on Node ${process.versions.node}: ${(error as Error).message}`);
  } finally {
    probe.kill("SIGKILL");
  }
}

/** How long a graceful stop lets requests the Actions did not await finish (ms). */
const SHUTDOWN_GRACE_MS = 5000;

/**
 * Stops every sandbox process (the CLI, tests, the server's stop); executions in flight fail.
 * `graceful` (a server or worker stopping) first gives the requests Actions left in flight up to
 * 5 s to finish, as a warm process would have let them.
 */
export async function shutdownSandbox(options: { graceful?: boolean } = {}): Promise<void> {
  const s = state();
  const all = [...s.files.values()].flatMap((pool) => pool.processes);
  if (options.graceful) await Promise.all(all.filter((p) => !p.dead).map((p) => drain(p, SHUTDOWN_GRACE_MS)));
  const closed = all.map((p) => {
    if (p.child.exitCode !== null || p.child.signalCode !== null) return Promise.resolve();
    // Idle processes are unreferenced; the caller awaits their end, so this one must hold the loop.
    p.child.ref();
    (p.child.stderr as unknown as { ref?: () => void } | null)?.ref?.();
    return new Promise<void>((resolve) => p.child.once("close", () => resolve()));
  });
  for (const p of all) retireProcess(p, false);
  for (const pool of s.files.values()) pool.waiters = [];
  s.files.clear();
  if (s.sweeper) clearInterval(s.sweeper);
  s.sweeper = undefined;
  await Promise.all(closed);
}

/** Pool figures for diagnostics. */
export function sandboxStats(): { files: number; processes: number; busy: number; waiting: number; spawned: number; limitPerFile: number } {
  const s = state();
  const pools = [...s.files.values()];
  const processes = pools.flatMap((pool) => pool.processes);
  return {
    files: pools.length,
    processes: processes.length,
    busy: processes.filter((p) => p.busy).length,
    waiting: pools.reduce((n, pool) => n + pool.waiters.length, 0),
    spawned: s.spawned,
    limitPerFile: limitPerFile(),
  };
}
