/**
 * The A/B experiment decision: PROMOTE a variant, REJECT the experiment (keep control), or
 * CONTINUE collecting data, from the arms' sufficient statistics. Pure: no I/O; every number
 * comes from `server/core/stats`.
 *
 * Rules, applied in this order (each reason carries numbers an operator can act on):
 * 1. Invalid input (no arms, not exactly one control, duplicate keys, counts that are not counts,
 *    weights of the wrong length, missing revenue for a revenue experiment) → CONTINUE with
 *    INVALID_INPUT. An experiment without a variant → CONTINUE with NO_VARIANTS.
 * 2. CONTINUE while any arm has fewer exposed units than `minSamplePerArm` (default 100); the
 *    reasons say how many units each such arm still needs.
 * 3. PROMOTE the best variant (highest observed primary rate or mean) among those that
 *    - are significantly better than control on the primary metric: adjusted p < alpha, where
 *      p is the always-valid mSPRT p-value when `method` = "sequential" (default; safe to look
 *      at any time) and the fixed-horizon test's p when "fixed" (pooled z-test, or Fisher's exact
 *      test when any expected cell of the 2×2 table is below 5; Welch's t for revenue), and the
 *      adjustment is Holm (default) or Benjamini–Hochberg over every variant × metric test
 *      (primary and guardrails) in this evaluation;
 *    - have an observed lift of at least `minRelativeLift` (default +5%): the difference is > 0
 *      and ≥ minRelativeLift × |control value| (so a zero or negative control value cannot
 *      flip the sign of the lift);
 *    - fail no guardrail: a guardrail fails when the variant is significantly worse on it
 *      (adjusted p < alpha, in the metric's bad direction) by more than its `maxRelativeDrop`
 *      (observed worsening > maxRelativeDrop × |control value|);
 *    and only when there is no sample-ratio mismatch (χ² goodness of fit of units to
 *    `expectedWeights`, p < 0.001): an SRM turns the would-be PROMOTE into CONTINUE with a warning.
 * 4. REJECT when every variant is significantly worse than control, or when no variant can
 *    still reach the deploy gate (futility: the upper confidence bound of its difference is below
 *    minRelativeLift × |control value|, i.e. the upper bound of the relative lift, taking the
 *    control value as known, is below minRelativeLift; the bound is the always-valid confidence
 *    sequence under "sequential", Newcombe's interval or Welch's interval under "fixed"), or
 *    when the sample limit is reached without a winner: all arms together have at least
 *    `maxSamplePerArm` × (number of arms) units (a per-arm budget that also works when a bandit
 *    allocates unevenly).
 * 5. Otherwise CONTINUE.
 * A variant that is not significantly better, or better by less than the deploy gate, is never
 * promoted. The report always carries every test (Wilson interval per arm; per variant the
 * Newcombe difference, relative lift, z, χ² with and without Yates, Fisher, Welch for revenue,
 * Bayesian P(beat control) and expected losses, the mSPRT p and confidence sequence, the
 * adjusted p. The Bayesian summaries are on the conversion counts, also in a revenue experiment;
 * the confidence sequence is this look's, valid at every look, not intersected with earlier ones),
 * and `alwaysValidP` to pass back as `previousAlwaysValidP` next time (keys: the
 * arm key for the primary metric, `${armKey}:${metric}` for guardrails). No number is NaN;
 * Fisher's odds ratio may be Infinity (see stats/README.md).
 *
 * This file applies the rules; the shapes are in decision-types.ts, input checks and defaults in
 * decision-config.ts, the per-variant statistics in variant-comparisons.ts (with guardrails.ts and
 * fixed-horizon-tests.ts), and message formatting in decision-text.ts.
 */
import { sampleRatioMismatch, STATS_CODES, type SampleRatioMismatch } from "../stats";
import { resolveConfig, validate } from "./decision-config";
import { METRIC_LABELS, pct, pEq, valueText } from "./decision-text";
import { DECISION_REASONS, type ArmComparison, type DecisionConfig, type DecisionInput, type DecisionReason, type DecisionResult, type ExperimentDecision } from "./decision-types";
import { compareVariants } from "./variant-comparisons";

export { DECISION_REASONS } from "./decision-types";
export type {
  ArmComparison,
  ArmReport,
  DecisionConfig,
  DecisionInput,
  DecisionReason,
  DecisionReasonCode,
  DecisionResult,
  ExperimentArmInput,
  ExperimentDecision,
  GuardrailConfig,
  GuardrailResult,
  GuardrailStats,
  MetricDirection,
  PrimaryMetric,
} from "./decision-types";
export { FISHER_MAX_MARGIN } from "./fixed-horizon-tests";

/** Decide an experiment (see the file comment for the rules). */
export function decideExperiment(input: DecisionInput): DecisionResult {
  const resolved = resolveConfig(input.config ?? ({} as DecisionConfig));
  const reasons: DecisionReason[] = [];
  const problems = input.config ? validate(input) : ["config is required"];
  const emptySrm: SampleRatioMismatch = { code: STATS_CODES.INVALID_INPUT, statistic: 0, pValue: 1, dof: 0, expected: [], mismatch: false, threshold: resolved.srmThreshold };
  const carried = { ...(input.config?.previousAlwaysValidP ?? {}) };
  if (problems.length > 0) {
    return {
      decision: "CONTINUE",
      winnerArmKey: null,
      reasons: problems.map((p) => ({ code: DECISION_REASONS.INVALID_INPUT, message: `Cannot evaluate the experiment: ${p}.` })),
      srm: emptySrm,
      perArm: [],
      alwaysValidP: carried,
      config: resolved,
    };
  }
  const { arms, config } = input;
  const alpha = resolved.alpha;
  const metric = resolved.primaryMetric;
  const label = METRIC_LABELS[metric];
  const control = arms.find((a) => a.isControl)!;
  const variants = arms.filter((a) => !a.isControl);

  // Sample-ratio mismatch (only over valid weights).
  const srm: SampleRatioMismatch =
    arms.length < 2 ? { ...emptySrm, code: STATS_CODES.NO_DATA } : sampleRatioMismatch(arms.map((a) => a.units), input.expectedWeights, { threshold: resolved.srmThreshold });
  if (arms.length >= 2 && srm.code === STATS_CODES.INVALID_INPUT) {
    reasons.push({ code: DECISION_REASONS.SRM_NOT_CHECKED, message: `Sample ratio not checked: expected weights must all be > 0 (got ${input.expectedWeights.join(", ")}).` });
  } else if (srm.mismatch) {
    const total = input.expectedWeights.reduce((s, w) => s + w, 0);
    reasons.push({
      code: DECISION_REASONS.SRM,
      message:
        `Sample ratio mismatch: units ${arms.map((a) => `${a.key} ${a.units}`).join(", ")} vs intended shares ` +
        `${input.expectedWeights.map((w) => `${((w / total) * 100).toFixed(1)}%`).join(" / ")} (χ² p ${pEq(srm.pValue)}, threshold ${resolved.srmThreshold}). ` +
        `Check assignment and exposure logging; no variant can be promoted until this is fixed.`,
    });
  }

  const { comparisons, perArm, alwaysValidP, familySize } = compareVariants(arms, control, variants, config, resolved, carried);

  const finish = (decision: ExperimentDecision, winnerArmKey: string | null): DecisionResult => ({ decision, winnerArmKey, reasons, srm, perArm, alwaysValidP, config: resolved });

  if (variants.length === 0) {
    reasons.push({ code: DECISION_REASONS.NO_VARIANTS, message: `The experiment has only the control arm (${control.key}); add a variant to compare.` });
    return finish("CONTINUE", null);
  }

  // Rule 2: minimum sample.
  const short = arms.filter((a) => a.units < resolved.minSamplePerArm);
  if (short.length > 0) {
    for (const a of short) {
      const need = Math.ceil(resolved.minSamplePerArm - a.units);
      reasons.push({ code: DECISION_REASONS.MIN_SAMPLE, armKey: a.key, message: `${a.key} needs ${need} more units (${a.units}/${resolved.minSamplePerArm}).` });
    }
    return finish("CONTINUE", null);
  }

  const pLabel = `${familySize > 1 ? `${resolved.correction === "holm" ? "Holm" : "BH"}-adjusted ` : ""}${resolved.method === "sequential" ? "always-valid p" : "p"}`;
  const gate = pct(resolved.minRelativeLift);
  const liftText = (c: ArmComparison) => {
    const scale = Math.abs(c.controlValue);
    if (scale === 0) return `${valueText(metric, c.variantValue)} vs ${valueText(metric, c.controlValue)}`;
    const sequential = resolved.method === "sequential" && c.sequential.code === STATS_CODES.OK;
    const i = sequential ? c.sequential.runningInterval : c.differenceInterval;
    const kind = sequential ? "always-valid" : `${Math.round((1 - alpha) * 100)}%`;
    return `${valueText(metric, c.variantValue)} vs ${valueText(metric, c.controlValue)} (${pct(c.difference / scale)} lift, ${kind} interval ${pct(i.lower / scale)} to ${pct(i.upper / scale)})`;
  };

  // Informational reasons per variant.
  for (const arm of variants) {
    const c = comparisons.get(arm.key)!;
    if (c.smallCounts && metric !== "revenue") {
      reasons.push({
        code: DECISION_REASONS.SMALL_COUNTS,
        armKey: arm.key,
        message: `${arm.key}: some expected counts are below 5, so the fixed-horizon test is Fisher's exact test (p ${pEq(c.fixedPValue)}).`,
      });
    }
    for (const g of c.guardrails) {
      const worse = g.relativeWorsening === null ? `${valueText(g.kind === "mean" ? "mean" : "rate", g.variantValue)} vs ${valueText(g.kind === "mean" ? "mean" : "rate", g.controlValue)}` : `${pct(g.relativeWorsening)} worse`;
      if (g.status === "fail") {
        reasons.push({
          code: DECISION_REASONS.GUARDRAIL_FAILED,
          armKey: arm.key,
          message: `${arm.key} fails guardrail ${g.metric}: ${worse} than control, beyond the allowed ${pct(g.maxRelativeDrop)} (${pLabel} ${pEq(g.adjustedPValue)}). It cannot be promoted.`,
        });
      } else if (g.status === "warn") {
        reasons.push({
          code: DECISION_REASONS.GUARDRAIL_WARNING,
          armKey: arm.key,
          message: `${arm.key} looks ${worse} than control on guardrail ${g.metric} (allowed ${pct(g.maxRelativeDrop)}), not significant yet (${pLabel} ${pEq(g.adjustedPValue)}).`,
        });
      } else if (g.status === "missing") {
        reasons.push({ code: DECISION_REASONS.GUARDRAIL_MISSING, armKey: arm.key, message: `${arm.key}: guardrail ${g.metric} has no usable data for this arm or the control, so it is not checked.` });
      }
    }
  }

  // Rule 3: promotion.
  const eligible = variants.filter((a) => {
    const c = comparisons.get(a.key)!;
    return c.direction === "better" && c.meetsMinLift && !c.guardrails.some((g) => g.status === "fail");
  });
  for (const arm of variants) {
    const c = comparisons.get(arm.key)!;
    if (c.direction === "better" && !c.meetsMinLift) {
      reasons.push({
        code: DECISION_REASONS.BELOW_MIN_LIFT,
        armKey: arm.key,
        message: `${arm.key} is significantly better on ${label}, ${liftText(c)}, but below the ${gate} lift needed to deploy.`,
      });
    }
  }
  if (eligible.length > 0) {
    const best = [...eligible].sort((x, y) => {
      const cx = comparisons.get(x.key)!;
      const cy = comparisons.get(y.key)!;
      return cy.variantValue - cx.variantValue || cx.adjustedPValue - cy.adjustedPValue;
    })[0];
    const c = comparisons.get(best.key)!;
    reasons.unshift({
      code: DECISION_REASONS.WINNER,
      armKey: best.key,
      message: `${best.key} beats ${control.key} on ${label}: ${liftText(c)}, ${pLabel} ${pEq(c.adjustedPValue)} (below ${alpha}); P(beats control) = ${(c.bayesian.probabilityToBeatControl * 100).toFixed(1)}%.`,
    });
    if (srm.mismatch) return finish("CONTINUE", null);
    return finish("PROMOTE", best.key);
  }

  // Rule 4: rejection.
  const comps = variants.map((a) => comparisons.get(a.key)!);
  if (comps.every((c) => c.direction === "worse")) {
    for (const arm of variants) {
      const c = comparisons.get(arm.key)!;
      reasons.push({ code: DECISION_REASONS.SIGNIFICANTLY_WORSE, armKey: arm.key, message: `${arm.key} is significantly worse than ${control.key} on ${label}: ${liftText(c)}, ${pLabel} ${pEq(c.adjustedPValue)}.` });
    }
    reasons.unshift({ code: DECISION_REASONS.ALL_WORSE, message: `Every variant is significantly worse than ${control.key}: keep ${control.key}.` });
    return finish("REJECT", null);
  }
  if (comps.every((c) => c.futile || c.direction === "worse")) {
    for (const arm of variants) {
      const c = comparisons.get(arm.key)!;
      const bound = c.liftUpperBound === null ? "" : ` (its lift is at most ${pct(c.liftUpperBound)})`;
      reasons.push({ code: DECISION_REASONS.FUTILE, armKey: arm.key, message: `${arm.key} cannot reach the ${gate} lift needed to deploy${bound}.` });
    }
    reasons.unshift({ code: DECISION_REASONS.ALL_FUTILE, message: `No variant can still reach the ${gate} deploy gate on ${label}: stop and keep ${control.key}.` });
    return finish("REJECT", null);
  }
  const totalUnits = arms.reduce((s, a) => s + a.units, 0);
  if (resolved.maxSamplePerArm !== null && totalUnits >= resolved.maxSamplePerArm * arms.length) {
    reasons.unshift({
      code: DECISION_REASONS.MAX_SAMPLE,
      message: `The sample limit is reached (${totalUnits} units ≥ ${resolved.maxSamplePerArm} per arm × ${arms.length} arms) with no variant significantly better by at least ${gate}: stop and keep ${control.key}.`,
    });
    return finish("REJECT", null);
  }

  // Rule 5: continue, saying where each variant stands.
  for (const arm of variants) {
    const c = comparisons.get(arm.key)!;
    if (c.direction === "worse") {
      reasons.push({ code: DECISION_REASONS.SIGNIFICANTLY_WORSE, armKey: arm.key, message: `${arm.key} is significantly worse than ${control.key} on ${label}: ${liftText(c)}, ${pLabel} ${pEq(c.adjustedPValue)}.` });
    } else if (c.futile) {
      const bound = c.liftUpperBound === null ? "" : ` (its lift is at most ${pct(c.liftUpperBound)})`;
      reasons.push({ code: DECISION_REASONS.FUTILE, armKey: arm.key, message: `${arm.key} cannot reach the ${gate} lift needed to deploy${bound}.` });
    } else if (c.direction === "none") {
      reasons.push({
        code: DECISION_REASONS.INCONCLUSIVE,
        armKey: arm.key,
        message: `${arm.key} vs ${control.key} on ${label}: ${liftText(c)}, ${pLabel} ${pEq(c.adjustedPValue)} (needs < ${alpha}); keep collecting data.`,
      });
    }
  }
  return finish("CONTINUE", null);
}
