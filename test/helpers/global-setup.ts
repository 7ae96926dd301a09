import { migrateDatabase, openDatabase } from "../../server/db";

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
