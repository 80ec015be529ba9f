import crypto from "node:crypto";
import { sql, type Sql } from "@/lib/db";
import { SESSION_LIFETIME_SECONDS } from "./lifetime";

export type NewSession = {
  /** Random; it travels only inside the encrypted session token. */
  id: string;
  userId: string;
  expiresAt: Date;
  ip: string;
  userAgent?: string;
};

/** The row of a session that starts now, for `startSessionSql`. */
export function newSession(userId: string, ctx: { ip: string; userAgent?: string }, now = Date.now()): NewSession {
  return { id: crypto.randomUUID(), userId, expiresAt: new Date(now + SESSION_LIFETIME_SECONDS * 1000), ip: ctx.ip, ...(ctx.userAgent ? { userAgent: ctx.userAgent } : {}) };
}

/**
 * The statements that start a session, for the sign-in's one data-modifying WITH: the new row,
 * inserted only when `onlyIf` holds (the sign-in's own write succeeded), and the user's expired
 * rows swept, so they never pile up without a sweeper job. An ended row stays until it expires:
 * it is what refuses a copied token meanwhile.
 */
export function startSessionSql(session: NewSession, onlyIf: Sql): { insert: Sql; sweep: Sql } {
  return {
    insert: sql`INSERT INTO sessions (id, user_id, expires_at, ip, user_agent)
      SELECT ${session.id}::text, ${session.userId}::text, ${session.expiresAt}::timestamptz, ${session.ip}::text, ${session.userAgent ?? null}::text WHERE ${onlyIf}`,
    sweep: sql`DELETE FROM sessions WHERE user_id = ${session.userId} AND expires_at < now()`,
  };
}
