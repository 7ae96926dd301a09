/**
 * Learning runs (seed 003 "Pattern Learning" and "Pattern Backfill"): detect each type in its
 * own step, the four at once, then store all of them in one transaction, so a failed step leaves
 * the previous patterns in place. Progress per stage is written to the PatternRun row for the dashboard.
 */
import { z } from "zod";
import { PATTERN_TYPES, type DetectOptions, type PatternSet, type PatternType } from "../../core/patterns/types";
import type { Prisma, PrismaClient } from "../../db";
import { recordAudit } from "../audit";
import { actorId, type TenantContext } from "../context";
import { ConflictError, NotFoundError } from "../errors";
import { dispatch, inlineStep, registerEmbeddedHandler, type JobStep } from "../jobs";
import { DETECTOR_TARGETS, DETECTORS } from "./detectors";
import { readPatternSettings } from "./settings";
import { runHealthCheck, storePatternSets } from "./store";

export const backfillInput = z
  .object({ from: z.coerce.date(), to: z.coerce.date(), stepDays: z.number().int().min(1).max(90).default(7) })
  .refine((v) => v.from < v.to, { message: "from must be before to", path: ["from"] })
  .refine((v) => (v.to.getTime() - v.from.getTime()) / 86_400_000 <= 3 * 366, { message: "at most three years per backfill", path: ["to"] });

interface Stage {
  name: string;
  status: "pending" | "running" | "done" | "failed";
  startedAt?: string;
  finishedAt?: string;
  error?: string;
}

/**
 * The newest lead created or touch sent before `to`: the lookback is counted back from it, so a
 * tenant that imports an archive (a campaign from years ago) learns from its last `lookbackDays`
 * of activity rather than from an empty window ending today. Both reads are index-only maxima.
 */
async function newestActivity(db: PrismaClient, tenantId: string, to: Date): Promise<Date | null> {
  const [row] = await db.$queryRawUnsafe<Array<{ newest: Date | null }>>(
    `SELECT greatest((SELECT max(created_at) FROM leads WHERE tenant_id = $1::uuid AND created_at < $2::timestamptz), (SELECT max(sent_at) FROM touches WHERE tenant_id = $1::uuid AND sent_at < $2::timestamptz)) AS newest`,
    tenantId,
    to,
  );
  return row?.newest ? new Date(row.newest) : null;
}

async function detectOptionsFor(db: PrismaClient, tenantId: string, to: Date, from?: Date): Promise<Omit<DetectOptions, "targets">> {
  const settings = await readPatternSettings(db, tenantId);
  const anchor = from ? null : await newestActivity(db, tenantId, to);
  const start = from ?? new Date((anchor ?? to).getTime() - settings.lookbackDays * 86_400_000);
  return { to, from: start, alpha: settings.alpha, minConversions: settings.minConversions, confounders: settings.confounders, excludedAttributes: settings.excludedAttributes };
}

async function updateRun(db: PrismaClient, runId: string, data: Prisma.PatternRunUpdateInput) {
  await db.patternRun.update({ where: { id: runId }, data });
}

/** Creates a run record and hands it to the job runner; the caller returns at once. */
export async function requestPatternRun(ctx: TenantContext, input: { kind: "learn" } | ({ kind: "backfill" } & z.infer<typeof backfillInput>)) {
  const active = await ctx.db.patternRun.findFirst({ where: { tenantId: ctx.tenantId, status: { in: ["queued", "running"] }, createdAt: { gt: new Date(Date.now() - 3 * 3600_000) } } });
  if (active) throw new ConflictError(`a ${active.kind} run is already in progress (started ${active.createdAt.toISOString()}); wait for it to finish`);
  const stageNames = input.kind === "learn" ? LEARNING_STAGES : backfillWindows(input.from, input.to, input.stepDays).map((w) => `as of ${w.toISOString().slice(0, 10)}`);
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

/**
 * Stage progress of one run, written to its PatternRun row. Stages may run at once: each write
 * carries every stage's state and the writes go out one after another, so none is lost or
 * overtaken by an older one.
 */
class RunProgress {
  private readonly stages: Stage[];
  private finished = 0;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: PrismaClient,
    private readonly runId: string,
    names: string[],
  ) {
    this.stages = names.map((name) => ({ name, status: "pending" }));
  }

  private save(data: Omit<Prisma.PatternRunUpdateInput, "stages"> = {}): Promise<void> {
    const stages = this.stages.map((stage) => ({ ...stage })) as unknown as Prisma.InputJsonValue;
    // Each write waits for the one before, whatever became of it: one failed write must not fail every later one.
    const write = this.writes.catch(() => undefined).then(() => updateRun(this.db, this.runId, { ...data, stages }));
    this.writes = write;
    return write;
  }

  start(): Promise<void> {
    return this.save({ status: "running", startedAt: new Date() });
  }

  /** Runs stage `index`; on failure records it (the run stays running until `fail`) and rethrows. */
  async stage<T>(index: number, work: () => Promise<T>): Promise<T> {
    this.stages[index] = { ...this.stages[index]!, status: "running", startedAt: new Date().toISOString() };
    await this.save();
    try {
      const result = await work();
      this.stages[index] = { ...this.stages[index]!, status: "done", finishedAt: new Date().toISOString() };
      this.finished += 1;
      await this.save({ progress: this.finished / this.stages.length });
      return result;
    } catch (error) {
      this.stages[index] = { ...this.stages[index]!, status: "failed", finishedAt: new Date().toISOString(), error: (error as Error).message };
      await this.save();
      throw error;
    }
  }

  succeed(): Promise<void> {
    return this.save({ status: "succeeded", finishedAt: new Date(), progress: 1 });
  }

  fail(error: unknown): Promise<void> {
    const failed = this.stages.find((stage) => stage.status === "failed");
    return this.save({ status: "failed", finishedAt: new Date(), error: failed ? `${failed.name}: ${failed.error}` : (error as Error).message });
  }
}

/**
 * Awaits all the tasks, then throws the first failure, else returns their results in order: unlike
 * Promise.all, nothing is still running (or writing progress) once a failure is reported.
 */
async function allOrFirstFailure<T>(tasks: Array<Promise<T>>): Promise<T[]> {
  const settled = await Promise.allSettled(tasks);
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failure) throw failure.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

/** Runs the stages with progress; on failure marks the run failed and rethrows. */
async function withProgress<T>(db: PrismaClient, runId: string, names: string[], execute: (progress: RunProgress) => Promise<T>): Promise<T> {
  const progress = new RunProgress(db, runId, names);
  await progress.start();
  try {
    const result = await execute(progress);
    await progress.succeed();
    return result;
  } catch (error) {
    await progress.fail(error);
    throw error;
  }
}

/**
 * The four detections at once: they read the same tables with independent statements, so the
 * database works on them in parallel (on PGlite, with one connection, they take turns). `around`
 * wraps each (the learning run records it as a stage).
 */
function detectAll(
  db: PrismaClient,
  tenantId: string,
  options: Omit<DetectOptions, "targets">,
  step: JobStep,
  prefix = "",
  around: (index: number, work: () => Promise<PatternSet>) => Promise<PatternSet> = (_, work) => work(),
) {
  return allOrFirstFailure(PATTERN_TYPES.map((type, i) => around(i, () => detectOne(db, tenantId, type, options, step, prefix))));
}

function detectOne(db: PrismaClient, tenantId: string, type: PatternType, options: Omit<DetectOptions, "targets">, step: JobStep, prefix = "") {
  return step.run(`${prefix}detect-${type}`, () => DETECTORS[type](db, tenantId, { ...options, targets: DETECTOR_TARGETS[type] }));
}

/** The stages of a learning run: one detection per pattern type (run at once), then the store. */
const LEARNING_STAGES = [...PATTERN_TYPES.map((t) => `detect ${t}`), "store"];

export async function executeLearningRun(db: PrismaClient, data: { tenantId: string; runId: string }, step: JobStep, now = new Date()) {
  const options = await detectOptionsFor(db, data.tenantId, now);
  return withProgress(db, data.runId, LEARNING_STAGES, async (progress) => {
    // Detections run at once (see detectAll); the store waits for all of them, so a failed one stores nothing.
    const sets = await detectAll(db, data.tenantId, options, step, "", (i, work) => progress.stage(i, work));
    await progress.stage(PATTERN_TYPES.length, async () => {
      await step.run("store", () => storePatternSets(db, data.tenantId, sets, { runId: data.runId }));
      // The health shown beside the patterns must describe the versions just stored.
      await step.run("health", async () => (await runHealthCheck(db, data.tenantId)).status);
    });
    return { stored: sets.map((s) => s.type) };
  });
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
  await withProgress(db, data.runId, ends.map((e) => `as of ${e.toISOString().slice(0, 10)}`), async (progress) => {
    for (const [index, end] of ends.entries()) {
      await progress.stage(index, async () => {
        const options = await detectOptionsFor(db, data.tenantId, end);
        const sets = (await detectAll(db, data.tenantId, options, step, `w${index}-`)).map((s) => ({ ...s, computedAt: end.toISOString() }));
        const replaceCurrent = index === ends.length - 1 && (!latest || latest.computedAt <= end);
        await step.run(`w${index}-store`, () => storePatternSets(db, data.tenantId, sets, { runId: data.runId, replaceCurrent }));
      });
    }
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
  const stages = LEARNING_STAGES.map((name) => ({ name, status: "pending" }));
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
