import crypto from "node:crypto";
import { actionSecrets } from "@/lib/config";
import { prisma, type Prisma } from "@/lib/db";
import { PermanentJobError, type JobContext } from "@/lib/jobs";
import { writeLog, type LogType } from "@/lib/logs";
import { applyCacheCommands, loadCacheSnapshot } from "./cache";
import { discoverActions, type ActionFile } from "./discover";
import { executeAction, executeHook, type ExecutionResult } from "./sandbox";
import type { Trigger } from "./triggers";

/** What one asynchronous trigger's delivery needs to know about itself. */
export type AsyncDelivery = {
  trigger: Trigger;
  exportName: string;
  /** The event for one file (its secrets differ per file). */
  event: (secrets: Record<string, string>) => unknown;
  /** Legacy Hook arguments, for triggers that run Hooks. */
  hookArgs?: (secrets: Record<string, string>) => { user: unknown; context: unknown };
  /** The tenant log entry a failed execution writes (Auth0: `fcph` for post-change-password). */
  failureLog: { type: LogType; userId: string; userName?: string | null; connectionId: string; ip?: string; userAgent?: string };
};

const INTERRUPTED = "Interrupted: the worker running this execution stopped before it finished.";

/**
 * One delivery job of an asynchronous trigger (post-change-password, post-user-registration): runs
 * every Hook, then every Action, each in file-name order and each in the sandbox, and records each
 * execution in `action_executions` (delivery id = job id).
 *
 * Retries: a retry runs only what has not succeeded yet in this delivery. Any failure fails the
 * attempt (the job is retried with backoff) unless every failed file has used its own attempts
 * (`exports.rekey = { maxAttempts }`), in which case the job goes to `dead` at once, naming them.
 */
export async function deliverAsyncTrigger(job: JobContext, delivery: AsyncDelivery): Promise<void> {
  const db = await prisma();
  // An attempt whose worker died left its executions "running": they did not finish.
  await db.actionExecution.updateMany({
    where: { deliveryId: job.id, status: "running" },
    data: { status: "failed", endedAt: new Date(), error: INTERRUPTED },
  });
  const history = await db.actionExecution.groupBy({
    by: ["actionName", "status"],
    where: { deliveryId: job.id },
    _count: { _all: true },
  });
  const succeeded = new Set(history.filter((h) => h.status === "succeeded").map((h) => h.actionName));
  const failures = new Map(history.filter((h) => h.status === "failed").map((h) => [h.actionName, h._count._all]));

  const files = await discoverActions(delivery.trigger);
  // Hooks run before Actions (Auth0: "Active Hooks run before deployed Actions"); each group keeps
  // file-name order. A file that failed to load counts as an Action.
  const ordered = [...files.filter((f) => f.kind === "hook"), ...files.filter((f) => f.kind !== "hook")];

  const failedNow: Array<{ file: ActionFile; retryable: boolean }> = [];
  const exhausted: ActionFile[] = [];
  for (const file of ordered) {
    if (succeeded.has(file.name)) continue;
    const budget = Math.min(file.options.maxAttempts ?? job.maxAttempts, job.maxAttempts);
    const failedBefore = failures.get(file.name) ?? 0;
    if (failedBefore >= budget) {
      exhausted.push(file);
      continue;
    }
    if (job.signal.aborted) throw job.signal.reason instanceof Error ? job.signal.reason : new Error("The delivery was stopped.");
    const result = await runOne(job, file, delivery);
    if (!result.ok) failedNow.push({ file, retryable: failedBefore + 1 < budget });
  }

  if (failedNow.length === 0 && exhausted.length === 0) return;
  const names = (list: ActionFile[]) => list.map((f) => f.name).join(", ");
  const retryable = failedNow.filter((f) => f.retryable).map((f) => f.file);
  const final = [...exhausted, ...failedNow.filter((f) => !f.retryable).map((f) => f.file)];
  if (retryable.length > 0) {
    throw new Error(
      `${delivery.trigger}: ${failedNow.length} execution(s) failed (${names(failedNow.map((f) => f.file))}); ` +
        `the retry runs only what has not succeeded.`,
    );
  }
  throw new PermanentJobError(`${delivery.trigger}: ${names(final)} failed and will not be retried (no attempts left).`);
}

async function runOne(job: JobContext, file: ActionFile, delivery: AsyncDelivery): Promise<ExecutionResult> {
  const db = await prisma();
  const { trigger, failureLog } = delivery;
  const kind = file.kind ?? "action";
  const secrets = actionSecrets(file.name);
  // Recorded only while this attempt still holds the job (its attempt number is the lease's fencing
  // token). FOR SHARE makes a takeover's claim wait for this insert: either the newer attempt sees
  // this execution "running" and closes it as interrupted, or this attempt sees it lost the job and
  // starts nothing. A worker that stalled between two files cannot run the next one a second time.
  const execution = { id: crypto.randomUUID() };
  const recorded = await db.$executeRaw`
    INSERT INTO action_executions (id, trigger, action_name, kind, delivery_id, attempt, status, user_id)
    SELECT ${execution.id}, ${trigger}, ${file.name}, ${kind}, ${job.id}, ${job.attempt}, 'running', ${failureLog.userId}
    FROM (SELECT 1 FROM jobs WHERE id = ${job.id} AND attempts = ${job.attempt} AND status = 'running' FOR SHARE) AS current_attempt`;
  if (recorded === 0) {
    throw new Error(`Attempt ${job.attempt} no longer holds the delivery (a newer attempt took it over); ${file.name} was not started.`);
  }

  let result: ExecutionResult;
  if (file.loadError) {
    result = { ok: false, commands: [], logs: "", error: { kind: "load", message: file.loadError }, durationMs: 0 };
  } else if (kind === "hook" && delivery.hookArgs) {
    const args = delivery.hookArgs(secrets);
    result = await executeHook({ trigger, file: file.path, user: args.user, context: args.context, secrets, signal: job.signal });
  } else {
    result = await executeAction({
      trigger,
      file: file.path,
      exportName: delivery.exportName,
      event: delivery.event(secrets),
      cacheSnapshot: await loadCacheSnapshot(trigger),
      secrets,
      signal: job.signal,
    });
  }

  // Cache writes an Action made before failing still happened, as in Auth0.
  if (result.commands.length) {
    await applyCacheCommands(trigger, result.commands).catch((error: unknown) => {
      result.logs += `\n[rekey] applying api.cache changes failed: ${(error as Error).message}`;
    });
  }
  const error = result.error ? `${result.error.kind}: ${result.error.message}` : null;
  // Conditional on "running": if this worker stalled past its lease, the attempt that took the job
  // over has already closed this execution as interrupted and may have run the file again. Its
  // record stands (one success per delivery), and this attempt stops here rather than run the next
  // files a second time.
  const closed = await db.actionExecution.updateMany({
    where: { id: execution.id, status: "running" },
    data: {
      status: result.ok ? "succeeded" : "failed",
      endedAt: new Date(),
      durationMs: result.durationMs,
      logs: result.logs,
      error,
      commands: result.commands as unknown as Prisma.InputJsonValue,
    },
  });
  if (closed.count === 0) {
    throw new Error(`Attempt ${job.attempt} was taken over by a newer attempt while ${file.name} ran; it stops here.`);
  }
  if (!result.ok) {
    await writeLog({
      type: failureLog.type,
      userId: failureLog.userId,
      userName: failureLog.userName,
      connectionId: failureLog.connectionId,
      ip: failureLog.ip,
      userAgent: failureLog.userAgent,
      description: `${kind === "hook" ? "Hook" : "Action"} ${file.name} failed: ${result.error?.message ?? "unknown error"}`.slice(0, 1000),
      details: { trigger, action: file.name, kind, deliveryId: job.id, attempt: job.attempt, executionId: execution.id, error, logs: result.logs },
    });
  }
  return result;
}
