export type BackoffOptions = {
  /**
   * Seconds multiplied by 2^attempt. Tests set 0 to retry at once.
   * @default 1
   */
  baseSeconds?: number;
  /**
   * Upper bound of one delay, in seconds, applied after the jitter.
   * @default 3600
   */
  maxSeconds?: number;
};

/**
 * Delay before the next run after `attempt` (1-based) failed: 2^attempt × base seconds, times a
 * random factor in [0.8, 1.2) so jobs that failed together (an SMTP outage) do not retry in lockstep,
 * capped at one hour.
 */
export function backoffSeconds(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const base = options.baseSeconds ?? 1;
  const max = options.maxSeconds ?? 3600;
  const exponential = base * 2 ** Math.min(Math.max(attempt, 0), 30);
  const jitter = 0.8 + 0.4 * random();
  return Math.min(max, exponential * jitter);
}
