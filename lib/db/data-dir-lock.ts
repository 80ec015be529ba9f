import fs from "node:fs";
import path from "node:path";

export class DataDirLockedError extends Error {
  readonly code = "DATA_DIR_LOCKED";
}

type LockOwner = { pid: number; command: string; since: string };

const LOCK_FILE = "rekey.lock";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
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
  const file = path.join(dir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, command: process.argv.slice(1).join(" ").slice(0, 200), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(me), { flag: "wx", mode: 0o600 });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
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
      if (owner && owner.pid !== process.pid && isAlive(owner.pid)) {
        throw new DataDirLockedError(
          `The embedded database in ${dir} is in use by process ${owner.pid} (${owner.command}) since ${owner.since}. ` +
            "Only one process may open it: stop that process, or use PostgreSQL (DATABASE_URL) to run several.",
        );
      }
      if (owner?.pid === process.pid) {
        throw new DataDirLockedError(`The embedded database in ${dir} is already open in this process.`);
      }
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
