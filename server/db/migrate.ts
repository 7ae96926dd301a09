/**
 * Migrations, kept apart from the client factory so the web server's bundle never loads the
 * WASM schema engine: scripts/migrate.ts applies them before the server starts.
 */
import { resolve } from "node:path";
import { MIGRATIONS_DIR, type Database } from "./index";
import { migrateDeploy } from "./schema-engine";

/** Applies pending migrations (like `prisma migrate deploy`); returns the names applied. */
export function migrateDatabase(db: Database, migrationsDir = MIGRATIONS_DIR): Promise<string[]> {
  return migrateDeploy(db.adapterFactory, resolve(migrationsDir));
}
