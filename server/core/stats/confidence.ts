/**
 * How much data a pattern needs, and how much to trust it (seed 003's success metrics:
 * "weight convergence after 100 outcomes", "pattern confidence > 0.7 after 200 outcomes").
 *
 * Domain rules:
 * - An outcome is a lead whose funnel has resolved (converted or lost), not a touch.
 * - Confidence = volume(n) × precision(w), in [0, 1]:
 *     volume(n)    = 0.5 · n / m                    for n < m (m = minimum outcomes, default 100)
 *                  = 1 − 0.5 · e^{−(n − m)/τ}       for n ≥ m (τ = 100 by default)
 *     precision(w) = 1 when the interval width w is unknown or ≤ w_target (0.2),
 *                    falling linearly to 0 at w_max (1), the width of an interval that says nothing.
 *   Volume is continuous: 0.5 at the minimum (weights may be used, but only half trusted) and
 *   1 − 0.5/e ≈ 0.816 at 200 outcomes, so a pattern with a reasonably narrow interval passes the
 *   0.7 target there (it first does at 152 outcomes). The product means a pattern needs both
 *   enough outcomes and a narrow enough interval; either alone cannot make it confident.
 * - Widths are in the estimate's own units (for a conversion rate, the Wilson interval width);
 *   pass different `targetWidth`/`maxWidth` for other scales.
 */
import { normalCdf, normalQuantile, normalSf } from "./distributions";
import { STATS_CODES, type StatsCode } from "./messages";

export const SAMPLE_SIZE_RULES = {
  /** Outcomes before learned weights replace the defaults (seed 003: weights converge after 100). */
  minOutcomes: 100,
  /** Outcomes over which the remaining half of the volume term is earned (e-folding scale). */
  volumeScale: 100,
  /** Seed 003's target: confidence above this after 200 outcomes. */
  confidenceTarget: 0.7,
  /** Interval widths at or below this do not reduce confidence. */
  targetWidth: 0.2,
  /** An interval this wide (or wider) gives confidence 0. */
  maxWidth: 1,
} as const;

export type SampleSizeRules = { [K in keyof typeof SAMPLE_SIZE_RULES]: number };

export interface PatternConfidence {
  code: StatsCode;
  confidence: number;
  volume: number;
  precision: number;
  /** Outcomes still needed to reach the minimum (0 once reached). */
  outcomesNeeded: number;
}

/** Outcomes still needed to reach `minimum`: max(0, ⌈minimum − n⌉). */
export function outcomesNeeded(n: number, minimum: number = SAMPLE_SIZE_RULES.minOutcomes): number {
  if (!Number.isFinite(n) || !Number.isFinite(minimum)) return Number.isFinite(minimum) ? Math.max(0, Math.ceil(minimum)) : 0;
  return Math.max(0, Math.ceil(minimum - n));
}

/** The volume term of the confidence score (see the file comment). */
export function volumeScore(n: number, rules: Partial<SampleSizeRules> = {}): number {
  const m = rules.minOutcomes ?? SAMPLE_SIZE_RULES.minOutcomes;
  const tau = rules.volumeScale ?? SAMPLE_SIZE_RULES.volumeScale;
  if (!(n > 0)) return 0;
  if (n < m) return (0.5 * n) / m;
  return 1 - 0.5 * Math.exp(-(n - m) / tau);
}

/** The precision term of the confidence score (see the file comment). */
export function precisionScore(width: number | null | undefined, rules: Partial<SampleSizeRules> = {}): number {
  const target = rules.targetWidth ?? SAMPLE_SIZE_RULES.targetWidth;
  const max = rules.maxWidth ?? SAMPLE_SIZE_RULES.maxWidth;
  if (width === null || width === undefined || width <= target) return 1;
  if (!(width < max)) return 0;
  return (max - width) / (max - target);
}

/**
 * 0–1 confidence of a pattern learned from `outcomes` resolved leads, optionally with the width
 * of its key interval. No outcomes → NO_DATA (confidence 0); below the minimum →
 * INSUFFICIENT_DATA with the (small) score still reported.
 */
export function patternConfidence(
  input: { outcomes: number; intervalWidth?: number | null },
  rules: Partial<SampleSizeRules> = {},
): PatternConfidence {
  const m = rules.minOutcomes ?? SAMPLE_SIZE_RULES.minOutcomes;
  const n = input.outcomes;
  if (!Number.isFinite(n) || n < 0 || (input.intervalWidth != null && !(input.intervalWidth >= 0))) {
    return { code: STATS_CODES.INVALID_INPUT, confidence: 0, volume: 0, precision: 0, outcomesNeeded: outcomesNeeded(0, m) };
  }
  const volume = volumeScore(n, rules);
  const precision = precisionScore(input.intervalWidth, rules);
  const code = n === 0 ? STATS_CODES.NO_DATA : n < m ? STATS_CODES.INSUFFICIENT_DATA : STATS_CODES.OK;
  return { code, confidence: volume * precision, volume, precision, outcomesNeeded: outcomesNeeded(n, m) };
}

/** Smallest whole number of outcomes at which volume(n) ≥ target (∞ for target ≥ 1, 0 for target ≤ 0). */
export function outcomesForConfidence(target: number = SAMPLE_SIZE_RULES.confidenceTarget, rules: Partial<SampleSizeRules> = {}): number {
  const m = rules.minOutcomes ?? SAMPLE_SIZE_RULES.minOutcomes;
  const tau = rules.volumeScale ?? SAMPLE_SIZE_RULES.volumeScale;
  if (!(target > 0)) return 0;
  if (target >= 1) return Infinity;
  if (target <= 0.5) return Math.ceil(2 * target * m);
  return Math.ceil(m + tau * Math.log(0.5 / (1 - target)) - 1e-9);
}

/** Cohen's h = 2·asin(√p₁) − 2·asin(√p₂) (statsmodels `proportion_effectsize(p1, p2)`). */
export function cohensH(p1: number, p2: number): number {
  return 2 * Math.asin(Math.sqrt(p1)) - 2 * Math.asin(Math.sqrt(p2));
}

export interface SampleSizeResult {
  code: StatsCode;
  /** Rate the variant must reach: baseline × (1 + relativeLift). */
  targetRate: number;
  /** Cohen's h of target versus baseline. */
  effectSize: number;
  /** Exact solution for the first (variant) group's size, statsmodels' `nobs1`. */
  nPerGroupExact: number;
  /** ⌈nobs1⌉ and the matching second group ⌈nobs1 × ratio⌉. */
  nGroup1: number;
  nGroup2: number;
  total: number;
}

/**
 * Sample size to detect a relative lift of one rate over a baseline with a normal test on
 * Cohen's h (statsmodels `NormalIndPower().solve_power(effect_size=proportion_effectsize(target,
 * baseline), alpha, power, ratio, alternative)`): solves
 *   Φ̄(c − |h|√ñ) + Φ(−c − |h|√ñ) = power,   ñ = n₁·r/(1 + r),  c = z_{1−α/2}
 * (for "one-sided" the second term is dropped and c = z_{1−α}) by Newton's method to full precision
 * (statsmodels' root finder stops at an absolute tolerance of ~1e-5 in n).
 * Baseline outside (0, 1) or a target rate outside [0, 1] → INVALID_INPUT; zero lift → ZERO_EFFECT
 * with infinite sizes.
 */
export function requiredSampleSize(input: {
  baseline: number;
  relativeLift: number;
  alpha?: number;
  power?: number;
  /** n₂ / n₁. Default 1. */
  ratio?: number;
  alternative?: "two-sided" | "one-sided";
}): SampleSizeResult {
  const { baseline, relativeLift } = input;
  const alpha = input.alpha ?? 0.05;
  const power = input.power ?? 0.8;
  const ratio = input.ratio ?? 1;
  const targetRate = baseline * (1 + relativeLift);
  const base = { targetRate: Number.isFinite(targetRate) ? targetRate : 0, effectSize: 0, nPerGroupExact: Infinity, nGroup1: Infinity, nGroup2: Infinity, total: Infinity };
  if (!(baseline > 0 && baseline < 1) || !(targetRate >= 0 && targetRate <= 1) || !(alpha > 0 && alpha < 1) || !(power > alpha && power < 1) || !(ratio > 0)) {
    return { code: STATS_CODES.INVALID_INPUT, ...base };
  }
  const h = cohensH(targetRate, baseline);
  if (h === 0) return { code: STATS_CODES.ZERO_EFFECT, ...base, effectSize: 0 };
  const d = Math.abs(h);
  const twoSided = (input.alternative ?? "two-sided") === "two-sided";
  const c = twoSided ? -normalQuantile(alpha / 2) : -normalQuantile(alpha);
  const powerAt = (s: number) => normalSf(c - d * s) + (twoSided ? normalCdf(-c - d * s) : 0);
  const slope = (s: number) => d * (normalPdf(c - d * s) - (twoSided ? normalPdf(-c - d * s) : 0));
  // Start from the one-tail closed form, then Newton on s = √ñ (the other tail only adds ~α/2·tiny).
  let s = (c + normalQuantile(power)) / d;
  for (let i = 0; i < 50; i++) {
    const step = (powerAt(s) - power) / slope(s);
    s -= step;
    if (Math.abs(step) <= 1e-15 * Math.abs(s)) break;
  }
  const n1 = (s * s * (1 + ratio)) / ratio;
  const nGroup1 = Math.ceil(n1 - 1e-9);
  const nGroup2 = Math.ceil(nGroup1 * ratio - 1e-9);
  return { code: STATS_CODES.OK, targetRate, effectSize: h, nPerGroupExact: n1, nGroup1, nGroup2, total: nGroup1 + nGroup2 };
}

function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}
