import { describe, expect, it } from "vitest";
import { mannWhitneyU, normalCdf } from "./stats";

describe("bench statistics", () => {
  it("normalCdf matches the table", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });

  it("Mann–Whitney U agrees with scipy.stats.mannwhitneyu (asymptotic, two-sided, continuity)", () => {
    // The expected figures are scipy's: mannwhitneyu(a, b, method="asymptotic").
    const test = mannWhitneyU([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(test.u).toBe(12.5);
    expect(test.p).toBeCloseTo(0.0050754, 6);
    // Many ties, uneven sides.
    const a = Array.from({ length: 150 }, (_, i) => (i * 7919) % 97);
    const b = (shift: number) => Array.from({ length: 120 }, (_, i) => ((i * 104729) % 89) + shift);
    expect(mannWhitneyU(a, b(5))).toMatchObject({ u: 8723.5 });
    expect(mannWhitneyU(a, b(5)).p).toBeCloseTo(0.6650758, 6);
    expect(mannWhitneyU(a, b(15))).toMatchObject({ u: 6928 });
    expect(mannWhitneyU(a, b(15)).p).toBeCloseTo(0.0011573, 6);
  });

  it("is symmetric, and finds nothing between one sample and a shuffle of it", () => {
    const a = Array.from({ length: 200 }, (_, i) => (i * 37) % 101);
    const b = [...a].reverse();
    expect(mannWhitneyU(a, b).p).toBe(1);
    const x = [3.1, 4.2, 5.9, 2.2, 8.8];
    const y = [1.5, 9.1, 7.7, 6.4];
    expect(mannWhitneyU(x, y).p).toBeCloseTo(mannWhitneyU(y, x).p, 12);
    expect(mannWhitneyU(x, y).u + mannWhitneyU(y, x).u).toBe(x.length * y.length);
  });

  it("gives NaN rather than a verdict on an empty side", () => {
    expect(mannWhitneyU([], [1, 2]).p).toBeNaN();
  });
});
