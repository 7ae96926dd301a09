/**
 * The structure and behaviour comparisons of the cohort analysis: the numeric measures (Welch and
 * Hedges' g) and the shares (Newcombe, z or Fisher, relative risk) compared between top and other.
 */
import { fisherExact, gammaln, meanStatsFromValues, newcombeInterval, normalQuantile, relativeLift, tableFromProportions, twoProportionZTest, welchTTest } from "../stats";
import { CALL_STAGES, type CallStage } from "../records";
import type { TranscriptAnalysis } from "./transcript";
import { median, sum, type MeasureUnit, type NumericComparison, type NumericSummary, type ProportionComparison, type Versus } from "./cohort-types";

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

const reachedAny = (a: TranscriptAnalysis, stages: readonly CallStage[]) => !a.staged || stages.some((s) => a.stagesReached.includes(s));

export interface NumericMeasure {
  measure: string;
  label: string;
  unit: MeasureUnit;
  value: (a: TranscriptAnalysis, topTalkRatioMedian: number | null) => number | null;
}

export const NUMERIC_MEASURES: readonly NumericMeasure[] = [
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

export interface ProportionMeasure {
  measure: string;
  label: string;
  among: string;
  value: (a: TranscriptAnalysis) => boolean | null;
}

export const PROPORTION_MEASURES: readonly ProportionMeasure[] = [
  { measure: "objectionAcknowledgedQuickly", label: "Objections acknowledged in the agent's first reply", among: "calls with an objection", value: (a) => a.objectionAcknowledgedQuickly },
  { measure: "confirmationStep", label: "Agent has the lead confirm the appointment", among: "calls that reached confirmation", value: (a) => (a.turnCount && reachedAny(a, ["confirmation"]) ? a.confirmationStep : null) },
  { measure: "commitmentAsk", label: "Agent asks for a commitment", among: "calls that reached closing", value: (a) => (a.turnCount && reachedAny(a, ["closing", "confirmation"]) ? a.commitmentAsks > 0 : null) },
  { measure: "personalized", label: "Agent personalizes", among: "calls where the agent spoke", value: (a) => (a.agentWords ? a.personalizationCount > 0 : null) },
];

export function compareNumeric(m: NumericMeasure, versus: Versus, top: number[], other: number[], alpha: number): NumericComparison {
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

export function compareProportion(m: ProportionMeasure, versus: Versus, top: boolean[], other: boolean[], alpha: number): ProportionComparison {
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
