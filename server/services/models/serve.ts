/**
 * The prediction API (`predictShowUp`, `predictConversion`): the target's production model, the
 * subject's features computed exactly as for training, the probability with the features that
 * moved it most, and the prediction stored so its error is known once the outcome arrives.
 */
import { z } from "zod";
import type { FeatureRow, ModelArtifact } from "../../core/predict";
import type { TenantContext } from "../context";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { readCallFacts } from "../excellence/call-facts";
import { callFeatures, LEAD_FEATURES_SQL, leadFeatures, type ModelTarget } from "./datasets";
import { loadedModel } from "./registry";

const featureValue = z.union([z.number().finite(), z.string().max(500), z.boolean(), z.null()]);
const featuresInput = z.record(z.string().min(1).max(100), featureValue).refine((r) => Object.keys(r).length <= 200, "at most 200 features");

export const predictShowUpInput = z.union([
  z.strictObject({ callExternalId: z.string().trim().min(1).max(200), store: z.boolean().default(true) }),
  z.strictObject({ features: featuresInput }),
]);
export const predictConversionInput = z.union([
  z.strictObject({ leadExternalId: z.string().trim().min(1).max(200), store: z.boolean().default(true) }),
  z.strictObject({ features: featuresInput }),
]);

export interface PredictionResult {
  target: ModelTarget;
  probability: number;
  /** Seed 002 speaks in points: the probability × 100, rounded. */
  percent: number;
  /** How sure the model is that the answer is not a coin flip: |p − 0.5| × 2. */
  confidence: number;
  keyFactors: Array<{ feature: string; value: unknown; contribution: number; direction: "raises" | "lowers" }>;
  model: { id: string; version: number; family: string };
  predictionId: string | null;
  subject: { type: "call" | "lead" | "row"; externalId: string | null };
}

async function productionModel(ctx: TenantContext, target: ModelTarget) {
  const row = await ctx.db.modelVersion.findFirst({ where: { tenantId: ctx.tenantId, target, status: "production" }, select: { id: true, version: true, family: true } });
  if (!row) throw new ConflictError(`no ${target} model is in production yet: train one on the Models page and promote it`);
  const model = await loadedModel(ctx.tenantId, row.id, async () => (await ctx.db.modelVersion.findUniqueOrThrow({ where: { id: row.id }, select: { artifact: true } })).artifact as unknown as ModelArtifact);
  return { row, model };
}

async function predict(ctx: TenantContext, target: ModelTarget, features: FeatureRow, subject: { type: "call" | "lead" | "row"; id: string | null; leadId: string | null; externalId: string | null }, store: boolean): Promise<PredictionResult> {
  const { row, model } = await productionModel(ctx, target);
  if (subject.type === "row") assertKnownFeatures(model.features.map((f) => f.name), features);
  const explained = await model.explain(features, 5);
  const keyFactors = explained.contributions.map((c) => ({ feature: c.feature, value: c.value ?? null, contribution: c.contribution, direction: c.contribution >= 0 ? ("raises" as const) : ("lowers" as const) }));
  let predictionId: string | null = null;
  if (store) {
    const stored = await ctx.db.prediction.create({
      data: {
        tenantId: ctx.tenantId,
        modelVersionId: row.id,
        target,
        subjectType: subject.type,
        subjectId: subject.id,
        leadId: subject.leadId,
        probability: explained.probability,
        features: JSON.parse(JSON.stringify(features)),
        contributions: JSON.parse(JSON.stringify(keyFactors)),
      },
      select: { id: true },
    });
    predictionId = stored.id;
  }
  return {
    target,
    probability: explained.probability,
    percent: Math.round(explained.probability * 100),
    confidence: Math.abs(explained.probability - 0.5) * 2,
    keyFactors,
    model: { id: row.id, version: row.version, family: row.family },
    predictionId,
    subject: { type: subject.type, externalId: subject.externalId },
  };
}

export async function predictShowUp(ctx: TenantContext, input: z.infer<typeof predictShowUpInput>): Promise<PredictionResult> {
  if ("features" in input) return predict(ctx, "show_up", input.features, { type: "row", id: null, leadId: null, externalId: null }, true);
  const call = await ctx.db.call.findUnique({ where: { tenantId_externalId: { tenantId: ctx.tenantId, externalId: input.callExternalId } }, select: { id: true } });
  if (!call) throw new NotFoundError(`no call with external id ${input.callExternalId}`);
  const [facts] = await readCallFacts(ctx.db, ctx.tenantId, { callIds: [call.id], includeTranscript: true, limit: 1 });
  return predict(ctx, "show_up", callFeatures(facts!), { type: "call", id: call.id, leadId: facts!.leadId, externalId: input.callExternalId }, input.store);
}

export async function predictConversion(ctx: TenantContext, input: z.infer<typeof predictConversionInput>): Promise<PredictionResult> {
  if ("features" in input) return predict(ctx, "conversion", input.features, { type: "row", id: null, leadId: null, externalId: null }, true);
  const rows = await ctx.db.$queryRawUnsafe<Array<Parameters<typeof leadFeatures>[0] & { id: string }>>(
    `${LEAD_FEATURES_SQL} WHERE l.tenant_id = $1::uuid AND l.external_id = $2 GROUP BY l.id`,
    ctx.tenantId,
    input.leadExternalId,
  );
  const lead = rows[0];
  if (!lead) throw new NotFoundError(`no lead with external id ${input.leadExternalId}`);
  return predict(ctx, "conversion", leadFeatures(lead), { type: "lead", id: lead.id, leadId: lead.id, externalId: input.leadExternalId }, input.store);
}

/** Direct feature rows are checked by name, so a typo is an error and not a silently missing value. */
function assertKnownFeatures(known: string[], row: Record<string, unknown>) {
  const set = new Set(known);
  const unknown = Object.keys(row).filter((k) => !set.has(k));
  if (unknown.length) throw new ValidationError(`unknown features: ${unknown.join(", ")}`, unknown.map((k) => ({ path: `features.${k}`, message: `not a feature of the production model (it has ${known.length})` })));
}
