/** The demo tenant seeded from the simulator: real rows, a working login, idempotent. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db";
import { migrateDatabase } from "../../server/db/migrate";
import { verifyCredentials } from "../../server/services/accounts";
import { DEMO_TENANT, DEMO_USER, ensureDemoExcellence, ensureDemoRegistry, ensureDemoTenant } from "../../server/services/demo";
import { openTestDatabase, tenantRowCounts, userCaller } from "../helpers/db";

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

describe.skipIf(Boolean(process.env.DATABASE_URL))("demo tenant", () => {
  it("seeds a simulated world once, with a login that works", async () => {
    const first = await ensureDemoTenant(db.prisma, { leads: 200, seed: 3 });
    expect(first.created).toBe(true);
    const counts = await tenantRowCounts(db, first.tenant.id);
    expect(counts.leads).toBe(200);
    expect(counts.touches).toBeGreaterThan(400);
    expect(counts.outcomes).toBeGreaterThan(0);
    expect(counts.calls).toBeGreaterThan(0);

    const again = await ensureDemoTenant(db.prisma, { leads: 200, seed: 3 });
    expect(again.created).toBe(false);
    expect(await tenantRowCounts(db, first.tenant.id)).toEqual(counts);

    const user = await verifyCredentials(db.prisma, DEMO_USER.email, DEMO_USER.password);
    expect(user?.email).toBe(DEMO_USER.email);
    expect(await verifyCredentials(db.prisma, DEMO_USER.email, "wrong password")).toBeNull();

    const overview = await userCaller(db, user!.id, DEMO_TENANT.slug).data.overview({ days: 365 });
    expect(overview.totals.touches).toBe(counts.touches);
    expect(overview.funnel[0]!.leads).toBeGreaterThan(0);
    expect(overview.weeklyByChannel.length).toBeGreaterThan(10);
  });

  it("seeds a prompt registry and a historical experiment that is never promoted (the simulator plants no difference)", async () => {
    const tenant = await db.prisma.tenant.findUniqueOrThrow({ where: { slug: DEMO_TENANT.slug } });
    expect((await ensureDemoRegistry(db.prisma, tenant.id)).created).toBe(true);
    expect((await ensureDemoRegistry(db.prisma, tenant.id)).created).toBe(false);
    const experiment = await db.prisma.experiment.findUniqueOrThrow({ where: { tenantId_key: { tenantId: tenant.id, key: "cold-open-v4" } }, include: { results: true } });
    expect(experiment.results.length).toBeGreaterThan(0);
    expect(experiment.decision).not.toBe("PROMOTE");
    expect(await db.prisma.experimentAssignment.count({ where: { experimentId: experiment.id } })).toBeGreaterThan(50);
    const production = await db.prisma.promptLabel.findFirstOrThrow({ where: { tenantId: tenant.id, name: "production", prompt: { name: "cold-open" } }, include: { version: true } });
    expect(production.version.version).toBe(3);
  });

  it("scores every call, writes an Excellence Report and registers the call agent's prompt (a 200-lead world is too small for a model, and says so)", async () => {
    const tenant = await db.prisma.tenant.findUniqueOrThrow({ where: { slug: DEMO_TENANT.slug } });
    const messages: string[] = [];
    expect((await ensureDemoExcellence(db.prisma, tenant.id, (m) => messages.push(m))).created).toBe(true);
    expect((await ensureDemoExcellence(db.prisma, tenant.id)).created).toBe(false);
    const calls = await db.prisma.call.count({ where: { tenantId: tenant.id } });
    expect(await db.prisma.call.count({ where: { tenantId: tenant.id, excellenceScore: { not: null } } })).toBe(calls);
    expect(await db.prisma.excellenceReport.count({ where: { tenantId: tenant.id } })).toBe(1);
    expect(await db.prisma.prompt.count({ where: { tenantId: tenant.id, name: "booking-call" } })).toBe(1);
    expect(messages.some((m) => m.startsWith("demo models: no show-up model ("))).toBe(true);
  });

  it("migrations already applied are not applied again", async () => {
    expect(await migrateDatabase(db)).toEqual([]);
  });
});
