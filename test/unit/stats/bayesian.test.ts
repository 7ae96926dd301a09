import { describe, expect, it } from "vitest";
import { betaPosterior, expectedLoss, probabilityToBeat, STATS_CODES, type BayesianMethod } from "../../../server/core/stats";
import { expectClose, expectNoNaN } from "./close";

// 50-digit mpmath: Evan Miller's closed form term by term and mpmath.quad of f_C(y)·P(V > y) (agreeing to 1e-12),
// checked against scipy 1.10.1 integrate.quad; expected losses E[max(p_C − p_V, 0)] (choose V) and
// E[max(p_V − p_C, 0)] (choose C) by the closed form E[X]·P(X⁺ > Y) − E[Y]·P(X > Y⁺) and by mpmath.quad of
// ∫ P(Y < t)·P(X > t) dt — test/reference/bayesian.py
// [name, [xV, nV], [xC, nC], [prior α, prior β], P(V > C), loss of choosing V, loss of choosing C]
const CASES: [string, [number, number], [number, number], [number, number], number, number, number][] = [
  ["moderate lift", [45, 500], [30, 520], [1, 1], 0.9755530726047799, 0.00015192286513981214, 0.03239841582052135],
  ["close call", [12, 100], [10, 100], [1, 1], 0.6707204652120798, 0.009687200799833711, 0.02929504393708861],
  ["variant has no conversions", [0, 50], [3, 50], [1, 1], 0.05880588058805881, 0.05877927225134762, 0.001086964559039922],
  ["everybody converted", [50, 50], [45, 50], [1, 1], 0.9866254666703784, 0.00024221989039830048, 0.09639606604424446],
  ["identical arms", [10, 100], [10, 100], [1, 1], 0.5, 0.017129474568795485, 0.017129474568795485],
  ["variant far behind (tiny probability)", [10, 1000], [60, 1000], [1, 1], 1.1945594636179393e-10, 0.049900199600955625, 1.572196109139396e-13],
  ["informative prior", [20, 400], [14, 380], [3.5, 96.5], 0.7984098894830901, 0.001444145564088643, 0.01198581223075531],
  ["Jeffreys prior, control has no conversions", [2, 40], [0, 40], [0.5, 0.5], 0.9270740010819181, 0.0013936576985620504, 0.0501741455034401],
  ["a hundred thousand per arm", [3010, 100000], [3000, 100000], [1, 1], 0.5520975720317692, 0.0002572342829983998, 0.000357232283038399],
  ["a million per arm", [31000, 1000000], [30000, 1000000], [1, 1], 0.9999803985335449, 1.0510415098513718e-9, 0.00099999905104551],
];

const p = ([successes, trials]: [number, number]) => ({ successes, trials });
const integerPrior = (prior: [number, number]) => Number.isInteger(prior[0]) && Number.isInteger(prior[1]);

describe("probabilityToBeat / expectedLoss", () => {
  describe.each(["auto", "integration"] as BayesianMethod[])("method %s", (method) => {
    it.each(CASES)("%s: matches the mpmath closed form and quadrature", (_name, v, c, [alpha, beta], prob, lossV, lossC) => {
      const options = { prior: { alpha, beta }, method };
      const r = probabilityToBeat(p(v), p(c), options);
      expect(r.code).toBe(STATS_CODES.OK);
      expect(r.method).toBe(method === "auto" && integerPrior([alpha, beta]) ? "closed-form" : "integration");
      expectClose(r.probability, prob);
      const loss = expectedLoss(p(v), p(c), options);
      expect(loss.code).toBe(STATS_CODES.OK);
      expectClose(loss.variant, lossV);
      expectClose(loss.control, lossC);
    });
  });

  it("the closed form refuses a non-integer posterior instead of guessing", () => {
    const r = probabilityToBeat(p([2, 40]), p([0, 40]), { prior: { alpha: 0.5, beta: 0.5 }, method: "closed-form" });
    expect(r).toMatchObject({ code: STATS_CODES.INVALID_INPUT, probability: 0.5 });
  });

  it("is symmetric: P(V > C) + P(C > V) = 1, and loss(C) − loss(V) = E[p_V] − E[p_C]", () => {
    const a = p([45, 500]);
    const b = p([30, 520]);
    expectClose(probabilityToBeat(a, b).probability + probabilityToBeat(b, a).probability, 1, 1e-13);
    const loss = expectedLoss(a, b);
    expectClose(loss.control - loss.variant, 46 / 502 - 31 / 522, 1e-12);
  });

  it("is fast for a million trials per arm (closed form, about 3·10⁴ terms)", () => {
    const start = performance.now();
    for (let i = 0; i < 20; i++) {
      probabilityToBeat(p([31000 + i, 1000000]), p([30000, 1000000]));
      expectedLoss(p([31000 + i, 1000000]), p([30000, 1000000]));
    }
    expect((performance.now() - start) / 20).toBeLessThan(50);
  });

  it("no trials → NO_DATA, invalid counts or prior → INVALID_INPUT, with probability 0.5 and zero losses", () => {
    expect(probabilityToBeat(p([0, 0]), p([3, 10]))).toMatchObject({ code: STATS_CODES.NO_DATA, probability: 0.5 });
    expect(expectedLoss(p([0, 0]), p([3, 10]))).toMatchObject({ code: STATS_CODES.NO_DATA, variant: 0, control: 0 });
    expect(probabilityToBeat(p([5, 3]), p([3, 10])).code).toBe(STATS_CODES.INVALID_INPUT);
    expect(probabilityToBeat(p([1, 3]), p([3, 10]), { prior: { alpha: 0, beta: 1 } }).code).toBe(STATS_CODES.INVALID_INPUT);
    expectNoNaN(expectedLoss(p([Number.NaN, 3]), p([3, 10])));
  });
});

describe("betaPosterior", () => {
  it("is Beta(α₀ + x, β₀ + n − x) with scipy-matching quantiles (betaQuantile is tested in distributions.test.ts)", () => {
    const r = betaPosterior({ successes: 12, trials: 200 });
    expect(r).toMatchObject({ code: STATS_CODES.OK, alpha: 13, beta: 189 });
    expectClose(r.mean, 13 / 202);
    expect(r.lower).toBeLessThan(r.mean);
    expect(r.upper).toBeGreaterThan(r.mean);
    expect(betaPosterior({ successes: 0, trials: 0 })).toMatchObject({ code: STATS_CODES.NO_DATA, alpha: 1, beta: 1, mean: 0.5 });
  });
});
