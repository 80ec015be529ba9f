import type { RequestContext } from "@/lib/http";
import { logContext, type LogType, writeLog } from "@/lib/logs";
import { assertRateLimit, type RateLimitPolicyName } from "@/lib/security";

type Who = { userId: string; ctx: RequestContext; flowId?: string | null };

/** One tenant log line about a factor (`gd_*`, Auth0's Guardian codes). */
export async function logFactorEvent(type: LogType, who: Who, details: Record<string, unknown> = {}, description?: string): Promise<void> {
  await writeLog({
    type,
    ...logContext(who.ctx, { userId: who.userId }),
    description,
    details: { ...(who.flowId ? { flowId: who.flowId } : {}), ...details },
  });
}

/**
 * Takes one token from each bucket, in order; the first refusal is logged as Auth0 does
 * (`gd_otp_rate_limit_exceed`) and answered with the wait. Buckets after a refusal are not touched.
 */
export async function limitFactorUse(who: Who, factor: string, buckets: [RateLimitPolicyName, string][]): Promise<void> {
  for (const [policy, key] of buckets) {
    await assertRateLimit(policy, key, () => logFactorEvent("gd_otp_rate_limit_exceed", who, { factor, policy }), { tooMany: "attempts" });
  }
}
