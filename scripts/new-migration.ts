/**
 * Writes prisma/migrations/<timestamp>_<name>/migration.sql: the SQL that takes the schema of
 * the newest migration to prisma/schema.prisma. Each migration keeps a copy of the schema it
 * produces, so the next diff needs no shadow database. Usage: npm run db:new-migration -- add_things
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openDatabase } from "../server/db";
import { diffSchemasSql } from "../server/db/schema-engine";

const name = (process.argv[2] ?? "migration").replace(/[^a-z0-9_]/gi, "_");
const dir = "prisma/migrations";
mkdirSync(dir, { recursive: true });
const previous = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort().at(-1);
const fromSchema = previous ? join(dir, previous, "schema.prisma") : undefined;
if (fromSchema && !existsSync(fromSchema)) throw new Error(`${fromSchema} is missing: cannot diff`);

const db = await openDatabase({ dataDir: "memory" });
try {
  const sql = await diffSchemasSql(db.adapterFactory, fromSchema, "prisma/schema.prisma");
  if (!sql.trim() || sql.includes("This is an empty migration")) {
    console.log("schema unchanged: no migration written");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const target = join(dir, `${stamp}_${name}`);
    mkdirSync(target);
    writeFileSync(join(target, "migration.sql"), sql);
    copyFileSync("prisma/schema.prisma", join(target, "schema.prisma"));
    if (!existsSync(join(dir, "migration_lock.toml"))) writeFileSync(join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
    console.log(`wrote ${target}/migration.sql`);
  }
} finally {
  await db.close();
}
