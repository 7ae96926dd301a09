/**
 * Lead-score weights (server/core/patterns/lead-score.ts, who-logistic.ts). The sparse fit is
 * checked against the stats core's dense `fitLogistic` (itself checked against scikit-learn in
 * test/unit/stats/logistic.test.ts): same objective, same optimum. AUC by hand (sklearn's
 * `roc_auc_score` docs example).
 */
import { describe, expect, it } from "vitest";
import { auc, encodeLead, fitLeadScore, fitLeadScoreSlices, logLoss, percentileOf, scoreLead, type LeadScoreRow } from "../../../server/core/patterns/lead-score";
import { columnScales, fitSparseLogistic } from "../../../server/core/patterns/who-logistic";
import { fitLogistic, seededRandom } from "../../../server/core/stats";

const INDUSTRIES = ["SaaS", "Retail", "Education"];
const SOURCES = ["referral", "list", "event", "partner"];

/** Leads whose booking odds depend on industry and source; seeded. */
function leads(n: number, seed = 7): LeadScoreRow[] {
  const rng = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const industry = INDUSTRIES[rng.int(3)];
    const source = SOURCES[rng.int(4)];
    const logit = -2 + (industry === "SaaS" ? 1.2 : industry === "Education" ? -0.8 : 0) + (source === "referral" ? 0.9 : 0);
    const y = rng.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    return { lead: { industry, source, companySize: i % 7 === 0 ? null : 10 + ((i * 37) % 500), attributes: { crm: i % 3 ? "HubSpot" : "Salesforce" } }, createdAt: i, y } as LeadScoreRow;
  });
}

const SPEC = [{ attribute: "industry" }, { attribute: "source" }, { attribute: "company_size", edges: [10, 100, 300, 509] }, { attribute: "attributes.crm" }];

describe("sparse L2 logistic regression", () => {
  it("reaches the dense stats-core fit (standardised penalty, unpenalised intercept) to 1e-7", () => {
    const model = fitLeadScore(leads(400), { target: "booked", attributes: SPEC, bootstrapReplicates: 0 });
    const rows = leads(400).map((r) => encodeLead(model.encoding, r.lead));
    const y = leads(400).map((r) => r.y);
    const cols = model.features.length;
    const data = new Float64Array(rows.length * cols);
    rows.forEach((hot, i) => hot.forEach((j) => (data[i * cols + j] = 1)));
    const dense = fitLogistic({ data, rows: rows.length, cols }, y, { C: 0.5 });
    const index = Int32Array.from(rows.keys());
    const sparse = fitSparseLogistic({ rows, cols }, y, index, columnScales({ rows, cols }, index).scales, 1 / 0.5);
    expect(dense.code).toBe("OK");
    expect(sparse.converged).toBe(true);
    expect(Math.abs(sparse.intercept - dense.original.intercept)).toBeLessThan(1e-7);
    sparse.coefficients.forEach((c, j) => expect(Math.abs(c - dense.original.coefficients[j])).toBeLessThan(1e-7));
    expect(Math.abs(sparse.logLoss - dense.logLoss)).toBeLessThan(1e-9);
  });

  it("fits a bootstrap resample from the full fit's curvature to the optimum a cold fit reaches", () => {
    const model = fitLeadScore(leads(2000), { target: "booked", attributes: SPEC, bootstrapReplicates: 0 });
    const rows = leads(2000).map((r) => encodeLead(model.encoding, r.lead));
    const y = leads(2000).map((r) => r.y);
    const x = { rows, cols: model.features.length };
    const all = Int32Array.from(rows.keys());
    const { scales } = columnScales(x, all);
    const full = fitSparseLogistic(x, y, all, scales, 1);
    expect(full.hessianFactor?.length).toBeGreaterThan(0);
    const rng = seededRandom(3);
    const resample = Int32Array.from(rows, () => rng.int(rows.length));
    const cold = fitSparseLogistic(x, y, resample, scales, 1, { tol: 1e-12 });
    const warm = fitSparseLogistic(x, y, resample, scales, 1, { start: full, tol: 1e-6, reuseHessian: true, hessianFactor: full.hessianFactor });
    expect(cold.converged && warm.converged).toBe(true);
    // Started from the full fit and its Hessian, with the bootstrap's tolerance: within 1e-5 of the cold fit's optimum.
    expect(Math.abs(warm.intercept - cold.intercept)).toBeLessThan(1e-5);
    warm.coefficients.forEach((c, j) => expect(Math.abs(c - cold.coefficients[j])).toBeLessThan(1e-5));
  });
});

describe("lead score", () => {
  it("measures AUC with average ranks for ties, and log-loss", () => {
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(auc([1, 1, 2], [0, 1, 1])).toBe(0.75);
    expect(auc([1, 2], [1, 1])).toBeNull();
    expect(logLoss([0.5, 0.5], [1, 0])).toBeCloseTo(Math.log(2), 14);
  });

  it("scores percentiles by interpolating the stored quantiles", () => {
    const q = Array.from({ length: 101 }, (_, i) => i / 10);
    expect([percentileOf(q, -1), percentileOf(q, 5.05), percentileOf(q, 99)]).toEqual([0, 50.5, 100]);
    expect(percentileOf([2, 2, 2], 2)).toBe(50);
  });

  it("fits on the oldest leads, evaluates on the newest, refits on all, and explains a score", () => {
    const rows = leads(3000);
    const model = fitLeadScore(rows, { target: "booked", attributes: SPEC, bootstrapReplicates: 20 });
    expect(model.code).toBe("OK");
    expect(model.metrics).toMatchObject({ trainRows: 2400, holdoutRows: 600 });
    expect(model.metrics.holdoutAuc!).toBeGreaterThan(0.65);
    expect(model.metrics.holdoutLogLoss!).toBeLessThan(model.metrics.baselineLogLoss!);
    expect(model.features).toContain("industry=SaaS");
    expect(model.features).toContain("company_size=(missing)");
    const weight = (f: string) => model.coefficients[model.features.indexOf(f)];
    expect(weight("industry=SaaS")).toBeGreaterThan(weight("industry=Education"));
    expect(model.stability.bootstrapReplicates).toBe(20);
    expect(model.stability.standardErrors.every((s) => s >= 0)).toBe(true);
    expect(model.stability.signStability[model.features.indexOf("industry=SaaS")]).toBe(1);
    expect(model.outcomesNeeded).toBe(0);

    // In slices (for a shared thread): at least one per bootstrap replicate, and the same model.
    const slices = fitLeadScoreSlices(rows, { target: "booked", attributes: SPEC, bootstrapReplicates: 20 });
    let sliced = 0;
    for (let step = slices.next(); ; step = slices.next(), sliced++) {
      if (step.done) {
        expect(step.value).toEqual(model);
        break;
      }
    }
    expect(sliced).toBeGreaterThanOrEqual(20);

    const saas = scoreLead(model, { industry: "SaaS", source: "referral", companySize: 50, attributes: { crm: "HubSpot" } });
    const education = scoreLead(model, { industry: "Education", source: "list", companySize: 50, attributes: { crm: "HubSpot" } });
    expect(saas.score).toBeGreaterThan(90);
    expect(education.score).toBeLessThan(20);
    expect(saas.probability).toBeGreaterThan(education.probability);
    expect(saas.contributions[0]).toMatchObject({ attribute: "industry", value: "SaaS" });
    expect(scoreLead(model, { industry: "Mining", attributes: [] }).contributions.find((c) => c.attribute === "industry")?.value).toBe("(other)");
    // Stored as JSON and scored again: the same.
    const stored = JSON.parse(JSON.stringify(model));
    expect(scoreLead(stored, { industry: "SaaS", source: "referral", companySize: 50 })).toEqual(scoreLead(model, { industry: "SaaS", source: "referral", companySize: 50 }));

    const next = fitLeadScore(leads(3000, 8), { target: "booked", attributes: SPEC, bootstrapReplicates: 0, previous: stored });
    expect(next.stability.vsPrevious).toMatchObject({ code: "OK", previousRows: 3000 });
    expect(next.stability.vsPrevious!.cosine).toBeGreaterThan(0.8);
  });

  it("returns a no-fit model when every lead has the same outcome", () => {
    const rows = leads(50).map((r) => ({ ...r, y: 0 as const }));
    const model = fitLeadScore(rows, { target: "booked", attributes: SPEC });
    expect([model.code, model.metrics.holdoutAuc, model.coefficients.every((c) => c === 0)]).toEqual(["ZERO_VARIANCE", null, true]);
    expect(model.outcomesNeeded).toBe(100);
  });
});
