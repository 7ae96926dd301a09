/**
 * Seed 002's continuous feedback loop: when outcomes arrive, stored predictions get their actual
 * value and error (set-based, one statement per target); then the production models' retraining
 * triggers are checked — the error rule (more than 20 outcomes in 7 days averaging more than 25
 * points of error) and feature drift — and a retraining run starts when one fires (at most one a
 * day per target, so a burst of outcomes does not retrain over and over).
 */
import { driftTrigger, errorTrigger, RETRAIN_RULE, type DriftTrigger, type ErrorTrigger } from "../../core/models/lifecycle";
import { featureDrift, type FeatureRow, type ModelArtifact } from "../../core/predict";
import type { PrismaClient } from "../../db";
import type { TenantContext } from "../context";
import { dispatch, registerEmbeddedHandler, usesInngestEngine } from "../jobs";
import { ATTRIBUTED_OUTCOMES_JOIN } from "../excellence/call-facts";
import { MODEL_TARGETS, type ModelTarget } from "./datasets";
import { requestTraining } from "./registry";

/** Resolves open predictions whose outcome is now known; returns how many were resolved per target. */
export async function resolvePredictions(db: PrismaClient, tenantId: string): Promise<Record<ModelTarget, number>> {
  // Show-up of a call: showed → 1, no_show → 0, by the same attribution rule as training.
  const showUp = await db.$executeRawUnsafe(
    `WITH open AS (
       SELECT DISTINCT p.subject_id FROM predictions p
       WHERE p.tenant_id = $1::uuid AND p.target = 'show_up' AND p.subject_type = 'call' AND p.resolved_at IS NULL
     ), c AS (
       SELECT c.*, (SELECT min(n.started_at) FROM calls n WHERE n.lead_id = c.lead_id AND (n.started_at, n.id) > (c.started_at, c.id)) AS next_started_at
       FROM calls c JOIN open ON open.subject_id = c.id
     ), known AS (
       SELECT c.id, CASE WHEN bool_or(o.kind = 'showed') THEN 1 ELSE 0 END AS actual
       FROM c ${ATTRIBUTED_OUTCOMES_JOIN}
       WHERE o.kind IN ('showed', 'no_show')
       GROUP BY c.id
     )
     UPDATE predictions p SET actual = known.actual, error_points = abs(p.probability * 100 - known.actual * 100), resolved_at = now()
     FROM known WHERE p.tenant_id = $1::uuid AND p.target = 'show_up' AND p.subject_type = 'call' AND p.resolved_at IS NULL AND p.subject_id = known.id`,
    tenantId,
  );
  // Conversion of a lead: converted → 1; lost without conversion → 0.
  const conversion = await db.$executeRawUnsafe(
    `WITH known AS (
       SELECT o.lead_id, CASE WHEN bool_or(o.kind = 'converted') THEN 1 ELSE 0 END AS actual
       FROM outcomes o
       WHERE o.tenant_id = $1::uuid AND o.kind IN ('converted', 'lost')
         AND o.lead_id IN (SELECT p.lead_id FROM predictions p WHERE p.tenant_id = $1::uuid AND p.target = 'conversion' AND p.resolved_at IS NULL)
       GROUP BY o.lead_id
     )
     UPDATE predictions p SET actual = known.actual, error_points = abs(p.probability * 100 - known.actual * 100), resolved_at = now()
     FROM known WHERE p.tenant_id = $1::uuid AND p.target = 'conversion' AND p.subject_type = 'lead' AND p.resolved_at IS NULL AND p.lead_id = known.lead_id`,
    tenantId,
  );
  return { show_up: showUp, conversion };
}

export interface TriggerStatus {
  target: ModelTarget;
  production: { id: string; version: number } | null;
  error: ErrorTrigger;
  drift: DriftTrigger;
  fired: boolean;
}

/** The retraining triggers of a target's production model, as of `now`. */
export async function triggerStatus(db: PrismaClient, tenantId: string, target: ModelTarget, now = new Date()): Promise<TriggerStatus> {
  const production = await db.modelVersion.findFirst({ where: { tenantId, target, status: "production" }, select: { id: true, version: true } });
  const since = new Date(now.getTime() - RETRAIN_RULE.windowDays * 86_400_000);
  const resolved = production
    ? await db.prediction.findMany({ where: { tenantId, modelVersionId: production.id, resolvedAt: { gt: since, lte: now } }, select: { errorPoints: true } })
    : [];
  const error = errorTrigger(resolved.map((p) => p.errorPoints ?? 0));
  let drift = driftTrigger([], 0);
  if (production) {
    const recent = await db.prediction.findMany({ where: { tenantId, modelVersionId: production.id, predictedAt: { gt: since, lte: now } }, select: { features: true }, orderBy: { predictedAt: "desc" }, take: 5_000 });
    if (recent.length) {
      const artifact = (await db.modelVersion.findUniqueOrThrow({ where: { id: production.id }, select: { artifact: true } })).artifact as unknown as ModelArtifact;
      drift = driftTrigger(featureDrift(artifact, recent.map((p) => p.features as FeatureRow)), recent.length);
    } else {
      drift = driftTrigger([], 0);
    }
  }
  return { target, production, error, drift, fired: error.fired || drift.fired };
}

/** Resolves predictions, checks every target's triggers, and starts a retraining run where one fired. */
export async function runFeedback(db: PrismaClient, tenantId: string, now = new Date()) {
  const resolved = await resolvePredictions(db, tenantId);
  const started: Array<{ target: ModelTarget; runId: string; reason: string }> = [];
  const statuses: TriggerStatus[] = [];
  for (const target of MODEL_TARGETS) {
    const status = await triggerStatus(db, tenantId, target, now);
    statuses.push(status);
    if (!status.fired || !status.production) continue;
    const recentRun = await db.modelTrainingRun.findFirst({ where: { tenantId, target, reason: { in: ["error_trigger", "drift_trigger"] }, startedAt: { gt: new Date(now.getTime() - 86_400_000) } } });
    if (recentRun) continue;
    const reason = status.error.fired ? "error_trigger" : "drift_trigger";
    const ctx: TenantContext = { db, tenantId, role: "OWNER", actor: { type: "system" } };
    try {
      const { run } = await requestTraining(ctx, { target }, reason);
      started.push({ target, runId: run.id, reason: status.error.fired ? status.error.reason : status.drift.reason });
    } catch (error) {
      // A run already in progress covers this trigger.
      console.warn(`[models] ${target} retraining not started: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { resolved, statuses, started };
}

/** Called after outcomes are ingested, like the experiments' evaluation: debounced per tenant. */
export async function predictionsOutcomesArrived(db: PrismaClient, tenantId: string) {
  if (process.env.FLYWHEEL_MODEL_FEEDBACK_ON_OUTCOMES === "0") return;
  const open = await db.prediction.count({ where: { tenantId, resolvedAt: null } });
  if (open === 0) return;
  if (usesInngestEngine()) {
    await dispatch({ name: "models/feedback.requested", data: { tenantId } });
    return;
  }
  scheduleEmbeddedFeedback(db, tenantId);
}

const DEBOUNCE_MS = Number(process.env.FLYWHEEL_MODEL_FEEDBACK_DEBOUNCE_MS ?? 5_000);
const pending = new Map<string, NodeJS.Timeout>();

function scheduleEmbeddedFeedback(db: PrismaClient, tenantId: string) {
  clearTimeout(pending.get(tenantId));
  const timer = setTimeout(() => {
    pending.delete(tenantId);
    runFeedback(db, tenantId).catch((error: unknown) => console.error("[models] feedback failed", error));
  }, DEBOUNCE_MS);
  timer.unref();
  pending.set(tenantId, timer);
}

registerEmbeddedHandler("models/feedback.requested", async (event) => {
  const { getPrisma } = await import("../../db");
  return runFeedback(await getPrisma(), event.data.tenantId);
});
