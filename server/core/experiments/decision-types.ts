/**
 * The shapes of an experiment decision: the arms and config it reads, the reason codes, and the
 * report it returns (per-arm comparisons with every test, guardrail results, SRM). Shared by the
 * decision modules in this folder and by the dashboard, which renders the stored report.
 */
import type {
  AdjustmentMethod,
  BetaPrior,
  Interval,
  MeanStats,
  ProportionStats,
  RateInterval,
  SampleRatioMismatch,
  SequentialResult,
  StatsCode,
  WelchTTest,
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
