import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { overrideConfig } from "@/lib/config";
import { prisma } from "@/lib/db";
import { createWorker, retryDeadJob, silentLogger } from "@/lib/jobs";
import { jobHandlers } from "@/lib/runtime/job-handlers";
import { createUser, defaultConnection, passwordChangedJob, setUserPassword } from "@/lib/users";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { testRequestContext } from "@/lib/testing/context";
import { deliverPostChangePassword, shutdownSandbox } from ".";
import { clearDiscoveryCache } from "./discover";

/** What the Actions POSTed to the receiver, in arrival order. */
type Received = { from: string; body: Record<string, unknown> };

let receiver: http.Server;
let receiverUrl: string;
let received: Received[] = [];

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let data = "";
    req.on("data", (chunk) => (data += chunk));
    req.on("end", () => {
      received.push({ from: req.url ?? "", body: JSON.parse(data || "{}") as Record<string, unknown> });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await shutdownSandbox();
  await new Promise((resolve) => receiver.close(resolve));
});

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-delivery-"));
  fs.mkdirSync(path.join(root, "post-change-password"));
  overrideConfig({ ACTIONS_DIR: root, TENANT_NAME: "acme-test" });
  clearDiscoveryCache();
  received = [];
  process.env.ACTION_SECRET_RECEIVER = receiverUrl;
  process.env.ACTION_SECRET_API_KEY = "shared-key-value";
  process.env.ACTION_SECRET_API_KEY__FIRST = "scoped-key-for-first";
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
  delete process.env.ACTION_SECRET_RECEIVER;
  delete process.env.ACTION_SECRET_API_KEY;
  delete process.env.ACTION_SECRET_API_KEY__FIRST;
  overrideConfig({});
});

function put(name: string, source: string) {
  fs.writeFileSync(path.join(root, "post-change-password", name), source);
}

/** An Action that POSTs what it received to the receiver, then optionally fails. */
const reportingAction = (name: string, tail = "") => `
exports.onExecutePostChangePassword = async (event, api) => {
  await fetch(event.secrets.RECEIVER + "/${name}", { method: "POST", body: JSON.stringify({ event }) });
  console.log("${name} ran attempt " + event.delivery.attempt + " with key " + event.secrets.API_KEY);
  ${tail}
};`;

const reportingHook = `
module.exports = function (user, context, cb) {
  fetch(context.webtask.secrets.RECEIVER + "/hook", { method: "POST", body: JSON.stringify({ user, context }) })
    .then(() => cb(), cb);
};`;

async function newUser() {
  const email = `d${Math.random().toString(36).slice(2)}@example.com`;
  return createUser(
    { email, password: "Original-Pass-31", phoneNumber: "+14155550100" },
    { connection: await defaultConnection(), ctx: testRequestContext() },
  );
}

/** Changes the password (which enqueues the delivery in its transaction) and returns the job id. */
async function changePassword(userId: string, ctx = testRequestContext()) {
  const db = await prisma();
  const { changedAt } = await setUserPassword({ userId, newPassword: `Changed-Pass-${Math.floor(Math.random() * 1e6)}!`, reason: "admin", ctx });
  const job = await db.job.findFirstOrThrow({ where: { type: passwordChangedJob.type, payload: { path: ["userId"], equals: userId } }, orderBy: { createdAt: "desc" } });
  return { jobId: job.id, changedAt };
}

/** Runs due jobs the way the worker does (retries due at once), until none is due. */
async function drainJobs() {
  const worker = createWorker({ handlers: jobHandlers(), workerId: "delivery-test", logger: silentLogger, backoff: { baseSeconds: 0 } });
  while ((await worker.runOnce()) > 0);
}

describe.each(testDatabaseKinds())("post-change-password delivery on %s", (kind) => {
  useTestDatabase(kind);

  it("runs the Hook then the Actions; a retry runs only the one that failed; every execution is recorded", async () => {
    put("05-hook.js", reportingHook);
    put("10-first.js", reportingAction("first"));
    put("20-flaky.js", reportingAction("flaky", `if (event.delivery.attempt === 1) throw new Error("upstream unavailable");`));
    const user = await newUser();
    const { jobId } = await changePassword(user.id);

    await drainJobs();

    const db = await prisma();
    const job = await db.job.findUniqueOrThrow({ where: { id: jobId } });
    expect(job).toMatchObject({ status: "succeeded", attempts: 2 });

    // Arrival order: attempt 1 runs the Hook first, then the Actions in file-name order; attempt 2 only the failed one.
    expect(received.map((r) => r.from)).toEqual(["/hook", "/first", "/flaky", "/flaky"]);
    // Every attempt sees the same delivery id, in event.delivery, event.transaction.correlation_id and context.delivery.
    const events = received.filter((r) => r.from !== "/hook").map((r) => r.body.event as { delivery: { id: string; attempt: number }; transaction: { correlation_id: string } });
    expect(events.map((e) => [e.delivery.id, e.transaction.correlation_id, e.delivery.attempt])).toEqual([
      [jobId, jobId, 1],
      [jobId, jobId, 1],
      [jobId, jobId, 2],
    ]);
    expect((received[0]!.body.context as { delivery: unknown }).delivery).toEqual({ id: jobId, attempt: 1 });

    const executions = await db.actionExecution.findMany({ where: { deliveryId: jobId }, orderBy: [{ attempt: "asc" }, { startedAt: "asc" }] });
    expect(executions.map((e) => [e.actionName, e.kind, e.attempt, e.status])).toEqual([
      ["05-hook.js", "hook", 1, "succeeded"],
      ["10-first.js", "action", 1, "succeeded"],
      ["20-flaky.js", "action", 1, "failed"],
      ["20-flaky.js", "action", 2, "succeeded"],
    ]);
    const failed = executions[2]!;
    expect(failed).toMatchObject({ trigger: "post-change-password", userId: user.id, error: "throw: upstream unavailable" });
    expect(failed.logs).toBe("flaky ran attempt 1 with key [secret:API_KEY]");
    expect(failed.durationMs).toEqual(expect.any(Number));
    expect(failed.endedAt).toBeInstanceOf(Date);

    const fcph = await db.logEvent.findMany({ where: { type: "fcph", userId: user.id } });
    expect(fcph).toHaveLength(1);
    expect(fcph[0]!.description).toBe("Action 20-flaky.js failed: upstream unavailable");
    expect(fcph[0]!.details).toMatchObject({
      action: "20-flaky.js",
      deliveryId: jobId,
      attempt: 1,
      error: "throw: upstream unavailable",
      logs: "flaky ran attempt 1 with key [secret:API_KEY]",
    });
  });

  it("gives Actions the post-change-password event of spec §2.2, and Hooks their user and context", async () => {
    put("05-hook.js", reportingHook);
    put("10-first.js", reportingAction("first"));
    const user = await newUser();
    const ctx = testRequestContext({ userAgent: "Mozilla/5.0 (test)", hostname: "id.example.com", language: "fr-CH", method: "POST" });
    const { jobId, changedAt } = await changePassword(user.id, ctx);
    await drainJobs();

    const connection = await defaultConnection();
    const event = received.find((r) => r.from === "/first")!.body.event;
    expect(event).toEqual({
      user: {
        user_id: `auth0|${user.id}`,
        id: user.id,
        email: user.email,
        email_verified: false,
        phone_number: "+14155550100",
        phone_verified: false,
        last_password_reset: changedAt.toISOString(),
      },
      connection: { id: connection.id, name: "Username-Password-Authentication", strategy: "auth0", metadata: {} },
      request: { ip: ctx.ip, hostname: "id.example.com", user_agent: "Mozilla/5.0 (test)", language: "fr-CH", method: "POST", geoip: {} },
      tenant: { id: "acme-test" },
      transaction: { correlation_id: jobId },
      // Secrets: the shared value, overridden by the one scoped to this file (slug FIRST).
      secrets: { RECEIVER: receiverUrl, API_KEY: "scoped-key-for-first" },
      configuration: {},
      delivery: { id: jobId, attempt: 1 },
    });

    const hook = received.find((r) => r.from === "/hook")!.body;
    expect(hook).toEqual({
      user: { id: user.id, email: user.email, last_password_reset: changedAt.toISOString() },
      context: {
        connection: { id: connection.id, name: "Username-Password-Authentication", tenant: "acme-test" },
        webtask: { secrets: { RECEIVER: receiverUrl, API_KEY: "shared-key-value" } },
        delivery: { id: jobId, attempt: 1 },
      },
    });
  });

  it("does not retry a file that exports rekey = { maxAttempts: 1 }, and names it when the job goes dead", async () => {
    put("10-first.js", reportingAction("first"));
    put("20-once.js", `${reportingAction("once", `throw new Error("not idempotent, not retried");`)}\nexports.rekey = { maxAttempts: 1 };`);
    const user = await newUser();
    const { jobId } = await changePassword(user.id);
    await drainJobs();

    const db = await prisma();
    const job = await db.job.findUniqueOrThrow({ where: { id: jobId } });
    expect(job.status).toBe("dead");
    expect(job.attempts).toBe(1);
    expect(job.lastError).toMatch(/20-once\.js failed and will not be retried/);
    expect(received.map((r) => r.from)).toEqual(["/first", "/once"]);

    // Even the admin console's Retry does not run it again: at most one execution per delivery.
    expect(await retryDeadJob(jobId)).toBe(true);
    await drainJobs();
    expect(received.map((r) => r.from)).toEqual(["/first", "/once"]);
    const executions = await db.actionExecution.findMany({ where: { deliveryId: jobId } });
    expect(executions.map((e) => `${e.actionName}:${e.status}`).sort()).toEqual(["10-first.js:succeeded", "20-once.js:failed"]);
    expect(await db.logEvent.count({ where: { type: "fcph", userId: user.id } })).toBe(1);
  });

  it("applies api.cache writes to the trigger's cache, visible to the next execution", async () => {
    put(
      "10-cache.js",
      `exports.onExecutePostChangePassword = async (event, api) => {
        const seen = api.cache.get("count");
        api.cache.set("count", String(Number(seen ? seen.value : 0) + 1), { ttl: 60000 });
        await fetch(event.secrets.RECEIVER + "/cache", { method: "POST", body: JSON.stringify({ seen: seen ? seen.value : null }) });
      };`,
    );
    const user = await newUser();
    await changePassword(user.id);
    await drainJobs();
    await changePassword(user.id);
    await drainJobs();
    expect(received.map((r) => r.body.seen)).toEqual([null, "1"]);
    const db = await prisma();
    const row = await db.actionCacheEntry.findUniqueOrThrow({ where: { trigger_key: { trigger: "post-change-password", key: "count" } } });
    expect(row.value).toBe("2");
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  // Regression: an attempt whose lease was taken over while its Action ran recorded that execution "succeeded" after the newer attempt's success: two successes for one delivery.
  it("leaves an execution a newer attempt took over as interrupted, however the old attempt ends", async () => {
    // Attempt 1 calls out, then lingers (a worker frozen past its lease); attempt 2 is quick.
    put("10-slow.js", reportingAction("slow", `if (event.delivery.attempt === 1) await new Promise((r) => setTimeout(r, 1500));`));
    put("20-after.js", reportingAction("after"));
    const user = await newUser();
    const { jobId } = await changePassword(user.id);
    const db = await prisma();
    const job = await db.job.findUniqueOrThrow({ where: { id: jobId } });
    // Each attempt starts as the worker's claim does: the job running, its attempt number bumped.
    const attempt = async (n: number) => {
      await db.job.update({ where: { id: jobId }, data: { status: "running", attempts: n } });
      return { id: jobId, type: job.type, payload: job.payload, attempt: n, maxAttempts: 5, signal: new AbortController().signal };
    };

    const first = deliverPostChangePassword(await attempt(1));
    first.catch(() => {});
    await vi.waitFor(() => expect(received.map((r) => r.from)).toEqual(["/slow"]), { timeout: 10_000 });
    // The worker that claimed the expired lease runs attempt 2 to the end while attempt 1 still runs.
    await deliverPostChangePassword(await attempt(2));
    // Attempt 1 then ends without going on to the next Action, and its late result changes no record.
    await expect(first).rejects.toThrow(/taken over/);

    expect(received.map((r) => `${r.from}#${(r.body.event as { delivery: { attempt: number } }).delivery.attempt}`)).toEqual(["/slow#1", "/slow#2", "/after#2"]);
    const executions = await db.actionExecution.findMany({ where: { deliveryId: jobId }, orderBy: [{ attempt: "asc" }, { actionName: "asc" }] });
    expect(executions.map((e) => [e.actionName, e.attempt, e.status])).toEqual([
      ["10-slow.js", 1, "failed"],
      ["10-slow.js", 2, "succeeded"],
      ["20-after.js", 2, "succeeded"],
    ]);
    expect(executions[0]!.error).toMatch(/^Interrupted/);
  });

  it("an attempt that lost the job starts no further Action (the attempt number fences it)", async () => {
    put("10-first.js", reportingAction("first"));
    const user = await newUser();
    const { jobId } = await changePassword(user.id);
    const db = await prisma();
    const job = await db.job.findUniqueOrThrow({ where: { id: jobId } });
    // Attempt 1 stalled between two files; meanwhile its lease expired and attempt 2 claimed the job.
    await db.job.update({ where: { id: jobId }, data: { status: "running", attempts: 2 } });
    const stale = { id: jobId, type: job.type, payload: job.payload, attempt: 1, maxAttempts: 5, signal: new AbortController().signal };
    await expect(deliverPostChangePassword(stale)).rejects.toThrow(/no longer holds the delivery/);
    expect(received).toEqual([]);
    expect(await db.actionExecution.count({ where: { deliveryId: jobId } })).toBe(0);
  });

  it("records a file that fails to load as a failed execution, without stopping the others", async () => {
    const print = vi.spyOn(console, "error").mockImplementation(() => {});
    onTestFinished(() => print.mockRestore());
    put("10-broken.js", `exports.onExecutePostChangePassword = async () => {`);
    put("20-first.js", reportingAction("first"));
    overrideConfig({ ACTIONS_DIR: root, JOB_MAX_ATTEMPTS: "2" });
    const user = await newUser();
    const { jobId } = await changePassword(user.id);
    await drainJobs();
    const db = await prisma();
    expect((await db.job.findUniqueOrThrow({ where: { id: jobId } })).status).toBe("dead");
    const executions = await db.actionExecution.findMany({ where: { deliveryId: jobId }, orderBy: [{ attempt: "asc" }, { actionName: "asc" }] });
    expect(executions.map((e) => [e.actionName, e.attempt, e.status])).toEqual([
      ["10-broken.js", 1, "failed"],
      ["20-first.js", 1, "succeeded"],
      ["10-broken.js", 2, "failed"],
    ]);
    expect(executions[0]!.error).toMatch(/^load: 10-broken\.js:1:\d+: Unexpected end of file/);
    expect(print).toHaveBeenCalledTimes(1);
  });
});
