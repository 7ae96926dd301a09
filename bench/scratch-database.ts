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

/**
 * `keep`: leave the database in place afterwards (its name is printed); `reuse`: run on that
 * kept database instead of a new one (it is then kept too), so a benchmark can be measured
 * again without loading its data again.
 */
export async function withScratchDatabase(name: string, run: (db: Database, url: string, reused: boolean) => Promise<void>, options: { keep?: boolean; reuse?: string } = {}) {
  if (options.reuse && !/^flywheel_bench_[a-z0-9_]+$/.test(options.reuse)) throw new Error(`--reuse takes a database a benchmark kept (flywheel_bench_…), not ${options.reuse}`);
  const dbName = options.reuse ?? `flywheel_bench_${name}_${process.pid}`;
  const keep = options.keep || Boolean(options.reuse);
  const url = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
  if (!options.reuse) await admin(`CREATE DATABASE ${dbName}`);
  let db: Database | undefined;
  try {
    db = await openDatabase({ databaseUrl: url });
    await migrateDatabase(db);
    console.log(`(PostgreSQL database ${dbName}${keep ? ", kept" : ""})`);
    await run(db, url, Boolean(options.reuse));
  } catch (error) {
    console.error(`bench ${name} failed:`, error);
    process.exitCode = 1;
  } finally {
    await db?.close();
    if (!keep) await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}
