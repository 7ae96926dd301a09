/**
 * What the dashboard shows of the registry: the prompt list, one prompt's versions, labels and
 * label history, and diffs between two versions.
 */
import { LATEST_LABEL, PRODUCTION_LABEL } from "../../core/prompt-template";
import { diffJson, diffLines } from "../../core/text-diff";
import type { TenantContext } from "../context";
import { previousLabelVersion, protectedLabels } from "./labels";
import { findPrompt, versionNotFound } from "./lookup";
import type { Db, DiffPromptVersionsInput, LabelMoveSource, ListPromptsInput, PromptRef } from "./schemas";

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
