import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config, overrideConfig } from "@/lib/config";
import { executeAction, shutdownSandbox, LOG_LIMIT_BYTES, type ExecuteActionInput } from ".";

// What a compromised dependency of one Action tried against the shared worker_threads sandbox
// (issue 11, item 10). The attacks are written to work against either sandbox, the old thread or
// a process, so each test shows the attack failing rather than the attack being unable to start.

let actionsDir: string;
let outside: string;
let receiver: http.Server;
let receiverUrl: string;
beforeAll(async () => {
  actionsDir = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-escapes-actions-"));
  fs.mkdirSync(path.join(actionsDir, "password-reset-post-challenge"));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-escapes-outside-"));
  overrideConfig({ ACTIONS_DIR: actionsDir });
  receiver = http.createServer((req, res) => res.end("ok"));
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await shutdownSandbox();
  overrideConfig({});
  await new Promise((resolve) => receiver.close(resolve));
  fs.rmSync(actionsDir, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

let counter = 0;
function action(source: string): string {
  const file = path.join(actionsDir, "password-reset-post-challenge", `${String(++counter).padStart(2, "0")}-action.js`);
  fs.writeFileSync(file, source);
  return file;
}

function run(file: string, extra: Partial<ExecuteActionInput> = {}) {
  return executeAction({
    trigger: "password-reset-post-challenge",
    file,
    exportName: "onExecutePostChallenge",
    event: { user: { user_id: "auth0|victim" }, secrets: extra.secrets ?? {} },
    ...extra,
  });
}

/** The Action's handler: runs `attempt` and returns what it got, or the error code that stopped it. */
const tryIt = (attempt: string) => `exports.onExecutePostChallenge = async () => {
  try { return { ok: await (async () => { ${attempt} })() }; } catch (error) { return { refused: error.code ?? error.message }; }
};`;

/** The channel the sandbox runtime reports on: the worker's port (thread) or the IPC channel (process). */
const CHANNEL = `const wt = require("node:worker_threads");
  const channel = wt.parentPort ? { target: wt.parentPort, method: "postMessage", on: (f) => wt.parentPort.on("message", f) } : { target: process, method: "send", on: (f) => process.on("message", f) };`;

describe("an Action's code cannot reach beyond its own file", () => {
  // Regression: a dependency of one Action patched the worker's port and cancelled another Action's api.access.deny.
  it("cannot cancel another file's api.access.deny by patching the channel", async () => {
    const hostile = action(`${CHANNEL}
      const original = channel.target[channel.method].bind(channel.target);
      channel.target[channel.method] = (msg, ...rest) => {
        if (msg && msg.type === "result" && Array.isArray(msg.commands)) msg.commands = msg.commands.filter((c) => c.type !== "access.deny");
        return original(msg, ...rest);
      };
      exports.onExecutePostChallenge = async () => {};`);
    const denying = action(`exports.onExecutePostChallenge = async (event, api) => { api.access.deny("This account is locked."); };`);
    expect((await run(hostile)).ok).toBe(true);
    const result = await run(denying);
    expect(result.commands).toEqual([{ type: "access.deny", reason: "This account is locked." }]);
  });

  // Regression: a dependency of one Action read another Action's secrets.
  it("cannot read another file's secrets", async () => {
    const spying = action(`const realFetch = globalThis.fetch;
      globalThis.fetch = (...args) => { globalThis.__seen = (globalThis.__seen ?? "") + JSON.stringify(args); return realFetch(...args); };
      exports.onExecutePostChallenge = async (event) => globalThis.__seen ?? "nothing seen";`);
    const victim = action(`exports.onExecutePostChallenge = async (event) => {
      await fetch(${JSON.stringify(receiverUrl)}, { headers: { authorization: "Bearer " + event.secrets.PARTNER_KEY } });
    };`);
    expect((await run(spying)).returnValue).toBe("nothing seen");
    const secret = "sk_partner_0123456789abcdef";
    expect((await run(victim, { secrets: { PARTNER_KEY: secret } })).ok).toBe(true);
    const seen = await run(spying);
    expect(JSON.stringify(seen)).not.toContain(secret);
    expect(seen.returnValue).toBe("nothing seen");
  });

  // Regression: an Action read AUTH_SECRET from /proc/self/environ.
  it("cannot read the server's environment, through process.env or /proc", async () => {
    expect(config().AUTH_SECRET.length).toBeGreaterThan(0);
    const file = action(tryIt(`
      const fs = require("node:fs");
      const leaked = Object.keys(process.env).filter((name) => /SECRET|DATABASE|SMTP|PASSWORD|TOKEN/.test(name));
      if (leaked.length) return leaked;
      return fs.readFileSync("/proc/self/environ", "latin1").includes("AUTH_SECRET") ? "AUTH_SECRET read" : "environ read";`));
    expect((await run(file)).returnValue).toEqual({ refused: "ERR_ACCESS_DENIED" });
  });

  // Regression: an Action read the database files (the argon2 hashes).
  it("cannot read files outside the actions folder and node_modules", async () => {
    const secretFile = path.join(outside, "hashes.txt");
    fs.writeFileSync(secretFile, "$argon2id$v=19$m=19456,t=2,p=1$…");
    for (const target of [secretFile, path.join(config().dataDir, "auth-secret"), path.join(process.cwd(), "package.json"), "/etc/hostname"]) {
      const file = action(tryIt(`return require("node:fs").readFileSync(${JSON.stringify(target)}, "utf8");`));
      expect((await run(file)).returnValue, target).toEqual({ refused: "ERR_ACCESS_DENIED" });
    }
    const listing = action(tryIt(`return require("node:fs").readdirSync(${JSON.stringify(outside)});`));
    expect((await run(listing)).returnValue).toEqual({ refused: "ERR_ACCESS_DENIED" });
  });

  it("can read its own folder and the project's packages", async () => {
    fs.writeFileSync(path.join(actionsDir, "password-reset-post-challenge", "_helper.cjs"), `module.exports = "helper";`);
    const file = action(`const helper = require("./_helper.cjs"); const { z } = require("zod");
      exports.onExecutePostChallenge = async () => helper + " " + z.string().parse("zod");`);
    expect((await run(file)).returnValue).toBe("helper zod");
  });

  it("cannot write files", async () => {
    const targets = [path.join(outside, "written.txt"), path.join(actionsDir, "password-reset-post-challenge", "99-planted.js")];
    for (const target of targets) {
      const file = action(tryIt(`require("node:fs").writeFileSync(${JSON.stringify(target)}, "x"); return "written";`));
      expect((await run(file)).returnValue, target).toEqual({ refused: "ERR_ACCESS_DENIED" });
      expect(fs.existsSync(target)).toBe(false);
    }
  });

  // Regression: an Action stopped the server with child_process.
  it("cannot start programs or signal other processes", async () => {
    const exec = action(tryIt(`return require("node:child_process").execSync("echo started").toString();`));
    expect((await run(exec)).returnValue).toEqual({ refused: "ERR_ACCESS_DENIED" });
    const spawned = action(tryIt(`const child = require("node:child_process").spawn("sleep", ["1"]); return child.pid ?? "no pid";`));
    expect((await run(spawned)).returnValue).toEqual({ refused: "ERR_ACCESS_DENIED" });
    const signal = action(tryIt(`process.kill(process.ppid, 0); return "signalled";`));
    expect((await run(signal)).returnValue).toEqual({ refused: "process.kill() is not available to Actions." });
    const raw = action(`exports.onExecutePostChallenge = async () => [typeof process._kill, typeof process._debugProcess];`);
    expect((await run(raw)).returnValue).toEqual(["undefined", "undefined"]);
  });

  it("cannot start workers", async () => {
    const file = action(tryIt(`const { Worker } = require("node:worker_threads");
      const worker = new Worker("require('node:worker_threads').parentPort.postMessage(1)", { eval: true });
      return await new Promise((resolve) => worker.once("message", () => resolve("worker ran")));`));
    expect((await run(file)).returnValue).toEqual({ refused: "ERR_ACCESS_DENIED" });
  });

  // Regression: 640 MB of Buffers passed the 128 MB limit (V8's heap limit does not count them).
  it("cannot pass the memory limit with Buffers", async () => {
    overrideConfig({ ACTIONS_DIR: actionsDir, ACTION_MEMORY_MB: "128" });
    const bomb = action(`exports.onExecutePostChallenge = async () => {
      globalThis.hoard = [];
      for (let i = 0; i < 64; i++) globalThis.hoard.push(Buffer.alloc(10 * 1024 * 1024, 1));
      await new Promise(() => {}); // holds the memory until stopped
    };`);
    const neighbour = action(`exports.onExecutePostChallenge = async () => process.pid;`);
    const neighbourPid = (await run(neighbour)).returnValue;
    const result = await run(bomb, { timeoutMs: 20_000 });
    expect(result).toMatchObject({ ok: false, error: { kind: "memory", message: expect.stringContaining("128 MB") } });
    // Only that file's process was stopped.
    expect((await run(neighbour)).returnValue).toBe(neighbourPid);
    expect((await run(action(`exports.onExecutePostChallenge = async () => "still serving";`))).returnValue).toBe("still serving");
  });

  it("cannot flood the server with output by writing to the channel itself", async () => {
    const file = action(`${CHANNEL}
      let id;
      channel.on((msg) => { if (msg && msg.op === "run") id = msg.id; });
      exports.onExecutePostChallenge = async () => {
        await new Promise((resolve) => setImmediate(resolve));
        for (let i = 0; i < 200; i++) channel.target[channel.method]({ type: "log", id, text: "x".repeat(10_000) });
      };`);
    // The first execution loads the module, whose listener then learns the ids of the next ones.
    expect((await run(file)).ok).toBe(true);
    const result = await run(file);
    expect(result.ok).toBe(true);
    expect(result.logs.startsWith("x".repeat(100))).toBe(true);
    expect(Buffer.byteLength(result.logs)).toBeLessThanOrEqual(LOG_LIMIT_BYTES);
  });
});
