/**
 * Cross-validates and trains on a CSV with a binary target column, locally, and prints per-fold
 * AUC, the mean ± SD, the holdout metrics of the model trained on all rows, the chosen family and
 * the top features; --out writes the artifact (loadable with loadModel).
 *
 *   npx tsx scripts/train-csv.ts --csv data.csv --target y [--exclude a,b] [--folds 5] [--families gbdt,mlp,logistic] [--positive yes] [--seed 1] [--out model.json]
 */
import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { crossValidate, tableFromCsv, trainModel, type ModelFamily } from "../server/core/predict";

const usage = "usage: train --csv data.csv --target y [--exclude a,b] [--folds 5] [--families gbdt,mlp,logistic] [--positive yes] [--seed 1] [--out model.json]";
const FAMILIES = ["gbdt", "mlp", "logistic"];

export async function main(argv: string[]) {
  const { values } = parseArgs({ args: argv, options: { csv: { type: "string" }, target: { type: "string" }, exclude: { type: "string" }, folds: { type: "string" }, families: { type: "string" }, positive: { type: "string" }, seed: { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help) return void console.log(usage);
  if (!values.csv || !values.target) throw new Error(`--csv and --target are required\n${usage}`);
  const folds = Number(values.folds ?? 5);
  if (!Number.isInteger(folds) || folds < 2 || folds > 20) throw new Error(`--folds must be an integer from 2 to 20, got ${values.folds}`);
  const families = values.families?.split(",").map((f) => f.trim());
  const unknown = families?.filter((f) => !FAMILIES.includes(f)) ?? [];
  if (unknown.length) throw new Error(`unknown families ${unknown.join(", ")}: choose from ${FAMILIES.join(", ")}`);
  const seed = Number(values.seed ?? 1);
  const table = tableFromCsv(await readFile(values.csv, "utf8"), { target: values.target, exclude: values.exclude?.split(",").map((c) => c.trim()).filter(Boolean), positive: values.positive });
  const positives = Array.from(table.labels).reduce((s, v) => s + v, 0);
  console.log(`${values.csv}: ${table.rows.length} rows, ${table.features.length} features (${table.features.map((f) => `${f.name}:${f.kind}`).join(", ")}); target ${values.target} = ${table.positiveLabel} in ${positives} rows`);
  const started = performance.now();
  const cv = await crossValidate(table, { folds, seed, families: families as ModelFamily[] | undefined });
  for (const fold of cv.folds) console.log(`fold ${fold.fold}: AUC ${fold.auc.toFixed(4)}  log-loss ${fold.logLoss.toFixed(4)}  (${fold.family}, ${fold.n} rows)`);
  console.log(`mean AUC ${cv.meanAuc.toFixed(4)} ± ${cv.sdAuc.toFixed(4)} over ${folds} folds (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  const trained = await trainModel(table, { seed, families: families as ModelFamily[] | undefined });
  const h = trained.metrics.holdout;
  console.log(`all rows: ${trained.family} wins (${trained.candidates.map((c) => `${c.family} ${c.holdout.auc.toFixed(4)}`).join(", ")}); holdout AUC ${h.auc.toFixed(4)}, log-loss ${h.logLoss.toFixed(4)}, Brier ${h.brier.toFixed(4)}`);
  console.log(`top features: ${trained.importance.slice(0, 5).map((f) => `${f.feature} (${f.aucDrop.toFixed(4)})`).join(", ")}`);
  if (values.out) {
    await writeFile(values.out, JSON.stringify(trained.artifact));
    console.log(`artifact written to ${values.out}`);
  }
  return { cv, trained };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error((error as Error).message);
    process.exitCode = 1;
  });
}
