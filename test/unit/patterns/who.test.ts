/** WHO core (server/core/patterns/who.ts): attribute planning, bins, labels and per-target results, by hand. */
import { describe, expect, it } from "vitest";
import { binIndex, controlReferences, detectWhoTargets, edgesFromQuantiles, isIdentifierKey, numericValue, planFreeKeys, setConfidence, whoLabel, DEFAULT_WHO_CAPS } from "../../../server/core/patterns/who";
import { primaryFirst, withoutUnrecordedTargets } from "../../../server/core/patterns/primary";
import type { CountRow } from "../../../server/core/patterns/who-categorical";
import { integerBinLabel } from "../../../server/core/stats/binning";

describe("attributes and bins", () => {
  it("drops tied quantiles and bins right-closed, clamping outside values", () => {
    expect(edgesFromQuantiles([1, 10, 10, 50, 200, 200])).toEqual([1, 10, 50, 200]);
    expect(edgesFromQuantiles([5, 5, 5])).toBeNull();
    const edges = [1, 10, 50, 200];
    expect([0, 1, 10, 11, 50, 51, 200, 1e6].map((x) => binIndex(edges, x))).toEqual([0, 0, 0, 1, 1, 2, 2, 2]);
    const label = whoLabel({ company_size: edges });
    expect([label("company_size", "bin:0"), label("company_size", "bin:2"), label("industry", "SaaS")]).toEqual(["company size: [1, 10]", "company size: (50, 200]", "industry: SaaS"]);
  });

  it("gives a minimum that holds a bin's share of the values a bin of its own", () => {
    // Bank marketing's pdays: -1 ("never contacted before") for 82% of clients; quintiles -1, -1, -1, -1, -1, 871.
    const pdays = edgesFromQuantiles([-1, -1, -1, -1, -1, 871])!;
    expect(pdays).toEqual([-1, -1, 871]);
    expect([-1, 0, 1, 871, 900].map((x) => binIndex(pdays, x))).toEqual([0, 1, 1, 1, 1]);
    const label = whoLabel({ "attributes.pdays": pdays });
    expect([label("attributes.pdays", "bin:0"), label("attributes.pdays", "bin:1")]).toEqual(["pdays: -1", "pdays: (-1, 871]"]);
    // Contacts in the campaign: 1 for 39% of clients.
    expect(edgesFromQuantiles([1, 1, 2, 2, 4, 63])).toEqual([1, 1, 2, 4, 63]);
    // A minimum held by fewer than a bin's share keeps the plain edges.
    expect(edgesFromQuantiles([0, 3, 7, 12, 20, 90])).toEqual([0, 3, 7, 12, 20, 90]);
    expect(edgesFromQuantiles([0, 0, 0])).toBeNull();
  });

  it("labels bins of whole numbers as the whole numbers they hold", () => {
    const campaign = [1, 1, 2, 4, 63];
    const label = whoLabel({ "attributes.campaign": campaign, "attributes.balance": [-8019, 22, 272] }, ["attributes.campaign", "attributes.balance"]);
    expect([0, 1, 2, 3].map((i) => label("attributes.campaign", `bin:${i}`))).toEqual(["campaign: 1", "campaign: 2", "campaign: 3–4", "campaign: 5–63"]);
    expect(label("attributes.balance", "bin:0")).toBe("balance: -8019 to 22");
    // Fractional edges (linear quantiles) round to the whole numbers inside; a bin holding none keeps its interval.
    expect([0, 1].map((i) => integerBinLabel([0.5, 2.5, 2.75], i))).toEqual(["1–2", "(2.5, 2.75]"]);
    // Without the flag the interval reads as before.
    expect(whoLabel({ "attributes.campaign": campaign })("attributes.campaign", "bin:2")).toBe("campaign: (2, 4]");
  });

  it("reads numbers written as text, but not codes with leading zeros", () => {
    expect([58, "58", " -2143.5 ", "0", "0.25", "00501", "1e3", "12abc", "", true, null, Number.NaN].map(numericValue)).toEqual([58, 58, -2143.5, 0, 0.25, null, null, null, null, null, null, null]);
  });

  it("plans free attributes: common keys first, identifiers skipped, numeric keys binned, the rest capped", () => {
    const profile = [
      { key: "crm", leads: 900, numericLeads: 0, distinctValues: 5, quantiles: null },
      { key: "email_hash", leads: 1000, numericLeads: 0, distinctValues: 1000, quantiles: null },
      { key: "revenue", leads: 800, numericLeads: 800, distinctValues: 700, quantiles: [1, 2, 3, 4, 5, 6] },
      { key: "rare", leads: 5, numericLeads: 0, distinctValues: 2, quantiles: null },
      { key: "score", leads: 700, numericLeads: 690, distinctValues: 3, quantiles: [1, 1, 2, 2, 3, 3] },
      { key: "rating", leads: 650, numericLeads: 650, distinctValues: 10, quantiles: [1, 2, 4, 6, 8, 10] },
    ];
    expect(planFreeKeys(profile, 1000)).toEqual([
      { key: "crm", attribute: "attributes.crm", edges: null },
      { key: "revenue", attribute: "attributes.revenue", edges: [1, 2, 3, 4, 5, 6] },
      { key: "score", attribute: "attributes.score", edges: null },
      // Ten levels or fewer: each is its own value, not a bin.
      { key: "rating", attribute: "attributes.rating", edges: null },
    ]);
    expect(planFreeKeys(profile, 1000, { ...DEFAULT_WHO_CAPS, freeKeys: 1 })).toHaveLength(1);
  });

  it("skips numeric identifiers (a row number, a user id) but keeps measures whose values happen to differ", () => {
    const whole = { numericLeads: 5000, distinctValues: 5000, quantiles: [0, 1000, 2000, 3000, 4000, 4999], integral: true };
    const profile = [
      { key: "row", leads: 5000, ...whole },
      { key: "user_id", leads: 5000, ...whole, quantiles: [900001, 1300000, 1700000, 2100000, 2500000, 2899999] },
      // Every value different but fractional: a measure (spend), binned.
      { key: "spend", leads: 5000, ...whole, integral: false, quantiles: [0.5, 10, 20, 30, 40, 99.5] },
      // Whole numbers, one repeated: a measure.
      { key: "visits", leads: 5000, ...whole, distinctValues: 4999 },
      // Few leads: distinct whole numbers may be revenue; binned.
      { key: "revenue", leads: 300, numericLeads: 300, distinctValues: 300, quantiles: [1, 2, 3, 4, 5, 6], integral: true },
    ];
    expect(profile.map((p) => isIdentifierKey(p))).toEqual([true, true, false, false, false]);
    expect(planFreeKeys(profile, 5000).map((p) => p.key)).toEqual(["spend", "visits", "revenue"]);
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

describe("values that cannot be findings", () => {
  const rows: CountRow[] = [
    { attribute: "title", value: "CTO", stratum: "all", units: 400, conversions: { booked: 20 } },
    { attribute: "title", value: "(other)", stratum: "all", units: 600, conversions: { booked: 120 } },
    { attribute: "industry", value: "(missing)", stratum: "all", units: 1000, conversions: { booked: 140 } },
  ];
  const populations: CountRow[] = [{ attribute: "*", value: "*", stratum: "all", units: 1000, conversions: { booked: 140 } }];
  const [booked] = detectWhoTargets({ counts: { rows, populations }, bins: {} }, { targets: ["booked"], alpha: 0.05, minConversions: 10, confounders: [] });

  it("shows the pooled rare values but never reports them: a mix of titles says nothing about any one", () => {
    const other = booked.findings.find((f) => f.value === "(other)")!;
    expect(other).toMatchObject({ pooled: true, significant: false, direction: "none", rate: 0.2 });
    expect(other.pAdjusted).toBeLessThan(1e-6);
    expect(booked.findings.find((f) => f.value === "CTO")).toMatchObject({ significant: true, direction: "negative" });
    expect(booked.findings.find((f) => f.value === "CTO")!.pooled).toBeUndefined();
  });

  it("compares nothing for an attribute every lead shares (here: no lead has an industry)", () => {
    expect(booked.findings.map((f) => f.dimension)).toEqual(["title", "title"]);
  });
});

describe("the primary target", () => {
  const counts: Record<string, number> = { booked: 0, replied: 3, showed: 0, converted: 5289 };
  it("leads with the first target, in the detector's order, that has enough outcomes", () => {
    expect(primaryFirst(["booked", "replied", "showed", "converted"], (t) => counts[t]!, 10)).toEqual(["converted", "booked", "replied", "showed"]);
    expect(primaryFirst(["booked", "converted"], (t) => ({ booked: 40, converted: 5289 })[t]!, 10)).toEqual(["booked", "converted"]);
  });

  it("falls back to the target with the most outcomes, and keeps the order of an empty tenant", () => {
    expect(primaryFirst(["booked", "replied", "converted"], (t) => ({ booked: 2, replied: 7, converted: 7 })[t]!, 10)).toEqual(["replied", "booked", "converted"]);
    expect(primaryFirst(["booked", "replied"], () => 0, 10)).toEqual(["booked", "replied"]);
  });

  it("shows the primary and the targets some unit reached, not the ones the tenant never records", () => {
    const results = [
      { target: "converted" as const, conversions: 5289 },
      { target: "booked" as const, conversions: 0 },
      { target: "replied" as const, conversions: 3 },
    ];
    expect(withoutUnrecordedTargets(results)).toEqual({ kept: [results[0], results[2]], dropped: ["booked"] });
    expect(withoutUnrecordedTargets([{ target: "booked" as const, conversions: 0 }]).kept).toHaveLength(1);
  });
});

describe("an experiment's arms against its control", () => {
  // Arms shaped like MineThatData's e-mail test (visits per arm); values from test/reference (statsmodels 0.13.5):
  // proportions_ztest([x, x_ref], [n, n_ref]) and Table2x2([[x, n − x], [x_ref, n_ref − x_ref]]).riskratio_confint().
  const arms: Array<[string, number, number]> = [
    ["Mens E-Mail", 21307, 3894],
    ["Womens E-Mail", 21387, 3238],
    ["No E-Mail", 21306, 2262],
  ];
  const rows: CountRow[] = arms.map(([value, units, booked]) => ({ attribute: "attributes.segment", value, stratum: "all", units, conversions: { booked } }));
  const populations: CountRow[] = [{ attribute: "*", value: "*", stratum: "all", units: 64_000, conversions: { booked: 9394 } }];

  it("finds the control value of free attributes, one per attribute, never a plain 'none'", () => {
    const row = (attribute: string, value: string): CountRow => ({ attribute, value, stratum: "all", units: 10, conversions: {} });
    expect(
      controlReferences([
        ...rows,
        row("attributes.test_group", "ad"),
        row("attributes.test_group", "psa"),
        row("attributes.crm", "HubSpot"),
        row("attributes.crm", "none"),
        row("attributes.arm", "control"),
        row("attributes.arm", "holdout"),
        row("industry", "Control"),
        row("attributes.only", "Control"),
      ]),
    ).toEqual({ "attributes.segment": "No E-Mail", "attributes.test_group": "psa" });
  });

  it("compares each arm with the control alone, as statsmodels does, and the control with nothing", () => {
    const [result] = detectWhoTargets({ counts: { rows, populations }, bins: {} }, { targets: ["booked"], alpha: 0.05, minConversions: 10, confounders: [], references: controlReferences(rows) });
    expect(result!.findings.map((f) => [f.value, f.reference, f.significant, f.direction])).toEqual([
      ["Mens E-Mail", "No E-Mail", true, "positive"],
      ["Womens E-Mail", "No E-Mail", true, "positive"],
    ]);
    const womens = result!.findings.find((f) => f.value === "Womens E-Mail")!;
    expect(womens.restRate).toBe(2262 / 21306);
    expect(Math.abs(womens.pValue - 3.1824031593349214e-44)).toBeLessThan(1e-9 * 3.1824031593349214e-44);
    expect(Math.abs(womens.lift - 1.4260550702669101)).toBeLessThan(1e-12);
    expect(Math.abs(womens.liftInterval!.lower - 1.3561712234724586)).toBeLessThan(1e-9);
    expect(Math.abs(womens.liftInterval!.upper - 1.4995400493949955)).toBeLessThan(1e-9);
    const mens = result!.findings.find((f) => f.value === "Mens E-Mail")!;
    expect(Math.abs(mens.pValue - 5.685165482802317e-112)).toBeLessThan(1e-9 * 5.685165482802317e-112);
    expect(Math.abs(mens.lift - 1.721404616781399)).toBeLessThan(1e-12);
    // Against the rest (Mens and No E-Mail mixed), the women's e-mail looked barely better: lift 1.048, p 0.019.
    const [plain] = detectWhoTargets({ counts: { rows, populations }, bins: {} }, { targets: ["booked"], alpha: 0.05, minConversions: 10, confounders: [] });
    const mixed = plain!.findings.find((f) => f.value === "Womens E-Mail")!;
    expect(mixed.reference).toBeUndefined();
    expect(Math.abs(mixed.pValue - 0.019319086659790173)).toBeLessThan(1e-9 * 0.019319086659790173);
  });
});
