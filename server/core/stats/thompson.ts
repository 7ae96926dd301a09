/**
 * Thompson-sampling allocation for a multi-armed (bandit) experiment: each arm's share of new
 * traffic is the posterior probability that it has the highest conversion rate, estimated by
 * seeded Monte-Carlo from independent Beta posteriors.
 *
 * Domain rules:
 * - Posteriors are Beta(α₀ + x, β₀ + n − x) with the Beta(1, 1) prior unless `prior` is given
 *   (as in `bayesian.ts`). An arm with no trials is drawn from the prior.
 * - `draws` joint draws (default 10,000): one Beta sample per arm each, and the arm with the
 *   largest sample wins that draw; P(best) = wins / draws. The Monte-Carlo standard error of a
 *   weight w is √(w(1 − w)/draws) (≤ 0.005 at 10,000 draws).
 * - Deterministic given `seed` (default 1): the generator is `random.ts`'s sfc32.
 * - `minWeight` m (default 0) keeps every arm exploring: weights are m + (1 − k·m)·P(best) for k
 *   arms, so each is ≥ m and they still sum to 1. Needs k·m ≤ 1.
 * - Beta samples are X/(X + Y) with X ~ Gamma(a), Y ~ Gamma(b) by Marsaglia & Tsang (2000),
 *   boosted by U^{1/a} for shapes below 1; standard normals by Box–Muller.
 * - No arms → NO_DATA (empty weights); invalid counts, prior or options → INVALID_INPUT with
 *   equal weights.
 */
import { STATS_CODES, type StatsCode } from "./messages";
import { seededRandom, type SeededRandom } from "./random";
import { isValidProportion, type ProportionStats } from "./types";
import { UNIFORM_BETA_PRIOR, type BetaPrior } from "./bayesian";

/** A standard normal draw (Box–Muller; one of the pair is used). */
export function sampleStandardNormal(rng: SeededRandom): number {
  const u1 = 1 - rng.next(); // (0, 1]
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** A Gamma(shape, 1) draw, shape > 0 (Marsaglia & Tsang 2000; shape < 1 via Gamma(shape + 1)·U^{1/shape}). */
export function sampleGamma(rng: SeededRandom, shape: number): number {
  if (shape < 1) {
    const u = 1 - rng.next();
    return sampleGamma(rng, shape + 1) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = sampleStandardNormal(rng);
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = 1 - rng.next();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** A Beta(a, b) draw, a, b > 0, as X/(X + Y) of two Gamma draws (the mean a/(a + b) if both underflow). */
export function sampleBeta(rng: SeededRandom, a: number, b: number): number {
  const x = sampleGamma(rng, a);
  const y = sampleGamma(rng, b);
  const s = x + y;
  return s > 0 ? x / s : a / (a + b);
}

export interface ThompsonOptions {
  /** Joint posterior draws (default 10,000). */
  draws?: number;
  /** Seed of the generator (default 1). */
  seed?: number;
  /** Floor on every arm's weight (default 0); k·minWeight ≤ 1. */
  minWeight?: number;
  prior?: BetaPrior;
}

export interface ThompsonWeights {
  code: StatsCode;
  /** Allocation weights, in arm order, summing to 1 (with the floor applied). */
  weights: number[];
  /** Monte-Carlo P(arm has the highest rate), in arm order (no floor). */
  probabilityBest: number[];
  draws: number;
}

/** Thompson-sampling allocation weights (see the file comment). */
export function thompsonWeights(arms: readonly ProportionStats[], options: ThompsonOptions = {}): ThompsonWeights {
  const draws = options.draws ?? 10_000;
  const minWeight = options.minWeight ?? 0;
  const prior = options.prior ?? UNIFORM_BETA_PRIOR;
  const k = arms.length;
  if (k === 0) return { code: STATS_CODES.NO_DATA, weights: [], probabilityBest: [], draws: 0 };
  const valid =
    arms.every(isValidProportion) &&
    Number.isInteger(draws) &&
    draws > 0 &&
    minWeight >= 0 &&
    k * minWeight <= 1 &&
    Number.isFinite(prior.alpha) &&
    prior.alpha > 0 &&
    Number.isFinite(prior.beta) &&
    prior.beta > 0;
  if (!valid) return { code: STATS_CODES.INVALID_INPUT, weights: arms.map(() => 1 / k), probabilityBest: arms.map(() => 1 / k), draws: 0 };
  const rng = seededRandom(options.seed ?? 1);
  const a = arms.map((s) => prior.alpha + s.successes);
  const b = arms.map((s) => prior.beta + s.trials - s.successes);
  const wins = new Array<number>(k).fill(0);
  for (let d = 0; d < draws; d++) {
    let best = 0;
    let bestValue = -1;
    for (let i = 0; i < k; i++) {
      const v = sampleBeta(rng, a[i], b[i]);
      if (v > bestValue) {
        bestValue = v;
        best = i;
      }
    }
    wins[best]++;
  }
  const probabilityBest = wins.map((w) => w / draws);
  const weights = probabilityBest.map((p) => minWeight + (1 - k * minWeight) * p);
  return { code: STATS_CODES.OK, weights, probabilityBest, draws };
}
