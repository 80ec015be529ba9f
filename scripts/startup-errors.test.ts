import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { configSchema } from "@/lib/config";

const root = path.resolve(import.meta.dirname, "..");
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Starts `server.ts` as `npm start` does, on a fresh embedded database, and waits for it to give up. */
function start(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-startup-"));
  dirs.push(dataDir);
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(configSchema.shape)) delete base[key];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "server.ts"],
      { cwd: root, timeout: 100_000, env: { ...base, DATA_DIR: dataDir, PORT: "39871", LOG_LEVEL: "warn", ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("a start that cannot go on", () => {
  // Regression: DEV_MAILBOX=true was accepted with NODE_ENV=production, so anyone read every reset link.
  it("refuses the dev mailbox in production with one line", async () => {
    const { code, stderr } = await start({ NODE_ENV: "production", AUTH_SECRET: "k3J9xQ2mP8vL5nR7tW1yZ4bC6dF0gH-_aSeD", DEV_MAILBOX: "true", SMTP_URL: "smtp://127.0.0.1:1" });
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toEqual([
      "[rekey] cannot start: DEV_MAILBOX=true is refused when NODE_ENV=production: /dev/mailbox would show every reset link to anyone. Send mail with SMTP_URL.",
    ]);
  }, 120_000);

  // Regression: SEED_ADMIN_PASSWORD containing "admin" stopped the first start with a raw stack trace.
  it("says in one line which rule SEED_ADMIN_PASSWORD breaks, without a stack trace", async () => {
    const { code, stderr } = await start({ SEED_ADMIN_PASSWORD: "Admin-Correct-Horse-42", AUTH_SECRET: "k3J9xQ2mP8vL5nR7tW1yZ4bC6dF0gH-_aSeD" });
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toEqual([
      "[rekey] cannot start: SEED_ADMIN_PASSWORD breaks the password policy: it contains personal information of the admin account (admin). Choose another or leave it unset to have one generated.",
    ]);
  }, 120_000);
});
