/**
 * The Excellence Replicator's read side (seed 002): scored calls, their distribution, one call
 * with its transcript analysis, and the Excellence Report — the top 10% of calls (by excellence
 * score, over the lookback window) against the rest and the bottom 10%, written by the pure core
 * and stored per generation, with the production show-up model's performance and the running
 * experiments beside it.
 */
import { z } from "zod";
import { analyzeExcellenceCohorts, analyzeTranscript, excellenceReport, type CohortCall } from "../../core/excellence";
import type { PrismaClient } from "../../db";
import type { TenantContext } from "../context";
import { NotFoundError } from "../errors";
import { eachCallFactsPage, firstNameOf, readCallFacts } from "./call-facts";
import { recomputeExcellenceScores } from "./scores";

export const DEFAULT_LOOKBACK_DAYS = 30;

export const generateReportInput = z.strictObject({ lookbackDays: z.number().int().min(1).max(3650).default(DEFAULT_LOOKBACK_DAYS) });
export const reportRefInput = z.strictObject({ id: z.string().uuid().optional() });
export const listCallsInput = z.strictObject({
  limit: z.number().int().min(1).max(200).default(50),
  /** Offset into the ordering, as returned in nextCursor. */
  cursor: z.number().int().min(0).max(10_000_000).optional(),
  order: z.enum(["score_desc", "recent"]).default("score_desc"),
  /** Sent by infinite queries (tRPC adds it); pages only go forward. */
  direction: z.enum(["forward", "backward"]).optional(),
});
export const callRefInput = z.strictObject({ externalId: z.string().trim().min(1).max(200) });

export async function excellenceOverview(ctx: TenantContext) {
  const [totals] = await ctx.db.$queryRaw<Array<{ calls: bigint; scored: bigint; average: number | null }>>`
    SELECT count(*) AS calls, count(excellence_score) AS scored, avg(excellence_score)::float8 AS average FROM calls WHERE tenant_id = ${ctx.tenantId}::uuid`;
  const buckets = await ctx.db.$queryRaw<Array<{ bucket: number; count: bigint }>>`
    SELECT least(floor(excellence_score / 10), 9)::int AS bucket, count(*) AS count
    FROM calls WHERE tenant_id = ${ctx.tenantId}::uuid AND excellence_score IS NOT NULL GROUP BY 1 ORDER BY 1`;
  const scored = Number(totals?.scored ?? 0);
  // Seed 002's top 10%: the max(1, ⌊n/10⌋) best calls; the threshold is the lowest score among them.
  const topCount = Math.max(1, Math.floor(scored / 10));
  const thresholdRows = scored
    ? await ctx.db.$queryRaw<Array<{ score: number }>>`
        SELECT excellence_score AS score FROM calls WHERE tenant_id = ${ctx.tenantId}::uuid AND excellence_score IS NOT NULL
        ORDER BY excellence_score DESC, id OFFSET ${topCount - 1} LIMIT 1`
    : [];
  const threshold = thresholdRows[0]?.score ?? null;
  const counts = new Map(buckets.map((b) => [b.bucket, Number(b.count)]));
  const latest = await ctx.db.excellenceReport.findFirst({ where: { tenantId: ctx.tenantId }, orderBy: { generatedAt: "desc" }, select: { id: true, generatedAt: true, callCount: true, periodFrom: true, periodTo: true } });
  return {
    calls: Number(totals?.calls ?? 0),
    scored,
    averageScore: totals?.average ?? null,
    distribution: Array.from({ length: 10 }, (_, i) => ({ bucket: `${i * 10}–${i === 9 ? 100 : i * 10 + 10}`, count: counts.get(i) ?? 0 })),
    topThreshold: threshold,
    topCount: scored ? topCount : 0,
    latestReport: latest,
  };
}

export async function listScoredCalls(ctx: TenantContext, input: z.infer<typeof listCallsInput>) {
  const offset = input.cursor ?? 0;
  const order = input.order === "recent" ? "c.started_at DESC, c.id" : "c.excellence_score DESC NULLS LAST, c.id";
  const rows = await ctx.db.$queryRawUnsafe<
    Array<{ id: string; external_id: string; lead_external_id: string; started_at: Date; duration_seconds: number; stage_reached: string | null; score: number | null; components: unknown; outcomes: string[] | null; commitment_score: number | null }>
  >(
    `SELECT c.id::text, c.external_id, l.external_id AS lead_external_id, c.started_at, c.duration_seconds, c.stage_reached,
            c.excellence_score AS score, c.excellence_components AS components, c.commitment_score,
            (SELECT array_agg(DISTINCT o.kind::text) FROM outcomes o WHERE o.tenant_id = c.tenant_id AND o.lead_id = c.lead_id AND (o.call_id = c.id OR (o.call_id IS NULL AND o.occurred_at >= c.started_at))) AS outcomes
     FROM calls c JOIN leads l ON l.id = c.lead_id
     WHERE c.tenant_id = $1::uuid
     ORDER BY ${order} OFFSET $2 LIMIT $3`,
    ctx.tenantId,
    offset,
    input.limit + 1,
  );
  const items = rows.slice(0, input.limit).map((r) => ({
    id: r.id,
    externalId: r.external_id,
    leadExternalId: r.lead_external_id,
    startedAt: r.started_at,
    durationSeconds: Number(r.duration_seconds),
    stageReached: r.stage_reached,
    commitmentScore: r.commitment_score,
    score: r.score,
    components: r.components as { outcome: number; commitment: number; speed: number; postAppointment: number; referral: number } | null,
    outcomes: r.outcomes ?? [],
  }));
  return { items, nextCursor: rows.length > input.limit ? offset + input.limit : null };
}

export async function getCallExcellence(ctx: TenantContext, input: z.infer<typeof callRefInput>) {
  const call = await ctx.db.call.findUnique({ where: { tenantId_externalId: { tenantId: ctx.tenantId, externalId: input.externalId } }, select: { id: true, excellenceComponents: true, excellenceComputedAt: true } });
  if (!call) throw new NotFoundError(`no call with external id ${input.externalId}`);
  const [facts] = await readCallFacts(ctx.db, ctx.tenantId, { callIds: [call.id], includeTranscript: true, limit: 1 });
  const prediction = await ctx.db.prediction.findFirst({ where: { tenantId: ctx.tenantId, subjectType: "call", subjectId: call.id }, orderBy: { predictedAt: "desc" }, select: { probability: true, contributions: true, predictedAt: true, actual: true, errorPoints: true, modelVersionId: true } });
  return {
    ...facts!,
    score: facts!.excellenceScore,
    components: call.excellenceComponents as { outcome: number; commitment: number; speed: number; postAppointment: number; referral: number } | null,
    scoredAt: call.excellenceComputedAt,
    analysis: analyzeTranscript(facts!.transcript ?? [], { firstName: firstNameOf(facts!.lead.name), company: facts!.lead.company }),
    prediction,
  };
}

/** Reads the window's scored calls with transcripts and writes the report; null when there are no scored calls. */
export async function generateExcellenceReport(db: PrismaClient, tenantId: string, options: { to?: Date; lookbackDays?: number } = {}) {
  const to = options.to ?? new Date();
  const lookbackDays = options.lookbackDays ?? DEFAULT_LOOKBACK_DAYS;
  const from = new Date(to.getTime() - lookbackDays * 86_400_000);
  await recomputeExcellenceScores(db, tenantId);
  const calls: CohortCall[] = [];
  for await (const page of eachCallFactsPage(db, tenantId, { from, to, includeTranscript: true })) {
    for (const call of page) {
      if (call.excellenceScore === null) continue;
      calls.push({
        id: call.id,
        score: call.excellenceScore,
        outcomeTracked: call.outcomes.some((o) => o.kind === "showed" || o.kind === "no_show"),
        showed: call.outcomes.some((o) => o.kind === "showed"),
        commitmentScore: call.commitmentScore,
        analysis: analyzeTranscript(call.transcript ?? [], { firstName: firstNameOf(call.lead.name), company: call.lead.company }),
      });
    }
  }
  const production = await db.modelVersion.findFirst({ where: { tenantId, target: "show_up", status: "production" }, select: { version: true, family: true, metrics: true, importance: true } });
  const running = await db.experiment.findMany({ where: { tenantId, status: "running" }, select: { key: true, name: true, decision: true, results: { orderBy: { computedAt: "desc" }, take: 1, select: { units: true, decision: true } } } });
  const analysis = analyzeExcellenceCohorts(calls);
  const report = excellenceReport({
    analysis,
    generatedAt: to.toISOString(),
    period: { from: from.toISOString(), to: to.toISOString(), lookbackDays },
    modelPerformance: production
      ? {
          version: production.version,
          family: production.family,
          holdout: (production.metrics as { holdout?: unknown }).holdout ?? null,
          topFeatures: ((production.importance as Array<{ feature: string; aucDrop: number }>) ?? []).slice(0, 5),
        }
      : null,
    activeOptimizations: running.map((e) => ({ key: e.key, name: e.name, decision: e.decision, units: e.results[0]?.units ?? 0 })),
  });
  return db.excellenceReport.create({ data: { tenantId, periodFrom: from, periodTo: to, callCount: analysis.totalCalls, report: JSON.parse(JSON.stringify(report)) } });
}

export async function generateReport(ctx: TenantContext, input: z.infer<typeof generateReportInput>) {
  const row = await generateExcellenceReport(ctx.db, ctx.tenantId, { lookbackDays: input.lookbackDays });
  return getReport(ctx, { id: row.id });
}

export async function getReport(ctx: TenantContext, input: z.infer<typeof reportRefInput>) {
  const row = await ctx.db.excellenceReport.findFirst({ where: { tenantId: ctx.tenantId, ...(input.id ? { id: input.id } : {}) }, orderBy: { generatedAt: "desc" } });
  if (!row && input.id) throw new NotFoundError("excellence report not found");
  return row;
}

export async function latestExcellenceReportDocument(ctx: TenantContext) {
  const row = await getReport(ctx, {});
  if (!row) throw new NotFoundError("no excellence report yet: generate one on the Calls page or wait for the weekly run");
  return row.report;
}

/** After outcomes or calls arrive: refresh the stale scores a few seconds after the last batch. */
export async function excellenceOutcomesArrived(db: PrismaClient, tenantId: string) {
  if (process.env.FLYWHEEL_EXCELLENCE_ON_OUTCOMES === "0") return;
  clearTimeout(pending.get(tenantId));
  const timer = setTimeout(() => {
    pending.delete(tenantId);
    recomputeExcellenceScores(db, tenantId).catch((error: unknown) => console.error("[excellence] scoring failed", error));
  }, DEBOUNCE_MS);
  timer.unref();
  pending.set(tenantId, timer);
}

const DEBOUNCE_MS = Number(process.env.FLYWHEEL_EXCELLENCE_DEBOUNCE_MS ?? 5_000);
const pending = new Map<string, NodeJS.Timeout>();
