// Figure 3: the reset request for an existing account vs an address no account has.
import { callFormAction, findActionId, getText, nextClientIp } from "./http";
import { sleep, summarize, type Summary } from "./stats";
import { unknownEmail, type BenchUser } from "./users";

/**
 * Alternates known, unknown, known, … so drift (CPU frequency, GC, a growing database) falls on
 * both sides alike. Each known request is the first for its account, and each request comes from
 * a fresh client IP, so both sides take the same path through the rate limiter.
 *
 * `gapMs` lets the worker finish the job a request queued (composing the email for a known
 * account, nothing for an unknown one) before the next request: what is measured is the request
 * itself, not the in-process worker competing with it.
 */
export async function measureResetRequests(
  baseUrl: string,
  knownUsers: BenchUser[],
  pairs: number,
  options: { warmUpPairs?: number; gapMs?: number } = {},
): Promise<{ known: Summary; unknown: Summary }> {
  const warmUpPairs = options.warmUpPairs ?? 5;
  const gapMs = options.gapMs ?? 100;
  if (knownUsers.length < warmUpPairs + pairs) throw new Error(`need ${warmUpPairs + pairs} known users, got ${knownUsers.length}`);
  const actionId = findActionId(await getText(`${baseUrl}/reset`));
  const known: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < warmUpPairs + pairs; i++) {
    for (const side of ["known", "unknown"] as const) {
      const identifier = side === "known" ? knownUsers[i]!.email : unknownEmail(i);
      const response = await callFormAction(baseUrl, "/reset", actionId, { identifier }, { ip: nextClientIp() });
      if (response.redirect !== "/reset/sent") {
        throw new Error(`reset request (${side}) did not reach /reset/sent: ${response.status} ${response.body.slice(0, 300)}`);
      }
      if (i >= warmUpPairs) (side === "known" ? known : unknown).push(response.ms);
      await sleep(gapMs);
    }
  }
  return { known: summarize(known), unknown: summarize(unknown) };
}
