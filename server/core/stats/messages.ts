/**
 * Result codes for the pure statistics core (`server/core/stats`), in one place as GrowthBook
 * keeps them in `gbstats/messages.py`.
 *
 * Every function in this folder returns a result object with a `code`. `"OK"` means the
 * numbers are the estimate the doc comment describes. Any other code means the data were
 * degenerate for that method: the result still has finite numbers (a "no effect" default:
 * statistic 0, p-value 1, the widest sensible interval), never NaN, so callers can store and
 * chart it; they should show the message instead of the estimate.
 */

export const STATS_CODES = {
  OK: "OK",
  /** No observations at all (n = 0, an empty list, an empty stratum set). */
  NO_DATA: "NO_DATA",
  /** Too few observations for the method (e.g. n ≤ 1 where a variance needs two). */
  INSUFFICIENT_DATA: "INSUFFICIENT_DATA",
  /** The quantity has no spread: all successes, all failures, all values equal. */
  ZERO_VARIANCE: "ZERO_VARIANCE",
  /** A cell the estimator divides by is zero (odds ratio with b·c = 0, log of 0). */
  ZERO_CELL: "ZERO_CELL",
  /** A whole row or column (margin) of a table is zero, so nothing can be compared. */
  ZERO_MARGIN: "ZERO_MARGIN",
  /** Inputs outside the domain (negative counts, p-values outside [0, 1], mismatched lengths). */
  INVALID_INPUT: "INVALID_INPUT",
  /** An iterative fit stopped at its iteration limit before meeting its tolerance. */
  NOT_CONVERGED: "NOT_CONVERGED",
  /** The requested effect is zero, so no finite sample can detect it. */
  ZERO_EFFECT: "ZERO_EFFECT",
} as const;

export type StatsCode = (typeof STATS_CODES)[keyof typeof STATS_CODES];

/** Human-readable text for each code, for tooltips and API responses. */
export const STATS_MESSAGES: Record<StatsCode, string> = {
  OK: "",
  NO_DATA: "No data yet.",
  INSUFFICIENT_DATA: "Not enough data for this analysis.",
  ZERO_VARIANCE: "No variation in the data: every observation is the same.",
  ZERO_CELL: "A zero count makes this ratio undefined.",
  ZERO_MARGIN: "One group or outcome has no observations.",
  INVALID_INPUT: "The inputs are outside the method's domain.",
  NOT_CONVERGED: "The fit did not converge.",
  ZERO_EFFECT: "A zero effect cannot be detected with any sample size.",
};

/** A closed interval [lower, upper]. */
export interface Interval {
  lower: number;
  upper: number;
}
