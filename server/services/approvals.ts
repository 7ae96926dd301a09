/**
 * The approval inbox: changes Flywheel proposes wait here for a person unless the tenant's policy
 * approves them automatically — promoting an experiment's winning version to a protected label
 * (approving moves the label; rolling back moves it back), promoting a retrained model (approving
 * makes it production; rolling back restores the model it replaced), and starting an experiment
 * on prompt variants built from the best calls (approving starts it). Every decision is in
 * the audit log with who and why, and each runs in one transaction so a crash leaves either the
 * old state or the new one.
 */
import { z } from "zod";
import type { Prisma, PrismaClient } from "../db";
import { recordAudit } from "./audit";
import type { TenantContext } from "./context";
import { ConflictError, NotFoundError } from "./errors";
import { forgetTenantExperiments } from "./experiments/assign";
import { startExperiment } from "./experiments/manage";
import { forgetLoadedModels, setProduction } from "./models/registry";
import { movePromptLabel } from "./prompts";

export const listApprovalsInput = z.strictObject({
  status: z.enum(["pending", "approved", "rejected", "cancelled"]).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export const approvalDecisionInput = z.strictObject({ id: z.string().uuid(), note: z.string().trim().max(1000).optional() });
export const approvalPolicyInput = z.strictObject({
  /** When true, an experiment's PROMOTE decision moves the production label without waiting for a person. */
  autoApprovePromotions: z.boolean(),
});

export interface ApprovalPolicy {
  autoApprovePromotions: boolean;
}

export function approvalPolicyFrom(settings: unknown): ApprovalPolicy {
  const approvals = (settings as { approvals?: { autoApprovePromotions?: unknown } } | null)?.approvals;
  return { autoApprovePromotions: approvals?.autoApprovePromotions === true };
}

export async function getApprovalPolicy(ctx: TenantContext): Promise<ApprovalPolicy> {
  const tenant = await ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { settings: true } });
  return approvalPolicyFrom(tenant.settings);
}

export async function setApprovalPolicy(ctx: TenantContext, input: z.infer<typeof approvalPolicyInput>): Promise<ApprovalPolicy> {
  await ctx.db.$transaction(async (tx) => {
    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { settings: true } });
    const settings = { ...((tenant.settings as Record<string, unknown>) ?? {}), approvals: { autoApprovePromotions: input.autoApprovePromotions } };
    await tx.tenant.update({ where: { id: ctx.tenantId }, data: { settings } });
    await recordAudit(ctx, tx, { action: "approvals.policy", targetType: "tenant", targetId: ctx.tenantId, details: input });
  });
  return input;
}

export async function listApprovals(ctx: TenantContext, input: z.infer<typeof listApprovalsInput>) {
  const rows = await ctx.db.approvalRequest.findMany({
    where: { tenantId: ctx.tenantId, ...(input.status ? { status: input.status } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit,
  });
  const [pending] = await Promise.all([ctx.db.approvalRequest.count({ where: { tenantId: ctx.tenantId, status: "pending" } })]);
  return { items: await withNames(ctx.db, ctx.tenantId, rows), pending };
}

/** Adds prompt names, version numbers and experiment keys for display. */
async function withNames(db: PrismaClient | Prisma.TransactionClient, tenantId: string, rows: Awaited<ReturnType<PrismaClient["approvalRequest"]["findMany"]>>) {
  const versionIds = [...new Set(rows.flatMap((r) => [r.fromVersionId, r.toVersionId]).filter((v): v is string => Boolean(v)))];
  const promptIds = [...new Set(rows.map((r) => r.promptId).filter((v): v is string => Boolean(v)))];
  const experimentIds = [...new Set(rows.map((r) => r.experimentId).filter((v): v is string => Boolean(v)))];
  const actorIds = [...new Set(rows.flatMap((r) => [r.requestedById, r.decidedById, r.rolledBackById]).filter((v): v is string => Boolean(v)))];
  const modelIds = [...new Set(rows.flatMap((r) => [r.fromModelVersionId, r.toModelVersionId]).filter((v): v is string => Boolean(v)))];
  const [versions, prompts, experiments, users, keys, models] = await Promise.all([
    db.promptVersion.findMany({ where: { tenantId, id: { in: versionIds } }, select: { id: true, version: true } }),
    db.prompt.findMany({ where: { tenantId, id: { in: promptIds } }, select: { id: true, name: true } }),
    db.experiment.findMany({ where: { tenantId, id: { in: experimentIds } }, select: { id: true, key: true, name: true } }),
    db.user.findMany({ where: { id: { in: actorIds }, memberships: { some: { tenantId } } }, select: { id: true, name: true, email: true } }),
    db.apiKey.findMany({ where: { tenantId, id: { in: actorIds } }, select: { id: true, name: true } }),
    db.modelVersion.findMany({ where: { tenantId, id: { in: modelIds } }, select: { id: true, target: true, version: true, family: true } }),
  ]);
  const model = new Map(models.map((m) => [m.id, m]));
  const people = new Map<string, string>([...users.map((u) => [u.id, u.name ?? u.email] as const), ...keys.map((k) => [k.id, `API key ${k.name}`] as const)]);
  const nameOf = (id: string | null) => (id ? (people.get(id) ?? "a former member") : null);
  const version = new Map(versions.map((v) => [v.id, v.version]));
  const prompt = new Map(prompts.map((p) => [p.id, p.name]));
  const experiment = new Map(experiments.map((e) => [e.id, e]));
  return rows.map((r) => ({
    ...r,
    promptName: r.promptId ? (prompt.get(r.promptId) ?? null) : null,
    fromVersion: r.fromVersionId ? (version.get(r.fromVersionId) ?? null) : null,
    toVersion: r.toVersionId ? (version.get(r.toVersionId) ?? null) : null,
    experimentKey: r.experimentId ? (experiment.get(r.experimentId)?.key ?? null) : null,
    experimentName: r.experimentId ? (experiment.get(r.experimentId)?.name ?? null) : null,
    requestedByName: r.requestedByType === "system" ? "Flywheel" : nameOf(r.requestedById),
    decidedByName: r.decidedById ? nameOf(r.decidedById) : r.status === "approved" && r.decidedAt ? "the auto-approve policy" : null,
    rolledBackByName: nameOf(r.rolledBackById),
    fromModel: r.fromModelVersionId ? (model.get(r.fromModelVersionId) ?? null) : null,
    toModel: r.toModelVersionId ? (model.get(r.toModelVersionId) ?? null) : null,
  }));
}

async function lockRequest(tx: Prisma.TransactionClient, ctx: TenantContext, id: string) {
  // Row lock: two admins clicking at once serialise here, and the second sees the first's decision.
  const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT id::text FROM approval_requests WHERE id = ${id}::uuid AND tenant_id = ${ctx.tenantId}::uuid FOR UPDATE`;
  if (!locked.length) throw new NotFoundError("approval request not found");
  return tx.approvalRequest.findUniqueOrThrow({ where: { id } });
}

const actorUserId = (ctx: TenantContext) => (ctx.actor.type === "user" ? ctx.actor.userId : ctx.actor.type === "api_key" ? ctx.actor.apiKeyId : null);

export async function approveRequest(ctx: TenantContext, input: z.infer<typeof approvalDecisionInput>) {
  const id = await ctx.db.$transaction(async (tx) => {
    const request = await lockRequest(tx, ctx, input.id);
    if (request.status !== "pending") throw new ConflictError(`this request is already ${request.status}`);
    let fromModelVersionId = request.fromModelVersionId;
    if (request.kind === "prompt_promotion" && request.promptId && request.label && request.toVersionId) {
      await movePromptLabel(tx, ctx, { promptId: request.promptId, label: request.label, toVersionId: request.toVersionId, source: "approval", reason: input.note ?? request.title });
    } else if (request.kind === "model_promotion" && request.toModelVersionId) {
      const model = await tx.modelVersion.findFirst({ where: { id: request.toModelVersionId, tenantId: ctx.tenantId } });
      if (!model) throw new ConflictError("the model version of this request no longer exists");
      // Rollback returns to what production is at approval time, which may differ from request time.
      fromModelVersionId = (await tx.modelVersion.findFirst({ where: { tenantId: ctx.tenantId, target: model.target, status: "production" }, select: { id: true } }))?.id ?? null;
      await setProduction(tx, ctx.tenantId, model.target, model.id);
    } else if (request.kind === "experiment_proposal" && request.experimentId) {
      const experiment = await tx.experiment.findFirst({ where: { id: request.experimentId, tenantId: ctx.tenantId }, select: { key: true } });
      if (!experiment) throw new ConflictError("the proposed experiment no longer exists");
      await startExperiment({ ...ctx, db: tx as unknown as PrismaClient }, { key: experiment.key });
    }
    await tx.approvalRequest.update({ where: { id: request.id }, data: { status: "approved", decidedById: actorUserId(ctx), decidedAt: new Date(), decisionNote: input.note, fromModelVersionId } });
    await recordAudit(ctx, tx, { action: "approval.approve", targetType: "approval_request", targetId: request.id, details: { title: request.title, note: input.note ?? null, label: request.label, toVersionId: request.toVersionId } });
    return request.id;
  });
  // Again after commit: a read between the move and the commit may have cached the old version.
  forgetTenantExperiments(ctx.tenantId);
  forgetLoadedModels(ctx.tenantId);
  return getApproval(ctx, { id });
}

export async function rejectRequest(ctx: TenantContext, input: z.infer<typeof approvalDecisionInput>) {
  const id = await ctx.db.$transaction(async (tx) => {
    const request = await lockRequest(tx, ctx, input.id);
    if (request.status !== "pending") throw new ConflictError(`this request is already ${request.status}`);
    await tx.approvalRequest.update({ where: { id: request.id }, data: { status: "rejected", decidedById: actorUserId(ctx), decidedAt: new Date(), decisionNote: input.note } });
    await recordAudit(ctx, tx, { action: "approval.reject", targetType: "approval_request", targetId: request.id, details: { title: request.title, note: input.note ?? null } });
    return request.id;
  });
  // Again after commit: a read between the move and the commit may have cached the old version.
  forgetTenantExperiments(ctx.tenantId);
  return getApproval(ctx, { id });
}

/** Undoes an approved promotion: the label goes back to the version it pointed at before. */
export async function rollbackRequest(ctx: TenantContext, input: z.infer<typeof approvalDecisionInput>) {
  const id = await ctx.db.$transaction(async (tx) => {
    const request = await lockRequest(tx, ctx, input.id);
    if (request.status !== "approved") throw new ConflictError(`only an approved change can be rolled back; this one is ${request.status}`);
    if (request.rolledBackAt) throw new ConflictError("this change was already rolled back");
    if (request.kind === "model_promotion") {
      const model = request.toModelVersionId ? await tx.modelVersion.findFirst({ where: { id: request.toModelVersionId, tenantId: ctx.tenantId } }) : null;
      if (!model) throw new ConflictError("the model version of this request no longer exists");
      if (model.status !== "production") throw new ConflictError(`model v${model.version} is no longer in production; nothing to roll back`);
      await setProduction(tx, ctx.tenantId, model.target, request.fromModelVersionId);
    } else {
      if (request.kind !== "prompt_promotion" || !request.promptId || !request.label || !request.fromVersionId) throw new ConflictError("this change has no previous version to return to");
      await movePromptLabel(tx, ctx, { promptId: request.promptId, label: request.label, toVersionId: request.fromVersionId, source: "rollback", reason: input.note ?? `rollback of: ${request.title}` });
    }
    await tx.approvalRequest.update({ where: { id: request.id }, data: { rolledBackAt: new Date(), rolledBackById: actorUserId(ctx) } });
    await recordAudit(ctx, tx, { action: "approval.rollback", targetType: "approval_request", targetId: request.id, details: { title: request.title, note: input.note ?? null, label: request.label, toVersionId: request.fromVersionId, toModelVersionId: request.fromModelVersionId } });
    return request.id;
  });
  // Again after commit: a read between the move and the commit may have cached the old version.
  forgetTenantExperiments(ctx.tenantId);
  forgetLoadedModels(ctx.tenantId);
  return getApproval(ctx, { id });
}

export async function getApproval(ctx: TenantContext, input: { id: string }) {
  const row = await ctx.db.approvalRequest.findFirst({ where: { id: input.id, tenantId: ctx.tenantId } });
  if (!row) throw new NotFoundError("approval request not found");
  return (await withNames(ctx.db, ctx.tenantId, [row]))[0]!;
}
