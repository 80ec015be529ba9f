import { randomInt, randomUUID } from "node:crypto";
import { config } from "@/lib/config";
import { prisma } from "@/lib/db";
import { ipLimitKey, type RequestContext } from "@/lib/http";
import { enqueueJob } from "@/lib/jobs";
import { logContext, writeLog } from "@/lib/logs";
import { consumeRateLimitsInOrder, refuseIfLimited } from "@/lib/security";
import { defaultConnection, normalizeIdentifier } from "@/lib/users";
import { newBindingSecret, type ResetCookie } from "./cookie";
import { resetEmailJob, type ResetRequestPayload, type ResetRequestSource } from "./request-job";
import { isLocale } from "@/lib/i18n";

/** The application the reset came from, so the done page leads back to it (done-url.ts). */
export type ResetRequestApp = { clientId: string; interactionUid: string | null };

export type { ResetRequestSource } from "./request-job";

export type ResetRequestResult = {
  /** For the requesting tab: the code path continues there. Set for every request, known or not. */
  cookie: ResetCookie;
  cookieMaxAgeSeconds: number;
  rateLimit: { limit: number; remaining: number; resetSeconds: number };
};

/**
 * Starts a reset for whatever was typed. The request never looks the identifier up: it takes its
 * rate limits (keyed by IP and the typed identifier, never by whether it exists), then writes one
 * job row holding the normalized identifier and the flow id the tab's cookie names. The worker
 * resolves the account, opens the flow and sends the email (openRequestedFlow). So the statements,
 * the rows they touch and the answer are the same for a known address, an unknown one, a blocked
 * account and an account over its email cap; nothing in the request's timing depends on them.
 */
export async function requestPasswordReset(identifier: string, ctx: RequestContext, options: { source?: ResetRequestSource; app?: ResetRequestApp } = {}): Promise<ResetRequestResult> {
  const id = normalizeIdentifier(identifier);
  const ipKey = ipLimitKey(ctx.ip);
  const [perIp, perIdentifier] = await consumeRateLimitsInOrder([
    { policy: "resetRequestPerIp", key: ipKey },
    { policy: "resetRequestPerIpIdentifier", key: `${ipKey}|${id.key}` },
  ]);
  const connection = await defaultConnection();
  // Past the refusal, both allowed and `limited` is the per-identifier answer the response reports.
  const limited = perIp!.allowed ? perIdentifier! : perIp!;
  const log = () => writeLog({ type: "fcpr", ...logContext(ctx, { userName: id.key, connectionId: connection.id }), description: "Too many password reset requests" });
  await refuseIfLimited(limited, log, { tooMany: "resetRequests", data: { limit: limited.limit } });

  const requester = newBindingSecret();
  const now = Date.now();
  const payload: ResetRequestPayload = {
    flowId: randomUUID(),
    ip: ctx.ip,
    requestedAt: new Date(now).toISOString(),
    ...(isLocale(ctx.language) ? { locale: ctx.language } : {}),
    request: { identifier: id.key, requesterHash: requester.hash, source: options.source ?? "email", userAgent: ctx.userAgent ?? null, ...(options.app ? { app: options.app } : {}) },
  };
  // The job waits a random 1–2 × RESET_REQUEST_DELAY_MS, and nothing wakes the worker for it
  // (unlike after a password change). The worker does more for a known address (the flow with its
  // secrets, the email); run at once, in-process, that work lands on this very request while it
  // renders its answer, only for known addresses (bench at load 18: known ÷ unknown 1.32, p=2e-8
  // with the job due at once). Later and at a random moment, it lands on no request in particular.
  const delay = config().RESET_REQUEST_DELAY_MS;
  const db = await prisma();
  await enqueueJob(db, resetEmailJob.job(payload, { runAt: new Date(now + delay + randomInt(delay + 1)) }));

  return {
    cookie: { flowId: payload.flowId, secret: requester.secret },
    cookieMaxAgeSeconds: connection.resetTicketLifetimeSec,
    rateLimit: { limit: limited.limit, remaining: limited.remaining, resetSeconds: Math.ceil(60 / 1) },
  };
}
