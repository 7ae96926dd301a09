import { describe, expect, it } from "vitest";
import {
  cohensH,
  outcomesForConfidence,
  outcomesNeeded,
  patternConfidence,
  precisionScore,
  requiredSampleSize,
  SAMPLE_SIZE_RULES,
  STATS_CODES,
  volumeScore,
  wilsonInterval,
} from "../../../server/core/stats";
import { expectClose, expectNoNaN } from "./close";

// statsmodels 0.13.5 NormalIndPower().solve_power(effect_size=proportion_effectsize(target, baseline), alpha, power,
// ratio, alternative), and the same power equation solved with scipy brentq(xtol=1e-13) — test/reference/confidence.py
// [baseline, relativeLift, alpha, power, ratio, alternative, h, nobs1 (solve_power), nobs1 (tight brentq)]
const SAMPLE_SIZES: [number, number, number, number, number, "two-sided" | "one-sided", number, number, number][] = [
  [0.03, 0.2, 0.05, 0.8, 1.0, "two-sided", 0.03362183295052884, 13886.533123478488, 13886.533123473077],
  [0.05, 0.5, 0.05, 0.8, 1.0, "two-sided", 0.10378422118380909, 1457.3838252550995, 1457.3838252494852],
  [0.2, -0.25, 0.01, 0.9, 1.0, "two-sided", -0.1318963878174686, 1710.6030272906223, 1710.60302729063],
  [0.1, 0.3, 0.05, 0.8, 2.0, "two-sided", 0.09422485965996452, 1326.071286104375, 1326.0712864306556],
  [0.1, 0.3, 0.05, 0.8, 1.0, "one-sided", 0.09422485965996452, 1392.7306793740722, 1392.7306793733849],
];

describe("requiredSampleSize", () => {
  it.each(SAMPLE_SIZES)(
    "baseline %f, lift %f, alpha %f, power %f, ratio %f, %s: matches statsmodels NormalIndPower.solve_power with Cohen's h",
    (baseline, relativeLift, alpha, power, ratio, alternative, h, nStatsmodels, nTight) => {
      const r = requiredSampleSize({ baseline, relativeLift, alpha, power, ratio, alternative });
      expect(r.code).toBe(STATS_CODES.OK);
      expectClose(r.effectSize, h);
      expectClose(cohensH(baseline * (1 + relativeLift), baseline), h);
      // Newton to full precision against the tightly solved root...
      expectClose(r.nPerGroupExact, nTight, 1e-12);
      // ...and against statsmodels' own answer, whose brentq stops at ~1e-5 absolute in n (≤ 3e-10 relative here).
      expectClose(r.nPerGroupExact, nStatsmodels, 1e-9);
      expect(r.nGroup1).toBe(Math.ceil(nTight));
      expect(r.nGroup2).toBe(Math.ceil(Math.ceil(nTight) * ratio));
      expect(r.total).toBe(r.nGroup1 + r.nGroup2);
    },
  );

  it("zero lift → ZERO_EFFECT with infinite sizes; impossible rates → INVALID_INPUT; never NaN", () => {
    const zero = requiredSampleSize({ baseline: 0.1, relativeLift: 0 });
    expect(zero.code).toBe(STATS_CODES.ZERO_EFFECT);
    expect(zero.nGroup1).toBe(Infinity);
    expectNoNaN(zero);
    expect(requiredSampleSize({ baseline: 0, relativeLift: 0.2 }).code).toBe(STATS_CODES.INVALID_INPUT);
    expect(requiredSampleSize({ baseline: 0.6, relativeLift: 1 }).code).toBe(STATS_CODES.INVALID_INPUT);
    expectNoNaN(requiredSampleSize({ baseline: Number.NaN, relativeLift: 0.2 }));
  });
});

describe("patternConfidence (seed 003: weights after 100 outcomes, confidence > 0.7 after 200)", () => {
  it("volume is 0.5 at the 100-outcome minimum and 1 − 0.5/e ≈ 0.816 at 200 outcomes", () => {
    expect(SAMPLE_SIZE_RULES.minOutcomes).toBe(100);
    expect(volumeScore(100)).toBe(0.5);
    expectClose(volumeScore(200), 1 - 0.5 / Math.E);
    expect(patternConfidence({ outcomes: 200 }).confidence).toBeGreaterThan(SAMPLE_SIZE_RULES.confidenceTarget);
    expect(patternConfidence({ outcomes: 200 }).code).toBe(STATS_CODES.OK);
  });

  it("first reaches 0.7 at 152 outcomes (100 + 100·ln(5/3))", () => {
    expect(outcomesForConfidence(0.7)).toBe(152);
    expect(volumeScore(152)).toBeGreaterThanOrEqual(0.7);
    expect(volumeScore(151)).toBeLessThan(0.7);
    expect(outcomesForConfidence(0.5)).toBe(100);
    expect(outcomesForConfidence(1)).toBe(Infinity);
  });

  it("is monotone in outcomes, continuous at the minimum, and below the minimum reports INSUFFICIENT_DATA", () => {
    let last = -1;
    for (let n = 0; n <= 600; n += 5) {
      const c = patternConfidence({ outcomes: n }).confidence;
      expect(c).toBeGreaterThanOrEqual(last);
      expect(c).toBeLessThanOrEqual(1);
      last = c;
    }
    expectClose(volumeScore(99.999999), 0.5, 1e-6);
    expect(patternConfidence({ outcomes: 40 })).toMatchObject({ code: STATS_CODES.INSUFFICIENT_DATA, confidence: 0.2, outcomesNeeded: 60 });
  });

  it("a wide interval lowers confidence: precision is 1 up to width 0.2 and 0 at width 1", () => {
    expect(precisionScore(undefined)).toBe(1);
    expect(precisionScore(0.2)).toBe(1);
    expectClose(precisionScore(0.6), 0.5);
    expect(precisionScore(1)).toBe(0);
    // 200 outcomes at a 3% conversion rate: the Wilson interval is narrow, so confidence stays above 0.7.
    const w = wilsonInterval({ successes: 6, trials: 200 });
    const c = patternConfidence({ outcomes: 200, intervalWidth: w.upper - w.lower });
    expect(c.precision).toBe(1);
    expect(c.confidence).toBeGreaterThan(0.7);
    expectClose(patternConfidence({ outcomes: 200, intervalWidth: 0.6 }).confidence, 0.5 * (1 - 0.5 / Math.E));
  });

  it("outcomesNeeded counts up to the minimum and never goes negative", () => {
    expect(outcomesNeeded(0)).toBe(100);
    expect(outcomesNeeded(40, 100)).toBe(60);
    expect(outcomesNeeded(250, 100)).toBe(0);
    expect(outcomesNeeded(99.5, 100)).toBe(1);
  });

  it("no outcomes → NO_DATA with confidence 0; invalid input → INVALID_INPUT; never NaN", () => {
    expect(patternConfidence({ outcomes: 0 })).toMatchObject({ code: STATS_CODES.NO_DATA, confidence: 0 });
    const bad = patternConfidence({ outcomes: Number.NaN });
    expect(bad.code).toBe(STATS_CODES.INVALID_INPUT);
    expectNoNaN(bad);
    expect(patternConfidence({ outcomes: 10, intervalWidth: -1 }).code).toBe(STATS_CODES.INVALID_INPUT);
  });
});
