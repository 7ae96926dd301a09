import { openDatabase } from "../../server/db";
import { migrateDatabase } from "../../server/db/migrate";

/** On PostgreSQL, migrate the (fresh) test database once before the files run in parallel. */
export default async function setup() {
  if (!process.env.DATABASE_URL) return;
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
  try {
    await migrateDatabase(db);
  } finally {
    await db.close();
  }
}
