/**
 * Experiment lifecycle: draft → running → completed (by a decision) or stopped (by a person).
 * Arms serve versions of one registry item (a prompt or a config value), so promoting a winner
 * is moving that item's production label.
 */
import { randomBytes } from "node:crypto";
import { roleAllows } from "../../core/permissions";
import { Prisma } from "../../db";
import { recordAudit } from "../audit";
import type { TenantContext } from "../context";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { forgetRunningExperiment } from "./assign";
import type { CreateExperimentInput } from "./schemas";

const armInclude = { orderBy: { position: "asc" }, include: { promptVersion: { select: { version: true } } } } as const;

export async function createExperiment(ctx: TenantContext, input: CreateExperimentInput) {
  // Drafting needs experiments:write; starting sends real traffic and needs experiments:run.
  if (input.start && !roleAllows(ctx.role, "experiments:run")) throw new ForbiddenError(`your role ${ctx.role} may draft experiments but not start them (experiments:run); create it without "start"`);
  const prompt = await ctx.db.prompt.findUnique({
    where: { tenantId_name: { tenantId: ctx.tenantId, name: input.prompt } },
    include: { versions: { select: { id: true, version: true } }, labels: { where: { name: "production" }, select: { versionId: true } } },
  });
  if (!prompt) throw new ValidationError("unknown prompt", [{ path: "prompt", message: `no prompt named ${input.prompt} in this tenant` }]);
  const versionIds = new Map(prompt.versions.map((v) => [v.version, v.id]));
  const issues = input.arms.flatMap((arm, i) =>
    versionIds.has(arm.version) ? [] : [{ path: `arms[${i}].version`, message: `${input.prompt} has no version ${arm.version} (latest is ${Math.max(...versionIds.keys())})` }],
  );
  if (issues.length) throw new ValidationError("arms name versions that do not exist", issues);

  const productionVersionId = prompt.labels[0]?.versionId;
  const explicitControl = input.arms.findIndex((a) => a.isControl);
  const productionControl = input.arms.findIndex((a) => versionIds.get(a.version) === productionVersionId);
  const controlIndex = explicitControl >= 0 ? explicitControl : productionControl >= 0 ? productionControl : 0;

  try {
    const experiment = await ctx.db.experiment.create({
      data: {
        tenantId: ctx.tenantId,
        key: input.key,
        name: input.name,
        hypothesis: input.hypothesis,
        promptId: prompt.id,
        salt: input.salt ?? randomBytes(8).toString("hex"),
        primaryMetric: input.primaryMetric,
        guardrails: input.guardrails,
        minSamplePerArm: input.minSamplePerArm,
        maxSamplePerArm: input.maxSamplePerArm,
        minRelativeLift: input.minRelativeLift,
        alpha: input.alpha,
        method: input.method,
        correction: input.correction,
        allocation: input.allocation,
        attributionWindowDays: input.attributionWindowDays,
        createdById: ctx.actor.type === "user" ? ctx.actor.userId : null,
        arms: {
          create: input.arms.map((arm, i) => ({
            tenantId: ctx.tenantId,
            key: arm.key,
            name: arm.name ?? `${arm.key} (v${arm.version})`,
            isControl: i === controlIndex,
            weight: arm.weight,
            promptVersionId: versionIds.get(arm.version)!,
            position: i,
          })),
        },
      },
    });
    await recordAudit(ctx, ctx.db, { action: "experiment.create", targetType: "experiment", targetId: experiment.id, details: { key: input.key, prompt: input.prompt, arms: input.arms.length } });
    if (input.start) await startExperiment(ctx, { key: input.key });
    return getExperiment(ctx, { key: input.key });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new ConflictError(`an experiment with key ${input.key} already exists`);
    throw error;
  }
}

async function findExperiment(ctx: TenantContext, key: string) {
  const experiment = await ctx.db.experiment.findUnique({ where: { tenantId_key: { tenantId: ctx.tenantId, key } }, include: { prompt: { select: { id: true, name: true, kind: true } }, arms: armInclude } });
  if (!experiment) throw new NotFoundError(`no experiment with key ${key}`);
  return experiment;
}

export async function listExperiments(ctx: TenantContext, input: { status?: "draft" | "running" | "stopped" | "completed"; limit: number }) {
  const rows = await ctx.db.experiment.findMany({
    where: { tenantId: ctx.tenantId, ...(input.status ? { status: input.status } : {}) },
    orderBy: [{ createdAt: "desc" }],
    take: input.limit,
    include: { prompt: { select: { id: true, name: true } }, arms: armInclude, _count: { select: { assignments: true } } },
  });
  return rows.map((e) => ({
    id: e.id,
    key: e.key,
    name: e.name,
    status: e.status,
    prompt: e.prompt.name,
    promptId: e.prompt.id,
    primaryMetric: e.primaryMetric,
    decision: e.decision,
    arms: e.arms.map((a) => ({ key: a.key, version: a.promptVersion.version, isControl: a.isControl })),
    units: e._count.assignments,
    startedAt: e.startedAt,
    endedAt: e.endedAt,
    lastEvaluatedAt: e.lastEvaluatedAt,
    createdAt: e.createdAt,
  }));
}

export async function getExperiment(ctx: TenantContext, input: { key: string }) {
  const e = await findExperiment(ctx, input.key);
  const [units, results, approvals] = await Promise.all([
    ctx.db.experimentAssignment.groupBy({ by: ["armId"], where: { experimentId: e.id }, _count: { _all: true }, _sum: { exposures: true } }),
    ctx.db.experimentResult.findMany({ where: { experimentId: e.id }, orderBy: { computedAt: "desc" }, take: 200 }),
    ctx.db.approvalRequest.findMany({ where: { tenantId: ctx.tenantId, experimentId: e.id }, orderBy: { createdAt: "desc" } }),
  ]);
  const byArm = new Map(units.map((u) => [u.armId, u]));
  return {
    id: e.id,
    key: e.key,
    name: e.name,
    hypothesis: e.hypothesis,
    status: e.status,
    prompt: e.prompt,
    config: {
      primaryMetric: e.primaryMetric,
      guardrails: e.guardrails as Array<{ metric: string; maxRelativeDrop: number }>,
      minSamplePerArm: e.minSamplePerArm,
      maxSamplePerArm: e.maxSamplePerArm,
      minRelativeLift: e.minRelativeLift,
      alpha: e.alpha,
      method: e.method,
      correction: e.correction,
      allocation: e.allocation,
      attributionWindowDays: e.attributionWindowDays,
    },
    arms: e.arms.map((a) => ({
      id: a.id,
      key: a.key,
      name: a.name,
      isControl: a.isControl,
      weight: a.weight,
      version: a.promptVersion.version,
      promptVersionId: a.promptVersionId,
      units: byArm.get(a.id)?._count._all ?? 0,
      exposures: byArm.get(a.id)?._sum.exposures ?? 0,
    })),
    decision: e.decision,
    decisionReasons: e.decisionReasons as Array<{ code: string; message: string }>,
    winnerArmId: e.winnerArmId,
    latestResult: results[0] ?? null,
    /** Oldest first, for the lift-over-time chart. */
    history: results.reverse().map((r) => ({ computedAt: r.computedAt, units: r.units, decision: r.decision, result: r.result })),
    approvals,
    startedAt: e.startedAt,
    endedAt: e.endedAt,
    lastEvaluatedAt: e.lastEvaluatedAt,
    createdAt: e.createdAt,
  };
}

export async function startExperiment(ctx: TenantContext, input: { key: string }) {
  const e = await findExperiment(ctx, input.key);
  if (e.status !== "draft") throw new ConflictError(`experiment ${e.key} is ${e.status}; only a draft can start`);
  const other = await ctx.db.experiment.findFirst({ where: { tenantId: ctx.tenantId, promptId: e.promptId, status: "running" }, select: { key: true } });
  // Two experiments changing the same prompt at once would confound each other's arms.
  if (other) throw new ConflictError(`experiment ${other.key} is already running on ${e.prompt.name}; stop it first`);
  await ctx.db.experiment.update({ where: { id: e.id }, data: { status: "running", startedAt: new Date(), updatedAt: new Date() } });
  await recordAudit(ctx, ctx.db, { action: "experiment.start", targetType: "experiment", targetId: e.id, details: { key: e.key } });
  forgetRunningExperiment(ctx.tenantId, e.key);
  return { key: e.key, status: "running" as const };
}

export async function stopExperiment(ctx: TenantContext, input: { key: string; reason?: string }) {
  const e = await findExperiment(ctx, input.key);
  if (e.status !== "running" && e.status !== "draft") throw new ConflictError(`experiment ${e.key} is already ${e.status}`);
  await ctx.db.experiment.update({ where: { id: e.id }, data: { status: "stopped", endedAt: new Date(), updatedAt: new Date() } });
  await recordAudit(ctx, ctx.db, { action: "experiment.stop", targetType: "experiment", targetId: e.id, details: { key: e.key, reason: input.reason ?? null } });
  forgetRunningExperiment(ctx.tenantId, e.key);
  return { key: e.key, status: "stopped" as const };
}
