/**
 * Empirical-Bayes shrinkage of rates toward their pooled rate. Its own module with no imports
 * beyond the proportion type, so the dashboard can shade a heatmap with it without bundling the
 * distribution functions.
 */
import { isValidProportion, type ProportionStats } from "./types";

export interface ShrunkRates {
  /** The pooled rate Σx / Σn the groups are shrunk toward. */
  mean: number;
  /**
   * Prior strength k in pseudo-trials: each group's rate becomes (x + k·mean) / (n + k). Infinity
   * when the groups vary no more than binomial noise would make them (every rate becomes the mean).
   */
  strength: number;
  /** The shrunk rate of each group, in input order (the mean for a group without trials). */
  rates: number[];
}

/**
 * Empirical-Bayes rates: each group's rate pulled toward the pooled rate by a beta prior whose
 * strength is estimated from how much the groups vary beyond binomial noise (weighted method of
 * moments for the beta-binomial, Kleinman 1973):
 *   τ² = (Σ nᵢ(rᵢ − p)² − p(1 − p)(C − 1)) / (N − Σ nᵢ² / N),  k = p(1 − p)/τ² − 1,
 * over the C groups with trials. A group with few trials stays near the pooled rate, so a cell
 * with 1 reply of 1 touch does not look like the best hour. Pure.
 */
export function shrinkRates(groups: readonly ProportionStats[]): ShrunkRates {
  const used = groups.filter((g) => isValidProportion(g) && g.trials > 0);
  const total = used.reduce((s, g) => s + g.trials, 0);
  const successes = used.reduce((s, g) => s + g.successes, 0);
  if (total === 0) return { mean: 0, strength: Infinity, rates: groups.map(() => 0) };
  const mean = successes / total;
  const spread = used.reduce((s, g) => s + g.trials * (g.successes / g.trials - mean) ** 2, 0);
  const denominator = total - used.reduce((s, g) => s + g.trials * g.trials, 0) / total;
  const between = denominator > 0 ? (spread - mean * (1 - mean) * (used.length - 1)) / denominator : 0;
  const strength = between > 0 ? Math.max(0, (mean * (1 - mean)) / between - 1) : Infinity;
  const rates = groups.map((g) => (!isValidProportion(g) || g.trials === 0 || !Number.isFinite(strength) ? mean : (g.successes + strength * mean) / (g.trials + strength)));
  return { mean, strength, rates };
}
