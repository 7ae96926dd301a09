/**
 * The assignment API an agent calls per lead: which version to use, sticky per unit, with the
 * exposure logged. The arm comes from a hash of the experiment's salt and the unit id, so it
 * needs no lookup; the assignment row makes it sticky even when bandit mode later changes the
 * weights, and counts exposures. The upsert is group-committed with concurrent calls
 * (exposure-log.ts), and the running experiment's configuration is cached in-process for a few seconds.
 */
import { chooseArm, hashUnit } from "../../core/experiments/assignment";
import type { PrismaClient } from "../../db";
import type { TenantContext } from "../context";
import { NotFoundError } from "../errors";
import { queueExposure, recordExposure } from "./exposure-log";
import type { AssignInput } from "./schemas";

interface ServedVersion {
  prompt: string;
  kind: "text" | "config";
  version: number;
  template: string | null;
  config: unknown;
  model: string | null;
  parameters: unknown;
}

interface CachedExperiment {
  id: string;
  key: string;
  status: string;
  /** "fixed" or "thompson" (bandit: weights move while it runs). */
  allocation: string;
  salt: string;
  arms: Array<{ id: string; key: string; weight: number; served: ServedVersion }>;
  /** What units get when the experiment is not running: the production version. */
  production: ServedVersion | null;
}

const CACHE_TTL_MS = 5_000;
const CACHE_MAX = 5_000;
const cache = new Map<string, { expiresAt: number; value: Promise<CachedExperiment | null> }>();

/** Drops a cached experiment after a change in this process; other processes see it within the TTL. */
export function forgetRunningExperiment(tenantId: string, key: string) {
  cache.delete(`${tenantId}:${key}`);
}

/** Drops every cached experiment of a tenant: a label move changes what stopped experiments serve. */
export function forgetTenantExperiments(tenantId: string) {
  for (const key of cache.keys()) if (key.startsWith(`${tenantId}:`)) cache.delete(key);
}

async function loadExperiment(db: PrismaClient, tenantId: string, key: string): Promise<CachedExperiment | null> {
  const e = await db.experiment.findUnique({
    where: { tenantId_key: { tenantId, key } },
    include: {
      prompt: { include: { labels: { where: { name: "production" }, include: { version: true } } } },
      arms: { orderBy: { position: "asc" }, include: { promptVersion: true } },
    },
  });
  if (!e) return null;
  const serve = (v: { version: number; template: string | null; config: unknown; model: string | null; parameters: unknown }): ServedVersion => ({
    prompt: e.prompt.name,
    kind: e.prompt.kind,
    version: v.version,
    template: v.template,
    config: v.config,
    model: v.model,
    parameters: v.parameters,
  });
  const production = e.prompt.labels[0]?.version;
  return {
    id: e.id,
    key: e.key,
    status: e.status,
    allocation: e.allocation,
    salt: e.salt,
    arms: e.arms.map((a) => ({ id: a.id, key: a.key, weight: a.weight, served: serve(a.promptVersion) })),
    production: production ? serve(production) : null,
  };
}

function cachedExperiment(db: PrismaClient, tenantId: string, key: string): Promise<CachedExperiment | null> {
  const cacheKey = `${tenantId}:${key}`;
  const hit = cache.get(cacheKey);
  if (hit && hit.expiresAt > Date.now()) return hit.value;
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  const value = loadExperiment(db, tenantId, key);
  cache.set(cacheKey, { expiresAt: Date.now() + CACHE_TTL_MS, value });
  value.catch(() => cache.delete(cacheKey));
  return value;
}

export interface Assignment {
  experiment: string;
  unitId: string;
  /** False when the experiment is not running: the unit gets the production version and nothing is logged. */
  inExperiment: boolean;
  arm: string | null;
  /** True on the unit's first exposure; null when the exposure was queued rather than awaited. */
  firstExposure: boolean | null;
  served: ServedVersion | null;
}

export interface AssignOptions {
  /**
   * "await" (default): answer after the exposure row is written, with the stored arm and whether
   * this was the unit's first exposure. "queue": for fixed-allocation experiments, where the hash
   * alone decides the arm, answer at once and let the row follow (exposure-log.ts); the lean
   * assignment server uses it, so an agent's call never waits on the database. Bandit experiments
   * always await: a unit's stored arm may differ from its hash once the weights move.
   */
  exposure?: "await" | "queue";
}

export async function assignUnit(ctx: TenantContext, input: AssignInput, options: AssignOptions = {}): Promise<Assignment> {
  const experiment = await cachedExperiment(ctx.db, ctx.tenantId, input.experiment);
  if (!experiment) throw new NotFoundError(`no experiment with key ${input.experiment}`);
  if (experiment.status !== "running") {
    return { experiment: experiment.key, unitId: input.unitId, inExperiment: false, arm: null, firstExposure: false, served: experiment.production };
  }
  const hashed = experiment.arms[chooseArm(experiment.arms.map((a) => a.weight), hashUnit(experiment.salt, input.unitId))]!;
  const exposure = { tenantId: ctx.tenantId, experimentId: experiment.id, armId: hashed.id, unitId: input.unitId };
  if (options.exposure === "queue" && experiment.allocation === "fixed") {
    const backlog = queueExposure(ctx.db, exposure);
    if (backlog) await backlog;
    return { experiment: experiment.key, unitId: input.unitId, inExperiment: true, arm: hashed.key, firstExposure: null, served: hashed.served };
  }
  const recorded = await recordExposure(ctx.db, exposure);
  // The stored arm wins over the hash, which keeps a unit's arm when bandit weights move.
  const arm = experiment.arms.find((a) => a.id === recorded.armId) ?? hashed;
  return { experiment: experiment.key, unitId: input.unitId, inExperiment: true, arm: arm.key, firstExposure: recorded.firstExposure, served: arm.served };
}
