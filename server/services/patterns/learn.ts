/**
 * Learning runs (seed 003 "Pattern Learning" and "Pattern Backfill"): detect each type in its
 * own step, then store all of them in one transaction, so a failed step leaves the previous
 * patterns in place. Progress per stage is written to the PatternRun row for the dashboard.
 */
import { z } from "zod";
import { DEFAULT_DETECT_OPTIONS, PATTERN_TYPES, type DetectOptions, type PatternSet, type PatternType } from "../../core/patterns/types";
import type { Prisma, PrismaClient } from "../../db";
import { recordAudit } from "../audit";
import { actorId, type TenantContext } from "../context";
import { ConflictError, NotFoundError } from "../errors";
import { dispatch, inlineStep, registerEmbeddedHandler, type JobStep } from "../jobs";
import { DETECTOR_TARGETS, DETECTORS } from "./detectors";
import { runHealthCheck, storePatternSets } from "./store";

export const backfillInput = z
  .object({ from: z.coerce.date(), to: z.coerce.date(), stepDays: z.number().int().min(1).max(90).default(7) })
  .refine((v) => v.from < v.to, { message: "from must be before to", path: ["from"] })
  .refine((v) => (v.to.getTime() - v.from.getTime()) / 86_400_000 <= 3 * 366, { message: "at most three years per backfill", path: ["to"] });

const tenantPatternSettings = z
  .object({
    lookbackDays: z.number().int().min(7).max(3650).default(365),
    alpha: z.number().min(0.001).max(0.2).default(DEFAULT_DETECT_OPTIONS.alpha),
    minConversions: z.number().int().min(1).max(10_000).default(DEFAULT_DETECT_OPTIONS.minConversions),
    confounders: z.array(z.string()).default(DEFAULT_DETECT_OPTIONS.confounders),
  })
  .default({ lookbackDays: 365, alpha: DEFAULT_DETECT_OPTIONS.alpha, minConversions: DEFAULT_DETECT_OPTIONS.minConversions, confounders: DEFAULT_DETECT_OPTIONS.confounders });

interface Stage {
  name: string;
  status: "pending" | "running" | "done" | "failed";
  startedAt?: string;
  finishedAt?: string;
  error?: string;
}

async function detectOptionsFor(db: PrismaClient, tenantId: string, to: Date, from?: Date): Promise<Omit<DetectOptions, "targets">> {
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { settings: true } });
  const parsed = tenantPatternSettings.safeParse((tenant.settings as { patterns?: unknown }).patterns);
  const settings = parsed.success ? parsed.data : tenantPatternSettings.parse(undefined);
  return { to, from: from ?? new Date(to.getTime() - settings.lookbackDays * 86_400_000), alpha: settings.alpha, minConversions: settings.minConversions, confounders: settings.confounders };
}

async function updateRun(db: PrismaClient, runId: string, data: Prisma.PatternRunUpdateInput) {
  await db.patternRun.update({ where: { id: runId }, data });
}

/** Creates a run record and hands it to the job runner; the caller returns at once. */
export async function requestPatternRun(ctx: TenantContext, input: { kind: "learn" } | ({ kind: "backfill" } & z.infer<typeof backfillInput>)) {
  const active = await ctx.db.patternRun.findFirst({ where: { tenantId: ctx.tenantId, status: { in: ["queued", "running"] }, createdAt: { gt: new Date(Date.now() - 3 * 3600_000) } } });
  if (active) throw new ConflictError(`a ${active.kind} run is already in progress (started ${active.createdAt.toISOString()}); wait for it to finish`);
  const stageNames = input.kind === "learn" ? [...PATTERN_TYPES.map((t) => `detect ${t}`), "store"] : backfillWindows(input.from, input.to, input.stepDays).map((w) => `as of ${w.toISOString().slice(0, 10)}`);
  const run = await ctx.db.patternRun.create({
    data: {
      tenantId: ctx.tenantId,
      kind: input.kind,
      status: "queued",
      stages: stageNames.map((name) => ({ name, status: "pending" })) as unknown as Prisma.InputJsonValue,
      rangeFrom: input.kind === "backfill" ? input.from : null,
      rangeTo: input.kind === "backfill" ? input.to : null,
      requestedBy: actorId(ctx.actor),
    },
  });
  await recordAudit(ctx, ctx.db, { action: `patterns.${input.kind}_requested`, targetType: "pattern_run", targetId: run.id, details: input.kind === "backfill" ? { from: input.from.toISOString(), to: input.to.toISOString() } : {} });
  const { mode, done } = await dispatch({ name: input.kind === "learn" ? "patterns/learn.requested" : "patterns/backfill.requested", data: { tenantId: ctx.tenantId, runId: run.id } });
  return { runId: run.id, mode, done };
}

export async function getPatternRun(ctx: TenantContext, runId: string) {
  const run = await ctx.db.patternRun.findFirst({ where: { id: runId, tenantId: ctx.tenantId } });
  if (!run) throw new NotFoundError("run not found");
  return { ...run, stages: run.stages as unknown as Stage[] };
}

export async function listPatternRuns(ctx: TenantContext, limit: number) {
  const runs = await ctx.db.patternRun.findMany({ where: { tenantId: ctx.tenantId }, orderBy: { createdAt: "desc" }, take: limit });
  return runs.map((run) => ({ ...run, stages: run.stages as unknown as Stage[] }));
}

/** Runs stage by stage, recording progress; on failure marks the run failed and rethrows. */
async function runStages<T>(db: PrismaClient, runId: string, names: string[], execute: (index: number) => Promise<T>): Promise<T[]> {
  const stages: Stage[] = names.map((name) => ({ name, status: "pending" }));
  await updateRun(db, runId, { status: "running", startedAt: new Date(), stages: stages as unknown as Prisma.InputJsonValue });
  const results: T[] = [];
  for (let i = 0; i < names.length; i++) {
    stages[i] = { ...stages[i]!, status: "running", startedAt: new Date().toISOString() };
    await updateRun(db, runId, { stages: stages as unknown as Prisma.InputJsonValue });
    try {
      results.push(await execute(i));
    } catch (error) {
      stages[i] = { ...stages[i]!, status: "failed", finishedAt: new Date().toISOString(), error: (error as Error).message };
      await updateRun(db, runId, { status: "failed", finishedAt: new Date(), error: `${names[i]}: ${(error as Error).message}`, stages: stages as unknown as Prisma.InputJsonValue });
      throw error;
    }
    stages[i] = { ...stages[i]!, status: "done", finishedAt: new Date().toISOString() };
    await updateRun(db, runId, { progress: (i + 1) / names.length, stages: stages as unknown as Prisma.InputJsonValue });
  }
  await updateRun(db, runId, { status: "succeeded", finishedAt: new Date(), progress: 1 });
  return results;
}

async function detectAll(db: PrismaClient, tenantId: string, options: Omit<DetectOptions, "targets">, step: JobStep, prefix: string) {
  const sets: PatternSet[] = [];
  for (const type of PATTERN_TYPES) sets.push(await detectOne(db, tenantId, type, options, step, prefix));
  return sets;
}

function detectOne(db: PrismaClient, tenantId: string, type: PatternType, options: Omit<DetectOptions, "targets">, step: JobStep, prefix = "") {
  return step.run(`${prefix}detect-${type}`, () => DETECTORS[type](db, tenantId, { ...options, targets: DETECTOR_TARGETS[type] }));
}

export async function executeLearningRun(db: PrismaClient, data: { tenantId: string; runId: string }, step: JobStep, now = new Date()) {
  const options = await detectOptionsFor(db, data.tenantId, now);
  const sets: PatternSet[] = [];
  await runStages(db, data.runId, [...PATTERN_TYPES.map((t) => `detect ${t}`), "store"], async (index) => {
    if (index < PATTERN_TYPES.length) {
      sets.push(await detectOne(db, data.tenantId, PATTERN_TYPES[index]!, options, step));
    } else {
      await step.run("store", () => storePatternSets(db, data.tenantId, sets, { runId: data.runId }));
      // The health shown beside the patterns must describe the versions just stored.
      await step.run("health", async () => (await runHealthCheck(db, data.tenantId)).status);
    }
  });
  return { stored: sets.map((s) => s.type) };
}

export function backfillWindows(from: Date, to: Date, stepDays: number): Date[] {
  const ends: Date[] = [];
  for (let t = from.getTime() + stepDays * 86_400_000; t < to.getTime(); t += stepDays * 86_400_000) ends.push(new Date(t));
  ends.push(to);
  return ends;
}

/** Recomputes patterns as of each window end in the range, appending history (current patterns move only to the newest window when it is the latest). */
export async function executeBackfillRun(db: PrismaClient, data: { tenantId: string; runId: string }, step: JobStep) {
  const run = await db.patternRun.findUniqueOrThrow({ where: { id: data.runId } });
  const ends = backfillWindows(run.rangeFrom!, run.rangeTo!, 7);
  const latest = await db.conversionPattern.findFirst({ where: { tenantId: data.tenantId }, orderBy: { computedAt: "desc" } });
  await runStages(db, data.runId, ends.map((e) => `as of ${e.toISOString().slice(0, 10)}`), async (index) => {
    const end = ends[index]!;
    const options = await detectOptionsFor(db, data.tenantId, end);
    const sets = (await detectAll(db, data.tenantId, options, step, `w${index}-`)).map((s) => ({ ...s, computedAt: end.toISOString() }));
    const replaceCurrent = index === ends.length - 1 && (!latest || latest.computedAt <= end);
    await step.run(`w${index}-store`, () => storePatternSets(db, data.tenantId, sets, { runId: data.runId, replaceCurrent }));
  });
}

/** The weekly schedule's request for one tenant: a run record (for progress) and its event; skipped while one is active. */
export async function requestScheduledLearning(tenantId: string) {
  const { getPrisma } = await import("../../db");
  const db = await getPrisma();
  try {
    const { runId } = await requestPatternRun({ db, tenantId, role: "OWNER", actor: { type: "system" } }, { kind: "learn" });
    return { runId };
  } catch (error) {
    if (error instanceof ConflictError) return { skipped: error.message };
    throw error;
  }
}

/** Learns now in the calling process (CLIs, demo seeding): a run record, every stage, the health check. */
export async function learnInline(db: PrismaClient, tenantId: string) {
  const stages = [...PATTERN_TYPES.map((t) => `detect ${t}`), "store"].map((name) => ({ name, status: "pending" }));
  const run = await db.patternRun.create({ data: { tenantId, kind: "learn", status: "queued", stages, requestedBy: null } });
  await executeLearningRun(db, { tenantId, runId: run.id }, inlineStep);
  return run.id;
}

export async function executeHealthCheck(db: PrismaClient, tenantId: string) {
  return runHealthCheck(db, tenantId);
}

async function embeddedDb() {
  const { getPrisma } = await import("../../db");
  return getPrisma();
}
registerEmbeddedHandler("patterns/learn.requested", async (event, step) => executeLearningRun(await embeddedDb(), event.data, step));
registerEmbeddedHandler("patterns/backfill.requested", async (event, step) => executeBackfillRun(await embeddedDb(), event.data, step));
