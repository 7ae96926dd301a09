import { describe, expect, it } from "vitest";
import { departureFromTrend, STATS_CODES, stratifiedTrendTest, trendTest } from "../../../server/core/stats";
import { expectClose } from "./close";

const groups = (pairs: Array<[number, number]>) => pairs.map(([n, successes]) => ({ n, successes }));

// statsmodels 0.13.5 Table([[n − x, x], …], shift_zeros=False).test_ordinal_association(row_scores, [0, 1]) — test/reference/trend.py
// Departure: scipy 1.10.1 chi2_contingency(table, correction=False) − z²·N/(N − 1), chi2.sf on k − 2 df — same script.
const REFERENCE = {
  rising: { statistic: 154.0, nullMean: 118.5, nullSd: 9.426681467603325, zScore: 3.765906392615773, pValue: 0.00016594596109720648, departure: 0.08871634656441785, departureP: 0.9566112635087504 },
  "falling, unequal scores": {
    statistic: 240.0,
    nullMean: 332.03225806451616,
    nullSd: 23.109183225131815,
    zScore: -3.982497224931289,
    pValue: 6.819492133500496e-5,
    departure: 2.1714227723479276,
    departureP: 0.33766149271682583,
  },
  flat: { statistic: 30.0, nullMean: 30.0, nullSd: 4.249729481848971, zScore: 0.0, pValue: 1.0, departure: 0.0, departureP: 1.0 },
  "u-shape": { statistic: 197.0, nullMean: 195.0, nullSd: 12.042287181725042, zScore: 0.16608140711302175, pValue: 0.8680928859186298, departure: 25.266427030913015, departureP: 3.261858231044559e-6 },
};
const CASES: Record<keyof typeof REFERENCE, { groups: Array<[number, number]>; scores?: number[] }> = {
  rising: { groups: [[200, 10], [180, 14], [210, 25], [190, 30]] },
  "falling, unequal scores": { groups: [[50, 20], [80, 25], [120, 22], [60, 6]], scores: [1, 2, 5, 10] },
  flat: { groups: [[100, 10], [100, 10], [100, 10]] },
  "u-shape": { groups: [[300, 45], [300, 20], [300, 18], [300, 47]] },
};

describe("trend test for ordered groups", () => {
  for (const [name, expected] of Object.entries(REFERENCE)) {
    it(`equals statsmodels' linear-by-linear test: ${name}`, () => {
      const { groups: pairs, scores } = CASES[name as keyof typeof REFERENCE];
      const result = trendTest(groups(pairs), scores);
      expect(result.code).toBe(STATS_CODES.OK);
      for (const key of ["statistic", "nullMean", "nullSd", "zScore", "pValue"] as const) expectClose(result[key], expected[key], 1e-9);
      const departure = departureFromTrend(groups(pairs), scores);
      expect(departure.dof).toBe(pairs.length - 2);
      expectClose(departure.statistic, expected.departure, 1e-9, 1e-12);
      expectClose(departure.pValue, expected.departureP, 1e-9);
    });
  }

  it("a U shape has no linear trend, and departs from one: the groups differ, not in one direction", () => {
    expect(trendTest(groups(CASES["u-shape"].groups)).pValue).toBeGreaterThan(0.5);
    expect(departureFromTrend(groups(CASES["u-shape"].groups)).pValue).toBeLessThan(1e-5);
  });

  it("within strata, a trend that is only the strata's mix vanishes (Σ(T − E) / √ΣV; test/reference/trend.py)", () => {
    const strata = [groups([[100, 5], [50, 3], [20, 1]]), groups([[20, 8], [50, 20], [100, 40]])];
    const pooled = strata[0]!.map((g, i) => ({ n: g.n + strata[1]![i]!.n, successes: g.successes + strata[1]![i]!.successes }));
    expectClose(trendTest(pooled).zScore, 4.311898024031978, 1e-9);
    expectClose(trendTest(pooled).pValue, 1.6185908575032164e-5, 1e-9);
    const within = stratifiedTrendTest(strata);
    expectClose(within.zScore, 0.04799409339811953, 1e-9);
    expectClose(within.pValue, 0.9617209499695877, 1e-9);
    expectClose(within.nullSd, 4.9025640654413944, 1e-9);
  });

  it("says why it cannot test: no data, no spread, bad input", () => {
    expect(trendTest([]).code).toBe(STATS_CODES.INVALID_INPUT);
    expect(trendTest(groups([[0, 0], [0, 0]])).code).toBe(STATS_CODES.NO_DATA);
    expect(trendTest(groups([[10, 0], [10, 0], [10, 0]])).code).toBe(STATS_CODES.ZERO_VARIANCE);
    expect(trendTest(groups([[10, 2], [10, 11]])).code).toBe(STATS_CODES.INVALID_INPUT);
    expect(trendTest(groups([[10, 2], [10, 3]]), [1]).code).toBe(STATS_CODES.INVALID_INPUT);
    expect(trendTest(groups([[10, 2], [10, 3]])).pValue).toBeLessThanOrEqual(1);
  });
});
