/**
 * Quantile binning of numeric attributes (company size, deal value, days since signup) so they
 * can be analysed like categories and compared across time (`drift.ts`).
 *
 * Domain rules (pandas `qcut(values, k, duplicates="drop")`):
 * - Edges are the k + 1 quantiles at 0, 1/k, …, 1 of the finite values, by linear interpolation
 *   between order statistics (numpy's default, "type 7"), computed exactly as numpy does so that
 *   a value equal to an edge lands in the same bin.
 * - Repeated edges (ties in the data) are dropped, so there are at most k bins; heavy ties give fewer.
 * - Bins are right-closed, (e₀, e₁], (e₁, e₂], …, with the first also containing e₀.
 * - Non-finite values (NaN, ±Infinity, missing) are ignored for edges and get bin −1.
 * - All values equal → a single bin [v, v] with code ZERO_VARIANCE; no finite values → NO_DATA.
 */
import { STATS_CODES, type StatsCode } from "./messages";

export interface QuantileBins {
  code: StatsCode;
  /** Strictly increasing edges; bins = edges.length − 1 (1 when all values are equal). */
  edges: number[];
  bins: number;
}

/**
 * numpy's `quantile(sorted, q, method="linear")` on ascending data: virtual index
 * n·q + (1 − q) − 1 and numpy's two-sided lerp.
 */
export function quantileSorted(sorted: readonly number[], q: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const virtual = n * q + (1 + q * (1 - 1 - 1)) - 1;
  const below = Math.min(Math.max(Math.floor(virtual), 0), n - 1);
  const above = Math.min(below + 1, n - 1);
  const gamma = virtual - Math.floor(virtual);
  const a = sorted[below];
  const b = sorted[above];
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/** Quantile-bin edges for `values` with at most `k` bins (k ≥ 1). */
export function quantileBins(values: readonly number[], k: number): QuantileBins {
  if (!(Number.isInteger(k) && k >= 1)) return { code: STATS_CODES.INVALID_INPUT, edges: [], bins: 0 };
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return { code: STATS_CODES.NO_DATA, edges: [], bins: 0 };
  if (sorted[0] === sorted[sorted.length - 1]) return { code: STATS_CODES.ZERO_VARIANCE, edges: [sorted[0], sorted[0]], bins: 1 };
  const step = 1 / k;
  const edges: number[] = [];
  for (let i = 0; i <= k; i++) {
    const e = quantileSorted(sorted, i === k ? 1 : i * step);
    if (edges.length === 0 || e !== edges[edges.length - 1]) edges.push(e);
  }
  return { code: STATS_CODES.OK, edges, bins: edges.length - 1 };
}

/**
 * Bin index of `x` for `edges` from `quantileBins` (right-closed, first bin closed on the left).
 * Values below the first edge go to bin 0 and above the last to the last bin (so new data
 * outside the baseline range still counts), unless `clamp` is false, when they get −1.
 * Non-finite → −1.
 */
export function assignBin(edges: readonly number[], x: number, options: { clamp?: boolean } = {}): number {
  if (!Number.isFinite(x) || edges.length < 2) return -1;
  const last = edges.length - 2;
  if (x <= edges[0]) return x === edges[0] || options.clamp !== false ? 0 : -1;
  if (x > edges[edges.length - 1]) return options.clamp !== false ? last : -1;
  // First edge ≥ x (searchsorted side="left"), minus one.
  let lo = 1;
  let hi = edges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] >= x) hi = mid;
    else lo = mid + 1;
  }
  return lo - 1;
}

/** Counts of `values` per bin (clamped as in `assignBin`); non-finite values are skipped. */
export function binCounts(edges: readonly number[], values: readonly number[]): number[] {
  const counts = new Array<number>(Math.max(0, edges.length - 1)).fill(0);
  for (const v of values) {
    const i = assignBin(edges, v);
    if (i >= 0) counts[i]++;
  }
  return counts;
}

/**
 * Label of bin i of whole-number values: the whole numbers it holds ("3–4", "5", "−8019 to 22"),
 * or the interval label when it holds none.
 */
export function integerBinLabel(edges: readonly number[], i: number): string {
  if (i < 0 || i >= edges.length - 1) return "unknown";
  const lo = i === 0 ? Math.ceil(edges[0]) : Math.floor(edges[i]) + 1;
  const hi = Math.floor(edges[i + 1]);
  if (lo > hi) return binLabel(edges, i);
  if (lo === hi) return String(lo);
  return lo < 0 || hi < 0 ? `${lo} to ${hi}` : `${lo}–${hi}`;
}

/** "(10, 50]"-style label of bin i ("[1, 10]" for the first, which includes its lower edge). */
export function binLabel(edges: readonly number[], i: number, format: (x: number) => string = String): string {
  if (i < 0 || i >= edges.length - 1) return "unknown";
  // A bin of one value (edges [m, m], see edgesFromQuantiles in server/core/patterns/who.ts) is that value.
  if (i === 0 && edges[0] === edges[1]) return format(edges[0]);
  return `${i === 0 ? "[" : "("}${format(edges[i])}, ${format(edges[i + 1])}]`;
}
