import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirLockedError, removeStaleLock } from "./data-dir-lock";

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-lock-unit-"));
  dirs.push(dir);
  return dir;
}
function writeLock(dir: string, owner: Record<string, unknown>) {
  fs.writeFileSync(path.join(dir, "rekey.lock"), JSON.stringify({ command: "earlier", since: new Date(0).toISOString(), ...owner }));
}
const lockOwner = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, "rekey.lock"), "utf8")) as { pid: number };

/** A live process that is not the lock's owner: it merely has the PID the lock names. */
async function otherProcess() {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60_000)"], { stdio: "ignore" });
  await new Promise((resolve) => child.once("spawn", resolve));
  return child;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("acquireDataDirLock", () => {
  it("a stale lock another starter already replaced with its own is left alone; a still-stale one is removed", () => {
    const dir = tempDir();
    const file = path.join(dir, "rekey.lock");
    const stale = JSON.stringify({ pid: 999_999_999, command: "crashed", since: new Date(0).toISOString() });
    const fresh = JSON.stringify({ pid: process.pid, command: "the other starter", since: new Date().toISOString() });
    // Both starters read `stale`; the other one removed it and created its lock before this one acts.
    fs.writeFileSync(file, fresh);
    removeStaleLock(file, stale);
    expect(fs.readFileSync(file, "utf8")).toBe(fresh);
    fs.writeFileSync(file, stale);
    removeStaleLock(file, stale);
    expect(fs.existsSync(file)).toBe(false);
    removeStaleLock(file, stale); // already gone: nothing to do
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("creates the lock with its whole content at once and leaves no draft behind", () => {
    const dir = tempDir();
    const release = acquireDataDirLock(dir);
    expect(fs.readdirSync(dir)).toEqual(["rekey.lock"]);
    expect(lockOwner(dir).pid).toBe(process.pid);
    release();
  });

  // Regression: a server killed with SIGKILL and started again with the same PID (PID 1 of a restarted container) could never start.
  it("takes over a lock naming this process's PID when this process does not hold it", () => {
    const dir = tempDir();
    writeLock(dir, { pid: process.pid });
    const release = acquireDataDirLock(dir);
    expect(lockOwner(dir).pid).toBe(process.pid);
    release();
    expect(fs.existsSync(path.join(dir, "rekey.lock"))).toBe(false);
  });

  it("refuses a second opener in the same process, and allows one after release", () => {
    const dir = tempDir();
    const release = acquireDataDirLock(dir);
    expect(() => acquireDataDirLock(dir)).toThrow(/already open in this process/);
    release();
    acquireDataDirLock(dir)();
  });

  it("refuses while the process that wrote the lock runs, naming it", async () => {
    const dir = tempDir();
    const holder = await otherProcess();
    try {
      writeLock(dir, { pid: holder.pid, started: fs.existsSync(`/proc/${holder.pid}/stat`) ? startTime(holder.pid!) : undefined });
      expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
      expect(() => acquireDataDirLock(dir)).toThrow(new RegExp(`in use by process ${holder.pid}`));
    } finally {
      holder.kill("SIGKILL");
    }
  });

  // Regression: a lock whose PID was reused by an unrelated process was never taken over.
  it("takes over a lock whose PID now belongs to a process started after it (where the OS tells start times)", async () => {
    const dir = tempDir();
    const unrelated = await otherProcess();
    try {
      writeLock(dir, { pid: unrelated.pid, started: "1" });
      if (fs.existsSync(`/proc/${unrelated.pid}/stat`)) {
        const release = acquireDataDirLock(dir);
        expect(lockOwner(dir).pid).toBe(process.pid);
        release();
      } else {
        // Without /proc the PID alone decides: a live PID keeps its lock.
        expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
      }
    } finally {
      unrelated.kill("SIGKILL");
    }
  });
});

/** Field 22 of /proc/<pid>/stat (fields counted after the parenthesised command name). */
function startTime(pid: number): string {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]!;
}
