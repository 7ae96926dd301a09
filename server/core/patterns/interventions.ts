/**
 * Interventions between booking and appointment (e.g. the reminder SMS, touches.attributes.kind =
 * "reminder") and their effect on show-up among booked leads, compared like with like. Pure.
 *
 * Why stratify: who gets an intervention is not random. Reminders go mostly to leads booked far
 * ahead, and far appointments are missed more, so the pooled comparison can make a helpful
 * reminder look harmful (Simpson's paradox). The analysis therefore always reports:
 * - raw: the collapsed 2×2 (odds ratio with Woolf's interval, Fisher's exact test);
 * - adjusted: within days-to-appointment strata (≤ 7 days, > 7 days by default; edges configurable),
 *   the Mantel–Haenszel odds ratio (Robins–Breslow–Greenland interval), the Cochran–Mantel–Haenszel
 *   test, Breslow–Day homogeneity, and rates directly standardised to all booked leads' strata;
 * - the verdict (`confoundingCheck`) and a plain explanation.
 * The Finding (key "intervention=<kind>") is always the adjusted effect: its p-value is the CMH test,
 * its direction the MH odds ratio's, its rates the standardised ones. The naive pooled effect is only
 * ever shown inside `confounding`, never as a finding of its own.
 */
import { STATS_CODES, breslowDay, tableFromProportions, zCritical } from "../stats";
import type { ConfoundingVerdict, Finding, Interval } from "./types";
import { compare, finalizeFindings, fisherExactPValue, stratumTables, withLevel, INTERVAL_LEVEL, type FindingOptions, type StratumCounts } from "./how-when-common";

export const DEFAULT_DAYS_TO_APPOINTMENT_EDGES = [7] as const;

/** Stratum label of a days-to-appointment value: "≤7d", ">7d" (edges are upper-inclusive). */
export function daysBucketLabel(index: number, edges: readonly number[] = DEFAULT_DAYS_TO_APPOINTMENT_EDGES): string {
  if (index < 0) return "unknown";
  if (index === 0) return `≤${edges[0]}d`;
  if (index >= edges.length) return `>${edges[edges.length - 1]}d`;
  return `${edges[index - 1]}–${edges[index]}d`;
}

export function daysBucketIndex(days: number | null, edges: readonly number[] = DEFAULT_DAYS_TO_APPOINTMENT_EDGES): number {
  if (days === null || !Number.isFinite(days)) return -1;
  return edges.filter((e) => days > e).length;
}

export interface InterventionRow {
  kind: string;
  stratum: string;
  treated: boolean;
  /** Booked leads whose appointment has resolved (showed or no-show). */
  units: number;
  successes: number;
}

export interface InterventionStratum {
  stratum: string;
  treated: { units: number; successes: number; rate: number };
  untreated: { units: number; successes: number; rate: number };
}

export interface InterventionResult {
  kind: string;
  confounder: string;
  strata: InterventionStratum[];
  raw: { treatedRate: number; untreatedRate: number; oddsRatio: number; interval: Interval; pValue: number };
  adjusted: { treatedRate: number; untreatedRate: number; oddsRatio: number; interval: Interval; pValue: number; homogeneityPValue: number };
  verdict: ConfoundingVerdict;
  explanation: string;
  finding: Finding;
}

export interface InterventionOptions {
  alpha: number;
  minConversions: number;
  confounder?: string;
  outcomeNoun?: string;
}

/**
 * Direct standardisation: Σ w_s p_s over strata holding both groups, w_s = stratum share of all
 * units there; normal interval from Var = Σ w_s² p_s (1 − p_s) / n_s, clamped to [0, 1].
 */
export function standardizedRates(strata: readonly StratumCounts[]) {
  const usable = strata.filter((s) => s.exposed.trials > 0 && s.reference.trials > 0);
  const total = usable.reduce((sum, s) => sum + s.exposed.trials + s.reference.trials, 0);
  const z = zCritical(1 - INTERVAL_LEVEL);
  const side = (pick: (s: StratumCounts) => { successes: number; trials: number }) => {
    let rate = 0;
    let variance = 0;
    for (const s of usable) {
      const w = (s.exposed.trials + s.reference.trials) / total;
      const g = pick(s);
      const p = g.successes / g.trials;
      rate += w * p;
      variance += (w * w * p * (1 - p)) / g.trials;
    }
    const half = z * Math.sqrt(variance);
    return { rate, interval: withLevel({ lower: Math.max(0, rate - half), upper: Math.min(1, rate + half) }) };
  };
  if (total === 0) return null;
  return { treated: side((s) => s.exposed), untreated: side((s) => s.reference) };
}

/** One result per intervention kind, BH over the kinds. */
export function analyzeInterventions(rows: readonly InterventionRow[], options: InterventionOptions): InterventionResult[] {
  const confounder = options.confounder ?? "days to appointment";
  const outcome = options.outcomeNoun ?? "show-up";
  const kinds = [...new Set(rows.map((r) => r.kind))].sort();
  const fOpts: FindingOptions = { alpha: options.alpha, minConversions: options.minConversions, confounder, outcomeNoun: outcome };
  const prepared = kinds.map((kind) => {
    const byStratum = new Map<string, StratumCounts>();
    for (const r of rows.filter((x) => x.kind === kind)) {
      const s = byStratum.get(r.stratum) ?? { name: r.stratum, exposed: { successes: 0, trials: 0 }, reference: { successes: 0, trials: 0 } };
      const g = r.treated ? s.exposed : s.reference;
      byStratum.set(r.stratum, {
        ...s,
        [r.treated ? "exposed" : "reference"]: { successes: g.successes + r.successes, trials: g.trials + r.units },
      });
    }
    const strata = [...byStratum.values()].sort((a, b) => a.name.localeCompare(b.name));
    const sum = (pick: (s: StratumCounts) => { successes: number; trials: number }) => strata.reduce((acc, s) => ({ successes: acc.successes + pick(s).successes, trials: acc.trials + pick(s).trials }), { successes: 0, trials: 0 });
    const exposed = sum((s) => s.exposed);
    const reference = sum((s) => s.reference);
    const adjusted = compare(
      {
        key: `intervention=${kind}`,
        dimension: "intervention",
        value: kind,
        label: `${kind} between booking and appointment → ${outcome}, compared within ${confounder} strata`,
        exposed,
        reference,
        strata,
      },
      { ...fOpts, exposureNoun: kind },
      "adjusted",
    );
    return { kind, strata, adjusted, exposed, reference };
  });
  const findings = finalizeFindings(
    prepared.map((p) => p.adjusted),
    fOpts,
  );
  return prepared.map((p, i) => {
    const finding = findings[i]!;
    const std = standardizedRates(p.strata);
    const note = p.adjusted.confounding;
    if (std) {
      finding.rate = std.treated.rate;
      finding.interval = std.treated.interval;
      finding.restRate = std.untreated.rate;
      finding.lift = std.untreated.rate > 0 ? std.treated.rate / std.untreated.rate : 1;
      delete finding.liftInterval;
    }
    const rate = (g: { successes: number; trials: number }) => (g.trials > 0 ? g.successes / g.trials : 0);
    const homogeneity = breslowDay(stratumTables(p.strata));
    const rawTest = { pValue: fisherExactPValue(tableFromProportions(p.exposed, p.reference)) };
    return {
      kind: p.kind,
      confounder,
      strata: p.strata.map((s) => ({ stratum: s.name, treated: { units: s.exposed.trials, successes: s.exposed.successes, rate: rate(s.exposed) }, untreated: { units: s.reference.trials, successes: s.reference.successes, rate: rate(s.reference) } })),
      raw: {
        treatedRate: rate(p.exposed),
        untreatedRate: rate(p.reference),
        oddsRatio: note?.rawOddsRatio ?? 1,
        interval: note?.rawInterval ?? withLevel({ lower: 1, upper: 1 }),
        pValue: rawTest.pValue,
      },
      adjusted: {
        treatedRate: std?.treated.rate ?? rate(p.exposed),
        untreatedRate: std?.untreated.rate ?? rate(p.reference),
        oddsRatio: note?.adjustedOddsRatio ?? 1,
        interval: note?.adjustedInterval ?? withLevel({ lower: 1, upper: 1 }),
        pValue: finding.pValue,
        homogeneityPValue: homogeneity.code === STATS_CODES.OK ? homogeneity.pValue : 1,
      },
      verdict: note?.verdict ?? "consistent",
      explanation: note?.explanation ?? `Not enough booked leads with a resolved appointment to compare ${p.kind} within ${confounder} strata.`,
      finding,
    };
  });
}
