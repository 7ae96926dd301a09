/**
 * Welch's unequal-variance t-test for the difference of two means (revenue per exposed unit,
 * deal value, …) from addable sufficient statistics, with the relative lift and its
 * delta-method interval.
 *
 * Domain rules:
 * - Inputs are `MeanStats` = { n, sum, sumSquares } of the raw values (zeros included: revenue
 *   per exposed unit counts units that bought nothing as 0). Segments add (`addMeanStats`).
 *   The sample variance is (Σx² − (Σx)²/n)/(n − 1), clamped at 0 against rounding.
 * - Differences are "a versus b" (variant minus control); positive means a's mean is higher.
 * - Either n = 0 → NO_DATA; either n = 1 → INSUFFICIENT_DATA (a variance needs two values);
 *   both variances 0 → ZERO_VARIANCE. These return the no-effect default (difference as
 *   observed where it exists, t 0, p 1, df 0, interval [d, d]), never NaN.
 * - Relative lift is mean_a / mean_b − 1 and is only defined for a positive baseline mean:
 *   with mean_b = 0 it is ZERO_CELL and with mean_b < 0 INVALID_INPUT (lift 0, interval [0, 0]).
 *   Dividing by a negative baseline would flip the sign of the lift (a higher variant mean would
 *   show a negative lift; GrowthBook issue #6658), so no ratio is reported there: use the
 *   absolute difference, whose sign is always right.
 */
import { tQuantile, twoSidedPFromT } from "./distributions";
import { STATS_CODES, type Interval, type StatsCode } from "./messages";
import { isCount } from "./types";

/** Sufficient statistics of a sample of real values: count, Σx and Σx². Addable. */
export interface MeanStats {
  readonly n: number;
  readonly sum: number;
  readonly sumSquares: number;
}

export function addMeanStats(x: MeanStats, y: MeanStats): MeanStats {
  return { n: x.n + y.n, sum: x.sum + y.sum, sumSquares: x.sumSquares + y.sumSquares };
}

/** The sufficient statistics of a list of values (non-finite values make the result invalid). */
export function meanStatsFromValues(values: readonly number[]): MeanStats {
  let sum = 0;
  let sumSquares = 0;
  for (const v of values) {
    sum += v;
    sumSquares += v * v;
  }
  return { n: values.length, sum, sumSquares };
}

/** n a finite count, Σx and Σx² finite, Σx² ≥ 0. */
export function isValidMeanStats(s: MeanStats): boolean {
  return isCount(s.n) && Number.isFinite(s.sum) && Number.isFinite(s.sumSquares) && s.sumSquares >= 0;
}

/** Mean (0 when n = 0). */
export function meanOf(s: MeanStats): number {
  return s.n > 0 ? s.sum / s.n : 0;
}

/** Sample variance with n − 1 in the denominator (0 when n ≤ 1), clamped at 0 against rounding. */
export function sampleVariance(s: MeanStats): number {
  if (!(s.n > 1)) return 0;
  return Math.max(0, (s.sumSquares - (s.sum * s.sum) / s.n) / (s.n - 1));
}

export interface RelativeMeanLift {
  code: StatsCode;
  /** mean_a / mean_b − 1. */
  lift: number;
  /** Delta-method standard error of mean_a / mean_b: √(s²_a/(n_a·m_b²) + m_a²·s²_b/(n_b·m_b⁴)). */
  standardError: number;
  /** lift ± t_{1−α/2, df}·se, with the Welch df of the difference. */
  interval: Interval;
}

export interface WelchTTest {
  code: StatsCode;
  meanA: number;
  meanB: number;
  varianceA: number;
  varianceB: number;
  /** meanA − meanB. */
  difference: number;
  /** √(s²_a/n_a + s²_b/n_b). */
  standardError: number;
  t: number;
  /** Welch–Satterthwaite degrees of freedom: se⁴ / ((s²_a/n_a)²/(n_a−1) + (s²_b/n_b)²/(n_b−1)). */
  df: number;
  /** Two-sided p-value 2·P(T_df > |t|). */
  pValue: number;
  /** difference ± t_{1−α/2, df}·se. */
  interval: Interval;
  relative: RelativeMeanLift;
}

/**
 * Welch's t-test of mean_a − mean_b (scipy `ttest_ind_from_stats(..., equal_var=False)`,
 * statsmodels `CompareMeans.ttest_ind(usevar="unequal")` / `tconfint_diff(usevar="unequal")`),
 * with the relative lift mean_a/mean_b − 1 and its delta-method interval (see the file comment
 * for the domain rules on the baseline mean).
 */
export function welchTTest(a: MeanStats, b: MeanStats, options: { alpha?: number } = {}): WelchTTest {
  const alpha = options.alpha ?? 0.05;
  const noLift: RelativeMeanLift = { code: STATS_CODES.NO_DATA, lift: 0, standardError: 0, interval: { lower: 0, upper: 0 } };
  const empty = { meanA: 0, meanB: 0, varianceA: 0, varianceB: 0, difference: 0, standardError: 0, t: 0, df: 0, pValue: 1, interval: { lower: 0, upper: 0 } };
  if (!isValidMeanStats(a) || !isValidMeanStats(b) || !(alpha > 0 && alpha < 1)) {
    return { code: STATS_CODES.INVALID_INPUT, ...empty, relative: { ...noLift, code: STATS_CODES.INVALID_INPUT } };
  }
  if (a.n === 0 || b.n === 0) return { code: STATS_CODES.NO_DATA, ...empty, relative: noLift };
  const meanA = meanOf(a);
  const meanB = meanOf(b);
  const varianceA = sampleVariance(a);
  const varianceB = sampleVariance(b);
  const difference = meanA - meanB;
  const observed = { meanA, meanB, varianceA, varianceB, difference, standardError: 0, t: 0, df: 0, pValue: 1, interval: { lower: difference, upper: difference } };
  if (a.n < 2 || b.n < 2) return { code: STATS_CODES.INSUFFICIENT_DATA, ...observed, relative: { ...noLift, code: STATS_CODES.INSUFFICIENT_DATA } };
  const va = varianceA / a.n;
  const vb = varianceB / b.n;
  const se2 = va + vb;
  if (!(se2 > 0)) return { code: STATS_CODES.ZERO_VARIANCE, ...observed, relative: { ...noLift, code: STATS_CODES.ZERO_VARIANCE } };
  const standardError = Math.sqrt(se2);
  const df = (se2 * se2) / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  const t = difference / standardError;
  const q = tQuantile(1 - alpha / 2, df);
  const half = q * standardError;
  return {
    code: STATS_CODES.OK,
    meanA,
    meanB,
    varianceA,
    varianceB,
    difference,
    standardError,
    t,
    df,
    pValue: twoSidedPFromT(t, df),
    interval: { lower: difference - half, upper: difference + half },
    relative: relativeMeanLift(meanA, meanB, va, vb, q),
  };
}

/** Delta-method relative lift; `va`, `vb` are the variances of the two means (s²/n), `q` the critical value. */
function relativeMeanLift(meanA: number, meanB: number, va: number, vb: number, q: number): RelativeMeanLift {
  if (meanB === 0) return { code: STATS_CODES.ZERO_CELL, lift: 0, standardError: 0, interval: { lower: 0, upper: 0 } };
  if (meanB < 0) return { code: STATS_CODES.INVALID_INPUT, lift: 0, standardError: 0, interval: { lower: 0, upper: 0 } };
  const lift = meanA / meanB - 1;
  const standardError = Math.sqrt(va / (meanB * meanB) + (meanA * meanA * vb) / (meanB * meanB * meanB * meanB));
  const half = q * standardError;
  const code = standardError > 0 ? STATS_CODES.OK : STATS_CODES.ZERO_VARIANCE;
  return { code, lift, standardError, interval: { lower: lift - half, upper: lift + half } };
}
