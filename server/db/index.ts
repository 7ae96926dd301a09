/**
 * Prisma client factory. No DATABASE_URL: embedded PGlite (real Postgres in WASM) stored
 * under .flywheel/. DATABASE_URL set: PostgreSQL. Same schema and SQL for both.
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "./generated/client";

export type { PrismaClient } from "./generated/client";
export { Prisma } from "./generated/client";

export interface Database {
  prisma: PrismaClient;
  kind: "pglite" | "postgres";
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  close(): Promise<void>;
}

export const DEFAULT_DATA_DIR = ".flywheel/pgdata";
export const MIGRATIONS_DIR = "prisma/migrations";

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; when absent the embedded PGlite database is used. */
  databaseUrl?: string;
  /** PGlite data directory, or "memory" for a throwaway in-memory database (tests). */
  dataDir?: string;
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  if (options.databaseUrl) {
    const [{ PrismaPg }, { default: pg }] = await Promise.all([import("@prisma/adapter-pg"), import("pg")]);
    // One pool shared by Prisma and the direct path below, so both count against the same connection limit.
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
    const adapterFactory = new PrismaPg(pool, { disposeExternalPool: true });
    const prisma = new PrismaClient({ adapter: adapterFactory });
    directQueries.set(prisma, async <T>(statement: DirectStatement) => (await pool.query(statement)).rows as T[]);
    return { prisma, kind: "postgres", adapterFactory, close: () => prisma.$disconnect() };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  if (dataDir !== "memory") mkdirSync(resolve(dataDir), { recursive: true });
  const pglite = dataDir === "memory" ? new PGlite() : new PGlite(resolve(dataDir));
  await pglite.waitReady;
  const adapterFactory = new PrismaPGlite(pglite);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  return {
    prisma,
    kind: "pglite",
    adapterFactory,
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

/** A statement for the direct path: SQL with $n placeholders, and a name to prepare it once per connection. */
export interface DirectStatement {
  name?: string;
  text: string;
  values: unknown[];
}
export type DirectQuery = <T>(statement: DirectStatement) => Promise<T[]>;

const directQueries = new WeakMap<PrismaClient, DirectQuery>();

/**
 * The driver itself, for the few statements on an agent's request path (exposure logging): on
 * PostgreSQL a prepared statement on the shared pool, which spares the ORM's per-query work
 * (about 0.3 ms of CPU per statement, measured) that at hundreds of calls a second becomes queueing.
 * Elsewhere (PGlite, a transaction client) the same SQL through Prisma. Results are the driver's
 * rows: select only text, numbers and booleans, which both paths return alike.
 */
export function directQuery(prisma: PrismaClient): DirectQuery {
  return directQueries.get(prisma) ?? (<T>({ text, values }: DirectStatement) => prisma.$queryRawUnsafe<T[]>(text, ...values));
}

const globalForDb = globalThis as unknown as { flywheelDb?: Promise<Database> };

/**
 * The process-wide database. PGlite allows one process per data directory, so the Next
 * server owns it while running; CLIs talk to the server over HTTP instead.
 */
export function getDb(): Promise<Database> {
  globalForDb.flywheelDb ??= openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir: process.env.FLYWHEEL_DATA_DIR || undefined });
  return globalForDb.flywheelDb;
}

export async function getPrisma(): Promise<PrismaClient> {
  return (await getDb()).prisma;
}
