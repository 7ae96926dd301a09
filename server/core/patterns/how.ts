/**
 * HOW detector core (seed 003, 16D; seed 000 Thought 4): which channel sequences convert?
 * Pure: no DB, no request context; `server/services/patterns/how.ts` feeds it lead counts per
 * (channel path, lead source, converted).
 *
 * Domain rules:
 * - Units are leads with at least one outreach touch. A lead's path is its outreach channels in
 *   send order with repeats collapsed, cut at the outcome (and at booking: later touches cannot
 *   have caused it). Reminder touches are left out.
 * - The sequence of a lead is the first `steps` (default 3) channels of its path: "email>linkedin>voice".
 * - Each sequence is compared with the single-channel baseline (default "email"; else the most
 *   common single-channel sequence; else the rest) by Fisher's exact test, re-checked within
 *   lead-source strata (Mantel–Haenszel) when "source" is a confounder. The test versus all other
 *   leads is reported beside it in the details. Multi-channel vs single-channel is one more finding
 *   (key "channel_mix=multi"). BH runs over the family of the target.
 * - Channel contribution: Markov removal effects (markov.ts); next channel: `nextChannel`.
 */
import { patternConfidence, tableFromProportions, wilsonInterval, type ProportionStats } from "../stats";
import type { Finding, Interval, PatternTarget, TargetResult } from "./types";
import { compare, finalizeFindings, fisherExactPValue, summarizeDistribution, withLevel, INTERVAL_LEVEL, type Comparison, type DistributionSummary, type FindingOptions, type StratumCounts } from "./how-when-common";
import { buildNextChannelModel, markovAttribution, type MarkovAttribution, type NextChannelModel, type PathCount } from "./markov";

export { buildNextChannelModel, markovAttribution, nextChannel, collapseRepeats, type NextChannelAdvice, type NextChannelModel, type MarkovAttribution, type PathCount } from "./markov";

export const DEFAULT_SEQUENCE_STEPS = 3;
export const TOUCHES_EDGES = [1, 2, 3, 4, 5, 6, 8, 10, 15] as const;
/** Bootstrap replicates behind the channel contributions' intervals (a few ms: the chain has a handful of states). */
export const ATTRIBUTION_REPLICATES = 200;

export interface PathRow {
  /** Collapsed channel path joined by ">" (may be longer than `steps`). */
  path: string;
  /** Lead source (or "(none)"): the confounder stratum. */
  stratum: string;
  leads: number;
  conversions: number;
}

export interface HowTargetInput {
  target: PatternTarget;
  paths: PathRow[];
  /** Converted leads by outreach touches sent before the outcome. */
  touchesToConvert: Array<{ value: number; count: number }>;
}

export interface HowOptions {
  alpha: number;
  minConversions: number;
  confounders: string[];
  steps?: number;
  /** Baseline sequence; default "email" when present, else the most common single-channel one. */
  baseline?: string;
  /** Sequences with fewer leads are pooled into "(other)" in the details and get no finding. */
  minSequenceLeads?: number;
  maxSequences?: number;
}

export interface SequenceStat {
  sequence: string;
  channels: string[];
  leads: number;
  conversions: number;
  rate: number;
  interval: Interval;
  vsBaseline: { lift: number; pValue: number } | null;
  vsRest: { restRate: number; lift: number; pValue: number };
}

export interface HowTargetDetails {
  target: PatternTarget;
  steps: number;
  baseline: string | null;
  sequences: SequenceStat[];
  multiChannel: { single: { leads: number; conversions: number; rate: number }; multi: { leads: number; conversions: number; rate: number }; lift: number; pValue: number };
  attribution: MarkovAttribution;
  nextChannelModel: NextChannelModel;
  touchesToConvert: DistributionSummary;
}

export function sequenceOf(path: string, steps = DEFAULT_SEQUENCE_STEPS): string {
  return path.split(">").filter(Boolean).slice(0, steps).join(">");
}

type Counts = { leads: number; conversions: number };
const addTo = (m: Map<string, Counts>, key: string, leads: number, conversions: number) => {
  const c = m.get(key) ?? { leads: 0, conversions: 0 };
  c.leads += leads;
  c.conversions += conversions;
  m.set(key, c);
};

function pickBaseline(totals: Map<string, Counts>, wanted?: string): string | null {
  if (wanted && totals.has(wanted)) return wanted;
  if (!wanted && totals.has("email")) return "email";
  const singles = [...totals.entries()].filter(([s]) => !s.includes(">")).sort((a, b) => b[1].leads - a[1].leads);
  return singles[0]?.[0] ?? null;
}

/** Sequence findings and details for one target. */
export function analyzeSequences(input: HowTargetInput, options: HowOptions): { result: TargetResult; details: HowTargetDetails } {
  const steps = options.steps ?? DEFAULT_SEQUENCE_STEPS;
  const bySource = options.confounders.includes("source");
  const totals = new Map<string, Counts>();
  const strata = new Map<string, Map<string, Counts>>();
  const sourceTotals = new Map<string, Counts>();
  let all: Counts = { leads: 0, conversions: 0 };
  for (const r of input.paths) {
    const seq = sequenceOf(r.path, steps);
    if (!seq) continue;
    addTo(totals, seq, r.leads, r.conversions);
    const s = strata.get(seq) ?? new Map<string, Counts>();
    addTo(s, r.stratum, r.leads, r.conversions);
    strata.set(seq, s);
    addTo(sourceTotals, r.stratum, r.leads, r.conversions);
    all = { leads: all.leads + r.leads, conversions: all.conversions + r.conversions };
  }
  const baseline = pickBaseline(totals, options.baseline);
  const minLeads = options.minSequenceLeads ?? 30;
  const ranked = [...totals.entries()].sort((a, b) => b[1].leads - a[1].leads || a[0].localeCompare(b[0]));
  const shown = ranked.filter(([s, c], i) => s === baseline || (c.leads >= minLeads && i < (options.maxSequences ?? 30)));
  // Sequences outside `shown` stay in the details (pooled as "(other)" past maxSequences) but get no finding.
  const fOpts: FindingOptions = { alpha: options.alpha, minConversions: options.minConversions, confounder: bySource ? "source" : undefined, outcomeNoun: input.target };
  const base = baseline ? totals.get(baseline)! : null;
  const stratumOf = (seq: string, source: string) => strata.get(seq)?.get(source) ?? { leads: 0, conversions: 0 };
  const comparisons: Comparison[] = [];
  for (const [seq, c] of shown) {
    if (seq === baseline) continue;
    const ref = base ?? { leads: all.leads - c.leads, conversions: all.conversions - c.conversions };
    const strataCounts: StratumCounts[] | undefined = bySource
      ? [...sourceTotals.keys()].map((source) => {
          const e = stratumOf(seq, source);
          const r = base ? stratumOf(baseline!, source) : { leads: sourceTotals.get(source)!.leads - e.leads, conversions: sourceTotals.get(source)!.conversions - e.conversions };
          return { name: source, exposed: { successes: e.conversions, trials: e.leads }, reference: { successes: r.conversions, trials: r.leads } };
        })
      : undefined;
    comparisons.push({
      key: `sequence=${seq}`,
      dimension: "sequence",
      value: seq,
      label: `${seq.split(">").join(" → ")} vs ${baseline ?? "all other sequences"}`,
      exposed: { successes: c.conversions, trials: c.leads },
      reference: { successes: ref.conversions, trials: ref.leads },
      strata: strataCounts,
    });
  }
  // Multi-channel (≥ 2 distinct channels in the sequence) vs single-channel.
  const isMulti = (seq: string) => new Set(seq.split(">")).size > 1;
  const mixStrata = new Map<string, { multi: Counts; single: Counts }>();
  const mix = { multi: { leads: 0, conversions: 0 }, single: { leads: 0, conversions: 0 } };
  for (const [seq, bySrc] of strata) {
    for (const [source, c] of bySrc) {
      const side = isMulti(seq) ? "multi" : "single";
      mix[side].leads += c.leads;
      mix[side].conversions += c.conversions;
      const m = mixStrata.get(source) ?? { multi: { leads: 0, conversions: 0 }, single: { leads: 0, conversions: 0 } };
      m[side].leads += c.leads;
      m[side].conversions += c.conversions;
      mixStrata.set(source, m);
    }
  }
  if (mix.multi.leads > 0 && mix.single.leads > 0) {
    comparisons.push({
      key: "channel_mix=multi",
      dimension: "channel_mix",
      value: "multi",
      label: "Multi-channel sequences vs single-channel",
      exposed: { successes: mix.multi.conversions, trials: mix.multi.leads },
      reference: { successes: mix.single.conversions, trials: mix.single.leads },
      strata: bySource ? [...mixStrata.entries()].map(([name, m]) => ({ name, exposed: { successes: m.multi.conversions, trials: m.multi.leads }, reference: { successes: m.single.conversions, trials: m.single.leads } })) : undefined,
    });
  }
  const findings: Finding[] = finalizeFindings(comparisons.map((c) => compare(c, fOpts)), fOpts);
  const fisher = (a: ProportionStats, b: ProportionStats) => ({ pValue: fisherExactPValue(tableFromProportions(a, b)) });
  const mixTest = fisher({ successes: mix.multi.conversions, trials: mix.multi.leads }, { successes: mix.single.conversions, trials: mix.single.leads });
  const rate = (c: Counts) => (c.leads > 0 ? c.conversions / c.leads : 0);
  const maxShown = options.maxSequences ?? 30;
  const listed: Array<[string, Counts]> = ranked.slice(0, maxShown);
  if (ranked.length > maxShown) {
    const rest = ranked.slice(maxShown).reduce((acc, [, c]) => ({ leads: acc.leads + c.leads, conversions: acc.conversions + c.conversions }), { leads: 0, conversions: 0 });
    listed.push(["(other)", rest]);
  }
  const sequences: SequenceStat[] = listed.map(([seq, c]) => {
    const vsBase = base && seq !== baseline && seq !== "(other)" ? fisher({ successes: c.conversions, trials: c.leads }, { successes: base.conversions, trials: base.leads }) : null;
    const rest = { leads: all.leads - c.leads, conversions: all.conversions - c.conversions };
    const vsRest = fisher({ successes: c.conversions, trials: c.leads }, { successes: rest.conversions, trials: rest.leads });
    return {
      sequence: seq,
      channels: seq === "(other)" ? [] : seq.split(">"),
      leads: c.leads,
      conversions: c.conversions,
      rate: rate(c),
      interval: withLevel(wilsonInterval({ successes: c.conversions, trials: c.leads }, { alpha: 1 - INTERVAL_LEVEL })),
      vsBaseline: vsBase && base ? { lift: rate(base) > 0 ? rate(c) / rate(base) : 1, pValue: vsBase.pValue } : null,
      vsRest: { restRate: rate(rest), lift: rate(rest) > 0 ? rate(c) / rate(rest) : 1, pValue: vsRest.pValue },
    };
  });
  const pathCounts = new Map<string, PathCount>();
  for (const r of input.paths) {
    const p = pathCounts.get(r.path) ?? { path: r.path.split(">").filter(Boolean), conversions: 0, nulls: 0 };
    p.conversions += r.conversions;
    p.nulls += r.leads - r.conversions;
    pathCounts.set(r.path, p);
  }
  const paths = [...pathCounts.values()].filter((p) => p.path.length > 0);
  return {
    result: { target: input.target, n: all.leads, conversions: all.conversions, baseRate: rate(all), findings },
    details: {
      target: input.target,
      steps,
      baseline,
      sequences,
      multiChannel: { single: { ...mix.single, rate: rate(mix.single) }, multi: { ...mix.multi, rate: rate(mix.multi) }, lift: rate(mix.single) > 0 ? rate(mix.multi) / rate(mix.single) : 1, pValue: mixTest.pValue },
      attribution: markovAttribution(paths, { replicates: ATTRIBUTION_REPLICATES, seed: 1 }),
      nextChannelModel: buildNextChannelModel(paths),
      touchesToConvert: summarizeDistribution(input.touchesToConvert, TOUCHES_EDGES, "touches"),
    },
  };
}

export function howConfidence(sampleSize: number): number {
  return patternConfidence({ outcomes: sampleSize }).confidence;
}
