/**
 * The model registry: training runs (with progress), versions per target with their metrics and
 * artifact, and the production pointer. A retrained candidate is compared with production on the
 * same newest rows and proposed for promotion only when it is better; promotion goes through the
 * approval inbox unless the tenant's policy promotes models automatically. Version, comparison and
 * proposal are written in one transaction, so a crash mid-run leaves no half-registered model.
 */
import { z } from "zod";
import { compareCandidate, type CandidateComparison, type HoldoutScore } from "../../core/models/lifecycle";
import { evaluatePredictions, loadModel, trainModel, type FeatureRow, type ModelArtifact, type ModelFamily, type TrainedModel } from "../../core/predict";
import type { Prisma, PrismaClient } from "../../db";
import { recordAudit } from "../audit";
import { actorId, type Actor, type TenantContext } from "../context";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { dispatch, registerEmbeddedHandler, type JobStep } from "../jobs";
import { trainingSetFor, MODEL_TARGETS, type ModelTarget, type TenantTrainingSet } from "./datasets";

export const MODEL_FAMILIES = ["gbdt", "mlp", "logistic"] as const;
/** Below this, a model would mostly learn noise; the run says how many more rows it needs. */
export const MIN_TRAINING_ROWS = 100;
export const MIN_CLASS_ROWS = 20;
const HOLDOUT_FRACTION = 0.2;

export const trainInput = z.strictObject({
  target: z.enum(MODEL_TARGETS),
  families: z.array(z.enum(MODEL_FAMILIES)).min(1).max(3).optional(),
});
export const modelRefInput = z.strictObject({ id: z.string().uuid() });
export const listModelsInput = z.strictObject({ target: z.string().trim().min(1).max(100).optional(), limit: z.number().int().min(1).max(200).default(50) });
export const modelPolicyInput = z.strictObject({
  /** When true, a retrained candidate that beats production is promoted without waiting for a person. */
  autoPromoteModels: z.boolean(),
});

export function modelPolicyFrom(settings: unknown): { autoPromoteModels: boolean } {
  const models = (settings as { models?: { autoPromoteModels?: unknown } } | null)?.models;
  return { autoPromoteModels: models?.autoPromoteModels === true };
}

export type TrainReason = "manual" | "error_trigger" | "drift_trigger" | "weekly" | "csv";

/** Starts a training run for a tenant-data target; the caller returns at once with the run. */
export async function requestTraining(ctx: TenantContext, input: z.infer<typeof trainInput>, reason: TrainReason = "manual") {
  const active = await ctx.db.modelTrainingRun.findFirst({ where: { tenantId: ctx.tenantId, target: input.target, status: "running", startedAt: { gt: new Date(Date.now() - 3 * 3600_000) } } });
  if (active) throw new ConflictError(`a ${input.target} training run is already in progress (started ${active.startedAt.toISOString()}); wait for it to finish`);
  const run = await ctx.db.modelTrainingRun.create({ data: { tenantId: ctx.tenantId, target: input.target, reason, stage: "queued", message: "waiting for a worker" } });
  await recordAudit(ctx, ctx.db, { action: "model.train", targetType: "model_training_run", targetId: run.id, details: { target: input.target, reason, families: input.families ?? null } });
  const { done } = await dispatch({ name: "models/train.requested", data: { tenantId: ctx.tenantId, runId: run.id, families: input.families ?? null, actor: ctx.actor } });
  return { run, done };
}

async function progress(db: PrismaClient, runId: string, stage: string, fraction: number, message?: string) {
  await db.modelTrainingRun.update({ where: { id: runId }, data: { stage, progress: Math.max(0, Math.min(1, fraction)), ...(message ? { message } : {}) } });
}

/** Throttled progress writes: training reports often, the row needs a few updates a second at most. */
function progressWriter(db: PrismaClient, runId: string, from: number, to: number) {
  let last = 0;
  let pending: Promise<unknown> = Promise.resolve();
  return {
    report: (p: { stage: string; fraction: number }) => {
      const now = Date.now();
      if (now - last < 500) return;
      last = now;
      pending = pending.then(() => progress(db, runId, p.stage, from + (to - from) * p.fraction)).catch(() => undefined);
    },
    flush: () => pending,
  };
}

export function datasetProblem(set: Pick<TenantTrainingSet, "labels">): string | null {
  const n = set.labels.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += set.labels[i]! ? 1 : 0;
  const negatives = n - positives;
  if (n < MIN_TRAINING_ROWS) return `${n} rows with a known outcome; training needs at least ${MIN_TRAINING_ROWS} (${MIN_TRAINING_ROWS - n} more)`;
  if (positives < MIN_CLASS_ROWS || negatives < MIN_CLASS_ROWS) return `${positives} positive and ${negatives} negative rows; each needs at least ${MIN_CLASS_ROWS}`;
  return null;
}

/** Indices of the newest `fraction` of rows (ties broken by position): where candidate and production are compared. */
export function newestRows(times: ArrayLike<number>, fraction = HOLDOUT_FRACTION): number[] {
  const order = Array.from({ length: times.length }, (_, i) => i).sort((a, b) => times[a]! - times[b]! || a - b);
  const count = Math.max(1, Math.round(times.length * fraction));
  return order.slice(order.length - count);
}

async function scoreOn(artifact: ModelArtifact, rows: FeatureRow[], labels: number[]): Promise<HoldoutScore> {
  const model = await loadModel(artifact);
  const metrics = evaluatePredictions(labels, await model.predict(rows));
  return { auc: metrics.auc, logLoss: metrics.logLoss, brier: metrics.brier, n: metrics.n };
}

export interface RegisteredModel {
  modelVersionId: string;
  version: number;
  comparison: CandidateComparison;
  approvalId: string | null;
  promoted: boolean;
}

/**
 * Registers a trained model as a candidate, compares it with production on `comparison` rows and,
 * when better, proposes promotion (or promotes, by policy). One transaction.
 */
export async function registerModel(
  db: PrismaClient,
  tenantId: string,
  actor: Actor,
  input: { target: string; source: "tenant_data" | "csv"; trained: TrainedModel; comparisonRows: { rows: FeatureRow[]; labels: number[] }; trainingFrom: Date | null; trainingTo: Date | null; note?: string; crossValidation?: unknown; runId?: string },
): Promise<RegisteredModel> {
  const production = await db.modelVersion.findFirst({ where: { tenantId, target: input.target, status: "production" }, orderBy: { version: "desc" } });
  const candidateScore = await scoreOn(input.trained.artifact, input.comparisonRows.rows, input.comparisonRows.labels);
  let productionScore: HoldoutScore | null = null;
  if (production) {
    try {
      productionScore = await scoreOn(production.artifact as unknown as ModelArtifact, input.comparisonRows.rows, input.comparisonRows.labels);
    } catch (error) {
      // A production artifact that no longer loads is no baseline at all; say so in the comparison.
      console.error("[models] production artifact failed to load", error);
    }
  }
  const comparison = compareCandidate(candidateScore, productionScore);
  const ctx = { tenantId, actor };

  return db.$transaction(async (tx) => {
    // Version numbers per tenant × target: the advisory lock serialises concurrent registrations.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${tenantId}:model:${input.target}`}))`;
    const last = await tx.modelVersion.findFirst({ where: { tenantId, target: input.target }, orderBy: { version: "desc" }, select: { version: true } });
    const version = (last?.version ?? 0) + 1;
    const trained = input.trained;
    const created = await tx.modelVersion.create({
      data: {
        tenantId,
        target: input.target,
        version,
        family: trained.family,
        source: input.source,
        features: trained.features as unknown as Prisma.InputJsonValue,
        trainingFrom: input.trainingFrom,
        trainingTo: input.trainingTo,
        trainRows: trained.rows.train,
        holdoutRows: trained.rows.holdout,
        metrics: JSON.parse(JSON.stringify({ train: trained.metrics.train, holdout: trained.metrics.holdout, candidates: trained.candidates, crossValidation: input.crossValidation ?? null })),
        importance: JSON.parse(JSON.stringify(trained.importance)),
        comparison: JSON.parse(JSON.stringify({ ...comparison, productionVersionId: production?.id ?? null, productionVersion: production?.version ?? null })),
        artifact: trained.artifact as unknown as Prisma.InputJsonValue,
        trainingMs: Math.round(trained.trainingMs),
        note: input.note,
        createdByType: actor.type,
        createdById: actorId(actor),
      },
    });
    if (input.runId) await tx.modelTrainingRun.update({ where: { id: input.runId }, data: { modelVersionId: created.id } });
    await recordAudit(ctx, tx, { action: "model.register", targetType: "model_version", targetId: created.id, details: { target: input.target, version, family: trained.family, holdoutAuc: trained.metrics.holdout.auc, better: comparison.better, reason: comparison.reason } });
    if (!comparison.better) return { modelVersionId: created.id, version, comparison, approvalId: null, promoted: false };

    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { settings: true } });
    const auto = modelPolicyFrom(tenant.settings).autoPromoteModels;
    const title = `Promote ${input.target} model v${version} (${trained.family}) to production`;
    const approval = await tx.approvalRequest.create({
      data: {
        tenantId,
        kind: "model_promotion",
        status: auto ? "approved" : "pending",
        title,
        summary: comparison.reason,
        fromModelVersionId: production?.id ?? null,
        toModelVersionId: created.id,
        evidence: JSON.parse(JSON.stringify({ target: input.target, comparison, productionVersion: production?.version ?? null, version })),
        requestedByType: "system",
        ...(auto ? { decidedAt: new Date(), decisionNote: "approved automatically by the tenant's model policy" } : {}),
      },
    });
    if (auto) {
      await setProduction(tx, tenantId, input.target, created.id);
      await recordAudit(ctx, tx, { action: "approval.auto_approve", targetType: "approval_request", targetId: approval.id, details: { title } });
    }
    return { modelVersionId: created.id, version, comparison, approvalId: approval.id, promoted: auto };
  });
}

/** Makes `modelVersionId` the target's production model and archives the one before. */
export async function setProduction(tx: Prisma.TransactionClient, tenantId: string, target: string, modelVersionId: string | null) {
  await tx.modelVersion.updateMany({ where: { tenantId, target, status: "production", ...(modelVersionId ? { id: { not: modelVersionId } } : {}) }, data: { status: "archived", archivedAt: new Date() } });
  if (modelVersionId) await tx.modelVersion.update({ where: { id: modelVersionId }, data: { status: "production", promotedAt: new Date(), archivedAt: null } });
}

/** The training job: load, train, compare, register. Each stage is a step; a failure marks the run failed and changes nothing else. */
export async function executeTrainingRun(db: PrismaClient, input: { tenantId: string; runId: string; families?: ModelFamily[] | null; actor?: Actor }, step: JobStep) {
  const run = await db.modelTrainingRun.findUniqueOrThrow({ where: { id: input.runId } });
  const target = run.target as ModelTarget;
  try {
    await progress(db, run.id, "loading data", 0.02, "reading calls and outcomes");
    const registered = await step.run("train-and-register", async () => {
      const set = await trainingSetFor(db, input.tenantId, target);
      const problem = datasetProblem(set);
      if (problem) throw new ValidationError(`not enough data to train a ${target} model: ${problem}`, [{ path: "target", message: problem }]);
      await progress(db, run.id, "training", 0.1, `${set.rows.length} rows`);
      const writer = progressWriter(db, run.id, 0.1, 0.85);
      const trained = await trainModel(set, { families: input.families ?? undefined, seed: 1, holdoutFraction: HOLDOUT_FRACTION, onProgress: writer.report });
      await writer.flush();
      await progress(db, run.id, "comparing with production", 0.9);
      const newest = newestRows(set.times);
      return registerModel(db, input.tenantId, input.actor ?? { type: "system" }, {
        target,
        source: "tenant_data",
        trained,
        comparisonRows: { rows: newest.map((i) => set.rows[i]!), labels: newest.map((i) => set.labels[i]!) },
        trainingFrom: set.from,
        trainingTo: set.to,
        note: `${run.reason} run`,
        runId: run.id,
      });
    });
    await db.modelTrainingRun.update({ where: { id: run.id }, data: { status: "succeeded", stage: "done", progress: 1, finishedAt: new Date(), modelVersionId: registered.modelVersionId, message: registered.comparison.reason } });
    return registered;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.modelTrainingRun.update({ where: { id: run.id }, data: { status: "failed", finishedAt: new Date(), error: message, message } });
    if (error instanceof ValidationError) return null;
    throw error;
  }
}

registerEmbeddedHandler("models/train.requested", async (event, step) => {
  const { getPrisma } = await import("../../db");
  return executeTrainingRun(await getPrisma(), { tenantId: event.data.tenantId, runId: event.data.runId, families: event.data.families as ModelFamily[] | null, actor: event.data.actor }, step);
});

export async function listModels(ctx: TenantContext, input: z.infer<typeof listModelsInput>) {
  const rows = await ctx.db.modelVersion.findMany({
    where: { tenantId: ctx.tenantId, ...(input.target ? { target: input.target } : {}) },
    orderBy: [{ target: "asc" }, { version: "desc" }],
    take: input.limit,
    omit: { artifact: true },
  });
  const runs = await ctx.db.modelTrainingRun.findMany({ where: { tenantId: ctx.tenantId }, orderBy: { startedAt: "desc" }, take: 10 });
  const pending = await ctx.db.approvalRequest.findMany({ where: { tenantId: ctx.tenantId, kind: "model_promotion", status: "pending" }, select: { id: true, toModelVersionId: true } });
  const pendingByVersion = new Map(pending.map((p) => [p.toModelVersionId, p.id]));
  return { items: rows.map((r) => ({ ...r, pendingApprovalId: pendingByVersion.get(r.id) ?? null })), runs };
}

export async function getModel(ctx: TenantContext, input: z.infer<typeof modelRefInput>) {
  const row = await ctx.db.modelVersion.findFirst({ where: { id: input.id, tenantId: ctx.tenantId }, omit: { artifact: true } });
  if (!row) throw new NotFoundError("model version not found");
  const [predictions, resolved, approvals] = await Promise.all([
    ctx.db.prediction.count({ where: { tenantId: ctx.tenantId, modelVersionId: row.id } }),
    ctx.db.prediction.aggregate({ where: { tenantId: ctx.tenantId, modelVersionId: row.id, resolvedAt: { not: null } }, _count: true, _avg: { errorPoints: true } }),
    ctx.db.approvalRequest.findMany({ where: { tenantId: ctx.tenantId, kind: "model_promotion", OR: [{ toModelVersionId: row.id }, { fromModelVersionId: row.id }] }, orderBy: { createdAt: "desc" } }),
  ]);
  return { ...row, served: { predictions, resolved: resolved._count, averageErrorPoints: resolved._avg.errorPoints }, approvals };
}

export async function getRun(ctx: TenantContext, input: { id: string }) {
  const run = await ctx.db.modelTrainingRun.findFirst({ where: { id: input.id, tenantId: ctx.tenantId } });
  if (!run) throw new NotFoundError("training run not found");
  return run;
}

/**
 * An ADMIN promoting a version by hand: that click is the human approval. A pending request for
 * this version is approved; otherwise one is created already approved, so the inbox shows every
 * promotion and rollback can find the version it replaced.
 */
export async function promoteModel(ctx: TenantContext, input: z.infer<typeof modelRefInput> & { note?: string }) {
  const approvalId = await ctx.db.$transaction(async (tx) => {
    const model = await tx.modelVersion.findFirst({ where: { id: input.id, tenantId: ctx.tenantId } });
    if (!model) throw new NotFoundError("model version not found");
    if (model.status === "production") throw new ConflictError(`v${model.version} is already in production`);
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${ctx.tenantId}:model:${model.target}`}))`;
    const production = await tx.modelVersion.findFirst({ where: { tenantId: ctx.tenantId, target: model.target, status: "production" } });
    const pending = await tx.approvalRequest.findFirst({ where: { tenantId: ctx.tenantId, kind: "model_promotion", status: "pending", toModelVersionId: model.id } });
    const decided = { status: "approved" as const, decidedById: actorId(ctx.actor), decidedAt: new Date(), decisionNote: input.note ?? null };
    const approval = pending
      ? await tx.approvalRequest.update({ where: { id: pending.id }, data: { ...decided, fromModelVersionId: production?.id ?? null } })
      : await tx.approvalRequest.create({
          data: {
            tenantId: ctx.tenantId,
            kind: "model_promotion",
            title: `Promote ${model.target} model v${model.version} (${model.family}) to production`,
            summary: "promoted by hand",
            fromModelVersionId: production?.id ?? null,
            toModelVersionId: model.id,
            evidence: JSON.parse(JSON.stringify({ target: model.target, version: model.version, metrics: model.metrics, comparison: model.comparison })),
            requestedByType: ctx.actor.type,
            requestedById: actorId(ctx.actor),
            ...decided,
          },
        });
    await setProduction(tx, ctx.tenantId, model.target, model.id);
    await recordAudit(ctx, tx, { action: "model.promote", targetType: "model_version", targetId: model.id, details: { target: model.target, version: model.version, replaced: production?.version ?? null, note: input.note ?? null, approvalId: approval.id } });
    return approval.id;
  });
  forgetLoadedModels(ctx.tenantId);
  return { approvalId, model: await getModel(ctx, { id: input.id }) };
}

/** Rolls the target back to the version the current production model replaced (or to none). */
export async function rollbackModel(ctx: TenantContext, input: { target: string; note?: string }) {
  const result = await ctx.db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${ctx.tenantId}:model:${input.target}`}))`;
    const production = await tx.modelVersion.findFirst({ where: { tenantId: ctx.tenantId, target: input.target, status: "production" } });
    if (!production) throw new ConflictError(`no ${input.target} model is in production`);
    const promotion = await tx.approvalRequest.findFirst({ where: { tenantId: ctx.tenantId, kind: "model_promotion", status: "approved", toModelVersionId: production.id, rolledBackAt: null }, orderBy: { decidedAt: "desc" } });
    const previousId = promotion?.fromModelVersionId ?? null;
    await setProduction(tx, ctx.tenantId, input.target, previousId);
    if (promotion) await tx.approvalRequest.update({ where: { id: promotion.id }, data: { rolledBackAt: new Date(), rolledBackById: actorId(ctx.actor) } });
    await recordAudit(ctx, tx, { action: "model.rollback", targetType: "model_version", targetId: production.id, details: { target: input.target, from: production.version, to: previousId, note: input.note ?? null } });
    return { rolledBack: production.id, production: previousId };
  });
  forgetLoadedModels(ctx.tenantId);
  return result;
}

export async function getModelPolicy(ctx: TenantContext) {
  const tenant = await ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { settings: true } });
  return modelPolicyFrom(tenant.settings);
}

export async function setModelPolicy(ctx: TenantContext, input: z.infer<typeof modelPolicyInput>) {
  await ctx.db.$transaction(async (tx) => {
    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { settings: true } });
    const settings = { ...((tenant.settings as Record<string, unknown>) ?? {}), models: { autoPromoteModels: input.autoPromoteModels } };
    await tx.tenant.update({ where: { id: ctx.tenantId }, data: { settings } });
    await recordAudit(ctx, tx, { action: "models.policy", targetType: "tenant", targetId: ctx.tenantId, details: input });
  });
  return input;
}

// Loaded (deserialized) production models per version id, shared by the prediction API.
const loaded = new Map<string, { tenantId: string; model: ReturnType<typeof loadModel> }>();

export function loadedModel(tenantId: string, modelVersionId: string, artifact: () => Promise<ModelArtifact>) {
  const hit = loaded.get(modelVersionId);
  if (hit) return hit.model;
  if (loaded.size > 200) loaded.delete(loaded.keys().next().value!);
  const model = artifact().then((a) => loadModel(a));
  model.catch(() => loaded.delete(modelVersionId));
  loaded.set(modelVersionId, { tenantId, model });
  return model;
}

export function forgetLoadedModels(tenantId: string) {
  for (const [id, entry] of loaded) if (entry.tenantId === tenantId) loaded.delete(id);
}
