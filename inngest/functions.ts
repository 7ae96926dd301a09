/**
 * Every Inngest function Flywheel serves. Each is a shell: parse the event, call the service
 * with Inngest's step (server/services/jobs.ts explains the embedded equivalent).
 */
import type { InngestFunction } from "inngest";
import { z } from "zod";
import { getPrisma } from "../server/db";
import type { JobStep } from "../server/services/jobs";
import { executeBackfillRun, executeHealthCheck, executeLearningRun, requestScheduledLearning } from "../server/services/patterns/learn";
import { evaluateTenantExperiments, tenantsWithRunningExperiments } from "../server/services/experiments/evaluate";
import type { Actor } from "../server/services/context";
import { runFeedback } from "../server/services/models/feedback";
import { executeTrainingRun } from "../server/services/models/registry";
import { runWeeklyOptimization } from "../server/services/optimization";
import { inngest } from "./client";

const runEvent = z.object({ tenantId: z.string().uuid(), runId: z.string().uuid() });
const asJobStep = (step: { run: (id: string, fn: () => Promise<unknown>) => Promise<unknown> }): JobStep => ({ run: (id, fn) => step.run(id, fn) as never });

/** Seed 003: weekly learning, Sunday 02:00 UTC — fans out one run per tenant. */
export const weeklyPatternLearning = inngest.createFunction({ id: "patterns-weekly-learning", triggers: [{ cron: "0 2 * * 0" }] }, async ({ step }) => {
  const tenantIds = await step.run("list-tenants", async () => (await (await getPrisma()).tenant.findMany({ select: { id: true } })).map((t) => t.id));
  for (const tenantId of tenantIds) await step.run(`request-${tenantId}`, () => requestScheduledLearning(tenantId));
  return { tenants: tenantIds.length };
});

export const learnPatterns = inngest.createFunction(
  { id: "patterns-learn", triggers: [{ event: "patterns/learn.requested" }], concurrency: { key: "event.data.tenantId", limit: 1 } },
  async ({ event, step }) => executeLearningRun(await getPrisma(), runEvent.parse(event.data), asJobStep(step)),
);

export const backfillPatterns = inngest.createFunction(
  { id: "patterns-backfill", triggers: [{ event: "patterns/backfill.requested" }], concurrency: { key: "event.data.tenantId", limit: 1 } },
  async ({ event, step }) => executeBackfillRun(await getPrisma(), runEvent.parse(event.data), asJobStep(step)),
);

/** Seed 003: daily health, 06:00 UTC. */
export const dailyPatternHealth = inngest.createFunction({ id: "patterns-daily-health", triggers: [{ cron: "0 6 * * *" }] }, async ({ step }) => {
  const tenantIds = await step.run("list-tenants", async () => (await (await getPrisma()).tenant.findMany({ select: { id: true } })).map((t) => t.id));
  for (const tenantId of tenantIds) await step.run(`health-${tenantId}`, async () => (await executeHealthCheck(await getPrisma(), tenantId)).status);
  return { tenants: tenantIds.length };
});

const tenantEvent = z.object({ tenantId: z.string().uuid() });

/** Every 15 minutes: evaluate running experiments, one tenant per event so tenants run independently. */
export const scheduledExperimentEvaluation = inngest.createFunction({ id: "experiments-scheduled-evaluation", triggers: [{ cron: "*/15 * * * *" }] }, async ({ step }) => {
  const tenantIds = await step.run("list-tenants", async () => tenantsWithRunningExperiments(await getPrisma()));
  if (tenantIds.length) await step.sendEvent("fan-out", tenantIds.map((tenantId) => ({ name: "experiments/evaluate.requested", data: { tenantId } })));
  return { tenants: tenantIds.length };
});

/** On outcome events (debounced: outcomes arrive in bursts of batches) and the schedule's fan-out. */
export const evaluateExperiments = inngest.createFunction(
  {
    id: "experiments-evaluate",
    triggers: [{ event: "experiments/evaluate.requested" }],
    concurrency: { key: "event.data.tenantId", limit: 1 },
    debounce: { key: "event.data.tenantId", period: "30s" },
  },
  async ({ event, step }) => evaluateTenantExperiments(await getPrisma(), tenantEvent.parse(event.data).tenantId, asJobStep(step)),
);

const trainEvent = z.object({ tenantId: z.string().uuid(), runId: z.string().uuid(), families: z.array(z.enum(["gbdt", "mlp", "logistic"])).nullable().optional(), actor: z.custom<Actor>().optional() });

/** A training run (manual, a retraining trigger, or the weekly run's), one at a time per tenant. */
export const trainModel = inngest.createFunction(
  { id: "models-train", triggers: [{ event: "models/train.requested" }], concurrency: { key: "event.data.tenantId", limit: 1 } },
  async ({ event, step }) => {
    const data = trainEvent.parse(event.data);
    return executeTrainingRun(await getPrisma(), { tenantId: data.tenantId, runId: data.runId, families: data.families ?? null, actor: data.actor }, asJobStep(step));
  },
);

/** Seed 002's feedback loop: after outcomes, resolve predictions and check the retraining triggers. */
export const modelFeedback = inngest.createFunction(
  { id: "models-feedback", triggers: [{ event: "models/feedback.requested" }], concurrency: { key: "event.data.tenantId", limit: 1 }, debounce: { key: "event.data.tenantId", period: "60s" } },
  async ({ event, step }) => {
    const { tenantId } = tenantEvent.parse(event.data);
    return step.run("feedback", async () => {
      const result = await runFeedback(await getPrisma(), tenantId);
      return { resolved: result.resolved, started: result.started };
    });
  },
);

/** Seed 002's weekly optimization, Sunday 04:00 UTC (after the pattern learning): one run per tenant. */
export const weeklyOptimizationSchedule = inngest.createFunction({ id: "optimization-weekly-schedule", triggers: [{ cron: "0 4 * * 0" }] }, async ({ step }) => {
  const tenantIds = await step.run("list-tenants", async () => (await (await getPrisma()).tenant.findMany({ select: { id: true } })).map((t) => t.id));
  if (tenantIds.length) await step.sendEvent("fan-out", tenantIds.map((tenantId) => ({ name: "optimization/weekly.requested", data: { tenantId } })));
  return { tenants: tenantIds.length };
});

export const weeklyOptimization = inngest.createFunction(
  { id: "optimization-weekly", triggers: [{ event: "optimization/weekly.requested" }], concurrency: { key: "event.data.tenantId", limit: 1 } },
  async ({ event, step }) => runWeeklyOptimization(await getPrisma(), tenantEvent.parse(event.data).tenantId, asJobStep(step)),
);

export const functions: InngestFunction.Any[] = [
  weeklyPatternLearning,
  learnPatterns,
  backfillPatterns,
  dailyPatternHealth,
  scheduledExperimentEvaluation,
  evaluateExperiments,
  trainModel,
  modelFeedback,
  weeklyOptimizationSchedule,
  weeklyOptimization,
];
