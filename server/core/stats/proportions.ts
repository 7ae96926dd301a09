/**
 * Inference for one and two proportions (conversion rates): Wilson intervals, the pooled
 * two-proportion z-test, the relative lift (risk ratio) and the Newcombe interval for a
 * difference. 2×2 table tests (χ², Fisher) and goodness of fit live in `contingency.ts`.
 *
 * Domain rules:
 * - Inputs are counts (`successes ≤ trials`, both finite and ≥ 0). Weighted (non-integer)
 *   counts are accepted by these normal-approximation methods.
 * - Differences and ratios are always "first argument versus second": `a` is the variant or
 *   segment of interest, `b` the baseline. A positive difference or lift means `a` converts more.
 * - Degenerate data never yield NaN: a result with a `code` other than "OK" carries the
 *   no-effect default (difference 0, lift 0, z 0, p 1, interval [0, 0] for effects, [0, 1]
 *   for a rate).
 */
import { normalSf, twoSidedPFromZ, zCritical } from "./distributions";
import { STATS_CODES, type Interval, type StatsCode } from "./messages";
import { isValidProportion, type ProportionStats } from "./types";

export interface ConfidenceOptions {
  /** 1 − coverage of two-sided intervals (0.05 gives 95% intervals). */
  alpha?: number;
}

export interface RateInterval extends Interval {
  code: StatsCode;
  /** Observed rate successes / trials (0 when there are no trials). */
  estimate: number;
}

/**
 * Wilson score interval for a proportion (`statsmodels proportion_confint(method="wilson")`).
 *
 * With `continuityCorrection`, the Wilson interval with Yates' correction (Newcombe 1998,
 * method 4): the upper bound solves π − (p + 1/(2n)) = z·√(π(1−π)/n), the lower bound the mirror
 * image; the lower bound is 0 when x = 0 and the upper 1 when x = n. Bounds are clamped to [0, 1].
 * n = 0 gives NO_DATA with [0, 1].
 */
export function wilsonInterval(
  stats: ProportionStats,
  options: ConfidenceOptions & { continuityCorrection?: boolean } = {},
): RateInterval {
  const { successes: x, trials: n } = stats;
  if (!isValidProportion(stats)) return { code: STATS_CODES.INVALID_INPUT, estimate: 0, lower: 0, upper: 1 };
  if (n === 0) return { code: STATS_CODES.NO_DATA, estimate: 0, lower: 0, upper: 1 };
  const z = zCritical(options.alpha ?? 0.05);
  const p = x / n;
  if (!options.continuityCorrection) {
    const [lower, upper] = wilsonBounds(p, n, z);
    return { code: STATS_CODES.OK, estimate: p, lower: x === 0 ? 0 : lower, upper: x === n ? 1 : upper };
  }
  const lower = x === 0 ? 0 : wilsonBounds(p - 0.5 / n, n, z)[0];
  const upper = x === n ? 1 : wilsonBounds(p + 0.5 / n, n, z)[1];
  return { code: STATS_CODES.OK, estimate: p, lower, upper };
}

/** Wilson bounds at (possibly shifted) rate p, clamped to [0, 1]; statsmodels' arrangement of the formula. */
function wilsonBounds(p: number, n: number, z: number): [number, number] {
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const dist = (z * Math.sqrt(Math.max(0, p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return [Math.max(0, center - dist), Math.min(1, center + dist)];
}

export interface DifferenceInterval extends Interval {
  code: StatsCode;
  /** p_a − p_b. */
  difference: number;
}

/**
 * Newcombe's hybrid score interval for p_a − p_b (Newcombe 1998, method 10; statsmodels
 * `confint_proportions_2indep(compare="diff", method="newcomb")`): from the Wilson bounds
 * (l₁, u₁), (l₂, u₂), lower = d − √((p₁−l₁)² + (u₂−p₂)²), upper = d + √((u₁−p₁)² + (p₂−l₂)²).
 * Unlike Wald it stays inside [−1, 1] and is valid at rates 0 and 1. Either n = 0 → NO_DATA.
 */
export function newcombeInterval(a: ProportionStats, b: ProportionStats, options: ConfidenceOptions = {}): DifferenceInterval {
  if (!isValidProportion(a) || !isValidProportion(b)) return { code: STATS_CODES.INVALID_INPUT, difference: 0, lower: 0, upper: 0 };
  if (a.trials === 0 || b.trials === 0) return { code: STATS_CODES.NO_DATA, difference: 0, lower: 0, upper: 0 };
  const w1 = wilsonInterval(a, options);
  const w2 = wilsonInterval(b, options);
  const p1 = w1.estimate;
  const p2 = w2.estimate;
  const d = p1 - p2;
  return {
    code: STATS_CODES.OK,
    difference: d,
    lower: d - Math.hypot(p1 - w1.lower, w2.upper - p2),
    upper: d + Math.hypot(w1.upper - p1, p2 - w2.lower),
  };
}

/**
 * Wald interval for p_a − p_b with the unpooled variance p₁q₁/n₁ + p₂q₂/n₂ (statsmodels
 * `confint_proportions_2indep(compare="diff", method="wald")`). Collapses to a point at rates
 * 0 or 1; prefer `newcombeInterval` for small counts.
 */
export function waldDifferenceInterval(a: ProportionStats, b: ProportionStats, options: ConfidenceOptions = {}): DifferenceInterval {
  if (!isValidProportion(a) || !isValidProportion(b)) return { code: STATS_CODES.INVALID_INPUT, difference: 0, lower: 0, upper: 0 };
  if (a.trials === 0 || b.trials === 0) return { code: STATS_CODES.NO_DATA, difference: 0, lower: 0, upper: 0 };
  const p1 = a.successes / a.trials;
  const p2 = b.successes / b.trials;
  const d = p1 - p2;
  const half = zCritical(options.alpha ?? 0.05) * Math.sqrt((p1 * (1 - p1)) / a.trials + (p2 * (1 - p2)) / b.trials);
  const code = half === 0 ? STATS_CODES.ZERO_VARIANCE : STATS_CODES.OK;
  return { code, difference: d, lower: d - half, upper: d + half };
}

export interface TwoProportionTest {
  code: StatsCode;
  rateA: number;
  rateB: number;
  /** rateA − rateB. */
  difference: number;
  /** (p_a − p_b) / √(p̄(1−p̄)(1/n_a + 1/n_b)) with the pooled rate p̄. */
  z: number;
  /** Two-sided p-value 2·Φ(−|z|). */
  pValue: number;
  wald: Interval;
  newcombe: Interval;
}

/**
 * Pooled two-proportion z-test (statsmodels `proportions_ztest([x_a, x_b], [n_a, n_b])`) with
 * the difference and both its Wald and Newcombe intervals.
 * Either n = 0 → NO_DATA. A pooled rate of 0 or 1 (nobody or everybody converted) →
 * ZERO_VARIANCE with z 0 and p 1; the Newcombe interval is still reported there.
 */
export function twoProportionZTest(a: ProportionStats, b: ProportionStats, options: ConfidenceOptions = {}): TwoProportionTest {
  const empty = { lower: 0, upper: 0 };
  const base = { rateA: 0, rateB: 0, difference: 0, z: 0, pValue: 1, wald: empty, newcombe: empty };
  if (!isValidProportion(a) || !isValidProportion(b)) return { code: STATS_CODES.INVALID_INPUT, ...base };
  if (a.trials === 0 || b.trials === 0) return { code: STATS_CODES.NO_DATA, ...base };
  const rateA = a.successes / a.trials;
  const rateB = b.successes / b.trials;
  const pooled = (a.successes + b.successes) / (a.trials + b.trials);
  const wald = waldDifferenceInterval(a, b, options);
  const nc = newcombeInterval(a, b, options);
  const intervals = { wald: { lower: wald.lower, upper: wald.upper }, newcombe: { lower: nc.lower, upper: nc.upper } };
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials));
  if (!(se > 0)) return { code: STATS_CODES.ZERO_VARIANCE, rateA, rateB, difference: rateA - rateB, z: 0, pValue: 1, ...intervals };
  const z = (rateA - rateB) / se;
  return { code: STATS_CODES.OK, rateA, rateB, difference: rateA - rateB, z, pValue: twoSidedPFromZ(z), ...intervals };
}

export interface RelativeLift {
  code: StatsCode;
  /** p_a / p_b − 1 (0.25 = a converts 25% more often than b). */
  lift: number;
  /** p_a / p_b. */
  riskRatio: number;
  /** Standard error of ln(p_a / p_b) by the delta method (Katz): √(1/x_a − 1/n_a + 1/x_b − 1/n_b). */
  logSe: number;
  /** Interval for the lift (risk ratio − 1): Katz's, or MOVER-R Wilson's for small counts (see `relativeLift`). */
  interval: Interval;
  /** Which interval `interval` is. */
  intervalMethod: "katz" | "mover-wilson";
  /** One-sided probability that the true lift is ≤ 0 under the normal approximation on the log scale. */
  pNotPositive: number;
}

/** Below this many successes or failures in either group the Katz interval is replaced (see `relativeLift`). */
export const KATZ_MIN_COUNT = 5;

/**
 * The risk ratio's MOVER-R interval from each rate's Wilson interval (Zou & Donner 2008, "MOVER-R
 * Wilson" in Fagerland, Lydersen & Laake 2015, Stat Methods Med Res 24:224): closed form, and it
 * keeps the ratio to what rates in [0, 1] allow. Needs x_b > 0.
 */
function moverWilsonRatio(a: ProportionStats, b: ProportionStats, alpha: number): { lower: number; upper: number } {
  const pa = a.successes / a.trials;
  const pb = b.successes / b.trials;
  const wa = wilsonInterval(a, { alpha });
  const wb = wilsonInterval(b, { alpha });
  const product = pa * pb;
  const lower = (product - Math.sqrt(Math.max(0, product * product - wa.lower * (2 * pa - wa.lower) * wb.upper * (2 * pb - wb.upper)))) / (wb.upper * (2 * pb - wb.upper));
  const upper = (product + Math.sqrt(Math.max(0, product * product - wa.upper * (2 * pa - wa.upper) * wb.lower * (2 * pb - wb.lower)))) / (wb.lower * (2 * pb - wb.lower));
  return { lower, upper };
}

/**
 * Relative lift of `a` over baseline `b`. The interval is the delta-method interval on the log
 * risk ratio (Katz; statsmodels `confint_proportions_2indep(compare="ratio", method="log")`) when
 * both groups have at least `KATZ_MIN_COUNT` successes and failures. With fewer, Katz's variance
 * term of a group at 0% or 100% vanishes (a 1-of-1 segment would get an interval as narrow as its
 * baseline's) and its limits may imply a rate above 1, so the MOVER-R Wilson interval is used.
 * The ratio is taken of rates, which are never negative, so the sign of the lift is the sign of
 * p_a − p_b. Either n = 0 → NO_DATA; x_a = 0 or x_b = 0 (log of zero, or a zero baseline) →
 * ZERO_CELL with lift 0 and interval [0, 0].
 */
export function relativeLift(a: ProportionStats, b: ProportionStats, options: ConfidenceOptions = {}): RelativeLift {
  const base = { lift: 0, riskRatio: 1, logSe: 0, interval: { lower: 0, upper: 0 }, intervalMethod: "katz" as const, pNotPositive: 0.5 };
  if (!isValidProportion(a) || !isValidProportion(b)) return { code: STATS_CODES.INVALID_INPUT, ...base };
  if (a.trials === 0 || b.trials === 0) return { code: STATS_CODES.NO_DATA, ...base };
  if (a.successes === 0 || b.successes === 0) return { code: STATS_CODES.ZERO_CELL, ...base };
  const alpha = options.alpha ?? 0.05;
  const rr = a.successes / a.trials / (b.successes / b.trials);
  const logRr = Math.log(rr);
  const variance = 1 / a.successes - 1 / a.trials + 1 / b.successes - 1 / b.trials;
  const logSe = Math.sqrt(Math.max(0, variance));
  const pNotPositive = logSe > 0 ? normalSf(logRr / logSe) : logRr > 0 ? 0 : logRr < 0 ? 1 : 0.5;
  if (Math.min(a.successes, a.trials - a.successes, b.successes, b.trials - b.successes) < KATZ_MIN_COUNT) {
    const ratio = moverWilsonRatio(a, b, alpha);
    return { code: STATS_CODES.OK, lift: rr - 1, riskRatio: rr, logSe, interval: { lower: ratio.lower - 1, upper: ratio.upper - 1 }, intervalMethod: "mover-wilson", pNotPositive };
  }
  const half = zCritical(alpha) * logSe;
  const interval = { lower: Math.exp(logRr - half) - 1, upper: Math.exp(logRr + half) - 1 };
  return { code: STATS_CODES.OK, lift: rr - 1, riskRatio: rr, logSe, interval, intervalMethod: "katz", pNotPositive };
}
