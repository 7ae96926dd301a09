/**
 * Always-valid inference for a difference of two rates or two means: the normal-mixture
 * sequential probability ratio test (mSPRT) of Johari, Pekelis & Walsh (2017, "Always valid
 * inference: continuous monitoring of A/B tests") and its confidence sequence. Operators may
 * look after every batch and stop whenever the p-value drops below α: the chance that it ever
 * does under no effect stays ≤ α, however often they look.
 *
 * Domain rules:
 * - θ̂ is variant − control; V is its unpooled variance (p̂(1−p̂)/n summed over the arms for
 *   rates, s²/n summed for means). With a N(0, τ²) mixture over the true difference θ, the
 *   mixture likelihood ratio against θ = 0 is
 *     Λ = √(V/(V+τ²)) · exp(τ²·θ̂² / (2V(V+τ²))),
 *   this look's p-value is min(1, 1/Λ) and the always-valid p-value is the running minimum over
 *   looks (`previousAlwaysValidP` carries it between calls; the series functions take all looks).
 * - The matching (1 − α) confidence sequence, the θ₀ with Λ(θ₀) < 1/α, is
 *     θ̂ ± √( V(V+τ²)/τ² · (2·ln(1/α) + ln((V+τ²)/V)) ),
 *   and the running interval is its intersection over looks. The always-valid p is < α exactly
 *   when 0 is outside that running interval. (If the intersection would be empty, possible only
 *   when the effect or the plug-in variance drifts, the current look's interval is kept.)
 * - τ: pass `tau` (in the difference's own units, e.g. 0.01 = one percentage point) to fix the
 *   mixture. By default τ² = ρ²·N·V, the mixture over the standardised effect θ/σ used by
 *   GrowthBook (Howard et al. 2021): N = n_variant + n_control and
 *     ρ² = (−2·ln α + ln(1 − 2·ln α)) / N*,
 *   which makes the confidence sequence narrowest at N = N* = `tuningSampleSize` total units
 *   (default 5000, GrowthBook's default). Then τ²/V = ρ²N, so the test is a boundary on
 *   z² = θ̂²/V that depends only on N: scale-free, the same for rates and revenue.
 * - V = 0 (nobody or everybody converted in both arms, or no spread in either mean) →
 *   ZERO_VARIANCE; either n = 0 → NO_DATA; means with n < 2 → INSUFFICIENT_DATA. These looks
 *   carry the previous always-valid p (1 when none) and report the interval [θ̂, θ̂].
 */
import { STATS_CODES, type Interval, type StatsCode } from "./messages";
import { isValidProportion, type ProportionStats } from "./types";
import { isValidMeanStats, meanOf, sampleVariance, type MeanStats } from "./welch";

/** GrowthBook's default tuning sample size N* (total units over both arms). */
export const DEFAULT_TUNING_SAMPLE_SIZE = 5000;

export interface SequentialOptions {
  /** 1 − coverage of the confidence sequence, and the level the p-value is compared with. Default 0.05. */
  alpha?: number;
  /** Fixed mixture sd τ on the difference scale; overrides the tuning. */
  tau?: number;
  /** N*: total units (both arms) at which the default mixture makes the interval narrowest. Default 5000. */
  tuningSampleSize?: number;
}

export interface SequentialCarry {
  /** The always-valid p-value after the previous look (the running minimum); 1 or absent at the first look. */
  previousAlwaysValidP?: number;
  /**
   * The running confidence sequence after the previous look: the `runningInterval` of the last
   * look whose code was OK (a degenerate look's interval is a placeholder; do not carry it).
   */
  previousInterval?: Interval;
}

export interface SequentialResult {
  code: StatsCode;
  /** θ̂ = variant − control. */
  difference: number;
  /** V, the variance of θ̂. */
  variance: number;
  /** The mixture variance τ² used at this look. */
  tau2: number;
  /** ln Λ (0 for degenerate looks). */
  logLikelihoodRatio: number;
  /** This look's p-value min(1, 1/Λ). */
  pValue: number;
  /** Running minimum of the p-values, including the carried one. */
  alwaysValidP: number;
  /** This look's (1 − α) confidence sequence interval. */
  interval: Interval;
  /** Intersection with the carried interval (this look's interval at the first look). */
  runningInterval: Interval;
  /** alwaysValidP < α. */
  significant: boolean;
}

/** ρ of the default mixture: √((−2·ln α + ln(1 − 2·ln α)) / N*). */
export function sequentialTuningRho(alpha = 0.05, tuningSampleSize = DEFAULT_TUNING_SAMPLE_SIZE): number {
  const l = -2 * Math.log(alpha);
  return Math.sqrt((l + Math.log(1 + l)) / tuningSampleSize);
}

export interface MixtureSprt {
  logLikelihoodRatio: number;
  pValue: number;
  interval: Interval;
}

/**
 * The mSPRT at one look from θ̂, V > 0 and τ² > 0 (see the file comment): ln Λ, min(1, 1/Λ) and
 * the confidence-sequence interval. Computed in logs, so Λ never overflows.
 */
export function mixtureSprt(difference: number, variance: number, tau2: number, alpha = 0.05): MixtureSprt {
  const ratio = tau2 / variance; // τ²/V
  const logLikelihoodRatio = -0.5 * Math.log1p(ratio) + (ratio / (1 + ratio)) * ((difference * difference) / (2 * variance));
  const pValue = Math.min(1, Math.exp(-logLikelihoodRatio));
  const half = Math.sqrt(variance * (1 + 1 / ratio) * (-2 * Math.log(alpha) + Math.log1p(ratio)));
  return { logLikelihoodRatio, pValue, interval: { lower: difference - half, upper: difference + half } };
}

function validOptions(options: SequentialOptions): boolean {
  const alpha = options.alpha ?? 0.05;
  const nStar = options.tuningSampleSize ?? DEFAULT_TUNING_SAMPLE_SIZE;
  return alpha > 0 && alpha < 1 && nStar > 0 && Number.isFinite(nStar) && (options.tau === undefined || (options.tau > 0 && Number.isFinite(options.tau)));
}

function carriedP(carry: SequentialCarry): number {
  const p = carry.previousAlwaysValidP;
  return p !== undefined && p >= 0 && p <= 1 ? p : 1;
}

function carriedInterval(carry: SequentialCarry): Interval | null {
  const i = carry.previousInterval;
  return i && Number.isFinite(i.lower) && Number.isFinite(i.upper) && i.lower <= i.upper ? i : null;
}

/** One look from θ̂, V and total units N, with the carried state. */
function look(difference: number, variance: number, totalUnits: number, options: SequentialOptions, carry: SequentialCarry): SequentialResult {
  const alpha = options.alpha ?? 0.05;
  const previousP = carriedP(carry);
  const previousInterval = carriedInterval(carry);
  if (!(variance > 0)) {
    const point = { lower: difference, upper: difference };
    return degenerate(STATS_CODES.ZERO_VARIANCE, difference, previousP, point, previousInterval ?? point, alpha);
  }
  const tau2 = options.tau !== undefined ? options.tau * options.tau : sequentialTuningRho(alpha, options.tuningSampleSize) ** 2 * totalUnits * variance;
  const m = mixtureSprt(difference, variance, tau2, alpha);
  const alwaysValidP = Math.min(previousP, m.pValue);
  let runningInterval = m.interval;
  if (previousInterval) {
    const lower = Math.max(previousInterval.lower, m.interval.lower);
    const upper = Math.min(previousInterval.upper, m.interval.upper);
    if (lower <= upper) runningInterval = { lower, upper };
  }
  return {
    code: STATS_CODES.OK,
    difference,
    variance,
    tau2,
    logLikelihoodRatio: m.logLikelihoodRatio,
    pValue: m.pValue,
    alwaysValidP,
    interval: m.interval,
    runningInterval,
    significant: alwaysValidP < alpha,
  };
}

function degenerate(code: StatsCode, difference: number, previousP: number, interval: Interval, runningInterval: Interval, alpha: number): SequentialResult {
  return { code, difference, variance: 0, tau2: 0, logLikelihoodRatio: 0, pValue: 1, alwaysValidP: previousP, interval, runningInterval, significant: previousP < alpha };
}

/** mSPRT of p_variant − p_control at one look (see the file comment), carrying the previous always-valid p and interval. */
export function sequentialProportionTest(
  variant: ProportionStats,
  control: ProportionStats,
  options: SequentialOptions & SequentialCarry = {},
): SequentialResult {
  const alpha = options.alpha ?? 0.05;
  const previousP = carriedP(options);
  const zero = { lower: 0, upper: 0 };
  const previousInterval = carriedInterval(options) ?? zero;
  if (!isValidProportion(variant) || !isValidProportion(control) || !validOptions(options)) {
    return degenerate(STATS_CODES.INVALID_INPUT, 0, previousP, zero, previousInterval, alpha);
  }
  if (variant.trials === 0 || control.trials === 0) return degenerate(STATS_CODES.NO_DATA, 0, previousP, zero, previousInterval, alpha);
  const pv = variant.successes / variant.trials;
  const pc = control.successes / control.trials;
  const variance = (pv * (1 - pv)) / variant.trials + (pc * (1 - pc)) / control.trials;
  return look(pv - pc, variance, variant.trials + control.trials, options, options);
}

/** mSPRT of mean_variant − mean_control at one look (see the file comment). */
export function sequentialMeanTest(variant: MeanStats, control: MeanStats, options: SequentialOptions & SequentialCarry = {}): SequentialResult {
  const alpha = options.alpha ?? 0.05;
  const previousP = carriedP(options);
  const zero = { lower: 0, upper: 0 };
  const previousInterval = carriedInterval(options) ?? zero;
  if (!isValidMeanStats(variant) || !isValidMeanStats(control) || !validOptions(options)) {
    return degenerate(STATS_CODES.INVALID_INPUT, 0, previousP, zero, previousInterval, alpha);
  }
  if (variant.n === 0 || control.n === 0) return degenerate(STATS_CODES.NO_DATA, 0, previousP, zero, previousInterval, alpha);
  const difference = meanOf(variant) - meanOf(control);
  if (variant.n < 2 || control.n < 2) {
    const point = { lower: difference, upper: difference };
    return degenerate(STATS_CODES.INSUFFICIENT_DATA, difference, previousP, point, carriedInterval(options) ?? point, alpha);
  }
  const variance = sampleVariance(variant) / variant.n + sampleVariance(control) / control.n;
  return look(difference, variance, variant.n + control.n, options, options);
}

export interface SequentialSeries {
  /** One result per look, each carrying the state of the looks before it. */
  looks: SequentialResult[];
  /** The always-valid p-value after the last look (1 with no looks). */
  alwaysValidP: number;
  /** The running confidence sequence after the last look ([0, 0] with no looks). */
  interval: Interval;
}

function series<T>(looks: readonly { variant: T; control: T }[], test: (v: T, c: T, o: SequentialOptions & SequentialCarry) => SequentialResult, options: SequentialOptions): SequentialSeries {
  const results: SequentialResult[] = [];
  let carry: SequentialCarry = {};
  for (const l of looks) {
    const r = test(l.variant, l.control, { ...options, ...carry });
    results.push(r);
    carry = { previousAlwaysValidP: r.alwaysValidP, previousInterval: r.code === STATS_CODES.OK || carry.previousInterval ? r.runningInterval : undefined };
  }
  const last = results[results.length - 1];
  return { looks: results, alwaysValidP: last ? last.alwaysValidP : 1, interval: last ? last.runningInterval : { lower: 0, upper: 0 } };
}

/** The mSPRT over a series of looks at cumulative counts (each look's totals so far, in time order). */
export function sequentialProportionSeries(looks: readonly { variant: ProportionStats; control: ProportionStats }[], options: SequentialOptions = {}): SequentialSeries {
  return series(looks, sequentialProportionTest, options);
}

/** The mSPRT over a series of looks at cumulative mean statistics. */
export function sequentialMeanSeries(looks: readonly { variant: MeanStats; control: MeanStats }[], options: SequentialOptions = {}): SequentialSeries {
  return series(looks, sequentialMeanTest, options);
}
