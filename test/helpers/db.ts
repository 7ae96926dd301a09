import { randomUUID } from "node:crypto";
import { createCaller } from "../../server/api/root";
import { createInnerContext } from "../../server/api/trpc";
import type { Role } from "../../server/core/permissions";
import { openDatabase, type Database } from "../../server/db";
import { migrateDatabase } from "../../server/db/migrate";
import { hashPassword } from "../../server/services/accounts";
import { createApiKey } from "../../server/services/api-keys";
import type { TenantContext } from "../../server/services/context";
import type { Caller } from "../../server/services/tenant-access";

/** A real database for one test file: in-memory PGlite, or PostgreSQL when DATABASE_URL is set. */
export async function openTestDatabase(): Promise<Database> {
  if (process.env.DATABASE_URL) return openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: undefined });
  const db = await openDatabase({ dataDir: "memory" });
  await migrateDatabase(db);
  return db;
}

let passwordHash: Promise<string> | undefined;

/** A new tenant (unique slug, so files can share a PostgreSQL database) with one user per requested role. */
export async function createTenantWithMembers(db: Database, roles: Role[] = ["OWNER"]) {
  passwordHash ??= hashPassword("correct horse battery staple");
  const suffix = randomUUID().slice(0, 8);
  const tenant = await db.prisma.tenant.create({ data: { name: `Tenant ${suffix}`, slug: `t-${suffix}` } });
  const users = {} as Record<Role, { id: string; email: string }>;
  for (const role of roles) {
    const user = await db.prisma.user.create({ data: { email: `${role.toLowerCase()}-${suffix}@example.test`, name: role, passwordHash: await passwordHash } });
    await db.prisma.membership.create({ data: { tenantId: tenant.id, userId: user.id, role } });
    users[role] = { id: user.id, email: user.email };
  }
  return { tenant, users };
}

export function callerFor(db: Database, caller: Caller, tenantSelector: string | null) {
  return createCaller(createInnerContext({ db: db.prisma, caller, tenantSelector }));
}

export function userCaller(db: Database, userId: string, tenantSlug: string | null) {
  return callerFor(db, { kind: "session", userId }, tenantSlug);
}

export function ownerContext(db: Database, tenantId: string, userId: string): TenantContext {
  return { db: db.prisma, tenantId, role: "OWNER", actor: { type: "user", userId } };
}

export async function newApiKey(db: Database, tenantId: string, userId: string, scopes: Array<"ingest" | "read"> = ["ingest", "read"]) {
  return createApiKey(ownerContext(db, tenantId, userId), { name: "test key", scopes });
}

/** Row counts of the ingestion tables for one tenant: proof that a rejected batch wrote nothing. */
export async function tenantRowCounts(db: Database, tenantId: string) {
  const [leads, touches, outcomes, calls] = await Promise.all([
    db.prisma.lead.count({ where: { tenantId } }),
    db.prisma.touch.count({ where: { tenantId } }),
    db.prisma.outcome.count({ where: { tenantId } }),
    db.prisma.call.count({ where: { tenantId } }),
  ]);
  return { leads, touches, outcomes, calls };
}
