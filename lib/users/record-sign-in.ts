import { prisma, sql } from "@/lib/db";
import { logInsertSql, type LogInput } from "@/lib/logs";
import { resetRateLimitSql } from "@/lib/security";

export type SignInRecord = {
  userId: string;
  /** The version the password was verified at: a concurrent change is never overwritten. */
  passwordVersion: number;
  ip: string;
  /** A new hash of the same password, when the stored one's parameters are out of date. */
  rehash?: string;
  /** The per-account-and-IP limit key to empty: a successful sign-in forgives that IP's misses. */
  accountIpLimitKey: string;
  log: LogInput;
};

/**
 * Everything a successful sign-in writes, in one statement: the attempts record emptied, the
 * user's login count, time and IP (and an upgraded hash), and the `s` log event. Three writes cost
 * three round trips through Prisma and the database, on the path between a verified password and
 * the session cookie; as one data-modifying WITH they are also all-or-nothing.
 */
export async function recordSignIn(record: SignInRecord): Promise<void> {
  const db = await prisma();
  const rehash = record.rehash ? sql`, password_hash = ${record.rehash}` : sql``;
  await db.$executeRaw`
    WITH forgiven AS (${resetRateLimitSql("signInPerAccountIp", record.accountIpLimitKey)}),
    counted AS (
      UPDATE users SET logins_count = logins_count + 1, last_login = now(), last_ip = ${record.ip}, updated_at = now()${rehash}
      WHERE id = ${record.userId} AND password_version = ${record.passwordVersion}
    )
    ${logInsertSql(record.log)}`;
}
