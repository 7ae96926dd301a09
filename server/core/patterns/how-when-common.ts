/**
 * Shared by the WHEN, HOW and intervention detectors: turns "group vs reference" counts (with
 * optional strata of a known confounder) into `Finding`s. Pure: no I/O, no request context.
 *
 * Rules:
 * - Rate interval: Wilson 95%. Test: Fisher's exact test, two-sided (scipy `fisher_exact`), on
 *   [[conversions, non-conversions] of the group, [same] of the reference]. Not the z-test: for
 *   rare outcomes in small cells (a 5% reply rate in a 3 AM cell) its upper tail is several times
 *   too light, so small cells would pass as discoveries. The pooled z is kept as `score`.
 *   Lift = rate / restRate with the Katz log interval (MOVER-R Wilson for small counts, `relativeLift`).
 * - With ≥ 2 strata the effect is re-checked within strata (`confoundingCheck`: raw vs
 *   Mantel–Haenszel odds ratio). When the verdict is "reversed" or "attenuated" the finding shows
 *   the adjusted effect: its p-value is the Cochran–Mantel–Haenszel test and its direction the MH
 *   odds ratio's side of 1, so a raw effect that vanishes or flips within strata is never significant
 *   in its raw direction.
 * - p-values are adjusted by Benjamini–Hochberg over the family passed in one call.
 * - significant = BH rejects at alpha, conversions ≥ minConversions and the statistics were estimable.
 * - confidence = `patternConfidence` (volume × precision, with minOutcomes = minConversions);
 *   outcomesNeeded = conversions still missing to reach minConversions.
 */
import {
  STATS_CODES,
  benjaminiHochberg,
  cochranMantelHaenszel,
  gammaln,
  confoundingCheck,
  flipsWithoutReversal,
  outcomesNeeded,
  patternConfidence,
  relativeLift,
  tableFromProportions,
  twoProportionZTest,
  wilsonInterval,
  type ConfoundingCheck,
  type ProportionStats,
  type Table2x2,
} from "../stats";
import type { ConfoundingNote, Finding, Interval } from "./types";

export const INTERVAL_LEVEL = 0.95;

export interface StratumCounts {
  name: string;
  exposed: ProportionStats;
  reference: ProportionStats;
}

export interface Comparison {
  key: string;
  dimension: string;
  value: string;
  label: string;
  exposed: ProportionStats;
  reference: ProportionStats;
  /** Counts within strata of a confounder; fewer than 2 non-empty strata means no check. */
  strata?: StratumCounts[];
}

export interface FindingOptions {
  alpha: number;
  minConversions: number;
  /** Name of the confounder the strata are levels of, e.g. "channel", "source". */
  confounder?: string;
  /** Words for the plain-language explanation. */
  exposureNoun?: string;
  outcomeNoun?: string;
}

/** One comparison before the family-wise adjustment. */
export interface RawComparison {
  comparison: Comparison;
  rate: number;
  interval: Interval;
  restRate: number;
  lift: number;
  liftInterval?: Interval;
  pValue: number;
  /** Signed z: the pooled two-proportion z, or ±√CMH when the adjusted effect is shown. */
  z: number;
  direction: Finding["direction"];
  estimable: boolean;
  confounding?: ConfoundingNote;
  adjustedShown: boolean;
}

/**
 * Two-sided p-value of Fisher's exact test with the same definition as `fisherExact` in the stats
 * core (scipy's: the probability of all tables, margins fixed, whose probability is ≤ the observed
 * one × (1 + 1e-7)), but computed in O(support) by the pmf recursion
 * p(x+1)/p(x) = (K − x)(n − x) / ((x + 1)(N − K − n + x + 1)) in log space, instead of one
 * log-gamma evaluation per support point: a 1M-touch tenant has supports of ~10⁴–10⁵ per cell.
 * Integer counts only; an empty row or column gives 1.
 */
export function fisherExactPValue(table: Table2x2): number {
  const { a, b, c, d } = table;
  const N = a + b + c + d;
  const K = a + b;
  const n = a + c;
  if (![a, b, c, d].every((v) => Number.isInteger(v) && v >= 0) || K === 0 || n === 0 || K === N || n === N) return 1;
  const lo = Math.max(0, n - (N - K));
  const hi = Math.min(K, n);
  const logPmf = new Float64Array(hi - lo + 1);
  logPmf[0] = gammaln(K + 1) - gammaln(lo + 1) - gammaln(K - lo + 1) + gammaln(N - K + 1) - gammaln(n - lo + 1) - gammaln(N - K - n + lo + 1) - (gammaln(N + 1) - gammaln(n + 1) - gammaln(N - n + 1));
  for (let x = lo; x < hi; x++) logPmf[x - lo + 1] = logPmf[x - lo]! + Math.log(((K - x) * (n - x)) / ((x + 1) * (N - K - n + x + 1)));
  const threshold = logPmf[a - lo]! + Math.log1p(1e-7);
  let p = 0;
  for (let i = 0; i < logPmf.length; i++) if (logPmf[i]! <= threshold) p += Math.exp(logPmf[i]!);
  return Math.min(1, p);
}

const round = (x: number, digits = 2) => Number(x.toFixed(digits));
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function directionOf(ratio: number): Finding["direction"] {
  return ratio > 1 ? "positive" : ratio < 1 ? "negative" : "none";
}

function safeRatio(rate: number, restRate: number): number {
  if (restRate > 0) return rate / restRate;
  return rate > 0 ? 1e6 : 1;
}

export function withLevel(i: { lower: number; upper: number }): Interval {
  return { lower: i.lower, upper: i.upper, level: INTERVAL_LEVEL };
}

export function stratumTables(strata: readonly StratumCounts[]): Table2x2[] {
  return strata.map((s) => tableFromProportions(s.exposed, s.reference));
}

function informativeStrata(strata: readonly StratumCounts[] | undefined): StratumCounts[] {
  return (strata ?? []).filter((s) => s.exposed.trials + s.reference.trials >= 2);
}

/**
 * Plain-language reason for a verdict: where the exposure is concentrated and how that stratum's
 * unexposed units fare, e.g. "reminder goes mostly to leads with days to appointment >7 (80% of
 * them vs 25% elsewhere), whose show-up rate is lower anyway (28% vs 74%)".
 */
export function explainConfounding(check: ConfoundingCheck, strata: readonly StratumCounts[], options: FindingOptions): string {
  const confounder = options.confounder ?? "the confounder";
  const exposure = options.exposureNoun ?? "this group";
  const outcome = options.outcomeNoun ?? "conversion";
  const raw = check.raw.oddsRatio;
  const adj = check.mantelHaenszel.oddsRatio;
  const numbers = `raw odds ratio ${round(raw)}, within ${confounder} strata ${round(adj)} (95% CI ${round(check.mantelHaenszel.interval.lower)}–${round(check.mantelHaenszel.interval.upper)})`;
  if (flipsWithoutReversal(check)) return `Points the other way within ${confounder} strata: ${numbers}. Neither direction is clear of no effect: too little data to call it, so the raw effect must not be read.`;
  if (check.verdict === "consistent") return `Holds within ${confounder} strata: ${numbers}.`;
  if (check.verdict === "amplified") return `Stronger once compared within ${confounder} strata: ${numbers}.`;
  const shares = strata.map((s) => ({ s, units: s.exposed.trials + s.reference.trials, share: s.exposed.trials / Math.max(1, s.exposed.trials + s.reference.trials) }));
  const top = shares.filter((x) => x.units > 0).sort((x, y) => y.share - x.share)[0];
  let why = "";
  if (top) {
    const others = strata.filter((s) => s !== top.s);
    const otherExposed = others.reduce((sum, s) => sum + s.exposed.trials, 0);
    const otherUnits = others.reduce((sum, s) => sum + s.exposed.trials + s.reference.trials, 0);
    const topBase = top.s.reference.trials > 0 ? top.s.reference.successes / top.s.reference.trials : 0;
    const otherRef = others.reduce((acc, s) => ({ x: acc.x + s.reference.successes, n: acc.n + s.reference.trials }), { x: 0, n: 0 });
    const otherBase = otherRef.n > 0 ? otherRef.x / otherRef.n : 0;
    if (otherUnits > 0) {
      why = ` ${exposure.charAt(0).toUpperCase()}${exposure.slice(1)} is concentrated in ${confounder} ${top.s.name} (${pct(top.share)} of those units vs ${pct(otherExposed / otherUnits)} elsewhere), whose ${outcome} rate is ${topBase < otherBase ? "lower" : "higher"} anyway (${pct(topBase)} vs ${pct(otherBase)} without it).`;
    }
  }
  if (check.verdict === "reversed") return `Reverses within ${confounder} strata (Simpson's paradox): ${numbers}; the adjusted effect is shown.${why}`;
  return `Largely explained by ${confounder}: ${numbers}; the adjusted effect is shown.${why}`;
}

/** Statistics of one comparison; `mode: "adjusted"` always shows the stratified effect. */
export function compare(comparison: Comparison, options: FindingOptions, mode: "auto" | "adjusted" = "auto"): RawComparison {
  const { exposed, reference } = comparison;
  const interval = wilsonInterval(exposed, { alpha: 1 - INTERVAL_LEVEL });
  const test = twoProportionZTest(exposed, reference, { alpha: 1 - INTERVAL_LEVEL });
  const exact = fisherExactPValue(tableFromProportions(exposed, reference));
  const rl = relativeLift(exposed, reference, { alpha: 1 - INTERVAL_LEVEL });
  const rate = exposed.trials > 0 ? exposed.successes / exposed.trials : 0;
  const restRate = reference.trials > 0 ? reference.successes / reference.trials : 0;
  const lift = rl.code === STATS_CODES.OK ? rl.riskRatio : safeRatio(rate, restRate);
  const liftInterval = rl.code === STATS_CODES.OK ? withLevel({ lower: rl.interval.lower + 1, upper: rl.interval.upper + 1 }) : undefined;
  const out: RawComparison = {
    comparison,
    rate,
    interval: withLevel(interval),
    restRate,
    lift,
    liftInterval,
    pValue: exact,
    z: test.z,
    direction: directionOf(lift),
    estimable: test.code === STATS_CODES.OK,
    adjustedShown: false,
  };
  const strata = informativeStrata(comparison.strata);
  if (strata.length < 2 && mode === "auto") return out;
  const tables = stratumTables(strata);
  const check = confoundingCheck(tables, { alpha: 1 - INTERVAL_LEVEL });
  // MH not estimable (e.g. no conversions in any stratum): keep the raw test, note nothing.
  if (check.mantelHaenszel.code !== STATS_CODES.OK && mode === "auto") return out;
  out.confounding = {
    confounder: options.confounder ?? "stratum",
    strata: strata.length,
    rawOddsRatio: check.raw.oddsRatio,
    rawInterval: withLevel(check.raw.interval),
    adjustedOddsRatio: check.mantelHaenszel.oddsRatio,
    adjustedInterval: withLevel(check.mantelHaenszel.interval),
    verdict: check.verdict,
    explanation: explainConfounding(check, strata, options),
  };
  if (mode === "adjusted" || check.verdict === "reversed" || check.verdict === "attenuated") {
    const cmh = cochranMantelHaenszel(tables);
    const mhOk = check.mantelHaenszel.code === STATS_CODES.OK;
    out.adjustedShown = true;
    out.pValue = cmh.pValue;
    out.direction = mhOk ? directionOf(check.mantelHaenszel.oddsRatio) : "none";
    out.z = (out.direction === "negative" ? -1 : 1) * Math.sqrt(cmh.statistic);
    out.estimable = cmh.code === STATS_CODES.OK && mhOk;
  }
  return out;
}

/** Benjamini–Hochberg over the family, then the Finding fields. */
export function finalizeFindings(family: readonly RawComparison[], options: FindingOptions): Finding[] {
  if (family.length === 0) return [];
  const bh = benjaminiHochberg(
    family.map((f) => f.pValue),
    options.alpha,
  );
  return family.map((f, i) => toFinding(f, bh.adjusted[i]!, bh.reject[i]!, options));
}

export function toFinding(f: RawComparison, pAdjusted: number, reject: boolean, options: FindingOptions): Finding {
  const c = f.comparison;
  const conversions = c.exposed.successes;
  const conf = patternConfidence({ outcomes: conversions, intervalWidth: f.interval.upper - f.interval.lower }, { minOutcomes: Math.max(1, options.minConversions) });
  const needed = outcomesNeeded(conversions, options.minConversions);
  const finding: Finding = {
    key: c.key,
    dimension: c.dimension,
    value: c.value,
    label: c.label,
    n: c.exposed.trials,
    conversions,
    rate: f.rate,
    interval: f.interval,
    restRate: f.restRate,
    lift: f.lift,
    pValue: f.pValue,
    pAdjusted,
    significant: reject && needed === 0 && f.estimable && f.direction !== "none",
    direction: f.direction,
    confidence: conf.confidence,
    outcomesNeeded: needed,
    score: f.z,
  };
  if (f.liftInterval) finding.liftInterval = f.liftInterval;
  if (f.confounding) finding.confounding = f.confounding;
  return finding;
}

export function buildFindings(comparisons: readonly Comparison[], options: FindingOptions): Finding[] {
  return finalizeFindings(
    comparisons.map((c) => compare(c, options)),
    options,
  );
}

/** Linear-interpolation quantile (type 7, as PostgreSQL percentile_cont) of a sample given as sorted (value, count) bins. */
export function quantileOfCounts(bins: ReadonlyArray<{ value: number; count: number }>, q: number): number | null {
  const total = bins.reduce((s, b) => s + b.count, 0);
  if (total === 0) return null;
  const h = (total - 1) * q;
  const lo = Math.floor(h);
  const valueAt = (index: number) => {
    let seen = 0;
    for (const b of bins) {
      seen += b.count;
      if (index < seen) return b.value;
    }
    return bins[bins.length - 1]!.value;
  };
  const a = valueAt(lo);
  const b = valueAt(Math.min(total - 1, lo + 1));
  return a + (h - lo) * (b - a);
}

export interface HistogramBucket {
  label: string;
  from: number;
  /** Exclusive upper edge; null for the open last bucket. */
  to: number | null;
  count: number;
}

export interface DistributionSummary {
  unit: "days" | "touches";
  n: number;
  mean: number | null;
  p25: number | null;
  median: number | null;
  p75: number | null;
  histogram: HistogramBucket[];
}

/**
 * Summary of a distribution given as (value, count) bins: quantiles by percentile_cont's rule
 * on the bin values, and a display histogram over `edges` ([e0, e1) … [ek, ∞)).
 */
export function summarizeDistribution(bins: ReadonlyArray<{ value: number; count: number }>, edges: readonly number[], unit: DistributionSummary["unit"]): DistributionSummary {
  const sorted = bins.filter((b) => b.count > 0 && Number.isFinite(b.value)).sort((a, b) => a.value - b.value);
  const n = sorted.reduce((s, b) => s + b.count, 0);
  const histogram: HistogramBucket[] = edges.map((from, i) => {
    const to = i + 1 < edges.length ? edges[i + 1]! : null;
    const label = to === null ? `${from}+` : to - from === 1 && unit === "touches" ? `${from}` : `${from}–${to}`;
    return { label, from, to, count: sorted.filter((b) => b.value >= from && (to === null || b.value < to)).reduce((s, b) => s + b.count, 0) };
  });
  return {
    unit,
    n,
    mean: n > 0 ? sorted.reduce((s, b) => s + b.value * b.count, 0) / n : null,
    p25: quantileOfCounts(sorted, 0.25),
    median: quantileOfCounts(sorted, 0.5),
    p75: quantileOfCounts(sorted, 0.75),
    histogram,
  };
}
