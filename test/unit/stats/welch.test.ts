import { describe, expect, it } from "vitest";
import { addMeanStats, meanStatsFromValues, sampleVariance, STATS_CODES, welchTTest, type MeanStats } from "../../../server/core/stats";
import { expectClose, expectNoNaN } from "./close";

// statsmodels 0.13.5 CompareMeans(DescrStatsW(a), DescrStatsW(b)).ttest_ind(usevar="unequal") (t, p, df),
// cross-checked with scipy 1.10.1 ttest_ind(equal_var=False); intervals diff ± t_{1−α/2, df}·se and the relative lift
// m_a/m_b − 1 ± t·(delta-method se), with t solved by mpmath (scipy 1.10.1's t.ppf is only good to ~5e-10, see the
// script; statsmodels' tconfint_diff agrees to 1e-8) — test/reference/welch.py
// [name, a, b, alpha, t, p, df, lower, upper, lift, liftSe, liftLower, liftUpper]
const RAW: [string, number[], number[], number, number, number, number, number, number, number, number, number, number][] = [
  ["revenue with zeros", [12.5, 0, 0, 49.99, 20, 0, 7.25, 0, 99, 15], [0, 0, 10, 5.5, 0, 30, 0, 0, 12, 0, 8], 0.05, 1.3906050467689692, 0.19341409370550278, 10.38857637876855, -8.567945879764075, 37.40685497067317, 2.4215877862595425, 2.3153997281766823, -2.7114068191173653, 7.55458239163645],
  ["unequal sizes", [3.1, 4.7, 2.2, 5.9, 4.0], [2.0, 2.1, 2.2, 2.3, 2.4, 2.5, 2.6, 2.7, 2.8, 2.9, 3.0, 3.1, 3.2, 3.3, 3.4000000000000004, 3.5, 3.6, 3.7, 3.8, 3.9000000000000004, 4.0, 4.1, 4.2, 4.300000000000001, 4.4, 4.5, 4.6, 4.7, 4.800000000000001, 4.9, 5.0, 5.1, 5.2, 5.300000000000001, 5.4, 5.5, 5.6, 5.7, 5.800000000000001, 5.9], 0.05, 0.045146398834201046, 0.9658470263821477, 4.695667433166371, -1.7120058582282862, 1.772005858228285, 0.007594936708860578, 0.16832827908557133, -0.4336792810846826, 0.4488691545024038],
  ["alpha 0.1", [1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 3, 5, 8, 13, 21, 34, 55], 0.1, -1.8671114992085986, 0.09738618940059751, 8.328514214707925, -22.673911895931063, -0.1038658818467173, -0.7167832167832168, 0.12064006982268936, -0.9399774279665123, -0.4935890055999212],
];

// Exact variance (fractions), scipy 1.10.1 ttest_ind_from_stats(equal_var=False), Welch–Satterthwaite df and the
// mpmath t quantile — test/reference/welch.py
// [name, [nA, sumA, ssA], [nB, sumB, ssB], alpha, t, p, df, lower, upper, lift, liftSe, liftLower, liftUpper]
type Suff = [string, [number, number, number], [number, number, number], number, number, number, number, number, number, number | null, number | null, number | null, number | null];
const SUFFICIENT: Suff[] = [
  ["revenue per unit, thousands of units", [2400, 36000.5, 1900000.25], [2380, 31000.25, 1700000.5], 0.05, 2.895694039498223, 0.0038003733538272614, 4777.372948599238, 0.6378388044889127, 3.3119476100769134, 0.1516196105945382, 0.05640751245179352, 0.04103490081666877, 0.26220432037240765],
  ["small lift, large n", [100000, 512345.0, 9876543.0], [100000, 500000.0, 9700000.0], 0.05, 3.24736736793288, 0.0011649712117070626, 199995.45335913112, 0.048940715769584656, 0.19795928423041537, 0.0246900000000001, 0.00769717928025382, 0.00960371452655115, 0.03977628547344905],
  ["one group has no spread", [50, 500.0, 5000.0], [60, 540.0, 6000.0], 0.05, 1.7621756887140219, 0.08321946252259943, 59.0, -0.13552547053269604, 2.135525470532696, 0.11111111111111116, 0.07005929710308938, -0.029077218584283415, 0.25129944080650574],
  ["negative baseline (refunds)", [400, 120.0, 90000.0], [420, -210.0, 88000.0], 0.05, 0.7758787614218786, 0.438046448853887, 812.1481273651356, -1.2239133736446404, 2.8239133736446407, null, null, null, null],
];

const stats = ([n, sum, sumSquares]: [number, number, number]): MeanStats => ({ n, sum, sumSquares });

describe("welchTTest", () => {
  it.each(RAW)("%s: matches statsmodels CompareMeans (usevar='unequal') and the delta-method lift", (_name, a, b, alpha, t, p, df, lo, up, lift, liftSe, liftLo, liftUp) => {
    const r = welchTTest(meanStatsFromValues(a), meanStatsFromValues(b), { alpha });
    expect(r.code).toBe(STATS_CODES.OK);
    expectClose(r.t, t);
    expectClose(r.pValue, p);
    expectClose(r.df, df);
    expectClose(r.interval.lower, lo);
    expectClose(r.interval.upper, up);
    expect(r.relative.code).toBe(STATS_CODES.OK);
    expectClose(r.relative.lift, lift);
    expectClose(r.relative.standardError, liftSe);
    expectClose(r.relative.interval.lower, liftLo);
    expectClose(r.relative.interval.upper, liftUp);
  });

  it.each(SUFFICIENT)("%s: matches scipy ttest_ind_from_stats(equal_var=False) from sufficient statistics", (_name, a, b, alpha, t, p, df, lo, up, lift, liftSe, liftLo, liftUp) => {
    const r = welchTTest(stats(a), stats(b), { alpha });
    expect(r.code).toBe(STATS_CODES.OK);
    expectClose(r.difference, a[1] / a[0] - b[1] / b[0]);
    expectClose(r.t, t);
    expectClose(r.pValue, p);
    expectClose(r.df, df);
    expectClose(r.interval.lower, lo);
    expectClose(r.interval.upper, up);
    if (lift === null) {
      // A negative baseline mean: no ratio (it would flip sign), the absolute difference still tells the direction.
      expect(r.relative).toEqual({ code: STATS_CODES.INVALID_INPUT, lift: 0, standardError: 0, interval: { lower: 0, upper: 0 } });
      expect(r.difference).toBeGreaterThan(0);
    } else {
      expect(r.relative.code).toBe(STATS_CODES.OK);
      expectClose(r.relative.lift, lift);
      expectClose(r.relative.standardError, liftSe!);
      expectClose(r.relative.interval.lower, liftLo!);
      expectClose(r.relative.interval.upper, liftUp!);
    }
  });

  it("sufficient statistics add: the test on merged segments equals the test on the concatenated values", () => {
    const a1 = [1, 2, 3.5];
    const a2 = [0, 0, 7, 9.25];
    const b = [2, 2, 2.5, 3, 0, 1];
    const merged = welchTTest(addMeanStats(meanStatsFromValues(a1), meanStatsFromValues(a2)), meanStatsFromValues(b));
    const whole = welchTTest(meanStatsFromValues([...a1, ...a2]), meanStatsFromValues(b));
    expectClose(merged.t, whole.t, 1e-12);
    expectClose(merged.df, whole.df, 1e-12);
    expectClose(sampleVariance(meanStatsFromValues([2, 4, 4, 4, 5, 5, 7, 9])), 32 / 7);
  });

  it("zero baseline mean → relative ZERO_CELL; the lift never flips sign", () => {
    const r = welchTTest({ n: 10, sum: 20, sumSquares: 60 }, { n: 12, sum: 0, sumSquares: 30 });
    expect(r.code).toBe(STATS_CODES.OK);
    expect(r.relative.code).toBe(STATS_CODES.ZERO_CELL);
    expect(r.relative.lift).toBe(0);
    // Both negative: the variant loses less (higher mean), so the difference is positive and no negative "lift" is reported.
    const neg = welchTTest({ n: 100, sum: -50, sumSquares: 400 }, { n: 100, sum: -100, sumSquares: 500 });
    expect(neg.difference).toBeGreaterThan(0);
    expect(neg.relative.code).toBe(STATS_CODES.INVALID_INPUT);
  });

  it("degenerate inputs give codes and finite defaults, never NaN", () => {
    const none = welchTTest({ n: 0, sum: 0, sumSquares: 0 }, { n: 5, sum: 5, sumSquares: 7 });
    expect(none).toMatchObject({ code: STATS_CODES.NO_DATA, t: 0, pValue: 1 });
    const one = welchTTest({ n: 1, sum: 4, sumSquares: 16 }, { n: 5, sum: 5, sumSquares: 7 });
    expect(one).toMatchObject({ code: STATS_CODES.INSUFFICIENT_DATA, pValue: 1, difference: 3 });
    const flat = welchTTest({ n: 4, sum: 8, sumSquares: 16 }, { n: 3, sum: 6, sumSquares: 12 });
    expect(flat).toMatchObject({ code: STATS_CODES.ZERO_VARIANCE, t: 0, pValue: 1, difference: 0 });
    const bad = welchTTest({ n: -1, sum: 0, sumSquares: 0 }, { n: 5, sum: Number.NaN, sumSquares: 7 });
    expect(bad.code).toBe(STATS_CODES.INVALID_INPUT);
    // Σx² slightly below (Σx)²/n from rounding: variance clamps at 0 instead of going negative.
    expect(sampleVariance({ n: 3, sum: 0.3, sumSquares: 0.03 - 1e-18 })).toBe(0);
    for (const r of [none, one, flat, bad]) expectNoNaN(r);
  });
});
