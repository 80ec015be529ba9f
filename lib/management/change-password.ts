import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http";
import { requestPasswordReset } from "@/lib/reset";
import { defaultConnection } from "@/lib/users";
import { text } from "@/lib/validation";

export const changePasswordRequestSchema = z.object({
  client_id: text({ max: 200 }).optional(),
  email: text({ max: 254 }).pipe(z.email()),
  connection: text({ max: 200 }).min(1),
  organization: text({ max: 200 }).optional(),
});

/** Auth0's answer, word for word, for known and unknown addresses alike. */
export const CHANGE_PASSWORD_SENT = "We've just sent you an email to reset your password.";

export type RateLimitHeaders = { "x-ratelimit-limit": string; "x-ratelimit-remaining": string; "x-ratelimit-reset": string };

function rateLimitHeaders(limit: number, remaining: number, resetSeconds: number): RateLimitHeaders {
  return {
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": String(Math.max(0, remaining)),
    "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + Math.max(0, resetSeconds)),
  };
}

/**
 * `POST /dbconnections/change_password`: the same request as the /reset form (requestPasswordReset),
 * so the same anti-enumeration (one answer, the same writes and timing for every address) and the
 * same limits per IP and per IP and address. Returns the rate-limit headers for the answer; a
 * refused request throws RATE_LIMITED carrying them in `data.headers`.
 */
export async function requestChangePasswordEmail(body: z.infer<typeof changePasswordRequestSchema>, ctx: RequestContext): Promise<RateLimitHeaders> {
  const connection = await defaultConnection();
  if (body.connection !== connection.name) {
    throw new AppError("INVALID_INPUT", "connection not found", { data: { oauthError: "invalid_request" } });
  }
  if (body.organization !== undefined) throw new AppError("INVALID_INPUT", "organizations are not supported", { data: { oauthError: "invalid_request" } });
  try {
    const result = await requestPasswordReset(body.email, ctx, { source: "api", ...(body.client_id ? { app: { clientId: body.client_id, interactionUid: null } } : {}) });
    return rateLimitHeaders(result.rateLimit.limit, result.rateLimit.remaining, 60);
  } catch (error) {
    if (error instanceof AppError && error.code === "RATE_LIMITED") {
      const retryAfter = Number(error.data?.retryAfterSeconds ?? 60);
      throw new AppError("RATE_LIMITED", error.message, {
        data: { ...error.data, headers: rateLimitHeaders(Number(error.data?.limit ?? 10), 0, retryAfter) },
      });
    }
    throw error;
  }
}
