/**
 * Evaluates running experiments: statistics per arm from the database, the decision from the
 * pure core, and its consequences in one transaction — a result snapshot (for lift over time),
 * the experiment's decision, and on PROMOTE either an approval request or, when the tenant's
 * policy approves promotions automatically, the production label moved. A decision stops the
 * experiment; a crash before commit leaves the previous state.
 */
import { decideExperiment, type DecisionInput } from "../../core/experiments/decision";
import { thompsonWeights } from "../../core/stats/thompson";
import type { Prisma, PrismaClient } from "../../db";
import { approvalPolicyFrom } from "../approvals";
import { recordAudit } from "../audit";
import type { Actor, TenantContext } from "../context";
import { NotFoundError } from "../errors";
import { dispatch, inlineStep, registerEmbeddedHandler, usesInngestEngine, type JobStep } from "../jobs";
import { movePromptLabel } from "../prompts";
import { forgetRunningExperiment } from "./assign";
import { armStatistics, type ArmStats } from "./arm-stats";
import { LOWER_IS_BETTER, type ExperimentMetric, type GuardrailMetric } from "./schemas";

type ExperimentRow = Prisma.ExperimentGetPayload<{ include: { arms: true; prompt: { select: { name: true } } } }>;

export function decisionInput(experiment: ExperimentRow, stats: ArmStats[]): DecisionInput {
  const byArm = new Map(stats.map((s) => [s.armId, s]));
  const empty: ArmStats = { armId: "", units: 0, counts: { replied: 0, booked: 0, showed: 0, converted: 0, no_show: 0, lost: 0 }, revenue: { n: 0, sum: 0, sumSquares: 0 } };
  const guardrails = experiment.guardrails as Array<{ metric: GuardrailMetric; maxRelativeDrop: number }>;
  const metric = experiment.primaryMetric as ExperimentMetric;
  return {
    arms: experiment.arms
      .slice()
      .sort((a, b) => a.position - b.position)
      .map((arm) => {
        const s = byArm.get(arm.id) ?? empty;
        return {
          key: arm.key,
          isControl: arm.isControl,
          units: s.units,
          conversions: metric === "revenue" ? s.counts.converted : s.counts[metric],
          revenue: s.revenue,
          guardrails: Object.fromEntries(
            guardrails.map((g) => [g.metric, g.metric === "revenue" ? { kind: "mean" as const, stats: s.revenue } : { kind: "proportion" as const, stats: { successes: s.counts[g.metric], trials: s.units } }]),
          ),
        };
      }),
    expectedWeights: experiment.arms.slice().sort((a, b) => a.position - b.position).map((a) => a.weight),
    config: {
      primaryMetric: metric,
      minSamplePerArm: experiment.minSamplePerArm,
      maxSamplePerArm: experiment.maxSamplePerArm ?? undefined,
      minRelativeLift: experiment.minRelativeLift,
      alpha: experiment.alpha,
      method: experiment.method as "sequential" | "fixed",
      correction: experiment.correction as "holm" | "fdr_bh",
      guardrails: guardrails.map((g) => ({ metric: g.metric, maxRelativeDrop: g.maxRelativeDrop, higherIsBetter: !LOWER_IS_BETTER.has(g.metric) })),
      previousAlwaysValidP: experiment.sequentialState as Record<string, number>,
    },
  };
}

export interface EvaluationOutcome {
  key: string;
  decision: "PROMOTE" | "REJECT" | "CONTINUE";
  winner: string | null;
  units: number;
  approvalId: string | null;
  promoted: boolean;
  skipped?: string;
}

export async function evaluateExperiment(db: PrismaClient, tenantId: string, experimentId: string, actor: Actor = { type: "system" }, asOf = new Date()): Promise<EvaluationOutcome> {
  const experiment = await db.experiment.findFirst({ where: { id: experimentId, tenantId }, include: { arms: true, prompt: { select: { name: true } } } });
  if (!experiment) throw new NotFoundError("experiment not found");
  const stats = await armStatistics(db, tenantId, experiment.id, experiment.attributionWindowDays, asOf);
  const result = decideExperiment(decisionInput(experiment, stats));
  const units = stats.reduce((sum, s) => sum + s.units, 0);
  const winner = result.decision === "PROMOTE" ? experiment.arms.find((a) => a.key === result.winnerArmKey) ?? null : null;
  const control = experiment.arms.find((a) => a.isControl)!;
  const ctx = { tenantId, actor };

  const outcome = await db.$transaction(async (tx) => {
    // The row lock serialises a scheduled and an event-driven evaluation of the same experiment.
    await tx.$queryRaw`SELECT id FROM experiments WHERE id = ${experiment.id}::uuid FOR UPDATE`;
    const current = await tx.experiment.findUniqueOrThrow({ where: { id: experiment.id }, select: { status: true } });
    if (current.status !== "running") return { key: experiment.key, decision: result.decision, winner: null, units, approvalId: null, promoted: false, skipped: `experiment is ${current.status}` };
    await tx.experimentResult.create({ data: { tenantId, experimentId: experiment.id, computedAt: asOf, units, decision: result.decision, result: JSON.parse(JSON.stringify(result)) } });
    const finished = result.decision !== "CONTINUE";
    await tx.experiment.update({
      where: { id: experiment.id },
      data: {
        decision: result.decision,
        decisionReasons: JSON.parse(JSON.stringify(result.reasons)),
        sequentialState: result.alwaysValidP,
        lastEvaluatedAt: asOf,
        updatedAt: new Date(),
        ...(finished ? { status: "completed", endedAt: asOf, winnerArmId: winner?.id ?? null } : {}),
      },
    });
    if (!finished && experiment.allocation === "thompson") await rebalanceArms(tx, experiment, stats);
    if (!finished) return { key: experiment.key, decision: result.decision, winner: null, units, approvalId: null, promoted: false };

    await recordAudit(ctx, tx, { action: `experiment.${result.decision.toLowerCase()}`, targetType: "experiment", targetId: experiment.id, details: { key: experiment.key, winner: winner?.key ?? null, reasons: result.reasons.map((r) => r.message) } });
    if (!winner) return { key: experiment.key, decision: result.decision, winner: null, units, approvalId: null, promoted: false };

    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { settings: true } });
    const auto = approvalPolicyFrom(tenant.settings).autoApprovePromotions;
    const production = await tx.promptLabel.findUnique({ where: { promptId_name: { promptId: experiment.promptId, name: "production" } }, select: { versionId: true } });
    const winnerRow = result.perArm.find((a) => a.key === winner.key);
    const title = `Promote ${experiment.prompt.name} ${winner.name} to production`;
    const summary = result.reasons.map((r) => r.message).join(" ");
    const approval = await tx.approvalRequest.create({
      data: {
        tenantId,
        kind: "prompt_promotion",
        status: auto ? "approved" : "pending",
        title,
        summary,
        experimentId: experiment.id,
        promptId: experiment.promptId,
        label: "production",
        fromVersionId: production?.versionId ?? control.promptVersionId,
        toVersionId: winner.promptVersionId,
        evidence: JSON.parse(JSON.stringify({ decision: result.decision, winner: winner.key, control: control.key, arm: winnerRow ?? null, srm: result.srm, units })),
        requestedByType: "system",
        ...(auto ? { decidedAt: new Date(), decisionNote: "approved automatically by the tenant's policy" } : {}),
      },
    });
    if (auto) {
      await movePromptLabel(tx, ctx, { promptId: experiment.promptId, label: "production", toVersionId: winner.promptVersionId, source: "auto", reason: title });
      await recordAudit(ctx, tx, { action: "approval.auto_approve", targetType: "approval_request", targetId: approval.id, details: { title } });
    }
    return { key: experiment.key, decision: result.decision, winner: winner.key, units, approvalId: approval.id, promoted: auto };
  });
  forgetRunningExperiment(tenantId, experiment.key);
  return outcome;
}

/** Bandit mode: new units are split by each arm's posterior probability of being best. */
async function rebalanceArms(tx: Prisma.TransactionClient, experiment: ExperimentRow, stats: ArmStats[]) {
  const byArm = new Map(stats.map((s) => [s.armId, s]));
  const metric = experiment.primaryMetric as ExperimentMetric;
  const arms = experiment.arms.slice().sort((a, b) => a.position - b.position);
  const evaluations = await tx.experimentResult.count({ where: { experimentId: experiment.id } });
  const weights = thompsonWeights(
    arms.map((a) => {
      const s = byArm.get(a.id);
      const successes = s ? (metric === "revenue" ? s.counts.converted : s.counts[metric]) : 0;
      return { successes, trials: s?.units ?? 0 };
    }),
    { draws: 20_000, seed: evaluations + 1, minWeight: 0.05 },
  );
  for (let i = 0; i < arms.length; i++) await tx.experimentArm.update({ where: { id: arms[i]!.id }, data: { weight: weights.weights[i]! } });
}

export async function evaluateExperimentByKey(ctx: TenantContext, input: { key: string }) {
  const experiment = await ctx.db.experiment.findUnique({ where: { tenantId_key: { tenantId: ctx.tenantId, key: input.key } }, select: { id: true, status: true } });
  if (!experiment) throw new NotFoundError(`no experiment with key ${input.key}`);
  return evaluateExperiment(ctx.db, ctx.tenantId, experiment.id, ctx.actor);
}

/** Evaluates every running experiment of a tenant, each as its own step. */
export async function evaluateTenantExperiments(db: PrismaClient, tenantId: string, step: JobStep) {
  const running = await step.run("list-running", async () => (await db.experiment.findMany({ where: { tenantId, status: "running" }, select: { id: true } })).map((e) => e.id));
  const outcomes: EvaluationOutcome[] = [];
  for (const id of running) outcomes.push(await step.run(`evaluate-${id}`, () => evaluateExperiment(db, tenantId, id)));
  return outcomes;
}

/** Tenants with running experiments, for the scheduled evaluation. */
export async function tenantsWithRunningExperiments(db: PrismaClient): Promise<string[]> {
  const rows = await db.experiment.findMany({ where: { status: "running" }, distinct: ["tenantId"], select: { tenantId: true } });
  return rows.map((r) => r.tenantId);
}

/**
 * Called after outcomes are ingested: asks for an evaluation when the tenant has a running
 * experiment. On Inngest the function debounces per tenant; in-process the same happens here,
 * since outcomes arrive in bursts of batches: one evaluation a few seconds after the last batch.
 */
export async function outcomesArrived(db: PrismaClient, tenantId: string) {
  if (process.env.FLYWHEEL_EVALUATE_ON_OUTCOMES === "0") return;
  const running = await db.experiment.count({ where: { tenantId, status: "running" } });
  if (running === 0) return;
  if (usesInngestEngine()) {
    await dispatch({ name: "experiments/evaluate.requested", data: { tenantId } });
    return;
  }
  scheduleEmbeddedEvaluation(db, tenantId);
}

const EMBEDDED_DEBOUNCE_MS = Number(process.env.FLYWHEEL_EVALUATE_DEBOUNCE_MS ?? 5_000);
const pendingEvaluations = new Map<string, NodeJS.Timeout>();

function scheduleEmbeddedEvaluation(db: PrismaClient, tenantId: string) {
  clearTimeout(pendingEvaluations.get(tenantId));
  const timer = setTimeout(() => {
    pendingEvaluations.delete(tenantId);
    evaluateTenantExperiments(db, tenantId, inlineStep).catch((error: unknown) => console.error("[experiments] evaluation failed", error));
  }, EMBEDDED_DEBOUNCE_MS);
  timer.unref();
  pendingEvaluations.set(tenantId, timer);
}

registerEmbeddedHandler("experiments/evaluate.requested", async (event) => {
  const { getPrisma } = await import("../../db");
  scheduleEmbeddedEvaluation(await getPrisma(), event.data.tenantId);
});
