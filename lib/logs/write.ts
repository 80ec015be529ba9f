import crypto from "node:crypto";
import { prisma, type Prisma } from "@/lib/db";
import { LOG_TYPES, type LogType } from "./types";
import { redactDetails } from "./redact";

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

/** Writes one tenant log event, inside the caller's transaction when one is given. */
export async function writeLog(input: LogInput, tx?: Writer): Promise<void> {
  const client: Writer = tx ?? (await prisma());
  await client.logEvent.create({
    data: {
      id: newLogId(),
      type: input.type,
      userId: input.userId ?? null,
      userName: input.userName ?? null,
      connectionId: input.connectionId ?? null,
      ip: input.ip?.slice(0, 64) ?? null,
      userAgent: input.userAgent?.slice(0, 512) ?? null,
      description: (input.description ?? LOG_TYPES[input.type]).slice(0, 1000),
      details: redactDetails(input.details ?? {}) as Prisma.InputJsonValue,
    },
  });
}
