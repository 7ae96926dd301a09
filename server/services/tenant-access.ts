/**
 * Resolves who is calling and whether they may act on the tenant they name. The single
 * gate used by the tRPC tenant middleware and the HTTP API alike.
 */
import { roleAllows, scopesAllow, type Permission } from "../core/permissions";
import type { PrismaClient } from "../db";
import { authenticateApiKey } from "./api-keys";
import type { TenantContext } from "./context";
import { ForbiddenError, UnauthorizedError } from "./errors";

export type Caller = { kind: "session"; userId: string } | { kind: "api_key"; key: string } | { kind: "anonymous" };

export const TENANT_HEADER = "x-flywheel-tenant";

/**
 * `tenantSelector` is a tenant slug or id (from the x-flywheel-tenant header or the URL).
 * Users must name a tenant and be a member with enough role; API keys belong to one tenant,
 * so the selector is optional for them but must match when given.
 */
export async function resolveTenantAccess(db: PrismaClient, caller: Caller, tenantSelector: string | null, permission: Permission): Promise<TenantContext> {
  if (caller.kind === "anonymous") throw new UnauthorizedError("sign in or send an API key (Authorization: Bearer fw_…)");

  if (caller.kind === "api_key") {
    const key = await authenticateApiKey(db, caller.key);
    if (tenantSelector) {
      const tenant = await db.tenant.findFirst({ where: selectorWhere(tenantSelector), select: { id: true } });
      if (tenant?.id !== key.tenantId) throw new ForbiddenError("this API key belongs to another tenant");
    }
    if (!scopesAllow(key.scopes, permission)) throw new ForbiddenError(`this API key's scopes (${key.scopes.join(", ")}) do not allow ${permission}`);
    return { db, tenantId: key.tenantId, role: "MEMBER", actor: { type: "api_key", apiKeyId: key.apiKeyId } };
  }

  if (!tenantSelector) throw new ForbiddenError(`choose a tenant (send the ${TENANT_HEADER} header)`);
  const membership = await db.membership.findFirst({ where: { userId: caller.userId, tenant: selectorWhere(tenantSelector) }, select: { tenantId: true, role: true } });
  if (!membership) throw new ForbiddenError("you are not a member of this tenant");
  if (!roleAllows(membership.role, permission)) throw new ForbiddenError(`your role ${membership.role} does not allow ${permission}`);
  return { db, tenantId: membership.tenantId, role: membership.role, actor: { type: "user", userId: caller.userId } };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function selectorWhere(selector: string) {
  return UUID.test(selector) ? { id: selector } : { slug: selector };
}
