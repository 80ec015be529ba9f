import { expect } from "vitest";
import { errorResponse } from "@/lib/errors";
import { RATE_LIMIT_POLICIES, type RateLimitPolicyName } from "@/lib/security";

export type Flood = {
  /** One attempt; `i` numbers them, for attempts that should differ (another identifier each). */
  attempt: (i: number) => Promise<unknown>;
  /** The code every attempt the limit let through answers with. */
  otherwise: string;
  /** What the refusal says there were too many of, in English ("sign-in attempts"). */
  tooMany: string;
};

/**
 * A hostile client: the policy's burst and 20 more attempts, all at once. Checks that the limit let
 * at least the burst through and refused the rest as every rate limit does (429 RATE_LIMITED, the
 * wait in words, Retry-After equal to retryAfterSeconds). Returns how many were refused.
 */
export async function expectFloodRefused(policy: RateLimitPolicyName, flood: Flood): Promise<number> {
  const { burst } = RATE_LIMIT_POLICIES[policy];
  const answers = await Promise.all(Array.from({ length: burst + 20 }, (_, i) => flood.attempt(i).then(() => null, (error: unknown) => error)));
  const codeOf = (answer: unknown) => (answer as { code?: string } | null)?.code;
  const refused = answers.filter((answer) => codeOf(answer) === "RATE_LIMITED");
  expect(answers.length - refused.length).toBeGreaterThanOrEqual(burst);
  expect(refused.length).toBeGreaterThan(0);
  for (const answer of answers) expect([flood.otherwise, "RATE_LIMITED"]).toContain(codeOf(answer));
  const refusal = refused[0] as { status: number; message: string; data: { retryAfterSeconds: number } };
  expect(refusal.status).toBe(429);
  expect(refusal.message).toMatch(new RegExp(`^Too many ${flood.tooMany}\\. Try again in \\d+ (second|seconds|minute|minutes)\\.$`));
  expect(refusal.data.retryAfterSeconds).toBeGreaterThan(0);
  const response = errorResponse(refusal);
  expect(response.status).toBe(429);
  expect(response.headers.get("retry-after")).toBe(String(refusal.data.retryAfterSeconds));
  expect(await response.json()).toMatchObject({ error: { code: "RATE_LIMITED", message: refusal.message } });
  return refused.length;
}
