/** WHO core (server/core/patterns/who.ts): attribute planning, bins, labels and per-target results, by hand. */
import { describe, expect, it } from "vitest";
import { binIndex, detectWhoTargets, edgesFromQuantiles, planFreeKeys, setConfidence, whoLabel, DEFAULT_WHO_CAPS } from "../../../server/core/patterns/who";
import type { CountRow } from "../../../server/core/patterns/who-categorical";

describe("attributes and bins", () => {
  it("drops tied quantiles and bins right-closed, clamping outside values", () => {
    expect(edgesFromQuantiles([1, 10, 10, 50, 200, 200])).toEqual([1, 10, 50, 200]);
    expect(edgesFromQuantiles([5, 5, 5])).toBeNull();
    const edges = [1, 10, 50, 200];
    expect([0, 1, 10, 11, 50, 51, 200, 1e6].map((x) => binIndex(edges, x))).toEqual([0, 0, 0, 1, 1, 2, 2, 2]);
    const label = whoLabel({ company_size: edges });
    expect([label("company_size", "bin:0"), label("company_size", "bin:2"), label("industry", "SaaS")]).toEqual(["company size: [1, 10]", "company size: (50, 200]", "industry: SaaS"]);
  });

  it("plans free attributes: common keys first, identifiers skipped, numeric keys binned, the rest capped", () => {
    const profile = [
      { key: "crm", leads: 900, numericLeads: 0, distinctValues: 5, quantiles: null },
      { key: "email_hash", leads: 1000, numericLeads: 0, distinctValues: 1000, quantiles: null },
      { key: "revenue", leads: 800, numericLeads: 800, distinctValues: 700, quantiles: [1, 2, 3, 4, 5, 6] },
      { key: "rare", leads: 5, numericLeads: 0, distinctValues: 2, quantiles: null },
      { key: "score", leads: 700, numericLeads: 690, distinctValues: 3, quantiles: [1, 1, 2, 2, 3, 3] },
    ];
    expect(planFreeKeys(profile, 1000)).toEqual([
      { key: "crm", attribute: "attributes.crm", edges: null },
      { key: "revenue", attribute: "attributes.revenue", edges: [1, 2, 3, 4, 5, 6] },
      { key: "score", attribute: "attributes.score", edges: null },
    ]);
    expect(planFreeKeys(profile, 1000, { ...DEFAULT_WHO_CAPS, freeKeys: 1 })).toHaveLength(1);
  });
});

describe("per-target results", () => {
  const rows: CountRow[] = [
    { attribute: "industry", value: "SaaS", stratum: "all", units: 100, conversions: { booked: 30, replied: 50 } },
    { attribute: "industry", value: "Retail", stratum: "all", units: 120, conversions: { booked: 12, replied: 50 } },
    { attribute: "source", value: "referral", stratum: "all", units: 110, conversions: { booked: 25, replied: 50 } },
    { attribute: "source", value: "list", stratum: "all", units: 110, conversions: { booked: 17, replied: 50 } },
    ...(["referral", "list"] as const).flatMap((s, i) => [
      { attribute: "industry", value: "SaaS", confounder: "source", stratum: s, units: 50, conversions: { booked: [20, 10][i], replied: 25 } },
      { attribute: "industry", value: "Retail", confounder: "source", stratum: s, units: 60, conversions: { booked: [5, 7][i], replied: 25 } },
      { attribute: "source", value: s, confounder: "source", stratum: s, units: 110, conversions: { booked: [25, 17][i], replied: 50 } },
    ]),
  ];
  const populations: CountRow[] = [
    { attribute: "*", value: "*", stratum: "all", units: 220, conversions: { booked: 42, replied: 100 } },
    { attribute: "*", value: "*", confounder: "source", stratum: "referral", units: 110, conversions: { booked: 25, replied: 50 } },
    { attribute: "*", value: "*", confounder: "source", stratum: "list", units: 110, conversions: { booked: 17, replied: 50 } },
  ];
  const results = detectWhoTargets({ counts: { rows, populations }, bins: {} }, { targets: ["booked", "replied"], alpha: 0.05, minConversions: 10, confounders: ["source"] });

  it("reports each target against the tenant's base rate", () => {
    expect(results.map((r) => [r.target, r.n, r.conversions, r.baseRate])).toEqual([
      ["booked", 220, 42, 42 / 220],
      ["replied", 220, 100, 100 / 220],
    ]);
    const saas = results[0].findings.find((f) => f.key === "industry=SaaS")!;
    expect([saas.rate, saas.restRate, saas.label]).toEqual([0.3, 0.1, "industry: SaaS"]);
    expect(saas.confounding?.confounder).toBe("source");
  });

  it("never stratifies a dimension by itself", () => {
    const referral = results[0].findings.find((f) => f.key === "source=referral")!;
    expect(referral.confounding).toBeUndefined();
  });

  it("scores the set's confidence on the primary target's conversions (seed 003: 100 outcomes)", () => {
    expect(setConfidence(results[0])).toMatchObject({ outcomesNeeded: 58, confidence: (0.5 * 42) / 100 });
  });
});
