/**
 * Seed 002's Excellence Report as a document. Its keys are the seed's snake_case, since it is an
 * external document (API download, other tools), not an internal object. Recommendations come
 * only from significant findings and carry their numbers. Pure: the caller passes the time.
 */
import { CALL_STAGES, type CallStage } from "../records";
import type { CohortAnalysis, GroupSummary, NumericComparison, PhraseFinding, ProportionComparison } from "./cohort";

export interface ExcellenceRecommendation {
  priority: "immediate" | "high" | "moderate";
  action: string;
  rationale: string;
  kind: "phrase" | "behaviour" | "structure" | "model" | "data";
  stage?: CallStage;
}

const performers = (g: GroupSummary) => ({ call_count: g.count, avg_excellence_score: g.averageScore, show_up_rate: g.showUpRate, avg_commitment_score: g.averageCommitment, threshold: g.threshold });

export interface ExcellenceReportDocument {
  report_type: "excellence_analysis";
  generated_at: string;
  analysis_period: { from: string; to: string; lookback_days: number; label: string };
  total_calls_analyzed: number;
  insufficient: { needed: number; message: string } | null;
  top_performers: ReturnType<typeof performers>;
  rest: ReturnType<typeof performers>;
  bottom_performers: ReturnType<typeof performers>;
  discovered_patterns: {
    language: { winning_opening: string | null; winning_value_phrase: string | null; winning_close: string | null; by_stage: Array<{ stage: CallStage; winners: PhraseFinding[]; losers: PhraseFinding[] }> };
    structure: { optimal_duration_seconds: number | null; optimal_agent_ratio: number | null; optimal_question_count: number | null; optimal_stage_durations: Record<CallStage, number | null>; comparisons: NumericComparison[] };
    behavioral: { personalization_count: number | null; enthusiasm_markers: number | null; objection_response_time_seconds: number | null; comparisons: ProportionComparison[] };
  };
  model_performance: unknown;
  active_optimizations: unknown[];
  recommendations: ExcellenceRecommendation[];
}

const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(0)}%`);
const fmt = (v: number | null, digits = 1) => (v === null ? "—" : v.toFixed(digits));

export function excellenceReport(input: {
  analysis: CohortAnalysis;
  generatedAt: string;
  period: { from: string; to: string; lookbackDays: number };
  modelPerformance?: unknown;
  activeOptimizations?: unknown[];
}): ExcellenceReportDocument {
  const { analysis } = input;
  const vsRest = (list: NumericComparison[]) => new Map(list.filter((c) => c.versus === "rest").map((c) => [c.measure, c]));
  const numeric = vsRest(analysis.structure);
  const topMedian = (measure: string) => numeric.get(measure)?.top.median ?? null;
  const winner = (stage: CallStage) => {
    const w = analysis.language.find((l) => l.stage === stage)?.winners[0];
    return w ? (w.example ?? w.phrase) : null;
  };

  const recommendations: ExcellenceRecommendation[] = [];
  if (analysis.insufficient) recommendations.push({ priority: "moderate", kind: "data", action: "Collect more scored calls before acting on excellence patterns", rationale: analysis.insufficient.message });
  for (const b of analysis.behaviour.filter((c) => c.versus === "rest" && c.significant && c.difference > 0)) {
    recommendations.push({ priority: "high", kind: "behaviour", action: `Make it standard: ${b.label.toLowerCase()}`, rationale: `${pct(b.top.share)} of top calls vs ${pct(b.other.share)} of the rest (difference ${pct(b.difference)}, 95% CI ${pct(b.interval.lower)} to ${pct(b.interval.upper)}, q = ${b.q.toPrecision(2)})` });
  }
  for (const stage of analysis.language) {
    const w = stage.winners[0];
    if (!w) continue;
    recommendations.push({ priority: "high", kind: "phrase", stage: stage.stage, action: `In the ${stage.stage.replace("_", " ")}, use wording like “${w.example ?? w.phrase}”`, rationale: `“${w.phrase}” is in ${pct(w.topShare)} of top calls (${w.topCalls}/${w.topReached}) vs ${pct(w.otherShare)} of the rest (${w.otherCalls}/${w.otherReached}); z = ${w.z.toFixed(1)}, q = ${w.q.toPrecision(2)}` });
  }
  for (const s of analysis.structure.filter((c) => c.versus === "rest" && c.significant)) {
    recommendations.push({ priority: "moderate", kind: "structure", action: `${s.label}: aim for the top calls' median of ${fmt(s.top.median, 2)}`, rationale: `top mean ${fmt(s.top.mean, 2)} vs ${fmt(s.other.mean, 2)} (difference ${fmt(s.difference, 2)}, 95% CI ${fmt(s.interval.lower, 2)} to ${fmt(s.interval.upper, 2)}; Hedges' g ${fmt(s.hedgesG, 2)}; q = ${s.q.toPrecision(2)})` });
  }
  if (!input.modelPerformance) recommendations.push({ priority: "moderate", kind: "model", action: "Train a show-up model on the Models page", rationale: "no show-up model is in production, so calls cannot be scored for show-up risk while they happen" });

  return {
    report_type: "excellence_analysis",
    generated_at: input.generatedAt,
    analysis_period: { from: input.period.from, to: input.period.to, lookback_days: input.period.lookbackDays, label: `last_${input.period.lookbackDays}_days` },
    total_calls_analyzed: analysis.totalCalls,
    insufficient: analysis.insufficient,
    top_performers: performers(analysis.top),
    rest: performers(analysis.rest),
    bottom_performers: performers(analysis.bottom),
    discovered_patterns: {
      language: { winning_opening: winner("hook"), winning_value_phrase: winner("value_presentation"), winning_close: winner("closing"), by_stage: analysis.language },
      structure: {
        optimal_duration_seconds: topMedian("durationSeconds"),
        optimal_agent_ratio: topMedian("agentTalkRatio"),
        optimal_question_count: topMedian("questionCount"),
        optimal_stage_durations: Object.fromEntries(CALL_STAGES.map((s) => [s, topMedian(`stageSeconds.${s}`)])) as Record<CallStage, number | null>,
        comparisons: analysis.structure,
      },
      behavioral: {
        personalization_count: topMedian("personalizationCount"),
        enthusiasm_markers: topMedian("enthusiasmMarkers"),
        objection_response_time_seconds: topMedian("secondsToAcknowledge"),
        comparisons: analysis.behaviour,
      },
    },
    model_performance: input.modelPerformance ?? null,
    active_optimizations: input.activeOptimizations ?? [],
    recommendations,
  };
}
