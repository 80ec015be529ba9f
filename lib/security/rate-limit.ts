import { joinSql, prisma, rawSql, sql, type Sql } from "@/lib/db";
import { RATE_LIMIT_POLICIES, type RateLimitPolicyName } from "./rate-limit-policies";

export type RateLimitResult = { allowed: boolean; remaining: number; retryAfterSeconds: number; limit: number };

type Row = { tokens: number; allowed: boolean; age_seconds: number };

/**
 * Takes one token from the bucket `policy:key`, atomically in the database so that every web
 * instance shares the limit. A refused attempt takes nothing, so a client that waits out the
 * refill gets through again (Auth0's "burst then 1 per minute"). One statement (takeTokenSql).
 */
export async function consumeRateLimit(policyName: RateLimitPolicyName, key: string): Promise<RateLimitResult> {
  const db = await prisma();
  const rows = await db.$queryRaw<Row[]>(takeTokenSql(policyName, key));
  return resultOf(policyName, rows[0]!);
}

export type RateLimitAttempt = { policy: RateLimitPolicyName; key: string };

/**
 * consumeRateLimit for several buckets in one statement, in order: a bucket is tried only when
 * every one before it let the attempt through, so a refused attempt takes nothing from the later
 * ones (one address locked out of an account cannot drain the account's own limit). The answer
 * has one entry per attempt: undefined for those not tried.
 */
export async function consumeRateLimitsInOrder(attempts: readonly RateLimitAttempt[]): Promise<Array<RateLimitResult | undefined>> {
  if (attempts.length === 0) return [];
  const steps = attempts.map(({ policy, key }, i) =>
    sql`${rawSql(`step${i}`)} AS (${takeTokenSql(policy, key, i > 0 ? sql`(SELECT allowed FROM ${rawSql(`step${i - 1}`)})` : undefined)})`,
  );
  const answers = attempts.map((_, i) => sql`SELECT ${i}::int AS step, tokens, allowed, age_seconds FROM ${rawSql(`step${i}`)}`);
  const db = await prisma();
  const rows = await db.$queryRaw<Array<Row & { step: number }>>`WITH ${joinSql(steps, ", ")} ${joinSql(answers, " UNION ALL ")}`;
  return attempts.map(({ policy }, i) => {
    const row = rows.find((r) => Number(r.step) === i);
    return row ? resultOf(policy, row) : undefined;
  });
}

/**
 * The upsert that takes one token from `policy:key`, optionally only when `onlyIf` (a boolean
 * SQL expression) holds. It locks the row and records its decision in `last_allowed`. Concurrent
 * transactions see different `now()` values, so the refill never moves `updated_at` backwards
 * (GREATEST), or an attempt could be credited time twice.
 */
function takeTokenSql(policyName: RateLimitPolicyName, key: string, onlyIf?: Sql): Sql {
  const policy = RATE_LIMIT_POLICIES[policyName];
  const rate = policy.perMinute / 60;
  const available = sql`LEAST(${policy.burst}::float8, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM now() - b.updated_at)) * ${rate}::float8)`;
  return sql`
    INSERT INTO rate_limit_buckets AS b (key, tokens, last_allowed, updated_at)
    SELECT ${bucketKey(policyName, key)}, ${policy.burst - 1}::float8, true, now()${onlyIf ? sql` WHERE ${onlyIf}` : sql``}
    ON CONFLICT (key) DO UPDATE SET
      tokens = CASE WHEN ${available} >= 1 THEN ${available} - 1 ELSE b.tokens END,
      last_allowed = ${available} >= 1,
      updated_at = CASE WHEN ${available} >= 1 THEN GREATEST(now(), b.updated_at) ELSE b.updated_at END
    RETURNING tokens::float8 AS tokens, last_allowed AS allowed,
      GREATEST(0, EXTRACT(EPOCH FROM now() - updated_at))::float8 AS age_seconds`;
}

function resultOf(policyName: RateLimitPolicyName, row: Row): RateLimitResult {
  const policy = RATE_LIMIT_POLICIES[policyName];
  const rate = policy.perMinute / 60;
  const available = Math.min(policy.burst, row.tokens + row.age_seconds * rate);
  return {
    allowed: row.allowed,
    limit: policy.burst,
    remaining: Math.max(0, Math.floor(row.allowed ? row.tokens : available)),
    retryAfterSeconds: row.allowed ? 0 : Math.max(1, Math.ceil((1 - available) / rate)),
  };
}

function bucketKey(policyName: RateLimitPolicyName, key: string): string {
  return `${policyName}:${key}`.slice(0, 512);
}

/** Empties the record of attempts, e.g. after a successful sign-in. */
export async function resetRateLimit(policyName: RateLimitPolicyName, key: string): Promise<void> {
  const db = await prisma();
  await db.$executeRaw(resetRateLimitSql(policyName, key));
}

/** resetRateLimit as a statement, for a caller that runs it within a larger one. */
export function resetRateLimitSql(policyName: RateLimitPolicyName, key: string): Sql {
  return sql`DELETE FROM rate_limit_buckets WHERE key = ${bucketKey(policyName, key)}`;
}
