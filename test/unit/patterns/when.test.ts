/**
 * WHEN core on small fixed inputs. Reference values: scipy 1.17 (`stats.fisher_exact`, Wilson by
 * its closed form with `norm.isf(0.025)`), numpy `percentile` (linear), BH by hand; tolerance 1e-9
 * relative unless stated.
 */
import { describe, expect, it } from "vitest";
import { fisherExact } from "../../../server/core/stats";
import { fisherExactPValue, quantileOfCounts, summarizeDistribution } from "../../../server/core/patterns/how-when-common";
import { analyzeGaps, analyzeWhenCells, assembleWhen, cellLabel, quietHours, type CellCounts } from "../../../server/core/patterns/when";

const close = (actual: number, expected: number, rel = 1e-9) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1e-300, Math.abs(expected)));
const opts = { alpha: 0.05, minConversions: 10, byChannel: true };

describe("weekday × hour cells", () => {
  it("labels weekday 0 as Monday (ISO weekday − 1)", () => {
    expect(cellLabel(0, 0)).toBe("Mon 00");
    expect(cellLabel(1, 9)).toBe("Tue 09");
    expect(cellLabel(6, 23)).toBe("Sun 23");
  });

  it("rates, Wilson intervals, Fisher p-values and BH match scipy", () => {
    const rows: CellCounts[] = [
      { weekday: 1, hour: 9, stratum: "email", touches: 200, conversions: 30 },
      { weekday: 2, hour: 14, stratum: "email", touches: 200, conversions: 10 },
      { weekday: 4, hour: 15, stratum: "email", touches: 200, conversions: 4 },
    ];
    const { findings, cells } = analyzeWhenCells(rows, opts);
    expect(cells).toHaveLength(168);
    expect(findings.map((f) => f.key)).toEqual(["weekday_hour=Tue 09", "weekday_hour=Wed 14", "weekday_hour=Fri 15"]);
    const [tue, wed, fri] = findings as [(typeof findings)[0], (typeof findings)[0], (typeof findings)[0]];
    expect(tue.rate).toBe(0.15);
    close(tue.interval.lower, 0.10713593562241994);
    close(tue.interval.upper, 0.2060557928416666);
    close(tue.restRate, 0.035);
    close(tue.lift, 0.15 / 0.035);
    close(tue.pValue, 1.1577066010800464e-6, 1e-8);
    close(wed.pValue, 0.13670483229574437, 1e-8);
    close(fri.pValue, 0.0001889379042675444, 1e-8);
    close(tue.pAdjusted, 3.47311980e-6, 1e-8);
    close(fri.pAdjusted, 2.83406856e-4, 1e-8);
    expect([tue.significant, wed.significant, fri.significant]).toEqual([true, false, false]);
    // Fri 15 passes BH but has 4 conversions, below the minimum of 10: not yet a finding.
    expect(fri.outcomesNeeded).toBe(6);
    expect(fri.direction).toBe("negative");
    expect(tue.confounding).toBeUndefined(); // one channel: nothing to stratify
    expect(tue.confidence).toBeGreaterThan(0.5);
  });

  it("a cell that only looks good because sms goes out then is shown adjusted, not as a finding", () => {
    // Tue 09 is mostly sms (reply rate 20% anywhere); within each channel it is average.
    const rows: CellCounts[] = [
      { weekday: 1, hour: 9, stratum: "sms", touches: 400, conversions: 80 },
      { weekday: 1, hour: 9, stratum: "email", touches: 100, conversions: 5 },
      { weekday: 2, hour: 9, stratum: "sms", touches: 100, conversions: 20 },
      { weekday: 2, hour: 9, stratum: "email", touches: 400, conversions: 20 },
      { weekday: 3, hour: 9, stratum: "sms", touches: 100, conversions: 20 },
      { weekday: 3, hour: 9, stratum: "email", touches: 400, conversions: 20 },
    ];
    const tue = analyzeWhenCells(rows, opts).findings.find((f) => f.value === "Tue 09")!;
    expect(tue.confounding?.confounder).toBe("channel");
    close(tue.confounding!.adjustedOddsRatio, 1, 1e-12);
    expect(tue.confounding!.rawOddsRatio).toBeGreaterThan(2);
    expect(tue.confounding!.verdict).toBe("attenuated");
    expect(tue.significant).toBe(false);
    expect(tue.confounding!.explanation).toMatch(/explained by channel/);
  });
});

describe("Fisher's exact test (fast recursion)", () => {
  it.each([
    [{ a: 10, b: 45, c: 1700, d: 32800 }, 0.0003263844876969666],
    [{ a: 3, b: 7, c: 1, d: 9 }, 0.5820433436532508],
    [{ a: 0, b: 10, c: 5, d: 5 }, 0.032507739938080496],
    [{ a: 400, b: 5600, c: 50000, d: 944000 }, 3.490031104403877e-8],
  ])("%o equals scipy.stats.fisher_exact and the stats core", (table, expected) => {
    close(fisherExactPValue(table), expected, 1e-8);
    close(fisherExactPValue(table), fisherExact(table).pValue, 1e-8);
  });

  it("returns 1 for an empty row or column", () => {
    expect(fisherExactPValue({ a: 0, b: 0, c: 3, d: 4 })).toBe(1);
    expect(fisherExactPValue({ a: 0, b: 5, c: 0, d: 4 })).toBe(1);
  });
});

describe("distributions, gaps and quiet hours", () => {
  it("quantiles follow percentile_cont / numpy linear", () => {
    const bins = [
      { value: 1, count: 3 },
      { value: 2, count: 5 },
      { value: 3, count: 2 },
      { value: 5, count: 1 },
      { value: 8, count: 1 },
    ];
    expect(quantileOfCounts(bins, 0.25)).toBeCloseTo(1.75, 12);
    expect(quantileOfCounts(bins, 0.5)).toBe(2);
    expect(quantileOfCounts(bins, 0.75)).toBe(3);
    const s = summarizeDistribution(bins, [1, 2, 3, 5], "touches");
    expect(s.n).toBe(12);
    close(s.mean!, 2.6666666666666665);
    expect(s.histogram.map((h) => [h.label, h.count])).toEqual([["1", 3], ["2", 5], ["3–5", 2], ["5+", 2]]);
    expect(summarizeDistribution([], [0], "days").median).toBeNull();
  });

  it("reply rate by gap bucket, first touches apart", () => {
    const gaps = analyzeGaps(
      [
        { bucket: -1, touches: 100, conversions: 5 },
        { bucket: 0, touches: 50, conversions: 5 },
        { bucket: 2, touches: 100, conversions: 5 },
        { bucket: 7, touches: 10, conversions: 0 },
      ],
      { alpha: 0.05, minConversions: 10 },
    );
    expect(gaps.map((g) => g.label)).toEqual(["first touch", "< 1 d", "2–3 d", "≥ 14 d"]);
    expect(gaps[1]!.rate).toBe(0.1);
    expect(gaps.every((g) => !g.significant)).toBe(true);
  });

  it("quiet hours are the consecutive hours with the fewest touches, wrapping midnight", () => {
    const volume: number[] = Array.from({ length: 24 }, (_, h) => (h >= 8 && h < 18 ? 100 : 10));
    for (const h of [2, 3, 4, 5]) volume[h] = 1;
    const q = quietHours(volume, "UTC", 4);
    expect(q.hours).toEqual([2, 3, 4, 5]);
    expect(q.share).toBeCloseTo(4 / volume.reduce((s, v) => s + v, 0), 12);
    const wrap = quietHours(Array.from({ length: 24 }, (_, h) => (h === 23 || h <= 1 ? 0 : 5)), "Europe/Berlin", 3);
    expect([wrap.hours, wrap.startHour, wrap.endHour]).toEqual([[23, 0, 1], 23, 2]);
    expect(quietHours([], "UTC").hours).toEqual([2, 3, 4, 5]);
  });
});

describe("assembleWhen", () => {
  it("builds one result per target, windows, notes and a sample-size warning", () => {
    const cells: CellCounts[] = [];
    for (let d = 0; d < 5; d++) for (let h = 8; h < 18; h++) cells.push({ weekday: d, hour: h, stratum: "email", touches: 100, conversions: d >= 1 && d <= 3 && (h === 9 || h === 10) ? 12 : 4 });
    const out = assembleWhen(
      { tenantTimezone: "UTC", targets: [{ target: "replied", cells, gaps: [], hoursToConversion: [{ value: 5, count: 2 }] }], volumeByHour: new Array(24).fill(1), touchesWithoutLeadTimezone: 3, reminderTouches: 2 },
      { alpha: 0.05, minConversions: 10, confounders: ["channel_mix"] },
    );
    expect(out.results[0]!.target).toBe("replied");
    expect(out.details.bestWindows[0]!.label).toBe("Tue–Thu 09:00–11:00");
    expect(out.details.bestWindows[0]!.significant).toBe(true);
    expect(out.details.byTarget[0]!.timeToConversion.median).toBeCloseTo(5.5 / 24, 12);
    expect(out.notes.some((n) => n.includes("3 touches"))).toBe(true);
    expect(out.sampleSize).toBe(cells.reduce((s, c) => s + c.conversions, 0));
  });
});

describe("degenerate input", () => {
  it("a tenant with no touches gets empty results, no windows and the default quiet hours", () => {
    const out = assembleWhen({ tenantTimezone: "UTC", targets: [{ target: "replied", cells: [], gaps: [], hoursToConversion: [] }], volumeByHour: [], touchesWithoutLeadTimezone: 0, reminderTouches: 0 }, { alpha: 0.05, minConversions: 10, confounders: [] });
    expect(out.results[0]).toMatchObject({ n: 0, conversions: 0, baseRate: 0, findings: [] });
    expect(out.details.bestWindows).toEqual([]);
    expect(out.details.quietHours.hours).toEqual([2, 3, 4, 5]);
    expect(out.details.byTarget[0]!.timeToConversion.median).toBeNull();
    expect(out.confidence).toBe(0);
    expect(out.notes.some((n) => n.includes("10 more are needed"))).toBe(true);
  });
});
