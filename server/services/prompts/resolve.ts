/**
 * resolvePrompt, the read agents make: a prompt by label or version number through the read
 * cache, rendered with variables when asked.
 */
import { PRODUCTION_LABEL, renderTemplate } from "../../core/prompt-template";
import type { TenantContext } from "../context";
import { ValidationError } from "../errors";
import { labelNotFound, promptNotFound, versionNotFound } from "./lookup";
import { cache, LABEL_TTL_MS, promptCacheKey, VERSION_TTL_MS, type ResolvedPrompt } from "./read-cache";
import type { Db, ResolvePromptInput } from "./schemas";

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
