import { describe, expect, it } from "vitest";
import { assignBin, binCounts, binLabel, quantileBins, quantileSorted, STATS_CODES } from "../../../server/core/stats";
import { expectAllClose } from "./close";

// pandas 1.5.3 / numpy 1.24.2 — test/reference/binning_drift.py
const SIZES = [1, 1, 1, 1, 2, 3, 5, 5, 5, 5, 8, 10, 12, 20, 35, 50, 50, 50, 100, 200, 500, 1000, 5000, 2, 7, 15, 1, 5, 40, 250];
// pandas.qcut(SIZES, 4, labels=False, retbins=True, duplicates='drop')
const QCUT_4 = { edges: [1.0, 3.5, 9.0, 50.0, 5000.0], bins: [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 0, 1, 2, 0, 1, 2, 3] };
// pandas.qcut(SIZES, 10, labels=False, retbins=True, duplicates='drop')
const QCUT_10 = { edges: [1.0, 2.0, 5.0, 9.0, 17.00000000000001, 43.00000000000001, 60.00000000000014, 275.00000000000034, 5000.0], bins: [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 3, 3, 4, 4, 5, 5, 5, 6, 6, 7, 7, 7, 0, 2, 3, 0, 1, 4, 6] };
const VALUES = [0.3, 2.7, 1.1, 9.4, 4.4, 4.4, 7.25, 0.05, 3.3, 6.6, 8.1, 2.2];
// numpy.quantile(VALUES, numpy.linspace(0, 1, 6))
const QUANTILES_5 = [0.05, 1.3200000000000003, 2.9400000000000004, 4.4, 7.12, 9.4];

describe("quantileBins (pandas qcut, duplicates='drop')", () => {
  it.each([
    [4, QCUT_4],
    [10, QCUT_10],
  ] as const)("k = %i: edges and bin of every value match pandas.qcut on tied company sizes", (k, ref) => {
    const q = quantileBins(SIZES, k);
    expect(q.code).toBe(STATS_CODES.OK);
    expectAllClose(q.edges, ref.edges);
    expect(q.bins).toBe(ref.edges.length - 1);
    expect(q.bins).toBeLessThanOrEqual(k);
    expect(SIZES.map((x) => assignBin(q.edges, x))).toEqual(ref.bins);
  });

  it("quantileSorted matches numpy.quantile (linear) on continuous values", () => {
    const sorted = [...VALUES].sort((a, b) => a - b);
    expectAllClose([0, 1, 2, 3, 4, 5].map((i) => quantileSorted(sorted, i === 5 ? 1 : i * (1 / 5))), QUANTILES_5);
  });

  it("counts, labels, out-of-range and missing values", () => {
    const q = quantileBins(SIZES, 4);
    expect(binCounts(q.edges, SIZES).reduce((s, c) => s + c, 0)).toBe(SIZES.length);
    expect(binLabel(q.edges, 0)).toBe("[1, 3.5]");
    expect(binLabel(q.edges, 1)).toBe("(3.5, 9]");
    expect(binLabel(q.edges, 9)).toBe("unknown");
    expect(assignBin(q.edges, 0)).toBe(0);
    expect(assignBin(q.edges, 1e6)).toBe(3);
    expect(assignBin(q.edges, 1e6, { clamp: false })).toBe(-1);
    expect(assignBin(q.edges, Number.NaN)).toBe(-1);
    expect(quantileBins([3, Number.NaN, 1, Infinity, 2], 2).edges).toEqual([1, 2, 3]);
  });

  it("all-equal values give one bin with ZERO_VARIANCE; no finite values NO_DATA; k < 1 INVALID_INPUT", () => {
    const same = quantileBins([5, 5, 5], 4);
    expect(same).toEqual({ code: STATS_CODES.ZERO_VARIANCE, edges: [5, 5], bins: 1 });
    expect(assignBin(same.edges, 5)).toBe(0);
    expect(quantileBins([], 4).code).toBe(STATS_CODES.NO_DATA);
    expect(quantileBins([1, 2], 0).code).toBe(STATS_CODES.INVALID_INPUT);
  });
});
