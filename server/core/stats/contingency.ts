/**
 * Tests on count tables: Pearson's χ² for a 2×2 table (with or without Yates' correction),
 * Fisher's exact test, a χ² goodness-of-fit test used for sample-ratio mismatch, and the
 * linear-by-linear (Cochran–Armitage) trend test for ordered groups, plain and within strata.
 *
 * Domain rules:
 * - Tables are `[[a, b], [c, d]]` (rows: exposure, columns: outcome), see `types.ts`.
 * - A table with an empty row or column compares nothing: ZERO_MARGIN, statistic 0, p 1.
 * - Fisher's test needs integer counts; the χ² tests accept weighted counts.
 */
import { chiSquareSf, hypergeometricPmf, twoSidedPFromZ } from "./distributions";
import { STATS_CODES, type StatsCode } from "./messages";
import { isCount, isValidTable, type Table2x2 } from "./types";

export interface ChiSquareResult {
  code: StatsCode;
  statistic: number;
  pValue: number;
  dof: number;
}

export interface ChiSquare2x2Result extends ChiSquareResult {
  /** Expected counts under independence, in the table's layout. */
  expected: Table2x2;
}

/**
 * Pearson's χ² test of independence for a 2×2 table (scipy `chi2_contingency(table, correction)`).
 * With `yates` (scipy's default `correction=True`) each observed count is moved toward its
 * expected count by min(0.5, |O − E|), as scipy does, so a table already at independence stays at 0.
 */
export function chiSquare2x2(table: Table2x2, options: { yates?: boolean } = {}): ChiSquare2x2Result {
  const none = { statistic: 0, pValue: 1, dof: 1, expected: { a: 0, b: 0, c: 0, d: 0 } };
  if (!isValidTable(table)) return { code: STATS_CODES.INVALID_INPUT, ...none };
  const { a, b, c, d } = table;
  const n = a + b + c + d;
  if (n === 0) return { code: STATS_CODES.NO_DATA, ...none };
  const r1 = a + b;
  const r2 = c + d;
  const c1 = a + c;
  const c2 = b + d;
  if (r1 === 0 || r2 === 0 || c1 === 0 || c2 === 0) return { code: STATS_CODES.ZERO_MARGIN, ...none };
  const expected = { a: (r1 * c1) / n, b: (r1 * c2) / n, c: (r2 * c1) / n, d: (r2 * c2) / n };
  let statistic = 0;
  for (const key of ["a", "b", "c", "d"] as const) {
    const e = expected[key];
    let diff = Math.abs(table[key] - e);
    if (options.yates) diff = Math.max(0, diff - Math.min(0.5, diff));
    statistic += (diff * diff) / e;
  }
  return { code: STATS_CODES.OK, statistic, pValue: chiSquareSf(statistic, 1), dof: 1, expected };
}

export interface FisherResult {
  code: StatsCode;
  /** Sample odds ratio a·d / (b·c); Infinity when b·c = 0 (scipy's convention), 1 in the degenerate default. */
  oddsRatio: number;
  /** Two-sided exact p-value. */
  pValue: number;
}

/** Tables whose probability is within this factor of the observed one count as "as extreme" (R's and scipy's tie rule). */
const FISHER_RELATIVE_TOLERANCE = 1 + 1e-7;

/**
 * Fisher's exact test for a 2×2 table, two-sided, with scipy's definition of the two-sided
 * p-value: the total hypergeometric probability (margins fixed) of all tables whose probability
 * is ≤ the observed table's × (1 + 1e-7), the relative tolerance that absorbs rounding in tied
 * probabilities (as R's `fisher.test`; scipy 1.10 uses 1e-14, which gives the same value
 * except for floating-point near-ties).
 *
 * Cells must be integers. Empty row or column → ZERO_MARGIN with p 1 (scipy returns OR = NaN,
 * p = 1). b·c = 0 → code ZERO_CELL with oddsRatio = Infinity; the p-value is still exact there.
 */
export function fisherExact(table: Table2x2): FisherResult {
  const { a, b, c, d } = table;
  if (!isValidTable(table) || ![a, b, c, d].every(Number.isInteger)) return { code: STATS_CODES.INVALID_INPUT, oddsRatio: 1, pValue: 1 };
  if (a + b + c + d === 0) return { code: STATS_CODES.NO_DATA, oddsRatio: 1, pValue: 1 };
  if (a + b === 0 || c + d === 0 || a + c === 0 || b + d === 0) return { code: STATS_CODES.ZERO_MARGIN, oddsRatio: 1, pValue: 1 };
  const population = a + b + c + d;
  const successes = a + b; // row 1 total
  const draws = a + c; // column 1 total
  const lo = Math.max(0, draws - (c + d));
  const hi = Math.min(successes, draws);
  const threshold = hypergeometricPmf(a, population, successes, draws) * FISHER_RELATIVE_TOLERANCE;
  let pValue = 0;
  for (let x = lo; x <= hi; x++) {
    const p = hypergeometricPmf(x, population, successes, draws);
    if (p <= threshold) pValue += p;
  }
  pValue = Math.min(1, pValue);
  if (b * c === 0) return { code: STATS_CODES.ZERO_CELL, oddsRatio: Infinity, pValue };
  return { code: STATS_CODES.OK, oddsRatio: (a * d) / (b * c), pValue };
}

export interface GoodnessOfFitResult extends ChiSquareResult {
  /** Expected counts: total × normalised share. */
  expected: number[];
}

/**
 * Pearson χ² goodness of fit of observed counts to expected shares (scipy
 * `chisquare(f_obs, f_exp=shares / sum(shares) * sum(f_obs))`), dof = k − 1.
 * Shares are normalised to sum 1 and must all be > 0; fewer than 2 categories or mismatched
 * lengths → INVALID_INPUT; no observations → NO_DATA.
 */
export function chiSquareGoodnessOfFit(observed: readonly number[], expectedShares: readonly number[]): GoodnessOfFitResult {
  const k = observed.length;
  const none = { statistic: 0, pValue: 1, dof: Math.max(0, k - 1), expected: observed.map(() => 0) };
  if (k < 2 || expectedShares.length !== k || !observed.every(isCount) || !expectedShares.every((s) => Number.isFinite(s) && s > 0)) {
    return { code: STATS_CODES.INVALID_INPUT, ...none };
  }
  const total = observed.reduce((s, x) => s + x, 0);
  if (total === 0) return { code: STATS_CODES.NO_DATA, ...none };
  const shareSum = expectedShares.reduce((s, x) => s + x, 0);
  const expected = expectedShares.map((s) => (s / shareSum) * total);
  let statistic = 0;
  for (let i = 0; i < k; i++) statistic += (observed[i] - expected[i]) ** 2 / expected[i];
  return { code: STATS_CODES.OK, statistic, pValue: chiSquareSf(statistic, k - 1), dof: k - 1, expected };
}

export interface SampleRatioMismatch extends GoodnessOfFitResult {
  /** True when the goodness-of-fit p-value is below the threshold. */
  mismatch: boolean;
  threshold: number;
}

/**
 * Sample-ratio mismatch check: were units split across arms in the intended shares?
 * Flags a mismatch at p < `threshold` (default 0.001, GrowthBook's SRM threshold: strict
 * because the check runs on every refresh and a false alarm halts the analysis).
 */
export function sampleRatioMismatch(
  observed: readonly number[],
  expectedShares: readonly number[],
  options: { threshold?: number } = {},
): SampleRatioMismatch {
  const threshold = options.threshold ?? 0.001;
  const gof = chiSquareGoodnessOfFit(observed, expectedShares);
  return { ...gof, mismatch: gof.code === STATS_CODES.OK && gof.pValue < threshold, threshold };
}

export interface TrendTestResult {
  code: StatsCode;
  /** Σ score × successes. */
  statistic: number;
  /** Its mean and standard deviation under no association (permutation moments, N − 1 in the variance). */
  nullMean: number;
  nullSd: number;
  zScore: number;
  pValue: number;
}

/**
 * Linear-by-linear association test for ordered groups with a yes/no outcome (the
 * Cochran–Armitage trend test with the permutation variance): groups scored `scores` (default
 * 0, 1, …, k − 1), successes scored 1, failures 0. Equals statsmodels
 * `Table([[n − x, x], …], shift_zeros=False).test_ordinal_association(row_scores, [0, 1])`.
 * A positive z: the success rate rises with the score. Several strata (`stratifiedTrendTest`)
 * add their statistics' deviations and variances.
 */
export function trendTest(groups: ReadonlyArray<{ n: number; successes: number }>, scores?: readonly number[]): TrendTestResult {
  return stratifiedTrendTest([groups], scores);
}

/**
 * The trend test within strata (Mantel's extension): Σ(T − E) / √ΣV over strata, each stratum's
 * moments from its own margins, so a trend produced by the strata's mix (a confounder) vanishes.
 * `scores` apply to every stratum's groups, which are given in the same order.
 */
export function stratifiedTrendTest(strata: ReadonlyArray<ReadonlyArray<{ n: number; successes: number }>>, scores?: readonly number[]): TrendTestResult {
  const none = { statistic: 0, nullMean: 0, nullSd: 0, zScore: 0, pValue: 1 };
  const k = strata[0]?.length ?? 0;
  const score = (i: number) => (scores ? scores[i] : i);
  if (k === 0 || (scores && scores.length !== k) || strata.some((groups) => groups.length !== k)) return { code: STATS_CODES.INVALID_INPUT, ...none };
  if (strata.some((groups) => groups.some((g) => !isCount(g.n) || !isCount(g.successes) || g.successes > g.n)) || (scores && !scores.every(Number.isFinite))) return { code: STATS_CODES.INVALID_INPUT, ...none };
  let statistic = 0;
  let nullMean = 0;
  let variance = 0;
  let total = 0;
  for (const groups of strata) {
    let n = 0;
    let successes = 0;
    let scoreSum = 0;
    let scoreSquares = 0;
    let t = 0;
    groups.forEach((g, i) => {
      const u = score(i);
      n += g.n;
      successes += g.successes;
      scoreSum += u * g.n;
      scoreSquares += u * u * g.n;
      t += u * g.successes;
    });
    total += n;
    statistic += t;
    if (n < 2) continue; // a stratum of one unit carries no information about association
    nullMean += (scoreSum * successes) / n;
    variance += ((scoreSquares - (scoreSum * scoreSum) / n) * (successes - (successes * successes) / n)) / (n - 1);
  }
  if (total === 0) return { code: STATS_CODES.NO_DATA, ...none };
  if (!(variance > 0)) return { code: STATS_CODES.ZERO_VARIANCE, ...none, statistic, nullMean };
  const nullSd = Math.sqrt(variance);
  const zScore = (statistic - nullMean) / nullSd;
  return { code: STATS_CODES.OK, statistic, nullMean, nullSd, zScore, pValue: twoSidedPFromZ(zScore) };
}

/**
 * Departure from a linear trend (Agresti, Categorical Data Analysis §3.4.7): Pearson's χ² of the
 * k×2 table less the Cochran–Armitage trend χ² (z² of `trendTest` × N / (N − 1)), on k − 2 degrees
 * of freedom. Large when the groups differ in a way a straight line does not describe (a U shape,
 * a peak): the trend alone would then misreport them.
 */
export function departureFromTrend(groups: ReadonlyArray<{ n: number; successes: number }>, scores?: readonly number[]): ChiSquareResult {
  const none = { statistic: 0, pValue: 1, dof: Math.max(0, groups.length - 2) };
  const trend = trendTest(groups, scores);
  if (trend.code !== STATS_CODES.OK) return { ...none, code: trend.code };
  if (groups.length < 3) return { ...none, code: STATS_CODES.INSUFFICIENT_DATA };
  const n = groups.reduce((sum, g) => sum + g.n, 0);
  const successes = groups.reduce((sum, g) => sum + g.successes, 0);
  let pearson = 0;
  for (const g of groups) {
    if (g.n === 0) continue;
    const expectedSuccesses = (g.n * successes) / n;
    const expectedFailures = g.n - expectedSuccesses;
    pearson += (g.successes - expectedSuccesses) ** 2 / expectedSuccesses + (g.n - g.successes - expectedFailures) ** 2 / expectedFailures;
  }
  // Rounding can leave a hair below zero when the groups lie on a line.
  const statistic = Math.max(0, pearson - (trend.zScore * trend.zScore * n) / (n - 1));
  return { code: STATS_CODES.OK, statistic, pValue: chiSquareSf(statistic, groups.length - 2), dof: groups.length - 2 };
}
