/**
 * Multiple-testing corrections for a family of p-values (one per pattern, segment or term).
 *
 * Domain rules:
 * - Adjusted p-values and reject flags come back in the input order.
 * - Benjamini–Hochberg controls the false discovery rate (use it when scanning many candidate
 *   patterns and acting on the discoveries); Holm controls the family-wise error rate (use it
 *   when any single false claim is costly).
 * - Both match statsmodels `multipletests(p, alpha, method="fdr_bh" | "holm")`, including its
 *   reject comparisons, so boundary cases decide the same way. Ties get equal adjusted values.
 * - An empty family → NO_DATA; any p outside [0, 1] or NaN → INVALID_INPUT (adjusted = 1, no rejections).
 */
import { STATS_CODES, type StatsCode } from "./messages";

export type AdjustmentMethod = "fdr_bh" | "holm";

export interface AdjustedPValues {
  code: StatsCode;
  method: AdjustmentMethod;
  alpha: number;
  /** Adjusted p-values, in input order, capped at 1. */
  adjusted: number[];
  /** Whether each hypothesis is rejected at `alpha`, in input order. */
  reject: boolean[];
}

function invalidOrEmpty(pValues: readonly number[], method: AdjustmentMethod, alpha: number): AdjustedPValues | null {
  if (pValues.length === 0) return { code: STATS_CODES.NO_DATA, method, alpha, adjusted: [], reject: [] };
  if (!pValues.every((p) => p >= 0 && p <= 1)) {
    return { code: STATS_CODES.INVALID_INPUT, method, alpha, adjusted: pValues.map(() => 1), reject: pValues.map(() => false) };
  }
  return null;
}

/** Indices that sort the p-values ascending (ties by position, so the order is deterministic). */
function ascendingOrder(pValues: readonly number[]): number[] {
  return pValues.map((_, i) => i).sort((i, j) => pValues[i] - pValues[j] || i - j);
}

/**
 * Benjamini–Hochberg step-up adjustment: with p₍₁₎ ≤ … ≤ p₍ₘ₎, adjusted p₍ᵢ₎ =
 * min_{k ≥ i} min(1, m·p₍ₖ₎ / k); reject p₍₁₎ … p₍ₖ*₎ where k* is the largest k with
 * p₍ₖ₎ ≤ (k/m)·alpha.
 */
export function benjaminiHochberg(pValues: readonly number[], alpha = 0.05): AdjustedPValues {
  const early = invalidOrEmpty(pValues, "fdr_bh", alpha);
  if (early) return early;
  const m = pValues.length;
  const order = ascendingOrder(pValues);
  const sorted = order.map((i) => pValues[i]);
  const ecdf = sorted.map((_, i) => (i + 1) / m);
  let lastReject = -1;
  for (let i = 0; i < m; i++) if (sorted[i] <= ecdf[i] * alpha) lastReject = i;
  const adjustedSorted = new Array<number>(m);
  let running = Infinity;
  for (let i = m - 1; i >= 0; i--) {
    running = Math.min(running, sorted[i] / ecdf[i]);
    adjustedSorted[i] = Math.min(1, running);
  }
  const adjusted = new Array<number>(m);
  const reject = new Array<boolean>(m);
  order.forEach((original, rank) => {
    adjusted[original] = adjustedSorted[rank];
    reject[original] = rank <= lastReject;
  });
  return { code: STATS_CODES.OK, method: "fdr_bh", alpha, adjusted, reject };
}

/**
 * Holm's step-down adjustment: adjusted p₍ᵢ₎ = max_{k ≤ i} min(1, (m − k + 1)·p₍ₖ₎); reject
 * p₍₁₎ … up to (not including) the first p₍ₖ₎ > alpha / (m − k + 1).
 */
export function holm(pValues: readonly number[], alpha = 0.05): AdjustedPValues {
  const early = invalidOrEmpty(pValues, "holm", alpha);
  if (early) return early;
  const m = pValues.length;
  const order = ascendingOrder(pValues);
  const sorted = order.map((i) => pValues[i]);
  let firstKeep = m;
  for (let i = 0; i < m; i++) {
    if (sorted[i] > alpha / (m - i)) {
      firstKeep = i;
      break;
    }
  }
  const adjusted = new Array<number>(m);
  const reject = new Array<boolean>(m);
  let running = 0;
  order.forEach((original, rank) => {
    running = Math.max(running, sorted[rank] * (m - rank));
    adjusted[original] = Math.min(1, running);
    reject[original] = rank < firstKeep;
  });
  return { code: STATS_CODES.OK, method: "holm", alpha, adjusted, reject };
}

/** Dispatch by statsmodels method name. */
export function adjustPValues(pValues: readonly number[], method: AdjustmentMethod, alpha = 0.05): AdjustedPValues {
  return method === "holm" ? holm(pValues, alpha) : benjaminiHochberg(pValues, alpha);
}
