/**
 * Seed 002's weekly optimization, one run per tenant, each stage a step (a failed step leaves what
 * the earlier ones stored): refresh excellence scores, write the Excellence Report from the top
 * cohort, propose prompt variants built from it as an experiment waiting for approval, check the
 * predictions' feedback, and retrain the predictors on the latest data (a better candidate is
 * proposed for promotion, never swapped in silently).
 */
import type { PrismaClient } from "../db";
import type { JobStep } from "./jobs";
import { generateExcellenceReport } from "./excellence/report";
import { recomputeExcellenceScores } from "./excellence/scores";
import { proposeVariantsFromReport } from "./excellence/variants";
import { MODEL_TARGETS } from "./models/datasets";
import { runFeedback } from "./models/feedback";
import { datasetProblem, executeTrainingRun } from "./models/registry";
import { trainingSetFor } from "./models/datasets";

export async function runWeeklyOptimization(db: PrismaClient, tenantId: string, step: JobStep, now = new Date()) {
  const scores = await step.run("recompute-excellence-scores", () => recomputeExcellenceScores(db, tenantId));
  const report = await step.run("excellence-report", async () => {
    const generated = await generateExcellenceReport(db, tenantId, { to: now });
    return generated ? { id: generated.id, callCount: generated.callCount } : null;
  });
  const proposal = report ? await step.run("propose-prompt-variants", () => proposeVariantsFromReport(db, tenantId, report.id)) : null;
  const feedback = await step.run("prediction-feedback", async () => {
    const result = await runFeedback(db, tenantId, now);
    return { resolved: result.resolved, started: result.started };
  });
  const trained: Array<{ target: string; outcome: string }> = [];
  for (const target of MODEL_TARGETS) {
    const runId = await step.run(`prepare-${target}`, async () => {
      const problem = datasetProblem(await trainingSetFor(db, tenantId, target));
      if (problem) return { skipped: problem };
      return { runId: (await db.modelTrainingRun.create({ data: { tenantId, target, reason: "weekly", stage: "queued" } })).id };
    });
    if ("skipped" in runId) {
      trained.push({ target, outcome: `skipped: ${runId.skipped}` });
      continue;
    }
    // The training run's own steps, named per target so both targets' steps stay distinct.
    const prefixed: JobStep = { run: (id, fn) => step.run(`${target}-${id}`, fn) };
    const registered = await executeTrainingRun(db, { tenantId, runId: runId.runId }, prefixed);
    trained.push({ target, outcome: registered ? `v${registered.version}: ${registered.comparison.reason}` : "failed (see the run)" });
  }
  return { scores, report, proposal, feedback, trained };
}
