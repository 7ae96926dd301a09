/**
 * Fixed-horizon tests of a variant against the control on a 2×2 conversion table: pooled z,
 * χ² with and without Yates, and Fisher's exact test, which replaces z when counts are small.
 */
import { chiSquare2x2, fisherExact, STATS_CODES, tableFromProportions, twoProportionZTest, type ProportionStats } from "../stats";

/** Fisher's exact sum costs O(smallest margin); above this χ² and Fisher agree closely and Fisher is skipped. */
export const FISHER_MAX_MARGIN = 20_000;

/** Fixed-horizon tests on a 2×2 conversion table: z, χ² ± Yates, Fisher (when affordable), and which p is primary. */
export function countTests(v: ProportionStats, c: ProportionStats) {
  const table = tableFromProportions(v, c);
  const z = twoProportionZTest(v, c);
  const chi = chiSquare2x2(table);
  const yates = chiSquare2x2(table, { yates: true });
  const e = chi.expected;
  const smallCounts = chi.code === STATS_CODES.OK && Math.min(e.a, e.b, e.c, e.d) < 5;
  const smallestMargin = Math.min(table.a + table.b, table.c + table.d, table.a + table.c, table.b + table.d);
  const fisher = smallestMargin <= FISHER_MAX_MARGIN && Number.isInteger(v.successes) && Number.isInteger(c.successes) ? fisherExact(table) : null;
  const useFisher = smallCounts && fisher !== null;
  return {
    zTest: { code: z.code, z: z.z, pValue: z.pValue },
    chiSquare: { code: chi.code, statistic: chi.statistic, pValue: chi.pValue },
    chiSquareYates: { code: yates.code, statistic: yates.statistic, pValue: yates.pValue },
    fisher: fisher ? { code: fisher.code, oddsRatio: fisher.oddsRatio, pValue: fisher.pValue } : null,
    smallCounts,
    fixedTest: (useFisher ? "fisher" : "z") as "fisher" | "z",
    fixedPValue: useFisher ? fisher.pValue : z.pValue,
  };
}
