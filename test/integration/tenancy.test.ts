/**
 * The tenant gate, tested over every tenant-scoped procedure in the router: procedures added
 * later are covered without editing this file.
 */
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter, NON_TENANT_PROCEDURES } from "../../server/api/root";
import type { ProcedureMeta } from "../../server/api/trpc";
import { roleAllows, ROLES, type Permission, type Role } from "../../server/core/permissions";
import type { Database } from "../../server/db";
import { callerFor, createTenantWithMembers, newApiKey, openTestDatabase, userCaller } from "../helpers/db";
import { codeOf } from "../helpers/trpc";

type AnyProcedure = { _def: { meta?: ProcedureMeta; type: string } };
const procedures = Object.entries((appRouter as unknown as { _def: { procedures: Record<string, AnyProcedure> } })._def.procedures);
const tenantProcedures = procedures.filter(([, p]) => p._def.meta?.tenantPermission).map(([path, p]) => ({ path, permission: p._def.meta!.tenantPermission as Permission }));

function invoke(caller: ReturnType<typeof callerFor>, path: string, input: unknown): Promise<unknown> {
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input: unknown) => Promise<unknown>;
  return fn(input);
}

let db: Database;
let a: Awaited<ReturnType<typeof createTenantWithMembers>>;
let b: Awaited<ReturnType<typeof createTenantWithMembers>>;

beforeAll(async () => {
  db = await openTestDatabase();
  a = await createTenantWithMembers(db, [...ROLES]);
  b = await createTenantWithMembers(db, ["OWNER"]);
});
afterAll(() => db.close());

describe("procedure inventory", () => {
  it("every procedure is tenant-scoped or explicitly listed as not", () => {
    const unscoped = procedures.filter(([, p]) => !p._def.meta?.tenantPermission).map(([path]) => path);
    expect(unscoped.sort()).toEqual([...NON_TENANT_PROCEDURES].sort());
    expect(tenantProcedures.length).toBeGreaterThan(15);
  });
});

describe("cross-tenant access is denied", () => {
  it.each(tenantProcedures)("$path: a member of tenant A naming tenant B is FORBIDDEN", async ({ path }) => {
    const caller = userCaller(db, a.users.OWNER.id, b.tenant.slug);
    expect(await codeOf(invoke(caller, path, {}))).toBe("FORBIDDEN");
  });

  it.each(tenantProcedures)("$path: tenant A's API key naming tenant B is FORBIDDEN", async ({ path }) => {
    const { key } = await newApiKey(db, a.tenant.id, a.users.OWNER.id);
    const caller = callerFor(db, { kind: "api_key", key }, b.tenant.id);
    expect(await codeOf(invoke(caller, path, {}))).toBe("FORBIDDEN");
  });

  it.each(tenantProcedures)("$path: an anonymous caller is UNAUTHORIZED", async ({ path }) => {
    expect(await codeOf(invoke(callerFor(db, { kind: "anonymous" }, a.tenant.slug), path, {}))).toBe("UNAUTHORIZED");
  });

  it("reads return only the caller's tenant's rows, and references cannot cross tenants", async () => {
    const ownerA = userCaller(db, a.users.OWNER.id, a.tenant.slug);
    const ownerB = userCaller(db, b.users.OWNER.id, b.tenant.slug);
    await ownerA.ingest.leads({ leads: [{ externalId: "shared-id", company: "A Corp" }] });
    await ownerB.ingest.leads({ leads: [{ externalId: "shared-id", company: "B Corp" }] });
    const seenByB = await ownerB.data.leads({ limit: 50 });
    expect(seenByB.items.map((l) => l.company)).toEqual(["B Corp"]);
    await ownerA.ingest.leads({ leads: [{ externalId: "only-in-a" }] });
    const error = await ownerB.ingest.touches({ touches: [{ externalId: "t1", leadExternalId: "only-in-a", channel: "email", sentAt: "2026-01-05T10:00:00Z" }] }).catch((e: TRPCError) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
  });
});

describe("role matrix", () => {
  const cases = tenantProcedures.flatMap(({ path, permission }) => ROLES.map((role) => ({ path, permission, role, allowed: roleAllows(role, permission) })));
  it.each(cases)("$role on $path ($permission): allowed=$allowed", async ({ path, role, allowed }) => {
    const code = await codeOf(invoke(userCaller(db, a.users[role as Role].id, a.tenant.slug), path, {}));
    if (allowed) expect(code === "FORBIDDEN" || code === "UNAUTHORIZED").toBe(false);
    else expect(code).toBe("FORBIDDEN");
  });

  it("VIEWER cannot write data; MEMBER can", async () => {
    const viewer = userCaller(db, a.users.VIEWER.id, a.tenant.slug);
    await expect(viewer.ingest.leads({ leads: [{ externalId: "v1" }] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const member = userCaller(db, a.users.MEMBER.id, a.tenant.slug);
    await expect(member.ingest.leads({ leads: [{ externalId: "m1" }] })).resolves.toMatchObject({ inserted: 1 });
  });

  it("only ADMIN and OWNER manage keys and members; nobody grants more than they hold", async () => {
    for (const role of ["MEMBER", "VIEWER"] as const) {
      const caller = userCaller(db, a.users[role].id, a.tenant.slug);
      await expect(caller.apiKeys.create({ name: "k", scopes: ["ingest"] })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.members.invite({ email: "x@example.test", role: "VIEWER" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const admin = userCaller(db, a.users.ADMIN.id, a.tenant.slug);
    await expect(admin.apiKeys.create({ name: "k", scopes: ["ingest"] })).resolves.toMatchObject({ name: "k" });
    await expect(admin.members.invite({ email: "new@example.test", role: "MEMBER" })).resolves.toMatchObject({ role: "MEMBER" });
    await expect(admin.members.invite({ email: "boss@example.test", role: "OWNER" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.members.updateRole({ userId: a.users.OWNER.id, role: "VIEWER" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("the last owner cannot be demoted or removed", async () => {
    const owner = userCaller(db, b.users.OWNER.id, b.tenant.slug);
    await expect(owner.members.updateRole({ userId: b.users.OWNER.id, role: "ADMIN" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(owner.members.remove({ userId: b.users.OWNER.id })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("API keys", () => {
  it("are shown once, stored hashed, and act only within their scopes", async () => {
    const owner = userCaller(db, a.users.OWNER.id, a.tenant.slug);
    const created = await owner.apiKeys.create({ name: "ingest only", scopes: ["ingest"] });
    expect(created.key).toMatch(/^fw_[a-z0-9]{10}_/);
    const stored = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.secretHash).not.toContain(created.key);
    expect(JSON.stringify(await owner.apiKeys.list())).not.toContain(created.key);

    const keyCaller = callerFor(db, { kind: "api_key", key: created.key }, null);
    await expect(keyCaller.ingest.leads({ leads: [{ externalId: "via-key" }] })).resolves.toMatchObject({ inserted: 1 });
    await expect(keyCaller.data.leads({ limit: 5 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(keyCaller.apiKeys.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await db.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt).not.toBeNull();
  });

  it("revoked and malformed keys are rejected", async () => {
    const owner = userCaller(db, a.users.OWNER.id, a.tenant.slug);
    const created = await owner.apiKeys.create({ name: "soon revoked", scopes: ["ingest", "read"] });
    const keyCaller = callerFor(db, { kind: "api_key", key: created.key }, null);
    await expect(keyCaller.data.leads({ limit: 1 })).resolves.toBeDefined();
    await owner.apiKeys.revoke({ id: created.id });
    await expect(keyCaller.data.leads({ limit: 1 })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const tampered = created.key.slice(0, -1) + (created.key.endsWith("A") ? "B" : "A");
    await expect(callerFor(db, { kind: "api_key", key: tampered }, null).data.leads({ limit: 1 })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(callerFor(db, { kind: "api_key", key: "not-a-key" }, null).data.leads({ limit: 1 })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("a key from tenant B cannot revoke tenant A's key, nor can B's owner", async () => {
    const ownerA = userCaller(db, a.users.OWNER.id, a.tenant.slug);
    const keyA = await ownerA.apiKeys.create({ name: "a", scopes: ["read"] });
    const ownerB = userCaller(db, b.users.OWNER.id, b.tenant.slug);
    await expect(ownerB.apiKeys.revoke({ id: keyA.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await db.prisma.apiKey.findUniqueOrThrow({ where: { id: keyA.id } })).revokedAt).toBeNull();
  });
});

describe("invitations", () => {
  it("an invited user joins with the invited role; the token works once", async () => {
    const owner = userCaller(db, a.users.OWNER.id, a.tenant.slug);
    const outsider = await createTenantWithMembers(db, ["OWNER"]);
    const invite = await owner.members.invite({ email: outsider.users.OWNER.email, role: "VIEWER" });
    const joined = await userCaller(db, outsider.users.OWNER.id, null).account.acceptInvitation({ token: invite.token });
    expect(joined.slug).toBe(a.tenant.slug);
    const tenants = await userCaller(db, outsider.users.OWNER.id, null).account.tenants();
    expect(tenants.find((t) => t.slug === a.tenant.slug)?.role).toBe("VIEWER");
    await expect(userCaller(db, outsider.users.OWNER.id, null).account.acceptInvitation({ token: invite.token })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("an invitation cannot be used by a different email", async () => {
    const owner = userCaller(db, a.users.OWNER.id, a.tenant.slug);
    const invite = await owner.members.invite({ email: "someone-else@example.test", role: "MEMBER" });
    await expect(userCaller(db, b.users.OWNER.id, null).account.acceptInvitation({ token: invite.token })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
