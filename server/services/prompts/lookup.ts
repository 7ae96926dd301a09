/**
 * Finding a tenant's prompt, version or label, with not-found errors that list what does exist,
 * and locking a prompt row for the rest of a transaction.
 */
import type { Prisma } from "../../db";
import { NotFoundError } from "../errors";
import type { Db, PromptKind, PromptRef } from "./schemas";

export type PromptRow = { id: string; name: string; kind: PromptKind };

export function listNames(names: readonly string[], max = 10): string {
  return names.length > max ? `${names.slice(0, max).join(", ")} and ${names.length - max} more` : names.join(", ");
}

export async function promptNotFound(db: Db, tenantId: string, name: string): Promise<NotFoundError> {
  const others = await db.prompt.findMany({ where: { tenantId }, select: { name: true }, orderBy: { name: "asc" }, take: 11 });
  if (others.length === 0) return new NotFoundError(`no prompt named ${name}: this tenant has no prompts yet`);
  return new NotFoundError(`no prompt named ${name}; prompts: ${listNames(others.map((p) => p.name))}`);
}

export async function findPrompt(db: Db, tenantId: string, ref: PromptRef): Promise<PromptRow> {
  const row = await db.prompt.findFirst({
    where: ref.promptId ? { id: ref.promptId, tenantId } : { tenantId, name: ref.name ?? "" },
    select: { id: true, name: true, kind: true },
  });
  if (row) return row;
  if (ref.promptId) throw new NotFoundError("prompt not found");
  throw await promptNotFound(db, tenantId, ref.name ?? "");
}

/** Locks the prompt row for the rest of the transaction: version numbers and label moves serialise on it. */
export async function lockPrompt(tx: Prisma.TransactionClient, tenantId: string, promptId: string): Promise<PromptRow> {
  const rows = await tx.$queryRaw<Array<{ id: string; name: string; kind: PromptKind }>>`
    SELECT id::text AS id, name, kind::text AS kind FROM prompts WHERE id = ${promptId}::uuid AND tenant_id = ${tenantId}::uuid FOR UPDATE`;
  if (!rows[0]) throw new NotFoundError("prompt not found");
  return rows[0];
}

export async function versionNotFound(db: Db, prompt: PromptRow, version: number): Promise<NotFoundError> {
  const max = await db.promptVersion.aggregate({ where: { promptId: prompt.id }, _max: { version: true } });
  return new NotFoundError(`prompt ${prompt.name} has no version ${version}; versions: 1–${max._max.version ?? 0}`);
}

export async function versionByNumber(db: Db, tenantId: string, prompt: PromptRow, version: number) {
  const row = await db.promptVersion.findFirst({ where: { promptId: prompt.id, tenantId, version }, select: { id: true, version: true } });
  if (!row) throw await versionNotFound(db, prompt, version);
  return row;
}

export async function labelNotFound(db: Db, prompt: PromptRow, label: string): Promise<NotFoundError> {
  const labels = await db.promptLabel.findMany({ where: { promptId: prompt.id }, select: { name: true }, orderBy: { name: "asc" } });
  return new NotFoundError(`prompt ${prompt.name} has no label ${label}; labels: ${labels.length ? listNames(labels.map((l) => l.name)) : "none"}`);
}
