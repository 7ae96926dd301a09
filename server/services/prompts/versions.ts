/**
 * Creating prompts and their immutable numbered versions: the only place versions are written,
 * with the number allocated under a row lock on the prompt.
 */
import { extractVariables, LATEST_LABEL } from "../../core/prompt-template";
import { Prisma } from "../../db";
import { recordAudit } from "../audit";
import { actorId, type TenantContext } from "../context";
import { ConflictError, ValidationError } from "../errors";
import { assertLabelsAllowed, movePromptLabel, pointLatest, protectedLabels } from "./labels";
import { findPrompt, lockPrompt, type PromptRow } from "./lookup";
import { versionIssues, type CreatePromptInput, type CreatePromptVersionInput, type VersionFields } from "./schemas";

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
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
