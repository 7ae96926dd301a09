/**
 * "This value versus the rest" for categorical dimensions (lead attributes for WHO, content
 * features for WHAT), from count rows. Pure: no I/O, no request context.
 *
 * Rules:
 * - A value is compared with every other unit of its dimension's population: the two-proportion
 *   z-test, or Fisher's exact test when an expected cell count is below 5 (Cochran's rule).
 * - Rate intervals are 95% Wilson intervals; lift = rate / restRate with the 95% log risk-ratio
 *   (Katz) interval, or MOVER-R Wilson below 5 successes or failures a side (`relativeLift`). With a zero count, lift is the continuity-corrected ratio (x+½)/(n+1) over
 *   (X−x+½)/(N−n+1) and has no interval (never NaN or Infinity).
 * - Benjamini–Hochberg runs over every comparison of one detector and target (`finalizeFindings`).
 * - A finding may be significant only with enough evidence: max(conversions, expected conversions
 *   at the rest rate) ≥ minConversions. A value that converts 0 of 500 where 40 were expected has
 *   enough evidence; 3 of 5 does not.
 * - A value with nothing to compare against (it covers its whole population, as an attribute no
 *   lead has) yields no comparison.
 * - The pooled value "(other)" (the rare values beyond the caps) is compared and shown, but never
 *   significant: a mix of values says nothing actionable about any one of them.
 * - A dimension whose population is exactly two values (yes/no, has a loan or not) is one
 *   comparison, not two: the value with fewer units carries it, the other is its mirror
 *   (`mirrorOf`, see Finding) and is not counted again by Benjamini–Hochberg.
 * - Each effect is re-checked within strata of every applicable confounder (Mantel–Haenszel). When
 *   the stratified effect reverses, or vanishes (its interval covers 1 while the raw one did not),
 *   the finding is kept with its note but is never significant.
 */
import {
  benjaminiHochberg, confoundingCheck, fisherExact, flipsWithoutReversal, patternConfidence, relativeLift, twoProportionZTest, wilsonInterval,
  outcomesNeeded as outcomesNeededFor, type Table2x2,
} from "../stats";
import type { ConfoundingNote, Finding, Interval, PatternTarget } from "./types";

export const ALL_STRATA = "all";
/** The value that pools the values beyond a dimension's cap. */
export const OTHER = "(other)";
export const INTERVAL_LEVEL = 0.95;
const CI_ALPHA = 1 - INTERVAL_LEVEL;

export interface CountRow {
  /** Dimension, e.g. "industry", "attributes.crm", "cta". */
  attribute: string;
  value: string;
  /** Confounder the row is stratified by; absent (or "all") for the unstratified count. */
  confounder?: string;
  /** Stratum value of the confounder, or "all". */
  stratum: string;
  /** Units exposed (leads or touches). */
  units: number;
  conversions: Partial<Record<PatternTarget, number>>;
}

export interface CategoricalCounts {
  rows: CountRow[];
  /**
   * Population of each dimension (per stratum), as rows whose `value` is ignored. `attribute: "*"`
   * applies to every dimension without its own rows. Without either, a dimension's population is
   * the sum of its value rows (its values partition it).
   */
  populations?: CountRow[];
}

export interface CompareOptions {
  /** Confounders to check (those present in the rows are used). */
  confounders: string[];
  /** Leave a confounder out for a dimension or target (e.g. the dimension itself). */
  skipConfounder?: (confounder: string, attribute: string, target: PatternTarget) => boolean;
  /** Display label of a value, e.g. bins of a numeric attribute. */
  label?: (attribute: string, value: string) => string;
  /**
   * Design effect (≥ 1) of clustered units: counts enter every statistic divided by it (effective
   * sample size), e.g. touches of one lead sharing the lead's booking. Reported n and conversions stay raw.
   */
  designEffect?: number;
  /**
   * Per dimension, a value the others are compared with instead of the rest (an experiment's
   * control group): each other value against it alone, overall and within every stratum; the
   * reference itself is not a comparison. A reference the dimension does not hold is ignored.
   */
  references?: Readonly<Record<string, string>>;
}

/** A comparison before multiple-testing adjustment. */
export interface Candidate extends Omit<Finding, "pAdjusted" | "significant" | "direction" | "confidence" | "outcomesNeeded"> {
  /** max(conversions, expected conversions at the rest rate): the sample the minimum applies to. */
  evidence: number;
  /** Width of the log-lift interval (precision of the effect), null when there is none. */
  logLiftWidth: number | null;
  /** The confounder check explains the effect away (reversed or vanished). */
  explainedAway: boolean;
  pooled?: boolean;
  rawDirection: "positive" | "negative" | "none";
}

/**
 * Marks the second side of every two-valued dimension (see the file comment): the pair must be
 * the dimension's whole population, so "the rest" of one is exactly the other.
 */
function markMirrors(candidates: Candidate[], populationUnits: (attribute: string) => number): void {
  const byDimension = new Map<string, Candidate[]>();
  for (const c of candidates) byDimension.set(c.dimension, [...(byDimension.get(c.dimension) ?? []), c]);
  for (const [dimension, pair] of byDimension) {
    if (pair.length !== 2 || pair.some((c) => c.pooled)) continue;
    const [a, b] = pair as [Candidate, Candidate];
    if (a.n + b.n !== populationUnits(dimension)) continue;
    // The smaller side carries the comparison ("has a loan" rather than "has none"); equal sides: the first value.
    const [carrier, mirror] = a.n < b.n || (a.n === b.n && a.value < b.value) ? [a, b] : [b, a];
    mirror.mirrorOf = carrier.key;
  }
}

interface Cell {
  units: number;
  conv: number;
}

function conv(row: CountRow, target: PatternTarget): number {
  return row.conversions[target] ?? 0;
}

const confounderOf = (row: CountRow) => (row.confounder && row.stratum !== ALL_STRATA ? row.confounder : ALL_STRATA);

/** A 2×2 table for value vs rest: [[x, n−x], [X−x, (N−n)−(X−x)]]. */
function table(value: Cell, population: Cell): Table2x2 {
  return {
    a: value.conv,
    b: value.units - value.conv,
    c: Math.max(0, population.conv - value.conv),
    d: Math.max(0, population.units - value.units - (population.conv - value.conv)),
  };
}

/**
 * Two-sided p of value vs rest: z-test, or Fisher when an expected count is below 5 (counts must
 * then be whole: weighted counts always use the z-test).
 */
export function valueVersusRestP(value: Cell, population: Cell): { pValue: number; test: "z" | "fisher" } {
  const t = table(value, population);
  const n = t.a + t.b + t.c + t.d;
  if (n === 0 || t.a + t.b === 0 || t.c + t.d === 0) return { pValue: 1, test: "z" };
  const minExpected = Math.min(t.a + t.b, t.c + t.d) * Math.min(t.a + t.c, t.b + t.d) / n;
  if (minExpected < 5 && [t.a, t.b, t.c, t.d].every(Number.isInteger)) return { pValue: fisherExact(t).pValue, test: "fisher" };
  return { pValue: twoProportionZTest({ successes: t.a, trials: t.a + t.b }, { successes: t.c, trials: t.c + t.d }).pValue, test: "z" };
}

/** rate / restRate with its interval (`relativeLift`: Katz, MOVER-R Wilson for small counts), or the continuity-corrected ratio when a count is 0. */
export function liftOf(value: Cell, rest: Cell): { lift: number; interval?: Interval; logWidth: number | null } {
  const rl = relativeLift({ successes: value.conv, trials: value.units }, { successes: rest.conv, trials: rest.units }, { alpha: CI_ALPHA });
  if (rl.code === "OK" || rl.code === "ZERO_VARIANCE") {
    const interval = { lower: rl.interval.lower + 1, upper: rl.interval.upper + 1, level: INTERVAL_LEVEL };
    return { lift: rl.riskRatio, interval, logWidth: Math.log(interval.upper) - Math.log(interval.lower) };
  }
  if (value.units === 0 || rest.units === 0) return { lift: 1, logWidth: null };
  const lift = (value.conv + 0.5) / (value.units + 1) / ((rest.conv + 0.5) / (rest.units + 1));
  return { lift, logWidth: null };
}

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

/** The confounder note for one value: Mantel–Haenszel within strata versus the collapsed table. */
export function confoundingNote(confounder: string, strata: Table2x2[], label: string): ConfoundingNote & { explainedAway: boolean } | null {
  const informative = strata.filter((t) => t.a + t.b > 0 && t.c + t.d > 0);
  if (informative.length < 2) return null;
  const check = confoundingCheck(informative, { alpha: CI_ALPHA });
  if (check.code !== "OK") return null;
  const raw = check.raw;
  const mh = check.mantelHaenszel;
  const mhCoversOne = mh.interval.lower <= 1 && mh.interval.upper >= 1;
  const explainedAway = check.verdict === "reversed" || (check.verdict === "attenuated" && mhCoversOne);
  const rawText = `odds ratio ${fmt(raw.oddsRatio)} (95% CI ${fmt(raw.interval.lower)}–${fmt(raw.interval.upper)})`;
  const mhText = `${fmt(mh.oddsRatio)} (95% CI ${fmt(mh.interval.lower)}–${fmt(mh.interval.upper)})`;
  const name = confounder.replace(/_/g, " "); // "channel_mix" reads "channel mix"
  const Name = name.charAt(0).toUpperCase() + name.slice(1);
  const within = `within ${informative.length} ${name} strata`;
  const explanation =
    check.verdict === "reversed"
      ? `Reverses ${within}: pooled ${rawText}, stratified ${mhText}. The pooled difference comes from how ${label} is spread across ${name}, not from ${label} itself.`
      : check.verdict === "attenuated"
        ? mhCoversOne
          ? `Vanishes ${within}: pooled ${rawText}, stratified ${mhText}. ${Name} explains the raw difference.`
          : `Weaker ${within}: pooled ${rawText}, stratified ${mhText}. Part of the raw difference is due to ${name}.`
        : check.verdict === "amplified"
          ? `Stronger ${within}: pooled ${rawText}, stratified ${mhText}. ${Name} masks part of the effect.`
          : flipsWithoutReversal(check)
            ? `Points the other way ${within}: pooled ${rawText}, stratified ${mhText}. Neither direction is clear of no effect: too little data to call it, so the pooled difference must not be read.`
            : `Holds ${within}: pooled ${rawText}, stratified ${mhText}.`;
  return {
    confounder,
    strata: informative.length,
    rawOddsRatio: raw.oddsRatio,
    rawInterval: { ...raw.interval, level: INTERVAL_LEVEL },
    adjustedOddsRatio: mh.oddsRatio,
    adjustedInterval: { ...mh.interval, level: INTERVAL_LEVEL },
    verdict: check.verdict,
    explanation,
    explainedAway,
  };
}

const SEVERITY = { reversed: 4, attenuated: 3, amplified: 2, consistent: 1 } as const;

/** The note to show: an explaining-away note first, then the most severe verdict, then the largest change. */
export function worstNote<T extends ConfoundingNote & { explainedAway: boolean }>(notes: T[]): T | undefined {
  const rank = (n: T) => (n.explainedAway ? 10 : 0) + SEVERITY[n.verdict];
  const change = (n: T) => Math.abs(Math.log(n.adjustedOddsRatio / n.rawOddsRatio));
  return [...notes].sort((x, y) => rank(y) - rank(x) || change(y) - change(x))[0];
}

function key(...parts: string[]) {
  return parts.join("\u0000");
}

/** Comparisons of every value of every dimension with the rest of its population, for one target. */
export function compareCategorical(counts: CategoricalCounts, target: PatternTarget, options: CompareOptions): Candidate[] {
  const values = new Map<string, Map<string, Cell>>(); // attribute\0value -> (confounder\0stratum -> cell)
  const populations = new Map<string, Cell>(); // attribute\0confounder\0stratum -> cell
  const strataOf = new Map<string, Set<string>>(); // confounder -> strata
  const add = (map: Map<string, Cell>, k: string, units: number, c: number) => {
    const cell = map.get(k) ?? { units: 0, conv: 0 };
    cell.units += units;
    cell.conv += c;
    map.set(k, cell);
  };
  for (const row of counts.rows) {
    const vk = key(row.attribute, row.value);
    if (!values.has(vk)) values.set(vk, new Map());
    const confounder = confounderOf(row);
    add(values.get(vk)!, key(confounder, row.stratum), row.units, conv(row, target));
    if (confounder !== ALL_STRATA) (strataOf.get(confounder) ?? strataOf.set(confounder, new Set()).get(confounder)!).add(row.stratum);
  }
  const explicit = new Set<string>();
  for (const row of counts.populations ?? []) {
    explicit.add(row.attribute);
    add(populations, key(row.attribute, confounderOf(row), row.stratum), row.units, conv(row, target));
  }
  const attributes = [...new Set(counts.rows.map((r) => r.attribute))];
  for (const attribute of attributes) {
    if (explicit.has(attribute) || explicit.has("*")) continue;
    for (const [vk, cells] of values) {
      if (!vk.startsWith(`${attribute}\u0000`)) continue;
      for (const [ck, cell] of cells) add(populations, key(attribute, ck), cell.units, cell.conv);
    }
  }
  const populationOf = (attribute: string, confounder: string, stratum: string): Cell => {
    const own = explicit.has(attribute) || !explicit.has("*") ? attribute : "*";
    return populations.get(key(own, confounder, stratum)) ?? { units: 0, conv: 0 };
  };

  const d = Math.max(1, options.designEffect ?? 1);
  const eff = (c: Cell): Cell => (d === 1 ? c : { units: c.units / d, conv: c.conv / d });
  const candidates: Candidate[] = [];
  const referenceOf = (attribute: string): string | undefined => {
    const reference = options.references?.[attribute];
    return reference !== undefined && (values.get(key(attribute, reference))?.get(key(ALL_STRATA, ALL_STRATA))?.units ?? 0) > 0 ? reference : undefined;
  };
  // Against a reference, a value's "population" is itself and the reference: the rest is the reference alone.
  const comparedPopulation = (attribute: string, own: Cell, confounder: string, stratum: string, reference: string | undefined): Cell => {
    if (reference === undefined) return populationOf(attribute, confounder, stratum);
    const ref = values.get(key(attribute, reference))?.get(key(confounder, stratum)) ?? { units: 0, conv: 0 };
    return { units: own.units + ref.units, conv: own.conv + ref.conv };
  };
  for (const [vk, cells] of values) {
    const [attribute, value] = vk.split("\u0000");
    const raw = cells.get(key(ALL_STRATA, ALL_STRATA));
    if (!raw || raw.units === 0) continue;
    const reference = referenceOf(attribute);
    if (value === reference) continue;
    const cell = eff(raw);
    const population = eff(comparedPopulation(attribute, raw, ALL_STRATA, ALL_STRATA, reference));
    const rest = { units: Math.max(0, population.units - cell.units), conv: Math.max(0, population.conv - cell.conv) };
    if (rest.units <= 0) continue;
    const label = options.label?.(attribute, value) ?? `${attribute}: ${value}`;
    const rate = cell.conv / cell.units;
    const restRate = rest.units > 0 ? rest.conv / rest.units : 0;
    const wilson = wilsonInterval({ successes: cell.conv, trials: cell.units }, { alpha: CI_ALPHA });
    const { pValue } = valueVersusRestP(cell, population);
    const lift = liftOf(cell, rest);
    const notes: Array<ConfoundingNote & { explainedAway: boolean }> = [];
    for (const confounder of options.confounders) {
      const strata = strataOf.get(confounder);
      if (!strata || options.skipConfounder?.(confounder, attribute, target)) continue;
      // Sorted, so the floating-point sums do not depend on the order rows arrived in.
      const tables = [...strata].sort().map((s) => {
        const own = cells.get(key(confounder, s)) ?? { units: 0, conv: 0 };
        return table(eff(own), eff(comparedPopulation(attribute, own, confounder, s, reference)));
      });
      const note = confoundingNote(confounder, tables, label);
      if (note) notes.push(note);
    }
    const note = worstNote(notes);
    candidates.push({
      key: `${attribute}=${value}`,
      dimension: attribute,
      value,
      label,
      n: raw.units,
      conversions: raw.conv,
      rate,
      interval: { lower: wilson.lower, upper: wilson.upper, level: INTERVAL_LEVEL },
      restRate,
      lift: lift.lift,
      ...(lift.interval ? { liftInterval: lift.interval } : {}),
      pValue,
      evidence: Math.max(cell.conv, cell.units * restRate),
      logLiftWidth: lift.logWidth,
      explainedAway: note?.explainedAway ?? false,
      pooled: value === OTHER,
      ...(reference !== undefined ? { reference } : {}),
      rawDirection: rate > restRate ? "positive" : rate < restRate ? "negative" : "none",
      ...(note ? { confounding: stripNote(note) } : {}),
    });
  }
  markMirrors(candidates, (attribute) => populationOf(attribute, ALL_STRATA, ALL_STRATA).units);
  return candidates;
}

function stripNote(note: ConfoundingNote & { explainedAway?: boolean }): ConfoundingNote {
  const { explainedAway: _ignored, ...rest } = note;
  return rest;
}

export interface FinalizeOptions {
  alpha: number;
  minConversions: number;
}

/** Confidence rules for one finding: its evidence against the minimum, and the log-lift interval width (a 2-fold span is precise, 16-fold says nothing). */
export const FINDING_CONFIDENCE_RULES = { targetWidth: Math.log(2), maxWidth: Math.log(16) } as const;

/**
 * Benjamini–Hochberg over all candidates (one detector and target), then significance,
 * direction, confidence and outcomes needed. Sorted: significant first, then by adjusted p.
 */
export function finalizeFindings(candidates: Candidate[], options: FinalizeOptions): Finding[] {
  const keys = new Set(candidates.map((c) => c.key));
  // A mirror whose carrier is not among these candidates is a comparison of its own.
  const mirrored = (c: Candidate) => c.mirrorOf !== undefined && keys.has(c.mirrorOf);
  const tested = candidates.filter((c) => !mirrored(c));
  const bh = benjaminiHochberg(tested.map((c) => c.pValue), options.alpha);
  const decide = (c: Candidate, pAdjusted: number) => {
    const outcomesNeeded = outcomesNeededFor(c.evidence, options.minConversions);
    const significant = pAdjusted < options.alpha && outcomesNeeded === 0 && !c.explainedAway && !c.pooled && c.rawDirection !== "none";
    const confidence = patternConfidence(
      { outcomes: c.evidence, intervalWidth: c.logLiftWidth },
      { minOutcomes: options.minConversions, ...FINDING_CONFIDENCE_RULES },
    ).confidence;
    return { pAdjusted, significant, confidence, outcomesNeeded };
  };
  const decisions = new Map(tested.map((c, i) => [c.key, decide(c, bh.code === "OK" ? bh.adjusted[i]! : 1)]));
  const findings = candidates.map((c): Finding => {
    // A mirror reads as its carrier's test: the same verdict, its own (opposite) direction.
    const { pAdjusted, significant, confidence, outcomesNeeded } = decisions.get(mirrored(c) ? c.mirrorOf! : c.key)!;
    const { evidence: _e, logLiftWidth: _w, explainedAway: _x, rawDirection, pooled, mirrorOf, ...finding } = c;
    return {
      ...finding,
      ...(pooled ? { pooled } : {}),
      ...(mirrored(c) ? { mirrorOf } : {}),
      pAdjusted,
      significant,
      direction: significant ? rawDirection : "none",
      confidence,
      outcomesNeeded,
    };
  });
  return findings.sort(
    (x, y) =>
      Number(y.significant) - Number(x.significant) ||
      x.pAdjusted - y.pAdjusted ||
      Math.abs(Math.log(y.lift)) - Math.abs(Math.log(x.lift)) ||
      Number(x.mirrorOf !== undefined) - Number(y.mirrorOf !== undefined) ||
      (x.key < y.key ? -1 : 1),
  );
}
