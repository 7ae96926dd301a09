/**
 * The predictors: on simulated show-up data with planted nonlinear effects (an inverted U in the
 * agent's talk ratio, a commitment × days-to-appointment threshold) the default predictor beats
 * logistic regression on the same holdout; saved and loaded models predict identically; boosting's
 * contributions add up to its logit; early stopping stops on noise; cross-validation folds are
 * stratified and cover every row once; drift is near zero on training-like rows.
 */
import { describe, expect, it } from "vitest";
import { showUpFeatures } from "../../../server/core/excellence";
import { crossValidate, featureDrift, loadModel, trainModel, type FeatureRow } from "../../../server/core/predict";
import { gbdtContributions, gbdtLogits } from "../../../server/core/predict/gbdt";
import { binColumns } from "../../../server/core/predict/transform";
import { seededRandom } from "../../../server/core/stats";
import { simulateWorld } from "../../../server/core/simulator";

function showUpTable() {
  const world = simulateWorld({ seed: 4, leads: 80_000, callShare: 0.9, includeContent: false, effectScale: 2 });
  const show = new Map(world.outcomes.filter((o) => o.kind === "showed" || o.kind === "no_show").map((o) => [o.callExternalId, o.kind === "showed" ? 1 : 0]));
  const zones = new Map(world.leads.map((l) => [l.externalId, l.timezone]));
  const calls = world.calls.filter((c) => show.has(c.externalId));
  return { rows: calls.map((c) => showUpFeatures(c, { timezone: zones.get(c.leadExternalId) })), labels: calls.map((c) => show.get(c.externalId)!), nonlinear: world.truth.nonlinearEffectIds };
}

function syntheticTable(n: number, seed: number, signal = true) {
  const random = seededRandom(seed);
  const rows: FeatureRow[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = random.next() * 10;
    const b = random.next();
    const c = random.next() < 0.2 ? null : random.next() * 5;
    const plan = ["basic", "pro", "team"][Math.floor(random.next() * 3)]!;
    const z = signal ? -1 + 0.3 * a - 16 * (b - 0.5) ** 2 + (plan === "pro" ? 1 : 0) + (c !== null && c > 3 ? 1 : 0) : 0;
    rows.push({ a, b, c, plan, noise: random.next() });
    labels.push(random.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
  }
  return { rows, labels };
}

describe("predictors", () => {
  it("beat logistic regression on simulated show-up data with nonlinear planted effects", async () => {
    const table = showUpTable();
    expect(table.nonlinear).toEqual(["predictor-talk-ratio-inverted-u", "predictor-soon-and-committed"]);
    expect(table.rows.length).toBeGreaterThan(3_000);
    const predictor = await trainModel(table, { seed: 3 });
    const baseline = await trainModel(table, { seed: 3, families: ["logistic"] });
    const auc = (family: string) => predictor.candidates.find((c) => c.family === family)!.holdout.auc;
    console.log(`show-up holdout AUC on ${table.rows.length} calls: gbdt ${auc("gbdt").toFixed(4)}, mlp ${auc("mlp").toFixed(4)}, logistic ${baseline.metrics.holdout.auc.toFixed(4)}`);
    expect(predictor.metrics.holdout.n).toBe(baseline.metrics.holdout.n); // the same holdout rows
    expect(predictor.metrics.holdout.auc - baseline.metrics.holdout.auc).toBeGreaterThan(0.01);
    expect(auc("mlp")).toBeGreaterThan(baseline.metrics.holdout.auc);
    const top = predictor.importance.slice(0, 4).map((f) => f.feature);
    expect(top).toContain("daysToAppointment");
    expect(top).toContain("commitmentScore");
  }, 180_000);

  it("saved and loaded, every family predicts exactly what it did", async () => {
    const { rows, labels } = syntheticTable(3_000, 1);
    for (const family of ["gbdt", "mlp", "logistic"] as const) {
      const trained = await trainModel({ rows, labels }, { families: [family], seed: 2 });
      const first = await loadModel(JSON.parse(JSON.stringify(trained.artifact)));
      const second = await loadModel(JSON.parse(JSON.stringify(trained.artifact)));
      const sample = rows.slice(0, 200);
      expect(await first.predict(sample)).toEqual(await second.predict(sample));
      const explained = await first.explain(rows[0]!, 3);
      expect(explained.probability).toBe((await first.predict([rows[0]!]))[0]);
      expect(explained.contributions.length).toBeLessThanOrEqual(3);
    }
  }, 120_000);

  it("boosting's contributions add up to its logit, and boosting beats logistic on a nonlinear table", async () => {
    const table = syntheticTable(6_000, 5);
    const gbdt = await trainModel(table, { families: ["gbdt"], seed: 1 });
    const logistic = await trainModel(table, { families: ["logistic"], seed: 1 });
    expect(gbdt.metrics.holdout.auc - logistic.metrics.holdout.auc).toBeGreaterThan(0.03);
    const model = gbdt.artifact.gbdt!;
    const bins = binColumns(gbdt.artifact.transform, table.rows.slice(0, 50));
    const logits = gbdtLogits(model, bins, 50);
    for (let i = 0; i < 50; i++) {
      const { bias, contributions } = gbdtContributions(model, bins, i, gbdt.artifact.transform.length);
      expect(bias + contributions.reduce((s, c) => s + c, 0)).toBeCloseTo(logits[i]!, 10);
    }
    expect(gbdt.importance[0]!.feature).not.toBe("noise");
    expect(gbdt.importance.find((f) => f.feature === "noise")!.aucDrop).toBeLessThan(0.01);
  }, 120_000);

  it("stops early on pure noise, and holds out the newest rows when rows have times", async () => {
    const noise = syntheticTable(3_000, 9, false);
    const trained = await trainModel(noise, { families: ["gbdt"], seed: 1 });
    expect(trained.artifact.gbdt!.rounds).toBeLessThan(50);
    expect(Math.abs(trained.metrics.holdout.auc - 0.5)).toBeLessThan(0.06);
    const times = noise.rows.map((_, i) => 1_000_000 + i);
    const timed = await trainModel({ ...noise, times }, { families: ["logistic"], seed: 1 });
    expect(timed.rows).toEqual({ train: 2_400, holdout: 600 });
  }, 60_000);

  it("cross-validates on stratified folds covering every row once", async () => {
    const table = syntheticTable(1_500, 3);
    const cv = await crossValidate(table, { folds: 3, seed: 1, families: ["logistic"] });
    expect(cv.folds.map((f) => f.n).reduce((s, n) => s + n, 0)).toBe(1_500);
    expect(Math.max(...cv.folds.map((f) => f.n)) - Math.min(...cv.folds.map((f) => f.n))).toBeLessThanOrEqual(2);
    expect(cv.meanAuc).toBeGreaterThan(0.7);
  }, 60_000);

  it("drift is near zero on rows like the training rows and large on shifted rows", async () => {
    const table = syntheticTable(4_000, 7);
    const trained = await trainModel(table, { families: ["logistic"], seed: 1 });
    const same = syntheticTable(4_000, 8).rows;
    expect(Math.max(...featureDrift(trained.artifact, same).map((d) => d.psi))).toBeLessThan(0.05);
    const shifted = same.map((row) => ({ ...row, a: (row.a as number) + 5 }));
    const drift = featureDrift(trained.artifact, shifted);
    expect(drift.find((d) => d.feature === "a")!.psi).toBeGreaterThan(0.25);
  }, 60_000);
});
