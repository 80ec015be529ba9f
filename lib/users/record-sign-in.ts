import { prisma, sql } from "@/lib/db";
import { logInsertSql, type LogInput } from "@/lib/logs";
import { resetRateLimitSql } from "@/lib/security";
import { startSessionSql, type NewSession } from "@/lib/sessions";

export type SignInRecord = {
  userId: string;
  /** The version the password was verified at: a concurrent change is never overwritten. */
  passwordVersion: number;
  ip: string;
  /** A new hash of the same password, when the stored one's parameters are out of date. */
  rehash?: string;
  /** The per-account-and-IP limit key to empty: a successful sign-in forgives that IP's misses. */
  accountIpLimitKey: string;
  /** The session this sign-in starts. */
  session: NewSession;
  /**
   * The `s` event; absent for a step-up (a post-login Action's factor step): that sign-in was
   * counted and logged when its password was typed, and only its new session starts here.
   */
  log?: LogInput;
};

/**
 * Everything a successful sign-in writes, in one statement: the attempts record emptied, the
 * user's login count, time and IP (and an upgraded hash), the session row (and the user's expired
 * ones swept), and the `s` log event. Separate writes would cost a round trip each through Prisma
 * and the database, on the path between a verified password and the session cookie; as one
 * data-modifying WITH they are also all-or-nothing. The session starts only if the user row still
 * has the password version that was verified: a password changed meanwhile starts none.
 * Resolves whether the session started.
 */
export async function recordSignIn(record: SignInRecord): Promise<boolean> {
  const db = await prisma();
  const rehash = record.rehash ? sql`, password_hash = ${record.rehash}` : sql``;
  const session = startSessionSql(record.session, sql`EXISTS (SELECT 1 FROM counted)`);
  const counted = record.log
    ? sql`UPDATE users SET logins_count = logins_count + 1, last_login = now(), last_ip = ${record.ip}, updated_at = now()${rehash}
      WHERE id = ${record.userId} AND password_version = ${record.passwordVersion}
      RETURNING id`
    : sql`SELECT id FROM users WHERE id = ${record.userId} AND password_version = ${record.passwordVersion}`;
  const logged = record.log ? sql`, logged AS (${logInsertSql(record.log)})` : sql``;
  const rows = await db.$queryRaw<Array<{ started: number }>>`
    WITH forgiven AS (${resetRateLimitSql("signInPerAccountIp", record.accountIpLimitKey)}),
    counted AS (${counted}),
    started AS (${session.insert} RETURNING id),
    swept AS (${session.sweep})${logged}
    SELECT count(*)::int AS started FROM started`;
  return Number(rows[0]?.started ?? 0) === 1;
}
