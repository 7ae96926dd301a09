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
 */
import {
  adjustPValues,
  chiSquare2x2,
  expectedLoss,
  fisherExact,
  isValidMeanStats,
  isValidProportion,
  meanOf,
  newcombeInterval,
  probabilityToBeat,
  relativeLift,
  sampleRatioMismatch,
  sequentialMeanTest,
  sequentialProportionTest,
  STATS_CODES,
  tableFromProportions,
  twoProportionZTest,
  welchTTest,
  wilsonInterval,
  type AdjustmentMethod,
  type BetaPrior,
  type Interval,
  type MeanStats,
  type ProportionStats,
  type RateInterval,
  type SampleRatioMismatch,
  type SequentialResult,
  type StatsCode,
  type WelchTTest,
} from "../stats";

export type PrimaryMetric = "replied" | "booked" | "showed" | "converted" | "revenue";
export type ExperimentDecision = "PROMOTE" | "REJECT" | "CONTINUE";
export type MetricDirection = "higher_is_better" | "lower_is_better";

/**
 * A guardrail metric's statistics in one arm: counts (a rate, e.g. no-shows out of exposed
 * units) or mean statistics (a value per exposed unit). `higherIsBetter` may be given here or
 * in the guardrail's config (the config wins); default true.
 */
export type GuardrailStats =
  | { kind: "proportion"; stats: ProportionStats; higherIsBetter?: boolean }
  | { kind: "mean"; stats: MeanStats; higherIsBetter?: boolean };

export interface ExperimentArmInput {
  key: string;
  isControl: boolean;
  /** Units exposed to the arm. */
  units: number;
  /** Exposed units that converted on the primary metric (for a rate metric). */
  conversions: number;
  /** Revenue per exposed unit (zeros included); required when the primary metric is "revenue". */
  revenue?: MeanStats;
  guardrails?: Record<string, GuardrailStats>;
}

export interface GuardrailConfig {
  metric: string;
  /** Largest tolerated relative worsening, e.g. 0.02 = 2%. */
  maxRelativeDrop: number;
  /** Whether an increase is good (default true; e.g. false for a no-show or unsubscribe rate). Overrides the arm statistics' flag. */
  higherIsBetter?: boolean;
}

export interface DecisionConfig {
  primaryMetric: PrimaryMetric;
  /** Default 100. */
  minSamplePerArm?: number;
  /** Deploy gate on the observed relative lift. Default 0.05. */
  minRelativeLift?: number;
  /** Default 0.05. */
  alpha?: number;
  /** Default "sequential". */
  method?: "sequential" | "fixed";
  /** Default "holm". */
  correction?: AdjustmentMethod;
  maxSamplePerArm?: number;
  guardrails?: GuardrailConfig[];
  /** Fixed mSPRT mixture sd on the difference scale (see stats/sequential.ts); default: tuned to `sequentialTuningSampleSize`. */
  sequentialTau?: number;
  /** N* of the default mixture, total units over variant and control. Default 5000. */
  sequentialTuningSampleSize?: number;
  /** The `alwaysValidP` of the previous evaluation. */
  previousAlwaysValidP?: Record<string, number>;
  /** SRM p-value threshold. Default 0.001. */
  srmThreshold?: number;
  /** Beta prior of the Bayesian summaries. Default Beta(1, 1). */
  prior?: BetaPrior;
}

export interface DecisionInput {
  arms: readonly ExperimentArmInput[];
  /** Intended traffic shares, in arm order (normalised). */
  expectedWeights: readonly number[];
  config: DecisionConfig;
}

export const DECISION_REASONS = {
  INVALID_INPUT: "INVALID_INPUT",
  NO_VARIANTS: "NO_VARIANTS",
  MIN_SAMPLE: "MIN_SAMPLE",
  SRM: "SRM",
  SRM_NOT_CHECKED: "SRM_NOT_CHECKED",
  SMALL_COUNTS: "SMALL_COUNTS",
  WINNER: "WINNER",
  BELOW_MIN_LIFT: "BELOW_MIN_LIFT",
  GUARDRAIL_FAILED: "GUARDRAIL_FAILED",
  GUARDRAIL_WARNING: "GUARDRAIL_WARNING",
  GUARDRAIL_MISSING: "GUARDRAIL_MISSING",
  SIGNIFICANTLY_WORSE: "SIGNIFICANTLY_WORSE",
  FUTILE: "FUTILE",
  ALL_WORSE: "ALL_WORSE",
  ALL_FUTILE: "ALL_FUTILE",
  MAX_SAMPLE: "MAX_SAMPLE",
  INCONCLUSIVE: "INCONCLUSIVE",
} as const;

export type DecisionReasonCode = (typeof DECISION_REASONS)[keyof typeof DECISION_REASONS];

export interface DecisionReason {
  code: DecisionReasonCode;
  message: string;
  armKey?: string;
}

export interface GuardrailResult {
  metric: string;
  direction: MetricDirection;
  maxRelativeDrop: number;
  kind: "proportion" | "mean" | "missing";
  code: StatsCode;
  variantValue: number;
  controlValue: number;
  /** (variant − control) / |control|; null when the control value is 0. */
  relativeChange: number | null;
  /** Interval of the difference variant − control (Newcombe or Welch). */
  differenceInterval: Interval;
  /** Worsening in the metric's bad direction relative to |control| (negative = improvement); null when the control value is 0. */
  relativeWorsening: number | null;
  /** Raw p of the method in use (always-valid or fixed), and after the family-wise adjustment. */
  pValue: number;
  adjustedPValue: number;
  alwaysValidP: number;
  status: "pass" | "warn" | "fail" | "missing";
}

export interface ArmComparison {
  metric: PrimaryMetric;
  controlValue: number;
  variantValue: number;
  /** variant − control on the primary metric. */
  difference: number;
  /** Newcombe interval (rates) or Welch interval (revenue) of the difference. */
  differenceInterval: Interval;
  relativeLift: { code: StatsCode; lift: number; interval: Interval };
  zTest: { code: StatsCode; z: number; pValue: number };
  chiSquare: { code: StatsCode; statistic: number; pValue: number };
  chiSquareYates: { code: StatsCode; statistic: number; pValue: number };
  /** Null when skipped: the smallest margin is above FISHER_MAX_MARGIN (χ² is exact enough there). */
  fisher: { code: StatsCode; oddsRatio: number; pValue: number } | null;
  /** Some expected cell of the conversion table is below 5. */
  smallCounts: boolean;
  welch: WelchTTest | null;
  bayesian: { code: StatsCode; probabilityToBeatControl: number; expectedLossChoosingVariant: number; expectedLossChoosingControl: number };
  sequential: SequentialResult;
  fixedTest: "z" | "fisher" | "welch";
  fixedPValue: number;
  /** The p used for the decision (sequential or fixed), before and after adjustment. */
  pValue: number;
  adjustedPValue: number;
  significant: boolean;
  direction: "better" | "worse" | "none";
  meetsMinLift: boolean;
  /** Upper bound of the difference in use (sequence or fixed interval) relative to |control|; null when the control value is 0. */
  liftUpperBound: number | null;
  futile: boolean;
  guardrails: GuardrailResult[];
}

export interface ArmReport {
  key: string;
  isControl: boolean;
  units: number;
  conversions: number;
  rate: RateInterval;
  revenueMean: number | null;
  vsControl: ArmComparison | null;
}

export interface DecisionResult {
  decision: ExperimentDecision;
  winnerArmKey: string | null;
  reasons: DecisionReason[];
  srm: SampleRatioMismatch;
  perArm: ArmReport[];
  alwaysValidP: Record<string, number>;
  config: Required<Omit<DecisionConfig, "maxSamplePerArm" | "sequentialTau" | "prior" | "previousAlwaysValidP">> & {
    maxSamplePerArm: number | null;
    sequentialTau: number | null;
  };
}

/** Fisher's exact sum costs O(smallest margin); above this χ² and Fisher agree closely and Fisher is skipped. */
export const FISHER_MAX_MARGIN = 20_000;

const METRIC_LABELS: Record<PrimaryMetric, string> = {
  replied: "reply rate",
  booked: "booking rate",
  showed: "show rate",
  converted: "conversion rate",
  revenue: "revenue per unit",
};

const pct = (x: number, digits = 1) => `${x >= 0 ? "+" : "−"}${Math.abs(x * 100).toFixed(digits)}%`;
const rateText = (x: number) => `${(x * 100).toFixed(2)}%`;
/** "= 0.012" or "< 0.0001", to follow a p-value's label. */
const pEq = (p: number) => (p < 0.0001 ? "< 0.0001" : `= ${p.toPrecision(2)}`);
const valueText = (metric: PrimaryMetric | "mean" | "rate", x: number) => (metric === "revenue" || metric === "mean" ? x.toFixed(2) : rateText(x));

function validate(input: DecisionInput): string[] {
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

function resolveConfig(config: DecisionConfig): DecisionResult["config"] {
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
function sequentialOptions(config: DecisionConfig, resolved: DecisionResult["config"], key: string) {
  const previous = config.previousAlwaysValidP?.[key];
  return {
    alpha: resolved.alpha,
    tau: resolved.sequentialTau ?? undefined,
    tuningSampleSize: resolved.sequentialTuningSampleSize,
    previousAlwaysValidP: previous !== undefined && previous >= 0 && previous <= 1 ? previous : undefined,
  };
}

/** Fixed-horizon tests on a 2×2 conversion table: z, χ² ± Yates, Fisher (when affordable), and which p is primary. */
function countTests(v: ProportionStats, c: ProportionStats) {
  const table = tableFromProportions(v, c);
  const z = twoProportionZTest(v, c);
  const chi = chiSquare2x2(table);
  const yates = chiSquare2x2(table, { yates: true });
  const e = chi.expected;
  const smallCounts = chi.code === STATS_CODES.OK && Math.min(e.a, e.b, e.c, e.d) < 5;
  const smallestMargin = Math.min(table.a + table.b, table.c + table.d, table.a + table.c, table.b + table.d);
  const fisher = smallestMargin <= FISHER_MAX_MARGIN && Number.isInteger(v.successes) && Number.isInteger(c.successes) ? fisherExact(table) : null;
  const useFisher = smallCounts && fisher !== null;
  return {
    zTest: { code: z.code, z: z.z, pValue: z.pValue },
    chiSquare: { code: chi.code, statistic: chi.statistic, pValue: chi.pValue },
    chiSquareYates: { code: yates.code, statistic: yates.statistic, pValue: yates.pValue },
    fisher: fisher ? { code: fisher.code, oddsRatio: fisher.oddsRatio, pValue: fisher.pValue } : null,
    smallCounts,
    fixedTest: (useFisher ? "fisher" : "z") as "fisher" | "z",
    fixedPValue: useFisher ? fisher.pValue : z.pValue,
  };
}

interface PendingGuardrail extends Omit<GuardrailResult, "adjustedPValue" | "status"> {
  worseAbsolute: number;
}

function guardrailFor(
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

  const pLabel = `${family.length > 1 ? `${resolved.correction === "holm" ? "Holm" : "BH"}-adjusted ` : ""}${resolved.method === "sequential" ? "always-valid p" : "p"}`;
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
