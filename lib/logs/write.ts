import crypto from "node:crypto";
import { prisma, sql, type Prisma, type Sql } from "@/lib/db";
import { LOG_TYPES, type LogType } from "./types";
import { redactDetails, storableText } from "./redact";

export type LogInput = {
  type: LogType;
  userId?: string | null;
  userName?: string | null;
  connectionId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  description?: string;
  details?: Record<string, unknown>;
};

type Writer = Pick<Prisma.TransactionClient, "logEvent">;

// Sortable like Auth0's log_id: a fixed prefix, the time, then randomness.
function newLogId(): string {
  return `90020${Date.now().toString().padStart(14, "0")}${crypto.randomBytes(8).toString("hex")}`;
}

function storableOrNull(value: string | null | undefined): string | null {
  return value == null ? null : storableText(value);
}

function logRow(input: LogInput) {
  return {
    id: newLogId(),
    type: input.type,
    userId: input.userId ?? null,
    userName: storableOrNull(input.userName),
    connectionId: input.connectionId ?? null,
    ip: storableOrNull(input.ip?.slice(0, 64)),
    userAgent: storableOrNull(input.userAgent?.slice(0, 512)),
    description: storableText((input.description ?? LOG_TYPES[input.type]).slice(0, 1000)),
    details: redactDetails(input.details ?? {}) as Prisma.InputJsonValue,
  };
}

/** Writes one tenant log event, inside the caller's transaction when one is given. */
export async function writeLog(input: LogInput, tx?: Writer): Promise<void> {
  const client: Writer = tx ?? (await prisma());
  await client.logEvent.create({ data: logRow(input) });
}

/**
 * The same event as an INSERT statement, for a caller that writes it together with other changes
 * in one statement (a data-modifying WITH): one round trip instead of several on a hot path.
 */
export function logInsertSql(input: LogInput): Sql {
  const row = logRow(input);
  return sql`INSERT INTO log_events (id, type, date, user_id, user_name, connection_id, ip, user_agent, description, details)
    VALUES (${row.id}, ${row.type}, now(), ${row.userId}, ${row.userName}, ${row.connectionId}, ${row.ip}, ${row.userAgent}, ${row.description}, ${JSON.stringify(row.details)}::jsonb)`;
}
