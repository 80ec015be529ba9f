import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { config, sandboxEnvironment } from "@/lib/config";

/** Bytes of console output kept per execution (the head, plus a tail when it is longer). */
export const LOG_LIMIT_BYTES = 4096;

/**
 * The project root: the working directory, which is the project root for every way Rekey runs
 * (`npm start`, `npm run dev`, `npm run worker`, `npm run action`, Vitest, `next start`). A path
 * derived from this module's own location would point into `.next/server/…` once Next has bundled it.
 */
export function projectRoot(): string {
  return process.cwd();
}

/** The sandbox runtime's own files (the entry, the api builders): plain CommonJS, read by path. */
export function runtimeDir(): string {
  return path.join(projectRoot(), "lib", "actions", "sandbox", "worker");
}

/** The entry of every sandbox process. */
export function workerEntryPath(): string {
  const file = path.join(runtimeDir(), "entry.cjs");
  if (!fs.existsSync(file)) {
    throw new Error(`The Actions sandbox entry ${file} does not exist. Rekey must run with the project root as its working directory.`);
  }
  return file;
}

function atLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split(".").map(Number);
  return a > major || (a === major && b >= minor);
}

/**
 * Node's permission model under the name this Node knows it by, and what else must be said so that
 * it holds: `--experimental-permission` until 22.12 and 23.4, `--permission` from 22.13 and 23.5.
 * Node 25 also puts the network under it; Actions call webhooks, as Auth0's may. `node:sqlite`
 * (on by default from 22.13 and 23.4) opens files the permission model does not check, so it is off.
 */
export function permissionFlags(version: string = process.versions.node): string[] {
  const stable = atLeast(version, 23, 5) || (version.startsWith("22.") && atLeast(version, 22, 13));
  const flags = [stable ? "--permission" : "--experimental-permission"];
  if (atLeast(version, 25, 0)) flags.push("--allow-net");
  if (atLeast(version, 23, 4) || (version.startsWith("22.") && atLeast(version, 22, 13))) flags.push("--no-experimental-sqlite");
  return flags;
}

/**
 * What a sandbox process may read: the actions folder (the Actions and their helpers), the
 * project's node_modules (so `require("axios")` works) and the runtime's own files. Nothing else:
 * not the data directory, not the project's sources, not /proc.
 */
export function allowedReadRoots(actionsDir: string = config().ACTIONS_DIR): string[] {
  // Paths of the running install, not files of the build: Turbopack must not trace them (it would copy the whole project).
  const roots = [path.resolve(/*turbopackIgnore: true*/ projectRoot(), actionsDir), path.join(/*turbopackIgnore: true*/ projectRoot(), "node_modules"), runtimeDir()];
  const withRealPaths = roots.flatMap((root) => {
    try {
      return [root, fs.realpathSync(root)];
    } catch {
      return [root];
    }
  });
  return [...new Set(withRealPaths)];
}

export type SandboxProfile = { memoryMb: number; roots: string[] };

let lastProfile: { key: string; profile: SandboxProfile; serialized: string } | undefined;

/**
 * The limits a process starts with, and their serialized form; a process started with other ones
 * is replaced. Computed again only when the configuration changes (it resolves real paths).
 */
export function currentProfile(): { profile: SandboxProfile; serialized: string } {
  const cfg = config();
  const key = `${projectRoot()}\0${cfg.ACTIONS_DIR}\0${cfg.ACTION_MEMORY_MB}`;
  if (lastProfile?.key !== key) {
    const profile = { memoryMb: cfg.ACTION_MEMORY_MB, roots: allowedReadRoots(cfg.ACTIONS_DIR) };
    lastProfile = { key, profile, serialized: JSON.stringify(profile) };
  }
  return lastProfile;
}

/**
 * Starts the sandbox process of one Action file: its own Node, an allow-listed environment, reads
 * limited to `profile.roots`, no writes, no child processes, no workers, no native addons, and a
 * V8 heap no larger than the memory limit (the pool watches the resident size, Buffers included).
 */
export function spawnSandboxProcess(file: string, profile: SandboxProfile): ChildProcess {
  const args = [
    ...permissionFlags(),
    ...profile.roots.map((root) => `--allow-fs-read=${root}`),
    `--max-old-space-size=${profile.memoryMb}`,
    // The permission model is experimental on Node 20; the warning would only fill stderr.
    "--disable-warning=ExperimentalWarning",
    workerEntryPath(),
    JSON.stringify({ projectRoot: projectRoot(), logLimitBytes: LOG_LIMIT_BYTES, file }),
  ];
  return spawn(process.execPath, args, {
    cwd: projectRoot(),
    env: sandboxEnvironment() as NodeJS.ProcessEnv,
    // stderr is kept (a tail of it) to tell a V8 out-of-memory abort from another crash.
    stdio: ["ignore", "ignore", "pipe", "ipc"],
    serialization: "advanced",
    windowsHide: true,
  });
}
