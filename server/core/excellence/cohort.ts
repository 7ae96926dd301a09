/**
 * What the top 10% of calls do that the others don't (seed 002, Phases 1–2). Pure and
 * deterministic: the same calls in any order give the same analysis.
 *
 * Cohorts are the seed's: calls sorted by excellence score (descending, ties by id), the top is the
 * first max(1, ⌊n/10⌋) and its threshold the last top score; the bottom is the last as many; the
 * rest is everything below the top (bottom included). The top is compared with the rest (the
 * seed's question) and with the bottom (the seed's differentiators). The seed analyses only calls
 * whose appointment outcome is known (`outcome_tracked`, set when show-up or no-show arrives):
 * calls marked `outcomeTracked: false` are left out, so a call whose appointment is still ahead
 * does not sit in the rest only because its score is not final.
 *
 * - Language, per stage, among calls that reached the stage: 1–3-word phrases of the agent's
 *   sentences (WHAT's tokenizer and stopword rule; names, dates, times and numbers masked so they
 *   neither form nor split phrases) and whole agent sentences (`sentenceTemplate`), each counted
 *   once per call. Terms used in exactly the same calls are one variable, tested once under its
 *   fullest name (a sentence before its phrases, longer phrases before shorter). Ranked by WHAT's
 *   informative-prior log-odds z (`phraseLogOdds`: Monroe et al.'s Dirichlet prior at the term's
 *   overall share, with the full 2×2 variance); terms used in fewer than `minPhraseCalls` calls or
 *   by less than `minPhraseShare` of the calls are not tested.
 * - Structure: duration, time per stage, the talk ratio and its distance from the top cohort's
 *   median (an inverted U shows as dispersion, not as a mean shift), questions, commitment asks,
 *   personalization, enthusiasm, seconds to acknowledge an objection — Welch's difference of means
 *   with its interval and p, and Hedges' g with its interval (`hedgesG`).
 * - Behaviour: quick acknowledgement (calls with an objection), the confirmation step (calls that
 *   reached confirmation), a commitment ask (calls that reached closing), personalization —
 *   shares, Newcombe's interval of the difference, the pooled z-test p (Fisher's exact when an
 *   expected cell is below 5) and the relative risk with Katz's log interval.
 * Every p-value of the analysis is BH-adjusted in one family (q); significant means q < alpha.
 * A comparison with fewer than `minGroup` calls on a side is not made: `skipped` says how many more
 * scored calls it would take at the current mix, and below `minGroup` top calls nothing is compared.
 */
import { adjustPValues, fisherExact, gammaln, meanStatsFromValues, newcombeInterval, normalQuantile, relativeLift, tableFromProportions, twoProportionZTest, twoSidedPFromZ, welchTTest } from "../stats";
import { containsTerm, foldRedundant, phraseLogOdds } from "../patterns/what-phrases";
import { forEachTerm, rawClauses, tokenize } from "../patterns/text";
import { CALL_STAGES, type CallStage } from "../records";
import type { TranscriptAnalysis } from "./transcript";

export interface CohortCall {
  id: string;
  score: number;
  showed: boolean;
  commitmentScore: number | null;
  analysis: TranscriptAnalysis;
  /**
   * The seed's `outcome_tracked`: the appointment's show-up or no-show is known. False leaves the
   * call out (a declined call, or an appointment still ahead); omitted means the caller chose the calls.
   */
  outcomeTracked?: boolean;
}

export interface CohortOptions {
  /** Fewest calls on each side of any comparison. */
  minGroup: number;
  /** Fewest calls (both sides together) that must use a phrase or sentence before it is tested… */
  minPhraseCalls: number;
  /** …and the smallest share of the calls that reached the stage: a line almost nobody says is no pattern to replicate. */
  minPhraseShare: number;
  alpha: number;
  /** Winners and losers listed per stage, comparison and kind. */
  phrasesPerStage: number;
  /** a₀ of the log-odds prior, in pseudo-calls at the term's overall share. */
  priorStrength: number;
}

export const DEFAULT_COHORT_OPTIONS: CohortOptions = { minGroup: 20, minPhraseCalls: 10, minPhraseShare: 0.01, alpha: 0.05, phrasesPerStage: 5, priorStrength: 50 };

export type Versus = "rest" | "bottom";
export const VERSUS: readonly Versus[] = ["rest", "bottom"];

export interface Interval {
  lower: number;
  upper: number;
}

export interface GroupSummary {
  count: number;
  averageScore: number | null;
  /** Top: its lowest score (the seed's threshold); bottom: its highest; rest: null. */
  threshold: number | null;
  showUpRate: number | null;
  averageCommitment: number | null;
}

export interface LanguageSide {
  calls: number;
  reached: number;
  share: number;
}

export interface LanguageFinding {
  stage: CallStage;
  kind: "phrase" | "sentence";
  versus: Versus;
  /** The phrase, or the sentence with names, dates, times and numbers as placeholders. */
  text: string;
  /** The agent sentence that most often carries it in the group that uses it more. */
  example: string | null;
  /** Other terms used in exactly the same calls (fragments of the same sentence). */
  aliases: number;
  top: LanguageSide;
  other: LanguageSide;
  logOdds: number;
  logOddsInterval: Interval | null;
  z: number;
  p: number;
  q: number;
  significant: boolean;
}

export interface LanguageList {
  winners: LanguageFinding[];
  losers: LanguageFinding[];
}

export interface StageLanguage {
  stage: CallStage;
  reached: { top: number; rest: number; bottom: number };
  /** Significant terms only, folded (a phrase inside a listed one with about the same calls is left out) and capped. */
  phrases: Record<Versus, LanguageList>;
  sentences: Record<Versus, LanguageList>;
}

export interface NumericSummary {
  n: number;
  mean: number | null;
  median: number | null;
  sd: number | null;
}

export type MeasureUnit = "seconds" | "ratio" | "count";

export interface NumericComparison {
  measure: string;
  label: string;
  unit: MeasureUnit;
  versus: Versus;
  top: NumericSummary;
  other: NumericSummary;
  /** Mean of the top minus mean of the other group, with Welch's interval. */
  difference: number;
  interval: Interval;
  t: number;
  df: number;
  p: number;
  q: number;
  hedgesG: number;
  hedgesGInterval: Interval;
  significant: boolean;
}

export interface ProportionSide {
  n: number;
  successes: number;
  share: number;
}

export interface ProportionComparison {
  measure: string;
  label: string;
  /** Which calls the share is taken over. */
  among: string;
  versus: Versus;
  top: ProportionSide;
  other: ProportionSide;
  /** Top share minus the other share, with Newcombe's interval. */
  difference: number;
  interval: Interval;
  /** Top share / other share; null when the other share is 0. */
  relativeRisk: number | null;
  /** Katz's log interval of the relative risk; null when either side has no successes. */
  relativeRiskInterval: Interval | null;
  /** Pooled z statistic (its sign is the direction even when Fisher's test gives p). */
  z: number;
  test: "z" | "fisher";
  p: number;
  q: number;
  significant: boolean;
}

export interface SkippedComparison {
  measure: string;
  versus: Versus;
  top: number;
  other: number;
  /** More scored calls needed for both sides to reach minGroup at the current mix; null when a side has none to extrapolate from. */
  needed: number | null;
}

export interface CohortAnalysis {
  totalCalls: number;
  /** Calls left out because their outcome is pending. */
  pendingCalls: number;
  top: GroupSummary;
  rest: GroupSummary;
  bottom: GroupSummary;
  options: CohortOptions;
  /** Set when the top has fewer than minGroup calls: nothing is compared. */
  insufficient: { needed: number; minimum: number; message: string } | null;
  /** The top cohort's median talk ratio, the reference of `talkRatioDistance`. */
  topTalkRatioMedian: number | null;
  language: StageLanguage[];
  /** Every significant language finding, unfolded and uncapped, strongest first. */
  languageFindings: LanguageFinding[];
  structure: NumericComparison[];
  behaviour: ProportionComparison[];
  skipped: SkippedComparison[];
  /** Size of the BH family. */
  tests: number;
}

const sum = (values: readonly number[]) => values.reduce((s, v) => s + v, 0);
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function numericSummary(values: readonly number[]): NumericSummary {
  const n = values.length;
  if (!n) return { n, mean: null, median: null, sd: null };
  const mean = sum(values) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : null;
  return { n, mean, median: median(values), sd };
}

/**
 * Hedges' g of a − b: Cohen's d with the pooled SD times the exact small-sample correction
 * J = Γ(m/2) / (√(m/2) Γ((m−1)/2)), m = n₁ + n₂ − 2 (Hedges 1981), with the normal-approximation
 * interval g ± z·SE, SE² = (n₁+n₂)/(n₁n₂) + g²/(2(n₁+n₂)) (Hedges & Olkin 1985, eq. 5.15).
 * Zero (and a zero-width interval) when a side has fewer than 2 values or there is no spread.
 */
export function hedgesG(a: readonly number[], b: readonly number[], level = 0.95): { g: number; lower: number; upper: number } {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 < 2 || n2 < 2) return { g: 0, lower: 0, upper: 0 };
  const m1 = sum(a) / n1;
  const m2 = sum(b) / n2;
  const ss = a.reduce((s, v) => s + (v - m1) ** 2, 0) + b.reduce((s, v) => s + (v - m2) ** 2, 0);
  const dof = n1 + n2 - 2;
  const pooled = Math.sqrt(ss / dof);
  if (!(pooled > 0)) return { g: 0, lower: 0, upper: 0 };
  const correction = Math.exp(gammaln(dof / 2) - gammaln((dof - 1) / 2)) / Math.sqrt(dof / 2);
  const g = ((m1 - m2) / pooled) * correction;
  const se = Math.sqrt((n1 + n2) / (n1 * n2) + (g * g) / (2 * (n1 + n2)));
  const z = normalQuantile(1 - (1 - level) / 2);
  return { g, lower: g - z * se, upper: g + z * se };
}

/** The seed's cohorts (see the file comment); `bottom` never overlaps `top`. */
export function splitCohorts<T extends { id: string; score: number }>(calls: readonly T[]): { top: T[]; rest: T[]; bottom: T[]; threshold: number | null } {
  const sorted = [...calls].sort((a, b) => b.score - a.score || byId(a.id, b.id));
  const count = sorted.length ? Math.max(1, Math.floor(sorted.length / 10)) : 0;
  const top = sorted.slice(0, count);
  return { top, rest: sorted.slice(count), bottom: sorted.slice(Math.max(count, sorted.length - count)), threshold: top.length ? top[top.length - 1].score : null };
}

function groupSummary(calls: readonly CohortCall[], threshold: number | null): GroupSummary {
  const n = calls.length;
  const commitments = calls.map((c) => c.commitmentScore).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  return {
    count: n,
    averageScore: n ? sum(calls.map((c) => c.score)) / n : null,
    threshold,
    showUpRate: n ? calls.filter((c) => c.showed).length / n : null,
    averageCommitment: commitments.length ? sum(commitments) / commitments.length : null,
  };
}

const reachedAny = (a: TranscriptAnalysis, stages: readonly CallStage[]) => !a.staged || stages.some((s) => a.stagesReached.includes(s));

interface NumericMeasure {
  measure: string;
  label: string;
  unit: MeasureUnit;
  value: (a: TranscriptAnalysis, topTalkRatioMedian: number | null) => number | null;
}

const NUMERIC_MEASURES: readonly NumericMeasure[] = [
  { measure: "durationSeconds", label: "Call duration", unit: "seconds", value: (a) => (a.turnCount ? a.durationSeconds : null) },
  ...CALL_STAGES.map(
    (stage): NumericMeasure => ({ measure: `stageSeconds.${stage}`, label: `Time in ${stage.replace(/_/g, " ")}`, unit: "seconds", value: (a) => (a.stagesReached.includes(stage) ? a.stageSeconds[stage] : null) }),
  ),
  { measure: "agentTalkRatio", label: "Agent talk ratio", unit: "ratio", value: (a) => a.agentTalkRatio },
  {
    measure: "talkRatioDistance",
    label: "Distance of the talk ratio from the top calls' median",
    unit: "ratio",
    value: (a, reference) => (a.agentTalkRatio === null || reference === null ? null : Math.abs(a.agentTalkRatio - reference)),
  },
  { measure: "questionCount", label: "Questions asked by the agent", unit: "count", value: (a) => (a.turnCount ? a.questionCount : null) },
  { measure: "discoveryQuestions", label: "Questions asked in qualification", unit: "count", value: (a) => (a.stagesReached.includes("qualification") ? a.questionsByStage.qualification : null) },
  { measure: "commitmentAsks", label: "Commitment asks", unit: "count", value: (a) => (a.turnCount && reachedAny(a, ["closing", "confirmation"]) ? a.commitmentAsks : null) },
  { measure: "personalizationCount", label: "Personal references", unit: "count", value: (a) => (a.agentWords ? a.personalizationCount : null) },
  { measure: "enthusiasmMarkers", label: "Enthusiasm markers", unit: "count", value: (a) => (a.agentWords ? a.enthusiasmMarkers : null) },
  { measure: "secondsToAcknowledge", label: "Seconds from an objection to its acknowledgement", unit: "seconds", value: (a) => a.secondsToAcknowledge },
];

interface ProportionMeasure {
  measure: string;
  label: string;
  among: string;
  value: (a: TranscriptAnalysis) => boolean | null;
}

const PROPORTION_MEASURES: readonly ProportionMeasure[] = [
  { measure: "objectionAcknowledgedQuickly", label: "Objections acknowledged in the agent's first reply", among: "calls with an objection", value: (a) => a.objectionAcknowledgedQuickly },
  { measure: "confirmationStep", label: "Agent has the lead confirm the appointment", among: "calls that reached confirmation", value: (a) => (a.turnCount && reachedAny(a, ["confirmation"]) ? a.confirmationStep : null) },
  { measure: "commitmentAsk", label: "Agent asks for a commitment", among: "calls that reached closing", value: (a) => (a.turnCount && reachedAny(a, ["closing", "confirmation"]) ? a.commitmentAsks > 0 : null) },
  { measure: "personalized", label: "Agent personalizes", among: "calls where the agent spoke", value: (a) => (a.agentWords ? a.personalizationCount > 0 : null) },
];

function neededCalls(total: number, sides: ReadonlyArray<number>, minGroup: number): number | null {
  let needed = 0;
  for (const n of sides) {
    if (n >= minGroup) continue;
    if (n === 0) return null;
    needed = Math.max(needed, Math.ceil((total * minGroup) / n) - total);
  }
  return needed;
}

function compareNumeric(m: NumericMeasure, versus: Versus, top: number[], other: number[], alpha: number): NumericComparison {
  const welch = welchTTest(meanStatsFromValues(top), meanStatsFromValues(other), { alpha });
  const g = hedgesG(top, other, 1 - alpha);
  return {
    measure: m.measure,
    label: m.label,
    unit: m.unit,
    versus,
    top: numericSummary(top),
    other: numericSummary(other),
    difference: welch.difference,
    interval: welch.interval,
    t: welch.t,
    df: welch.df,
    p: welch.pValue,
    q: 1,
    hedgesG: g.g,
    hedgesGInterval: { lower: g.lower, upper: g.upper },
    significant: false,
  };
}

function compareProportion(m: ProportionMeasure, versus: Versus, top: boolean[], other: boolean[], alpha: number): ProportionComparison {
  const a = { successes: top.filter(Boolean).length, trials: top.length };
  const b = { successes: other.filter(Boolean).length, trials: other.length };
  const total = a.trials + b.trials;
  const successes = a.successes + b.successes;
  const expected = [a.trials * successes, a.trials * (total - successes), b.trials * successes, b.trials * (total - successes)].map((v) => v / total);
  const fisher = expected.some((e) => e < 5);
  const zTest = twoProportionZTest(a, b);
  const interval = newcombeInterval(a, b, { alpha });
  const lift = relativeLift(a, b, { alpha });
  const shareA = a.successes / a.trials;
  const shareB = b.successes / b.trials;
  return {
    measure: m.measure,
    label: m.label,
    among: m.among,
    versus,
    top: { n: a.trials, successes: a.successes, share: shareA },
    other: { n: b.trials, successes: b.successes, share: shareB },
    difference: shareA - shareB,
    interval: { lower: interval.lower, upper: interval.upper },
    relativeRisk: shareB > 0 ? shareA / shareB : null,
    relativeRiskInterval: lift.code === "OK" ? { lower: lift.interval.lower + 1, upper: lift.interval.upper + 1 } : null,
    z: zTest.z,
    test: fisher ? "fisher" : "z",
    p: fisher ? fisherExact(tableFromProportions(a, b)).pValue : zTest.pValue,
    q: 1,
    significant: false,
  };
}

/** Group of a call: 0 top, 1 middle (rest but not bottom), 2 bottom. */
type Group = 0 | 1 | 2;

interface TermCounts {
  kind: "phrase" | "sentence";
  text: string;
  /** Calls using the term per group. */
  counts: [number, number, number];
  /** Order-free fingerprint of the set of calls using the term (two independent 32-bit sums). */
  h1: number;
  h2: number;
}

function mix(x: number, seed: number): number {
  let h = Math.imul(x ^ seed, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Placeholders of a sentence template end a clause, so no phrase spans or contains them. */
const phraseSource = (template: string) => template.replace(/<[^>]*>/g, ";");
/** Case, punctuation and spacing do not make a different sentence. */
const sentenceKey = (template: string) =>
  template
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[^\p{L}\p{N}'<> ]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();

/** Agents repeat their lines: each distinct sentence is tokenized once (the cache is emptied when full). */
const MAX_CACHED_SENTENCES = 50_000;

function countStageTerms(calls: readonly CohortCall[], groups: readonly Group[], stage: CallStage): { terms: Map<string, TermCounts>; reached: [number, number, number] } {
  const terms = new Map<string, TermCounts>();
  const reached: [number, number, number] = [0, 0, 0];
  const seen = new Set<string>();
  const keysOf = new Map<string, Array<[string, TermCounts["kind"], string]>>();
  const add = (key: string, kind: TermCounts["kind"], text: string, group: Group, h1: number, h2: number) => {
    if (seen.has(key)) return;
    seen.add(key);
    let entry = terms.get(key);
    if (!entry) terms.set(key, (entry = { kind, text, counts: [0, 0, 0], h1: 0, h2: 0 }));
    entry.counts[group]++;
    entry.h1 = (entry.h1 + h1) >>> 0;
    entry.h2 = (entry.h2 + h2) >>> 0;
  };
  calls.forEach((call, index) => {
    if (!call.analysis.stagesReached.includes(stage)) return;
    const group = groups[index];
    reached[group]++;
    const h1 = mix(index, 0x243f6a88);
    const h2 = mix(index, 0x13198a2e);
    seen.clear();
    for (const template of call.analysis.agentSentenceTemplates[stage]) {
      let keys = keysOf.get(template);
      if (!keys) {
        const list: Array<[string, TermCounts["kind"], string]> = [];
        const key = sentenceKey(template);
        if (key) list.push([`s:${key}`, "sentence", template]);
        forEachTerm([phraseSource(template)], 3, (term) => list.push([`p:${term}`, "phrase", term]));
        if (keysOf.size >= MAX_CACHED_SENTENCES) keysOf.clear();
        keysOf.set(template, (keys = list));
      }
      for (const [key, kind, text] of keys) add(key, kind, text, group, h1, h2);
    }
  });
  return { terms, reached };
}

/** One name per set of calls: a sentence before a phrase, a longer phrase before a shorter, then alphabetical. */
function distinctVariables(terms: Iterable<TermCounts>): Array<TermCounts & { aliases: number }> {
  const words = (t: TermCounts) => (t.kind === "sentence" ? Number.MAX_SAFE_INTEGER : t.text.split(" ").length);
  const groups = new Map<string, TermCounts[]>();
  for (const term of terms) {
    const key = `${term.h1}:${term.h2}:${term.counts.join(",")}`;
    const list = groups.get(key);
    if (list) list.push(term);
    else groups.set(key, [term]);
  }
  return [...groups.values()].map((list) => {
    list.sort((a, b) => words(b) - words(a) || byId(a.text, b.text));
    return { ...list[0], aliases: list.length - 1 };
  });
}

/** The most common sentence (as templated) that carries `phrase` among the given calls; `clausesOf` caches each sentence's clauses as token strings. */
function exampleSentence(calls: readonly CohortCall[], stage: CallStage, phrase: string, clausesOf: (template: string) => string[]): string | null {
  const counts = new Map<string, number>();
  for (const call of calls) {
    const carried = new Set<string>();
    for (const template of call.analysis.agentSentenceTemplates[stage]) if (clausesOf(template).some((clause) => containsTerm(clause, phrase))) carried.add(template);
    for (const template of carried) counts.set(template, (counts.get(template) ?? 0) + 1);
  }
  let best: string | null = null;
  let max = 0;
  for (const [sentence, count] of counts) if (count > max || (count === max && best !== null && sentence < best)) [best, max] = [sentence, count];
  return best;
}

export function analyzeExcellenceCohorts(allCalls: readonly CohortCall[], overrides: Partial<CohortOptions> = {}): CohortAnalysis {
  const options: CohortOptions = { ...DEFAULT_COHORT_OPTIONS, ...overrides };
  const calls = allCalls.filter((c) => c.outcomeTracked !== false && Number.isFinite(c.score)).sort((a, b) => byId(a.id, b.id));
  const { top, rest, bottom, threshold } = splitCohorts(calls);
  const base = {
    totalCalls: calls.length,
    pendingCalls: allCalls.filter((c) => c.outcomeTracked === false).length,
    top: groupSummary(top, threshold),
    rest: groupSummary(rest, null),
    bottom: groupSummary(bottom, bottom.length ? bottom[0].score : null),
    options,
  };
  const minimum = options.minGroup * 10;
  if (top.length < options.minGroup) {
    const needed = minimum - calls.length;
    return {
      ...base,
      insufficient: { needed, minimum, message: `${calls.length} scored calls: comparing the top 10% (at least ${options.minGroup} calls) needs ${minimum}, ${needed} more` },
      topTalkRatioMedian: null,
      language: [],
      languageFindings: [],
      structure: [],
      behaviour: [],
      skipped: [],
      tests: 0,
    };
  }

  const groupOf = new Map<string, Group>();
  for (const c of rest) groupOf.set(c.id, 1);
  for (const c of bottom) groupOf.set(c.id, 2);
  for (const c of top) groupOf.set(c.id, 0);
  const groups = calls.map((c) => groupOf.get(c.id) as Group);
  const others: Record<Versus, CohortCall[]> = { rest, bottom };
  const skipped: SkippedComparison[] = [];
  const skip = (measure: string, versus: Versus, topN: number, otherN: number) => {
    skipped.push({ measure, versus, top: topN, other: otherN, needed: neededCalls(calls.length, [topN, otherN], options.minGroup) });
  };

  const topTalkRatioMedian = median(top.map((c) => c.analysis.agentTalkRatio).filter((v): v is number => v !== null));
  const structure: NumericComparison[] = [];
  const behaviour: ProportionComparison[] = [];
  for (const versus of VERSUS) {
    for (const m of NUMERIC_MEASURES) {
      const values = (group: readonly CohortCall[]) => group.map((c) => m.value(c.analysis, topTalkRatioMedian)).filter((v): v is number => v !== null && Number.isFinite(v));
      const a = values(top);
      const b = values(others[versus]);
      if (a.length >= options.minGroup && b.length >= options.minGroup) structure.push(compareNumeric(m, versus, a, b, options.alpha));
      else skip(m.measure, versus, a.length, b.length);
    }
    for (const m of PROPORTION_MEASURES) {
      const values = (group: readonly CohortCall[]) => group.map((c) => m.value(c.analysis)).filter((v): v is boolean => v !== null);
      const a = values(top);
      const b = values(others[versus]);
      if (a.length >= options.minGroup && b.length >= options.minGroup) behaviour.push(compareProportion(m, versus, a, b, options.alpha));
      else skip(m.measure, versus, a.length, b.length);
    }
  }

  const findings: LanguageFinding[] = [];
  const reachedByStage = new Map<CallStage, StageLanguage["reached"]>();
  for (const stage of CALL_STAGES) {
    const { terms, reached } = countStageTerms(calls, groups, stage);
    reachedByStage.set(stage, { top: reached[0], rest: reached[1] + reached[2], bottom: reached[2] });
    const variables = distinctVariables(terms.values());
    for (const versus of VERSUS) {
      const n1 = reached[0];
      const n0 = versus === "rest" ? reached[1] + reached[2] : reached[2];
      if (n1 < options.minGroup || n0 < options.minGroup) {
        skip(`language.${stage}`, versus, n1, n0);
        continue;
      }
      for (const v of variables) {
        const y1 = v.counts[0];
        const y0 = versus === "rest" ? v.counts[1] + v.counts[2] : v.counts[2];
        // Chosen on the total use only, never on the split between the groups, so the p-values stay valid.
        if (y1 + y0 < Math.max(options.minPhraseCalls, options.minPhraseShare * (n1 + n0))) continue;
        const { delta, z } = phraseLogOdds(y1, n1, y0, n0, options.priorStrength);
        const half = z !== 0 ? Math.abs(delta / z) * normalQuantile(1 - options.alpha / 2) : null;
        findings.push({
          stage,
          kind: v.kind,
          versus,
          text: v.text,
          example: v.kind === "sentence" ? v.text : null,
          aliases: v.aliases,
          top: { calls: y1, reached: n1, share: y1 / n1 },
          other: { calls: y0, reached: n0, share: y0 / n0 },
          logOdds: delta,
          logOddsInterval: half === null ? null : { lower: delta - half, upper: delta + half },
          z,
          p: twoSidedPFromZ(z),
          q: 1,
          significant: false,
        });
      }
    }
  }

  const family: Array<{ p: number; q: number; significant: boolean }> = [...structure, ...behaviour, ...findings];
  if (family.length) {
    const adjusted = adjustPValues(family.map((x) => x.p), "fdr_bh", options.alpha);
    family.forEach((x, i) => {
      x.q = adjusted.adjusted[i];
      x.significant = x.q < options.alpha;
    });
  }

  const significant = findings.filter((f) => f.significant).sort((a, b) => Math.abs(b.z) - Math.abs(a.z) || byId(a.stage + a.versus + a.text, b.stage + b.versus + b.text));
  const clauseCache = new Map<string, string[]>();
  const clausesOf = (template: string) => {
    let clauses = clauseCache.get(template);
    if (!clauses) clauseCache.set(template, (clauses = rawClauses(phraseSource(template)).map((clause) => tokenize(clause).join(" "))));
    return clauses;
  };
  for (const f of significant) if (f.example === null) f.example = exampleSentence(f.z > 0 ? top : others[f.versus], f.stage, f.text, clausesOf);
  const listed = (stage: CallStage, versus: Versus, kind: LanguageFinding["kind"], sign: 1 | -1): LanguageFinding[] => {
    const candidates = significant.filter((f) => f.stage === stage && f.versus === versus && f.kind === kind && Math.sign(f.z) === sign);
    const { kept } = foldRedundant(candidates.map((f) => ({ value: f.text, n: f.top.calls + f.other.calls, conversions: f.top.calls, score: f.z, finding: f })));
    return kept.slice(0, options.phrasesPerStage).map((k) => k.finding);
  };
  const language: StageLanguage[] = [];
  for (const stage of CALL_STAGES) {
    const list = (kind: LanguageFinding["kind"]) => Object.fromEntries(VERSUS.map((versus) => [versus, { winners: listed(stage, versus, kind, 1), losers: listed(stage, versus, kind, -1) }])) as Record<Versus, LanguageList>;
    const entry: StageLanguage = { stage, reached: reachedByStage.get(stage) ?? { top: 0, rest: 0, bottom: 0 }, phrases: list("phrase"), sentences: list("sentence") };
    const empty = VERSUS.every((v) => !entry.phrases[v].winners.length && !entry.phrases[v].losers.length && !entry.sentences[v].winners.length && !entry.sentences[v].losers.length);
    if (!empty) language.push(entry);
  }

  return { ...base, insufficient: null, topTalkRatioMedian, language, languageFindings: significant, structure, behaviour, skipped, tests: family.length };
}
