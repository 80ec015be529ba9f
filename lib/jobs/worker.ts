import os from "node:os";
import crypto from "node:crypto";
import { config } from "@/lib/config";
import { database, type Database } from "@/lib/db";
import { backoffSeconds, type BackoffOptions } from "./backoff";
import { describeError, PermanentJobError } from "./errors";
import { consoleLogger } from "./log";
import { claimJobs, completeJob, failJob, renewLease, tablesFor, type ClaimedJob, type ClaimLane, type Tables } from "./sql";
import type { JobContext, JobHandlers, JobResult, WorkerLogger } from "./types";
import { processWide } from "@/lib/process-wide";

export type WorkerOptions = {
  /** Handlers by job type. A claimed job whose type has no handler goes to `dead` at once. */
  handlers: JobHandlers;
  /**
   * Name recorded in `jobs.locked_by` and `job_attempts.worker_id`; must be unique per running worker.
   * @default "<hostname>:<pid>:<random>"
   */
  workerId?: string;
  /**
   * Idle polling interval in ms (a poll also happens on `wake()` and whenever a slot frees while
   * jobs are waiting).
   * @default config().WORKER_POLL_MS (250)
   */
  pollMs?: number;
  /**
   * Lease length in seconds. The lease is renewed every leaseSeconds/3 while a handler runs, so
   * only a dead or frozen worker lets it lapse; a lapsed lease makes the job claimable again.
   * @default config().JOB_LEASE_SECONDS (60)
   */
  leaseSeconds?: number;
  /**
   * Jobs of one type run at once by this worker. Each type has its own slots, so slow jobs of one
   * type (post-change Actions calling a slow webhook) never hold back another (a reset email).
   * @default 4
   */
  concurrency?: number;
  /**
   * Wall-clock limit of one attempt in seconds. A handler still running then fails the attempt
   * (its signal is aborted) and the job is retried, so a hung handler cannot renew its lease forever.
   * @default 300
   */
  timeoutSeconds?: number;
  /** Retry delays. @default { baseSeconds: 1, maxSeconds: 3600 } */
  backoff?: BackoffOptions;
  /** Database to use. @default the process database (`database()` from lib/db) */
  database?: Database;
  /** @default console, filtered by LOG_LEVEL */
  logger?: WorkerLogger;
};

export type StopOptions = {
  /**
   * How long `stop()` waits for running jobs, in ms. Leases are renewed while it waits; after it,
   * renewals stop, handlers' signals are aborted and their leases lapse, so another worker takes
   * the jobs over. Waiting longer than one lease is pointless for that reason.
   * @default leaseSeconds × 1000
   */
  graceMs?: number;
};

export type Worker = {
  readonly id: string;
  /** Starts the polling loop (idempotent). */
  start(): void;
  /** Stops claiming, waits for running jobs (see StopOptions), then stops renewing leases. */
  stop(options?: StopOptions): Promise<void>;
  /** Claims due jobs once (up to `concurrency`), runs them, resolves with how many ran. For tests and tools; not while started. */
  runOnce(): Promise<number>;
  /** Polls now instead of at the next interval (call after committing a transaction that enqueued). */
  wake(): void;
};

const DEFAULT_CONCURRENCY = 4;
/** The lane of every job type this worker has no handler for. */
const OTHER_TYPES = "*";
const DEFAULT_TIMEOUT_SECONDS = 300;
const MAX_ERROR_NAP_MS = 30_000;

function registry(): Set<Worker> {
  return processWide("jobs.workers", () => new Set<Worker>());
}

type AfterResponse = (task: () => void) => void;
let loadingAfter: Promise<AfterResponse | undefined> | undefined;

/**
 * Next's `after`, imported on first use rather than at load: outside Next's runtime (the custom
 * server's own copy of lib/ before Next starts, the standalone worker) next/server cannot load.
 */
function nextAfter(): Promise<AfterResponse | undefined> {
  loadingAfter ??= import("next/server").then(
    (m) => m.after as AfterResponse,
    () => undefined,
  );
  return loadingAfter;
}

/**
 * Wakes every worker started in this process, so a job enqueued by a request runs right after the
 * request instead of at the next poll. Call it after the commit, never inside the transaction (the
 * worker would not see the uncommitted row yet).
 *
 * Within a request the wake waits until the response is sent (Next's `after`): the in-process
 * worker runs on this thread, and composing the notice email while the answer was still being
 * rendered slowed every password change (reset submit p50 71–75 → 59–60 ms on 2 cores). Outside a
 * request (tests, tools) it wakes them at once. e2e-production/wake.spec.ts checks that the
 * deferred wake does come.
 */
export function wakeWorkers(): void {
  const wake = () => {
    for (const worker of registry()) worker.wake();
  };
  void nextAfter().then((after) => {
    try {
      if (after) return after(wake);
    } catch {
      // Not in a request.
    }
    wake();
  });
}

export function createWorker(options: WorkerOptions): Worker {
  const cfg = config();
  const id = options.workerId ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
  const pollMs = options.pollMs ?? cfg.WORKER_POLL_MS;
  const leaseSeconds = options.leaseSeconds ?? cfg.JOB_LEASE_SECONDS;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
  const timeoutMs = (options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const log = options.logger ?? consoleLogger();
  const handlers = new Map(Object.entries(options.handlers));

  let db: Database | undefined = options.database;
  let tables: Tables | undefined;
  async function store() {
    db ??= await database();
    tables ??= tablesFor(db.target);
    return { prisma: db.prisma, t: tables };
  }

  const active = new Set<Promise<void>>();
  /** Running jobs per lane: a handled type, or OTHER_TYPES for the types without a handler. */
  const running = new Map<string, number>();
  /** Lanes whose last claim filled them: a job of theirs finishing should claim again at once. */
  const saturated = new Set<string>();
  const laneOf = (type: string) => (handlers.has(type) ? type : OTHER_TYPES);
  // Jobs without a handler only go to `dead`: one at a time is plenty.
  const freeIn = (lane: string) => (lane === OTHER_TYPES ? 1 : concurrency) - (running.get(lane) ?? 0);
  /** Per running job: stops its heartbeat and aborts its handler. */
  const releases = new Set<(reason: string) => void>();
  let started = false;
  let stopping = false;
  /** Set once stop() has given up on stragglers: their late results must not touch the database. */
  let detached = false;
  let loopDone: Promise<void> | undefined;

  // One pending nap at a time; `kick` ends it early. `waitingForSlot` means every slot was busy,
  // so a finishing job should trigger the next claim right away.
  let kick: (() => void) | undefined;
  let waitingForSlot = false;
  function nap(ms: number): Promise<void> {
    // stop() kicks a pending nap; one that starts after it (the loop was claiming) ends at once.
    if (stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
      function done() {
        if (timer) clearTimeout(timer);
        kick = undefined;
        resolve();
      }
      kick = done;
    });
  }

  function freeLanes(): ClaimLane[] {
    // Finding the unhandled types scans every due job, so it waits while a backlog is drained.
    const lanes = saturated.size > 0 ? [...handlers.keys()] : [...handlers.keys(), OTHER_TYPES];
    return lanes
      .map((lane) => ({ type: lane === OTHER_TYPES ? null : lane, limit: freeIn(lane) }))
      .filter(({ limit }) => limit > 0);
  }

  async function claim(lanes: ClaimLane[]): Promise<ClaimedJob[]> {
    const { prisma, t } = await store();
    return claimJobs(prisma, t, { workerId: id, lanes, leaseSeconds });
  }

  function track(job: ClaimedJob) {
    const lane = laneOf(job.type);
    running.set(lane, (running.get(lane) ?? 0) + 1);
    const run = execute(job).finally(() => {
      active.delete(run);
      running.set(lane, (running.get(lane) ?? 1) - 1);
      if (waitingForSlot || saturated.has(lane)) kick?.();
    });
    active.add(run);
  }

  async function execute(job: ClaimedJob): Promise<void> {
    const { prisma, t } = await store();
    const lease = { id: job.id, workerId: id, attempt: job.attempt, attemptId: job.attemptId };
    const controller = new AbortController();
    let settled = false;

    // Heartbeat: keep the lease while the handler runs. If the lease was lost anyway (this process
    // was frozen longer than a lease), another worker owns the job now: tell the handler to stop.
    const heartbeat = setInterval(() => {
      renewLease(prisma, t, lease, leaseSeconds).then(
        (held) => {
          if (!held && !settled) {
            release("the lease was lost to another worker");
          }
        },
        (error: unknown) => log.warn(`could not renew the lease of job ${job.id}: ${describeError(error)}`),
      );
    }, (leaseSeconds * 1000) / 3);
    heartbeat.unref();
    let releaseAbandon: (() => void) | undefined;
    const abandoned = new Promise<never>((_, reject) => {
      releaseAbandon = () => reject(new Error("The worker stopped before the job finished."));
    });
    abandoned.catch(() => {});
    function release(reason: string) {
      clearInterval(heartbeat);
      if (!controller.signal.aborted) controller.abort(new Error(reason));
    }
    const releaseForStop = (reason: string) => {
      release(reason);
      releaseAbandon?.();
    };
    releases.add(releaseForStop);

    let timeout: NodeJS.Timeout | undefined;
    try {
      const handler = handlers.get(job.type);
      let result: void | JobResult;
      try {
        if (!handler) {
          throw new PermanentJobError(`No handler is registered for job type "${job.type}" in this worker.`);
        }
        if (job.attempt > job.maxAttempts) {
          // Only reachable when someone lowered a pending job's maxAttempts below its attempts by hand.
          throw new PermanentJobError(`Attempt ${job.attempt} exceeds the job's limit of ${job.maxAttempts}.`);
        }
        const context: JobContext = {
          id: job.id,
          type: job.type,
          payload: job.payload,
          attempt: job.attempt,
          maxAttempts: job.maxAttempts,
          signal: controller.signal,
        };
        const timedOut = new Promise<never>((_, reject) => {
          timeout = setTimeout(() => {
            const error = new Error(`The attempt timed out after ${timeoutMs / 1000} s.`);
            // Reject before aborting: a handler that returns as soon as it is aborted must not win the race.
            reject(error);
            controller.abort(error);
          }, timeoutMs);
        });
        result = await Promise.race([handler(context), timedOut, abandoned]);
      } catch (error) {
        settled = true;
        release("the attempt ended");
        if (detached) return;
        const permanent = error instanceof PermanentJobError;
        const message = describeError(error);
        const outcome = await failJob(prisma, t, lease, {
          error: message,
          permanent,
          delaySeconds: backoffSeconds(job.attempt, options.backoff),
        });
        if (outcome.status === "dead") {
          log.error(`job ${job.id} (${job.type}) is dead after attempt ${job.attempt}: ${message}`);
        } else if (outcome.status === "pending") {
          log.warn(`job ${job.id} (${job.type}) attempt ${job.attempt} failed, retry at ${outcome.runAt.toISOString()}: ${message}`);
        } else {
          log.warn(`job ${job.id} (${job.type}) attempt ${job.attempt} failed after its lease was taken over: ${message}`);
        }
        return;
      }
      settled = true;
      release("the attempt ended");
      if (detached) return;
      const held = await completeJob(prisma, t, lease, result ? result.payload : undefined);
      if (!held) {
        log.warn(`job ${job.id} (${job.type}) attempt ${job.attempt} succeeded after its lease was taken over`);
      }
    } catch (error) {
      // Recording the outcome failed (database unreachable): the lease lapses and the job runs again.
      log.error(`could not record the outcome of job ${job.id}: ${describeError(error)}`);
    } finally {
      clearTimeout(timeout);
      release("the attempt ended");
      releases.delete(releaseForStop);
    }
  }

  async function loop(): Promise<void> {
    let failures = 0;
    while (!stopping) {
      const lanes = freeLanes();
      if (lanes.length === 0) {
        waitingForSlot = true;
        await nap(Number.POSITIVE_INFINITY);
        waitingForSlot = false;
        continue;
      }
      let claimed: ClaimedJob[];
      try {
        claimed = await claim(lanes);
        failures = 0;
      } catch (error) {
        failures++;
        log.error(`claiming jobs failed: ${describeError(error)}`);
        await nap(Math.min(pollMs * 2 ** Math.min(failures, 10), MAX_ERROR_NAP_MS));
        continue;
      }
      for (const job of claimed) track(job);
      // A lane that came back full may have more due: the next claim comes as soon as one of its
      // jobs finishes, not at the next poll.
      saturated.clear();
      for (const { type, limit } of lanes) {
        const lane = type ?? OTHER_TYPES;
        if (claimed.filter((job) => laneOf(job.type) === lane).length === limit) saturated.add(lane);
      }
      // One of them may have freed a slot while this claim ran.
      if ([...saturated].some((lane) => freeIn(lane) > 0)) continue;
      await nap(pollMs);
    }
  }

  const worker: Worker = {
    id,
    start() {
      if (started) return;
      if (stopping) throw new Error("This worker was stopped; create a new one.");
      started = true;
      registry().add(worker);
      loopDone = loop();
    },
    async stop(stopOptions = {}) {
      if (stopping) return;
      stopping = true;
      registry().delete(worker);
      kick?.();
      await loopDone;
      const graceMs = stopOptions.graceMs ?? leaseSeconds * 1000;
      if (active.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        const gaveUp = await Promise.race([
          Promise.allSettled([...active]).then(() => false),
          new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), graceMs))),
        ]);
        clearTimeout(timer);
        if (gaveUp) {
          log.warn(`stopped with ${active.size} job(s) still running; their leases will lapse and another worker will take them over`);
          detached = true;
          for (const release of [...releases]) release("the worker is stopping");
        }
      }
    },
    async runOnce() {
      if (started) throw new Error("runOnce() cannot be used while the worker is started.");
      const claimed = await claim(freeLanes());
      for (const job of claimed) track(job);
      await Promise.allSettled([...active]);
      return claimed.length;
    },
    wake() {
      kick?.();
    },
  };
  return worker;
}
