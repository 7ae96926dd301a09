/**
 * Applies migrations to the configured database (PGlite under .flywheel/ by default, or
 * DATABASE_URL) and, with --seed-demo, makes sure the demo tenant exists. Runs before the
 * server starts, since one process at a time may own a PGlite directory.
 */
import { getDb } from "../server/db";
import { migrateDatabase } from "../server/db/migrate";
import { DEMO_TENANT, DEMO_USER, ensureDemoExcellence, ensureDemoRegistry, ensureDemoTenant } from "../server/services/demo";
import { learnInline } from "../server/services/patterns/learn";

const seedDemo = process.argv.includes("--seed-demo");
const db = await getDb();
try {
  const applied = await migrateDatabase(db);
  const where = db.kind === "pglite" ? `embedded PGlite at ${process.env.FLYWHEEL_DATA_DIR || ".flywheel/pgdata"}` : "PostgreSQL (DATABASE_URL)";
  console.log(applied.length ? `database: applied ${applied.join(", ")} on ${where}` : `database: up to date on ${where}`);
  if (seedDemo) {
    const leads = process.env.FLYWHEEL_DEMO_LEADS ? Number(process.env.FLYWHEEL_DEMO_LEADS) : undefined;
    const { created, tenant } = await ensureDemoTenant(db.prisma, { leads, onProgress: (m) => console.log(m) });
    if (created) {
      const started = Date.now();
      await learnInline(db.prisma, tenant.id);
      console.log(`demo world: conversion patterns learned in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    await ensureDemoRegistry(db.prisma, tenant.id, (m) => console.log(m));
    await ensureDemoExcellence(db.prisma, tenant.id, (m) => console.log(m));
    const port = process.env.PORT ?? "3000";
    console.log(`\n  Flywheel ${created ? "demo tenant created" : "demo tenant ready"}: open http://localhost:${port}\n  demo login: ${DEMO_USER.email} / ${DEMO_USER.password} (tenant "${DEMO_TENANT.slug}")\n`);
  }
} finally {
  await db.close();
}
