/**
 * Trends across a binned attribute's bins (WHO): does conversion rise or fall with age, balance,
 * the number of contacts? Each bin against the rest says which bins differ; an analyst also asks
 * whether the rate moves one way as the number grows. One linear-by-linear (Cochran–Armitage) test
 * per binned attribute and target, bins scored by their index, Benjamini–Hochberg over the
 * target's trends, and the same test within each confounder's strata (Mantel's extension): a trend
 * that vanishes or turns within strata is reported as none, with the adjusted test beside it.
 * A shape a line does not describe (age: the young and the old convert more) is not a trend either:
 * when the rates do not move one way bin by bin and depart significantly from a line
 * (departureFromTrend), the bins differ, but not in one direction.
 */
import { benjaminiHochberg, departureFromTrend, STATS_CODES, stratifiedTrendTest, trendTest } from "../stats";
import type { PatternTarget } from "./types";
import { BIN_PREFIX } from "./who";
import { ALL_STRATA, type CountRow } from "./who-categorical";

export interface BinTrend {
  attribute: string;
  target: PatternTarget;
  /** Bins with leads (at least three: two bins are the bin-against-the-rest comparison itself). */
  bins: number;
  zScore: number;
  pValue: number;
  /** Benjamini–Hochberg over the target's trends. */
  pAdjusted: number;
  /** Significant after adjustment, within every confounder's strata, and not curved; "none" otherwise. */
  direction: "rising" | "falling" | "none";
  /** Each bin's rate is at least (rising) or at most (falling) the one before: steady, not only overall. */
  steady: boolean;
  /** p of the departure from a linear trend (χ², bins − 2 df). */
  departurePValue: number;
  /** Not steady and departing from a line (p ≤ alpha): a U shape or a peak, reported as no trend. */
  curved: boolean;
  /** A confounder whose strata remove or turn the trend, with the test within them. */
  adjusted?: { confounder: string; zScore: number; pValue: number };
}

type Groups = Array<{ n: number; successes: number }>;

const binOf = (value: string): number | null => (value.startsWith(BIN_PREFIX) && /^\d+$/.test(value.slice(BIN_PREFIX.length)) ? Number(value.slice(BIN_PREFIX.length)) : null);

/** The attribute's bins (index order) as groups of one stratum's rows, zero where a bin has none. */
function groupsOf(rows: readonly CountRow[], bins: readonly number[], target: PatternTarget): Groups {
  return bins.map((bin) => {
    const row = rows.find((r) => binOf(r.value) === bin);
    return { n: row?.units ?? 0, successes: row?.conversions[target] ?? 0 };
  });
}

export function binTrends(rows: readonly CountRow[], binned: readonly string[], targets: readonly PatternTarget[], alpha: number): BinTrend[] {
  const unstratified = (r: CountRow) => !r.confounder || r.confounder === ALL_STRATA || r.stratum === ALL_STRATA;
  const trends: BinTrend[] = [];
  for (const target of targets) {
    const tested: Array<Omit<BinTrend, "pAdjusted" | "direction" | "curved">> = [];
    for (const attribute of binned) {
      const own = rows.filter((r) => r.attribute === attribute && binOf(r.value) !== null);
      const overall = own.filter(unstratified);
      const bins = [...new Set(overall.filter((r) => r.units > 0).map((r) => binOf(r.value)!))].sort((a, b) => a - b);
      if (bins.length < 3) continue;
      const groups = groupsOf(overall, bins, target);
      const raw = trendTest(groups, bins);
      if (raw.code !== STATS_CODES.OK) continue;
      const rising = raw.zScore > 0;
      const rates = groups.map((g) => g.successes / g.n);
      const steady = rates.every((rate, i) => i === 0 || (rising ? rate >= rates[i - 1]! : rate <= rates[i - 1]!));
      // The weakest within-strata test across confounders (the attribute itself is never its own confounder).
      let adjusted: BinTrend["adjusted"];
      const confounders = [...new Set(own.filter((r) => !unstratified(r)).map((r) => r.confounder!))].filter((c) => c !== attribute);
      for (const confounder of confounders) {
        const byStratum = new Map<string, CountRow[]>();
        for (const r of own) if (r.confounder === confounder && r.stratum !== ALL_STRATA) (byStratum.get(r.stratum) ?? byStratum.set(r.stratum, []).get(r.stratum)!).push(r);
        if (byStratum.size < 2) continue;
        const within = stratifiedTrendTest([...byStratum.values()].map((stratumRows) => groupsOf(stratumRows, bins, target)), bins);
        if (within.code !== STATS_CODES.OK) continue;
        const signed = rising ? within.zScore : -within.zScore;
        if (!adjusted || signed < (rising ? adjusted.zScore : -adjusted.zScore)) adjusted = { confounder, zScore: within.zScore, pValue: within.pValue };
      }
      const departurePValue = departureFromTrend(groups, bins).pValue;
      tested.push({ attribute, target, bins: bins.length, zScore: raw.zScore, pValue: raw.pValue, steady, departurePValue, ...(adjusted ? { adjusted } : {}) });
    }
    const bh = benjaminiHochberg(tested.map((t) => t.pValue), alpha);
    tested.forEach((t, i) => {
      const holdsWithinStrata = !t.adjusted || (Math.sign(t.adjusted.zScore) === Math.sign(t.zScore) && t.adjusted.pValue <= alpha);
      const curved = !t.steady && t.departurePValue <= alpha;
      const direction = bh.reject[i] && holdsWithinStrata && !curved ? (t.zScore > 0 ? "rising" : "falling") : "none";
      // The adjusted test is kept only where it changes the conclusion: otherwise the trend stands as computed.
      const { adjusted, ...rest } = t;
      trends.push({ ...rest, pAdjusted: bh.adjusted[i]!, direction, curved, ...(adjusted && bh.reject[i] && !holdsWithinStrata ? { adjusted } : {}) });
    });
  }
  return trends;
}
