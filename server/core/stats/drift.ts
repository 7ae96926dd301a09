/**
 * Has the population or the pattern ranking moved since the last learning run? Population
 * stability index between two binned distributions, Spearman rank correlation, and the rank
 * changes of named items (e.g. this week's top industries versus last week's).
 *
 * Domain rules:
 * - PSI = Σ_b (a_b − e_b)·ln(a_b / e_b) over bin shares, e = expected/baseline, a = actual/current.
 *   Counts are turned into shares; a share of exactly 0 is replaced by `epsilon` (default 1e-4)
 *   without renormalising, the common convention that keeps one empty bin from making PSI infinite.
 * - PSI reading (industry rule of thumb): < 0.1 stable, 0.1–0.25 moderate shift, ≥ 0.25 significant.
 * - Rankings are lists of names, best first; rank 1 is the top. A positive `change` means the item
 *   moved up.
 */
import { binCounts, quantileBins } from "./binning";
import { twoSidedPFromT } from "./distributions";
import { STATS_CODES, type StatsCode } from "./messages";
import { isCount } from "./types";

export interface PsiResult {
  code: StatsCode;
  psi: number;
  /** Each bin's term (a − e)·ln(a/e), ≥ 0: where the shift is. */
  contributions: number[];
  level: PsiLevel;
}

export type PsiLevel = "stable" | "moderate" | "significant";

export function psiLevel(psi: number): PsiLevel {
  return psi < 0.1 ? "stable" : psi < 0.25 ? "moderate" : "significant";
}

/**
 * PSI of two count (or share) vectors over the same bins. Mismatched lengths or negative values →
 * INVALID_INPUT; an all-zero vector → NO_DATA (PSI 0).
 */
export function populationStabilityIndex(
  expected: readonly number[],
  actual: readonly number[],
  options: { epsilon?: number } = {},
): PsiResult {
  const none = (code: StatsCode): PsiResult => ({ code, psi: 0, contributions: expected.map(() => 0), level: "stable" });
  if (expected.length !== actual.length || expected.length === 0 || ![...expected, ...actual].every(isCount)) return none(STATS_CODES.INVALID_INPUT);
  const eps = options.epsilon ?? 1e-4;
  const te = expected.reduce((s, x) => s + x, 0);
  const ta = actual.reduce((s, x) => s + x, 0);
  if (te === 0 || ta === 0) return none(STATS_CODES.NO_DATA);
  const contributions = expected.map((x, i) => {
    const e = x / te || eps;
    const a = actual[i] / ta || eps;
    return (a - e) * Math.log(a / e);
  });
  const psi = contributions.reduce((s, x) => s + x, 0);
  return { code: STATS_CODES.OK, psi, contributions, level: psiLevel(psi) };
}

/**
 * PSI of a numeric attribute: `bins` quantile bins (default 10) from the baseline values
 * (`quantileBins`), current values counted into them (out-of-range values go to the end bins).
 */
export function psiFromValues(
  baseline: readonly number[],
  current: readonly number[],
  options: { bins?: number; epsilon?: number } = {},
): PsiResult & { edges: number[]; expectedCounts: number[]; actualCounts: number[] } {
  const q = quantileBins(baseline, options.bins ?? 10);
  const expectedCounts = binCounts(q.edges, baseline);
  const actualCounts = binCounts(q.edges, current);
  if (q.code === STATS_CODES.NO_DATA || q.code === STATS_CODES.INVALID_INPUT) {
    return { code: q.code, psi: 0, contributions: [], level: "stable", edges: q.edges, expectedCounts, actualCounts };
  }
  return { ...populationStabilityIndex(expectedCounts, actualCounts, options), edges: q.edges, expectedCounts, actualCounts };
}

/** Ranks 1..n with ties given their average rank (scipy `rankdata(method="average")`). */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j] || i - j);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]] = rank;
    start = end + 1;
  }
  return ranks;
}

export interface SpearmanResult {
  code: StatsCode;
  /** Pearson correlation of the average ranks, in [−1, 1]. */
  rho: number;
  /** Two-sided p from t = ρ·√((n − 2)/((1 + ρ)(1 − ρ))) on n − 2 dof (scipy `spearmanr`); 1 when n < 3. */
  pValue: number;
  n: number;
}

/**
 * Spearman rank correlation of paired values (scipy `stats.spearmanr(x, y)`). Fewer than 2 pairs →
 * INSUFFICIENT_DATA; either side constant → ZERO_VARIANCE (ρ 0, p 1). Non-finite pairs → INVALID_INPUT.
 */
export function spearman(x: readonly number[], y: readonly number[]): SpearmanResult {
  const n = x.length;
  if (y.length !== n || ![...x, ...y].every(Number.isFinite)) return { code: STATS_CODES.INVALID_INPUT, rho: 0, pValue: 1, n };
  if (n < 2) return { code: n === 0 ? STATS_CODES.NO_DATA : STATS_CODES.INSUFFICIENT_DATA, rho: 0, pValue: 1, n };
  const rx = averageRanks(x);
  const ry = averageRanks(y);
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = rx[i] - mean;
    const dy = ry[i] - mean;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return { code: STATS_CODES.ZERO_VARIANCE, rho: 0, pValue: 1, n };
  const rho = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  if (n < 3) return { code: STATS_CODES.OK, rho, pValue: 1, n };
  const dof = n - 2;
  const denom = (rho + 1) * (1 - rho);
  const pValue = denom > 0 ? twoSidedPFromT(rho * Math.sqrt(dof / denom), dof) : 0;
  return { code: STATS_CODES.OK, rho, pValue, n };
}

export interface RankChange {
  name: string;
  /** 1-based rank last time; null if the item is new. */
  previousRank: number | null;
  /** 1-based rank now; null if the item dropped out. */
  currentRank: number | null;
  /** previousRank − currentRank (positive = moved up); null for new or dropped items. */
  change: number | null;
  status: "up" | "down" | "same" | "new" | "dropped";
}

/**
 * Rank changes between two rankings (names, best first), listed in current order then dropped
 * items in previous order, plus Spearman's ρ over the items present in both. Duplicate names →
 * INVALID_INPUT.
 */
export function rankChanges(previous: readonly string[], current: readonly string[]): { code: StatsCode; items: RankChange[]; spearman: SpearmanResult } {
  const prevRank = new Map(previous.map((name, i) => [name, i + 1]));
  const currRank = new Map(current.map((name, i) => [name, i + 1]));
  if (prevRank.size !== previous.length || currRank.size !== current.length) {
    return { code: STATS_CODES.INVALID_INPUT, items: [], spearman: { code: STATS_CODES.INVALID_INPUT, rho: 0, pValue: 1, n: 0 } };
  }
  const items: RankChange[] = current.map((name, i) => {
    const before = prevRank.get(name) ?? null;
    const change = before === null ? null : before - (i + 1);
    const status = change === null ? "new" : change > 0 ? "up" : change < 0 ? "down" : "same";
    return { name, previousRank: before, currentRank: i + 1, change, status };
  });
  for (const name of previous) {
    if (!currRank.has(name)) items.push({ name, previousRank: prevRank.get(name)!, currentRank: null, change: null, status: "dropped" });
  }
  const common = current.filter((name) => prevRank.has(name));
  const rho = spearman(
    common.map((name) => prevRank.get(name)!),
    common.map((name) => currRank.get(name)!),
  );
  const code = previous.length === 0 && current.length === 0 ? STATS_CODES.NO_DATA : STATS_CODES.OK;
  return { code, items, spearman: rho };
}
