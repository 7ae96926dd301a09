/**
 * The demo tenant: a user, a tenant and a simulated world (server/core/simulator) with
 * planted truths, written through the same set-based writers as real ingestion.
 * Idempotent: running it again finds the tenant and leaves it as it is.
 */
import { simulateWorldChunks } from "../core/simulator";
import type { PrismaClient } from "../db";
import { hashPassword } from "./accounts";
import { writeCalls, writeLeads, writeOutcomes, writeTouches } from "./ingest";

export const DEMO_USER = { email: "demo@flywheel.local", password: "flywheel-demo", name: "Demo Operator" } as const;
export const DEMO_TENANT = { slug: "demo", name: "Demo Agency", timezone: "America/New_York" } as const;

export interface DemoSeedOptions {
  leads?: number;
  seed?: number;
  onProgress?: (message: string) => void;
}

export async function ensureDemoTenant(db: PrismaClient, options: DemoSeedOptions = {}) {
  const log = options.onProgress ?? (() => {});
  const user =
    (await db.user.findUnique({ where: { email: DEMO_USER.email } })) ??
    (await db.user.create({ data: { email: DEMO_USER.email, name: DEMO_USER.name, passwordHash: await hashPassword(DEMO_USER.password) } }));
  let tenant = await db.tenant.findUnique({ where: { slug: DEMO_TENANT.slug } });
  if (tenant && (tenant.settings as { demoSeeded?: boolean }).demoSeeded) {
    log("demo tenant already seeded");
    return { user, tenant, created: false };
  }
  tenant ??= await db.tenant.create({ data: { ...DEMO_TENANT } });
  const tenantId = tenant.id;
  await db.membership.upsert({ where: { tenantId_userId: { tenantId, userId: user.id } }, create: { tenantId, userId: user.id, role: "OWNER" }, update: {} });

  const leads = options.leads ?? 3_000;
  const days = 120;
  const start = new Date(Date.now() - days * 86_400_000).toISOString();
  const counts = { leads: 0, touches: 0, outcomes: 0, calls: 0 };
  const started = Date.now();
  for (const chunk of simulateWorldChunks({ seed: options.seed ?? 42, leads, start, days }, 1_000)) {
    // Each chunk in its own transaction: a crash leaves whole chunks, and a rerun replaces them by externalId.
    await db.$transaction(
      async (tx) => {
        await writeLeads(tx, tenantId, chunk.leads);
        for (let i = 0; i < chunk.touches.length; i += 5_000) await writeTouches(tx, tenantId, chunk.touches.slice(i, i + 5_000));
        if (chunk.calls.length) await writeCalls(tx, tenantId, chunk.calls);
        for (let i = 0; i < chunk.outcomes.length; i += 5_000) await writeOutcomes(tx, tenantId, chunk.outcomes.slice(i, i + 5_000));
      },
      { timeout: 300_000, maxWait: 30_000 },
    );
    counts.leads += chunk.leads.length;
    counts.touches += chunk.touches.length;
    counts.outcomes += chunk.outcomes.length;
    counts.calls += chunk.calls.length;
    log(`demo world: ${counts.leads}/${leads} leads, ${counts.touches} touches, ${counts.outcomes} outcomes, ${counts.calls} calls`);
  }
  tenant = await db.tenant.update({ where: { id: tenantId }, data: { settings: { ...(tenant.settings as object), demoSeeded: true, demoSeed: options.seed ?? 42 } } });
  await db.auditLog.create({ data: { tenantId, actorType: "system", action: "demo.seed", details: { ...counts, seconds: (Date.now() - started) / 1000 } } });
  return { user, tenant, created: true };
}
