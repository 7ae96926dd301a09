import { describe, expect, it } from "vitest";
import { chiSquare2x2, chiSquareGoodnessOfFit, fisherExact, sampleRatioMismatch, STATS_CODES } from "../../../server/core/stats";
import { expectAllClose, expectClose, expectNoNaN } from "./close";

// scipy 1.10.1 stats.chi2_contingency(t, correction=False | True) — test/reference/proportions.py
// [a, b, c, d, chi2, p, chi2Yates, pYates]
const CHI2: number[][] = [
  [3, 7, 12, 2, 7.725714285714286, 0.005443981805202453, 5.531428571428571, 0.018677849297492444],
  [8, 2, 1, 5, 6.112169312169312, 0.013425424881491248, 3.8095238095238093, 0.050961936967763424],
  [0, 5, 8, 4, 6.296296296296297, 0.012099050329172351, 3.9046874999999996, 0.04815158187882616],
  [45, 455, 30, 490, 3.9056410256410254, 0.04812426524691627, 3.4457816849816854, 0.06341341859271611],
  [10, 10, 10, 10, 0.0, 1.0, 0.0, 1.0],
  [6, 2, 1, 4, 3.7452380952380966, 0.05295818186952336, 1.8590773809523815, 0.1727313214967539],
  [2, 3, 3, 2, 0.4, 0.5270892568655381, 0.0, 1.0],
  [1, 0, 0, 1, 2.0, 0.15729920705028105, 0.0, 1.0],
  [7, 0, 2, 9, 11.454545454545453, 0.0007131933211868679, 8.415584415584416, 0.003720181930648292],
];

// scipy 1.10.1 stats.fisher_exact(t) two-sided — test/reference/proportions.py
// [a, b, c, d, oddsRatio, p]
const FISHER: number[][] = [
  [3, 7, 12, 2, 0.07142857142857142, 0.01037243480708281],
  [8, 2, 1, 5, 20.0, 0.034965034965034975],
  [0, 5, 8, 4, 0.0, 0.029411764705882353],
  [45, 455, 30, 490, 1.6153846153846154, 0.05475660352745299],
  [10, 10, 10, 10, 1.0, 1.0],
  [6, 2, 1, 4, 12.0, 0.10256410256410256],
  [2, 3, 3, 2, 0.4444444444444444, 1.0],
  [1, 0, 0, 1, Infinity, 1.0],
  [7, 0, 2, 9, Infinity, 0.002262443438914028],
];

// scipy 1.10.1 stats.chisquare(obs, f_exp=shares / shares.sum() * obs.sum()) — test/reference/proportions.py
const GOF: [number[], number[], number, number][] = [
  [[5021, 4979], [1, 1], 0.1764, 0.6744854536964989],
  [[480, 520, 1000], [1, 1, 2], 1.6, 0.4493289641172217],
  [[5200, 4800], [0.5, 0.5], 16.0, 6.334248366623988e-5],
  [[30, 20, 25, 25], [0.25, 0.25, 0.25, 0.25], 2.0, 0.5724067044708798],
];

describe("chiSquare2x2", () => {
  it.each(CHI2)("matches scipy chi2_contingency([[%i, %i], [%i, %i]]) with and without Yates", (a, b, c, d, x2, p, x2y, py) => {
    const plain = chiSquare2x2({ a, b, c, d });
    expect(plain.code).toBe(STATS_CODES.OK);
    expectClose(plain.statistic, x2);
    expectClose(plain.pValue, p);
    const yates = chiSquare2x2({ a, b, c, d }, { yates: true });
    expectClose(yates.statistic, x2y);
    expectClose(yates.pValue, py);
  });

  it("an empty row or column gives ZERO_MARGIN, an empty table NO_DATA", () => {
    const r = chiSquare2x2({ a: 0, b: 0, c: 3, d: 4 });
    expect(r).toMatchObject({ code: STATS_CODES.ZERO_MARGIN, statistic: 0, pValue: 1 });
    expect(chiSquare2x2({ a: 0, b: 0, c: 0, d: 0 }).code).toBe(STATS_CODES.NO_DATA);
    expectNoNaN(r);
  });
});

describe("fisherExact", () => {
  it.each(FISHER)("matches scipy fisher_exact([[%i, %i], [%i, %i]])", (a, b, c, d, or, p) => {
    const r = fisherExact({ a, b, c, d });
    expect(r.code).toBe(b * c === 0 ? STATS_CODES.ZERO_CELL : STATS_CODES.OK);
    expectClose(r.oddsRatio, or);
    expectClose(r.pValue, p);
  });

  it("degenerate tables: empty margin, empty table, non-integer counts", () => {
    expect(fisherExact({ a: 0, b: 5, c: 0, d: 3 })).toEqual({ code: STATS_CODES.ZERO_MARGIN, oddsRatio: 1, pValue: 1 });
    expect(fisherExact({ a: 0, b: 0, c: 0, d: 0 }).code).toBe(STATS_CODES.NO_DATA);
    expect(fisherExact({ a: 1.5, b: 2, c: 3, d: 4 }).code).toBe(STATS_CODES.INVALID_INPUT);
  });
});

describe("chiSquareGoodnessOfFit / sampleRatioMismatch", () => {
  it.each(GOF)("matches scipy chisquare(%j, f_exp from shares %j)", (obs, shares, x2, p) => {
    const r = chiSquareGoodnessOfFit(obs, shares);
    expect(r.code).toBe(STATS_CODES.OK);
    expect(r.dof).toBe(obs.length - 1);
    expectClose(r.statistic, x2);
    expectClose(r.pValue, p);
    const total = obs.reduce((s, x) => s + x, 0);
    const shareSum = shares.reduce((s, x) => s + x, 0);
    expectAllClose(r.expected, shares.map((s) => (s / shareSum) * total));
  });

  it("flags a 52/48 split of 10,000 as a sample-ratio mismatch at 0.001, but not 50.2/49.8", () => {
    expect(sampleRatioMismatch([5200, 4800], [1, 1]).mismatch).toBe(true);
    expect(sampleRatioMismatch([5021, 4979], [1, 1]).mismatch).toBe(false);
  });

  it("no observations → NO_DATA; bad shares or lengths → INVALID_INPUT", () => {
    const none = chiSquareGoodnessOfFit([0, 0], [1, 1]);
    expect(none.code).toBe(STATS_CODES.NO_DATA);
    expect(none.pValue).toBe(1);
    expect(chiSquareGoodnessOfFit([1, 2], [1, 0]).code).toBe(STATS_CODES.INVALID_INPUT);
    expect(chiSquareGoodnessOfFit([1, 2, 3], [1, 1]).code).toBe(STATS_CODES.INVALID_INPUT);
    expect(sampleRatioMismatch([0, 0], [1, 1]).mismatch).toBe(false);
  });
});
