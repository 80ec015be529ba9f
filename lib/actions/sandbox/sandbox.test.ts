import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { overrideConfig } from "@/lib/config";
import { executeAction, executeHook, inspectActionFile, sandboxStats, shutdownSandbox, LOG_LIMIT_BYTES } from ".";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-sandbox-"));
});
afterAll(async () => {
  await shutdownSandbox();
  fs.rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
/** Writes an Action file (a fresh name each time, so no test sees another's module cache). */
function write(source: string, ext = ".js"): string {
  const file = path.join(dir, `action-${++counter}${ext}`);
  fs.writeFileSync(file, source);
  return file;
}

const EVENT = { user: { user_id: "auth0|abc", email: "a@example.com" }, secrets: {} };

function run(file: string, extra: Partial<Parameters<typeof executeAction>[0]> = {}) {
  return executeAction({ trigger: "post-change-password", file, exportName: "onExecutePostChangePassword", event: EVENT, ...extra });
}

describe("the Actions sandbox", () => {
  it("runs CommonJS, ESM and TypeScript Actions through the same path", async () => {
    const cjs = write(`exports.onExecutePostChangePassword = async (event) => ({ style: "cjs", email: event.user.email });`);
    const esm = write(`export const onExecutePostChangePassword = async (event) => ({ style: "esm", url: import.meta.url.startsWith("file://") });`, ".mjs");
    const ts = write(
      `import type { PostChangePasswordAction } from "rekey/actions";
       const double = (n: number): number => n * 2;
       export const onExecutePostChangePassword: PostChangePasswordAction = async (event) => {
         return { style: "ts", n: double(21), id: event.user.user_id } as unknown as void;
       };`,
      ".ts",
    );
    expect((await run(cjs)).returnValue).toEqual({ style: "cjs", email: "a@example.com" });
    expect((await run(esm)).returnValue).toEqual({ style: "esm", url: true });
    expect((await run(ts)).returnValue).toEqual({ style: "ts", n: 42, id: "auth0|abc" });
  });

  it("resolves require() of installed packages from the project, even for a file outside it", async () => {
    const file = write(`const { z } = require("zod");
      exports.onExecutePostChangePassword = async (event) => z.object({ email: z.email() }).parse(event.user).email;`);
    expect(dir.startsWith(process.cwd())).toBe(false);
    const result = await run(file);
    expect(result).toMatchObject({ ok: true, returnValue: "a@example.com" });
  });

  it("runs module-level code once per process and reuses it (warm), until the file changes", async () => {
    const file = write(`let loads = (globalThis.__loads ?? 0) + 1; globalThis.__loads = loads; let calls = 0;
      exports.onExecutePostChangePassword = async () => ({ loads, calls: ++calls });`);
    const first = await run(file);
    const second = await run(file);
    expect(first.returnValue).toMatchObject({ calls: 1 });
    expect(second.returnValue).toMatchObject({ calls: 2, loads: (first.returnValue as { loads: number }).loads });
    fs.writeFileSync(file, `exports.onExecutePostChangePassword = async () => "edited on disk";`);
    expect((await run(file)).returnValue).toBe("edited on disk");
  });

  it("reports a throw as a failed execution with the error and the output before it", async () => {
    const file = write(`exports.onExecutePostChangePassword = async () => { console.log("about to fail"); throw new TypeError("boom"); };`);
    const result = await run(file);
    expect(result.ok).toBe(false);
    expect(result.error).toMatchObject({ kind: "throw", message: "TypeError: boom" });
    expect(result.error?.stack).toContain(path.basename(file));
    expect(result.logs).toBe("about to fail");
  });

  it("fails a missing export, a syntax error and a throw in module-level code clearly", async () => {
    expect((await run(write(`exports.somethingElse = 1;`))).error).toMatchObject({ kind: "missing_export", message: expect.stringContaining("onExecutePostChangePassword") });
    expect((await run(write(`exports.onExecutePostChangePassword = async () => {`))).error).toMatchObject({ kind: "load", message: expect.stringMatching(/action-\d+\.js:1:\d+: Unexpected end of file/) });
    expect((await run(write(`const x: = 1;`, ".ts"))).error).toMatchObject({ kind: "load" });
    expect((await run(write(`throw new Error("bad init"); exports.onExecutePostChangePassword = async () => {};`))).error).toMatchObject({
      kind: "load",
      message: expect.stringContaining("bad init"),
    });
  });

  it("treats a missing optional export as skipped (onContinuePostChallenge)", async () => {
    const file = write(`exports.onExecutePostChangePassword = async () => {};`);
    const result = await run(file, { exportName: "onContinuePostChallenge", optionalExport: true });
    expect(result).toMatchObject({ ok: true, skipped: true });
  });

  it("runs Hooks: cb() succeeds, cb(error) fails, and a Hook that never calls cb times out", async () => {
    const ok = write(`module.exports = function (user, context, cb) { console.log(user.id, context.connection.name); cb(null, { seen: user.email }); };`);
    const failing = write(`module.exports = function (user, context, cb) { setTimeout(() => cb(new Error("the audit service is down")), 1); };`);
    const silent = write(`module.exports = function (user, context, cb) { /* forgets cb */ };`);
    const args = { user: { id: "abc", email: "a@example.com" }, context: { connection: { id: "con_1", name: "DB", tenant: "t" }, webtask: { secrets: {} } } };
    const good = await executeHook({ trigger: "post-change-password", file: ok, ...args });
    expect(good).toMatchObject({ ok: true, returnValue: { seen: "a@example.com" }, logs: "abc DB" });
    const bad = await executeHook({ trigger: "post-change-password", file: failing, ...args });
    expect(bad).toMatchObject({ ok: false, error: { kind: "callback", message: "the audit service is down" } });
    const hung = await executeHook({ trigger: "post-change-password", file: silent, ...args, timeoutMs: 200 });
    expect(hung).toMatchObject({ ok: false, timedOut: true, error: { kind: "timeout" } });
  });

  it("stops an endless loop at the timeout while the host keeps serving", async () => {
    const file = write(`exports.onExecutePostChangePassword = async () => { console.log("looping"); while (true) {} };`);
    let ticks = 0;
    const interval = setInterval(() => ticks++, 1);
    const result = await run(file, { timeoutMs: 300 });
    clearInterval(interval);
    expect(result).toMatchObject({ ok: false, timedOut: true, error: { kind: "timeout" } });
    expect(result.logs).toContain("looping");
    expect(ticks).toBeGreaterThan(0);
    // The stopped process was replaced: the next execution runs normally.
    expect((await run(write(`exports.onExecutePostChangePassword = async () => "after";`))).returnValue).toBe("after");
  });

  it("fails a memory bomb with the memory limit and only that execution", async () => {
    overrideConfig({ ACTION_MEMORY_MB: "32" });
    try {
      const file = write(`exports.onExecutePostChangePassword = async () => {
        const hoard = [];
        for (;;) hoard.push(Array.from({ length: 10000 }, (_, i) => ({ i, s: "x" + i })));
      };`);
      const result = await run(file, { timeoutMs: 15_000 });
      expect(result).toMatchObject({ ok: false, error: { kind: "memory", message: expect.stringContaining("32 MB") } });
      expect((await run(write(`exports.onExecutePostChangePassword = async () => "still here";`))).returnValue).toBe("still here");
    } finally {
      overrideConfig({});
    }
  });

  it("fails process.exit(1) inside an Action without touching the host", async () => {
    const file = write(`exports.onExecutePostChangePassword = async () => { console.log("bye"); process.exit(1); };`);
    const result = await run(file);
    expect(result).toMatchObject({ ok: false, error: { kind: "exit", message: expect.stringContaining("process.exit(1)") } });
    expect(result.logs).toContain("bye");
    expect((await run(write(`exports.onExecutePostChangePassword = async () => process.pid > 0;`))).returnValue).toBe(true);
  });

  it("fails an unhandled rejection instead of crashing the process", async () => {
    const file = write(`exports.onExecutePostChangePassword = async () => {
      Promise.reject(new Error("nobody awaited me"));
      await new Promise((r) => setTimeout(r, 50));
    };`);
    const result = await run(file);
    expect(result).toMatchObject({ ok: false, error: { kind: "throw", message: expect.stringContaining("nobody awaited me") } });
  });

  it("gives Actions an allow-listed environment, not the server's", async () => {
    process.env.ACTION_SECRET_SANDBOX_TEST = "must-not-leak";
    try {
      const file = write(`exports.onExecutePostChangePassword = async () => Object.keys(process.env);`);
      const names = (await run(file)).returnValue as string[];
      expect(names.filter((name) => !["TZ", "NODE_EXTRA_CA_CERTS"].includes(name))).toEqual([]);
    } finally {
      delete process.env.ACTION_SECRET_SANDBOX_TEST;
    }
  });

  it("captures every console method and keeps at most 4 KB, head and tail around a marker", async () => {
    const methods = write(`exports.onExecutePostChangePassword = async () => {
      console.log("log %s", "formatted"); console.info("info"); console.warn("warn"); console.error("error");
      console.debug("debug"); console.dir({ a: 1 }); console.trace("trace");
    };`);
    const captured = (await run(methods)).logs;
    expect(captured).toMatch(/^log formatted\ninfo\nwarn\nerror\ndebug\n\{ a: 1 \}\nTrace: trace/);

    const chatty = write(`exports.onExecutePostChangePassword = async () => {
      for (let i = 0; i < 500; i++) console.log("line " + String(i).padStart(3, "0") + " " + "x".repeat(80));
    };`);
    const result = await run(chatty);
    expect(result.ok).toBe(true);
    expect(Buffer.byteLength(result.logs)).toBeLessThanOrEqual(LOG_LIMIT_BYTES);
    expect(result.logs.startsWith("line 000 ")).toBe(true);
    expect(result.logs).toMatch(/…\[\d+ bytes of output omitted\]…/);
    expect(result.logs.endsWith(`line 499 ${"x".repeat(80)}`)).toBe(true);
  });

  it("redacts secrets from the output and from errors", async () => {
    const secret = "sk_live_51HkQ9x/Secret+Value";
    const file = write(`exports.onExecutePostChangePassword = async (event) => {
      const key = event.secrets.API_KEY;
      console.log("key is " + key);
      console.log(JSON.stringify({ headers: { authorization: "Bearer " + key } }));
      console.log("https://api.example.com/?key=" + encodeURIComponent(key));
      throw new Error("rejected key " + key);
    };`);
    const result = await run(file, { event: { ...EVENT, secrets: { API_KEY: secret } }, secrets: { API_KEY: secret } });
    const everything = JSON.stringify(result);
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(encodeURIComponent(secret));
    expect(result.logs).toBe(
      [`key is [secret:API_KEY]`, `{"headers":{"authorization":"Bearer [secret:API_KEY]"}}`, `https://api.example.com/?key=[secret:API_KEY]`].join("\n"),
    );
    expect(result.error?.message).toBe("rejected key [secret:API_KEY]");
  });

  // Regression: an unset secret failed as "Failed to parse URL from undefined", far from its cause.
  it("names the unset secrets an Action read when it fails, and keeps them undefined as Auth0 does", async () => {
    const file = write(`exports.onExecutePostChangePassword = async (event) => {
      const fallback = event.secrets.REGION || "eu";
      await fetch(event.secrets.SESSIONS_URL + "/sessions");
      return fallback;
    };`);
    const failed = await run(file, { event: { ...EVENT, secrets: { OTHER: "set" } } });
    expect(failed.ok).toBe(false);
    expect(failed.error?.message).toMatch(/^secrets REGION, SESSIONS_URL are not set \(the Action then failed: TypeError: Failed to parse URL from undefined\/sessions/);

    const passes = write(`exports.onExecutePostChangePassword = async (event) => [event.secrets.MISSING ?? "default", JSON.stringify(event.secrets), Object.keys(event.secrets)];`);
    expect((await run(passes, { event: { ...EVENT, secrets: { OTHER: "set" } } })).returnValue).toEqual(["default", '{"OTHER":"set"}', ["OTHER"]]);

    const hook = write(`module.exports = function (user, context, cb) { cb(new Error("no url: " + context.webtask.secrets.HOOK_URL)); };`);
    const args = { user: { id: "abc", email: "a@example.com" }, context: { connection: { id: "con_1", name: "DB", tenant: "t" }, webtask: { secrets: {} } } };
    const hookResult = await executeHook({ trigger: "post-change-password", file: hook, ...args });
    expect(hookResult.error?.message).toBe("secret HOOK_URL is not set (the Action then failed: no url: undefined)");
  });

  it("implements api.cache get/set/delete with TTLs and Auth0's limits, recording commands", async () => {
    const now = Date.now();
    const file = write(`exports.onExecutePostChangePassword = async (event, api) => {
      const r = {};
      r.live = api.cache.get("live");
      r.expired = api.cache.get("expired");
      r.setDefault = api.cache.set("fresh", "v1");
      r.readBack = api.cache.get("fresh");
      r.setTtl = api.cache.set("short", "v2", { ttl: 1000 });
      r.setBoth = api.cache.set("both", "v3", { ttl: 60000, expires_at: Date.now() + 5000 });
      r.setLong = api.cache.set("long", "v4", { ttl: 48 * 3600 * 1000 });
      r.past = api.cache.set("past", "v", { expires_at: Date.now() - 1 });
      r.badTtl = api.cache.set("bad", "v", { ttl: -5 });
      r.bigKey = api.cache.set("k".repeat(65), "v");
      r.bigValue = api.cache.set("big", "v".repeat(4097));
      r.deleted = api.cache.delete("live");
      r.afterDelete = api.cache.get("live");
      r.deleteMissing = api.cache.delete("never-there");
      return r;
    };`);
    const result = await run(file, {
      cacheSnapshot: { live: { value: "cached", expires_at: now + 60_000 }, expired: { value: "old", expires_at: now - 1 } },
    });
    const r = result.returnValue as Record<string, { type?: string; code?: string; record?: { expires_at: number }; value?: string; expires_at?: number }>;
    expect(r.live).toEqual({ value: "cached", expires_at: now + 60_000 });
    expect(r.expired).toBeUndefined();
    expect(r.setDefault?.type).toBe("success");
    const fifteenMinutes = r.setDefault!.record!.expires_at - now;
    expect(fifteenMinutes).toBeGreaterThanOrEqual(15 * 60_000);
    expect(fifteenMinutes).toBeLessThan(15 * 60_000 + 60_000);
    expect(r.readBack?.value).toBe("v1");
    expect(r.setTtl!.record!.expires_at - now).toBeLessThan(1000 + 60_000);
    // Both given: the earlier expiry (expires_at, 5 s) wins over the 60 s ttl.
    expect(r.setBoth!.record!.expires_at - now).toBeLessThanOrEqual(5000 + 60_000);
    expect(r.setBoth!.record!.expires_at).toBeLessThan(r.setDefault!.record!.expires_at);
    // 48 h is shortened to the 24 h maximum.
    expect(r.setLong!.record!.expires_at - now).toBeLessThanOrEqual(24 * 3600_000 + 60_000);
    expect(r.setLong!.record!.expires_at - now).toBeGreaterThan(23 * 3600_000);
    expect(r.past).toEqual({ type: "error", code: "ItemAlreadyExpired" });
    expect(r.badTtl).toEqual({ type: "error", code: "InvalidExpiry" });
    expect(r.bigKey).toEqual({ type: "error", code: "CacheKeySizeExceeded" });
    expect(r.bigValue).toEqual({ type: "error", code: "CacheValueSizeExceeded" });
    expect(r.deleted).toEqual({ type: "success" });
    expect(r.afterDelete).toBeUndefined();
    expect(r.deleteMissing).toEqual({ type: "success" });
    expect(result.commands.map((c) => `${c.type}:${"key" in c ? c.key : ""}`)).toEqual([
      "cache.set:fresh",
      "cache.set:short",
      "cache.set:both",
      "cache.set:long",
      "cache.delete:live",
      "cache.delete:never-there",
    ]);
  });

  it("refuses a 21st cache entry for the trigger", async () => {
    const now = Date.now();
    const snapshot = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, { value: "v", expires_at: now + 60_000 }]));
    const file = write(`exports.onExecutePostChangePassword = async (event, api) => [api.cache.set("k0", "replaced"), api.cache.set("k20", "v")];`);
    const result = await run(file, { cacheSnapshot: snapshot });
    expect(result.returnValue).toEqual([
      { type: "success", record: expect.objectContaining({ value: "replaced" }) },
      { type: "error", code: "CacheSizeExceeded" },
    ]);
  });

  it("inspects a file's exports and its rekey options", async () => {
    const file = write(`exports.onExecutePostChangePassword = async () => {}; exports.rekey = { maxAttempts: 1 };`);
    expect(await inspectActionFile({ trigger: "post-change-password", file })).toMatchObject({
      ok: true,
      exports: ["onExecutePostChangePassword", "rekey"],
      hookFunction: false,
      options: { maxAttempts: 1 },
    });
    const hook = write(`module.exports = function (user, context, cb) { cb(); };`);
    expect(await inspectActionFile({ trigger: "post-change-password", file: hook })).toMatchObject({ ok: true, hookFunction: true });
  });

  it("keeps at most ACTION_WORKERS processes per file, queueing the rest", async () => {
    await shutdownSandbox();
    const file = write(`exports.onExecutePostChangePassword = async () => { await new Promise((r) => setTimeout(r, 20)); return process.pid; };`);
    const results = await Promise.all(Array.from({ length: 6 }, () => run(file)));
    expect(results.every((r) => r.ok)).toBe(true);
    const pids = new Set(results.map((r) => r.returnValue));
    const stats = sandboxStats();
    expect(pids.size).toBeLessThanOrEqual(stats.limitPerFile);
    expect(stats).toMatchObject({ files: 1, busy: 0, waiting: 0 });
    expect(stats.processes).toBe(pids.size);
  });

  it("runs each file in its own process, and a file whose text changes in a fresh one", async () => {
    const pidOf = `exports.onExecutePostChangePassword = async () => process.pid;`;
    const a = write(pidOf);
    const b = write(pidOf);
    const pidA = (await run(a)).returnValue as number;
    const pidB = (await run(b)).returnValue as number;
    expect(new Set([pidA, pidB, process.pid]).size).toBe(3);
    expect((await run(a)).returnValue).toBe(pidA);
    fs.writeFileSync(a, `${pidOf}\n// edited`);
    const edited = (await run(a)).returnValue as number;
    expect(edited).not.toBe(pidA);
    // A crash in one file's process leaves the others alone.
    fs.writeFileSync(a, `exports.onExecutePostChangePassword = async () => process.exit(3);`);
    expect((await run(a)).error?.kind).toBe("exit");
    expect((await run(b)).returnValue).toBe(pidB);
  });
});
