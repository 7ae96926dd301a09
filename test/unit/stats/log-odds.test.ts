import { describe, expect, it } from "vitest";
import { dirichletPrior, logOddsByTerm, logOddsDirichlet, STATS_CODES } from "../../../server/core/stats";
import { expectAllClose, expectClose, expectNoNaN } from "./close";

// numpy 1.24 from Monroe, Colaresi & Quinn (2008) eqs. 16, 20, 22 — test/reference/log_odds.py
const TERMS = ["calendar", "demo", "free", "guarantee", "pricing", "quick", "roi", "unsubscribe"];
const Y_I = [40.0, 25.0, 2.0, 3.0, 18.0, 30.0, 12.0, 1.0];
const Y_J = [60.0, 70.0, 0.0, 1.0, 40.0, 90.0, 5.0, 30.0];
const BACKGROUND = [900.0, 1100.0, 40.0, 10.0, 700.0, 1500.0, 150.0, 600.0];
const ALPHA0 = 100.0;
const PRIOR = [18.0, 22.0, 0.8, 0.2, 14.0, 30.0, 3.0, 12.0];
const DELTA = [0.3124939721392255, -0.1695490315417456, 1.801932496941105, 1.5307405095579707, 0.01825776857356498, -0.2144098713454552, 1.2143355913614826, -0.6879184104771459];
const VARIANCE = [0.030061892130857647, 0.03214616096207215, 1.6071428571428572, 1.1458333333333335, 0.04976851851851852, 0.025, 0.19166666666666665, 0.10073260073260074];
const Z = [1.8023265833769844, -0.945650716521159, 1.4213835220884643, 1.430015844571382, 0.08184088957537007, -1.3560470925506185, 2.773737953624479, -2.1674640806606567];
// shrinkage: z of a term split 2:0 versus 200:0, prior α_w = 1 — test/reference/log_odds.py
const Z_SMALL = 0.9514261508963459;
const Z_LARGE = 5.290161629096323;

describe("logOddsDirichlet (Monroe, Colaresi & Quinn 2008)", () => {
  it("builds the informative prior α_w = α₀·b_w/Σb as numpy does", () => {
    expectAllClose(dirichletPrior(BACKGROUND, ALPHA0), PRIOR);
  });

  it("δ̂, its variance and z match the numpy implementation of eqs. 16–22 on a small corpus", () => {
    const r = logOddsDirichlet(Y_I, Y_J, PRIOR);
    expect(r.code).toBe(STATS_CODES.OK);
    expectAllClose(r.delta, DELTA);
    expectAllClose(r.variance, VARIANCE);
    expectAllClose(r.z, Z);
    expect(r.termCodes.every((c) => c === STATS_CODES.OK)).toBe(true);
  });

  it("rare terms shrink toward 0: 'free' has the largest δ̂ but 'roi' the largest z", () => {
    const r = logOddsDirichlet(Y_I, Y_J, PRIOR);
    const best = (xs: number[]) => TERMS[xs.indexOf(Math.max(...xs))];
    expect(best(r.delta)).toBe("free");
    expect(best(r.z)).toBe("roi");
  });

  it("the same 2:0 split gives a small z at 2 uses and a large one at 200 (numpy reference)", () => {
    expectClose(logOddsDirichlet([2, 50], [0, 50], [1, 1]).z[0], Z_SMALL);
    expectClose(logOddsDirichlet([200, 50], [0, 50], [1, 1]).z[0], Z_LARGE);
  });

  it("logOddsByTerm keys the same numbers by term and sorts by z, highest first", () => {
    const rec = (xs: number[]) => Object.fromEntries(TERMS.map((t, i) => [t, xs[i]]));
    const r = logOddsByTerm(rec(Y_I), rec(Y_J), rec(PRIOR));
    expect(r.terms.map((t) => t.term)).toEqual([...TERMS].sort((a, b) => Z[TERMS.indexOf(b)] - Z[TERMS.indexOf(a)]));
    const roi = r.terms.find((t) => t.term === "roi")!;
    expectClose(roi.z, Z[TERMS.indexOf("roi")]);
    expectClose(roi.delta, DELTA[TERMS.indexOf("roi")]);
  });

  it("a term with no prior and no uses in a group gets ZERO_CELL, z 0; empty groups give NO_DATA", () => {
    const r = logOddsDirichlet([3, 5, 2], [0, 4, 6], [0, 1, 1]);
    expect(r.termCodes).toEqual([STATS_CODES.ZERO_CELL, STATS_CODES.OK, STATS_CODES.OK]);
    // A term that is a group's whole vocabulary has no "other words" mass: its odds are undefined too.
    expect(logOddsDirichlet([3, 5], [0, 4], [0, 0]).termCodes).toEqual([STATS_CODES.ZERO_CELL, STATS_CODES.ZERO_CELL]);
    expect(r.z[0]).toBe(0);
    expectNoNaN(r);
    const none = logOddsDirichlet([0, 0], [1, 2], [1, 1]);
    expect(none.code).toBe(STATS_CODES.NO_DATA);
    expectNoNaN(none);
    expect(logOddsDirichlet([1], [1, 2], [1, 1]).code).toBe(STATS_CODES.INVALID_INPUT);
    expect(dirichletPrior([0, 0], 10)).toEqual([0, 0]);
    expectAllClose(dirichletPrior([0, 2], 10, { pseudoCount: 1 }), [2.5, 7.5]);
  });
});
