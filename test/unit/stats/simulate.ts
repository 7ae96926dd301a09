import type { SeededRandom } from "../../../server/core/stats";

/**
 * Binomial(n, p) draw by inversion (walking the pmf from 0, pmf(k+1) = pmf(k)·(n−k)/(k+1)·p/q) from
 * one seeded uniform: exact up to rounding, and O(np) steps, so cheap for the blocks of 100 units
 * the Monte-Carlo tests draw. For p > 0.5 it draws failures instead, so the walk stays short.
 */
export function sampleBinomial(rng: SeededRandom, n: number, p: number): number {
  if (p <= 0 || n <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - sampleBinomial(rng, n, 1 - p);
  const q = 1 - p;
  const ratio = p / q;
  let pmf = Math.exp(n * Math.log1p(-p));
  let cdf = pmf;
  const u = rng.next();
  let k = 0;
  while (u >= cdf && k < n) {
    pmf *= ((n - k) / (k + 1)) * ratio;
    k++;
    cdf += pmf;
  }
  return k;
}
