import type { Role } from "../core/permissions";
import type { PrismaClient } from "../db";

/** Who is acting on a tenant, as resolved and checked by the tenant middleware. */
export type Actor = { type: "user"; userId: string } | { type: "api_key"; apiKeyId: string } | { type: "system" };

export interface TenantContext {
  db: PrismaClient;
  tenantId: string;
  /** The caller's role; API keys act as MEMBER within their scopes. */
  role: Role;
  actor: Actor;
}

export function actorId(actor: Actor): string | null {
  return actor.type === "user" ? actor.userId : actor.type === "api_key" ? actor.apiKeyId : null;
}
