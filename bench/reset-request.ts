// Figure 3: the reset request for an existing account vs an address no account has.
import { callFormAction, findActionId, getText, nextClientIp } from "./http";
import { mannWhitneyU, sleep, summarize, type RankTest, type Summary } from "./stats";
import { unknownEmail, type BenchUser } from "./users";

export type ResetRequestTiming = { known: Summary; unknown: Summary; ratio: number; rankTest: RankTest };

/**
 * Alternates known and unknown so drift (CPU frequency, GC, a growing database) falls on both
 * sides alike, and swaps which side goes first from pair to pair (known, unknown, unknown, known,
 * …) so neither always follows the quiet gap. Each known request is the first for its account, and
 * each request comes from a fresh client IP, so both sides take the same path through the rate
 * limiter.
 *
 * `gapMs` lets the worker finish the job a request queued (composing the email for a known
 * account, nothing for an unknown one) before the next request: what is measured is the request
 * itself, not the in-process worker competing with it.
 *
 * The verdict is a rank test over all pairs (Mann–Whitney U): its p-value says whether one side
 * tends to be slower, which the ratio of two medians alone cannot tell from the VM's noise.
 */
export async function measureResetRequests(
  baseUrl: string,
  knownUsers: BenchUser[],
  pairs: number,
  options: { warmUpPairs?: number; gapMs?: number; onProgress?: (done: number) => void } = {},
): Promise<ResetRequestTiming> {
  const warmUpPairs = options.warmUpPairs ?? 5;
  const gapMs = options.gapMs ?? 100;
  if (knownUsers.length < warmUpPairs + pairs) throw new Error(`need ${warmUpPairs + pairs} known users, got ${knownUsers.length}`);
  const actionId = findActionId(await getText(`${baseUrl}/reset`));
  const known: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < warmUpPairs + pairs; i++) {
    const order = i % 2 === 0 ? (["known", "unknown"] as const) : (["unknown", "known"] as const);
    for (const side of order) {
      const identifier = side === "known" ? knownUsers[i]!.email : unknownEmail(i);
      const response = await callFormAction(baseUrl, "/reset", actionId, { identifier }, { ip: nextClientIp() });
      if (response.redirect !== "/reset/sent") {
        throw new Error(`reset request (${side}) did not reach /reset/sent: ${response.status} ${response.body.slice(0, 300)}`);
      }
      if (i >= warmUpPairs) (side === "known" ? known : unknown).push(response.ms);
      await sleep(gapMs);
    }
    if ((i + 1) % 100 === 0) options.onProgress?.(i + 1);
  }
  const summaries = { known: summarize(known), unknown: summarize(unknown) };
  return { ...summaries, ratio: summaries.known.p50 / summaries.unknown.p50, rankTest: mannWhitneyU(known, unknown) };
}

/** One line for the table: the p50 ratio and the rank test's p-value. */
export function describeResetTiming(timing: ResetRequestTiming): string {
  const { known, unknown, ratio, rankTest } = timing;
  return `${ratio.toFixed(3)} (${known.p50.toFixed(1)} / ${unknown.p50.toFixed(1)} ms, n=${known.n}/${unknown.n}); Mann–Whitney U p=${rankTest.p.toPrecision(3)} (z=${rankTest.z.toFixed(2)})`;
}
