import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-cli-"));
  fs.mkdirSync(path.join(dir, "post-change-password"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs `npm run action -- …` as a user would; an unreachable DATABASE_URL proves it needs no database. */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "scripts/action.ts", ...args],
      { cwd: process.cwd(), env: { ...process.env, DATABASE_URL: "postgres://nobody@127.0.0.1:1/none", ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

describe("npm run action -- test", () => {
  it("runs an Action against the sample event merged with --event and prints commands, output and return value", async () => {
    const file = path.join(dir, "post-change-password", "10-echo.js");
    fs.writeFileSync(
      file,
      `exports.onExecutePostChangePassword = async (event, api) => {
        console.log("user " + event.user.user_id + " tenant " + event.tenant.id + " token " + event.secrets.TOKEN);
        api.cache.set("last", event.user.email);
        return { email: event.user.email, ip: event.request.ip };
      };`,
    );
    const eventFile = path.join(dir, "event.json");
    fs.writeFileSync(eventFile, JSON.stringify({ user: { email: "override@example.com" } }));
    const { code, out } = await cli(["test", file, "--event", eventFile, "--secret", "TOKEN=cli-secret-value"], { TENANT_NAME: "cli-tenant" });
    expect(code).toBe(0);
    expect(out).toContain(`post-change-password: Action (onExecutePostChangePassword) ${file}`);
    expect(out).toMatch(/\{"type":"cache\.set","key":"last","value":"override@example\.com","expires_at":\d+\}/);
    expect(out).toContain("user auth0|5f7c8ec7c33c6c004bbafe82 tenant cli-tenant token [secret:TOKEN]");
    expect(out).toMatch(/email: 'override@example\.com'/);
    expect(out).toMatch(/ip: '13\.33\.86\.47'/);
    expect(out).toContain("✔ succeeded");
  });

  it("exits 1 and prints the error of a failing Hook", async () => {
    const file = path.join(dir, "post-change-password", "05-hook.js");
    fs.writeFileSync(file, `module.exports = function (user, context, cb) { console.log("hook for " + user.id); cb(new Error("audit down")); };`);
    const { code, out } = await cli(["test", file]);
    expect(code).toBe(1);
    expect(out).toContain("post-change-password: Hook");
    expect(out).toContain("hook for 5f7c8ec7c33c6c004bbafe82");
    expect(out).toContain("Error (callback)");
    expect(out).toContain("audit down");
    expect(out).toContain("✘ failed");
  });

  // Regression: the CLI reported success and exited while the Action's un-awaited requests were in flight (the receiver got 2–3 of 5).
  it("waits for the requests an Action did not await, and says so", async () => {
    const received: string[] = [];
    // Each answer takes a while, so the next call of the Action's chain starts late.
    const receiver = http.createServer((req, res) => {
      received.push(req.url ?? "");
      setTimeout(() => res.end("ok"), 100);
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
      const file = path.join(dir, "post-change-password", "20-fire-and-forget.js");
      fs.writeFileSync(
        file,
        `exports.onExecutePostChangePassword = async (event) => {
          (async () => {
            for (let i = 1; i <= 5; i++) await fetch(${JSON.stringify(url)} + i, { method: "POST", body: event.user.user_id });
          })();
          return "returned at once";
        };`,
      );
      const { code, out } = await cli(["test", file]);
      expect(code).toBe(0);
      expect(received).toEqual(["/1", "/2", "/3", "/4", "/5"]);
      expect(out).toMatch(/waited \d+ ms for 5 pending requests the code did not await\n/);
      expect(out).toContain("✔ succeeded");
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it("explains a folder that names no trigger", async () => {
    const file = path.join(dir, "loose.js");
    fs.writeFileSync(file, `exports.onExecutePostChangePassword = async () => {};`);
    const { code, out } = await cli(["test", file]);
    expect(code).toBe(1);
    expect(out).toContain("pass --trigger");
  });
});
