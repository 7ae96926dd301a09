/**
 * How the pattern detectors run their analytical statements: each in its own short transaction
 * with settings for big single-pass aggregations, so nothing leaks into other work.
 * - jit = off: these statements cross the JIT cost thresholds, and compiling them (2–5 s on
 *   PostgreSQL 15) costs more than it saves.
 * - work_mem = 64MB: enough for the hashed GROUPING SETS and per-lead hash aggregates to stay
 *   in memory (hash tables may use twice that); they hold counts, never text.
 * - enable_memoize = off: a lateral that measures one touch's text is keyed by that text; caching
 *   it only hashes big strings to miss.
 * - enable_nestloop = off (`setBased`): keeps joins set-based when the tables have no statistics
 *   yet (PGlite never autovacuums; a fresh PostgreSQL import may not have been analysed). Without
 *   them the planner guesses single rows and picks nested loops that are quadratic in leads.
 *
 * A detector may run independent statements at once (each in its own transaction, so on its own
 * connection: PostgreSQL works on them in parallel). PGlite has one connection and runs them one
 * after the other, so a transaction may wait as long as another runs: `maxWait` equals `timeout`.
 */
import type { PrismaClient } from "../../db";

export interface AnalyticalOptions {
  /** Forbid nested-loop joins (see the file comment). */
  setBased?: boolean;
  /**
   * Read a tenant's rows through bitmap scans (pages in table order) or a sequential scan, never
   * through plain index scans that fetch each row from a random heap page.
   */
  noIndexScan?: boolean;
  /** Plain GROUP BYs as hash aggregates (they spill to disk if they must), never as sorts of their whole input. */
  hashAggregates?: boolean;
}

type Tx = Pick<PrismaClient, "$queryRawUnsafe">;

/** Applies the settings of the file comment to the current transaction. */
export async function prepareAnalytical(tx: Tx, options: AnalyticalOptions): Promise<void> {
  const settings: Array<[string, string]> = [["jit", "off"], ["work_mem", "64MB"], ["enable_memoize", "off"]];
  if (options.setBased) settings.push(["enable_nestloop", "off"]);
  if (options.noIndexScan) settings.push(["enable_indexscan", "off"]);
  if (options.hashAggregates) settings.push(["enable_sort", "off"]);
  await tx.$queryRawUnsafe(`SELECT ${settings.map(([name, value]) => `set_config('${name}', '${value}', true)`).join(", ")}`);
}

/** Interactive-transaction options for analytical work (see the file comment). */
export const ANALYTICAL_TRANSACTION = { timeout: 600_000, maxWait: 600_000 } as const;

export function analyticalStatement<T>(db: PrismaClient, options: AnalyticalOptions, sql: string, ...params: unknown[]): Promise<T> {
  return db.$transaction(
    async (tx) => {
      await prepareAnalytical(tx, options);
      return tx.$queryRawUnsafe<T>(sql, ...params);
    },
    ANALYTICAL_TRANSACTION,
  );
}
