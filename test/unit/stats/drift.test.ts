import { describe, expect, it } from "vitest";
import { populationStabilityIndex, psiFromValues, psiLevel, rankChanges, spearman, STATS_CODES } from "../../../server/core/stats";
import { expectAllClose, expectClose, expectNoNaN } from "./close";

// numpy 1.24.2 / pandas 1.5.3 / scipy 1.10.1 — test/reference/binning_drift.py
// PSI in numpy of expected [100, 200, 300, 250, 150], actual [120, 180, 260, 300, 140]
const PSI_SHIFT = { expected: [100, 200, 300, 250, 150], actual: [120, 180, 260, 300, 140], psi: 0.021283681749229788, contributions: [0.00364643113587909, 0.00210721031315653, 0.005724033745626929, 0.009116077839697728, 0.0006899287148695118] };
// PSI in numpy of expected [50, 0, 30, 20], actual [40, 10, 30, 0]
const PSI_EMPTY_BIN = { expected: [50, 0, 30, 20], actual: [40, 10, 30, 0], psi: 2.426805431915042, contributions: [0.0, 0.8906492639040137, 0.016735766348565734, 1.5194204016624624] };
// PSI in numpy of expected [500, 300, 200], actual [100, 300, 600]
const PSI_BIG = { expected: [500, 300, 200], actual: [100, 300, 600], psi: 1.083220080440884, contributions: [0.6437751649736402, 0.0, 0.4394449154672438] };
// BASE = 1..40, CURR = 1.3 * BASE - 2; pandas.qcut(BASE, 4) edges; clamped counts; PSI in numpy
const PSI_VALUES = { edges: [1.0, 10.75, 20.5, 30.25, 40.0], expectedCounts: [10, 10, 10, 10], actualCounts: [9, 8, 7, 16], psi: 0.11104235563942143 };
// scipy.stats.spearmanr([3, 1, 4, 1, 5, 9, 2, 6, 5, 3], [2, 7, 1, 8, 2, 8, 1, 8, 2, 8])
const SPEARMAN_TIES = { x: [3, 1, 4, 1, 5, 9, 2, 6, 5, 3], y: [2, 7, 1, 8, 2, 8, 1, 8, 2, 8], rho: 0.13471506281091267, p: 0.7106008805223829 };
// scipy.stats.spearmanr([1, 2, 3, 4, 5, 6, 7, 8], [2, 1, 4, 3, 6, 5, 8, 7])
const SPEARMAN_RANKS = { x: [1, 2, 3, 4, 5, 6, 7, 8], y: [2, 1, 4, 3, 6, 5, 8, 7], rho: 0.9047619047619048, p: 0.0020082755054294677 };
// scipy.stats.spearmanr([1, 2, 3], [1, 3, 2])
const SPEARMAN_THREE = { x: [1, 2, 3], y: [1, 3, 2], rho: 0.5, p: 0.6666666666666667 };

describe("populationStabilityIndex", () => {
  it.each([
    ["a mild shift", PSI_SHIFT],
    ["an empty bin (epsilon 1e-4)", PSI_EMPTY_BIN],
    ["a large shift", PSI_BIG],
  ] as const)("matches numpy Σ(a − e)·ln(a/e) on %s", (_name, ref) => {
    const r = populationStabilityIndex(ref.expected, ref.actual);
    expect(r.code).toBe(STATS_CODES.OK);
    expectClose(r.psi, ref.psi);
    expectAllClose(r.contributions, ref.contributions);
    expect(r.level).toBe(psiLevel(ref.psi));
  });

  it("reads PSI with the usual bands", () => {
    expect(populationStabilityIndex(PSI_SHIFT.expected, PSI_SHIFT.actual).level).toBe("stable");
    expect(psiLevel(0.1)).toBe("moderate");
    expect(populationStabilityIndex(PSI_BIG.expected, PSI_BIG.actual).level).toBe("significant");
  });

  it("psiFromValues bins the baseline by quantiles (pandas qcut edges) and clamps new values into the end bins", () => {
    const base = Array.from({ length: 40 }, (_, i) => i + 1);
    const curr = base.map((v) => v * 1.3 - 2);
    const r = psiFromValues(base, curr, { bins: 4 });
    expectAllClose(r.edges, PSI_VALUES.edges);
    expect(r.expectedCounts).toEqual(PSI_VALUES.expectedCounts);
    expect(r.actualCounts).toEqual(PSI_VALUES.actualCounts);
    expectClose(r.psi, PSI_VALUES.psi);
  });

  it("empty or mismatched inputs give codes and PSI 0", () => {
    expect(populationStabilityIndex([0, 0], [1, 2])).toMatchObject({ code: STATS_CODES.NO_DATA, psi: 0 });
    expect(populationStabilityIndex([1, 2], [1]).code).toBe(STATS_CODES.INVALID_INPUT);
    expect(psiFromValues([], [1, 2]).code).toBe(STATS_CODES.NO_DATA);
    expectNoNaN(psiFromValues([], [1, 2]));
  });
});

describe("spearman", () => {
  it.each([
    ["ties", SPEARMAN_TIES],
    ["swapped pairs", SPEARMAN_RANKS],
    ["three points", SPEARMAN_THREE],
  ] as const)("matches scipy.stats.spearmanr on %s", (_name, ref) => {
    const r = spearman(ref.x, ref.y);
    expect(r.code).toBe(STATS_CODES.OK);
    expectClose(r.rho, ref.rho);
    expectClose(r.pValue, ref.p);
  });

  it("perfect agreement gives ρ = 1, p = 0 (scipy's limit); constants and short inputs give codes", () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toMatchObject({ code: STATS_CODES.OK, rho: 1, pValue: 0 });
    expect(spearman([1, 1, 1], [1, 2, 3])).toMatchObject({ code: STATS_CODES.ZERO_VARIANCE, rho: 0, pValue: 1 });
    expect(spearman([1], [2]).code).toBe(STATS_CODES.INSUFFICIENT_DATA);
    expect(spearman([], []).code).toBe(STATS_CODES.NO_DATA);
    expect(spearman([1, 2], [1]).code).toBe(STATS_CODES.INVALID_INPUT);
  });
});

describe("rankChanges", () => {
  it("reports moves, new and dropped items, and Spearman over the common items", () => {
    const r = rankChanges(["saas", "fintech", "health", "retail"], ["fintech", "saas", "retail", "edtech"]);
    expect(r.items).toEqual([
      { name: "fintech", previousRank: 2, currentRank: 1, change: 1, status: "up" },
      { name: "saas", previousRank: 1, currentRank: 2, change: -1, status: "down" },
      { name: "retail", previousRank: 4, currentRank: 3, change: 1, status: "up" },
      { name: "edtech", previousRank: null, currentRank: 4, change: null, status: "new" },
      { name: "health", previousRank: 3, currentRank: null, change: null, status: "dropped" },
    ]);
    // Common items fintech, saas, retail: previous ranks (2, 1, 4) against current (1, 2, 3); ρ = 0.5 by hand.
    expectClose(r.spearman.rho, 0.5);
    expect(r.spearman.n).toBe(3);
  });

  it("duplicate names → INVALID_INPUT; two empty rankings → NO_DATA", () => {
    expect(rankChanges(["a", "a"], ["a"]).code).toBe(STATS_CODES.INVALID_INPUT);
    expect(rankChanges([], []).code).toBe(STATS_CODES.NO_DATA);
  });
});
