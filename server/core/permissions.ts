/**
 * One permission table for the server checks and the UI: what each role may do in a tenant,
 * and what an API key's scopes allow. Pure data, no I/O.
 */
export const ROLES = ["OWNER", "ADMIN", "MEMBER", "VIEWER"] as const;
export type Role = (typeof ROLES)[number];

const ROLE_RANK: Record<Role, number> = { VIEWER: 0, MEMBER: 1, ADMIN: 2, OWNER: 3 };

export const PERMISSIONS = {
  "data:read": "VIEWER",
  "data:write": "MEMBER",
  "members:read": "VIEWER",
  "members:manage": "ADMIN",
  "apiKeys:manage": "ADMIN",
  "tenant:settings": "ADMIN",
  "audit:read": "ADMIN",
  "patterns:manage": "ADMIN",
  "prompts:read": "VIEWER",
  /** New prompts and versions, and moving labels that are not protected. */
  "prompts:write": "MEMBER",
  /** Moving a protected label (production by default) and rolling back. */
  "prompts:promote": "ADMIN",
  "experiments:read": "VIEWER",
  /** Drafting experiments: arms, metrics, guardrails. */
  "experiments:write": "MEMBER",
  /** Starting, stopping and evaluating experiments: these send real traffic to variants. */
  "experiments:run": "ADMIN",
  /** Asking for a unit's arm and logging its exposure: what an agent does per lead. */
  "experiments:assign": "MEMBER",
  "approvals:read": "VIEWER",
  "approvals:decide": "ADMIN",
  "models:read": "VIEWER",
  /** Serving a prediction (and storing it for the error check): what an agent does per call or lead. */
  "models:predict": "MEMBER",
  /** Training candidates (tenant data or an uploaded CSV). */
  "models:train": "MEMBER",
  /** Promoting a candidate to production, rolling back: changes what agents are told. */
  "models:promote": "ADMIN",
  "excellence:read": "VIEWER",
  /** Recomputing scores and generating a report now; proposing prompt variants. */
  "excellence:run": "ADMIN",
} as const satisfies Record<string, Role>;
export type Permission = keyof typeof PERMISSIONS;

/** API keys are for integrations: they read and write data, never manage people or keys. */
export const API_KEY_SCOPES = ["ingest", "read"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
const SCOPE_FOR_PERMISSION: Partial<Record<Permission, ApiKeyScope>> = {
  "data:read": "read",
  "data:write": "ingest",
  "members:read": "read",
  "prompts:read": "read",
  "experiments:read": "read",
  "approvals:read": "read",
  "experiments:assign": "ingest",
  "prompts:write": "ingest",
  "models:read": "read",
  "models:predict": "ingest",
  "models:train": "ingest",
  "excellence:read": "read",
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[PERMISSIONS[permission]];
}

export function scopesAllow(scopes: readonly string[], permission: Permission): boolean {
  const needed = SCOPE_FOR_PERMISSION[permission];
  return needed !== undefined && scopes.includes(needed);
}

/** Whether `actorRole` may grant or change `targetRole`: nobody hands out more than they hold. */
export function canAssignRole(actorRole: Role, targetRole: Role): boolean {
  return roleAllows(actorRole, "members:manage") && ROLE_RANK[actorRole] >= ROLE_RANK[targetRole];
}
