import path from "node:path";
import readline from "node:readline";
import { spawn } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { openDatabase } from "@/lib/db";
import {
  createWorker,
  defineJob,
  enqueueJob,
  enqueueJobs,
  getJob,
  listJobs,
  PermanentJobError,
  retryDeadJob,
  silentLogger,
  wakeWorkers,
  type JobContext,
  type JobHandlers,
  type Worker,
  type WorkerOptions,
} from "@/lib/jobs";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { clearJobs, deferred, pollUntil } from "./testing/helpers";

const REPO = path.resolve(import.meta.dirname, "../..");

/** A job type of these tests: any JSON payload. */
const testJob = (type: string) => defineJob({ type, schema: z.unknown() });

describe.each(testDatabaseKinds())("jobs (%s)", (kind) => {
  const t = useTestDatabase(kind);
  const started: Worker[] = [];
  const db = () => t.db().prisma;

  function worker(handlers: JobHandlers, extra: Partial<WorkerOptions> = {}): Worker {
    const w = createWorker({
      handlers,
      database: t.db(),
      logger: silentLogger,
      backoff: { baseSeconds: 0 },
      pollMs: 10,
      ...extra,
    });
    started.push(w);
    return w;
  }

  async function enqueue(type: string, payload: object = {}, extra: { maxAttempts?: number; runAt?: Date } = {}) {
    return db().$transaction((tx) => enqueueJob(tx, testJob(type).job(payload, extra)));
  }

  async function attemptsOf(jobId: string) {
    return db().jobAttempt.findMany({ where: { jobId }, orderBy: { attempt: "asc" } });
  }

  beforeEach(async () => {
    await clearJobs(db());
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((w) => w.stop({ graceMs: 0 })));
  });

  it("writes the job with the caller's transaction: a rollback leaves no job", async () => {
    await expect(
      db().$transaction(async (tx) => {
        await enqueueJob(tx, testJob("test.noop").job({ n: 1 }));
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db().job.count()).toBe(0);

    const { id } = await enqueue("test.noop", { n: 2 });
    const job = await db().job.findUniqueOrThrow({ where: { id } });
    expect(job).toMatchObject({ type: "test.noop", payload: { n: 2 }, status: "pending", attempts: 0, maxAttempts: 5 });
  });

  it("enqueueJobs writes several jobs in one go with the caller's transaction; one bad job writes none", async () => {
    await db().$transaction((tx) =>
      enqueueJobs(tx, [
        testJob("test.first").job({ n: 1 }),
        testJob("test.second").job({ n: 2 }, { maxAttempts: 2 }),
      ]),
    );
    const jobs = await db().job.findMany({ orderBy: { type: "asc" } });
    expect(jobs.map((j) => ({ type: j.type, payload: j.payload, maxAttempts: j.maxAttempts, status: j.status }))).toEqual([
      { type: "test.first", payload: { n: 1 }, maxAttempts: 5, status: "pending" },
      { type: "test.second", payload: { n: 2 }, maxAttempts: 2, status: "pending" },
    ]);
    expect(new Set(jobs.map((j) => j.id)).size).toBe(2);

    await expect(db().$transaction((tx) => enqueueJobs(tx, [testJob("test.third").job({}), testJob("test.fourth").job({}, { maxAttempts: 0 })]))).rejects.toThrow(/Invalid maxAttempts/);
    expect(await db().job.count()).toBe(2);
  });

  it("rejects a job type that is not a dotted name", () => {
    expect(() => testJob("EmailSend")).toThrow(/Invalid job type/);
  });

  it("runs a due job once and records the attempt", async () => {
    const seen: JobContext[] = [];
    const w = worker({ "test.noop": async (job) => void seen.push(job) }, { workerId: "worker-a" });
    const { id } = await enqueue("test.noop", { hello: "world" });
    await enqueue("test.noop", {}, { runAt: new Date(Date.now() + 3_600_000) }); // not due

    expect(await w.runOnce()).toBe(1);
    expect(await w.runOnce()).toBe(0);

    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ id, type: "test.noop", payload: { hello: "world" }, attempt: 1, maxAttempts: 5 });
    const job = await db().job.findUniqueOrThrow({ where: { id } });
    expect(job).toMatchObject({ status: "succeeded", attempts: 1, leaseUntil: null, lockedBy: null, lastError: null });
    expect(job.completedAt).toBeInstanceOf(Date);
    const attempts = await attemptsOf(id);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ attempt: 1, workerId: "worker-a", outcome: "succeeded", error: null });
    expect(attempts[0]!.endedAt!.getTime()).toBeGreaterThanOrEqual(attempts[0]!.startedAt.getTime());
  });

  it("retries a failing job with exponential backoff, then moves it to dead", async () => {
    let calls = 0;
    const failing = { "test.fail": async () => void (calls++, (() => { throw new Error(`boom ${calls}`); })()) };

    // Real backoff: the next run is 2^1 s × [0.8, 1.2) after the failure, by the database clock.
    const slow = worker(failing, { backoff: {} });
    const { id } = await enqueue("test.fail", {}, { maxAttempts: 3 });
    expect(await slow.runOnce()).toBe(1);
    const afterFirst = await db().job.findUniqueOrThrow({ where: { id } });
    expect(afterFirst).toMatchObject({ status: "pending", attempts: 1, lastError: "boom 1", leaseUntil: null, lockedBy: null });
    const delayMs = afterFirst.runAt.getTime() - afterFirst.updatedAt.getTime();
    expect(delayMs).toBeGreaterThanOrEqual(1600 - 1);
    expect(delayMs).toBeLessThanOrEqual(2400 + 1);
    expect(await slow.runOnce()).toBe(0); // not due yet

    // Zero base: due again at once.
    await db().job.update({ where: { id }, data: { runAt: new Date(Date.now() - 1000) } });
    const fast = worker(failing);
    expect(await fast.runOnce()).toBe(1);
    expect(await db().job.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "pending", attempts: 2, lastError: "boom 2" });
    expect(await fast.runOnce()).toBe(1);
    const dead = await db().job.findUniqueOrThrow({ where: { id } });
    expect(dead).toMatchObject({ status: "dead", attempts: 3, lastError: "boom 3", completedAt: null });
    expect(await fast.runOnce()).toBe(0);

    const attempts = await attemptsOf(id);
    expect(attempts.map((a) => [a.attempt, a.outcome, a.error])).toEqual([
      [1, "failed", "boom 1"],
      [2, "failed", "boom 2"],
      [3, "failed", "boom 3"],
    ]);
  });

  it("moves a job of an unknown type to dead at once, with a clear error", async () => {
    const w = worker({ "test.noop": async () => {} });
    const { id } = await enqueue("test.unknown");
    expect(await w.runOnce()).toBe(1);
    const job = await db().job.findUniqueOrThrow({ where: { id } });
    expect(job).toMatchObject({ status: "dead", attempts: 1 });
    expect(job.lastError).toBe('No handler is registered for job type "test.unknown" in this worker.');
    expect((await attemptsOf(id)).map((a) => a.outcome)).toEqual(["failed"]);
  });

  it("moves a job to dead at once on a PermanentJobError", async () => {
    const w = worker({ "test.bad": async () => { throw new PermanentJobError("payload is not valid"); } });
    const { id } = await enqueue("test.bad");
    await w.runOnce();
    expect(await db().job.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "dead", attempts: 1, lastError: "payload is not valid" });
  });

  it("keeps only the message of an error, truncated to 2 KB", async () => {
    const w = worker({ "test.long": async () => { throw new Error("x".repeat(10_000)); } });
    const { id } = await enqueue("test.long");
    await w.runOnce();
    const [attempt] = await attemptsOf(id);
    expect(Buffer.byteLength(attempt!.error!)).toBeLessThanOrEqual(2048);
    expect(attempt!.error).not.toContain("at "); // no stack frames
  });

  it("replaces the payload when the handler returns one (drops a delivered secret)", async () => {
    const w = worker({ "test.secret": async () => ({ payload: { delivered: true } }) });
    const { id } = await enqueue("test.secret", { link: "https://example.test/reset?ticket=SECRET" });
    await w.runOnce();
    expect((await db().job.findUniqueOrThrow({ where: { id } })).payload).toEqual({ delivered: true });
  });

  it("fails an attempt that exceeds its timeout and aborts the handler's signal", async () => {
    let reason: unknown;
    const w = worker(
      {
        // Rejects once aborted, as fetch() does: that late rejection must be absorbed, not crash the process.
        "test.hang": (job) =>
          new Promise<void>((_, reject) => {
            job.signal.addEventListener("abort", () => {
              reason = job.signal.reason;
              reject(new Error("aborted by the signal"));
            });
          }),
      },
      { timeoutSeconds: 0.05 },
    );
    const { id } = await enqueue("test.hang");
    await w.runOnce();
    expect(await db().job.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "pending", attempts: 1, lastError: "The attempt timed out after 0.05 s." });
    expect(String(reason)).toContain("timed out");
  });

  it("renews the lease while a handler runs", async () => {
    const running = deferred();
    const release = deferred();
    const w = worker(
      { "test.slow": async () => { running.resolve(); await release.promise; } },
      { leaseSeconds: 1 },
    );
    const { id } = await enqueue("test.slow");
    const run = w.runOnce();
    await running.promise;
    const first = (await db().job.findUniqueOrThrow({ where: { id } })).leaseUntil!;
    await pollUntil(
      async () => ((await db().job.findUniqueOrThrow({ where: { id } })).leaseUntil?.getTime() ?? 0) > first.getTime(),
      { what: "the heartbeat to push lease_until forward" },
    );
    release.resolve();
    expect(await run).toBe(1);
    expect(await db().job.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "succeeded", attempts: 1 });
  });

  it("reclaims a job whose lease expired: the old attempt is interrupted, the job runs again", async () => {
    const { id } = await enqueue("test.noop");
    // What a worker that died mid-job leaves behind.
    await db().job.update({ where: { id }, data: { status: "running", attempts: 1, lockedBy: "dead-worker", leaseUntil: new Date(Date.now() - 1000) } });
    await db().jobAttempt.create({ data: { jobId: id, attempt: 1, workerId: "dead-worker" } });

    const w = worker({ "test.noop": async () => {} }, { workerId: "fresh" });
    expect(await w.runOnce()).toBe(1);
    expect(await db().job.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "succeeded", attempts: 2 });
    const attempts = await attemptsOf(id);
    expect(attempts.map((a) => [a.attempt, a.workerId, a.outcome])).toEqual([
      [1, "dead-worker", "interrupted"],
      [2, "fresh", "succeeded"],
    ]);
    expect(attempts[0]!.endedAt).toBeInstanceOf(Date);
  });

  it("moves an expired job with no attempts left to dead instead of running it again", async () => {
    const { id } = await enqueue("test.noop", {}, { maxAttempts: 2 });
    await db().job.update({ where: { id }, data: { status: "running", attempts: 2, lockedBy: "dead-worker", leaseUntil: new Date(Date.now() - 1000) } });
    await db().jobAttempt.create({ data: { jobId: id, attempt: 2, workerId: "dead-worker" } });

    let ran = false;
    const w = worker({ "test.noop": async () => void (ran = true) });
    expect(await w.runOnce()).toBe(0);
    expect(ran).toBe(false);
    const job = await db().job.findUniqueOrThrow({ where: { id } });
    expect(job).toMatchObject({ status: "dead", attempts: 2, leaseUntil: null });
    expect(job.lastError).toMatch(/stopped renewing its lease/);
    expect((await attemptsOf(id)).map((a) => a.outcome)).toEqual(["interrupted"]);
  });

  it("does not let a worker that lost its lease overwrite the new holder's outcome", async () => {
    const holding = deferred();
    const release = deferred();
    const slow = worker(
      { "test.job": async () => { holding.resolve(); await release.promise; throw new Error("late failure"); } },
      { workerId: "slow", leaseSeconds: 3600 },
    );
    const fast = worker({ "test.job": async () => {} }, { workerId: "fast" });
    const { id } = await enqueue("test.job");
    const slowRun = slow.runOnce();
    await holding.promise;
    // The slow worker froze past its lease (simulated by expiring it) and the fast one takes over.
    await db().job.update({ where: { id }, data: { leaseUntil: new Date(Date.now() - 1000) } });
    expect(await fast.runOnce()).toBe(1);
    release.resolve();
    await slowRun;

    expect(await db().job.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "succeeded", attempts: 2, lastError: null });
    expect((await attemptsOf(id)).map((a) => [a.workerId, a.outcome])).toEqual([
      ["slow", "interrupted"],
      ["fast", "succeeded"],
    ]);
  });

  it("drains due jobs when started, and stop() waits for the running ones", async () => {
    const ids = new Set<string>();
    const all = deferred();
    const gate = deferred();
    const w = worker(
      {
        "test.count": async (job) => {
          if (job.payload && (job.payload as { last?: boolean }).last) await gate.promise;
          ids.add(job.id);
          if (ids.size === 30) all.resolve();
        },
      },
      { concurrency: 3 },
    );
    for (let i = 0; i < 29; i++) await enqueue("test.count", { i });
    const { id: lastId } = await enqueue("test.count", { last: true });
    w.start();
    await pollUntil(async () => (await db().job.count({ where: { status: "succeeded" } })) === 29, { what: "29 jobs to succeed" });
    const stopping = w.stop();
    gate.resolve();
    await stopping;
    await all.promise;
    expect(await db().job.findUniqueOrThrow({ where: { id: lastId } })).toMatchObject({ status: "succeeded" });
    expect(await db().job.count({ where: { status: { not: "succeeded" } } })).toBe(0);
  });

  it("stop() gives up on a hung handler after the grace period and stops renewing its lease", async () => {
    const running = deferred();
    let aborted = false;
    const w = worker(
      {
        "test.hang": (job) => {
          running.resolve();
          job.signal.addEventListener("abort", () => (aborted = true));
          return new Promise<never>(() => {});
        },
      },
      { leaseSeconds: 1 },
    );
    const { id } = await enqueue("test.hang");
    w.start();
    await running.promise;
    await w.stop({ graceMs: 10 });
    expect(aborted).toBe(true);
    // The job stays claimed until its lease lapses; then any worker takes it over.
    const job = await db().job.findUniqueOrThrow({ where: { id } });
    expect(job.status).toBe("running");
    const leaseAtStop = job.leaseUntil!.getTime();
    await pollUntil(async () => (await db().$queryRawUnsafe<{ expired: boolean }[]>("SELECT now() > $1::timestamptz AS expired", new Date(leaseAtStop)))[0]!.expired, {
      what: "the lease to lapse",
    });
    expect((await db().job.findUniqueOrThrow({ where: { id } })).leaseUntil!.getTime()).toBe(leaseAtStop);
  });

  it("wake() runs a newly committed job without waiting for the poll interval", async () => {
    const first = deferred<string>();
    const second = deferred<string>();
    const w = worker(
      { "test.wake": async (job) => ((job.payload as { n: number }).n === 1 ? first : second).resolve(job.id) },
      { pollMs: 60_000 },
    );
    await enqueue("test.wake", { n: 1 });
    w.start();
    // Once the first poll's job runs, the loop has gone to sleep for a minute (fewer jobs than slots).
    await first.promise;
    const { id } = await enqueue("test.wake", { n: 2 });
    wakeWorkers();
    expect(await second.promise).toBe(id);
  });

  it("gives each job type its own slots: slow jobs of one type never hold back another", async () => {
    const gate = deferred();
    const fast = deferred<string>();
    let slowStarted = 0;
    const w = worker(
      {
        "test.slow": async () => {
          slowStarted++;
          await gate.promise;
        },
        "test.fast": async (job) => fast.resolve(job.id),
      },
      { concurrency: 2 },
    );
    for (let i = 0; i < 4; i++) await enqueue("test.slow", { i });
    const { id } = await enqueue("test.fast");
    w.start();
    // Both slow slots stay busy until the gate opens; the fast job runs meanwhile.
    expect(await fast.promise).toBe(id);
    expect(slowStarted).toBe(2);
    gate.resolve();
    await pollUntil(async () => (await db().job.count({ where: { status: "succeeded" } })) === 5, { what: "all five jobs to succeed" });
  });

  it("a full type claims its next job as soon as a slot frees, not at the next poll", async () => {
    const all = deferred();
    let done = 0;
    const w = worker(
      {
        "test.count": async () => {
          if (++done === 7) all.resolve();
        },
      },
      { concurrency: 2, pollMs: 60_000 },
    );
    for (let i = 0; i < 7; i++) await enqueue("test.count", { i });
    w.start();
    await all.promise;
    expect(done).toBe(7);
  });

  it("retryDeadJob gives a dead job a fresh budget and keeps its attempt history", async () => {
    const { id } = await enqueue("test.later", {}, { maxAttempts: 1 });
    await worker({}).runOnce(); // no handler yet: dead
    expect(await db().job.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "dead", attempts: 1 });

    expect(await retryDeadJob(id)).toBe(true);
    expect(await retryDeadJob(id)).toBe(false); // not dead any more
    expect(await retryDeadJob("00000000-0000-0000-0000-000000000000")).toBe(false);
    expect(await db().job.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "pending", attempts: 1, maxAttempts: 6 });

    await worker({ "test.later": async () => {} }).runOnce();
    expect(await db().job.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "succeeded", attempts: 2 });
    expect((await attemptsOf(id)).map((a) => [a.attempt, a.outcome])).toEqual([
      [1, "failed"],
      [2, "succeeded"],
    ]);
  });

  it("lists jobs for the admin console by status and type, newest first", async () => {
    const { id: deadId } = await enqueue("test.c", {}, { maxAttempts: 1 });
    await worker({}).runOnce();
    for (let i = 0; i < 3; i++) await enqueue("test.a", { i });
    await worker({ "test.a": async () => {} }).runOnce();
    await enqueue("test.b");

    const all = await listJobs({ take: 2 });
    expect(all.total).toBe(5);
    expect(all.jobs).toHaveLength(2);
    expect(all.jobs[0]).not.toHaveProperty("payload");
    const page2 = await listJobs({ take: 2, skip: 2 });
    expect(new Set([...all.jobs, ...page2.jobs].map((j) => j.id)).size).toBe(4);

    expect((await listJobs({ status: "succeeded", take: 10 })).total).toBe(3);
    expect((await listJobs({ type: "test.b", take: 10 })).jobs.map((j) => j.status)).toEqual(["pending"]);
    const dead = await listJobs({ status: "dead", take: 10 });
    expect(dead.jobs.map((j) => j.id)).toEqual([deadId]);

    const detail = await getJob(deadId);
    expect(detail?.attemptLog.map((a) => a.outcome)).toEqual(["failed"]);
    expect(detail?.payload).toEqual({});
    expect(await getJob("00000000-0000-0000-0000-000000000000")).toBeNull();
  });

  // Several workers in parallel is the PostgreSQL mode (PGlite is one connection in one process).
  if (kind === "postgres") {
    it("two workers with their own pools racing over 200 jobs run each job exactly once", async () => {
      const other = await openDatabase(t.db().target);
      try {
        const runs = new Map<string, string[]>();
        const done = deferred();
        const handler = (name: string) => async (job: JobContext) => {
          runs.set(job.id, [...(runs.get(job.id) ?? []), name]);
          await new Promise((r) => setImmediate(r));
          if (runs.size === 200) done.resolve();
        };
        await db().job.createMany({ data: Array.from({ length: 200 }, (_, i) => ({ type: "test.race", payload: { i }, updatedAt: new Date() })) });
        const a = worker({ "test.race": handler("a") }, { workerId: "a", pollMs: 5 });
        const b = createWorker({ handlers: { "test.race": handler("b") }, database: other, workerId: "b", pollMs: 5, logger: silentLogger });
        a.start();
        b.start();
        await done.promise;
        await Promise.all([a.stop(), b.stop()]);

        expect(runs.size).toBe(200);
        expect([...runs.values()].filter((who) => who.length !== 1)).toEqual([]);
        const byWorker = [...runs.values()].flat().reduce<Record<string, number>>((n, w) => ({ ...n, [w]: (n[w] ?? 0) + 1 }), {});
        // Both took part, so the claims really contended.
        expect(byWorker.a).toBeGreaterThan(0);
        expect(byWorker.b).toBeGreaterThan(0);
        expect(await db().job.count({ where: { status: "succeeded", attempts: 1 } })).toBe(200);
        expect(await db().jobAttempt.count({ where: { outcome: "succeeded" } })).toBe(200);
        expect(await db().jobAttempt.count()).toBe(200);
      } finally {
        await other.close();
      }
    });

    it("a worker killed with SIGKILL mid-job: the job is taken over after its lease and succeeds", async () => {
      const { id } = await enqueue("test.block");
      const child = spawn(
        process.execPath,
        ["--import", "tsx", path.join(REPO, "lib/jobs/testing/blocking-worker.ts"), JSON.stringify(t.db().target), "1"],
        { cwd: REPO, stdio: ["ignore", "pipe", "inherit"], env: process.env },
      );
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
      try {
        // The child reports the job it holds once its claim has committed.
        const lines = readline.createInterface({ input: child.stdout! });
        const running = await new Promise<string>((resolve, reject) => {
          lines.on("line", (line) => line.startsWith("running ") && resolve(line));
          child.once("exit", (code) => reject(new Error(`blocking worker exited early (${code})`)));
        });
        expect(running).toBe(`running ${id} 1`);
        const [attempt] = await attemptsOf(id);
        expect(attempt).toMatchObject({ outcome: "running", workerId: `blocking-worker:${child.pid}` });

        process.kill(child.pid!, "SIGKILL");
        expect(await exited).toBe("SIGKILL");

        const ran = deferred();
        const fresh = worker({ "test.block": async () => ran.resolve() }, { workerId: "fresh", leaseSeconds: 1, pollMs: 20 });
        fresh.start();
        await ran.promise; // only possible once the dead worker's lease has lapsed
        await fresh.stop();

        expect(await db().job.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "succeeded", attempts: 2, lockedBy: null });
        expect((await attemptsOf(id)).map((a) => [a.attempt, a.workerId, a.outcome])).toEqual([
          [1, `blocking-worker:${child.pid}`, "interrupted"],
          [2, "fresh", "succeeded"],
        ]);
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      }
    });
  }
});
