/** A throwaway PostgreSQL database for a benchmark: created, migrated, and dropped afterwards. */
import pg from "pg";
import { openDatabase, type Database } from "../server/db";
import { migrateDatabase } from "../server/db/migrate";

const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function withScratchDatabase(name: string, run: (db: Database, url: string) => Promise<void>) {
  const dbName = `flywheel_bench_${name}_${process.pid}`;
  const url = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
  await admin(`CREATE DATABASE ${dbName}`);
  let db: Database | undefined;
  try {
    db = await openDatabase({ databaseUrl: url });
    await migrateDatabase(db);
    console.log(`(PostgreSQL database ${dbName})`);
    await run(db, url);
  } catch (error) {
    console.error(`bench ${name} failed:`, error);
    process.exitCode = 1;
  } finally {
    await db?.close();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}
