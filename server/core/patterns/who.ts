/**
 * WHO detector core: which leads convert? Conversion (reply, booking, show, deal) by every lead
 * attribute, from count rows the service aggregates in SQL. Pure: no I/O.
 *
 * Attributes: industry, seniority, source, country, title (top values), company_size (quantile
 * bins) and free attributes from leads.attributes (top keys; categorical keys by top values,
 * numeric keys by quantile bins). Values beyond the caps are grouped as "(other)"; absent values
 * are "(missing)", so every attribute partitions the leads.
 *
 * Confounders: "source" (lead source) and "channel_mix" (the set of outreach channels a lead got),
 * and any lead attribute a tenant names (a built-in one, or "attributes.<key>"), stratified by its
 * values as analysed here. A dimension is never stratified by itself. "days_to_appointment" is not
 * a WHO confounder: it exists only for booked leads, downstream of the attributes compared here,
 * so stratifying all leads by it would condition on booking (a mediator) and explain real effects
 * away.
 */
import { binLabel, integerBinLabel, patternConfidence } from "../stats";
import { ALL_STRATA, compareCategorical, finalizeFindings, type CategoricalCounts, type CountRow } from "./who-categorical";
import type { PatternTarget, TargetResult } from "./types";

export const MISSING = "(missing)";
export { OTHER } from "./who-categorical";
export const BIN_PREFIX = "bin:";

export interface WhoCaps {
  /** Values kept per built-in attribute (industry, seniority, source, country). */
  values: number;
  /** Values kept for title (free text, so usually long-tailed). */
  titleValues: number;
  /** Free attribute keys analysed (most common first). */
  freeKeys: number;
  /** Values kept per free attribute key. */
  freeValues: number;
  /** A numeric free key with more distinct values than this is binned by quantiles (else each value is its own level). */
  numericLevels: number;
  /** Quantile bins for numeric attributes. */
  bins: number;
  /** Strata kept per confounder (the rest are pooled as "(other)"). */
  strata: number;
}

/**
 * Free keys and their values are capped generously: an imported table (a CRM export, a public
 * marketing dataset) often carries a dozen or more columns, and the most telling one may sort last.
 */
export const DEFAULT_WHO_CAPS: WhoCaps = { values: 20, titleValues: 15, freeKeys: 30, freeValues: 20, numericLevels: 10, bins: 5, strata: 12 };

export const BUILT_IN_ATTRIBUTES = ["industry", "seniority", "source", "country", "title", "company_size"] as const;
/**
 * A free lead attribute named in settings ("attributes.<key>"): word characters, dots, colons and
 * dashes only, since the name is written into SQL as a confounder or an excluded attribute.
 */
export const FREE_ATTRIBUTE_NAME = /^attributes\.[A-Za-z0-9_.:-]{1,64}$/;
export const WHO_CONFOUNDERS = ["source", "channel_mix"] as const;

/** One free attribute key as profiled in SQL. */
export interface FreeKeyProfile {
  key: string;
  /** Leads with the key. */
  leads: number;
  numericLeads: number;
  distinctValues: number;
  /** Quantiles at 0, 1/k, …, 1 of the numeric values (linear interpolation), when any. */
  quantiles: number[] | null;
  /** Every numeric value is a whole number (null or absent when none is numeric). */
  integral?: boolean | null;
}

export interface FreeKeyPlan {
  key: string;
  /** Attribute name in findings: "attributes.<key>". */
  attribute: string;
  /** Bin edges for a numeric key, null for a categorical one. */
  edges: number[] | null;
}

/**
 * A plain decimal written as text ("58", "-2143.5"), as spreadsheets and many integrations send
 * numbers. Leading zeros are excluded: "00501" is a code. Its source is also the SQL pattern.
 */
export const NUMERIC_TEXT = /^-?(0|[1-9][0-9]*)([.][0-9]+)?$/;

/** A free attribute's value as a number: a finite number, or text that is a plain decimal (trimmed); null otherwise. */
export function numericValue(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && NUMERIC_TEXT.test(value.trim())) return Number(value.trim());
  return null;
}

/**
 * Bin edges from quantiles: tied quantiles dropped (as pandas qcut duplicates="drop"), except
 * that a minimum holding at least one bin's share of the values gets a bin of its own, [m, m]:
 * a count that is 0 for most leads, or a sentinel such as -1 for "never", would otherwise share
 * its first bin with the values above it (qcut would then put every lead in one bin).
 */
export function edgesFromQuantiles(quantiles: readonly (number | null)[] | null): number[] | null {
  if (!quantiles) return null;
  const finite = quantiles.filter((q): q is number => q !== null && Number.isFinite(q));
  const edges: number[] = [];
  for (const q of finite) if (edges.length === 0 || q > edges[edges.length - 1]) edges.push(q);
  if (edges.length < 2) return null;
  if (finite.length >= 3 && finite[0] === finite[1]) edges.unshift(edges[0]);
  return edges;
}

/**
 * A key that names each lead rather than describes it: every lead has its own value, and it is
 * text (an e-mail hash, a customer code) or whole numbers over enough leads that a measure would
 * repeat (a row number, a numeric user id). Comparing its bins would report noise, or the order
 * the file happens to be in.
 */
export function isIdentifierKey(p: FreeKeyProfile, caps: WhoCaps = DEFAULT_WHO_CAPS): boolean {
  if (p.distinctValues < p.leads) return false;
  const numeric = p.numericLeads >= 0.9 * p.leads && p.distinctValues > caps.numericLevels;
  if (!numeric) return p.leads > caps.freeValues;
  return p.integral === true && p.numericLeads === p.leads && p.leads >= MIN_LEADS_FOR_NUMERIC_IDENTIFIER;
}
/** Below this many leads, distinct whole numbers may well be a measure (revenue, days) rather than an id. */
const MIN_LEADS_FOR_NUMERIC_IDENTIFIER = 1000;

/**
 * Which free keys to analyse: the most common `caps.freeKeys` keys present on at least 1% of
 * leads, skipping identifiers (isIdentifierKey). A key whose values are ≥ 90% numbers with more
 * distinct values than `caps.numericLevels` is binned by quantiles.
 */
export function planFreeKeys(profiles: FreeKeyProfile[], totalLeads: number, caps: WhoCaps = DEFAULT_WHO_CAPS): FreeKeyPlan[] {
  const plans: FreeKeyPlan[] = [];
  const sorted = [...profiles].sort((a, b) => b.leads - a.leads || (a.key < b.key ? -1 : 1));
  for (const p of sorted) {
    if (plans.length >= caps.freeKeys) break;
    if (p.leads < Math.max(1, 0.01 * totalLeads) || isIdentifierKey(p, caps)) continue;
    const numeric = p.numericLeads >= 0.9 * p.leads && p.distinctValues > caps.numericLevels;
    const edges = numeric ? edgesFromQuantiles(p.quantiles) : null;
    if (numeric && !edges) continue;
    plans.push({ key: p.key, attribute: `attributes.${p.key}`, edges });
  }
  return plans;
}

function formatNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(1) : x.toPrecision(2);
}

/** "company size: (51, 150]" for a bin value, "industry: SaaS" otherwise ("age: [18, 32]" for attributes.age). */
export function whoLabel(bins: Readonly<Record<string, number[]>>, integral: readonly string[] = []) {
  return (attribute: string, value: string): string => {
    // Free attributes read by their key ("age: [18, 32]"); the finding's key keeps "attributes." to stay unique.
    const name = attribute.replace(/^attributes\./, "").replace(/_/g, " ");
    const edges = bins[attribute];
    if (edges && value.startsWith(BIN_PREFIX)) {
      const bin = Number(value.slice(BIN_PREFIX.length));
      return `${name}: ${integral.includes(attribute) ? integerBinLabel(edges, bin) : binLabel(edges, bin, formatNumber)}`;
    }
    return `${name}: ${value}`;
  };
}

/** Bin index of x for edges (right-closed bins, the first also closed on the left; clamped), as the SQL computes it. */
export function binIndex(edges: readonly number[], x: number): number {
  let index = 0;
  for (let i = 1; i < edges.length - 1; i++) if (edges[i] < x) index = i;
  return index;
}

export interface WhoCoreInput {
  counts: CategoricalCounts;
  /** Bin edges of numeric attributes, for labels. */
  bins: Record<string, number[]>;
  /** Binned attributes whose values are whole numbers (labelled as ranges of them). */
  integral?: string[];
}

export interface WhoCoreOptions {
  targets: PatternTarget[];
  alpha: number;
  minConversions: number;
  confounders: string[];
  /** Per attribute, the value the others are compared with (see controlReferences). */
  references?: Readonly<Record<string, string>>;
}

/**
 * Values that name an experiment's control group: "control", "holdout", "No E-Mail", "psa" (a
 * public-service ad shown instead of the product's). Not "none": "CRM: none" is a lead without a
 * CRM, not an experiment's control.
 */
export const CONTROL_VALUE = /^(control( group)?|ctrl|hold[ -]?out|baseline|placebo|psa|no[ _-]?(e-?mail|mail|message|treatment|contact|offer|campaign|promotion|ads?))$/i;

/**
 * The control value of each free attribute that has exactly one (CONTROL_VALUE) among values with
 * leads: an experiment's arms read best against their control, not against the other arms mixed
 * with it ("Womens E-Mail" against "No E-Mail", as an analyst of MineThatData's test compares them).
 */
export function controlReferences(rows: readonly CountRow[]): Record<string, string> {
  const valuesOf = new Map<string, Set<string>>();
  for (const r of rows) {
    if (!r.attribute.startsWith("attributes.") || r.units <= 0 || (r.confounder && r.stratum !== ALL_STRATA)) continue;
    (valuesOf.get(r.attribute) ?? valuesOf.set(r.attribute, new Set()).get(r.attribute)!).add(r.value);
  }
  const references: Record<string, string> = {};
  for (const [attribute, values] of valuesOf) {
    const controls = [...values].filter((v) => CONTROL_VALUE.test(v.trim()));
    if (controls.length === 1 && values.size >= 2) references[attribute] = controls[0]!;
  }
  return references;
}

/**
 * Per-target results: every value of every attribute against the rest (or against its attribute's
 * reference value, when it has one), BH-adjusted per target.
 */
export function detectWhoTargets(input: WhoCoreInput, options: WhoCoreOptions): TargetResult[] {
  const label = whoLabel(input.bins, input.integral);
  const skipConfounder = (confounder: string, attribute: string) => attribute === confounder;
  const references = options.references ?? {};
  return options.targets.map((target) => {
    const total = (input.counts.populations ?? []).find((r) => r.attribute === "*" && r.stratum === ALL_STRATA);
    const n = total?.units ?? 0;
    const conversions = total?.conversions[target] ?? 0;
    const candidates = compareCategorical(input.counts, target, { confounders: options.confounders, skipConfounder, label, references });
    const findings = finalizeFindings(candidates, options);
    return { target, n, conversions, baseRate: n > 0 ? conversions / n : 0, findings };
  });
}

/** Confidence of a whole pattern set: conversions of its primary target against seed 003's 100-outcome minimum. */
export function setConfidence(primary: TargetResult | undefined) {
  return patternConfidence({ outcomes: primary?.conversions ?? 0 });
}
