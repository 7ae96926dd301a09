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
 *   expected cell is below 5) and the relative risk with Katz's log interval (MOVER-R Wilson below
 *   5 successes or failures a side, `relativeLift`).
 * Every p-value of the analysis is BH-adjusted in one family (q); significant means q < alpha.
 * A comparison with fewer than `minGroup` calls on a side is not made: `skipped` says how many more
 * scored calls it would take at the current mix, and below `minGroup` top calls nothing is compared.
 */
import { adjustPValues, normalQuantile, twoSidedPFromZ } from "../stats";
import { foldRedundant, phraseLogOdds } from "../patterns/what-phrases";
import { rawClauses, tokenize } from "../patterns/text";
import { CALL_STAGES, type CallStage } from "../records";
import { byId, DEFAULT_COHORT_OPTIONS, median, sum, VERSUS, type CohortAnalysis, type CohortCall, type CohortOptions, type Group, type GroupSummary, type LanguageFinding, type LanguageList, type NumericComparison, type ProportionComparison, type SkippedComparison, type StageLanguage, type Versus } from "./cohort-types";
import { compareNumeric, compareProportion, NUMERIC_MEASURES, PROPORTION_MEASURES } from "./cohort-measures";
import { countStageTerms, distinctVariables, exampleSentence, phraseSource } from "./cohort-language";

export { DEFAULT_COHORT_OPTIONS, VERSUS } from "./cohort-types";
export type { CohortAnalysis, CohortCall, CohortOptions, GroupSummary, Interval, LanguageFinding, LanguageList, LanguageSide, MeasureUnit, NumericComparison, NumericSummary, ProportionComparison, ProportionSide, SkippedComparison, StageLanguage, Versus } from "./cohort-types";
export { hedgesG } from "./cohort-measures";

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

function neededCalls(total: number, sides: ReadonlyArray<number>, minGroup: number): number | null {
  let needed = 0;
  for (const n of sides) {
    if (n >= minGroup) continue;
    if (n === 0) return null;
    needed = Math.max(needed, Math.ceil((total * minGroup) / n) - total);
  }
  return needed;
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
