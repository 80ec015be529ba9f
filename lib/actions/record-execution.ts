import crypto from "node:crypto";
import { database } from "@/lib/db";
import type { ExecutionResult } from "./sandbox";
import type { Trigger } from "./triggers";

export type ExecutionRecord = {
  trigger: Trigger;
  actionName: string;
  /** What the execution is recorded under (a sign-in's interaction, a reset flow, a job). */
  deliveryId: string;
  userId: string | null;
  startedAt: Date;
  result: ExecutionResult;
};

/**
 * The `action_executions` row of one finished execution of a blocking trigger. Written on the
 * driver in one statement: it sits on every sign-in's path with a post-login Action, where a
 * Prisma create costs three times a plain INSERT (0.7 against 0.2 ms on the embedded database).
 */
export async function recordExecution(record: ExecutionRecord): Promise<void> {
  const { result } = record;
  const db = await database();
  await db.executeOnDriver(
    `INSERT INTO action_executions (id, trigger, action_name, kind, delivery_id, status, started_at, ended_at, duration_ms, logs, error, commands, user_id)
     VALUES ($1, $2, $3, 'action', $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12)`,
    [
      crypto.randomUUID(),
      record.trigger,
      record.actionName,
      record.deliveryId,
      result.ok ? "succeeded" : "failed",
      record.startedAt,
      new Date(),
      Math.round(result.durationMs),
      result.logs,
      result.error ? `${result.error.kind}: ${result.error.message}` : null,
      JSON.stringify(result.commands),
      record.userId,
    ],
  );
}
