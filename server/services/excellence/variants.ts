/**
 * Seed 002's prompt evolution, approval first: from an Excellence Report, variants of the calls'
 * production prompt (winning phrase, timing guidance, personalization, confirmation step — each
 * only when the report's evidence backs it) become new prompt versions with their rationale, and a
 * draft experiment testing them against production waits in the approval inbox. Approving starts
 * it; nothing reaches a lead before that.
 *
 * Which prompt: the tenant setting `excellence.promptName`, else the registry prompt most of the
 * report window's calls name in `promptRef` ("name" or "name@v3").
 */
import { z } from "zod";
import { buildPromptVariants, type ExcellenceReportDocument, type PromptVariant } from "../../core/excellence";
import type { PrismaClient } from "../../db";
import { recordAudit } from "../audit";
import type { TenantContext } from "../context";
import { NotFoundError } from "../errors";
import { createExperiment } from "../experiments/manage";
import { createPromptVersion } from "../prompts";

export const proposeVariantsInput = z.strictObject({ reportId: z.string().uuid().optional() });
/** At most this many variants per experiment, so each arm still reaches its minimum sample. */
const MAX_VARIANTS = 3;

export type VariantProposal =
  | { skipped: string }
  | { approvalId: string; experimentKey: string; promptName: string; variants: Array<{ key: string; version: number; title: string; rationale: string }> };

async function callPromptName(db: PrismaClient, tenantId: string, from: Date, to: Date): Promise<string | null> {
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { settings: true } });
  const configured = (tenant.settings as { excellence?: { promptName?: unknown } } | null)?.excellence?.promptName;
  if (typeof configured === "string" && configured) return configured;
  const rows = await db.$queryRaw<Array<{ name: string; calls: bigint }>>`
    SELECT split_part(c.prompt_ref, '@', 1) AS name, count(*) AS calls FROM calls c
    WHERE c.tenant_id = ${tenantId}::uuid AND c.prompt_ref IS NOT NULL AND c.started_at >= ${from} AND c.started_at < ${to}
      AND EXISTS (SELECT 1 FROM prompts p WHERE p.tenant_id = c.tenant_id AND p.name = split_part(c.prompt_ref, '@', 1))
    GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`;
  return rows[0]?.name ?? null;
}

export async function proposeVariantsFromReport(db: PrismaClient, tenantId: string, reportId?: string, actorCtx?: TenantContext): Promise<VariantProposal> {
  const report = await db.excellenceReport.findFirst({ where: { tenantId, ...(reportId ? { id: reportId } : {}) }, orderBy: { generatedAt: "desc" } });
  if (!report) throw new NotFoundError("no excellence report to build variants from");
  const promptName = await callPromptName(db, tenantId, report.periodFrom, report.periodTo);
  if (!promptName) return { skipped: "the report's calls name no registry prompt in promptRef (or set excellence.promptName in the tenant settings)" };
  const prompt = await db.prompt.findUnique({ where: { tenantId_name: { tenantId, name: promptName } }, include: { labels: { where: { name: "production" }, include: { version: true } } } });
  const production = prompt?.labels[0]?.version;
  if (!prompt || !production) return { skipped: `${promptName} has no production version to improve` };
  if (prompt.kind !== "text" || !production.template) return { skipped: `${promptName} is a config item, not a text prompt` };
  const busy = await db.experiment.findFirst({ where: { tenantId, promptId: prompt.id, status: { in: ["running", "draft"] } }, select: { key: true, status: true } });
  if (busy) return { skipped: `experiment ${busy.key} is already ${busy.status} on ${promptName}; one experiment per prompt at a time` };

  const variants = buildPromptVariants(production.template, report.report as unknown as ExcellenceReportDocument).slice(0, MAX_VARIANTS);
  if (!variants.length) return { skipped: "the report has no significant finding to build a variant from" };

  const ctx: TenantContext = actorCtx ?? { db, tenantId, role: "OWNER", actor: { type: "system" } };
  // Versions first (each in its own transaction; an orphaned version is harmless and says why it exists).
  const created: Array<PromptVariant & { version: number }> = [];
  for (const variant of variants) {
    const version = await createPromptVersion(ctx, {
      name: promptName,
      template: variant.template,
      model: production.model,
      parameters: (production.parameters as Record<string, unknown> | null) ?? {},
      commitMessage: `${variant.title} — ${variant.rationale}`.slice(0, 1000),
      labels: [],
    } as Parameters<typeof createPromptVersion>[1]);
    created.push({ ...variant, version: version.version });
  }
  const experimentKey = `excellence-${report.generatedAt.toISOString().slice(0, 10)}-${report.id.slice(0, 6)}`;
  return db.$transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx as unknown as PrismaClient };
    const experiment = await createExperiment(txCtx, {
      key: experimentKey,
      name: `Excellence variants of ${promptName} (${report.generatedAt.toISOString().slice(0, 10)})`,
      hypothesis: created.map((v) => `${v.title}: ${v.rationale}`).join(" · ").slice(0, 2000),
      prompt: promptName,
      arms: [{ key: "control", version: production.version, isControl: true, weight: 1 }, ...created.map((v) => ({ key: v.key, version: v.version, weight: 1 }))],
      primaryMetric: "showed",
      guardrails: [],
      minSamplePerArm: 100,
      minRelativeLift: 0.05,
      alpha: 0.05,
      method: "sequential",
      correction: "holm",
      allocation: "fixed",
      attributionWindowDays: 30,
      start: false,
    });
    const approval = await tx.approvalRequest.create({
      data: {
        tenantId,
        kind: "experiment_proposal",
        title: `Test ${created.length} variant${created.length === 1 ? "" : "s"} of ${promptName} built from the top 10% of calls`,
        summary: created.map((v) => `${v.title}: ${v.rationale}`).join(" "),
        experimentId: experiment.id,
        promptId: prompt.id,
        evidence: JSON.parse(JSON.stringify({ reportId: report.id, variants: created.map((v) => ({ key: v.key, version: v.version, title: v.title, rationale: v.rationale, evidence: v.evidence, expectedEffect: v.expectedEffect })) })),
        requestedByType: "system",
      },
    });
    await recordAudit(txCtx, tx, { action: "excellence.propose_variants", targetType: "approval_request", targetId: approval.id, details: { reportId: report.id, prompt: promptName, experiment: experimentKey, versions: created.map((v) => v.version) } });
    return { approvalId: approval.id, experimentKey, promptName, variants: created.map((v) => ({ key: v.key, version: v.version, title: v.title, rationale: v.rationale })) };
  });
}

export function proposeVariants(ctx: TenantContext, input: z.infer<typeof proposeVariantsInput>) {
  return proposeVariantsFromReport(ctx.db, ctx.tenantId, input.reportId, ctx);
}
