/**
 * Labels of a prompt: which ones are protected (tenant settings), who may move them, and every
 * move (movePromptLabel, by hand, rollback) with its PromptLabelEvent, audit entry and cache drop.
 */
import { z } from "zod";
import { roleAllows, type Permission } from "../../core/permissions";
import { LABEL_NAME_HELP, LABEL_NAME_PATTERN, LATEST_LABEL, PRODUCTION_LABEL, protectedLabelSet } from "../../core/prompt-template";
import type { Prisma, PrismaClient } from "../../db";
import { recordAudit } from "../audit";
import { actorId, type TenantContext } from "../context";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { forgetTenantExperiments } from "../experiments/assign";
import { findPrompt, labelNotFound, lockPrompt, versionByNumber, type PromptRow } from "./lookup";
import { invalidatePromptCache } from "./read-cache";
import { LABEL_MOVE_SOURCES, type Db, type RollbackPromptLabelInput, type SetPromptLabelInput, type setProtectedLabelsInput } from "./schemas";

/** Production plus tenant.settings.prompts.protectedLabels. */
const tenantPromptSettings = z.object({ prompts: z.object({ protectedLabels: z.array(z.string()).catch([]) }).partial().catch({}) }).partial().catch({});

export async function protectedLabels(db: Db, tenantId: string): Promise<Set<string>> {
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

export function assertLabelsAllowed(ctx: Pick<TenantContext, "role" | "actor">, labels: readonly string[], protectedSet: Set<string>) {
  labels.forEach((label, i) => assertMayMoveLabel(ctx, label, protectedSet, `labels[${i}]`));
}

/** Points latest at a new version. Not an event: the versions list is its history. */
export async function pointLatest(tx: Prisma.TransactionClient, tenantId: string, prompt: PromptRow, versionId: string) {
  await tx.promptLabel.upsert({
    where: { promptId_name: { promptId: prompt.id, name: LATEST_LABEL } },
    create: { tenantId, promptId: prompt.id, name: LATEST_LABEL, versionId },
    update: { versionId, updatedAt: new Date() },
  });
  invalidatePromptCache(tenantId, prompt.name);
}

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

