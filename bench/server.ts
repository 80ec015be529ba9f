// Starts Rekey for the bench exactly as `npm start` serves it (custom server, production build,
// embedded PGlite in a fresh directory, in-process worker), and stops it again.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { configSchema } from "@/lib/config";
import { startSmtpCapture, type SmtpCapture } from "@/lib/mail/testing/smtp-capture";
import { waitForHealth } from "@/lib/testing/wait-for-health";

export const root = path.resolve(import.meta.dirname, "..");

export const BENCH_ADMIN_PASSWORD = "Quiet-Harbor-Lantern-4242";

export type RekeyServer = {
  baseUrl: string;
  dataDir: string;
  actionsDir: string;
  logFile: string;
  /** Every email the server sent (its SMTP_URL points here). */
  mail: SmtpCapture;
  /** SIGTERM, then waits for the process to exit (it drains the worker and closes PGlite). */
  stop(): Promise<void>;
};

const BUILT = [path.join(root, ".next", "BUILD_ID"), path.join(root, "dist", "server.js"), path.join(root, "dist", "worker.js")];

/** Builds with `npm run build` (the app, then the compiled server) when there is no build (or when forced). */
export async function ensureBuild(force = false): Promise<void> {
  if (!force && BUILT.every((file) => fs.existsSync(file))) return;
  console.log("[bench] no production build (.next/BUILD_ID, dist/): running `npm run build` …");
  const child = spawn("npm", ["run", "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code === 0) return;
  // Most often another `next build` holds .next/lock: use its build once it is there.
  console.log("[bench] `next build` failed; waiting up to 5 min for a build already in progress …");
  const deadline = Date.now() + 5 * 60_000;
  while (Date.now() < deadline) {
    if (BUILT.every((file) => fs.existsSync(file))) return;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  throw new Error(`npm run build failed (exit ${code}) and no build appeared`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts the compiled server (`node dist/server.js`, as `npm start` does) on a free port with a fresh DATA_DIR and ACTIONS_DIR.
 *
 * Every Rekey configuration variable of the calling environment is dropped first, so the server
 * runs on the documented defaults (the real argon2 parameters, WORKER_POLL_MS, the embedded
 * database) whatever the shell exports. Set on top:
 * - NODE_ENV=production, and SMTP_URL pointing at a capture in this process (production has no dev
 *   mailbox): the bench reads the reset links from the mail as it arrives.
 * - TRUST_PROXY=1: a bench-only trick. The rate limits (e.g. 30 reset requests per IP) would cap
 *   the samples, so each request carries its own X-Forwarded-For (the one entry a single trusted
 *   hop believes) and lands in fresh buckets, which also keeps every sample on the same
 *   (first-touch) rate-limit path.
 */
export async function startRekey(options: { logName?: string; env?: Record<string, string>; nodeArgs?: string[] } = {}): Promise<RekeyServer> {
  const port = await freePort();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-bench-"));
  const dataDir = path.join(tmp, "data");
  const actionsDir = path.join(tmp, "actions");
  fs.mkdirSync(path.join(actionsDir, "post-change-password"), { recursive: true });
  const baseUrl = `http://127.0.0.1:${port}`;
  const mail = await startSmtpCapture();

  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(configSchema.shape)) delete env[key];
  Object.assign(env, {
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    PUBLIC_URL: baseUrl,
    DATA_DIR: dataDir,
    AUTH_SECRET: "bench-only-secret-0123456789abcdefghijklmnopqrstuvwxyz",
    SMTP_URL: mail.url,
    SEED_ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
    ACTIONS_DIR: actionsDir,
    TRUST_PROXY: "1",
    ...options.env,
  });

  const logFile = path.join(root, "test-results", options.logName ?? "bench-server.log");
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, "w");
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), path.join(root, "dist/server.js")], {
    cwd: root,
    stdio: ["ignore", log, log],
    env,
  });
  fs.closeSync(log);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  try {
    await waitForHealth(`${baseUrl}/api/health`, { name: "Rekey", exited, log: path.relative(root, logFile) });
  } catch (error) {
    child.kill("SIGKILL");
    await exited;
    await mail.close();
    fs.rmSync(tmp, { recursive: true, force: true });
    throw error;
  }

  let stopped: Promise<void> | undefined;
  return {
    baseUrl,
    dataDir,
    actionsDir,
    logFile,
    mail,
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
        // The worker lets running jobs finish (3 s Actions at most here) before the process exits.
        const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
        await exited;
        clearTimeout(timer);
        await mail.close();
      })();
      return stopped;
    },
  };
}

/** Removes the temporary directories of a stopped server. */
export function removeServerFiles(server: RekeyServer): void {
  fs.rmSync(path.dirname(server.dataDir), { recursive: true, force: true });
}

