import { AppError, catalogError, type ErrorCode } from "@/lib/errors";
import { waitOf } from "./format-wait";
import { consumeRateLimit, type RateLimitResult } from "./rate-limit";
import type { RateLimitPolicyName } from "./rate-limit-policies";

/**
 * What there were too many of, one of the kinds the catalog's `limits.tooMany` names
 * (English: "attempts", "codes", "requests", "reset requests", "sign-in attempts", "sign-ups from
 * your network", "text messages").
 */
export type TooManyKind = "attempts" | "codes" | "requests" | "resetRequests" | "signInAttempts" | "signUps" | "textMessages";

export type RateLimitRefusal = {
  /** What there were too many of, in the message: "Too many attempts. Try again in 3 minutes." Absent: the error code's own message, which names no wait. */
  tooMany?: TooManyKind;
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
  const code = refusal.code ?? "RATE_LIMITED";
  const data = { retryAfterSeconds: limit.retryAfterSeconds, ...refusal.data };
  if (refusal.tooMany === undefined) throw new AppError(code, undefined, { data });
  throw catalogError(code, { id: "limits.tooMany", values: { what: refusal.tooMany, ...waitOf(limit.retryAfterSeconds) } }, { data });
}

/**
 * Takes one token from `policy:key` (consumeRateLimit) and refuses as refuseIfLimited does:
 *
 * ```ts
 * await assertRateLimit("signUpPerIp", ipLimitKey(ctx.ip), () => writeLog({ type: "limit_mu", ... }), { tooMany: "signUps" });
 * ```
 */
export async function assertRateLimit(policy: RateLimitPolicyName, key: string, log?: RateLimitLog, refusal?: RateLimitRefusal): Promise<RateLimitResult> {
  const limit = await consumeRateLimit(policy, key);
  await refuseIfLimited(limit, log, refusal);
  return limit;
}
