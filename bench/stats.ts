// Percentiles and timing for the bench. Nothing here asserts: figures are printed, never tested.

export type Summary = { n: number; p50: number; p95: number; min: number; max: number };

/** Nearest-rank percentile of already collected samples (ms). */
export function percentile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function summarize(samples: readonly number[]): Summary {
  return {
    n: samples.length,
    p50: percentile(samples, 0.5),
    p95: percentile(samples, 0.95),
    min: samples.length ? Math.min(...samples) : Number.NaN,
    max: samples.length ? Math.max(...samples) : Number.NaN,
  };
}

/** Wall-clock milliseconds of one awaited call, and its result. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const fmtMs = (ms: number) => `${ms.toFixed(1)} ms`;
export const fmtRatio = (r: number) => r.toFixed(3);

export type RankTest = { u: number; z: number; p: number; nA: number; nB: number };

/**
 * Two-sided Mann–Whitney U test of "samples A and B come from one distribution", with the normal
 * approximation (tie-corrected variance, continuity correction): exact enough from about 20
 * samples a side, and the bench takes a thousand. A small p says the two sides differ in rank,
 * i.e. one tends to be slower, which a single ratio of medians cannot tell from noise.
 */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): RankTest {
  const nA = a.length;
  const nB = b.length;
  if (nA === 0 || nB === 0) return { u: Number.NaN, z: Number.NaN, p: Number.NaN, nA, nB };
  const all = [...a.map((value) => ({ value, fromA: true })), ...b.map((value) => ({ value, fromA: false }))].sort((x, y) => x.value - y.value);
  let rankSumA = 0;
  let tieTerm = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j + 1 < all.length && all[j + 1]!.value === all[i]!.value) j++;
    const tied = j - i + 1;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (all[k]!.fromA) rankSumA += rank;
    tieTerm += tied ** 3 - tied;
    i = j + 1;
  }
  const u = rankSumA - (nA * (nA + 1)) / 2;
  const n = nA + nB;
  const mean = (nA * nB) / 2;
  const variance = ((nA * nB) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { u, z: 0, p: 1, nA, nB };
  const distance = Math.max(0, Math.abs(u - mean) - 0.5);
  const z = (Math.sign(u - mean) * distance) / Math.sqrt(variance);
  return { u, z, p: Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))), nA, nB };
}

/** Φ(x) from erf by Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7). */
export function normalCdf(x: number): number {
  const t = x / Math.SQRT2;
  const s = 1 / (1 + 0.3275911 * Math.abs(t));
  const poly = s * (0.254829592 + s * (-0.284496736 + s * (1.421413741 + s * (-1.453152027 + s * 1.061405429))));
  const erf = 1 - poly * Math.exp(-t * t);
  return 0.5 * (1 + Math.sign(t) * erf);
}
