/**
 * Predictor training on a 100k-row simulated table: time and holdout AUC per family (histogram
 * boosting, the TensorFlow.js network, logistic regression), and — when scikit-learn is installed
 * (Debian: apt-get install python3-sklearn) — its default GradientBoostingClassifier on the same
 * train/holdout split, for comparison. Figures, not pass/fail.
 *
 *   npm run bench:train [-- --rows 100000 --families gbdt,mlp,logistic]
 *
 * The table: 12 numeric and 3 categorical features with planted linear effects, a threshold
 * interaction, an inverted U and a categorical effect, 4 pure-noise columns, 10% missing values.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ensureBackend, trainModel, type FeatureRow, type ModelFamily } from "../server/core/predict";
import { seededRandom } from "../server/core/stats";

const { values } = parseArgs({ options: { rows: { type: "string", default: "100000" }, families: { type: "string", default: "gbdt,mlp,logistic" } } });
const n = Number(values.rows);
const families = values.families!.split(",") as ModelFamily[];

const random = seededRandom(2026);
const rows: FeatureRow[] = [];
const labels: number[] = [];
const times: number[] = [];
const maybe = (v: number) => (random.next() < 0.1 ? null : v);
for (let i = 0; i < n; i++) {
  const x = Array.from({ length: 12 }, () => random.next() * 2 - 1);
  const region = ["na", "eu", "apac", "latam"][Math.floor(random.next() * 4)]!;
  const plan = ["free", "pro", "team", "enterprise"][Math.floor(random.next() * 4)]!;
  const source = `s${Math.floor(random.next() * 12)}`;
  const z = -0.5 + 0.8 * x[0]! - 0.6 * x[1]! + 0.4 * x[2]! + (x[3]! > 0.3 && x[4]! > 0 ? 1.2 : 0) - 3 * x[5]! ** 2 + 1 + (plan === "enterprise" ? 0.8 : plan === "free" ? -0.6 : 0) + (region === "eu" ? 0.3 : 0) + 0.5 * Math.sin(3 * x[6]!);
  const row: FeatureRow = { region, plan, source };
  x.forEach((v, j) => (row[`x${j}`] = j < 8 ? maybe(v) : v));
  rows.push(row);
  labels.push(random.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
  times.push(i);
}
const holdoutStart = Math.round(n * 0.8);
console.log(`${n.toLocaleString()} rows × 15 features, positive rate ${(labels.reduce((s, v) => s + v, 0) / n).toFixed(3)}; holdout: the last 20% (rows ${holdoutStart}–${n - 1})`);
console.log(`TensorFlow.js backend: ${await ensureBackend()}`);

for (const family of families) {
  const started = performance.now();
  const trained = await trainModel({ rows, labels, times }, { families: [family], seed: 1 });
  const seconds = (performance.now() - started) / 1000;
  const fit = trained.candidates[0]!;
  console.log(`${family.padEnd(8)} holdout AUC ${trained.metrics.holdout.auc.toFixed(4)}  log-loss ${trained.metrics.holdout.logLoss.toFixed(4)}  fit ${(fit.trainingMs / 1000).toFixed(1)} s (with importance: ${seconds.toFixed(1)} s)  ${(trained.rows.train / (fit.trainingMs / 1000)).toFixed(0)} rows/s${family === "gbdt" ? `  ${trained.artifact.gbdt!.rounds} trees` : ""}`);
}

const python = ["/usr/bin/python3", "python3"].find((p) => spawnSync(p, ["-c", "import sklearn"]).status === 0);
if (!python) {
  console.log("scikit-learn: not installed (apt-get install python3-sklearn), no comparison");
} else {
  const dir = mkdtempSync(join(tmpdir(), "bench-train-"));
  try {
    const columns = Object.keys(rows[0]!);
    const csv = [[...columns, "y"].join(","), ...rows.map((r, i) => [...columns.map((c) => r[c] ?? ""), labels[i]].join(","))].join("\n");
    writeFileSync(join(dir, "table.csv"), csv);
    const result = spawnSync(python, ["test/reference/predict_sklearn_gbc.py", join(dir, "table.csv"), String(holdoutStart)], { encoding: "utf8" });
    process.stdout.write(result.stdout || result.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
