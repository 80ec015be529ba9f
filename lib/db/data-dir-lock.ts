import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { processWide } from "@/lib/process-wide";

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
function held(): Set<string> {
  return processWide("db.data-dir-locks", () => new Set<string>());
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
 * taken over. The file appears with its whole content at once (createLockFile), and a stale one is
 * removed only while it is still the stale one (removeStaleLock), so starters racing for a free
 * or stale directory cannot both win.
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
    if (createLockFile(file, JSON.stringify(me))) {
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
    }
    const raw = readRaw(file);
    const owner = raw === undefined ? null : parseOwner(raw);
    if (owner && ownerRuns(owner)) {
      throw new DataDirLockedError(
        `The embedded database in ${dir} is in use by process ${owner.pid} (${owner.command}) since ${owner.since}. ` +
          "Only one process may open it: stop that process, or use PostgreSQL (DATABASE_URL) to run several.",
      );
    }
    // The owner is gone (crashed, or its PID now belongs to another process, this one included).
    if (raw !== undefined) removeStaleLock(file, raw);
  }
  throw new DataDirLockedError(`Could not take the lock on ${dir}.`);
}

/**
 * Creates the lock file with its whole content at once, or answers false when one exists: the
 * content is written to a private file first and hard-linked into place (link fails if the name
 * exists), so no other starter ever reads a half-written lock and takes it for a stale one.
 */
function createLockFile(file: string, content: string): boolean {
  const draft = `${file}.${process.pid}.${crypto.randomBytes(6).toString("hex")}`;
  fs.writeFileSync(draft, content, { flag: "wx", mode: 0o600 });
  try {
    fs.linkSync(draft, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return false;
  } finally {
    fs.rmSync(draft, { force: true });
  }
}

/**
 * Removes the lock file only if it still holds `staleContent`. Two starters can find the same stale
 * lock; if the other one already replaced it with its own, a plain unlink here would delete that
 * live lock and both would open the database. So the file is moved aside (atomic), checked, and
 * put back when it turns out to be someone's fresh lock.
 */
export function removeStaleLock(file: string, staleContent: string): void {
  const aside = `${file}.stale.${process.pid}.${crypto.randomBytes(6).toString("hex")}`;
  try {
    fs.renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return; // someone else removed it
    throw error;
  }
  try {
    if (readRaw(aside) !== staleContent) {
      // A fresh lock: restore it (unless yet another starter has created one meanwhile).
      try {
        fs.linkSync(aside, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
    }
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

function readRaw(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function parseOwner(raw: string): LockOwner | null {
  try {
    return JSON.parse(raw) as LockOwner;
  } catch {
    return null;
  }
}

function readOwner(file: string): LockOwner | null {
  const raw = readRaw(file);
  return raw === undefined ? null : parseOwner(raw);
}
