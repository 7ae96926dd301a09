/**
 * Distribution functions for the stats core: thin, typed wrappers over stdlib
 * (`@stdlib/stats-base-dists-*`, `@stdlib/math-base-special-*`). No special functions are
 * written by hand here; this file only fixes argument order, names and the survival
 * functions (upper tails), which are computed so they keep relative precision where a
 * plain `1 - cdf` would not.
 *
 * These wrappers follow stdlib on invalid arguments (they return NaN). Callers in this folder
 * validate inputs first and return a result code instead (see `messages.ts`).
 */
import betaCdfBase from "@stdlib/stats-base-dists-beta-cdf";
import betaQuantileBase from "@stdlib/stats-base-dists-beta-quantile";
import chiSquareCdfBase from "@stdlib/stats-base-dists-chisquare-cdf";
import chiSquareQuantileBase from "@stdlib/stats-base-dists-chisquare-quantile";
import hypergeometricCdfBase from "@stdlib/stats-base-dists-hypergeometric-cdf";
import hypergeometricPmfBase from "@stdlib/stats-base-dists-hypergeometric-pmf";
import normalCdfBase from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantileBase from "@stdlib/stats-base-dists-normal-quantile";
import tCdfBase from "@stdlib/stats-base-dists-t-cdf";
import tQuantileBase from "@stdlib/stats-base-dists-t-quantile";
import betalnBase from "@stdlib/math-base-special-betaln";
import gammaincBase from "@stdlib/math-base-special-gammainc";
import gammalnBase from "@stdlib/math-base-special-gammaln";

/** Φ(x) for N(mean, sd²). */
export function normalCdf(x: number, mean = 0, sd = 1): number {
  return normalCdfBase(x, mean, sd);
}

/** Upper tail P(X > x) for N(mean, sd²), computed as Φ of the mirrored point (no 1 − Φ cancellation). */
export function normalSf(x: number, mean = 0, sd = 1): number {
  return normalCdfBase(2 * mean - x, mean, sd);
}

/** Φ⁻¹(p) for N(mean, sd²). */
export function normalQuantile(p: number, mean = 0, sd = 1): number {
  return normalQuantileBase(p, mean, sd);
}

/**
 * Two-sided critical value z such that P(|Z| > z) = alpha, i.e. `scipy.stats.norm.isf(alpha / 2)`
 * (1.959963984540054 for alpha = 0.05). Computed as −Φ⁻¹(alpha/2), as statsmodels does.
 */
export function zCritical(alpha = 0.05): number {
  return -normalQuantileBase(alpha / 2, 0, 1);
}

/** Two-sided p-value of a standard-normal statistic: 2·Φ(−|z|), at most 1. */
export function twoSidedPFromZ(z: number): number {
  return Math.min(1, 2 * normalCdfBase(-Math.abs(z), 0, 1));
}

/** CDF of the χ² distribution with k degrees of freedom. */
export function chiSquareCdf(x: number, k: number): number {
  return chiSquareCdfBase(x, k);
}

/**
 * Upper tail P(X > x) of χ²(k). For k = 1 it is 2·Φ(−√x) and for k = 2 it is e^(−x/2); other k use
 * the upper regularized incomplete gamma function Q(k/2, x/2) (computed as the upper tail, not
 * 1 − P): all keep relative precision far into the tail, where a departure from a trend over
 * 45,000 clients has p ≈ 1e-56.
 */
export function chiSquareSf(x: number, k: number): number {
  if (!(x > 0)) return x <= 0 ? 1 : NaN;
  if (k === 1) return 2 * normalCdfBase(-Math.sqrt(x), 0, 1);
  if (k === 2) return Math.exp(-x / 2);
  return gammaincBase(x / 2, k / 2, true, true);
}

/** Quantile of χ²(k). */
export function chiSquareQuantile(p: number, k: number): number {
  return chiSquareQuantileBase(p, k);
}

/** CDF of Student's t with v degrees of freedom. */
export function tCdf(t: number, v: number): number {
  return tCdfBase(t, v);
}

/** Upper tail P(T > t) of Student's t, by symmetry as cdf(−t). */
export function tSf(t: number, v: number): number {
  return tCdfBase(-t, v);
}

/** Two-sided p-value of a t statistic: 2·P(T > |t|), at most 1. */
export function twoSidedPFromT(t: number, v: number): number {
  return Math.min(1, 2 * tCdfBase(-Math.abs(t), v));
}

/** Quantile of Student's t with v degrees of freedom. */
export function tQuantile(p: number, v: number): number {
  return tQuantileBase(p, v);
}

/** CDF of Beta(a, b). */
export function betaCdf(x: number, a: number, b: number): number {
  return betaCdfBase(x, a, b);
}

/** Quantile of Beta(a, b). */
export function betaQuantile(p: number, a: number, b: number): number {
  return betaQuantileBase(p, a, b);
}

/**
 * Hypergeometric PMF P(X = x) when drawing `draws` items without replacement from a population
 * of `population` items of which `successes` are successes (scipy's `hypergeom.pmf(x, M, n, N)`
 * with M = population, n = successes, N = draws).
 */
export function hypergeometricPmf(x: number, population: number, successes: number, draws: number): number {
  return hypergeometricPmfBase(x, population, successes, draws);
}

/** Hypergeometric CDF P(X ≤ x), same parameters as `hypergeometricPmf`. */
export function hypergeometricCdf(x: number, population: number, successes: number, draws: number): number {
  return hypergeometricCdfBase(x, population, successes, draws);
}

/** ln Γ(x). */
export function gammaln(x: number): number {
  return gammalnBase(x);
}

/** ln B(a, b). */
export function betaln(a: number, b: number): number {
  return betalnBase(a, b);
}
