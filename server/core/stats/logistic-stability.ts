/**
 * How much should we trust learned weights? A seeded bootstrap of the logistic fit
 * (`logistic.ts`) and a comparison of two weight vectors (last week's learned ALS weights
 * against this week's).
 *
 * Domain rules:
 * - The bootstrap standardises once, on the full data, and resamples rows of the standardised
 *   design, so every replicate's weights are on the same scale as the full fit's.
 * - A replicate whose resample has a single outcome class cannot be fitted and is skipped
 *   (counted in `failed`). Fewer than 2 usable replicates → INSUFFICIENT_DATA.
 * - Deterministic given `seed`.
 */
import { checkLogisticInput, fitLogisticCore, standardizeColumns, type DesignMatrix } from "./logistic";
import { STATS_CODES, type StatsCode } from "./messages";
import { seededRandom } from "./random";

export interface BootstrapSummary {
  /** The full-data estimate. */
  estimate: number;
  mean: number;
  sd: number;
  /** Percentile interval (linear interpolation between order statistics, numpy's default). */
  lower: number;
  upper: number;
  /** Share of replicates whose sign matches the full-data estimate (1 when the estimate is 0 and all are 0). */
  signStability: number;
}

export interface LogisticBootstrap {
  code: StatsCode;
  replicates: number;
  failed: number;
  intercept: BootstrapSummary;
  coefficients: BootstrapSummary[];
}

function quantileSorted(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function summarise(estimate: number, values: number[], alpha: number): BootstrapSummary {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  const sorted = [...values].sort((a, b) => a - b);
  const same = values.filter((v) => Math.sign(v) === Math.sign(estimate)).length;
  return { estimate, mean, sd, lower: quantileSorted(sorted, alpha / 2), upper: quantileSorted(sorted, 1 - alpha / 2), signStability: same / n };
}

/**
 * Nonparametric bootstrap of the L2 logistic fit: `replicates` resamples of the rows with
 * replacement (default 200), each fitted with the same C, summarised per coefficient.
 */
export function bootstrapLogistic(
  x: DesignMatrix,
  y: ArrayLike<number>,
  options: { C?: number; standardize?: boolean; replicates?: number; seed?: number; alpha?: number } = {},
): LogisticBootstrap {
  const C = options.C ?? 1;
  const B = options.replicates ?? 200;
  const alpha = options.alpha ?? 0.05;
  const none: BootstrapSummary = { estimate: 0, mean: 0, sd: 0, lower: 0, upper: 0, signStability: 0 };
  const empty = (code: StatsCode): LogisticBootstrap => ({
    code,
    replicates: 0,
    failed: 0,
    intercept: none,
    coefficients: Array.from({ length: x.cols }, () => none),
  });
  const bad = checkLogisticInput(x, y, C);
  if (bad) return empty(bad);
  const { rows, cols } = x;
  const std = standardizeColumns(x, options.standardize ?? true);
  const all = Int32Array.from({ length: rows }, (_, i) => i);
  const full = fitLogisticCore(std.z, cols, y, all, 1 / C);
  const rng = seededRandom(options.seed ?? 1);
  const draws: number[][] = Array.from({ length: cols + 1 }, () => []);
  let failed = 0;
  const index = new Int32Array(rows);
  for (let b = 0; b < B; b++) {
    let ones = 0;
    for (let i = 0; i < rows; i++) {
      index[i] = rng.int(rows);
      ones += y[index[i]];
    }
    if (ones === 0 || ones === rows) {
      failed++;
      continue;
    }
    const fit = fitLogisticCore(std.z, cols, y, index, 1 / C, { start: full.beta });
    if (!fit.converged || !fit.beta.every(Number.isFinite)) {
      failed++;
      continue;
    }
    for (let j = 0; j <= cols; j++) draws[j].push(fit.beta[j]);
  }
  const used = B - failed;
  if (used < 2) return { ...empty(STATS_CODES.INSUFFICIENT_DATA), failed };
  const summaries = draws.map((values, j) => summarise(full.beta[j], values, alpha));
  return { code: STATS_CODES.OK, replicates: used, failed, intercept: summaries[0], coefficients: summaries.slice(1) };
}

export interface WeightStability {
  code: StatsCode;
  /** Cosine similarity of the two weight vectors (1 = same direction; scale-free). */
  cosine: number;
  /** Largest |current − previous| after scaling each vector to unit L1 norm (Σ|w| = 1). */
  maxAbsChange: number;
  /** The key with that largest change ("" when there are no keys). */
  maxChangeKey: string;
  /** Σ|Δ| / 2 of the L1-normalised vectors, in [0, 1]: the share of weight that moved. */
  totalVariation: number;
}

/**
 * Compares two named weight vectors (missing keys count as 0). Both empty → NO_DATA with the
 * no-change default (cosine 1, changes 0); either all zero → ZERO_VARIANCE (cosine 0, changes on
 * whatever could be normalised).
 */
export function weightStability(previous: Readonly<Record<string, number>>, current: Readonly<Record<string, number>>): WeightStability {
  const keys = [...new Set([...Object.keys(previous), ...Object.keys(current)])].sort();
  const values = [...Object.values(previous), ...Object.values(current)];
  if (!values.every(Number.isFinite)) return { code: STATS_CODES.INVALID_INPUT, cosine: 0, maxAbsChange: 0, maxChangeKey: "", totalVariation: 0 };
  if (keys.length === 0) return { code: STATS_CODES.NO_DATA, cosine: 1, maxAbsChange: 0, maxChangeKey: "", totalVariation: 0 };
  const p = keys.map((k) => previous[k] ?? 0);
  const c = keys.map((k) => current[k] ?? 0);
  const l1 = (v: number[]) => v.reduce((s, x) => s + Math.abs(x), 0);
  const np = l1(p);
  const nc = l1(c);
  const pn = p.map((x) => (np > 0 ? x / np : 0));
  const cn = c.map((x) => (nc > 0 ? x / nc : 0));
  let maxAbsChange = 0;
  let maxChangeKey = keys[0];
  let tv = 0;
  for (let i = 0; i < keys.length; i++) {
    const d = Math.abs(cn[i] - pn[i]);
    tv += d;
    if (d > maxAbsChange) {
      maxAbsChange = d;
      maxChangeKey = keys[i];
    }
  }
  if (np === 0 || nc === 0) return { code: STATS_CODES.ZERO_VARIANCE, cosine: 0, maxAbsChange, maxChangeKey, totalVariation: tv / 2 };
  let dot = 0;
  let pp = 0;
  let cc = 0;
  for (let i = 0; i < keys.length; i++) {
    dot += p[i] * c[i];
    pp += p[i] * p[i];
    cc += c[i] * c[i];
  }
  return { code: STATS_CODES.OK, cosine: dot / Math.sqrt(pp * cc), maxAbsChange, maxChangeKey, totalVariation: tv / 2 };
}
