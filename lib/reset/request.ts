import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http";
import { enqueueJob } from "@/lib/jobs";
import { writeLog } from "@/lib/logs";
import { consumeRateLimit, formatWait } from "@/lib/security";
import { defaultConnection, normalizeIdentifier } from "@/lib/users";
import { newBindingSecret, type ResetCookie } from "./cookie";
import { supersedeUnusedLinks } from "./newest-link";

export const RESET_EMAIL_JOB = "password.reset.send";

export type ResetRequestResult = {
  /** For the requesting tab: the code path continues there. Set for every request, known or not. */
  cookie: ResetCookie;
  cookieMaxAgeSeconds: number;
  rateLimit: { limit: number; remaining: number; resetSeconds: number };
};

/**
 * Starts a reset for whatever was typed. The answer, the database work and so the timing are the
 * same whether or not an account matches: a flow row, the superseding update, a job and a log
 * line are written either way, and the email itself is composed and sent later by the worker.
 * Rate limits are keyed by IP and the typed identifier, never by whether it exists.
 */
/** Who asked: the /reset form in a browser tab (`email`), an API client (`api`) or an admin (`admin`). */
export type ResetRequestSource = "email" | "api" | "admin";

export async function requestPasswordReset(identifier: string, ctx: RequestContext, options: { source?: ResetRequestSource } = {}): Promise<ResetRequestResult> {
  const id = normalizeIdentifier(identifier);
  const perIp = await consumeRateLimit("resetRequestPerIp", ctx.ip);
  const perIdentifier = perIp.allowed ? await consumeRateLimit("resetRequestPerIpIdentifier", `${ctx.ip}|${id.key}`) : perIp;
  const connection = await defaultConnection();
  if (!perIp.allowed || !perIdentifier.allowed) {
    const limited = perIp.allowed ? perIdentifier : perIp;
    await writeLog({ type: "fcpr", userName: id.key, connectionId: connection.id, ip: ctx.ip, userAgent: ctx.userAgent, description: "Too many password reset requests" });
    throw new AppError("RATE_LIMITED", `Too many reset requests. Try again in ${formatWait(limited.retryAfterSeconds)}.`, {
      data: { retryAfterSeconds: limited.retryAfterSeconds, limit: limited.limit },
    });
  }

  const db = await prisma();
  const user = await db.user.findFirst({
    where: { connectionId: connection.id, ...(id.email ? { email: id.email } : { username: id.username }) },
    select: { id: true, email: true, blocked: true },
  });
  const eligible = user && !user.blocked && user.email ? user : null;
  const requester = newBindingSecret();
  const lifetimeSeconds = connection.resetTicketLifetimeSec;
  const now = new Date();

  const flow = await db.$transaction(async (tx) => {
    // Only the newest unused link of a user works. For an unknown identifier this matches
    // nothing, at the same cost.
    await supersedeUnusedLinks(tx, eligible?.id ?? "-");
    const created = await tx.resetFlow.create({
      data: {
        userId: eligible?.id ?? null,
        connectionId: connection.id,
        identifier: id.key,
        requesterHash: requester.hash,
        source: options.source ?? "email",
        requestIp: ctx.ip,
        requestUserAgent: ctx.userAgent,
        expiresAt: new Date(now.getTime() + lifetimeSeconds * 1000),
      },
    });
    await enqueueJob(tx, { type: RESET_EMAIL_JOB, payload: { flowId: created.id, ip: ctx.ip, requestedAt: now.toISOString() } });
    await writeLog(
      eligible
        ? { type: "scpr", userId: eligible.id, userName: id.key, connectionId: connection.id, ip: ctx.ip, userAgent: ctx.userAgent }
        : {
            type: "fcpr",
            userId: user?.id ?? null,
            userName: id.key,
            connectionId: connection.id,
            ip: ctx.ip,
            userAgent: ctx.userAgent,
            description: user ? "user is blocked" : "user does not exist",
          },
      tx,
    );
    return created;
  });

  // No wakeWorkers() here, unlike after a password change. A wake (even one deferred until the
  // response is sent) composes a known address's email right after the answer, only for known
  // addresses, so the server is busy exactly when a prober's next request arrives (bench, with the
  // wake before it was deferred: known ÷ unknown 1.16, 0.99 without). The worker's next poll sends
  // it within WORKER_POLL_MS, at a moment unrelated to the request.
  return {
    cookie: { flowId: flow.id, secret: requester.secret },
    cookieMaxAgeSeconds: lifetimeSeconds,
    rateLimit: { limit: perIdentifier.limit, remaining: perIdentifier.remaining, resetSeconds: Math.ceil(60 / 1) },
  };
}
