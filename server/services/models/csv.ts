/**
 * The CSV path for data people: any CSV with a named binary target column is cross-validated
 * (per-fold AUC and the mean) and trained, and the model is registered as a candidate under the
 * target `csv:<column>`, like a model trained on tenant data. Shared by the Models page upload and
 * the `train` CLI.
 */
import { z } from "zod";
import { crossValidate, tableFromCsv, trainModel } from "../../core/predict";
import type { TenantContext } from "../context";
import { ValidationError } from "../errors";
import { datasetProblem, MODEL_FAMILIES, newestRows, registerModel } from "./registry";

/** 20 MB of CSV text: larger tables belong in the ingestion API, not a browser upload. */
export const MAX_CSV_CHARS = 20_000_000;

export const csvTrainInput = z.strictObject({
  csv: z.string().min(1, "the file is empty").max(MAX_CSV_CHARS, `at most ${MAX_CSV_CHARS / 1_000_000} MB of CSV`),
  fileName: z.string().trim().max(200).optional(),
  target: z.string().trim().min(1).max(100),
  exclude: z.array(z.string().trim().min(1).max(100)).max(500).default([]),
  positive: z.string().trim().min(1).max(100).optional(),
  folds: z.number().int().min(2).max(10).default(5),
  families: z.array(z.enum(MODEL_FAMILIES)).min(1).max(3).optional(),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
});
export type CsvTrainInput = z.infer<typeof csvTrainInput>;

export async function trainFromCsv(ctx: TenantContext, input: CsvTrainInput, onProgress?: (message: string) => void) {
  let table: ReturnType<typeof tableFromCsv>;
  try {
    table = tableFromCsv(input.csv, { target: input.target, exclude: input.exclude, positive: input.positive });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ValidationError(`the CSV cannot be used: ${message}`, [{ path: "csv", message }]);
  }
  const problem = datasetProblem(table);
  if (problem) throw new ValidationError(`not enough data to train: ${problem}`, [{ path: "csv", message: problem }]);
  const target = `csv:${input.target}`;
  const run = await ctx.db.modelTrainingRun.create({ data: { tenantId: ctx.tenantId, target, reason: "csv", stage: "cross-validating", progress: 0.05, message: input.fileName ?? null } });
  try {
    onProgress?.(`${table.rows.length} rows, ${table.features.length} features; ${input.folds}-fold cross-validation`);
    const cv = await crossValidate(table, { folds: input.folds, seed: input.seed, families: input.families });
    for (const fold of cv.folds) onProgress?.(`fold ${fold.fold}: AUC ${fold.auc.toFixed(4)} (${fold.family}, ${fold.n} rows)`);
    onProgress?.(`mean AUC ${cv.meanAuc.toFixed(4)} ± ${cv.sdAuc.toFixed(4)}`);
    await ctx.db.modelTrainingRun.update({ where: { id: run.id }, data: { stage: "training", progress: 0.6, message: `cross-validated: mean AUC ${cv.meanAuc.toFixed(4)}` } });
    const trained = await trainModel(table, { families: input.families, seed: input.seed });
    // A CSV carries no time column we can trust; its last rows stand in for the newest.
    const order = Array.from({ length: table.rows.length }, (_, i) => i);
    const compare = newestRows(order);
    const labels = Array.from(table.labels, Number);
    const registered = await registerModel(ctx.db, ctx.tenantId, ctx.actor, {
      target,
      source: "csv",
      trained,
      comparisonRows: { rows: compare.map((i) => table.rows[i]!), labels: compare.map((i) => labels[i]!) },
      trainingFrom: null,
      trainingTo: null,
      note: input.fileName ? `trained from ${input.fileName}` : "trained from an uploaded CSV",
      crossValidation: { folds: cv.folds, meanAuc: cv.meanAuc, sdAuc: cv.sdAuc, positiveLabel: table.positiveLabel, excluded: input.exclude },
      runId: run.id,
    });
    await ctx.db.modelTrainingRun.update({ where: { id: run.id }, data: { status: "succeeded", stage: "done", progress: 1, finishedAt: new Date(), modelVersionId: registered.modelVersionId, message: registered.comparison.reason } });
    return { runId: run.id, target, crossValidation: cv, holdout: trained.metrics.holdout, family: trained.family, candidates: trained.candidates, importance: trained.importance.slice(0, 10), ...registered };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await ctx.db.modelTrainingRun.update({ where: { id: run.id }, data: { status: "failed", finishedAt: new Date(), error: message, message } });
    throw error;
  }
}
