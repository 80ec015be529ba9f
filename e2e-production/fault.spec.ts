import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { openDatabase } from "../lib/db/open";
import { ADMIN_PASSWORD, managementToken, startCluster, type RekeyProcess } from "./fixtures/cluster";

// The fault test (issue 6): password changes whose post-change-password Action takes 50–500 ms,
// while the process running the deliveries is killed with SIGKILL at random moments and started
// again. After the restarts every delivery must complete: none lost, a second receipt only where
// an execution was interrupted, and every receipt of one change carrying that change's delivery id.

const ACTION_FILE = "fault.js";
const HOOK_PATH = "/hook/fault";
const JOB_TYPE = "password.changed.deliver";
/** Short leases so a killed worker's jobs are taken over within seconds, not a minute. */
const LEASE_SECONDS = 3;

// The Action calls the receiver part-way through its 50–500 ms, as an Action that calls an API and
// then does more work: a kill after the call and before the execution is recorded is exactly what
// makes an at-least-once delivery send a duplicate.
const ACTION_SOURCE = `
exports.onExecutePostChangePassword = async (event) => {
  const total = 50 + Math.floor(Math.random() * 451);
  const before = Math.floor(total * Math.random());
  await new Promise((resolve) => setTimeout(resolve, before));
  const response = await fetch(event.secrets.WEBHOOK_BASE + ${JSON.stringify(HOOK_PATH)}, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      deliveryId: event.delivery.id,
      correlationId: event.transaction.correlation_id,
      attempt: event.delivery.attempt,
      userId: event.user.user_id,
      lastPasswordReset: event.user.last_password_reset,
    }),
  });
  if (!response.ok) throw new Error("the receiver answered " + response.status);
  await new Promise((resolve) => setTimeout(resolve, total - before));
};
`;

type Receipt = { deliveryId: string; correlationId: string; attempt: number; userId: string; lastPasswordReset: string };
type Row = Record<string, unknown>;
type Query = (text: string) => Promise<Row[]>;

/** Runs `fn` over `items` with at most `limit` calls at once. */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i] as T, i);
      }
    }),
  );
}

/** Every receipt the webhook receiver holds for the fault Action. */
async function allReceipts(webhookBase: string): Promise<Receipt[]> {
  const response = await fetch(`${webhookBase}/received?path=${HOOK_PATH}&count=0`);
  const hooks = (await response.json()) as Array<{ body: Receipt }>;
  return hooks.map((h) => h.body);
}

/** Resolves once the receiver holds at least `count` receipts (the receiver long-polls). */
async function waitForReceipts(webhookBase: string, count: number, deadlineMs = 300_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    const response = await fetch(`${webhookBase}/received?path=${HOOK_PATH}&count=${count}`);
    await response.arrayBuffer();
    if (response.ok) return;
  }
  throw new Error(`fewer than ${count} receipts within ${deadlineMs / 1000} s`);
}

/** Polls `check` until it returns true; `check` throws to fail at once (a dead job). */
async function pollUntil(what: string, check: () => Promise<boolean>, deadlineMs: number, intervalMs = 250): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${deadlineMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** `count` kill moments as counts (receipts, changes), random between `from` and `to` of `total`, at least 5 % apart. */
function killMoments(count: number, total: number, from = 0.1, to = 0.85): number[] {
  for (;;) {
    const moments = Array.from({ length: count }, () => Math.floor(total * (from + Math.random() * (to - from)))).sort((a, b) => a - b);
    if (moments.every((m, i) => i === 0 || m - (moments[i - 1] ?? 0) >= total * 0.05)) return moments;
  }
}

/** A strong password with nothing of the user in it (the policy refuses personal information). */
const randomPassword = () => `Pw7!${crypto.randomBytes(9).toString("base64url")}`;

/** One password change: which user, and once it committed, its time (the event's last_password_reset). */
type Change = { userId: string; changedAt: string };

/** Creates `count` users through the Management API (POST /api/v2/users); returns their user_ids. */
async function createUsers(url: string, token: string, count: number, tag: string): Promise<string[]> {
  const ids: string[] = [];
  await eachLimited(
    Array.from({ length: count }, (_, i) => i),
    6,
    async (i) => {
      const response = await fetch(`${url}/api/v2/users`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ connection: "Username-Password-Authentication", email: `fault-${tag}-${i}@example.com`, password: randomPassword(), email_verified: true }),
      });
      const body = (await response.json()) as { user_id: string };
      if (response.status !== 201) throw new Error(`creating user ${i}: ${response.status} ${JSON.stringify(body)}`);
      ids[i] = body.user_id;
    },
  );
  return ids;
}

/**
 * The server the password changes go to, which the test may kill. A change in flight when the
 * server dies has an unknown outcome: the client waits until the server is back and reads the
 * user; a last_password_reset other than before the request means it committed, otherwise the
 * client sends it again. Changes of one user are sequential, so that read is unambiguous.
 */
class ServerGate {
  private up: Promise<void> = Promise.resolve();
  private open: (() => void) | undefined;
  /** Changes whose connection broke, and how many of them had not committed and were sent again. */
  cut = 0;
  resent = 0;
  down() {
    this.up = new Promise((resolve) => (this.open = resolve));
  }
  reopen() {
    this.open?.();
  }
  wait() {
    return this.up;
  }
}

/** `rounds` sequential password changes of one user through `PATCH /api/v2/users/:id`. */
async function changePasswords(url: string, token: string, userId: string, rounds: number, gate: ServerGate, done: (change: Change) => void): Promise<void> {
  const endpoint = `${url}/api/v2/users/${encodeURIComponent(userId)}`;
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  let before: string | undefined;
  const readUser = async (): Promise<{ last_password_reset?: string }> => {
    for (;;) {
      await gate.wait();
      try {
        const response = await fetch(endpoint, { headers });
        const user = (await response.json()) as { last_password_reset?: string };
        if (!response.ok) throw new Error(`reading user ${userId}: ${response.status} ${JSON.stringify(user)}`);
        return user;
      } catch (error) {
        if (!(error instanceof TypeError)) throw error;
        // killed while reading: read again once the server is back
      }
    }
  };
  for (let round = 0; round < rounds; round++) {
    const password = randomPassword();
    let committedAt: string | undefined;
    while (!committedAt) {
      await gate.wait();
      try {
        const response = await fetch(endpoint, { method: "PATCH", headers, body: JSON.stringify({ password }) });
        const body = (await response.json()) as { last_password_reset?: string };
        if (!response.ok || !body.last_password_reset) throw new Error(`changing the password of ${userId}: ${response.status} ${JSON.stringify(body)}`);
        committedAt = body.last_password_reset;
      } catch (error) {
        // fetch reports a broken connection as a TypeError: the server was killed mid-change.
        if (!(error instanceof TypeError)) throw error;
        gate.cut++;
        const now = (await readUser()).last_password_reset;
        if (now && now !== before) committedAt = now;
        else gate.resent++;
      }
    }
    before = committedAt;
    done({ userId, changedAt: committedAt });
  }
}

/** Sends `rounds` changes for each user, `concurrency` users at a time; `done` resolves with the time the last one committed. */
function sendChanges(url: string, token: string, userIds: string[], rounds: number, gate: ServerGate, concurrency: number) {
  const changes: Change[] = [];
  const waiters = new Set<{ count: number; resolve: () => void }>();
  const committed = (change: Change) => {
    changes.push(change);
    for (const waiter of waiters) {
      if (changes.length < waiter.count) continue;
      waiters.delete(waiter);
      waiter.resolve();
    }
  };
  const done = eachLimited(userIds, concurrency, (userId) => changePasswords(url, token, userId, rounds, gate, committed)).then(() => Date.now());
  // Awaited after the kills; a failure meanwhile must not count as an unhandled rejection.
  done.catch(() => {});
  /** Resolves once `count` changes have committed (rejects if sending failed first). */
  const waitForChanges = (count: number) =>
    changes.length >= count ? Promise.resolve() : Promise.race([new Promise<void>((resolve) => waiters.add({ count, resolve })), done.then(() => undefined)]);
  return { changes, done, waitForChanges };
}

type Figures = Record<string, string | number>;

/**
 * What the database says once every delivery is done, checked against what the receiver got.
 * `query` reads the cluster's database (PostgreSQL, or the embedded one after the server stopped).
 */
async function checkDeliveries(query: Query, changes: Change[], receipts: Receipt[]): Promise<Figures> {
  const jobs = await query(
    `SELECT id, status, payload->>'userId' AS "userId", payload->>'changedAt' AS "changedAt" FROM jobs WHERE type = '${JOB_TYPE}'`,
  );
  const attempts = await query(
    `SELECT a.job_id AS "jobId", a.attempt, a.outcome FROM job_attempts a JOIN jobs j ON j.id = a.job_id WHERE j.type = '${JOB_TYPE}'`,
  );
  const executions = await query(
    `SELECT delivery_id AS "deliveryId", attempt, status, error FROM action_executions
     WHERE trigger = 'post-change-password' AND action_name = '${ACTION_FILE}'`,
  );

  // One delivery per committed change (a user and the time of its change), each finished.
  const changeKey = (userId: string, changedAt: string) => `${userId}@${changedAt}`;
  expect(jobs.length, "one post-change-password job per committed change").toBe(changes.length);
  expect(jobs.filter((j) => j.status !== "succeeded"), "jobs not succeeded").toEqual([]);
  const jobOfChange = new Map<string, string>();
  for (const job of jobs) {
    const key = changeKey(`auth0|${String(job.userId)}`, String(job.changedAt));
    expect(jobOfChange.has(key), `a second job for the change ${key}`).toBe(false);
    jobOfChange.set(key, String(job.id));
  }

  // 0 lost: every change reached the receiver, and every receipt carries its change's delivery id.
  const receiptsByDelivery = new Map<string, Receipt[]>();
  for (const r of receipts) {
    expect(r.correlationId, "transaction.correlation_id is the delivery id").toBe(r.deliveryId);
    const key = changeKey(r.userId, r.lastPasswordReset);
    expect(r.deliveryId, `the delivery id of the change ${key}`).toBe(jobOfChange.get(key));
    receiptsByDelivery.set(r.deliveryId, [...(receiptsByDelivery.get(r.deliveryId) ?? []), r]);
  }
  const lost = changes.filter((c) => !receiptsByDelivery.has(jobOfChange.get(changeKey(c.userId, c.changedAt)) ?? "none"));
  expect(lost, "changes whose delivery never reached the receiver").toEqual([]);

  // Exactly one successful execution per delivery; a duplicate receipt only from an interrupted one.
  const attemptOutcome = new Map(attempts.map((a) => [`${String(a.jobId)}#${Number(a.attempt)}`, String(a.outcome)]));
  const executionsByDelivery = new Map<string, Row[]>();
  for (const e of executions) executionsByDelivery.set(String(e.deliveryId), [...(executionsByDelivery.get(String(e.deliveryId)) ?? []), e]);
  let duplicates = 0;
  let interruptedExecutions = 0;
  for (const job of jobs) {
    const deliveryId = String(job.id);
    const list = receiptsByDelivery.get(deliveryId) ?? [];
    const execs = executionsByDelivery.get(deliveryId) ?? [];
    const succeeded = execs.filter((e) => e.status === "succeeded");
    expect(succeeded.length, `successful executions of delivery ${deliveryId}`).toBe(1);
    const interrupted = execs.filter((e) => e.status !== "succeeded");
    for (const e of interrupted) {
      expect(e.status, `an unfinished execution of ${deliveryId} is closed by the next attempt`).toBe("failed");
      expect(attemptOutcome.get(`${deliveryId}#${Number(e.attempt)}`), `job attempt ${Number(e.attempt)} of ${deliveryId}, whose execution did not finish`).toBe("interrupted");
    }
    interruptedExecutions += interrupted.length;
    // Each attempt posts at most once; the successful attempt posted; any other receipt came from
    // an attempt that was interrupted (its worker killed) after the Action had called out.
    const attemptsSeen = list.map((r) => r.attempt).sort((a, b) => a - b);
    expect(new Set(attemptsSeen).size, `receipts of ${deliveryId} per attempt: ${attemptsSeen.join(",")}`).toBe(attemptsSeen.length);
    const succeededAttempt = Number(succeeded[0]?.attempt);
    expect(attemptsSeen, `the successful attempt of ${deliveryId} reached the receiver`).toContain(succeededAttempt);
    for (const attempt of attemptsSeen) {
      if (attempt === succeededAttempt) continue;
      duplicates++;
      expect(attemptOutcome.get(`${deliveryId}#${attempt}`), `a duplicate receipt of ${deliveryId} from attempt ${attempt}`).toBe("interrupted");
      expect(interrupted.map((e) => Number(e.attempt)), `an interrupted execution behind the duplicate of ${deliveryId}`).toContain(attempt);
    }
  }
  const interruptedAttempts = attempts.filter((a) => a.outcome === "interrupted").length;
  expect(attempts.filter((a) => a.outcome === "running"), "job attempts still running").toEqual([]);
  return {
    changes: changes.length,
    deliveries: jobs.length,
    receipts: receipts.length,
    lost: lost.length,
    duplicates,
    "interrupted attempts": interruptedAttempts,
    "interrupted executions": interruptedExecutions,
    "failed attempts (not interrupted)": attempts.filter((a) => a.outcome === "failed").length,
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Prints the figures of a run with its timings; then checks that the kills did hit running deliveries. */
function report(title: string, figures: Figures, times: { started: number; changesEnded: number; drained: number }) {
  const all: Figures = {
    ...figures,
    "changes sent in": seconds(times.changesEnded - times.started),
    "drain time (first change → last delivery)": seconds(times.drained - times.started),
    "drain after the last change": seconds(times.drained - times.changesEnded),
  };
  const width = Math.max(...Object.keys(all).map((k) => k.length));
  console.log(`\n${title}\n${Object.entries(all).map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join("\n")}\n`);
  expect(Number(figures["interrupted attempts"]), "the kills interrupted running deliveries").toBeGreaterThan(0);
}

test.describe("fault: kill -9 while post-change-password deliveries run", () => {
  test("PostgreSQL: workers killed and restarted mid-delivery lose nothing and duplicate only interrupted executions", async () => {
    test.setTimeout(10 * 60_000);
    const USERS = 100;
    const ROUNDS = 10;
    const CHANGES = USERS * ROUNDS;
    const WORKERS = 2;
    const cluster = await startCluster({
      name: "fault-pg",
      servers: 1,
      workers: WORKERS,
      basePort: 3600,
      env: { JOB_LEASE_SECONDS: String(LEASE_SECONDS), ACTION_WORKERS: "4", LOG_LEVEL: "warn" },
    });
    try {
      const server = cluster.servers[0]!;
      const sql = cluster.sql();
      const token = await managementToken(server.url!);
      const users = await createUsers(server.url!, token, USERS, "pg");
      cluster.dropAction("post-change-password", ACTION_FILE, ACTION_SOURCE);

      const moments = killMoments(4, CHANGES);
      const kills: string[] = [];
      const started = Date.now();
      const { changes, done } = sendChanges(server.url!, token, users, ROUNDS, new ServerGate(), 6);

      // The worker to kill is one with deliveries running right now (its id holds its pid), so
      // every kill lands mid-delivery; the last kill takes every worker down at once.
      const runningByPid = async () => {
        const rows = await sql.query<{ lockedBy: string }>(`SELECT locked_by AS "lockedBy" FROM jobs WHERE status = 'running' AND type = $1`, [JOB_TYPE]);
        const counts = new Map<number, number>();
        for (const r of rows) {
          const pid = Number(r.lockedBy.split(":").at(-2));
          counts.set(pid, (counts.get(pid) ?? 0) + 1);
        }
        return counts;
      };
      for (const [k, moment] of moments.entries()) {
        await waitForReceipts(cluster.webhooks.base, moment);
        let running: number[] = [];
        await pollUntil(
          "a delivery to be running",
          async () => {
            const counts = await runningByPid();
            running = cluster.workers.map((w) => counts.get(w.child.pid ?? -1) ?? 0);
            return running.some((n) => n > 0);
          },
          60_000,
          50,
        );
        const busy = cluster.workers.map((_, i) => i).filter((i) => running[i]! > 0);
        const victims = k === moments.length - 1 ? cluster.workers.map((_, i) => i) : [busy[Math.floor(Math.random() * busy.length)]!];
        await Promise.all(victims.map((i) => cluster.workers[i]!.kill("SIGKILL")));
        kills.push(`worker-${victims.join("+")} at ${moment} receipts (running per worker: ${running.join("/")})`);
        for (const i of victims) cluster.restartWorker(i);
      }

      const changesEnded = await done;
      expect(changes.length).toBe(CHANGES);
      await pollUntil(
        "every delivery to finish",
        async () => {
          const [row = { total: 0, done: 0, dead: 0 }] = await sql.query<{ total: number; done: number; dead: number }>(
            `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'succeeded')::int AS done,
                    count(*) FILTER (WHERE status = 'dead')::int AS dead FROM jobs WHERE type = $1`,
            [JOB_TYPE],
          );
          if (row.dead > 0) throw new Error(`${row.dead} deliveries are dead`);
          return row.total === CHANGES && row.done === CHANGES;
        },
        300_000,
      );
      const drained = Date.now();
      for (const worker of cluster.workers) expect(worker.child.exitCode, `${worker.name} still runs`).toBeNull();

      const figures = await checkDeliveries((text) => sql.query(text), changes, await allReceipts(cluster.webhooks.base));
      const killed = kills.reduce((n, k) => n + k.split(" ")[0]!.split("+").length, 0);
      report(
        "fault test, PostgreSQL (1 server, 2 workers)",
        { ...figures, kills: `${kills.length} events, ${killed} workers: ${kills.join("; ")}` },
        { started, changesEnded, drained },
      );
    } finally {
      await cluster.close();
    }
  });

  test("default mode: the server with the in-process worker killed and restarted mid-delivery loses nothing", async () => {
    test.setTimeout(15 * 60_000);
    // The issue's 1,000 changes here too: one process serving, delivering and mailing on the
    // embedded database, so this is the slowest part of the suite (3–6 minutes on 2 cores).
    const USERS = 100;
    const ROUNDS = 10;
    const CHANGES = USERS * ROUNDS;
    const cluster = await startCluster({
      name: "fault-embedded",
      servers: 1,
      workers: 0,
      postgres: false,
      basePort: 3605,
      env: { JOB_LEASE_SECONDS: String(LEASE_SECONDS), ACTION_WORKERS: "4", LOG_LEVEL: "warn" },
    });
    const dataDir = cluster.env.DATA_DIR;
    if (!dataDir) throw new Error("the default-mode cluster has no DATA_DIR");
    try {
      let server: RekeyProcess = cluster.servers[0]!;
      const url = server.url!;
      const token = await managementToken(url);
      const users = await createUsers(url, token, USERS, "embedded");
      cluster.dropAction("post-change-password", ACTION_FILE, ACTION_SOURCE);
      const admin = await signInAdmin(url);

      const kills: string[] = [];
      const gate = new ServerGate();
      const started = Date.now();
      const { changes, done, waitForChanges } = sendChanges(url, token, users, ROUNDS, gate, 4);

      // The first kill while changes are still being sent (some are cut mid-request: the client
      // cannot know whether they committed), the others at random points of the deliveries.
      const moments = [
        { at: killMoments(1, CHANGES, 0.2, 0.7)[0]!, of: "changes" as const },
        ...killMoments(2, CHANGES, 0.4, 0.85).map((at) => ({ at, of: "receipts" as const })),
      ];
      for (const moment of moments) {
        if (moment.of === "changes") await waitForChanges(moment.at);
        else await waitForReceipts(cluster.webhooks.base, moment.at);
        // Kill while a delivery runs (not between two), as the admin console counts them.
        let running = 0;
        await pollUntil("a delivery to be running", async () => (running = await deliveryCount(url, admin, "running")) > 0, 60_000, 50);
        gate.down();
        const deadPid = server.child.pid;
        await server.kill("SIGKILL");
        const restarting = Date.now();
        server = await cluster.restartServer(0);
        // The dead server's lock named its pid; the new server took it over.
        expect((JSON.parse(fs.readFileSync(path.join(dataDir, "rekey.lock"), "utf8")) as { pid: number }).pid).toBe(server.child.pid);
        gate.reopen();
        kills.push(`server at ${moment.at} ${moment.of} (${running} running; lock of pid ${deadPid} taken over by ${server.child.pid}, up again in ${seconds(Date.now() - restarting)})`);
      }

      const changesEnded = await done;
      expect(changes.length).toBe(CHANGES);
      await pollUntil(
        "every delivery to finish",
        async () => {
          const dead = await deliveryCount(url, admin, "dead");
          if (dead > 0) throw new Error(`${dead} deliveries are dead`);
          return (await deliveryCount(url, admin, "succeeded")) >= CHANGES;
        },
        300_000,
        500,
      );
      const drained = Date.now();
      expect(await deliveryCount(url, admin), "deliveries listed").toBe(CHANGES);

      // The embedded database has one opener: stop the server (cleanly), then read it here.
      expect(await server.kill("SIGTERM")).toBe(0);
      const db = await openDatabase({ kind: "pglite", dataDir });
      let figures: Figures;
      try {
        const query: Query = async (text) => (await db.pglite!.query<Row>(text)).rows;
        figures = await checkDeliveries(query, changes, await allReceipts(cluster.webhooks.base));
      } finally {
        await db.close();
      }
      report(
        "fault test, default mode (embedded database, in-process worker)",
        {
          ...figures,
          kills: `${kills.length}: ${kills.join("; ")}`,
          "changes cut by a kill": `${gate.cut} (${gate.cut - gate.resent} had committed, ${gate.resent} sent again)`,
        },
        { started, changesEnded, drained },
      );
    } finally {
      await cluster.close();
    }
  });
});

/** An admin session (next-auth credentials sign-in over plain HTTP); JWT sessions outlive restarts. */
async function signInAdmin(url: string): Promise<string> {
  const csrf = await fetch(`${url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookies = csrf.headers.getSetCookie().map((c) => c.split(";")[0] ?? "");
  const response = await fetch(`${url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.join("; ") },
    body: new URLSearchParams({ csrfToken, identifier: "admin@example.com", password: ADMIN_PASSWORD, json: "true" }),
  });
  const session = response.headers.getSetCookie().map((c) => c.split(";")[0] ?? "").find((c) => c.includes("session-token="));
  if (!session) throw new Error(`admin sign-in failed: ${response.status} ${await response.text()}`);
  return session;
}

/** The post-change-password deliveries with `status` as the admin console counts them (/admin/deliveries). */
async function deliveryCount(url: string, cookie: string, status?: "pending" | "retrying" | "running" | "dead" | "succeeded"): Promise<number> {
  const params = new URLSearchParams({ type: JOB_TYPE, ...(status ? { status } : {}) });
  const response = await fetch(`${url}/admin/deliveries?${params}`, { headers: { cookie }, redirect: "manual" });
  const html = await response.text();
  const match = /role="status"[^>]*>(\d+)(?:<!-- -->)? deliver/.exec(html);
  if (response.status !== 200 || !match) throw new Error(`/admin/deliveries answered ${response.status} without a count`);
  return Number(match[1]);
}

