/**
 * Group commit for exposure rows. Every assignment call must make its unit sticky and count the
 * exposure before it answers, but one INSERT per call makes the database round trip, the
 * per-statement driver work and the transaction the cost of the call — and at hundreds of calls
 * per second on a small host their queueing is the tail latency. Calls that arrive while a write
 * is in flight wait for the next one and go in together: one multi-row upsert per batch. With no
 * load a call is written at once (a batch of one), so the floor does not move; under load the
 * number of statements stays near the number of round trips that fit in a second, not the number
 * of calls.
 *
 * Each caller still gets its own answer: the arm stored for its unit (the first exposure's arm
 * wins over the hash, so bandit weight changes never move a unit) and whether this call was the
 * unit's first exposure. The same unit twice in one batch is one row with two exposures; the
 * first of the two calls is the first exposure.
 */
import type { PrismaClient } from "../../db";

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
  resolve(value: RecordedExposure): void;
  reject(error: unknown): void;
}

/** Writes in flight at once per database client; more calls wait for one of them and batch. */
const MAX_WRITES_IN_FLIGHT = 2;
/** A batch larger than this is split: keeps one statement's parameters and lock time bounded. */
const MAX_BATCH = 1_000;

class ExposureLog {
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(private readonly db: PrismaClient) {}

  record(request: ExposureRequest): Promise<RecordedExposure> {
    return new Promise<RecordedExposure>((resolve, reject) => {
      this.queue.push({ ...request, resolve, reject });
      // Calls parsed in the same turn of the event loop share the first write too.
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump() {
    while (this.inFlight < MAX_WRITES_IN_FLIGHT && this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight++;
      void this.write(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async write(batch: Pending[]) {
    // One row per (experiment, unit): ON CONFLICT cannot touch the same row twice in a statement.
    const rows = new Map<string, { first: Pending; calls: Pending[] }>();
    for (const call of batch) {
      const key = `${call.experimentId}\u0000${call.unitId}`;
      const row = rows.get(key);
      if (row) row.calls.push(call);
      else rows.set(key, { first: call, calls: [call] });
    }
    const grouped = [...rows.values()];
    try {
      // synchronous_commit off for this statement only: a database crash may lose the last
      // fraction of a second of exposure rows, never corrupt them, and no call waits for a WAL
      // flush. A lost first exposure is re-created by the unit's next call with the same hashed arm.
      const stored = await this.db.$queryRaw<Array<{ experiment_id: string; unit_id: string; arm_id: string; inserted: boolean }>>`
        INSERT INTO experiment_assignments (tenant_id, experiment_id, arm_id, unit_id, exposures)
        SELECT x.tenant_id, x.experiment_id, x.arm_id, x.unit_id, x.exposures
        FROM unnest(
          ${grouped.map((g) => g.first.tenantId)}::uuid[],
          ${grouped.map((g) => g.first.experimentId)}::uuid[],
          ${grouped.map((g) => g.first.armId)}::uuid[],
          ${grouped.map((g) => g.first.unitId)}::text[],
          ${grouped.map((g) => g.calls.length)}::int[]
        ) AS x(tenant_id, experiment_id, arm_id, unit_id, exposures)
        CROSS JOIN (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit
        ON CONFLICT (experiment_id, unit_id)
        DO UPDATE SET exposures = experiment_assignments.exposures + excluded.exposures, last_exposed_at = now()
        RETURNING experiment_id::text, unit_id, arm_id::text, (xmax = 0) AS inserted`;
      const byKey = new Map(stored.map((r) => [`${r.experiment_id}\u0000${r.unit_id}`, r]));
      for (const [key, group] of rows) {
        const row = byKey.get(key);
        if (!row) {
          for (const call of group.calls) call.reject(new Error(`exposure for unit ${call.unitId} was not written`));
          continue;
        }
        group.calls.forEach((call, i) => call.resolve({ armId: row.arm_id, firstExposure: row.inserted && i === 0 }));
      }
    } catch (error) {
      // One bad row (its experiment deleted mid-flight) must not fail the calls batched with it.
      if (grouped.length === 1) for (const call of batch) call.reject(error);
      else for (const group of grouped) await this.write(group.calls);
    }
  }
}

const logs = new WeakMap<PrismaClient, ExposureLog>();

/** Makes the unit sticky and counts the exposure; resolves once the row is written. */
export function recordExposure(db: PrismaClient, request: ExposureRequest): Promise<RecordedExposure> {
  let log = logs.get(db);
  if (!log) logs.set(db, (log = new ExposureLog(db)));
  return log.record(request);
}
