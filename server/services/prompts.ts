/**
 * Prompt registry: named prompts and config values per tenant, immutable numbered versions,
 * labels that point at versions (production, staging, custom; "latest" follows the newest), a
 * history of every label move, rollback, diffs, and `resolvePrompt` for agents.
 *
 * Rules (shared by tRPC, HTTP, approvals and experiments; no raw Prisma on these tables elsewhere):
 * - Versions are created only here (createPrompt, createPromptVersion): the number is allocated
 *   under a row lock on the prompt, and a unique clash that still happens is a ConflictError.
 * - A label moves only through movePromptLabel: it writes the PromptLabelEvent (rollback reads
 *   it), the audit entry, and invalidates the read cache. Permission checks belong to callers
 *   (setPromptLabel, rollbackPromptLabel, approvals); protected labels need prompts:promote.
 * - Reads by label are cached in-process for LABEL_TTL_MS; a label move in this process drops
 *   them at once. Other processes see a move within the TTL. Version reads are immutable and
 *   cached longer.
 */
import { forgetTenantExperiments } from "./experiments/assign";
import { z } from "zod";
import { roleAllows, type Permission } from "../core/permissions";
import {
  extractVariables,
  LABEL_NAME_HELP,
  LABEL_NAME_PATTERN,
  LATEST_LABEL,
  PRODUCTION_LABEL,
  PROMPT_NAME_HELP,
  PROMPT_NAME_MAX,
  PROMPT_NAME_PATTERN,
  protectedLabelSet,
  renderTemplate,
} from "../core/prompt-template";
import { diffJson, diffLines } from "../core/text-diff";
import { Prisma, type PrismaClient } from "../db";
import { recordAudit } from "./audit";
import { actorId, type TenantContext } from "./context";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, zodIssues, type FieldIssue } from "./errors";

// Schemas ------------------------------------------------------------------------------------

export const PROMPT_KINDS = ["text", "config"] as const;
export const LABEL_MOVE_SOURCES = ["manual", "approval", "auto", "rollback"] as const;
export type LabelMoveSource = (typeof LABEL_MOVE_SOURCES)[number];

const MAX_TEMPLATE_CHARS = 100_000;
const MAX_JSON_CHARS = 100_000;
const MAX_LABELS_PER_CALL = 20;

export const promptName = z.string().trim().max(PROMPT_NAME_MAX, `at most ${PROMPT_NAME_MAX} characters`).regex(PROMPT_NAME_PATTERN, `use ${PROMPT_NAME_HELP}`);
export const labelName = z.string().trim().regex(LABEL_NAME_PATTERN, `use ${LABEL_NAME_HELP}`);
const jsonText = (value: unknown) => JSON.stringify(value)?.length ?? 0;

/** A prompt is named by id (dashboard) or by name (agents); exactly one of them. */
const promptRefShape = { promptId: z.string().uuid().optional(), name: promptName.optional() };
type PromptRef = { promptId?: string; name?: string };
function oneRef(value: PromptRef, ctx: z.RefinementCtx) {
  if ((value.promptId === undefined) === (value.name === undefined)) ctx.addIssue({ code: "custom", path: ["name"], message: "name the prompt by name or by promptId (exactly one)" });
}

/** The content of one version; which fields apply depends on the prompt's kind. */
const versionShape = {
  /** Text prompts: the template, with {{variables}}. */
  template: z.string().max(MAX_TEMPLATE_CHARS, `at most ${MAX_TEMPLATE_CHARS} characters`).optional(),
  /** Config items: any JSON value except null (a model choice, a send window, a channel sequence…). */
  config: z.json().optional(),
  model: z.string().trim().min(1).max(200).nullish(),
  parameters: z
    .record(z.string(), z.json())
    .refine((p) => jsonText(p) <= MAX_JSON_CHARS, `at most ${MAX_JSON_CHARS} characters of JSON`)
    .default({}),
  commitMessage: z.string().trim().max(1000).default(""),
  /** Labels to point at the new version (protected ones need prompts:promote). */
  labels: z.array(labelName).max(MAX_LABELS_PER_CALL).default([]),
};
type VersionFields = { template?: string; config?: unknown; model?: string | null; parameters: Record<string, unknown>; commitMessage: string; labels: string[] };

/** Template for text prompts, config for config items: each kind gets only its own field. */
function versionIssues(kind: PromptKind, value: Pick<VersionFields, "template" | "config">): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (kind === "text") {
    if (value.template === undefined || !value.template.trim()) issues.push({ path: "template", message: "a text prompt needs a non-empty template" });
    if (value.config !== undefined) issues.push({ path: "config", message: "a text prompt has no config value; send template" });
  } else {
    if (value.config === undefined || value.config === null) issues.push({ path: "config", message: "a config item needs a JSON value (not null)" });
    else if (jsonText(value.config) > MAX_JSON_CHARS) issues.push({ path: "config", message: `at most ${MAX_JSON_CHARS} characters of JSON` });
    if (value.template !== undefined) issues.push({ path: "template", message: "a config item has no template; send config" });
  }
  return issues;
}

export const listPromptsInput = z
  .object({ search: z.string().trim().max(100).optional(), limit: z.coerce.number().int().min(1).max(500).default(200) })
  .prefault({});

export const createPromptInput = z
  .object({ name: promptName, kind: z.enum(PROMPT_KINDS).default("text"), description: z.string().trim().max(1000).optional(), ...versionShape })
  .superRefine((value, ctx) => {
    for (const issue of versionIssues(value.kind, value)) ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message });
  });

export const createPromptVersionInput = z.object({ ...promptRefShape, ...versionShape }).superRefine(oneRef);
export const promptRefInput = z.object(promptRefShape).superRefine(oneRef);

export const setPromptLabelInput = z
  .object({ ...promptRefShape, label: labelName, version: z.coerce.number().int().min(1), reason: z.string().trim().max(500).optional() })
  .superRefine(oneRef);

export const rollbackPromptLabelInput = z.object({ ...promptRefShape, label: labelName, reason: z.string().trim().max(500).optional() }).superRefine(oneRef);

export const diffPromptVersionsInput = z
  .object({
    ...promptRefShape,
    from: z.coerce.number().int().min(1),
    to: z.coerce.number().int().min(1),
    /** Unchanged lines around each change; a large number shows the whole text. */
    context: z.coerce.number().int().min(0).max(100_000).default(3),
  })
  .superRefine(oneRef);

export const resolvePromptInput = z.object({
  name: promptName,
  /** Defaults to production when no version is given. */
  label: labelName.optional(),
  version: z.coerce.number().int().min(1).optional(),
  /** Fills {{variables}} of a text prompt into `rendered`; numbers and booleans are written as text. */
  variables: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).optional(),
});

export const setProtectedLabelsInput = z.object({ labels: z.array(labelName).max(50) });

/** Parses an HTTP body or query with one of the schemas above: a ValidationError with field paths on failure. */
export function parsePromptRequest<S extends z.ZodType>(schema: S, payload: unknown, message = "request rejected"): z.output<S> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new ValidationError(message, zodIssues(parsed.error));
  return parsed.data;
}

export type ListPromptsInput = z.output<typeof listPromptsInput>;
export type CreatePromptInput = z.output<typeof createPromptInput>;
export type CreatePromptVersionInput = z.output<typeof createPromptVersionInput>;
export type SetPromptLabelInput = z.output<typeof setPromptLabelInput>;
export type RollbackPromptLabelInput = z.output<typeof rollbackPromptLabelInput>;
export type DiffPromptVersionsInput = z.output<typeof diffPromptVersionsInput>;
export type ResolvePromptInput = z.output<typeof resolvePromptInput>;

type PromptKind = (typeof PROMPT_KINDS)[number];
type Db = Prisma.TransactionClient | PrismaClient;

// Read cache ---------------------------------------------------------------------------------

export interface ResolvedPrompt {
  promptId: string;
  name: string;
  kind: PromptKind;
  versionId: string;
  version: number;
  /** The label asked for; null for a read by version number. */
  label: string | null;
  template: string | null;
  config: Prisma.JsonValue | null;
  variables: string[];
  model: string | null;
  parameters: Prisma.JsonValue;
  commitMessage: string;
  createdAt: Date;
  /** The template with the given variables filled in (text prompts, when variables were sent). */
  rendered?: string;
}

export const LABEL_TTL_MS = 10_000;
export const VERSION_TTL_MS = 10 * 60_000;
const MAX_CACHE_ENTRIES = 5_000;
/**
 * After a label move, reads of that prompt skip the cache for this long: a move inside a caller's
 * transaction (approvals) is invisible until it commits, and nothing read before the commit may
 * be cached. Longer than any transaction that moves a label.
 */
const BYPASS_AFTER_MOVE_MS = 30_000;

class PromptReadCache {
  private entries = new Map<string, { value: ResolvedPrompt; expiresAt: number }>();
  private bypassUntil = new Map<string, number>();
  /** Bumped by every invalidation: a read that started before one must not store its result. */
  generation = 0;
  hits = 0;
  misses = 0;

  get(key: string, now: number): ResolvedPrompt | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > now) {
      this.hits++;
      return entry.value;
    }
    if (entry) this.entries.delete(key);
    this.misses++;
    return undefined;
  }

  /** Label reads are stored only if nothing was invalidated since they started and no move is in flight; version reads always. */
  set(key: string, promptKey: string, generation: number, value: ResolvedPrompt, ttlMs: number, now: number) {
    const byLabel = value.label !== null;
    if (byLabel && (generation !== this.generation || (this.bypassUntil.get(promptKey) ?? 0) > now)) return;
    this.entries.delete(key);
    while (this.entries.size >= MAX_CACHE_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value: deepFreeze(value), expiresAt: now + ttlMs });
  }

  /** Drops the label reads of one prompt (version reads stay valid) and bypasses it for a while. */
  invalidate(promptKey: string, now: number) {
    this.generation++;
    for (const key of this.entries.keys()) if (key.startsWith(`${promptKey}\u0000l`)) this.entries.delete(key);
    for (const [key, until] of this.bypassUntil) if (until <= now) this.bypassUntil.delete(key);
    this.bypassUntil.set(promptKey, now + BYPASS_AFTER_MOVE_MS);
  }

  clear() {
    this.entries.clear();
    this.bypassUntil.clear();
    this.generation++;
    this.hits = 0;
    this.misses = 0;
  }

  get size() {
    return this.entries.size;
  }
}

// One cache per process, shared by every route bundle that imports this module.
const globalForCache = globalThis as unknown as { flywheelPromptCache?: PromptReadCache };
const cache = (globalForCache.flywheelPromptCache ??= new PromptReadCache());

const promptCacheKey = (tenantId: string, name: string) => `${tenantId}\u0000${name}`;

/** Drops cached label reads of a prompt in this process (movePromptLabel does this itself). */
export function invalidatePromptCache(tenantId: string, promptName: string): void {
  cache.invalidate(promptCacheKey(tenantId, promptName), Date.now());
}

/** Hit and miss counters of this process's read cache (tests, diagnostics). */
export function promptCacheStats() {
  return { size: cache.size, hits: cache.hits, misses: cache.misses };
}

export function clearPromptCache(): void {
  cache.clear();
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

// Helpers ------------------------------------------------------------------------------------

type PromptRow = { id: string; name: string; kind: PromptKind };

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

function listNames(names: readonly string[], max = 10): string {
  return names.length > max ? `${names.slice(0, max).join(", ")} and ${names.length - max} more` : names.join(", ");
}

async function promptNotFound(db: Db, tenantId: string, name: string): Promise<NotFoundError> {
  const others = await db.prompt.findMany({ where: { tenantId }, select: { name: true }, orderBy: { name: "asc" }, take: 11 });
  if (others.length === 0) return new NotFoundError(`no prompt named ${name}: this tenant has no prompts yet`);
  return new NotFoundError(`no prompt named ${name}; prompts: ${listNames(others.map((p) => p.name))}`);
}

async function findPrompt(db: Db, tenantId: string, ref: PromptRef): Promise<PromptRow> {
  const row = await db.prompt.findFirst({
    where: ref.promptId ? { id: ref.promptId, tenantId } : { tenantId, name: ref.name ?? "" },
    select: { id: true, name: true, kind: true },
  });
  if (row) return row;
  if (ref.promptId) throw new NotFoundError("prompt not found");
  throw await promptNotFound(db, tenantId, ref.name ?? "");
}

/** Locks the prompt row for the rest of the transaction: version numbers and label moves serialise on it. */
async function lockPrompt(tx: Prisma.TransactionClient, tenantId: string, promptId: string): Promise<PromptRow> {
  const rows = await tx.$queryRaw<Array<{ id: string; name: string; kind: PromptKind }>>`
    SELECT id::text AS id, name, kind::text AS kind FROM prompts WHERE id = ${promptId}::uuid AND tenant_id = ${tenantId}::uuid FOR UPDATE`;
  if (!rows[0]) throw new NotFoundError("prompt not found");
  return rows[0];
}

/** Production plus tenant.settings.prompts.protectedLabels. */
const tenantPromptSettings = z.object({ prompts: z.object({ protectedLabels: z.array(z.string()).catch([]) }).partial().catch({}) }).partial().catch({});

async function protectedLabels(db: Db, tenantId: string): Promise<Set<string>> {
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { settings: true } });
  return protectedLabelSet(tenantPromptSettings.parse(tenant?.settings ?? {}).prompts?.protectedLabels ?? []);
}

/** The permission a label move needs; latest is never moved by hand. */
function assertMayMoveLabel(ctx: Pick<TenantContext, "role" | "actor">, label: string, protectedSet: Set<string>, path = "label") {
  if (label === LATEST_LABEL) throw new ValidationError(`the ${LATEST_LABEL} label always points at the newest version; it cannot be moved by hand`, [{ path, message: `${LATEST_LABEL} is managed by the registry` }]);
  const needed: Permission = protectedSet.has(label) ? "prompts:promote" : "prompts:write";
  if (roleAllows(ctx.role, needed)) return;
  if (needed === "prompts:promote") {
    const who = ctx.actor.type === "api_key" ? "API keys" : `your role ${ctx.role}`;
    throw new ForbiddenError(`label ${label} is protected: moving it needs prompts:promote (ADMIN or OWNER), and ${who} cannot`);
  }
  throw new ForbiddenError(`your role ${ctx.role} does not allow prompts:write`);
}

function assertLabelsAllowed(ctx: Pick<TenantContext, "role" | "actor">, labels: readonly string[], protectedSet: Set<string>) {
  labels.forEach((label, i) => assertMayMoveLabel(ctx, label, protectedSet, `labels[${i}]`));
}

/** Points latest at a new version. Not an event: the versions list is its history. */
async function pointLatest(tx: Prisma.TransactionClient, tenantId: string, prompt: PromptRow, versionId: string) {
  await tx.promptLabel.upsert({
    where: { promptId_name: { promptId: prompt.id, name: LATEST_LABEL } },
    create: { tenantId, promptId: prompt.id, name: LATEST_LABEL, versionId },
    update: { versionId, updatedAt: new Date() },
  });
  invalidatePromptCache(tenantId, prompt.name);
}

async function insertVersion(tx: Prisma.TransactionClient, ctx: Pick<TenantContext, "tenantId" | "actor">, prompt: PromptRow, version: number, fields: VersionFields) {
  return tx.promptVersion.create({
    data: {
      tenantId: ctx.tenantId,
      promptId: prompt.id,
      version,
      template: prompt.kind === "text" ? fields.template : undefined,
      config: prompt.kind === "config" ? (fields.config as Prisma.InputJsonValue) : undefined,
      variables: prompt.kind === "text" && fields.template ? extractVariables(fields.template) : [],
      model: fields.model ?? null,
      parameters: fields.parameters as Prisma.InputJsonObject,
      commitMessage: fields.commitMessage,
      authorType: ctx.actor.type,
      authorId: actorId(ctx.actor),
    },
    select: { id: true, version: true, variables: true, createdAt: true },
  });
}

// Label moves --------------------------------------------------------------------------------

/**
 * Points `label` of a prompt at a version. No permission check: callers check (setPromptLabel,
 * rollbackPromptLabel, approvals, experiment auto-promotion). Verifies the version belongs to
 * the prompt and tenant, upserts the label, records the move (PromptLabelEvent + audit
 * "prompt.label.move") and drops the cached reads of the prompt in this process. Moving a label
 * to where it already points changes and records nothing. Runs in `db`'s transaction when given
 * one (rows stay locked until it ends), else in its own.
 */
export async function movePromptLabel(
  db: Prisma.TransactionClient | PrismaClient,
  ctx: Pick<TenantContext, "tenantId" | "actor">,
  input: { promptId: string; label: string; toVersionId: string; source: "manual" | "approval" | "auto" | "rollback"; reason?: string },
): Promise<{ fromVersionId: string | null; toVersionId: string }> {
  // The root client ($connect exists only there) opens a transaction; a transaction client is used as is.
  if ("$connect" in db) return db.$transaction((tx) => movePromptLabel(tx, ctx, input));
  const label = input.label.trim();
  if (!LABEL_NAME_PATTERN.test(label)) throw new ValidationError("invalid label name", [{ path: "label", message: `use ${LABEL_NAME_HELP}` }]);
  if (label === LATEST_LABEL) throw new ValidationError(`the ${LATEST_LABEL} label always points at the newest version`, [{ path: "label", message: `${LATEST_LABEL} is managed by the registry` }]);
  if (!(LABEL_MOVE_SOURCES as readonly string[]).includes(input.source)) throw new ValidationError("invalid label move source", [{ path: "source", message: `one of ${LABEL_MOVE_SOURCES.join(", ")}` }]);

  const prompt = await lockPrompt(db, ctx.tenantId, input.promptId);
  const target = await db.promptVersion.findFirst({ where: { id: input.toVersionId, promptId: prompt.id, tenantId: ctx.tenantId }, select: { id: true, version: true } });
  if (!target) throw new NotFoundError(`that version does not belong to prompt ${prompt.name}`);
  const current = await db.promptLabel.findUnique({ where: { promptId_name: { promptId: prompt.id, name: label } }, select: { versionId: true, version: { select: { version: true } } } });
  if (current?.versionId === target.id) return { fromVersionId: target.id, toVersionId: target.id };

  // Strictly increasing times per label, so "the latest move" is well defined even within a millisecond.
  const last = await db.promptLabelEvent.findFirst({ where: { promptId: prompt.id, label }, orderBy: { createdAt: "desc" }, select: { createdAt: true } });
  const at = new Date(Math.max(Date.now(), last ? last.createdAt.getTime() + 1 : 0));
  await db.promptLabel.upsert({
    where: { promptId_name: { promptId: prompt.id, name: label } },
    create: { tenantId: ctx.tenantId, promptId: prompt.id, name: label, versionId: target.id, updatedAt: at },
    update: { versionId: target.id, updatedAt: at },
  });
  await db.promptLabelEvent.create({
    data: {
      tenantId: ctx.tenantId,
      promptId: prompt.id,
      label,
      fromVersionId: current?.versionId ?? null,
      toVersionId: target.id,
      source: input.source,
      reason: input.reason ?? null,
      actorType: ctx.actor.type,
      actorId: actorId(ctx.actor),
      createdAt: at,
    },
  });
  await db.prompt.update({ where: { id: prompt.id }, data: { updatedAt: at } });
  await recordAudit(ctx, db, {
    action: "prompt.label.move",
    targetType: "prompt",
    targetId: prompt.id,
    details: { prompt: prompt.name, label, fromVersion: current?.version.version ?? null, toVersion: target.version, source: input.source, reason: input.reason ?? null },
  });
  invalidatePromptCache(ctx.tenantId, prompt.name);
  forgetTenantExperiments(ctx.tenantId);
  return { fromVersionId: current?.versionId ?? null, toVersionId: target.id };
}

/** The version `label` pointed at before its latest move (what a rollback returns to); null if none. */
export async function previousLabelVersion(db: Prisma.TransactionClient | PrismaClient, tenantId: string, promptId: string, label: string): Promise<string | null> {
  const last = await db.promptLabelEvent.findFirst({ where: { tenantId, promptId, label }, orderBy: { createdAt: "desc" }, select: { fromVersionId: true } });
  return last?.fromVersionId ?? null;
}

// Use cases ----------------------------------------------------------------------------------

/** A new prompt with version 1 (latest points at it) and, optionally, labels on it. */
export async function createPrompt(ctx: TenantContext, input: CreatePromptInput) {
  const labels = [...new Set(input.labels)];
  if (labels.length) assertLabelsAllowed(ctx, labels, await protectedLabels(ctx.db, ctx.tenantId));
  const issues = versionIssues(input.kind, input);
  if (issues.length) throw new ValidationError("prompt rejected", issues);
  if (await ctx.db.prompt.findUnique({ where: { tenantId_name: { tenantId: ctx.tenantId, name: input.name } }, select: { id: true } })) {
    throw new ConflictError(`a prompt named ${input.name} already exists; add a version to it instead`);
  }
  try {
    return await ctx.db.$transaction(async (tx) => {
      const created = await tx.prompt.create({ data: { tenantId: ctx.tenantId, name: input.name, kind: input.kind, description: input.description || null }, select: { id: true, name: true, kind: true } });
      const version = await insertVersion(tx, ctx, created, 1, input);
      await pointLatest(tx, ctx.tenantId, created, version.id);
      for (const label of labels) await movePromptLabel(tx, ctx, { promptId: created.id, label, toVersionId: version.id, source: "manual", reason: "set when the prompt was created" });
      await recordAudit(ctx, tx, { action: "prompt.create", targetType: "prompt", targetId: created.id, details: { name: created.name, kind: created.kind, labels } });
      return { id: created.id, name: created.name, kind: created.kind, version: version.version, versionId: version.id, variables: version.variables, labels: [LATEST_LABEL, ...labels] };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`a prompt named ${input.name} already exists; add a version to it instead`);
    throw error;
  }
}

const VERSION_ATTEMPTS = 3;

/**
 * The next version of a prompt. The number is max+1 under a row lock on the prompt, so
 * concurrent creates get distinct numbers; if a clash still happens (a writer that does not
 * lock), it is retried, then reported as a ConflictError rather than a 500.
 */
export async function createPromptVersion(ctx: TenantContext, input: CreatePromptVersionInput) {
  const prompt = await findPrompt(ctx.db, ctx.tenantId, input);
  const issues = versionIssues(prompt.kind, input);
  if (issues.length) throw new ValidationError(`version rejected (${prompt.name} is a ${prompt.kind} ${prompt.kind === "text" ? "prompt" : "item"})`, issues);
  const labels = [...new Set(input.labels)];
  if (labels.length) assertLabelsAllowed(ctx, labels, await protectedLabels(ctx.db, ctx.tenantId));

  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.db.$transaction(async (tx) => {
        const locked = await lockPrompt(tx, ctx.tenantId, prompt.id);
        const max = await tx.promptVersion.aggregate({ where: { promptId: locked.id }, _max: { version: true } });
        const version = await insertVersion(tx, ctx, locked, (max._max.version ?? 0) + 1, input);
        await pointLatest(tx, ctx.tenantId, locked, version.id);
        for (const label of labels) await movePromptLabel(tx, ctx, { promptId: locked.id, label, toVersionId: version.id, source: "manual", reason: `set with version ${version.version}` });
        await tx.prompt.update({ where: { id: locked.id }, data: { updatedAt: new Date() } });
        await recordAudit(ctx, tx, { action: "prompt.version.create", targetType: "prompt", targetId: locked.id, details: { name: locked.name, version: version.version, commitMessage: input.commitMessage, labels } });
        return { promptId: locked.id, name: locked.name, kind: locked.kind, id: version.id, version: version.version, variables: version.variables, createdAt: version.createdAt, labels: [LATEST_LABEL, ...labels] };
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (attempt >= VERSION_ATTEMPTS) throw new ConflictError(`another version of ${prompt.name} was created at the same moment; try again`);
    }
  }
}

const LABEL_ORDER = (protectedSet: Set<string>) => (a: { name: string }, b: { name: string }) => {
  const rank = (n: string) => (n === PRODUCTION_LABEL ? 0 : protectedSet.has(n) ? 1 : n === LATEST_LABEL ? 3 : 2);
  return rank(a.name) - rank(b.name) || a.name.localeCompare(b.name);
};

/** Prompts by name with their newest version and labels; at most `limit` (truncated says so). */
export async function listPrompts(ctx: TenantContext, input: ListPromptsInput) {
  const [rows, protectedSet] = await Promise.all([
    ctx.db.prompt.findMany({
      where: { tenantId: ctx.tenantId, ...(input.search ? { name: { contains: input.search.toLowerCase() } } : {}) },
      orderBy: { name: "asc" },
      take: input.limit + 1,
      include: {
        versions: { orderBy: { version: "desc" }, take: 1, select: { id: true, version: true, commitMessage: true, model: true, variables: true, createdAt: true } },
        labels: { select: { name: true, updatedAt: true, version: { select: { version: true } } } },
        _count: { select: { versions: true } },
      },
    }),
    protectedLabels(ctx.db, ctx.tenantId),
  ]);
  const items = rows.slice(0, input.limit).map((p) => ({
    id: p.id,
    name: p.name,
    kind: p.kind,
    description: p.description,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    versionCount: p._count.versions,
    latestVersion: p.versions[0] ?? null,
    labels: p.labels.map((l) => ({ name: l.name, version: l.version.version, protected: protectedSet.has(l.name), updatedAt: l.updatedAt })).sort(LABEL_ORDER(protectedSet)),
  }));
  return { items, truncated: rows.length > input.limit, protectedLabels: [...protectedSet] };
}

const MAX_DETAIL_VERSIONS = 200;
const MAX_DETAIL_EVENTS = 200;

async function actorNames(db: Db, tenantId: string, actors: Array<{ type: string; id: string | null }>) {
  const userIds = [...new Set(actors.filter((a) => a.type === "user" && a.id).map((a) => a.id!))];
  const keyIds = [...new Set(actors.filter((a) => a.type === "api_key" && a.id).map((a) => a.id!))];
  const [users, keys] = await Promise.all([
    userIds.length ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } }) : [],
    keyIds.length ? db.apiKey.findMany({ where: { id: { in: keyIds }, tenantId }, select: { id: true, name: true } }) : [],
  ]);
  const names = new Map<string, string>([...users.map((u) => [u.id, u.name ? `${u.name} (${u.email})` : u.email] as const), ...keys.map((k) => [k.id, `API key "${k.name}"`] as const)]);
  return (type: string, id: string | null) => ({ type, id, name: type === "system" ? "Flywheel" : (id && names.get(id)) || (type === "api_key" ? "a deleted API key" : "a former member") });
}

/** A prompt with its versions (newest first, with labels), labels (with rollback targets) and label history. */
export async function getPromptDetail(ctx: TenantContext, input: PromptRef) {
  const prompt = await findPrompt(ctx.db, ctx.tenantId, input);
  const where = { promptId: prompt.id, tenantId: ctx.tenantId };
  const [full, numbers, labels, events, protectedSet, description] = await Promise.all([
    ctx.db.promptVersion.findMany({ where, orderBy: { version: "desc" }, take: MAX_DETAIL_VERSIONS }),
    ctx.db.promptVersion.findMany({ where, select: { id: true, version: true } }),
    ctx.db.promptLabel.findMany({ where, select: { name: true, versionId: true, updatedAt: true } }),
    ctx.db.promptLabelEvent.findMany({ where, orderBy: { createdAt: "desc" }, take: MAX_DETAIL_EVENTS }),
    protectedLabels(ctx.db, ctx.tenantId),
    ctx.db.prompt.findUniqueOrThrow({ where: { id: prompt.id }, select: { description: true, createdAt: true, updatedAt: true } }),
  ]);
  const versionOf = new Map(numbers.map((v) => [v.id, v.version]));
  const name = await actorNames(ctx.db, ctx.tenantId, [...full.map((v) => ({ type: v.authorType, id: v.authorId })), ...events.map((e) => ({ type: e.actorType, id: e.actorId }))]);
  const rollbackTargets = await Promise.all(labels.map((l) => (l.name === LATEST_LABEL ? null : previousLabelVersion(ctx.db, ctx.tenantId, prompt.id, l.name))));
  const labelsOut = labels
    .map((l, i) => ({ name: l.name, versionId: l.versionId, version: versionOf.get(l.versionId) ?? null, protected: protectedSet.has(l.name), updatedAt: l.updatedAt, rollbackTo: rollbackTargets[i] ? (versionOf.get(rollbackTargets[i]!) ?? null) : null }))
    .sort(LABEL_ORDER(protectedSet));
  return {
    id: prompt.id,
    name: prompt.name,
    kind: prompt.kind,
    ...description,
    protectedLabels: [...protectedSet],
    versionCount: numbers.length,
    versions: full.map((v) => ({
      id: v.id,
      version: v.version,
      template: v.template,
      config: v.config,
      variables: v.variables,
      model: v.model,
      parameters: v.parameters,
      commitMessage: v.commitMessage,
      author: name(v.authorType, v.authorId),
      createdAt: v.createdAt,
      labels: labelsOut.filter((l) => l.versionId === v.id).map((l) => l.name),
    })),
    labels: labelsOut,
    events: events.map((e) => ({
      id: e.id,
      label: e.label,
      fromVersion: e.fromVersionId ? (versionOf.get(e.fromVersionId) ?? null) : null,
      toVersion: versionOf.get(e.toVersionId) ?? null,
      source: e.source as LabelMoveSource,
      reason: e.reason,
      actor: name(e.actorType, e.actorId),
      createdAt: e.createdAt,
    })),
  };
}

async function versionNotFound(db: Db, prompt: PromptRow, version: number): Promise<NotFoundError> {
  const max = await db.promptVersion.aggregate({ where: { promptId: prompt.id }, _max: { version: true } });
  return new NotFoundError(`prompt ${prompt.name} has no version ${version}; versions: 1–${max._max.version ?? 0}`);
}

async function versionByNumber(db: Db, tenantId: string, prompt: PromptRow, version: number) {
  const row = await db.promptVersion.findFirst({ where: { promptId: prompt.id, tenantId, version }, select: { id: true, version: true } });
  if (!row) throw await versionNotFound(db, prompt, version);
  return row;
}

/** Moves a label by hand: protected labels need prompts:promote, others prompts:write. */
export async function setPromptLabel(ctx: TenantContext, input: SetPromptLabelInput) {
  const prompt = await findPrompt(ctx.db, ctx.tenantId, input);
  assertMayMoveLabel(ctx, input.label, await protectedLabels(ctx.db, ctx.tenantId));
  const target = await versionByNumber(ctx.db, ctx.tenantId, prompt, input.version);
  const moved = await movePromptLabel(ctx.db, ctx, { promptId: prompt.id, label: input.label, toVersionId: target.id, source: "manual", reason: input.reason });
  const from = moved.fromVersionId ? await ctx.db.promptVersion.findUnique({ where: { id: moved.fromVersionId }, select: { version: true } }) : null;
  return { promptId: prompt.id, name: prompt.name, label: input.label, fromVersion: from?.version ?? null, toVersion: target.version, changed: moved.fromVersionId !== moved.toVersionId };
}

/** Moves a label back to where it pointed before its latest move (source "rollback"). */
export async function rollbackPromptLabel(ctx: TenantContext, input: RollbackPromptLabelInput) {
  const prompt = await findPrompt(ctx.db, ctx.tenantId, input);
  assertMayMoveLabel(ctx, input.label, await protectedLabels(ctx.db, ctx.tenantId));
  return ctx.db.$transaction(async (tx) => {
    await lockPrompt(tx, ctx.tenantId, prompt.id);
    const current = await tx.promptLabel.findUnique({ where: { promptId_name: { promptId: prompt.id, name: input.label } }, select: { version: { select: { version: true } } } });
    if (!current) throw await labelNotFound(tx, prompt, input.label);
    const previousId = await previousLabelVersion(tx, ctx.tenantId, prompt.id, input.label);
    if (!previousId) throw new ConflictError(`label ${input.label} of ${prompt.name} has never pointed at another version; there is nothing to roll back to`);
    const previous = await tx.promptVersion.findUniqueOrThrow({ where: { id: previousId }, select: { version: true } });
    await movePromptLabel(tx, ctx, { promptId: prompt.id, label: input.label, toVersionId: previousId, source: "rollback", reason: input.reason ?? `rollback from version ${current.version.version}` });
    return { promptId: prompt.id, name: prompt.name, label: input.label, fromVersion: current.version.version, toVersion: previous.version };
  });
}

async function labelNotFound(db: Db, prompt: PromptRow, label: string): Promise<NotFoundError> {
  const labels = await db.promptLabel.findMany({ where: { promptId: prompt.id }, select: { name: true }, orderBy: { name: "asc" } });
  return new NotFoundError(`prompt ${prompt.name} has no label ${label}; labels: ${labels.length ? listNames(labels.map((l) => l.name)) : "none"}`);
}

/** Line diffs between two versions: content (template, or config as sorted JSON), parameters, model and variables. */
export async function diffPromptVersions(ctx: TenantContext, input: DiffPromptVersionsInput) {
  const prompt = await findPrompt(ctx.db, ctx.tenantId, input);
  const rows = await ctx.db.promptVersion.findMany({ where: { promptId: prompt.id, tenantId: ctx.tenantId, version: { in: [input.from, input.to] } } });
  const from = rows.find((v) => v.version === input.from);
  const to = rows.find((v) => v.version === input.to);
  if (!from) throw await versionNotFound(ctx.db, prompt, input.from);
  if (!to) throw await versionNotFound(ctx.db, prompt, input.to);
  const options = { context: input.context };
  const summary = (v: typeof from) => ({ id: v.id, version: v.version, commitMessage: v.commitMessage, model: v.model, createdAt: v.createdAt });
  return {
    promptId: prompt.id,
    name: prompt.name,
    kind: prompt.kind,
    from: summary(from),
    to: summary(to),
    content: prompt.kind === "text" ? diffLines(from.template ?? "", to.template ?? "", options) : diffJson(from.config ?? undefined, to.config ?? undefined, options),
    parameters: diffJson(from.parameters, to.parameters, options),
    model: { from: from.model, to: to.model, changed: from.model !== to.model },
    variables: { added: to.variables.filter((v) => !from.variables.includes(v)), removed: from.variables.filter((v) => !to.variables.includes(v)) },
  };
}

/**
 * What an agent runs: a prompt by label (default production) or by version number, from the
 * in-process cache when fresh. With `variables`, a text prompt is also rendered; a variable of
 * the template without a value is a ValidationError naming each missing one.
 */
export async function resolvePrompt(ctx: Pick<TenantContext, "db" | "tenantId">, input: ResolvePromptInput): Promise<ResolvedPrompt> {
  if (input.label !== undefined && input.version !== undefined) throw new ValidationError("ask for a label or a version, not both", [{ path: "label", message: "omit label when asking for a version" }]);
  const label = input.version === undefined ? (input.label ?? PRODUCTION_LABEL) : null;
  const promptKey = promptCacheKey(ctx.tenantId, input.name);
  const key = label !== null ? `${promptKey}\u0000l${label}` : `${promptKey}\u0000v${input.version}`;
  const now = Date.now();
  let resolved = cache.get(key, now);
  if (!resolved) {
    const generation = cache.generation;
    resolved = await loadResolved(ctx.db, ctx.tenantId, input.name, label, input.version ?? null);
    cache.set(key, promptKey, generation, resolved, label !== null ? LABEL_TTL_MS : VERSION_TTL_MS, Date.now());
  }
  if (!input.variables || resolved.kind !== "text" || resolved.template === null) return resolved;
  const { text, missing } = renderTemplate(resolved.template, input.variables);
  if (missing.length) {
    throw new ValidationError(`missing variables for ${resolved.name} version ${resolved.version}: ${missing.join(", ")}`, missing.map((name) => ({ path: `variables.${name}`, message: `no value for {{${name}}}` })));
  }
  return { ...resolved, rendered: text };
}

async function loadResolved(db: Db, tenantId: string, name: string, label: string | null, version: number | null): Promise<ResolvedPrompt> {
  const prompt = await db.prompt.findUnique({
    where: { tenantId_name: { tenantId, name } },
    select: {
      id: true,
      name: true,
      kind: true,
      // One round trip: the label asked for, or the version asked for (the other matches nothing).
      labels: { where: { name: label ?? "" }, select: { version: true } },
      versions: { where: { version: version ?? 0 } },
    },
  });
  if (!prompt) throw await promptNotFound(db, tenantId, name);
  const row = label !== null ? prompt.labels[0]?.version : prompt.versions[0];
  if (!row) {
    throw label !== null ? await labelNotFound(db, prompt, label) : await versionNotFound(db, prompt, version!);
  }
  return {
    promptId: prompt.id,
    name: prompt.name,
    kind: prompt.kind,
    versionId: row.id,
    version: row.version,
    label,
    template: row.template,
    config: row.config,
    variables: row.variables,
    model: row.model,
    parameters: row.parameters,
    commitMessage: row.commitMessage,
    createdAt: row.createdAt,
  };
}

/** Which labels besides production are protected (tenant settings; ADMIN). */
export async function setProtectedLabels(ctx: TenantContext, input: z.output<typeof setProtectedLabelsInput>) {
  const extra = [...new Set(input.labels)].filter((l) => l !== PRODUCTION_LABEL).sort();
  const latestAt = input.labels.indexOf(LATEST_LABEL);
  if (latestAt >= 0) throw new ValidationError("latest cannot be protected", [{ path: `labels[${latestAt}]`, message: "latest moves with every new version" }]);
  const tenant = await ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { settings: true } });
  const settings = tenant.settings && typeof tenant.settings === "object" && !Array.isArray(tenant.settings) ? (tenant.settings as Prisma.JsonObject) : {};
  const prompts = settings.prompts && typeof settings.prompts === "object" && !Array.isArray(settings.prompts) ? (settings.prompts as Prisma.JsonObject) : {};
  await ctx.db.tenant.update({ where: { id: ctx.tenantId }, data: { settings: { ...settings, prompts: { ...prompts, protectedLabels: extra } } as Prisma.InputJsonObject } });
  await recordAudit(ctx, ctx.db, { action: "prompt.protected_labels.update", targetType: "tenant", targetId: ctx.tenantId, details: { protectedLabels: extra } });
  return { protectedLabels: [...protectedLabelSet(extra)] };
}

