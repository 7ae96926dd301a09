/**
 * The cohort analysis's options and result types, and the small helpers (sum, id order, median)
 * its modules share, so that they import one another in one direction only.
 */
import type { CallStage } from "../records";
import type { TranscriptAnalysis } from "./transcript";

export interface CohortCall {
  id: string;
  score: number;
  showed: boolean;
  commitmentScore: number | null;
  analysis: TranscriptAnalysis;
  /**
   * The seed's `outcome_tracked`: the appointment's show-up or no-show is known. False leaves the
   * call out (a declined call, or an appointment still ahead); omitted means the caller chose the calls.
   */
  outcomeTracked?: boolean;
}

export interface CohortOptions {
  /** Fewest calls on each side of any comparison. */
  minGroup: number;
  /** Fewest calls (both sides together) that must use a phrase or sentence before it is tested… */
  minPhraseCalls: number;
  /** …and the smallest share of the calls that reached the stage: a line almost nobody says is no pattern to replicate. */
  minPhraseShare: number;
  alpha: number;
  /** Winners and losers listed per stage, comparison and kind. */
  phrasesPerStage: number;
  /** a₀ of the log-odds prior, in pseudo-calls at the term's overall share. */
  priorStrength: number;
}

export const DEFAULT_COHORT_OPTIONS: CohortOptions = { minGroup: 20, minPhraseCalls: 10, minPhraseShare: 0.01, alpha: 0.05, phrasesPerStage: 5, priorStrength: 50 };

export type Versus = "rest" | "bottom";
export const VERSUS: readonly Versus[] = ["rest", "bottom"];

export interface Interval {
  lower: number;
  upper: number;
}

export interface GroupSummary {
  count: number;
  averageScore: number | null;
  /** Top: its lowest score (the seed's threshold); bottom: its highest; rest: null. */
  threshold: number | null;
  showUpRate: number | null;
  averageCommitment: number | null;
}

export interface LanguageSide {
  calls: number;
  reached: number;
  share: number;
}

export interface LanguageFinding {
  stage: CallStage;
  kind: "phrase" | "sentence";
  versus: Versus;
  /** The phrase, or the sentence with names, dates, times and numbers as placeholders. */
  text: string;
  /** The agent sentence that most often carries it in the group that uses it more. */
  example: string | null;
  /** Other terms used in exactly the same calls (fragments of the same sentence). */
  aliases: number;
  top: LanguageSide;
  other: LanguageSide;
  logOdds: number;
  logOddsInterval: Interval | null;
  z: number;
  p: number;
  q: number;
  significant: boolean;
}

export interface LanguageList {
  winners: LanguageFinding[];
  losers: LanguageFinding[];
}

export interface StageLanguage {
  stage: CallStage;
  reached: { top: number; rest: number; bottom: number };
  /** Significant terms only, folded (a phrase inside a listed one with about the same calls is left out) and capped. */
  phrases: Record<Versus, LanguageList>;
  sentences: Record<Versus, LanguageList>;
}

export interface NumericSummary {
  n: number;
  mean: number | null;
  median: number | null;
  sd: number | null;
}

export type MeasureUnit = "seconds" | "ratio" | "count";

export interface NumericComparison {
  measure: string;
  label: string;
  unit: MeasureUnit;
  versus: Versus;
  top: NumericSummary;
  other: NumericSummary;
  /** Mean of the top minus mean of the other group, with Welch's interval. */
  difference: number;
  interval: Interval;
  t: number;
  df: number;
  p: number;
  q: number;
  hedgesG: number;
  hedgesGInterval: Interval;
  significant: boolean;
}

export interface ProportionSide {
  n: number;
  successes: number;
  share: number;
}

export interface ProportionComparison {
  measure: string;
  label: string;
  /** Which calls the share is taken over. */
  among: string;
  versus: Versus;
  top: ProportionSide;
  other: ProportionSide;
  /** Top share minus the other share, with Newcombe's interval. */
  difference: number;
  interval: Interval;
  /** Top share / other share; null when the other share is 0. */
  relativeRisk: number | null;
  /** The relative risk's interval (`relativeLift`: Katz's log interval, MOVER-R Wilson for small counts); null when either side has no successes. */
  relativeRiskInterval: Interval | null;
  /** Pooled z statistic (its sign is the direction even when Fisher's test gives p). */
  z: number;
  test: "z" | "fisher";
  p: number;
  q: number;
  significant: boolean;
}

export interface SkippedComparison {
  measure: string;
  versus: Versus;
  top: number;
  other: number;
  /** More scored calls needed for both sides to reach minGroup at the current mix; null when a side has none to extrapolate from. */
  needed: number | null;
}

export interface CohortAnalysis {
  totalCalls: number;
  /** Calls left out because their outcome is pending. */
  pendingCalls: number;
  top: GroupSummary;
  rest: GroupSummary;
  bottom: GroupSummary;
  options: CohortOptions;
  /** Set when the top has fewer than minGroup calls: nothing is compared. */
  insufficient: { needed: number; minimum: number; message: string } | null;
  /** The top cohort's median talk ratio, the reference of `talkRatioDistance`. */
  topTalkRatioMedian: number | null;
  language: StageLanguage[];
  /** Every significant language finding, unfolded and uncapped, strongest first. */
  languageFindings: LanguageFinding[];
  structure: NumericComparison[];
  behaviour: ProportionComparison[];
  skipped: SkippedComparison[];
  /** Size of the BH family. */
  tests: number;
}

export const sum = (values: readonly number[]) => values.reduce((s, v) => s + v, 0);
export const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Group of a call: 0 top, 1 middle (rest but not bottom), 2 bottom. */
export type Group = 0 | 1 | 2;
