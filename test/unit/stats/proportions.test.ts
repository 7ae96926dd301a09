import { describe, expect, it } from "vitest";
import {
  newcombeInterval,
  relativeLift,
  shrinkRates,
  STATS_CODES,
  twoProportionZTest,
  waldDifferenceInterval,
  wilsonInterval,
} from "../../../server/core/stats";
import { expectClose, expectNoNaN } from "./close";

// statsmodels 0.13.5 proportion_confint(x, n, alpha, method="wilson"), and Newcombe (1998) method 4
// (continuity-corrected Wilson) from its closed form in numpy — test/reference/proportions.py
// [x, n, alpha, lower, upper, ccLower, ccUpper]
const WILSON: [number, number, number, number, number, number, number][] = [
  [0, 10, 0.05, 0.0, 0.27753279986288926, 0.0, 0.3445372183069227],
  [3, 10, 0.05, 0.10779126740630104, 0.6032218525388546, 0.08094782420999444, 0.6463292764888313],
  [10, 10, 0.05, 0.7224672001371106, 1.0, 0.6554627816930774, 1.0],
  [1, 1, 0.05, 0.2065493143772374, 1.0, 0.05462075552885199, 1.0],
  [47, 1000, 0.05, 0.0355271051063845, 0.06193993808152845, 0.035094598029186706, 0.06250320839103375],
  [12, 25, 0.1, 0.3258180977980802, 0.6380880424421618, 0.30811015562099864, 0.6562478047894202],
];

// statsmodels 0.13.5 proportions_ztest([xa, xb], [na, nb]) and
// confint_proportions_2indep(xa, na, xb, nb, compare="diff", method="wald" | "newcomb") — test/reference/proportions.py
// [xa, na, xb, nb, z, p, waldLower, waldUpper, newcombeLower, newcombeUpper]
const TWO_PROPORTIONS: number[][] = [
  [45, 500, 30, 520, 1.9762694719195113, 0.0481242652469164, 0.0002009951824683484, 0.06441438943291625, 9.807362948761195e-5, 0.06532139896363118],
  [3, 10, 12, 14, -2.7795169158892135, 0.0054439818052024564, -0.8951804296553696, -0.21910528463034468, -0.7750980740933656, -0.15994667438136534],
  [0, 20, 5, 20, -2.390457218668787, 0.01682740948275685, -0.43977269678224906, -0.06022730321775094, -0.4687008776187441, -0.03776544556663031],
  [120, 2400, 95, 2380, 1.6819098401467685, 0.09258632427321943, -0.0016583646317913908, 0.02182643185868216, -0.00170271493265782, 0.021944274810951896],
];

// statsmodels 0.13.5 confint_proportions_2indep(xa, na, xb, nb, compare="ratio", method="log"), minus 1 — test/reference/proportions.py
// [xa, na, xb, nb, riskRatio, liftLower, liftUpper]
const LIFT: number[][] = [
  [45, 500, 30, 520, 1.5599999999999998, -0.0006722808339374442, 1.4352371632709588],
  [120, 2400, 95, 2380, 1.2526315789473685, -0.03716839961770313, 0.6296576389403552],
  [5, 10, 6, 14, 1.1666666666666667, -0.5092763821575799, 1.7736816848056978],
];

// Fewer than 5 successes or failures in a group: MOVER-R Wilson, from statsmodels' Wilson limits in closed form
// (Zou & Donner 2008; Fagerland, Lydersen & Laake 2015) — test/reference/proportions.py
// [xa, na, xb, nb, riskRatio, liftLower, liftUpper]
const LIFT_SMALL: number[][] = [
  [3, 10, 12, 14, 0.35000000000000003, -0.8747457689121851, -0.2273549275579395],
  [1, 1, 897, 17734, 19.770345596432552, 3.081259032414212, 20.074041834972867],
  [2, 3, 897, 17734, 13.1802303976217, 3.101500743632336, 17.677428493359297],
  [10, 10, 5, 40, 8.0, 2.545854230045204, 17.316694826176327],
  [1, 50, 30, 60, 0.04, -0.9929666576520088, -0.7818647078898255],
  [40, 50, 2, 10, 4.0, 0.5347081738498007, 13.147132102740157],
  [10, 10, 7, 7, 1.0, -0.2775327998628895, 0.5487798315277321],
];

describe("wilsonInterval", () => {
  it.each(WILSON)("matches statsmodels proportion_confint(%i, %i, alpha=%f, method='wilson')", (x, n, alpha, lo, up) => {
    const r = wilsonInterval({ successes: x, trials: n }, { alpha });
    expect(r.code).toBe(STATS_CODES.OK);
    expectClose(r.estimate, x / n);
    expectClose(r.lower, lo);
    expectClose(r.upper, up);
  });

  it.each(WILSON)("continuity-corrected (%i/%i, alpha=%f) matches Newcombe 1998 method 4 closed form", (x, n, alpha, _lo, _up, clo, cup) => {
    const r = wilsonInterval({ successes: x, trials: n }, { alpha, continuityCorrection: true });
    expectClose(r.lower, clo);
    expectClose(r.upper, cup);
  });

  it("n = 0 gives NO_DATA with [0, 1], invalid counts give INVALID_INPUT", () => {
    expect(wilsonInterval({ successes: 0, trials: 0 })).toEqual({ code: STATS_CODES.NO_DATA, estimate: 0, lower: 0, upper: 1 });
    expect(wilsonInterval({ successes: 5, trials: 3 }).code).toBe(STATS_CODES.INVALID_INPUT);
    expect(wilsonInterval({ successes: -1, trials: 3 }).code).toBe(STATS_CODES.INVALID_INPUT);
  });
});

describe("twoProportionZTest", () => {
  it.each(TWO_PROPORTIONS)("matches statsmodels proportions_ztest and confint_proportions_2indep for %i/%i vs %i/%i", (xa, na, xb, nb, z, p, wl, wu, nl, nu) => {
    const r = twoProportionZTest({ successes: xa, trials: na }, { successes: xb, trials: nb });
    expect(r.code).toBe(STATS_CODES.OK);
    expectClose(r.difference, xa / na - xb / nb);
    expectClose(r.z, z);
    expectClose(r.pValue, p);
    expectClose(r.wald.lower, wl);
    expectClose(r.wald.upper, wu);
    expectClose(r.newcombe.lower, nl);
    expectClose(r.newcombe.upper, nu);
    const nc = newcombeInterval({ successes: xa, trials: na }, { successes: xb, trials: nb });
    expectClose(nc.lower, nl);
    expectClose(nc.upper, nu);
    const w = waldDifferenceInterval({ successes: xa, trials: na }, { successes: xb, trials: nb });
    expectClose(w.lower, wl);
  });

  it("degenerate inputs give codes, never NaN: n = 0, nobody converted, everybody converted", () => {
    const noData = twoProportionZTest({ successes: 0, trials: 0 }, { successes: 3, trials: 10 });
    expect(noData.code).toBe(STATS_CODES.NO_DATA);
    expect(noData.pValue).toBe(1);
    for (const [a, b] of [
      [0, 0],
      [20, 30],
    ]) {
      const r = twoProportionZTest({ successes: a, trials: 20 }, { successes: b, trials: 30 });
      expect(r.code).toBe(STATS_CODES.ZERO_VARIANCE);
      expect(r.z).toBe(0);
      expect(r.pValue).toBe(1);
      expectNoNaN(r);
    }
    expectNoNaN(noData);
  });
});

describe("relativeLift", () => {
  it.each(LIFT)("matches statsmodels confint_proportions_2indep(compare='ratio', method='log') for %i/%i vs %i/%i", (xa, na, xb, nb, rr, lo, up) => {
    const r = relativeLift({ successes: xa, trials: na }, { successes: xb, trials: nb });
    expect(r).toMatchObject({ code: STATS_CODES.OK, intervalMethod: "katz" });
    expectClose(r.riskRatio, rr);
    expectClose(r.lift, rr - 1);
    expectClose(r.interval.lower, lo);
    expectClose(r.interval.upper, up);
  });

  it.each(LIFT_SMALL)("uses the MOVER-R Wilson interval below 5 successes or failures: %i/%i vs %i/%i", (xa, na, xb, nb, rr, lo, up) => {
    const r = relativeLift({ successes: xa, trials: na }, { successes: xb, trials: nb });
    expect(r).toMatchObject({ code: STATS_CODES.OK, intervalMethod: "mover-wilson" });
    expectClose(r.riskRatio, rr);
    expectClose(r.interval.lower, lo);
    expectClose(r.interval.upper, up);
  });

  it("a 1-of-1 segment gets an interval as wide as its own rate's, not its baseline's (Katz would give 18.5–21.1×)", () => {
    const r = relativeLift({ successes: 1, trials: 1 }, { successes: 897, trials: 17734 });
    const baseline = 897 / 17734;
    const own = wilsonInterval({ successes: 1, trials: 1 });
    // The ratio cannot exceed what a rate of 1 allows, and its lower end follows the segment's Wilson lower bound.
    expect(r.interval.upper + 1).toBeLessThanOrEqual(1 / wilsonInterval({ successes: 897, trials: 17734 }).lower + 1e-9);
    expect(r.interval.lower + 1).toBeLessThan(own.lower / baseline * 1.05);
  });

  it("lift sign follows the rate difference (a lower variant rate is a negative lift)", () => {
    const r = relativeLift({ successes: 3, trials: 10 }, { successes: 12, trials: 14 });
    expect(r.lift).toBeLessThan(0);
    // The 95% interval excludes 0 from below, so the one-sided P(lift ≤ 0) exceeds 0.975.
    expect(r.interval.upper).toBeLessThan(0);
    expect(r.pNotPositive).toBeGreaterThan(0.975);
  });

  it("zero baseline or zero variant conversions give ZERO_CELL; n = 0 gives NO_DATA", () => {
    expect(relativeLift({ successes: 4, trials: 10 }, { successes: 0, trials: 10 }).code).toBe(STATS_CODES.ZERO_CELL);
    expect(relativeLift({ successes: 0, trials: 10 }, { successes: 4, trials: 10 }).code).toBe(STATS_CODES.ZERO_CELL);
    const none = relativeLift({ successes: 0, trials: 0 }, { successes: 4, trials: 10 });
    expect(none.code).toBe(STATS_CODES.NO_DATA);
    expectNoNaN(none);
    // All successes in both groups: Katz's log variance is 0, the MOVER-R Wilson interval is not (LIFT_SMALL).
    const all = relativeLift({ successes: 10, trials: 10 }, { successes: 7, trials: 7 });
    expect(all).toMatchObject({ code: STATS_CODES.OK, riskRatio: 1, logSe: 0, pNotPositive: 0.5 });
    expectNoNaN(all);
  });
});

// Weighted method-of-moments beta-binomial (Kleinman 1973) in numpy — test/reference/proportions.py
// [successes, trials, mean, strength, rates]
const SHRINK: Array<[number[], number[], number, number, number[]]> = [
  [[30, 10, 4, 1, 0], [200, 200, 200, 1, 0], 0.07487520798668885, 10.10742785137697, [0.1463860467814524, 0.05119664674678376, 0.02263982673638317, 0.1581640489669726, 0.07487520798668885]],
  [[5, 5, 5, 5], [100, 100, 100, 100], 0.05, Infinity, [0.05, 0.05, 0.05, 0.05]],
  [[1, 20, 3, 40], [1, 100, 90, 200], 0.1636828644501279, 13.990297114673641, [0.21947342878332055, 0.1955427125855681, 0.05086986048712515, 0.19762565161342663]],
];

describe("shrinkRates", () => {
  it.each(SHRINK)("matches the numpy method-of-moments reference for %j of %j", (xs, ns, mean, strength, rates) => {
    const r = shrinkRates(xs.map((x, i) => ({ successes: x, trials: ns[i]! })));
    expectClose(r.mean, mean);
    if (Number.isFinite(strength)) expectClose(r.strength, strength);
    else expect(r.strength).toBe(Infinity);
    r.rates.forEach((v, i) => expectClose(v, rates[i]!));
  });

  it("pulls a 1-of-1 hour below a well-measured hour that really is better", () => {
    // A week of hours at about 5% replies, one at 10% on 400 touches, and one hour with a single touch that replied.
    const hours = [...Array.from({ length: 20 }, (_, i) => ({ successes: 18 + (i % 5), trials: 400 })), { successes: 40, trials: 400 }, { successes: 1, trials: 1 }];
    const r = shrinkRates(hours);
    const [better, lucky] = [r.rates[20]!, r.rates[21]!];
    expect(lucky).toBeLessThan(better);
    expect(better).toBeGreaterThan(r.mean + 0.01);
    expect(lucky).toBeLessThan(0.1);
    expect(shrinkRates([]).rates).toEqual([]);
  });
});
