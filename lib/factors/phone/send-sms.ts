import { prisma, type Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ipLimitKey, type RequestContext } from "@/lib/http";
import { enqueueJob, wakeWorkers } from "@/lib/jobs";
import { consumeRateLimitsInOrder, type RateLimitAttempt, type RateLimitPolicyName, refuseIfLimited } from "@/lib/security";
import { logFactorEvent } from "../log";
import { maskPhone } from "../mask";
import { smsCountryAllowed } from "./countries";
import { smsSendJob } from "./sms-provider";

/** One SMS someone asked for. */
export type SmsRequest = {
  /** The user the code is for, the request that asked, and the reset, if any. */
  who: { userId: string; ctx: RequestContext; flowId?: string | null };
  /** E.164. */
  to: string;
  /** In the log: enroll (adding a phone), reset (a reset's second factor) or sign-in (proof at sign-in). */
  purpose: "enroll" | "reset" | "sign-in";
  /** The caller's own budgets (per reset, per user), tried before the shared ones. */
  limits: Array<[RateLimitPolicyName, string]>;
};

/** The key of the one bucket every SMS shares. */
export const SMS_TENANT_KEY = "all";

/**
 * The only way an SMS leaves Rekey. Before anything is written it refuses, and logs as
 * `gd_send_sms_failure`: a number outside SMS_ALLOWED_COUNTRY_CODES, then the caller's own limits,
 * then the limits against SMS pumping: per destination number, per IP, and tenant-wide. The
 * buckets are tried in that order in one statement, and a refusal takes nothing from the later
 * ones, so one pumping address cannot spend the tenant's budget past its own limit.
 *
 * `write` runs in the transaction that queues the SMS (a job the worker sends after the commit)
 * and returns its text (and the code, for a send-phone-message Action): the code it issues and
 * the SMS commit or roll back together.
 */
export async function sendSms<T>(request: SmsRequest, write: (tx: Prisma.TransactionClient) => Promise<{ body: string; code?: string; result: T }>): Promise<T> {
  await admit(request);
  const db = await prisma();
  const result = await db.$transaction(async (tx) => {
    const { body, code, result } = await write(tx);
    await enqueueJob(tx, smsSendJob.job({ to: request.to, body, code, purpose: request.purpose, userId: request.who.userId }));
    return result;
  });
  wakeWorkers();
  await logFactorEvent("gd_send_sms", request.who, { factor: "phone", purpose: request.purpose });
  return result;
}

async function admit(request: SmsRequest): Promise<void> {
  if (!smsCountryAllowed(request.to)) {
    await refuse(request, "The number's country is not in SMS_ALLOWED_COUNTRY_CODES.", { reason: "country_not_allowed" });
    throw new AppError("SMS_COUNTRY_NOT_ALLOWED");
  }
  const attempts: RateLimitAttempt[] = [
    ...request.limits.map(([policy, key]) => ({ policy, key })),
    { policy: "smsPerNumber", key: request.to },
    { policy: "smsPerIp", key: ipLimitKey(request.who.ctx.ip) },
    { policy: "smsPerTenant", key: SMS_TENANT_KEY },
  ];
  const results = await consumeRateLimitsInOrder(attempts);
  const refused = results.findIndex((r) => r && !r.allowed);
  if (refused < 0) return;
  const { policy } = attempts[refused]!;
  const log = () => refuse(request, `Too many SMS (${policy}).`, { reason: "rate_limited", policy });
  // The tenant's own budget is no fault of this person: the service is unavailable, with no wait to tell.
  await refuseIfLimited(results[refused]!, log, policy === "smsPerTenant" ? { code: "SMS_UNAVAILABLE" } : { tooMany: "textMessages" });
}

async function refuse(request: SmsRequest, description: string, details: Record<string, unknown>): Promise<void> {
  await logFactorEvent("gd_send_sms_failure", request.who, { factor: "phone", purpose: request.purpose, to: maskPhone(request.to), ...details }, `SMS refused: ${description}`);
}
