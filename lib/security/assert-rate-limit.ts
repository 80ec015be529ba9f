import { AppError, type ErrorCode } from "@/lib/errors";
import { formatWait } from "./format-wait";
import { consumeRateLimit, type RateLimitResult } from "./rate-limit";
import type { RateLimitPolicyName } from "./rate-limit-policies";

export type RateLimitRefusal = {
  /** What there were too many of, in the message: "Too many attempts. Try again in 3 minutes." Absent: the error code's own message, which names no wait. */
  tooMany?: string;
  /** @default "RATE_LIMITED" */
  code?: ErrorCode;
  /** Added to the error's public data, beside retryAfterSeconds. */
  data?: Record<string, unknown>;
};

/** How the caller records a refusal in the tenant log, before the error is thrown. */
export type RateLimitLog = (limit: RateLimitResult) => Promise<unknown>;

/**
 * The end of every hand-written rate-limit refusal: when `limit` refused, write the caller's log
 * line, then throw RATE_LIMITED with the wait in the message and `retryAfterSeconds` in the data
 * (the route turns that into Retry-After). An allowed attempt passes through untouched.
 */
export async function refuseIfLimited(limit: RateLimitResult, log?: RateLimitLog, refusal: RateLimitRefusal = {}): Promise<void> {
  if (limit.allowed) return;
  await log?.(limit);
  const message = refusal.tooMany === undefined ? undefined : `Too many ${refusal.tooMany}. Try again in ${formatWait(limit.retryAfterSeconds)}.`;
  throw new AppError(refusal.code ?? "RATE_LIMITED", message, { data: { retryAfterSeconds: limit.retryAfterSeconds, ...refusal.data } });
}

/**
 * Takes one token from `policy:key` (consumeRateLimit) and refuses as refuseIfLimited does:
 *
 * ```ts
 * await assertRateLimit("signUpPerIp", ipLimitKey(ctx.ip), () => writeLog({ type: "limit_mu", ... }), { tooMany: "sign-ups from your network" });
 * ```
 */
export async function assertRateLimit(policy: RateLimitPolicyName, key: string, log?: RateLimitLog, refusal?: RateLimitRefusal): Promise<RateLimitResult> {
  const limit = await consumeRateLimit(policy, key);
  await refuseIfLimited(limit, log, refusal);
  return limit;
}
