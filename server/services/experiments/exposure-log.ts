/**
 * Group commit for exposure rows. Every assignment must make its unit sticky and count the
 * exposure, but one INSERT per call makes the database round trip, the per-statement driver work
 * and the transaction the cost of the call — and at hundreds of calls per second on a small host
 * their queueing is the tail latency. Exposures that arrive while a write is in flight wait for
 * the next one and go in together: one multi-row upsert per batch. With no load an exposure is
 * written at once (a batch of one); under load the number of statements stays near the number of
 * round trips that fit in a second, not the number of calls.
 *
 * Two ways in:
 * - `recordExposure` waits for the write and answers with the arm stored for the unit (the first
 *   exposure's arm wins over the hash, so bandit weight changes never move a unit) and whether
 *   this call was the unit's first exposure. The same unit twice in one batch is one row with two
 *   exposures; the first of the two calls is the first exposure.
 * - `queueExposure` does not wait: for experiments whose arms are fixed the hash alone decides the
 *   arm, so the answer needs nothing from the database and the row follows within milliseconds
 *   (as the SDKs of experimentation platforms log exposures). A failed write is retried with
 *   backoff while the database is away; past MAX_QUEUED waiting rows new callers wait for the
 *   backlog to drain instead of growing it; `flushExposures` drains it before a process stops.
 *   Each row carries the time of its call, so a late write does not move the attribution window.
 */
import { directQuery, type PrismaClient } from "../../db";

export interface ExposureRequest {
  tenantId: string;
  experimentId: string;
  /** The arm the hash chose; used only when the unit has no stored arm yet. */
  armId: string;
  unitId: string;
}

export interface RecordedExposure {
  armId: string;
  firstExposure: boolean;
}

interface Pending extends ExposureRequest {
  exposedAt: Date;
  /** Present when the caller waits for the write. */
  waiter?: { resolve(value: RecordedExposure): void; reject(error: unknown): void };
  attempts: number;
}

/** Writes in flight at once per database client; more exposures wait for one of them and batch. */
const MAX_WRITES_IN_FLIGHT = 2;
/** A batch larger than this is split: keeps one statement's parameters and lock time bounded. */
const MAX_BATCH = 1_000;
/** Queued exposures held while the database is slow or away; beyond it callers wait. */
const MAX_QUEUED = 50_000;
/** Attempts for a queued exposure before it is given up (with an error naming it); ~1 min of backoff. */
const MAX_ATTEMPTS = 12;

// synchronous_commit off for this statement only: a database crash may lose the last fraction of a
// second of exposure rows, never corrupt them, and no call waits for a WAL flush. A lost first
// exposure is re-created by the unit's next call with the same hashed arm.
const RECORD_EXPOSURES_SQL = `
INSERT INTO experiment_assignments (tenant_id, experiment_id, arm_id, unit_id, exposures, first_exposed_at, last_exposed_at)
SELECT x.tenant_id, x.experiment_id, x.arm_id, x.unit_id, x.exposures, x.first_at, x.last_at
FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::int[], $6::timestamptz[], $7::timestamptz[])
  AS x(tenant_id, experiment_id, arm_id, unit_id, exposures, first_at, last_at)
CROSS JOIN (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit
ON CONFLICT (experiment_id, unit_id)
DO UPDATE SET exposures = experiment_assignments.exposures + excluded.exposures,
  last_exposed_at = greatest(experiment_assignments.last_exposed_at, excluded.last_exposed_at)
RETURNING experiment_id::text, unit_id, arm_id::text, (xmax = 0) AS inserted`;

class ExposureLog {
  private waiting: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private drained: Array<() => void> = [];

  constructor(private readonly db: PrismaClient) {}

  record(request: ExposureRequest): Promise<RecordedExposure> {
    return new Promise<RecordedExposure>((resolve, reject) => this.enqueue({ ...request, exposedAt: new Date(), waiter: { resolve, reject }, attempts: 0 }));
  }

  /** Returns a promise only when the backlog is full: the caller should wait for it (backpressure). */
  queue(request: ExposureRequest): Promise<void> | undefined {
    this.enqueue({ ...request, exposedAt: new Date(), attempts: 0 });
    return this.waiting.length > MAX_QUEUED ? this.flush() : undefined;
  }

  /** Resolves once every exposure queued so far has been written or given up. */
  flush(): Promise<void> {
    if (this.waiting.length === 0 && this.inFlight === 0) return Promise.resolve();
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.pump();
    }
    return new Promise((resolve) => this.drained.push(resolve));
  }

  private enqueue(pending: Pending) {
    this.waiting.push(pending);
    // Calls parsed in the same turn of the event loop share the first write too.
    if (!this.scheduled && !this.retryTimer) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.pump();
      });
    }
  }

  private pump() {
    while (this.inFlight < MAX_WRITES_IN_FLIGHT && this.waiting.length > 0 && !this.retryTimer) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      this.inFlight++;
      void this.write(batch).finally(() => {
        this.inFlight--;
        this.pump();
        if (this.waiting.length === 0 && this.inFlight === 0) for (const resolve of this.drained.splice(0)) resolve();
      });
    }
  }

  private async write(batch: Pending[]) {
    // One row per (experiment, unit): ON CONFLICT cannot touch the same row twice in a statement.
    const rows = new Map<string, Pending[]>();
    for (const call of batch) {
      const key = `${call.experimentId}\u0000${call.unitId}`;
      const calls = rows.get(key);
      if (calls) calls.push(call);
      else rows.set(key, [call]);
    }
    const grouped = [...rows.values()];
    try {
      const stored = await directQuery(this.db)<{ experiment_id: string; unit_id: string; arm_id: string; inserted: boolean }>({
        name: "flywheel_record_exposures",
        text: RECORD_EXPOSURES_SQL,
        values: [
          grouped.map((calls) => calls[0]!.tenantId),
          grouped.map((calls) => calls[0]!.experimentId),
          grouped.map((calls) => calls[0]!.armId),
          grouped.map((calls) => calls[0]!.unitId),
          grouped.map((calls) => calls.length),
          grouped.map((calls) => calls[0]!.exposedAt.toISOString()),
          grouped.map((calls) => calls[calls.length - 1]!.exposedAt.toISOString()),
        ],
      });
      const byKey = new Map(stored.map((r) => [`${r.experiment_id}\u0000${r.unit_id}`, r]));
      for (const [key, calls] of rows) {
        const row = byKey.get(key);
        calls.forEach((call, i) => {
          if (row) call.waiter?.resolve({ armId: row.arm_id, firstExposure: row.inserted && i === 0 });
          else call.waiter?.reject(new Error(`exposure for unit ${call.unitId} was not written`));
        });
      }
    } catch (error) {
      // One bad row (its experiment deleted mid-flight) must not fail the exposures batched with it.
      if (grouped.length > 1 && isRowError(error)) {
        for (const calls of grouped) await this.write(calls);
        return;
      }
      for (const call of batch) {
        if (call.waiter) call.waiter.reject(error);
        else if (!isRowError(error) && ++call.attempts < MAX_ATTEMPTS) this.waiting.push(call);
        else console.error(`flywheel: gave up logging the exposure of unit ${call.unitId} in experiment ${call.experimentId}: ${(error as Error).message}`);
      }
      this.scheduleRetry(Math.max(...batch.map((c) => c.attempts)));
    }
  }

  private scheduleRetry(attempts: number) {
    if (this.retryTimer || !this.waiting.some((c) => !c.waiter)) return;
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = null;
        this.pump();
      },
      Math.min(10_000, 50 * 2 ** attempts),
    );
    this.retryTimer.unref();
  }
}

/** SQLSTATE classes 22 (data exception) and 23 (integrity constraint): the row, not the connection, is at fault. */
function isRowError(error: unknown) {
  const e = error as { code?: unknown; meta?: { code?: unknown } };
  const code = String(e.code === "P2010" ? e.meta?.code : e.code);
  return /^2[23]/.test(code);
}

const logs = new WeakMap<PrismaClient, ExposureLog>();
function logFor(db: PrismaClient) {
  let log = logs.get(db);
  if (!log) logs.set(db, (log = new ExposureLog(db)));
  return log;
}

/** Makes the unit sticky and counts the exposure; resolves with the stored arm once the row is written. */
export function recordExposure(db: PrismaClient, request: ExposureRequest): Promise<RecordedExposure> {
  return logFor(db).record(request);
}

/**
 * Queues the exposure and returns at once — only for experiments whose hashed arm is final (fixed
 * allocation). Returns a promise when the backlog is full; await it before answering.
 */
export function queueExposure(db: PrismaClient, request: ExposureRequest): Promise<void> | undefined {
  return logFor(db).queue(request);
}

/** Waits until every queued exposure is written (or given up): call before a process stops. */
export function flushExposures(db: PrismaClient): Promise<void> {
  return logs.get(db)?.flush() ?? Promise.resolve();
}
