/**
 * API keys for integrations. A key is "fw_<prefix>_<secret>"; only its SHA-256 is stored (the
 * secret has 192 bits of entropy, so a slow hash buys nothing) and it is shown once.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { API_KEY_SCOPES, type ApiKeyScope } from "../core/permissions";
import type { PrismaClient } from "../db";
import { recordAudit } from "./audit";
import type { TenantContext } from "./context";
import { NotFoundError, UnauthorizedError } from "./errors";

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).default(["ingest", "read"]),
});
export const apiKeyIdInput = z.object({ id: z.string().uuid() });

const KEY_PATTERN = /^fw_([a-z0-9]{10})_([A-Za-z0-9_-]{32})$/;
const LAST_USED_RESOLUTION_MS = 60_000;
const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

export async function createApiKey(ctx: TenantContext, input: z.infer<typeof createApiKeyInput>) {
  const prefix = randomBytes(8).toString("hex").slice(0, 10);
  const key = `fw_${prefix}_${randomBytes(24).toString("base64url")}`;
  const row = await ctx.db.apiKey.create({
    data: { tenantId: ctx.tenantId, name: input.name, prefix, secretHash: sha256(key), scopes: input.scopes, createdById: ctx.actor.type === "user" ? ctx.actor.userId : null },
  });
  await recordAudit(ctx, ctx.db, { action: "api_key.create", targetType: "api_key", targetId: row.id, details: { name: input.name, scopes: input.scopes } });
  return { id: row.id, name: row.name, prefix: row.prefix, scopes: row.scopes, createdAt: row.createdAt, key };
}

export async function listApiKeys(ctx: TenantContext) {
  const rows = await ctx.db.apiKey.findMany({ where: { tenantId: ctx.tenantId }, orderBy: { createdAt: "desc" } });
  return rows.map((r) => ({ id: r.id, name: r.name, prefix: r.prefix, displayKey: `fw_${r.prefix}_…`, scopes: r.scopes, createdAt: r.createdAt, lastUsedAt: r.lastUsedAt, revokedAt: r.revokedAt }));
}

export async function revokeApiKey(ctx: TenantContext, input: z.infer<typeof apiKeyIdInput>) {
  const { count } = await ctx.db.apiKey.updateMany({ where: { id: input.id, tenantId: ctx.tenantId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw new NotFoundError("API key not found or already revoked");
  for (const [prefix, entry] of verifiedKeys) if (entry.row.id === input.id) verifiedKeys.delete(prefix);
  await recordAudit(ctx, ctx.db, { action: "api_key.revoke", targetType: "api_key", targetId: input.id });
}

export interface AuthenticatedKey {
  apiKeyId: string;
  tenantId: string;
  scopes: ApiKeyScope[];
}

type KeyRow = { id: string; tenantId: string; secretHash: string; scopes: string[]; revokedAt: Date | null; lastUsedAt: Date | null };

/**
 * Key rows looked up in the last few seconds, by prefix. Agents call the assignment and prompt
 * APIs per lead, so this saves a query per call; a revocation in this process drops the entry at
 * once and other processes stop accepting the key within KEY_CACHE_TTL_MS. The secret is still
 * checked against the stored hash on every call.
 */
const KEY_CACHE_TTL_MS = 5_000;
const KEY_CACHE_MAX = 10_000;
const verifiedKeys = new Map<string, { expiresAt: number; row: KeyRow }>();

async function findKey(db: PrismaClient, prefix: string): Promise<KeyRow | null> {
  const hit = verifiedKeys.get(prefix);
  if (hit && hit.expiresAt > Date.now()) return hit.row;
  const row = await db.apiKey.findUnique({ where: { prefix }, select: { id: true, tenantId: true, secretHash: true, scopes: true, revokedAt: true, lastUsedAt: true } });
  if (row) {
    if (verifiedKeys.size >= KEY_CACHE_MAX) verifiedKeys.delete(verifiedKeys.keys().next().value!);
    verifiedKeys.set(prefix, { expiresAt: Date.now() + KEY_CACHE_TTL_MS, row });
  } else verifiedKeys.delete(prefix);
  return row;
}

/** Resolves a presented key; every failure is the same 401 so keys cannot be probed. */
export async function authenticateApiKey(db: PrismaClient, presented: string): Promise<AuthenticatedKey> {
  const match = KEY_PATTERN.exec(presented.trim());
  // Built only on failure: an error's stack trace is the costliest thing on the hot path.
  const invalid = () => new UnauthorizedError("invalid or revoked API key");
  if (!match) throw invalid();
  const row = await findKey(db, match[1]!);
  if (!row || row.revokedAt) throw invalid();
  const expected = Buffer.from(row.secretHash, "hex");
  const actual = Buffer.from(sha256(presented.trim()), "hex");
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw invalid();
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    row.lastUsedAt = new Date();
    await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: row.lastUsedAt } });
  }
  return { apiKeyId: row.id, tenantId: row.tenantId, scopes: row.scopes.filter((s): s is ApiKeyScope => (API_KEY_SCOPES as readonly string[]).includes(s)) };
}
