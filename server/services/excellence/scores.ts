/**
 * Excellence scores per call (seed 002), stored on the call and recomputed when its outcomes
 * change: a call is stale when it was never scored or when one of its lead's outcomes arrived
 * after it was scored. Pages of calls are read set-based, scored by the pure core, and written
 * back with one UPDATE … FROM unnest per page.
 */
import { excellenceInputFromOutcomes, excellenceScore } from "../../core/excellence";
import type { PrismaClient } from "../../db";
import { eachCallFactsPage, type CallFacts } from "./call-facts";

export function scoreCall(call: CallFacts) {
  return excellenceScore(
    excellenceInputFromOutcomes(
      { startedAt: call.startedAt.toISOString(), appointmentAt: call.appointmentAt?.toISOString() ?? null, commitmentScore: call.commitmentScore, daysToAppointment: call.daysToAppointment },
      call.outcomes,
    ),
  );
}

/** Ids of calls whose score is missing or older than one of their lead's outcomes. */
async function staleCallIds(db: PrismaClient, tenantId: string): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    SELECT c.id::text FROM calls c
    WHERE c.tenant_id = ${tenantId}::uuid
      AND (c.excellence_computed_at IS NULL
           OR EXISTS (SELECT 1 FROM outcomes o WHERE o.tenant_id = c.tenant_id AND o.lead_id = c.lead_id AND o.created_at >= c.excellence_computed_at))`;
  return rows.map((r) => r.id);
}

export interface RecomputeResult {
  scored: number;
  /** Wall time in ms. */
  ms: number;
}

/** Scores calls: all of them (`all`), or only the stale ones (default). */
export async function recomputeExcellenceScores(db: PrismaClient, tenantId: string, options: { all?: boolean; onProgress?: (scored: number) => void } = {}): Promise<RecomputeResult> {
  const started = Date.now();
  const ids = options.all ? undefined : await staleCallIds(db, tenantId);
  if (ids && ids.length === 0) return { scored: 0, ms: Date.now() - started };
  let scored = 0;
  // The stamp is taken before reading, so an outcome arriving during the run marks the call stale again.
  const computedAt = new Date();
  const chunks = ids ? chunk(ids, 2_000) : [undefined];
  for (const callIds of chunks) {
    for await (const page of eachCallFactsPage(db, tenantId, callIds ? { callIds } : {})) {
      const scores = page.map(scoreCall);
      await db.$executeRaw`
        UPDATE calls c SET excellence_score = s.score, excellence_components = s.components, excellence_computed_at = ${computedAt}
        FROM unnest(${page.map((c) => c.id)}::uuid[], ${scores.map((s) => s.score)}::float8[], ${scores.map((s) => JSON.stringify(s.components))}::jsonb[]) AS s(id, score, components)
        WHERE c.id = s.id AND c.tenant_id = ${tenantId}::uuid`;
      scored += page.length;
      options.onProgress?.(scored);
    }
  }
  return { scored, ms: Date.now() - started };
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
