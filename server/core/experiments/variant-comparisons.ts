/**
 * Every variant against the control: the primary-metric tests (fixed-horizon, sequential,
 * Bayesian), the guardrails, one multiple-testing family over all of them, and the per-arm report
 * the decision rules read.
 */
import {
  adjustPValues,
  expectedLoss,
  meanOf,
  newcombeInterval,
  probabilityToBeat,
  relativeLift,
  sequentialMeanTest,
  sequentialProportionTest,
  STATS_CODES,
  welchTTest,
  wilsonInterval,
  type Interval,
  type ProportionStats,
  type SequentialResult,
  type StatsCode,
  type WelchTTest,
} from "../stats";
import { sequentialOptions } from "./decision-config";
import type { ArmComparison, ArmReport, DecisionConfig, DecisionResult, ExperimentArmInput, GuardrailResult } from "./decision-types";
import { countTests } from "./fixed-horizon-tests";
import { guardrailFor } from "./guardrails";

/**
 * The comparisons and report for valid input; `alwaysValidP` is `carried` updated with this look's
 * values, and `familySize` is the number of tests adjusted together (it names the p in messages).
 */
export function compareVariants(
  arms: readonly ExperimentArmInput[],
  control: ExperimentArmInput,
  variants: ExperimentArmInput[],
  config: DecisionConfig,
  resolved: DecisionResult["config"],
  carried: Record<string, number>,
) {
  const alpha = resolved.alpha;
  const metric = resolved.primaryMetric;
  const controlStats: ProportionStats = { successes: control.conversions, trials: control.units };
  const alwaysValidP: Record<string, number> = { ...carried };

  // Per-variant primary comparison (before adjustment).
  const pending = variants.map((arm) => {
    const v: ProportionStats = { successes: arm.conversions, trials: arm.units };
    const tests = countTests(v, controlStats);
    const bayesP = probabilityToBeat(v, controlStats, { prior: config.prior });
    const loss = expectedLoss(v, controlStats, { prior: config.prior });
    const seqOptions = sequentialOptions(config, resolved, arm.key);
    let welch: WelchTTest | null = null;
    if (arm.revenue && control.revenue) welch = welchTTest(arm.revenue, control.revenue, { alpha });
    let variantValue: number;
    let controlValue: number;
    let differenceInterval: Interval;
    let rel: { code: StatsCode; lift: number; interval: Interval };
    let sequential: SequentialResult;
    let fixedTest: ArmComparison["fixedTest"];
    let fixedPValue: number;
    if (metric === "revenue") {
      const w = welch!;
      variantValue = meanOf(arm.revenue!);
      controlValue = meanOf(control.revenue!);
      differenceInterval = w.interval;
      rel = { code: w.relative.code, lift: w.relative.lift, interval: w.relative.interval };
      sequential = sequentialMeanTest(arm.revenue!, control.revenue!, seqOptions);
      fixedTest = "welch";
      fixedPValue = w.pValue;
    } else {
      variantValue = arm.units > 0 ? arm.conversions / arm.units : 0;
      controlValue = control.units > 0 ? control.conversions / control.units : 0;
      const nc = newcombeInterval(v, controlStats, { alpha });
      differenceInterval = { lower: nc.lower, upper: nc.upper };
      const rl = relativeLift(v, controlStats, { alpha });
      rel = { code: rl.code, lift: rl.lift, interval: rl.interval };
      sequential = sequentialProportionTest(v, controlStats, seqOptions);
      fixedTest = tests.fixedTest;
      fixedPValue = tests.fixedPValue;
    }
    alwaysValidP[arm.key] = sequential.alwaysValidP;
    const guardrails = resolved.guardrails.map((g) => guardrailFor(arm.key, g, arm.guardrails?.[g.metric], control.guardrails?.[g.metric], config, resolved));
    for (const g of guardrails) if (g.kind !== "missing") alwaysValidP[`${arm.key}:${g.metric}`] = g.alwaysValidP;
    return {
      arm,
      variantValue,
      controlValue,
      differenceInterval,
      rel,
      tests,
      welch,
      bayesian: {
        code: bayesP.code === STATS_CODES.OK ? loss.code : bayesP.code,
        probabilityToBeatControl: bayesP.probability,
        expectedLossChoosingVariant: loss.variant,
        expectedLossChoosingControl: loss.control,
      },
      sequential,
      fixedTest,
      fixedPValue,
      pValue: resolved.method === "sequential" ? sequential.alwaysValidP : fixedPValue,
      guardrails,
    };
  });

  // One family: every variant's primary test and every guardrail test with data.
  const family: number[] = [];
  for (const p of pending) {
    family.push(p.pValue);
    for (const g of p.guardrails) if (g.kind !== "missing") family.push(g.pValue);
  }
  const adjusted = family.length > 0 ? adjustPValues(family, resolved.correction, alpha).adjusted : [];
  let cursor = 0;

  const comparisons = new Map<string, ArmComparison>();
  for (const p of pending) {
    const adjustedPValue = adjusted[cursor++] ?? 1;
    const difference = p.variantValue - p.controlValue;
    const scale = Math.abs(p.controlValue);
    const significant = adjustedPValue < alpha;
    const direction = significant && difference > 0 ? "better" : significant && difference < 0 ? "worse" : "none";
    const meetsMinLift = difference > 0 && difference >= resolved.minRelativeLift * scale;
    const useSequential = resolved.method === "sequential";
    const upperOk = useSequential ? p.sequential.code === STATS_CODES.OK : metric === "revenue" ? p.welch!.code === STATS_CODES.OK : p.tests.zTest.code !== STATS_CODES.NO_DATA;
    const upper = useSequential ? p.sequential.runningInterval.upper : p.differenceInterval.upper;
    const futile = upperOk && upper < resolved.minRelativeLift * scale;
    const guardrails: GuardrailResult[] = p.guardrails.map((g) => {
      const { worseAbsolute, ...rest } = g;
      if (g.kind === "missing") return { ...rest, adjustedPValue: 1, status: "missing" as const };
      const gAdjusted = adjusted[cursor++] ?? 1;
      const beyond = worseAbsolute > g.maxRelativeDrop * Math.abs(g.controlValue);
      const status = beyond && gAdjusted < alpha ? "fail" : beyond ? "warn" : "pass";
      return { ...rest, adjustedPValue: gAdjusted, status };
    });
    comparisons.set(p.arm.key, {
      metric,
      controlValue: p.controlValue,
      variantValue: p.variantValue,
      difference,
      differenceInterval: p.differenceInterval,
      relativeLift: p.rel,
      zTest: p.tests.zTest,
      chiSquare: p.tests.chiSquare,
      chiSquareYates: p.tests.chiSquareYates,
      fisher: p.tests.fisher,
      smallCounts: p.tests.smallCounts,
      welch: p.welch,
      bayesian: p.bayesian,
      sequential: p.sequential,
      fixedTest: p.fixedTest,
      fixedPValue: p.fixedPValue,
      pValue: p.pValue,
      adjustedPValue,
      significant,
      direction,
      meetsMinLift,
      liftUpperBound: upperOk && scale > 0 ? upper / scale : null,
      futile,
      guardrails,
    });
  }

  const perArm: ArmReport[] = arms.map((arm) => ({
    key: arm.key,
    isControl: arm.isControl,
    units: arm.units,
    conversions: arm.conversions,
    rate: wilsonInterval({ successes: arm.conversions, trials: arm.units }, { alpha }),
    revenueMean: arm.revenue ? meanOf(arm.revenue) : null,
    vsControl: comparisons.get(arm.key) ?? null,
  }));

  return { comparisons, perArm, alwaysValidP, familySize: family.length };
}
