/** WHO trends across bins (server/core/patterns/who-trend.ts): which rule reports a rise, a fall or none. */
import { describe, expect, it } from "vitest";
import { trendTest } from "../../../server/core/stats";
import type { CountRow } from "../../../server/core/patterns/who-categorical";
import { binTrends } from "../../../server/core/patterns/who-trend";

/** Count rows of one attribute's bins: [units, conversions] per bin, optionally within a confounder's stratum. */
function bins(attribute: string, counts: Array<[number, number]>, stratum?: { confounder: string; stratum: string }): CountRow[] {
  return counts.map(([units, booked], i) => ({ attribute, value: `bin:${i}`, stratum: stratum?.stratum ?? "all", ...(stratum ? { confounder: stratum.confounder } : {}), units, conversions: { booked } }));
}

describe("trends across bins", () => {
  it("reports a steady rise and a steady fall, with the plain test's figures and BH over the target's trends", () => {
    const rising: Array<[number, number]> = [[200, 10], [180, 14], [210, 25], [190, 30]];
    const falling: Array<[number, number]> = [[300, 60], [300, 45], [300, 30]];
    const flat: Array<[number, number]> = [[100, 10], [100, 11], [100, 10]];
    const rows = [...bins("attributes.visits", rising), ...bins("company_size", falling), ...bins("attributes.age", flat), ...bins("attributes.two", [[50, 5], [50, 9]])];
    const trends = binTrends(rows, ["attributes.visits", "company_size", "attributes.age", "attributes.two"], ["booked"], 0.05);
    // Two bins are the bin-against-the-rest comparison itself: no trend test.
    expect(trends.map((t) => [t.attribute, t.direction, t.steady, t.curved])).toEqual([
      ["attributes.visits", "rising", true, false],
      ["company_size", "falling", true, false],
      ["attributes.age", "none", false, false],
    ]);
    const plain = trendTest(rising.map(([n, successes]) => ({ n, successes })));
    expect(trends[0]!.zScore).toBe(plain.zScore);
    expect(trends[0]!.pValue).toBe(plain.pValue);
    // BH over three: the smallest p times 3 / its rank, and so on (monotone from the top).
    const ps = trends.map((t) => t.pValue);
    const order = [...ps].sort((a, b) => a - b);
    expect(trends.find((t) => t.pValue === order[0])!.pAdjusted).toBeCloseTo(Math.min(order[0]! * 3, order[1]! * 1.5, order[2]!), 15);
  });

  it("calls a U shape no trend: the bins differ, but not in one direction", () => {
    const trends = binTrends(bins("attributes.age", [[300, 45], [300, 20], [300, 18], [300, 60]]), ["attributes.age"], ["booked"], 0.05);
    expect(trends[0]).toMatchObject({ direction: "none", steady: false, curved: true });
    expect(trends[0]!.departurePValue).toBeLessThan(1e-5);
  });

  it("does not report a rise that is only the confounder's strata mixed (each stratum flat), and says so", () => {
    const low = bins("attributes.visits", [[100, 5], [50, 3], [20, 1]], { confounder: "source", stratum: "outbound" });
    const high = bins("attributes.visits", [[20, 8], [50, 20], [100, 40]], { confounder: "source", stratum: "inbound" });
    const pooled = bins("attributes.visits", [[120, 13], [100, 23], [120, 41]]);
    const [trend] = binTrends([...pooled, ...low, ...high], ["attributes.visits"], ["booked"], 0.05);
    expect(trend!.pAdjusted).toBeLessThan(0.001);
    expect(trend!.direction).toBe("none");
    // test/reference/trend.py: the stratified z of these two strata.
    expect(trend!.adjusted!.confounder).toBe("source");
    expect(trend!.adjusted!.zScore).toBeCloseTo(0.04799409339811953, 12);
  });

  it("keeps a trend that holds within strata, without an adjusted note", () => {
    const a = bins("attributes.visits", [[100, 5], [100, 10], [100, 20]], { confounder: "source", stratum: "a" });
    const b = bins("attributes.visits", [[100, 10], [100, 20], [100, 35]], { confounder: "source", stratum: "b" });
    const pooled = bins("attributes.visits", [[200, 15], [200, 30], [200, 55]]);
    const [trend] = binTrends([...pooled, ...a, ...b], ["attributes.visits"], ["booked"], 0.05);
    expect(trend).toMatchObject({ direction: "rising", steady: true });
    expect(trend!.adjusted).toBeUndefined();
  });
});
