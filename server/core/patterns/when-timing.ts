/**
 * Timing beyond the weekly grid: reply rate by the gap since the lead's previous touch, and the
 * quiet hours (tenant zone) when the fewest touches go out, the cheapest time for batch work
 * such as research and re-scoring (seed 000, Thought 13: "2–6 AM shows minimal system load").
 * Pure: no I/O.
 */
import { benjaminiHochberg } from "../stats";
import type { Interval } from "./types";
import { compare, type FindingOptions } from "./how-when-common";

/** Gap buckets in days since the previous outreach touch: [0,1), [1,2), [2,3), [3,5), [5,7), [7,14), [14,∞). */
export const DEFAULT_GAP_EDGES_DAYS = [1, 2, 3, 5, 7, 14] as const;

/** Days-from-first-touch histogram edges (display only; quantiles are computed on hourly bins). */
export const DEFAULT_DAYS_EDGES = [0, 1, 2, 3, 5, 7, 14, 21, 30, 60] as const;

export interface GapRow {
  /** −1 = first touch of the lead (no previous touch); i = width_bucket(gapDays, edges) otherwise. */
  bucket: number;
  touches: number;
  conversions: number;
}

export interface GapStat {
  bucket: number;
  label: string;
  n: number;
  conversions: number;
  rate: number;
  interval: Interval;
  /** Versus every other bucket (first touches included). */
  restRate: number;
  lift: number;
  pValue: number;
  /** Benjamini–Hochberg over the buckets. */
  pAdjusted: number;
  significant: boolean;
}

export function gapLabel(bucket: number, edges: readonly number[] = DEFAULT_GAP_EDGES_DAYS): string {
  if (bucket < 0) return "first touch";
  if (bucket === 0) return `< ${edges[0]} d`;
  if (bucket >= edges.length) return `≥ ${edges[edges.length - 1]} d`;
  return `${edges[bucket - 1]}–${edges[bucket]} d`;
}

/** Reply rate by gap bucket, each against all other touches; descriptive, so not in the findings. */
export function analyzeGaps(rows: readonly GapRow[], options: FindingOptions, edges: readonly number[] = DEFAULT_GAP_EDGES_DAYS): GapStat[] {
  const merged = new Map<number, { n: number; x: number }>();
  for (const r of rows) {
    const m = merged.get(r.bucket) ?? { n: 0, x: 0 };
    m.n += r.touches;
    m.x += r.conversions;
    merged.set(r.bucket, m);
  }
  const total = [...merged.values()].reduce((s, m) => ({ n: s.n + m.n, x: s.x + m.x }), { n: 0, x: 0 });
  const buckets = [...merged.keys()].sort((a, b) => a - b);
  const raw = buckets.map((bucket) => {
    const m = merged.get(bucket)!;
    const label = gapLabel(bucket, edges);
    return compare({ key: `gap=${label}`, dimension: "gap", value: label, label, exposed: { successes: m.x, trials: m.n }, reference: { successes: total.x - m.x, trials: total.n - m.n } }, options);
  });
  const bh = raw.length ? benjaminiHochberg(raw.map((r) => r.pValue), options.alpha) : { adjusted: [], reject: [] };
  return raw.map((r, i) => ({
    bucket: buckets[i]!,
    label: r.comparison.label,
    n: r.comparison.exposed.trials,
    conversions: r.comparison.exposed.successes,
    rate: r.rate,
    interval: r.interval,
    restRate: r.restRate,
    lift: r.lift,
    pValue: r.pValue,
    pAdjusted: bh.adjusted[i]!,
    significant: bh.reject[i]! && r.comparison.exposed.successes >= options.minConversions && r.estimable,
  }));
}

export interface QuietHours {
  timezone: string;
  /** Consecutive hours (tenant zone, may wrap midnight) with the lowest touch volume. */
  hours: number[];
  startHour: number;
  /** Exclusive end hour. */
  endHour: number;
  /** Share of all touches sent in those hours. */
  share: number;
  volumeByHour: number[];
  total: number;
}

/**
 * The `length` consecutive hours (circular) with the fewest touches; ties go to the earliest start
 * after 00:00. With no touches at all, 02:00–06:00 (seed 000's default idle window).
 */
export function quietHours(volumeByHour: readonly number[], timezone: string, length = 4): QuietHours {
  const volume = Array.from({ length: 24 }, (_, h) => Math.max(0, volumeByHour[h] ?? 0));
  const total = volume.reduce((s, v) => s + v, 0);
  const span = Math.min(23, Math.max(1, Math.round(length)));
  let best = 2;
  let bestSum = Infinity;
  if (total > 0) {
    for (let start = 0; start < 24; start++) {
      let sum = 0;
      for (let k = 0; k < span; k++) sum += volume[(start + k) % 24]!;
      if (sum < bestSum) {
        bestSum = sum;
        best = start;
      }
    }
  } else bestSum = 0;
  const hours = Array.from({ length: span }, (_, k) => (best + k) % 24);
  return { timezone, hours, startHour: best, endHour: (best + span) % 24, share: total > 0 ? bestSum / total : 0, volumeByHour: volume, total };
}
