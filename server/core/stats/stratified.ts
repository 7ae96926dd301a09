/**
 * Stratified 2×2 analysis: is an association (e.g. "has trait → converts") still there once
 * we compare like with like within strata (industry, channel, month)? Mantel–Haenszel pooled
 * odds ratio, the Cochran–Mantel–Haenszel test, the Breslow–Day homogeneity test, the raw
 * (collapsed-table) odds ratio, and a confounding verdict comparing the two.
 *
 * Domain rules:
 * - Each stratum is `[[a, b], [c, d]]` (see `types.ts`); weighted counts are allowed.
 * - Strata with fewer than 2 units carry no information and are skipped (they add 0 to every
 *   sum below; statsmodels would divide 0 by 0 on them). Breslow–Day also skips strata with an
 *   empty row or column, whose conditional distribution is a single point.
 * - Degenerate data return the no-effect default (odds ratio 1, interval [1, 1], statistic 0,
 *   p 1) with a code, never NaN.
 */
import { chiSquareSf, zCritical } from "./distributions";
import { STATS_CODES, type Interval, type StatsCode } from "./messages";
import { addTables, isValidTable, type Table2x2 } from "./types";

export interface OddsRatioResult {
  code: StatsCode;
  oddsRatio: number;
  logOddsRatio: number;
  /** Standard error of the log odds ratio. */
  logSe: number;
  /** exp(ln OR ± z·se). */
  interval: Interval;
}

const NO_OR = { oddsRatio: 1, logOddsRatio: 0, logSe: 0, interval: { lower: 1, upper: 1 } };

function informative(strata: readonly Table2x2[]): Table2x2[] {
  return strata.filter((t) => t.a + t.b + t.c + t.d >= 2);
}

function logInterval(lor: number, se: number, alpha: number): Interval {
  const half = zCritical(alpha) * se;
  return { lower: Math.exp(lor - half), upper: Math.exp(lor + half) };
}

/**
 * Odds ratio of one (e.g. the collapsed) table with Woolf's interval: se = √(1/a + 1/b + 1/c + 1/d)
 * (statsmodels `Table2x2(t, shift_zeros=False).oddsratio_confint()`). With `haldane`, 0.5 is added
 * to every cell when any cell is zero (Haldane–Anscombe; note statsmodels' `shift_zeros=True` instead
 * replaces only the zero cells by 0.5); without it a zero cell → ZERO_CELL.
 */
export function oddsRatio(table: Table2x2, options: { alpha?: number; haldane?: boolean } = {}): OddsRatioResult {
  if (!isValidTable(table)) return { code: STATS_CODES.INVALID_INPUT, ...NO_OR };
  let { a, b, c, d } = table;
  if (a + b + c + d === 0) return { code: STATS_CODES.NO_DATA, ...NO_OR };
  if (a === 0 || b === 0 || c === 0 || d === 0) {
    if (!options.haldane) return { code: STATS_CODES.ZERO_CELL, ...NO_OR };
    [a, b, c, d] = [a + 0.5, b + 0.5, c + 0.5, d + 0.5];
  }
  const lor = Math.log(a) + Math.log(d) - Math.log(b) - Math.log(c);
  const se = Math.sqrt(1 / a + 1 / b + 1 / c + 1 / d);
  return { code: STATS_CODES.OK, oddsRatio: Math.exp(lor), logOddsRatio: lor, logSe: se, interval: logInterval(lor, se, options.alpha ?? 0.05) };
}

/** Raw odds ratio of the strata collapsed into one table (what an unstratified analysis sees). */
export function rawOddsRatio(strata: readonly Table2x2[], options: { alpha?: number; haldane?: boolean } = {}): OddsRatioResult {
  if (strata.length === 0) return { code: STATS_CODES.NO_DATA, ...NO_OR };
  return oddsRatio(strata.reduce(addTables), options);
}

/**
 * Mantel–Haenszel pooled odds ratio Σ(aᵢdᵢ/nᵢ) / Σ(bᵢcᵢ/nᵢ) with the Robins–Breslow–Greenland (1986)
 * variance of its log (statsmodels `StratifiedTable.oddsratio_pooled`, `logodds_pooled_se`,
 * `oddsratio_pooled_confint`). With Pᵢ = (a+d)/n, Qᵢ = (b+c)/n, Rᵢ = ad/n, Sᵢ = bc/n:
 * Var = ΣPR/(2R₊²) + Σ(PS + QR)/(2R₊S₊) + ΣQS/(2S₊²).
 * R₊ = 0 or S₊ = 0 (the odds ratio is 0 or ∞) → ZERO_CELL.
 */
export function mantelHaenszelOddsRatio(strata: readonly Table2x2[], options: { alpha?: number } = {}): OddsRatioResult {
  if (!strata.every(isValidTable)) return { code: STATS_CODES.INVALID_INPUT, ...NO_OR };
  const used = informative(strata);
  if (used.length === 0) return { code: STATS_CODES.NO_DATA, ...NO_OR };
  let rSum = 0;
  let sSum = 0;
  let pr = 0;
  let psqr = 0;
  let qs = 0;
  for (const { a, b, c, d } of used) {
    const n = a + b + c + d;
    const p = (a + d) / n;
    const q = 1 - p;
    const r = (a * d) / n;
    const s = (b * c) / n;
    rSum += r;
    sSum += s;
    pr += p * r;
    psqr += p * s + q * r;
    qs += q * s;
  }
  if (!(rSum > 0) || !(sSum > 0)) return { code: STATS_CODES.ZERO_CELL, ...NO_OR };
  const variance = (pr / (rSum * rSum) + psqr / (rSum * sSum) + qs / (sSum * sSum)) / 2;
  const lor = Math.log(rSum) - Math.log(sSum);
  const se = Math.sqrt(variance);
  return { code: STATS_CODES.OK, oddsRatio: rSum / sSum, logOddsRatio: lor, logSe: se, interval: logInterval(lor, se, options.alpha ?? 0.05) };
}

export interface StratifiedTestResult {
  code: StatsCode;
  statistic: number;
  pValue: number;
  dof: number;
}

/**
 * Cochran–Mantel–Haenszel test that the common odds ratio is 1 (statsmodels
 * `StratifiedTable(strata).test_null_odds(correction)`): (|Σ(aᵢ − E aᵢ)| − cc)² / ΣVar aᵢ with
 * E aᵢ = (a+b)(a+c)/n and Var aᵢ = (a+b)(c+d)(a+c)(b+d) / (n²(n−1)), on 1 dof.
 * With `correction` cc = min(0.5, |Σ(a − E a)|) (statsmodels subtracts 0.5 unconditionally, which
 * differs only when |Σ(a − E a)| < 0.5). Zero total variance → ZERO_VARIANCE.
 */
export function cochranMantelHaenszel(strata: readonly Table2x2[], options: { correction?: boolean } = {}): StratifiedTestResult {
  const none = { statistic: 0, pValue: 1, dof: 1 };
  if (!strata.every(isValidTable)) return { code: STATS_CODES.INVALID_INPUT, ...none };
  const used = informative(strata);
  if (used.length === 0) return { code: STATS_CODES.NO_DATA, ...none };
  let delta = 0;
  let variance = 0;
  for (const { a, b, c, d } of used) {
    const n = a + b + c + d;
    delta += a - ((a + b) * (a + c)) / n;
    variance += ((a + b) * (c + d) * (a + c) * (b + d)) / (n * n * (n - 1));
  }
  if (!(variance > 0)) return { code: STATS_CODES.ZERO_VARIANCE, ...none };
  let dev = Math.abs(delta);
  if (options.correction) dev -= Math.min(0.5, dev);
  const statistic = (dev * dev) / variance;
  return { code: STATS_CODES.OK, statistic, pValue: chiSquareSf(statistic, 1), dof: 1 };
}

/**
 * Breslow–Day test that all strata share one odds ratio (statsmodels
 * `StratifiedTable.test_equal_odds(adjust)`), on K − 1 dof for K informative strata. Under the
 * MH odds ratio ψ, the expected top-left cell eᵢ solves (e(d − a + e))/((a+b−e)(a+c−e)) = ψ (the
 * root inside the margins; computed in the cancellation-free form), with variance
 * 1/(1/e + 1/(a+c−e) + 1/(a+b−e) + 1/(d−a+e)). `adjust` applies Tarone's correction.
 * Fewer than 2 informative strata → INSUFFICIENT_DATA; MH odds ratio 0 or ∞ → ZERO_CELL.
 */
export function breslowDay(strata: readonly Table2x2[], options: { adjust?: boolean } = {}): StratifiedTestResult {
  const none = { statistic: 0, pValue: 1, dof: 0 };
  if (!strata.every(isValidTable)) return { code: STATS_CODES.INVALID_INPUT, ...none };
  const used = informative(strata).filter((t) => t.a + t.b > 0 && t.c + t.d > 0 && t.a + t.c > 0 && t.b + t.d > 0);
  if (used.length < 2) return { code: used.length === 0 ? STATS_CODES.NO_DATA : STATS_CODES.INSUFFICIENT_DATA, ...none };
  const mh = mantelHaenszelOddsRatio(used);
  if (mh.code !== STATS_CODES.OK) return { code: mh.code, ...none };
  const psi = mh.oddsRatio;
  let statistic = 0;
  let sumObserved = 0;
  let sumExpected = 0;
  let sumVariance = 0;
  for (const { a, b, c, d } of used) {
    const apb = a + b;
    const apc = a + c;
    const dma = d - a;
    const qa = 1 - psi;
    const qb = psi * (apb + apc) + dma;
    const qc = -psi * apb * apc;
    const root = Math.sqrt(Math.max(0, qb * qb - 4 * qa * qc));
    // Root (−b + √disc)/(2a) of a·e² + b·e + c, written as 2c/(−b − √disc) when b ≥ 0 to avoid cancellation.
    const e = qb >= 0 ? (2 * qc) / (-qb - root) : (-qb + root) / (2 * qa);
    const v = 1 / (1 / e + 1 / (apc - e) + 1 / (apb - e) + 1 / (dma + e));
    statistic += ((a - e) * (a - e)) / v;
    sumObserved += a;
    sumExpected += e;
    sumVariance += v;
  }
  if (options.adjust) statistic -= (sumObserved - sumExpected) ** 2 / sumVariance;
  const dof = used.length - 1;
  return { code: STATS_CODES.OK, statistic, pValue: chiSquareSf(statistic, dof), dof };
}

export type ConfoundingVerdict = "consistent" | "attenuated" | "reversed" | "amplified";

export interface ConfoundingCheck {
  /** OK when both odds ratios could be estimated; otherwise the first failing code and verdict "consistent". */
  code: StatsCode;
  raw: OddsRatioResult;
  mantelHaenszel: OddsRatioResult;
  /** Breslow–Day test: a small p means the strata disagree, so one pooled OR summarises them poorly. */
  homogeneity: StratifiedTestResult;
  /** MH OR / raw OR (1 = stratifying changed nothing). */
  changeInEstimate: number;
  verdict: ConfoundingVerdict;
}

const excludesOne = (i: Interval) => i.lower > 1 || i.upper < 1;

/**
 * Compares the raw (collapsed) and the Mantel–Haenszel odds ratios, in this order:
 * - "reversed": the two lie on opposite sides of 1 and the MH interval excludes 1 (Simpson's paradox);
 * - "attenuated": the raw interval excludes 1 and MH moved toward 1 or past it: on the other side, or
 *   on the same side but closer to 1 by more than `changeThreshold` (default 0.1, the usual 10%
 *   change-in-estimate rule);
 * - "amplified": the MH interval excludes 1 and MH lies on the same side, further from 1 by more
 *   than `changeThreshold`;
 * - "consistent": otherwise. Confounding is judged by how far the estimate moves, not by an
 *   interval crossing 1: an odds ratio of 0.46 both ways is not "explained" by the strata because
 *   stratifying cost the precision that took its interval from 0.99 to 1.00.
 * The raw OR uses Haldane's correction by default (`haldane: true`) so a zero cell in the collapsed table
 * still gives a finite estimate.
 */
export function confoundingCheck(
  strata: readonly Table2x2[],
  options: { alpha?: number; haldane?: boolean; changeThreshold?: number } = {},
): ConfoundingCheck {
  const raw = rawOddsRatio(strata, { alpha: options.alpha, haldane: options.haldane ?? true });
  const mantelHaenszel = mantelHaenszelOddsRatio(strata, { alpha: options.alpha });
  const homogeneity = breslowDay(strata);
  const code = raw.code !== STATS_CODES.OK ? raw.code : mantelHaenszel.code;
  if (code !== STATS_CODES.OK) return { code, raw, mantelHaenszel, homogeneity, changeInEstimate: 1, verdict: "consistent" };
  const lr = raw.logOddsRatio;
  const lm = mantelHaenszel.logOddsRatio;
  const margin = Math.log(1 + (options.changeThreshold ?? 0.1));
  const sameSide = Math.sign(lr) === Math.sign(lm) || lr === 0 || lm === 0;
  const rawSig = excludesOne(raw.interval);
  const mhSig = excludesOne(mantelHaenszel.interval);
  let verdict: ConfoundingVerdict = "consistent";
  if (!sameSide && mhSig) verdict = "reversed";
  else if (rawSig && (!sameSide || Math.abs(lr) - Math.abs(lm) > margin)) verdict = "attenuated";
  else if (mhSig && sameSide && Math.abs(lm) - Math.abs(lr) > margin) verdict = "amplified";
  return { code, raw, mantelHaenszel, homogeneity, changeInEstimate: Math.exp(lm - lr), verdict };
}

/**
 * A "consistent" verdict whose raw and stratified odds ratios lie on opposite sides of 1, each by
 * more than the change-in-estimate margin: no reversal can be called (the stratified interval
 * covers 1), but the effect does not hold either, and the raw direction must not be read.
 */
export function flipsWithoutReversal(check: Pick<ConfoundingCheck, "verdict" | "raw" | "mantelHaenszel">, changeThreshold = 0.1): boolean {
  const margin = Math.log(1 + changeThreshold);
  const lr = check.raw.logOddsRatio;
  const lm = check.mantelHaenszel.logOddsRatio;
  return check.verdict === "consistent" && lr * lm < 0 && Math.abs(lr) > margin && Math.abs(lm) > margin;
}
