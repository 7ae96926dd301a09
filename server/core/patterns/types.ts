/**
 * The shape of learned conversion patterns, shared by the detectors (server/core/patterns),
 * the store (ConversionPattern rows hold a PatternSet as JSON), the API and the dashboard.
 * Bump PATTERN_SCHEMA_VERSION when a stored shape changes incompatibly.
 */
export const PATTERN_SCHEMA_VERSION = 1;

export const PATTERN_TYPES = ["who", "what", "when", "how"] as const;
export type PatternType = (typeof PATTERN_TYPES)[number];

/** Outcomes a pattern can be learned for; each counts leads (WHO, HOW) or touches (WHAT, WHEN) that reached it. */
export const PATTERN_TARGETS = ["replied", "booked", "showed", "converted"] as const;
export type PatternTarget = (typeof PATTERN_TARGETS)[number];

export interface Interval {
  lower: number;
  upper: number;
  /** e.g. 0.95 */
  level: number;
}

export type ConfoundingVerdict = "consistent" | "attenuated" | "reversed" | "amplified";

/** A reported effect re-checked within strata of a known confounder (Mantel–Haenszel). */
export interface ConfoundingNote {
  confounder: string;
  strata: number;
  rawOddsRatio: number;
  rawInterval: Interval;
  adjustedOddsRatio: number;
  adjustedInterval: Interval;
  verdict: ConfoundingVerdict;
  /** Plain-language reason shown to operators, e.g. "reminders go mostly to leads booked >7 days out, who show less". */
  explanation: string;
}

export interface Finding {
  /** Stable id across computations, used for drift (rank changes): e.g. "industry=SaaS", "phrase=cut your follow-up". */
  key: string;
  /** What was varied: "industry", "company_size", "phrase", "cta", "weekday_hour", "sequence", "channel"… */
  dimension: string;
  value: string;
  label: string;
  /** Units exposed (leads or touches) and how many reached the target. */
  n: number;
  conversions: number;
  rate: number;
  interval: Interval;
  /** Rate of everything else (the comparison group) and the lift over it: rate / restRate. */
  restRate: number;
  lift: number;
  liftInterval?: Interval;
  pValue: number;
  /** Benjamini–Hochberg adjusted over all comparisons of this detector and target. */
  pAdjusted: number;
  /** pAdjusted < alpha, enough sample, and not explained away by a confounder. */
  significant: boolean;
  direction: "positive" | "negative" | "none";
  /** 0–1, see server/core/stats/confidence.ts */
  confidence: number;
  /** Outcomes still needed before this finding may be reported; 0 when it has enough. */
  outcomesNeeded: number;
  /**
   * The value pools the rare values beyond the caps ("(other)"): shown for completeness, never
   * significant, as what it says about any one of its values is unknown.
   */
  pooled?: boolean;
  /**
   * Key of the finding this one mirrors. When a dimension's population holds exactly two values,
   * "A versus the rest" and "B versus the rest" are one comparison seen from both sides (same
   * table, same p, reciprocal lift): it counts once for Benjamini–Hochberg, the side with fewer
   * units carries it, and this other side shows the same test (adjusted p, significance,
   * confidence) in the opposite direction. Lists of findings leave mirrors out.
   */
  mirrorOf?: string;
  /**
   * The value this one was compared with instead of the rest: the control group of an experiment
   * ("No E-Mail"), so each arm reads as its effect over the control. restRate and lift are then the
   * reference's rate and the lift over it.
   */
  reference?: string;
  /** Detector-specific score, e.g. the log-odds z of a phrase. */
  score?: number;
  confounding?: ConfoundingNote;
}

export interface TargetResult {
  target: PatternTarget;
  /** Units analysed and their overall rate (the tenant's base rate for this target). */
  n: number;
  conversions: number;
  baseRate: number;
  findings: Finding[];
}

export interface PatternSet<TDetails = unknown> {
  type: PatternType;
  schemaVersion: number;
  computedAt: string;
  window: { from: string | null; to: string };
  /** Outcomes (conversions of the primary target) the set rests on. */
  sampleSize: number;
  /** 0–1 for the set as a whole. */
  confidence: number;
  results: TargetResult[];
  details: TDetails;
  /** Caveats shown beside the set: sampling, exclusions, minimum-sample warnings. */
  notes: string[];
}

export interface DetectOptions {
  /** Analysis window on the units' own time (lead created, touch sent). */
  from?: Date;
  to: Date;
  targets: PatternTarget[];
  /** Familywise false-discovery level for BH. */
  alpha: number;
  /** Minimum conversions a finding needs before it may be significant. */
  minConversions: number;
  /** Confounders to stratify by: "source", "days_to_appointment", "channel_mix", or a lead attribute (WHO). */
  confounders: string[];
  /**
   * Lead attributes WHO leaves out ("industry", "attributes.duration"): columns known only after
   * the outreach (a call's duration) would explain conversions and score leads on the outcome.
   */
  excludedAttributes?: string[];
}

export const DEFAULT_DETECT_OPTIONS: Omit<DetectOptions, "to"> = {
  targets: ["booked"],
  alpha: 0.05,
  minConversions: 10,
  confounders: ["source", "days_to_appointment", "channel_mix"],
};
