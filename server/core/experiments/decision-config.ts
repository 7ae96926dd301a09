/**
 * The decision's config: validation of the input (arms and config) before any statistic is
 * computed, defaults, and the per-comparison options of the sequential (mSPRT) tests.
 */
import { isValidMeanStats, isValidProportion } from "../stats";
import { METRIC_LABELS } from "./decision-text";
import type { DecisionConfig, DecisionInput, DecisionResult } from "./decision-types";

export function validate(input: DecisionInput): string[] {
  const problems: string[] = [];
  const { arms, config } = input;
  if (!Array.isArray(arms) || arms.length === 0) return ["the experiment has no arms"];
  const controls = arms.filter((a) => a.isControl).length;
  if (controls !== 1) problems.push(`exactly one arm must be the control (found ${controls})`);
  const keys = new Set<string>();
  for (const arm of arms) {
    if (typeof arm.key !== "string" || arm.key === "") problems.push("every arm needs a non-empty key");
    else if (keys.has(arm.key)) problems.push(`duplicate arm key "${arm.key}"`);
    keys.add(arm.key);
    if (!isValidProportion({ successes: arm.conversions, trials: arm.units })) {
      problems.push(`${arm.key}: conversions (${arm.conversions}) and units (${arm.units}) must be counts with conversions ≤ units`);
    }
    if (config.primaryMetric === "revenue" && !(arm.revenue && isValidMeanStats(arm.revenue))) problems.push(`${arm.key}: revenue statistics are required for a revenue experiment`);
    else if (arm.revenue && !isValidMeanStats(arm.revenue)) problems.push(`${arm.key}: invalid revenue statistics`);
  }
  if (!Array.isArray(input.expectedWeights) || input.expectedWeights.length !== arms.length) {
    problems.push(`expectedWeights needs one entry per arm (${arms.length})`);
  }
  if (!(METRIC_LABELS[config.primaryMetric] !== undefined)) problems.push(`unknown primary metric "${String(config.primaryMetric)}"`);
  const alpha = config.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) problems.push(`alpha must be in (0, 1) (got ${alpha})`);
  if (!(Number.isFinite(config.minRelativeLift ?? 0.05) && (config.minRelativeLift ?? 0.05) >= 0)) problems.push("minRelativeLift must be a finite number ≥ 0");
  if (!(Number.isFinite(config.minSamplePerArm ?? 100) && (config.minSamplePerArm ?? 100) >= 0)) problems.push("minSamplePerArm must be a finite number ≥ 0");
  if (config.maxSamplePerArm !== undefined && !(config.maxSamplePerArm > 0)) problems.push("maxSamplePerArm must be > 0");
  if (config.sequentialTau !== undefined && !(config.sequentialTau > 0 && Number.isFinite(config.sequentialTau))) problems.push("sequentialTau must be > 0");
  if (config.sequentialTuningSampleSize !== undefined && !(config.sequentialTuningSampleSize > 0 && Number.isFinite(config.sequentialTuningSampleSize))) problems.push("sequentialTuningSampleSize must be > 0");
  for (const g of config.guardrails ?? []) {
    if (!(g.maxRelativeDrop >= 0 && Number.isFinite(g.maxRelativeDrop))) problems.push(`guardrail ${g.metric}: maxRelativeDrop must be a finite number ≥ 0`);
  }
  return problems;
}

export function resolveConfig(config: DecisionConfig): DecisionResult["config"] {
  return {
    primaryMetric: config.primaryMetric,
    minSamplePerArm: config.minSamplePerArm ?? 100,
    minRelativeLift: config.minRelativeLift ?? 0.05,
    alpha: config.alpha ?? 0.05,
    method: config.method ?? "sequential",
    correction: config.correction ?? "holm",
    maxSamplePerArm: config.maxSamplePerArm ?? null,
    guardrails: config.guardrails ?? [],
    sequentialTau: config.sequentialTau ?? null,
    sequentialTuningSampleSize: config.sequentialTuningSampleSize ?? 5000,
    srmThreshold: config.srmThreshold ?? 0.001,
  };
}

/** Sequential options for one comparison, with the carried always-valid p under `key`. */
export function sequentialOptions(config: DecisionConfig, resolved: DecisionResult["config"], key: string) {
  const previous = config.previousAlwaysValidP?.[key];
  return {
    alpha: resolved.alpha,
    tau: resolved.sequentialTau ?? undefined,
    tuningSampleSize: resolved.sequentialTuningSampleSize,
    previousAlwaysValidP: previous !== undefined && previous >= 0 && previous <= 1 ? previous : undefined,
  };
}
