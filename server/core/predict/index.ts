/**
 * Show-up and conversion predictors (seed 002, Phase 3) — and any binary target of a CSV.
 * `trainModel` holds out the newest rows (by `times`; else a stratified seeded sample), trains
 * each requested family with early stopping on an inner split of the training rows, scores all
 * on the holdout, and keeps the best AUC: histogram gradient boosting (strong on tabular data),
 * a TensorFlow.js network, and L2 logistic regression as the baseline. The artifact holds the
 * fitted transform and the parameters, so `loadModel` serves exactly what was evaluated.
 */
import { fitLogistic } from "../stats/logistic";
import { populationStabilityIndex } from "../stats/drift";
import { seededRandom } from "../stats/random";
import { DEFAULT_GBDT_OPTIONS, gbdtContributions, gbdtLogits, trainGbdt, type GbdtModel } from "./gbdt";
import { evaluatePredictions, rocAuc } from "./metrics";
import { loadMlp, trainMlp, type MlpWeights } from "./mlp";
import { baselineValue, binColumns, binCount, driftCountsOf, encodeDense, fitTransform, inferFeatures, type FeatureTransform } from "./transform";
import type { Contribution, FeatureImportance, FeatureRow, FeatureSpec, ModelFamily, ModelMetrics, TrainingSet, TrainOptions } from "./types";

export * from "./types";
export { evaluatePredictions, rocAuc, logLoss, brierScore, calibrationCurve } from "./metrics";
export { parseCsv, tableFromCsv } from "./csv";
export { inferFeatures } from "./transform";
export { ensureBackend } from "./mlp";

export interface ModelArtifact {
  formatVersion: 1;
  family: ModelFamily;
  features: FeatureSpec[];
  transform: FeatureTransform[];
  gbdt?: GbdtModel;
  mlp?: MlpWeights;
  logistic?: { intercept: number; coefficients: number[] };
}

export interface TrainedModel {
  family: ModelFamily;
  artifact: ModelArtifact;
  features: FeatureSpec[];
  metrics: { train: ModelMetrics; holdout: ModelMetrics };
  candidates: Array<{ family: ModelFamily; holdout: ModelMetrics; trainingMs: number }>;
  importance: FeatureImportance[];
  rows: { train: number; holdout: number };
  trainingMs: number;
}

export interface LoadedModel {
  family: ModelFamily;
  features: FeatureSpec[];
  predict(rows: FeatureRow[]): Promise<Float64Array>;
  explain(row: FeatureRow, top?: number): Promise<{ probability: number; contributions: Contribution[] }>;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(Math.max(1e-15, p) / Math.max(1e-15, 1 - p));

/** Newest `fraction` of rows by time, or a stratified seeded sample; returns [rest, held out]. */
export function splitRows(labels: ArrayLike<number>, fraction: number, seed: number, times?: ArrayLike<number>): [Uint32Array, Uint32Array] {
  const n = labels.length;
  const count = Math.max(1, Math.round(n * fraction));
  if (times) {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => times[a]! - times[b]! || a - b);
    return [Uint32Array.from(order.slice(0, n - count)).sort(), Uint32Array.from(order.slice(n - count)).sort()];
  }
  const random = seededRandom(seed);
  const held: number[] = [];
  const kept: number[] = [];
  for (const cls of [0, 1]) {
    const members = Array.from({ length: n }, (_, i) => i).filter((i) => (labels[i] ? 1 : 0) === cls);
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      [members[i], members[j]] = [members[j]!, members[i]!];
    }
    const take = Math.round(members.length * fraction);
    held.push(...members.slice(0, take));
    kept.push(...members.slice(take));
  }
  return [Uint32Array.from(kept).sort(), Uint32Array.from(held).sort()];
}

async function predictWith(artifact: ModelArtifact, rows: readonly FeatureRow[]): Promise<Float64Array> {
  if (artifact.family === "gbdt") return gbdtLogits(artifact.gbdt!, binColumns(artifact.transform, rows), rows.length).map(sigmoid);
  const dense = encodeDense(artifact.transform, rows);
  if (artifact.family === "logistic") {
    const { intercept, coefficients } = artifact.logistic!;
    const out = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      let z = intercept;
      for (let c = 0; c < dense.cols; c++) z += coefficients[c]! * dense.data[i * dense.cols + c]!;
      out[i] = sigmoid(z);
    }
    return out;
  }
  const mlp = await loadMlp(artifact.mlp!, dense.cols);
  try {
    return mlp.predict(dense.data, rows.length);
  } finally {
    mlp.dispose();
  }
}

async function fitFamily(family: ModelFamily, set: { rows: FeatureRow[]; labels: Float64Array }, transform: FeatureTransform[], features: FeatureSpec[], inner: [Uint32Array, Uint32Array], seed: number, progress: (f: number) => void): Promise<ModelArtifact> {
  const base = { formatVersion: 1 as const, family, features, transform };
  if (family === "gbdt") {
    const bins = binColumns(transform, set.rows);
    const model = trainGbdt(bins, transform.map(binCount), transform.map((t) => t.kind === "categorical"), set.labels, inner[0], inner[1], {}, (r, max) => progress(r / max));
    return { ...base, gbdt: model };
  }
  const dense = encodeDense(transform, set.rows);
  if (family === "logistic") {
    const rows = inner[0].length + inner[1].length;
    const all = Uint32Array.from([...inner[0], ...inner[1]]);
    const data = new Float64Array(rows * dense.cols);
    all.forEach((i, k) => data.set(dense.data.subarray(i * dense.cols, (i + 1) * dense.cols), k * dense.cols));
    const fit = fitLogistic({ data, rows, cols: dense.cols }, Array.from(all, (i) => set.labels[i]!), { C: 1 });
    return { ...base, logistic: { intercept: fit.original.intercept, coefficients: fit.original.coefficients } };
  }
  return { ...base, mlp: await trainMlp(dense.data, dense.cols, set.labels, inner[0], inner[1], { seed, onEpoch: (e, max) => progress(e / max) }) };
}

/** Permutation importance on the holdout: AUC lost when one original feature's values are shuffled. */
async function permutationImportance(artifact: ModelArtifact, predict: (rows: FeatureRow[]) => Promise<Float64Array>, rows: FeatureRow[], labels: number[], seed: number, repeats = 3): Promise<FeatureImportance[]> {
  const baseline = rocAuc(labels, await predict(rows));
  const random = seededRandom(seed + 7);
  const out: FeatureImportance[] = [];
  for (const feature of artifact.features) {
    const drops: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const values = rows.map((row) => row[feature.name]);
      for (let i = values.length - 1; i > 0; i--) {
        const j = Math.floor(random.next() * (i + 1));
        [values[i], values[j]] = [values[j], values[i]];
      }
      const shuffled = rows.map((row, i) => ({ ...row, [feature.name]: values[i] }));
      drops.push(baseline - rocAuc(labels, await predict(shuffled)));
    }
    const mean = drops.reduce((s, d) => s + d, 0) / repeats;
    const sd = Math.sqrt(drops.reduce((s, d) => s + (d - mean) ** 2, 0) / Math.max(1, repeats - 1));
    out.push({ feature: feature.name, aucDrop: mean, sd });
  }
  return out.sort((a, b) => b.aucDrop - a.aucDrop);
}

export async function trainModel(set: TrainingSet, options: TrainOptions = {}): Promise<TrainedModel> {
  const started = performance.now();
  const seed = options.seed ?? 1;
  const families = options.families?.length ? [...new Set(options.families)] : (["gbdt", "mlp"] as ModelFamily[]);
  const labels = Float64Array.from(set.labels, (v) => (v ? 1 : 0));
  const progress = options.onProgress ?? (() => {});
  const [trainRows, holdoutRows] = splitRows(labels, options.holdoutFraction ?? 0.2, seed, set.times);
  const features = set.features ?? inferFeatures(set.rows);
  const trainSubset = Array.from(trainRows, (i) => set.rows[i]!);
  const transform = fitTransform(trainSubset, features);
  // Early stopping watches the newest (or a random) 15% of the training rows, never the holdout.
  const trainTimes = set.times ? Array.from(trainRows, (i) => set.times![i]!) : undefined;
  const [innerTrainLocal, innerValidLocal] = splitRows(Array.from(trainRows, (i) => labels[i]!), 0.15, seed + 1, trainTimes);
  const inner: [Uint32Array, Uint32Array] = [innerTrainLocal.map((k) => trainRows[k]!), innerValidLocal.map((k) => trainRows[k]!)];
  const holdoutSet = Array.from(holdoutRows, (i) => set.rows[i]!);
  const holdoutLabels = Array.from(holdoutRows, (i) => labels[i]!);

  const candidates: Array<{ family: ModelFamily; artifact: ModelArtifact; holdout: ModelMetrics; trainingMs: number }> = [];
  for (const [k, family] of families.entries()) {
    const t = performance.now();
    progress({ stage: `training ${family}`, fraction: k / (families.length + 1) });
    const artifact = await fitFamily(family, { rows: set.rows, labels }, transform, features, inner, seed, (f) => progress({ stage: `training ${family}`, fraction: (k + f) / (families.length + 1) }));
    const holdout = evaluatePredictions(holdoutLabels, await predictWith(artifact, holdoutSet));
    candidates.push({ family, artifact, holdout, trainingMs: performance.now() - t });
  }
  const best = candidates.reduce((a, b) => (b.holdout.auc > a.holdout.auc ? b : a));
  progress({ stage: "feature importance", fraction: families.length / (families.length + 1) });
  const loaded = await loadModel(best.artifact);
  const importance = await permutationImportance(best.artifact, loaded.predict, holdoutSet, holdoutLabels, seed);
  const train = evaluatePredictions(Array.from(trainRows, (i) => labels[i]!), await loaded.predict(trainSubset));
  progress({ stage: "done", fraction: 1 });
  return {
    family: best.family,
    artifact: best.artifact,
    features,
    metrics: { train, holdout: best.holdout },
    candidates: candidates.map((c) => ({ family: c.family, holdout: c.holdout, trainingMs: c.trainingMs })),
    importance,
    rows: { train: trainRows.length, holdout: holdoutRows.length },
    trainingMs: performance.now() - started,
  };
}

export async function loadModel(artifact: ModelArtifact): Promise<LoadedModel> {
  if (artifact.formatVersion !== 1) throw new Error(`unknown model format ${String(artifact.formatVersion)}`);
  const mlp = artifact.family === "mlp" ? await loadMlp(artifact.mlp!, encodeDense(artifact.transform, []).cols) : null;
  const predict = async (rows: FeatureRow[]) => (mlp ? (() => { const d = encodeDense(artifact.transform, rows); return mlp.predict(d.data, rows.length); })() : predictWith(artifact, rows));
  return {
    family: artifact.family,
    features: artifact.features,
    predict,
    async explain(row, top = 5) {
      const probability = (await predict([row]))[0]!;
      let contributions: Contribution[];
      if (artifact.family === "gbdt") {
        const bins = binColumns(artifact.transform, [row]);
        const { contributions: c } = gbdtContributions(artifact.gbdt!, bins, 0, artifact.transform.length);
        contributions = artifact.transform.map((t, j) => ({ feature: t.name, value: row[t.name] ?? null, contribution: c[j]! }));
      } else {
        // Occlusion: the logit change when the feature is set to its training median or mode.
        const occluded = artifact.transform.map((t) => ({ ...row, [t.name]: baselineValue(t) }));
        const probabilities = await predict(occluded);
        contributions = artifact.transform.map((t, j) => ({ feature: t.name, value: row[t.name] ?? null, contribution: logit(probability) - logit(probabilities[j]!) }));
      }
      return { probability, contributions: contributions.filter((c) => c.contribution !== 0).sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)).slice(0, top) };
    },
  };
}

/** Stratified k-fold cross-validation: each fold trains on the others (with its own early-stopping split) and scores its rows. */
export async function crossValidate(set: TrainingSet, options: { folds: number; seed?: number; families?: ModelFamily[] }): Promise<{ folds: Array<{ fold: number; n: number; auc: number; logLoss: number; family: ModelFamily }>; meanAuc: number; sdAuc: number }> {
  const seed = options.seed ?? 1;
  const k = Math.max(2, Math.floor(options.folds));
  const random = seededRandom(seed + 11);
  const foldOf = new Int32Array(set.rows.length);
  for (const cls of [0, 1]) {
    const members = Array.from({ length: set.rows.length }, (_, i) => i).filter((i) => (set.labels[i] ? 1 : 0) === cls);
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      [members[i], members[j]] = [members[j]!, members[i]!];
    }
    members.forEach((row, position) => (foldOf[row] = position % k));
  }
  const features = set.features ?? inferFeatures(set.rows);
  const folds = [];
  for (let fold = 0; fold < k; fold++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < set.rows.length; i++) (foldOf[i] === fold ? test : train).push(i);
    const trained = await trainModel({ rows: train.map((i) => set.rows[i]!), labels: train.map((i) => set.labels[i]!), features }, { families: options.families, seed: seed + fold, holdoutFraction: 0.15 });
    const model = await loadModel(trained.artifact);
    const metrics = evaluatePredictions(test.map((i) => set.labels[i]!), await model.predict(test.map((i) => set.rows[i]!)));
    folds.push({ fold: fold + 1, n: test.length, auc: metrics.auc, logLoss: metrics.logLoss, family: trained.family });
  }
  const meanAuc = folds.reduce((s, f) => s + f.auc, 0) / k;
  const sdAuc = Math.sqrt(folds.reduce((s, f) => s + (f.auc - meanAuc) ** 2, 0) / Math.max(1, k - 1));
  return { folds, meanAuc, sdAuc };
}

/** Population stability of each feature in `rows` against the training rows. */
export function featureDrift(artifact: ModelArtifact, rows: FeatureRow[]): Array<{ feature: string; psi: number }> {
  return artifact.transform.map((t) => ({ feature: t.name, psi: populationStabilityIndex(t.driftCounts, driftCountsOf(t, rows)).psi }));
}

export const DEFAULT_TRAINING = { gbdt: DEFAULT_GBDT_OPTIONS } as const;
