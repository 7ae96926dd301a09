/**
 * Interventions between booking and appointment on a Simpson's-paradox example worked by hand.
 * Reference values: Mantel–Haenszel OR and Robins–Breslow–Greenland interval, CMH χ² (no
 * correction) and Woolf's raw interval computed from their formulas with numpy/scipy 1.17
 * (`stats.chi2.sf`, `stats.fisher_exact`); tolerance 1e-9 relative.
 *
 *              ≤7 d: reminder 85/100 showed, none 240/300   (0.85 vs 0.80)
 *              >7 d: reminder 150/300 showed, none 40/100   (0.50 vs 0.40)
 *   pooled: reminder 235/400 = 0.5875, none 280/400 = 0.70  → looks harmful (raw OR 0.61)
 * Reminders go mostly to far appointments, which show less; within each stratum they help.
 */
import { describe, expect, it } from "vitest";
import { analyzeInterventions, daysBucketIndex, daysBucketLabel, standardizedRates, type InterventionRow } from "../../../server/core/patterns/interventions";

const close = (actual: number, expected: number, rel = 1e-9) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));

const rows: InterventionRow[] = [
  { kind: "reminder", stratum: "≤7d", treated: true, units: 100, successes: 85 },
  { kind: "reminder", stratum: "≤7d", treated: false, units: 300, successes: 240 },
  { kind: "reminder", stratum: ">7d", treated: true, units: 300, successes: 150 },
  { kind: "reminder", stratum: ">7d", treated: false, units: 100, successes: 40 },
];

describe("analyzeInterventions", () => {
  it("reports the adjusted effect of a reminder that looks harmful pooled (Simpson's paradox)", () => {
    const [r] = analyzeInterventions(rows, { alpha: 0.05, minConversions: 10 });
    expect(r!.kind).toBe("reminder");
    close(r!.raw.oddsRatio, 0.6103896103896104);
    close(r!.raw.interval.lower, 0.4557449671518394);
    close(r!.raw.interval.upper, 0.8175087018513368);
    close(r!.raw.pValue, 0.0011425600770154957, 1e-8);
    expect([r!.raw.treatedRate, r!.raw.untreatedRate]).toEqual([0.5875, 0.7]);
    close(r!.adjusted.oddsRatio, 1.46875);
    close(r!.adjusted.interval.lower, 1.0153401684500962);
    close(r!.adjusted.interval.upper, 2.124634314224935);
    close(r!.adjusted.pValue, 0.040658339567229994, 1e-8);
    close(r!.adjusted.treatedRate, 0.675);
    close(r!.adjusted.untreatedRate, 0.6);
    expect(r!.verdict).toBe("reversed");
    expect(r!.explanation).toMatch(/Reverses within days to appointment strata/);
    expect(r!.explanation).toMatch(/>7d \(75\.0% of those units vs 25\.0% elsewhere\)/);

    const f = r!.finding;
    expect(f.key).toBe("intervention=reminder");
    expect(f.direction).toBe("positive");
    expect(f.significant).toBe(true);
    close(f.pValue, 0.040658339567229994, 1e-8);
    close(f.lift, 0.675 / 0.6);
    expect(f.confounding).toMatchObject({ confounder: "days to appointment", strata: 2, verdict: "reversed" });
    expect(f.liftInterval).toBeUndefined();
  });

  it("never shows the naive negative, even when the adjusted effect is too weak to be significant", () => {
    const small = rows.map((r) => ({ ...r, units: Math.round(r.units / 4), successes: Math.round(r.successes / 4) }));
    const [r] = analyzeInterventions(small, { alpha: 0.05, minConversions: 10 });
    expect(r!.raw.oddsRatio).toBeLessThan(1);
    expect(r!.finding.direction).toBe("positive");
    expect(r!.finding.significant).toBe(false);
  });

  it("needs enough conversions, and says how many more", () => {
    const tiny: InterventionRow[] = [
      { kind: "reminder", stratum: "≤7d", treated: true, units: 4, successes: 3 },
      { kind: "reminder", stratum: "≤7d", treated: false, units: 6, successes: 3 },
    ];
    const [r] = analyzeInterventions(tiny, { alpha: 0.05, minConversions: 10 });
    expect(r!.finding.outcomesNeeded).toBe(7);
    expect(r!.finding.significant).toBe(false);
    expect(analyzeInterventions([], { alpha: 0.05, minConversions: 10 })).toEqual([]);
  });

  it("buckets days to appointment with upper-inclusive edges", () => {
    expect([daysBucketIndex(0), daysBucketIndex(7), daysBucketIndex(7.5), daysBucketIndex(null)]).toEqual([0, 0, 1, -1]);
    expect([daysBucketLabel(0), daysBucketLabel(1), daysBucketLabel(-1)]).toEqual(["≤7d", ">7d", "unknown"]);
    expect([daysBucketIndex(10, [3, 14]), daysBucketLabel(1, [3, 14])]).toEqual([1, "3–14d"]);
  });

  it("standardises rates to all units' strata, skipping strata without both groups", () => {
    const s = standardizedRates([
      { name: "a", exposed: { successes: 5, trials: 10 }, reference: { successes: 1, trials: 10 } },
      { name: "b", exposed: { successes: 0, trials: 0 }, reference: { successes: 3, trials: 10 } },
    ])!;
    expect([s.treated.rate, s.untreated.rate]).toEqual([0.5, 0.1]);
  });
});
