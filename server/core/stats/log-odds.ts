/**
 * Which words (or phrases, CTAs, pain points) distinguish converting messages from the rest?
 * The log-odds ratio with an informative Dirichlet prior of Monroe, Colaresi & Quinn (2008),
 * "Fightin' Words: Lexical Feature Selection and Evaluation for Identifying the Content of
 * Political Conflict", Political Analysis 16(4), eqs. 16–22.
 *
 * For term w with counts yᵢ, yⱼ in groups i and j (totals nᵢ = Σ_w yᵢ, nⱼ) and prior counts α_w
 * (α₀ = Σ_w α_w):
 *   δ̂_w = ln[(yᵢ + α_w) / (nᵢ + α₀ − yᵢ − α_w)] − ln[(yⱼ + α_w) / (nⱼ + α₀ − yⱼ − α_w)]   (eq. 16)
 *   σ²(δ̂_w) ≈ 1/(yᵢ + α_w) + 1/(yⱼ + α_w)                                                 (eq. 20)
 *   z_w = δ̂_w / σ(δ̂_w)                                                                     (eq. 22)
 *
 * Domain rules:
 * - Positive δ̂ / z means the term is over-represented in group i (e.g. "converted").
 * - The prior shrinks rare terms toward 0: a term seen 3 times gets a small |z| even if all 3
 *   uses were in group i, while the same proportion over 300 uses gets a large one. Rank by z,
 *   not by δ̂.
 * - A term whose odds are undefined (yᵢ + α_w = 0 or the remaining mass is 0 in a group: no
 *   prior and no uses) gets δ̂ = 0, σ² = 0, z = 0 and its own code ZERO_CELL.
 */
import { STATS_CODES, type StatsCode } from "./messages";
import { isCount } from "./types";

export interface LogOddsResult {
  code: StatsCode;
  /** δ̂_w per term, in input order. */
  delta: number[];
  /** Approximate variance of δ̂_w per term. */
  variance: number[];
  /** z_w = δ̂_w / √variance. */
  z: number[];
  /** Per-term code (ZERO_CELL where the odds are undefined). */
  termCodes: StatsCode[];
  /** nᵢ, nⱼ and α₀ used. */
  totalI: number;
  totalJ: number;
  alpha0: number;
}

/**
 * Log-odds ratios with an informative Dirichlet prior for parallel arrays of term counts.
 * `countsI`, `countsJ` and `prior` must have the same length (one entry per term).
 * Empty vocabulary or no uses in either group → NO_DATA; negative or mismatched → INVALID_INPUT.
 */
export function logOddsDirichlet(
  countsI: readonly number[],
  countsJ: readonly number[],
  prior: readonly number[],
): LogOddsResult {
  const v = countsI.length;
  const empty = (code: StatsCode): LogOddsResult => ({
    code,
    delta: countsI.map(() => 0),
    variance: countsI.map(() => 0),
    z: countsI.map(() => 0),
    termCodes: countsI.map(() => code),
    totalI: 0,
    totalJ: 0,
    alpha0: 0,
  });
  if (countsJ.length !== v || prior.length !== v || ![...countsI, ...countsJ, ...prior].every(isCount)) {
    return empty(STATS_CODES.INVALID_INPUT);
  }
  const totalI = sum(countsI);
  const totalJ = sum(countsJ);
  const alpha0 = sum(prior);
  if (v === 0 || totalI === 0 || totalJ === 0) return empty(STATS_CODES.NO_DATA);
  const result: LogOddsResult = { ...empty(STATS_CODES.OK), totalI, totalJ, alpha0 };
  for (let w = 0; w < v; w++) {
    const a = prior[w];
    const numI = countsI[w] + a;
    const numJ = countsJ[w] + a;
    const restI = totalI + alpha0 - numI;
    const restJ = totalJ + alpha0 - numJ;
    if (!(numI > 0 && numJ > 0 && restI > 0 && restJ > 0)) {
      result.termCodes[w] = STATS_CODES.ZERO_CELL;
      continue;
    }
    const delta = Math.log(numI) - Math.log(restI) - (Math.log(numJ) - Math.log(restJ));
    const variance = 1 / numI + 1 / numJ;
    result.delta[w] = delta;
    result.variance[w] = variance;
    result.z[w] = delta / Math.sqrt(variance);
    result.termCodes[w] = STATS_CODES.OK;
  }
  return result;
}

export interface TermLogOdds {
  term: string;
  countI: number;
  countJ: number;
  prior: number;
  delta: number;
  variance: number;
  z: number;
  code: StatsCode;
}

/**
 * Keyed convenience over `logOddsDirichlet`: the vocabulary is the union of the keys of the
 * three maps (missing counts are 0). Rows come back sorted by z, highest first (ties by term),
 * so the first rows are group i's most distinctive terms and the last rows group j's.
 */
export function logOddsByTerm(
  countsI: Readonly<Record<string, number>>,
  countsJ: Readonly<Record<string, number>>,
  prior: Readonly<Record<string, number>>,
): { code: StatsCode; terms: TermLogOdds[] } {
  const vocabulary = [...new Set([...Object.keys(countsI), ...Object.keys(countsJ), ...Object.keys(prior)])].sort();
  const yi = vocabulary.map((t) => countsI[t] ?? 0);
  const yj = vocabulary.map((t) => countsJ[t] ?? 0);
  const alpha = vocabulary.map((t) => prior[t] ?? 0);
  const r = logOddsDirichlet(yi, yj, alpha);
  const terms = vocabulary.map((term, w) => ({
    term,
    countI: yi[w],
    countJ: yj[w],
    prior: alpha[w],
    delta: r.delta[w],
    variance: r.variance[w],
    z: r.z[w],
    code: r.termCodes[w],
  }));
  terms.sort((x, y) => y.z - x.z || (x.term < y.term ? -1 : x.term > y.term ? 1 : 0));
  return { code: r.code, terms };
}

/**
 * Informative prior from background counts (e.g. term counts over all of the tenant's messages):
 * α_w = α₀ · (b_w + pseudoCount) / Σ(b + pseudoCount). α₀ is the prior's total weight in pseudo-
 * words: Monroe et al. use the background itself (α₀ = Σb); a smaller α₀ (say 100–1000) shrinks
 * less. `pseudoCount` > 0 keeps terms absent from the background from getting α_w = 0.
 * Returns zeros when the background is empty and pseudoCount is 0.
 */
export function dirichletPrior(backgroundCounts: readonly number[], alpha0: number, options: { pseudoCount?: number } = {}): number[] {
  const pc = options.pseudoCount ?? 0;
  const shifted = backgroundCounts.map((b) => (isCount(b) ? b : 0) + pc);
  const total = sum(shifted);
  if (!(total > 0) || !(alpha0 > 0)) return backgroundCounts.map(() => 0);
  return shifted.map((b) => (alpha0 * b) / total);
}

function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}
