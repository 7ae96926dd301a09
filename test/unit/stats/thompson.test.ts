import { describe, expect, it } from "vitest";
import { probabilityToBeat, sampleBeta, sampleGamma, sampleStandardNormal, seededRandom, STATS_CODES, thompsonWeights } from "../../../server/core/stats";
import { expectNoNaN } from "./close";

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sumSquares += x * x;
  }
  const mean = sum / n;
  return { mean, variance: (sumSquares - n * mean * mean) / (n - 1) };
}

describe("samplers (Marsaglia–Tsang gamma, Box–Muller normal)", () => {
  // 40,000 draws: the standard error of each mean is √(variance/40000); the bounds are ≥ 4 SE.
  it("have the right mean and variance", () => {
    const rng = seededRandom(11);
    const normal = moments(() => sampleStandardNormal(rng), 40000);
    expect(Math.abs(normal.mean)).toBeLessThan(0.02);
    expect(Math.abs(normal.variance - 1)).toBeLessThan(0.03);
    const beta = moments(() => sampleBeta(rng, 3, 7), 40000);
    expect(Math.abs(beta.mean - 0.3)).toBeLessThan(0.003);
    expect(Math.abs(beta.variance - 21 / 1100)).toBeLessThan(0.001);
    const small = moments(() => sampleGamma(rng, 0.5), 40000);
    expect(Math.abs(small.mean - 0.5)).toBeLessThan(0.015);
    expect(Math.abs(small.variance - 0.5)).toBeLessThan(0.05);
    const big = moments(() => sampleBeta(rng, 30001, 970001), 20000);
    expect(Math.abs(big.mean - 30001 / 1000002)).toBeLessThan(1e-5);
  });
});

describe("thompsonWeights", () => {
  const arms = [
    { successes: 30, trials: 1000 },
    { successes: 42, trials: 1000 },
    { successes: 35, trials: 1000 },
  ];

  it("weights sum to 1, are deterministic given the seed, and favour the better arm", () => {
    const r = thompsonWeights(arms, { seed: 5 });
    expect(r.code).toBe(STATS_CODES.OK);
    expect(r.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
    expect(thompsonWeights(arms, { seed: 5 })).toEqual(r);
    expect(thompsonWeights(arms, { seed: 6 }).weights).not.toEqual(r.weights);
    expect(r.weights[1]).toBeGreaterThan(r.weights[2]);
    expect(r.weights[2]).toBeGreaterThan(r.weights[0]);
  });

  it("two arms: P(best) agrees with the exact probabilityToBeat within Monte-Carlo error", () => {
    for (const [v, c] of [
      [{ successes: 45, trials: 500 }, { successes: 30, trials: 520 }],
      [{ successes: 12, trials: 100 }, { successes: 10, trials: 100 }],
      [{ successes: 0, trials: 50 }, { successes: 3, trials: 50 }],
    ]) {
      const draws = 20000;
      const exact = probabilityToBeat(v, c).probability;
      const r = thompsonWeights([v, c], { draws, seed: 3 });
      const se = Math.sqrt((exact * (1 - exact)) / draws);
      expect(Math.abs(r.probabilityBest[0] - exact)).toBeLessThan(4 * se + 1e-9);
    }
  });

  it("minWeight keeps a hopeless arm exploring and the weights summing to 1", () => {
    const r = thompsonWeights([{ successes: 5, trials: 1000 }, { successes: 80, trials: 1000 }], { minWeight: 0.05 });
    expect(r.probabilityBest[0]).toBe(0);
    expect(r.weights[0]).toBeCloseTo(0.05, 12);
    expect(r.weights[0] + r.weights[1]).toBeCloseTo(1, 12);
  });

  it("arms with no data share the traffic evenly (prior only); degenerate input gives codes, never NaN", () => {
    const fresh = thompsonWeights([{ successes: 0, trials: 0 }, { successes: 0, trials: 0 }], { draws: 20000 });
    expect(Math.abs(fresh.weights[0] - 0.5)).toBeLessThan(0.015);
    expect(thompsonWeights([])).toMatchObject({ code: STATS_CODES.NO_DATA, weights: [] });
    expect(thompsonWeights([{ successes: 1, trials: 10 }])).toMatchObject({ code: STATS_CODES.OK, weights: [1] });
    const bad = thompsonWeights([{ successes: 3, trials: 2 }, { successes: 1, trials: 10 }]);
    expect(bad).toMatchObject({ code: STATS_CODES.INVALID_INPUT, weights: [0.5, 0.5] });
    expect(thompsonWeights(arms, { minWeight: 0.5 }).code).toBe(STATS_CODES.INVALID_INPUT);
    for (const r of [fresh, bad]) expectNoNaN(r);
  });
});
