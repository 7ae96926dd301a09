/**
 * One guardrail metric of one variant against the control: the rate or mean difference, its
 * interval and the p-value of the method in use. The family-wise adjustment and the pass / warn /
 * fail status come later, once every test of the evaluation is known (variant-comparisons.ts).
 */
import {
  isValidMeanStats,
  isValidProportion,
  meanOf,
  newcombeInterval,
  sequentialMeanTest,
  sequentialProportionTest,
  STATS_CODES,
  welchTTest,
  type Interval,
  type SequentialResult,
  type StatsCode,
} from "../stats";
import { sequentialOptions } from "./decision-config";
import type { DecisionConfig, DecisionResult, GuardrailConfig, GuardrailResult, GuardrailStats, MetricDirection } from "./decision-types";
import { countTests } from "./fixed-horizon-tests";

export interface PendingGuardrail extends Omit<GuardrailResult, "adjustedPValue" | "status"> {
  worseAbsolute: number;
}

export function guardrailFor(
  armKey: string,
  g: GuardrailConfig,
  v: GuardrailStats | undefined,
  c: GuardrailStats | undefined,
  config: DecisionConfig,
  resolved: DecisionResult["config"],
): PendingGuardrail {
  const higherIsBetter = g.higherIsBetter ?? v?.higherIsBetter ?? c?.higherIsBetter ?? true;
  const direction: MetricDirection = higherIsBetter ? "higher_is_better" : "lower_is_better";
  const base = { metric: g.metric, direction, maxRelativeDrop: g.maxRelativeDrop };
  const missing: PendingGuardrail = {
    ...base,
    kind: "missing",
    code: STATS_CODES.NO_DATA,
    variantValue: 0,
    controlValue: 0,
    relativeChange: null,
    differenceInterval: { lower: 0, upper: 0 },
    relativeWorsening: null,
    pValue: 1,
    alwaysValidP: 1,
    worseAbsolute: 0,
  };
  if (!v || !c) return missing;
  const seqOptions = sequentialOptions(config, resolved, `${armKey}:${g.metric}`);
  let variantValue: number;
  let controlValue: number;
  let code: StatsCode;
  let differenceInterval: Interval;
  let fixedP: number;
  let sequential: SequentialResult;
  let kind: "proportion" | "mean";
  if (v.kind === "proportion" && c.kind === "proportion" && isValidProportion(v.stats) && isValidProportion(c.stats)) {
    kind = "proportion";
    const tests = countTests(v.stats, c.stats);
    const nc = newcombeInterval(v.stats, c.stats, { alpha: resolved.alpha });
    variantValue = v.stats.trials > 0 ? v.stats.successes / v.stats.trials : 0;
    controlValue = c.stats.trials > 0 ? c.stats.successes / c.stats.trials : 0;
    code = tests.zTest.code;
    differenceInterval = { lower: nc.lower, upper: nc.upper };
    fixedP = tests.fixedPValue;
    sequential = sequentialProportionTest(v.stats, c.stats, seqOptions);
  } else if (v.kind === "mean" && c.kind === "mean" && isValidMeanStats(v.stats) && isValidMeanStats(c.stats)) {
    kind = "mean";
    const w = welchTTest(v.stats, c.stats, { alpha: resolved.alpha });
    variantValue = meanOf(v.stats);
    controlValue = meanOf(c.stats);
    code = w.code;
    differenceInterval = w.interval;
    fixedP = w.pValue;
    sequential = sequentialMeanTest(v.stats, c.stats, seqOptions);
  } else {
    return { ...missing, code: STATS_CODES.INVALID_INPUT };
  }
  const difference = variantValue - controlValue;
  const worseAbsolute = direction === "higher_is_better" ? -difference : difference;
  const scale = Math.abs(controlValue);
  return {
    ...base,
    kind,
    code,
    variantValue,
    controlValue,
    relativeChange: scale > 0 ? difference / scale : null,
    differenceInterval,
    relativeWorsening: scale > 0 ? worseAbsolute / scale : null,
    pValue: resolved.method === "sequential" ? sequential.alwaysValidP : fixedP,
    alwaysValidP: sequential.alwaysValidP,
    worseAbsolute,
  };
}
