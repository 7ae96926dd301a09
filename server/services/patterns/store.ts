/**
 * The pattern store: one current row per tenant × type, a history row per computation with
 * its drift against the previous version, and the daily health check.
 */
import { computeDrift, type PatternDrift } from "../../core/patterns/drift";
import { checkPatternHealth } from "../../core/patterns/health";
import { PATTERN_TYPES, type PatternSet, type PatternType } from "../../core/patterns/types";
import type { Prisma, PrismaClient } from "../../db";
import type { TenantContext } from "../context";
import { NotFoundError } from "../errors";

/** Weekly learning plus a day of slack. */
export const PATTERN_VALIDITY_DAYS = 8;

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/** Writes new pattern sets atomically: either every type moves to its new version or none does. */
export async function storePatternSets(db: PrismaClient, tenantId: string, sets: PatternSet[], options: { runId?: string; replaceCurrent?: boolean } = {}) {
  return db.$transaction(
    async (tx) => {
      const stored: Array<{ type: PatternType; version: number; drift: PatternDrift | null }> = [];
      for (const set of sets) stored.push(await storeOne(tx, tenantId, set, options));
      return stored;
    },
    { timeout: 60_000 },
  );
}

async function storeOne(tx: Tx, tenantId: string, set: PatternSet, options: { runId?: string; replaceCurrent?: boolean }) {
  const previous = await tx.conversionPatternHistory.findFirst({ where: { tenantId, type: set.type }, orderBy: { version: "desc" } });
  const version = (previous?.version ?? 0) + 1;
  const drift = previous ? computeDrift(previous.patterns as unknown as PatternSet, set, previous.version) : null;
  const computedAt = new Date(set.computedAt);
  const json = set as unknown as Prisma.InputJsonValue;
  await tx.conversionPatternHistory.create({
    data: { tenantId, type: set.type, version, patterns: json, sampleSize: set.sampleSize, confidence: set.confidence, drift: (drift ?? undefined) as Prisma.InputJsonValue | undefined, computedAt, runId: options.runId },
  });
  if (options.replaceCurrent !== false) {
    const row = { version, patterns: json, sampleSize: set.sampleSize, confidence: set.confidence, computedAt, validUntil: new Date(computedAt.getTime() + PATTERN_VALIDITY_DAYS * 86_400_000), runId: options.runId };
    await tx.conversionPattern.upsert({ where: { tenantId_type: { tenantId, type: set.type } }, create: { tenantId, type: set.type, ...row }, update: row });
  }
  return { type: set.type, version, drift };
}

export async function listCurrentPatterns(ctx: TenantContext) {
  const rows = await ctx.db.conversionPattern.findMany({ where: { tenantId: ctx.tenantId } });
  return PATTERN_TYPES.map((type) => {
    const row = rows.find((r) => r.type === type);
    if (!row) return { type, available: false as const };
    const set = row.patterns as unknown as PatternSet;
    return {
      type,
      available: true as const,
      version: row.version,
      sampleSize: row.sampleSize,
      confidence: row.confidence,
      computedAt: row.computedAt,
      validUntil: row.validUntil,
      // A two-valued dimension's mirror side is the same finding as its carrier (Finding.mirrorOf).
      significantFindings: set.results.reduce((sum, r) => sum + r.findings.filter((f) => f.significant && f.mirrorOf === undefined).length, 0),
      notes: set.notes,
    };
  });
}

export async function getCurrentPattern(ctx: TenantContext, type: PatternType) {
  const row = await ctx.db.conversionPattern.findUnique({ where: { tenantId_type: { tenantId: ctx.tenantId, type } } });
  if (!row) throw new NotFoundError(`no ${type.toUpperCase()} patterns yet: run learning first`);
  return { version: row.version, computedAt: row.computedAt, validUntil: row.validUntil, sampleSize: row.sampleSize, confidence: row.confidence, patterns: row.patterns as unknown as PatternSet };
}

/** History of one type: version, size, confidence and drift per computation (newest first), no full payloads. */
export async function getPatternHistory(ctx: TenantContext, input: { type: PatternType; limit: number }) {
  const rows = await ctx.db.conversionPatternHistory.findMany({
    where: { tenantId: ctx.tenantId, type: input.type },
    orderBy: { computedAt: "desc" },
    take: input.limit,
    select: { version: true, computedAt: true, sampleSize: true, confidence: true, drift: true, runId: true },
  });
  return rows.map((r) => ({ ...r, drift: r.drift as unknown as PatternDrift | null }));
}

/** Units of a stored set's primary target, when the set says. */
function unitsOf(patterns: unknown): number | undefined {
  const n = (patterns as Partial<PatternSet> | null)?.results?.[0]?.n;
  return typeof n === "number" ? n : undefined;
}

export async function runHealthCheck(db: PrismaClient, tenantId: string, now = new Date()) {
  const rows = await db.conversionPattern.findMany({ where: { tenantId } });
  const latestDrift = await Promise.all(
    rows.map((r) => db.conversionPatternHistory.findUnique({ where: { tenantId_type_version: { tenantId, type: r.type, version: r.version } }, select: { drift: true } })),
  );
  const summaries = rows.map((r, i) => ({
    type: r.type,
    version: r.version,
    computedAt: r.computedAt,
    validUntil: r.validUntil,
    sampleSize: r.sampleSize,
    units: unitsOf(r.patterns),
    confidence: r.confidence,
    driftLevel: ((latestDrift[i]?.drift as unknown as PatternDrift | null)?.level ?? null) as "stable" | "warning" | "alert" | null,
  }));
  const result = checkPatternHealth(summaries, now);
  return db.patternHealthCheck.create({ data: { tenantId, status: result.status, findings: result.findings as unknown as Prisma.InputJsonValue, checkedAt: now } });
}

export async function latestHealthCheck(ctx: TenantContext) {
  return ctx.db.patternHealthCheck.findFirst({ where: { tenantId: ctx.tenantId }, orderBy: { checkedAt: "desc" } });
}
