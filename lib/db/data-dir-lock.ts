import fs from "node:fs";
import path from "node:path";

export class DataDirLockedError extends Error {
  readonly code = "DATA_DIR_LOCKED";
}

type LockOwner = {
  pid: number;
  command: string;
  since: string;
  /** The owner's start time where the OS tells it (Linux /proc), to tell a reused PID from the owner. */
  started?: string;
};

const LOCK_FILE = "rekey.lock";

/**
 * The directories this process holds, on globalThis so that every copy of this module (server.ts
 * and Next's bundle) sees the same set. "Already open in this process" is decided here, never from
 * the PID in the file: after a crash, a restarted container gives the new server the PID the dead
 * one had, and that lock is stale.
 */
const HELD = Symbol.for("rekey.db.data-dir-locks");
function held(): Set<string> {
  const g = globalThis as typeof globalThis & { [HELD]?: Set<string> };
  g[HELD] ??= new Set();
  return g[HELD];
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Start time of a process in clock ticks after boot (/proc/<pid>/stat field 22); undefined where there is no /proc. */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 2, the command name, is parenthesised and may hold spaces: count from the last ")".
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/**
 * Whether the process that wrote the lock still runs: its PID is alive and, where start times can
 * be read, that PID's process started when the owner did (a PID reused after a crash is not the owner).
 */
function ownerRuns(owner: LockOwner): boolean {
  if (owner.pid === process.pid) return false;
  if (!isAlive(owner.pid)) return false;
  if (owner.started === undefined) return true;
  const started = startTimeOf(owner.pid);
  return started === undefined || started === owner.started;
}

/**
 * Takes the exclusive right to open the embedded database in `dir`.
 *
 * Two processes that open one PGlite directory silently lose committed rows, so a second opener
 * must fail loudly. The lock file names its owner; a lock whose process is gone is stale and is
 * taken over. O_EXCL creation makes two starters racing for a free directory safe.
 */
export function acquireDataDirLock(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const key = path.resolve(dir);
  if (held().has(key)) throw new DataDirLockedError(`The embedded database in ${dir} is already open in this process.`);
  const file = path.join(dir, LOCK_FILE);
  const me: LockOwner = {
    pid: process.pid,
    command: process.argv.slice(1).join(" ").slice(0, 200),
    since: new Date().toISOString(),
    started: startTimeOf(process.pid),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(me), { flag: "wx", mode: 0o600 });
      held().add(key);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        held().delete(key);
        try {
          const owner = readOwner(file);
          if (owner?.pid === process.pid) fs.unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = readOwner(file);
      if (owner && ownerRuns(owner)) {
        throw new DataDirLockedError(
          `The embedded database in ${dir} is in use by process ${owner.pid} (${owner.command}) since ${owner.since}. ` +
            "Only one process may open it: stop that process, or use PostgreSQL (DATABASE_URL) to run several.",
        );
      }
      // The owner is gone (crashed, or its PID now belongs to another process, this one included).
      fs.rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(`Could not take the lock on ${dir}.`);
}

function readOwner(file: string): LockOwner | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as LockOwner;
  } catch {
    return null;
  }
}
