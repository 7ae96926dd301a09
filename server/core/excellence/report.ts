/**
 * Seed 002's "Excellence Report" as a JSON document. Its keys are the seed's snake_case all the way
 * down, since it is an external document (API, download, other tools), not an internal object.
 * Pure: the caller passes the time and the model and experiment sections.
 *
 * Beyond the seed's figures every pattern carries its evidence: counts on both sides, the
 * difference with its interval, an effect size, p and the BH-adjusted q of the analysis. The
 * "optimal" figures are the top cohort's medians. Recommendations come only from significant
 * findings of the top against the rest (the seed's question) and quote their numbers; a finding
 * is "high" priority when q < 0.001 and the effect is practically large (a share difference of at
 * least 10 points, |g| ≥ 0.2, or a phrase whose share differs by 10 points), else "moderate".
 * Not enough calls is a finding too: the report says how many more it needs.
 */
import { CALL_STAGES, type CallStage } from "../records";
import type { CohortAnalysis, GroupSummary, Interval, LanguageFinding, NumericComparison, NumericSummary, ProportionComparison, Versus } from "./cohort";

const HIGH_PRIORITY_Q = 0.001;
const PRACTICAL_SHARE_DIFFERENCE = 0.1;
const PRACTICAL_HEDGES_G = 0.2;

export interface PerformerSummary {
  call_count: number;
  avg_excellence_score: number | null;
  show_up_rate: number | null;
  avg_commitment_score: number | null;
  threshold: number | null;
}

export interface IntervalDocument {
  lower: number;
  upper: number;
}

export interface LanguageRow {
  phrase: string;
  kind: "phrase" | "sentence";
  example: string | null;
  direction: "winner" | "loser";
  top_count: number;
  top_calls: number;
  top_without: number;
  top_share: number;
  /** The other side: the rest in `phrases`, the bottom 10% in `versus_bottom`. */
  rest_count?: number;
  rest_calls?: number;
  rest_without?: number;
  rest_share?: number;
  bottom_count?: number;
  bottom_calls?: number;
  bottom_without?: number;
  bottom_share?: number;
  log_odds: number;
  log_odds_interval: IntervalDocument | null;
  z: number;
  p: number;
  q: number;
  significant: boolean;
}

export interface StageLanguageDocument {
  stage: CallStage;
  /** The strongest winning sentence against the rest (else against the bottom), else the strongest winning phrase's sentence. */
  winning: string | null;
  winning_phrase: string | null;
  calls_reached: { top: number; rest: number; bottom: number };
  /** Against the rest: winning then losing phrases and sentences. */
  phrases: LanguageRow[];
  versus_bottom: { phrases: LanguageRow[] };
}

export interface NumericSummaryDocument {
  n: number;
  mean: number | null;
  median: number | null;
  sd: number | null;
}

export interface ComparisonDocument {
  difference: number;
  difference_interval: IntervalDocument;
  /** The test statistic: Welch's t for structure, the pooled z for behaviour. */
  statistic: number;
  p: number;
  q: number;
  significant: boolean;
}

export interface StructureRowDocument extends ComparisonDocument {
  metric: string;
  label: string;
  unit: string;
  top: NumericSummaryDocument;
  rest: NumericSummaryDocument;
  bottom: NumericSummaryDocument | null;
  hedges_g: number;
  effect_interval: IntervalDocument;
  versus_bottom: (ComparisonDocument & { hedges_g: number; effect_interval: IntervalDocument }) | null;
}

export interface ShareDocument {
  count: number;
  n: number;
  share: number;
}

export interface BehaviourRowDocument extends ComparisonDocument {
  behaviour: string;
  description: string;
  among: string;
  top: ShareDocument;
  rest: ShareDocument;
  bottom: ShareDocument | null;
  relative_risk: number | null;
  relative_risk_interval: IntervalDocument | null;
  test: "z" | "fisher";
  versus_bottom: (ComparisonDocument & { relative_risk: number | null; relative_risk_interval: IntervalDocument | null; test: "z" | "fisher" }) | null;
}

export interface ExcellenceRecommendation {
  priority: "high" | "moderate";
  action: string;
  rationale: string;
  kind: "phrase" | "behaviour" | "structure" | "data";
  /** The finding behind it: its measure (or stage and phrase) and q. */
  evidence: Record<string, string | number | null>;
}

export interface ExcellenceReportDocument {
  report_type: "excellence_analysis";
  generated_at: string;
  /** The seed's label, e.g. "last_30_days". */
  analysis_period: string;
  analysis_window: { from: string; to: string; lookback_days: number };
  total_calls_analyzed: number;
  pending_calls: number;
  insufficient_data: { message: string; calls: number; minimum: number; calls_needed: number } | null;
  top_performers: PerformerSummary;
  rest: PerformerSummary;
  bottom_performers: PerformerSummary;
  discovered_patterns: {
    language: {
      winning_opening: string | null;
      winning_value_phrase: string | null;
      winning_close: string | null;
      by_stage: StageLanguageDocument[];
    };
    structure: {
      optimal_duration_seconds: number | null;
      optimal_agent_ratio: number | null;
      optimal_question_count: number | null;
      optimal_stage_durations: Record<CallStage, number | null>;
      comparisons: StructureRowDocument[];
    };
    behavioral: {
      personalization_count: number | null;
      enthusiasm_markers: number | null;
      objection_response_time_seconds: number | null;
      comparisons: BehaviourRowDocument[];
    };
  };
  skipped_comparisons: Array<{ measure: string; versus: Versus; top_calls: number; other_calls: number; calls_needed: number | null }>;
  statistics: { alpha: number; min_group: number; min_phrase_calls: number; prior_strength: number; tests: number; correction: "benjamini_hochberg" };
  model_performance: unknown;
  active_optimizations: unknown[];
  recommendations: ExcellenceRecommendation[];
}

export interface ExcellenceReportInput {
  analysis: CohortAnalysis;
  /** ISO time of generation (pure code has no clock). */
  generatedAt: string;
  period: { from: string; to: string; lookbackDays: number };
  modelPerformance?: unknown;
  activeOptimizations?: unknown[];
}

const performers = (g: GroupSummary): PerformerSummary => ({
  call_count: g.count,
  avg_excellence_score: g.averageScore,
  show_up_rate: g.showUpRate,
  avg_commitment_score: g.averageCommitment,
  threshold: g.threshold,
});
const interval = (i: Interval): IntervalDocument => ({ lower: i.lower, upper: i.upper });
const summary = (s: NumericSummary): NumericSummaryDocument => ({ n: s.n, mean: s.mean, median: s.median, sd: s.sd });
const stageName = (stage: string) => stage.replace(/_/g, " ");
const pct = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${(v * 100).toFixed(0)}%`);
const points = (v: number) => `${v >= 0 ? "+" : "−"}${Math.abs(v * 100).toFixed(0)} points`;
const fmt = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? "—" : v.toFixed(digits));
const seconds = (v: number | null) => {
  const n = Math.round(v ?? 0);
  return `${n} second${n === 1 ? "" : "s"}`;
};
const qText = (q: number) => (q < 1e-4 ? q.toExponential(1) : q.toPrecision(2));

function languageRow(f: LanguageFinding): LanguageRow {
  const side = f.versus;
  return {
    phrase: f.text,
    kind: f.kind,
    example: f.example,
    direction: f.z > 0 ? "winner" : "loser",
    top_count: f.top.calls,
    top_calls: f.top.reached,
    top_without: f.top.reached - f.top.calls,
    top_share: f.top.share,
    [`${side}_count`]: f.other.calls,
    [`${side}_calls`]: f.other.reached,
    [`${side}_without`]: f.other.reached - f.other.calls,
    [`${side}_share`]: f.other.share,
    log_odds: f.logOdds,
    log_odds_interval: f.logOddsInterval ? interval(f.logOddsInterval) : null,
    z: f.z,
    p: f.p,
    q: f.q,
    significant: f.significant,
  };
}

function comparison(c: { difference: number; interval: Interval; p: number; q: number; significant: boolean }, statistic: number): ComparisonDocument {
  return { difference: c.difference, difference_interval: interval(c.interval), statistic, p: c.p, q: c.q, significant: c.significant };
}

/** One row per measure compared with the rest; the bottom 10% (a subset of the rest) is compared whenever the rest is. */
function structureRows(list: readonly NumericComparison[]): StructureRowDocument[] {
  const vsBottom = new Map(list.filter((c) => c.versus === "bottom").map((c) => [c.measure, c]));
  return list
    .filter((c) => c.versus === "rest")
    .map((rest) => {
      const bottom = vsBottom.get(rest.measure);
      return {
        metric: rest.measure,
        label: rest.label,
        unit: rest.unit,
        top: summary(rest.top),
        rest: summary(rest.other),
        bottom: bottom ? summary(bottom.other) : null,
        ...comparison(rest, rest.t),
        hedges_g: rest.hedgesG,
        effect_interval: interval(rest.hedgesGInterval),
        versus_bottom: bottom ? { ...comparison(bottom, bottom.t), hedges_g: bottom.hedgesG, effect_interval: interval(bottom.hedgesGInterval) } : null,
      };
    });
}

function behaviourRows(list: readonly ProportionComparison[]): BehaviourRowDocument[] {
  const share = (s: ProportionComparison["top"]): ShareDocument => ({ count: s.successes, n: s.n, share: s.share });
  const vsBottom = new Map(list.filter((c) => c.versus === "bottom").map((c) => [c.measure, c]));
  return list
    .filter((c) => c.versus === "rest")
    .map((rest) => {
      const bottom = vsBottom.get(rest.measure);
      return {
        behaviour: rest.measure,
        description: rest.label,
        among: rest.among,
        top: share(rest.top),
        rest: share(rest.other),
        bottom: bottom ? share(bottom.other) : null,
        ...comparison(rest, rest.z),
        relative_risk: rest.relativeRisk,
        relative_risk_interval: rest.relativeRiskInterval ? interval(rest.relativeRiskInterval) : null,
        test: rest.test,
        versus_bottom: bottom
          ? { ...comparison(bottom, bottom.z), relative_risk: bottom.relativeRisk, relative_risk_interval: bottom.relativeRiskInterval ? interval(bottom.relativeRiskInterval) : null, test: bottom.test }
          : null,
      };
    });
}

function stageLanguage(analysis: CohortAnalysis): StageLanguageDocument[] {
  return analysis.language.map((entry) => {
    const rows = (versus: Versus) => {
      const p = entry.phrases[versus];
      const s = entry.sentences[versus];
      return [...s.winners, ...p.winners, ...s.losers, ...p.losers].map(languageRow);
    };
    const best = entry.sentences.rest.winners[0] ?? entry.sentences.bottom.winners[0] ?? null;
    const bestPhrase = entry.phrases.rest.winners[0] ?? entry.phrases.bottom.winners[0] ?? null;
    return {
      stage: entry.stage,
      winning: best?.text ?? bestPhrase?.example ?? null,
      winning_phrase: bestPhrase?.text ?? null,
      calls_reached: entry.reached,
      phrases: rows("rest"),
      versus_bottom: { phrases: rows("bottom") },
    };
  });
}

const strength = (z: number) => Math.abs(z);

function recommendations(analysis: CohortAnalysis): ExcellenceRecommendation[] {
  const out: Array<ExcellenceRecommendation & { strength: number }> = [];
  if (analysis.insufficient) {
    out.push({ priority: "moderate", kind: "data", action: `Collect ${analysis.insufficient.needed} more scored calls before acting on excellence patterns`, rationale: analysis.insufficient.message, evidence: { calls: analysis.totalCalls, minimum: analysis.insufficient.minimum }, strength: 0 });
    return out.map(({ strength: _, ...r }) => r);
  }
  const priority = (q: number, practical: boolean): ExcellenceRecommendation["priority"] => (q < HIGH_PRIORITY_Q && practical ? "high" : "moderate");

  for (const b of analysis.behaviour.filter((c) => c.versus === "rest" && c.significant)) {
    const more = b.difference > 0;
    out.push({
      priority: priority(b.q, Math.abs(b.difference) >= PRACTICAL_SHARE_DIFFERENCE),
      kind: "behaviour",
      action: more ? `Make it standard: ${b.label.toLowerCase()}` : `Top calls do less of this: ${b.label.toLowerCase()}`,
      rationale: `${pct(b.top.share)} of top calls (${b.top.successes}/${b.top.n}) vs ${pct(b.other.share)} of the rest (${b.other.successes}/${b.other.n}), among ${b.among}: ${points(b.difference)} (95% CI ${points(b.interval.lower)} to ${points(b.interval.upper)}), relative risk ${fmt(b.relativeRisk)}${b.relativeRiskInterval ? ` (${fmt(b.relativeRiskInterval.lower)} to ${fmt(b.relativeRiskInterval.upper)})` : ""}, q = ${qText(b.q)}`,
      evidence: { measure: b.measure, q: b.q, difference: b.difference },
      strength: strength(b.z),
    });
  }
  for (const stage of analysis.language) {
    const winner = stage.sentences.rest.winners[0] ?? stage.phrases.rest.winners[0];
    const loser = stage.sentences.rest.losers[0] ?? stage.phrases.rest.losers[0];
    for (const f of [winner, loser].filter((x): x is LanguageFinding => x !== undefined)) {
      const line = f.kind === "sentence" ? f.text : (f.example ?? f.text);
      const wins = f.z > 0;
      out.push({
        priority: priority(f.q, Math.abs(f.top.share - f.other.share) >= PRACTICAL_SHARE_DIFFERENCE),
        kind: "phrase",
        action: wins ? `In the ${stageName(stage.stage)}, say something like “${line}”` : `In the ${stageName(stage.stage)}, avoid lines like “${line}”`,
        rationale: `${f.kind === "sentence" ? "The line is" : `“${f.text}” is`} used in ${pct(f.top.share)} of top calls that reached the ${stageName(stage.stage)} (${f.top.calls}/${f.top.reached}) vs ${pct(f.other.share)} of the rest (${f.other.calls}/${f.other.reached}); log-odds ${fmt(f.logOdds)}, z = ${fmt(f.z, 1)}, q = ${qText(f.q)}`,
        evidence: { stage: stage.stage, phrase: f.text, q: f.q, z: f.z },
        strength: strength(f.z),
      });
    }
  }
  const structural: Record<string, (s: NumericComparison) => string> = {
    questionCount: (s) => `Ask about ${Math.round(s.top.median ?? 0)} questions, as top calls do`,
    discoveryQuestions: (s) => `Ask about ${Math.round(s.top.median ?? 0)} discovery questions in qualification`,
    talkRatioDistance: () => `Keep the agent's share of the talking near ${pct(analysis.topTalkRatioMedian)}, the top calls' median`,
    agentTalkRatio: (s) => `Move the agent's share of the talking toward ${pct(s.top.median)}`,
    durationSeconds: (s) => `Aim for calls of about ${seconds(s.top.median)}`,
    commitmentAsks: (s) => `Ask for the commitment about ${Math.round(s.top.median ?? 0)} times in closing and confirmation`,
    personalizationCount: (s) => `Refer to the lead's own situation about ${Math.round(s.top.median ?? 0)} times`,
    secondsToAcknowledge: (s) => `Acknowledge objections within about ${seconds(s.top.median)}`,
  };
  for (const s of analysis.structure.filter((c) => c.versus === "rest" && c.significant)) {
    const stage = s.measure.startsWith("stageSeconds.") ? s.measure.slice("stageSeconds.".length) : null;
    const action = stage ? `Spend about ${seconds(s.top.median)} in the ${stageName(stage)}` : structural[s.measure]?.(s);
    if (!action) continue;
    out.push({
      priority: priority(s.q, Math.abs(s.hedgesG) >= PRACTICAL_HEDGES_G),
      kind: "structure",
      action,
      rationale: `${s.label}: top mean ${fmt(s.top.mean)} (median ${fmt(s.top.median)}) vs ${fmt(s.other.mean)} for the rest, difference ${fmt(s.difference)} (95% CI ${fmt(s.interval.lower)} to ${fmt(s.interval.upper)}), Hedges' g ${fmt(s.hedgesG)} (${fmt(s.hedgesGInterval.lower)} to ${fmt(s.hedgesGInterval.upper)}), q = ${qText(s.q)}`,
      evidence: { measure: s.measure, q: s.q, hedges_g: s.hedgesG },
      strength: strength(s.t),
    });
  }
  const rank = { high: 0, moderate: 1 } as const;
  return out.sort((a, b) => rank[a.priority] - rank[b.priority] || b.strength - a.strength || a.action.localeCompare(b.action)).map(({ strength: _, ...r }) => r);
}

export function excellenceReport(input: ExcellenceReportInput): ExcellenceReportDocument {
  const { analysis } = input;
  const restStructure = new Map(analysis.structure.filter((c) => c.versus === "rest").map((c) => [c.measure, c]));
  const topMedian = (measure: string) => restStructure.get(measure)?.top.median ?? analysis.structure.find((c) => c.measure === measure)?.top.median ?? null;
  const byStage = stageLanguage(analysis);
  const winning = (stage: CallStage) => byStage.find((s) => s.stage === stage)?.winning ?? null;
  return {
    report_type: "excellence_analysis",
    generated_at: input.generatedAt,
    analysis_period: `last_${input.period.lookbackDays}_days`,
    analysis_window: { from: input.period.from, to: input.period.to, lookback_days: input.period.lookbackDays },
    total_calls_analyzed: analysis.totalCalls,
    pending_calls: analysis.pendingCalls,
    insufficient_data: analysis.insufficient ? { message: analysis.insufficient.message, calls: analysis.totalCalls, minimum: analysis.insufficient.minimum, calls_needed: analysis.insufficient.needed } : null,
    top_performers: performers(analysis.top),
    rest: performers(analysis.rest),
    bottom_performers: performers(analysis.bottom),
    discovered_patterns: {
      language: { winning_opening: winning("hook"), winning_value_phrase: winning("value_presentation"), winning_close: winning("closing"), by_stage: byStage },
      structure: {
        optimal_duration_seconds: topMedian("durationSeconds"),
        optimal_agent_ratio: analysis.topTalkRatioMedian,
        optimal_question_count: topMedian("questionCount"),
        optimal_stage_durations: Object.fromEntries(CALL_STAGES.map((s) => [s, topMedian(`stageSeconds.${s}`)])) as Record<CallStage, number | null>,
        comparisons: structureRows(analysis.structure),
      },
      behavioral: {
        personalization_count: topMedian("personalizationCount"),
        enthusiasm_markers: topMedian("enthusiasmMarkers"),
        objection_response_time_seconds: topMedian("secondsToAcknowledge"),
        comparisons: behaviourRows(analysis.behaviour),
      },
    },
    skipped_comparisons: analysis.skipped.map((s) => ({ measure: s.measure, versus: s.versus, top_calls: s.top, other_calls: s.other, calls_needed: s.needed })),
    statistics: { alpha: analysis.options.alpha, min_group: analysis.options.minGroup, min_phrase_calls: analysis.options.minPhraseCalls, prior_strength: analysis.options.priorStrength, tests: analysis.tests, correction: "benjamini_hochberg" },
    model_performance: input.modelPerformance ?? null,
    active_optimizations: input.activeOptimizations ?? [],
    recommendations: recommendations(analysis),
  };
}
