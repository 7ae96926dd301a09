/**
 * What Flywheel knows about each call, read set-based: the call's own fields, its lead's context,
 * and the outcomes attributed to it. An outcome belongs to a call when it names the call, or —
 * sent without a call reference — when it is the same lead's and happened after this call began
 * and before the lead's next call. Scores, cohort analysis, training sets and prediction feedback
 * all use this one rule.
 */
import type { OutcomeKind, TranscriptTurn } from "../../core/records";
import type { PrismaClient } from "../../db";

export interface AttributedOutcome {
  kind: OutcomeKind;
  occurredAt: string;
  attributes: Record<string, unknown>;
}

export interface CallFacts {
  id: string;
  externalId: string;
  leadId: string;
  leadExternalId: string;
  startedAt: Date;
  durationSeconds: number;
  stageReached: string | null;
  commitmentScore: number | null;
  funnelCompletion: number | null;
  bantScore: number | null;
  objectionCount: number | null;
  motivation: string | null;
  appointmentAt: Date | null;
  daysToAppointment: number | null;
  promptRef: string | null;
  model: string | null;
  attributes: Record<string, unknown>;
  excellenceScore: number | null;
  lead: { name: string | null; company: string | null; timezone: string | null };
  outcomes: AttributedOutcome[];
  transcript?: TranscriptTurn[];
}

/** SQL joining calls to their attributed outcomes; `$1` is the tenant id. */
export const ATTRIBUTED_OUTCOMES_JOIN = `
  LEFT JOIN outcomes o
    ON o.tenant_id = c.tenant_id AND o.lead_id = c.lead_id
   AND (o.call_id = c.id OR (o.call_id IS NULL AND o.occurred_at >= c.started_at AND (c.next_started_at IS NULL OR o.occurred_at < c.next_started_at)))`;

type Row = {
  id: string;
  external_id: string;
  lead_id: string;
  lead_external_id: string;
  started_at: Date;
  duration_seconds: number;
  stage_reached: string | null;
  commitment_score: number | null;
  funnel_completion: number | null;
  bant_score: number | null;
  objection_count: number | null;
  motivation: string | null;
  appointment_at: Date | null;
  days_to_appointment: number | null;
  prompt_ref: string | null;
  model: string | null;
  attributes: Record<string, unknown>;
  excellence_score: number | null;
  lead_name: string | null;
  lead_company: string | null;
  lead_timezone: string | null;
  outcomes: Array<{ kind: OutcomeKind; occurred_at: string; attributes: Record<string, unknown> }> | null;
  transcript?: TranscriptTurn[];
};

export interface CallFactsQuery {
  /** Only these calls (ids). */
  callIds?: string[];
  /** Calls started in [from, to). */
  from?: Date;
  to?: Date;
  /** Only calls with a known show-up outcome (showed or no_show attributed). */
  withShowOutcome?: boolean;
  includeTranscript?: boolean;
  /** Keyset page: calls with id greater than this, in id order. */
  afterId?: string;
  limit?: number;
}

const hasShowOutcome = (call: CallFacts) => call.outcomes.some((o) => o.kind === "showed" || o.kind === "no_show");

/** One page of call facts (id order), at most `limit` calls. */
export async function readCallFacts(db: PrismaClient, tenantId: string, query: CallFactsQuery = {}): Promise<CallFacts[]> {
  const page = await readPage(db, tenantId, query);
  return query.withShowOutcome ? page.filter(hasShowOutcome) : page;
}

async function readPage(db: PrismaClient, tenantId: string, query: CallFactsQuery): Promise<CallFacts[]> {
  const params: unknown[] = [tenantId];
  const where: string[] = ["c.tenant_id = $1::uuid"];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(sql(params.length));
  };
  if (query.callIds) add((n) => `c.id = ANY($${n}::uuid[])`, query.callIds);
  if (query.from) add((n) => `c.started_at >= $${n}`, query.from);
  if (query.to) add((n) => `c.started_at < $${n}`, query.to);
  if (query.afterId) add((n) => `c.id > $${n}::uuid`, query.afterId);
  // A cheap superset of "has a show-up outcome" keeps transcripts of other calls unread; the
  // exact rule is applied after attribution.
  if (query.withShowOutcome) where.push(`EXISTS (SELECT 1 FROM outcomes s WHERE s.tenant_id = c.tenant_id AND s.lead_id = c.lead_id AND s.kind IN ('showed', 'no_show') AND (s.call_id = c.id OR (s.call_id IS NULL AND s.occurred_at >= c.started_at)))`);
  params.push(query.limit ?? 5_000);
  const limit = `$${params.length}`;
  // The lead's next call bounds which unreferenced outcomes belong to this one; it is computed
  // over all the lead's calls, not just the page.
  const sql = `
    WITH page AS (
      SELECT c.id FROM calls c WHERE ${where.join(" AND ")} ORDER BY c.id LIMIT ${limit}
    ), c AS (
      SELECT c.*, (SELECT min(n.started_at) FROM calls n WHERE n.lead_id = c.lead_id AND (n.started_at, n.id) > (c.started_at, c.id)) AS next_started_at
      FROM calls c JOIN page ON page.id = c.id
    )
    SELECT c.id::text, c.external_id, c.lead_id::text, l.external_id AS lead_external_id, c.started_at, c.duration_seconds, c.stage_reached,
           c.commitment_score, c.funnel_completion, c.bant_score, c.objection_count, c.motivation, c.appointment_at, c.days_to_appointment,
           c.prompt_ref, c.model, c.attributes, c.excellence_score, l.name AS lead_name, l.company AS lead_company, l.timezone AS lead_timezone,
           ${query.includeTranscript ? "c.transcript," : ""}
           coalesce(jsonb_agg(jsonb_build_object('kind', o.kind, 'occurred_at', o.occurred_at, 'attributes', o.attributes) ORDER BY o.occurred_at) FILTER (WHERE o.id IS NOT NULL), '[]'::jsonb) AS outcomes
    FROM c JOIN leads l ON l.id = c.lead_id
    ${ATTRIBUTED_OUTCOMES_JOIN}
    GROUP BY c.id, c.external_id, c.lead_id, l.external_id, c.started_at, c.duration_seconds, c.stage_reached, c.commitment_score, c.funnel_completion,
             c.bant_score, c.objection_count, c.motivation, c.appointment_at, c.days_to_appointment, c.prompt_ref, c.model, c.attributes, c.excellence_score,
             l.name, l.company, l.timezone ${query.includeTranscript ? ", c.transcript" : ""}
    ORDER BY c.id`;
  const rows = await db.$queryRawUnsafe<Row[]>(sql, ...params);
  return rows.map((r) => ({
    id: r.id,
    externalId: r.external_id,
    leadId: r.lead_id,
    leadExternalId: r.lead_external_id,
    startedAt: r.started_at,
    durationSeconds: Number(r.duration_seconds),
    stageReached: r.stage_reached,
    commitmentScore: r.commitment_score,
    funnelCompletion: r.funnel_completion,
    bantScore: r.bant_score,
    objectionCount: r.objection_count,
    motivation: r.motivation,
    appointmentAt: r.appointment_at,
    daysToAppointment: r.days_to_appointment,
    promptRef: r.prompt_ref,
    model: r.model,
    attributes: r.attributes ?? {},
    excellenceScore: r.excellence_score,
    lead: { name: r.lead_name, company: r.lead_company, timezone: r.lead_timezone },
    outcomes: (r.outcomes ?? []).map((o) => ({ kind: o.kind, occurredAt: new Date(o.occurred_at).toISOString(), attributes: o.attributes ?? {} })),
    ...(query.includeTranscript ? { transcript: Array.isArray(r.transcript) ? r.transcript : [] } : {}),
  }));
}

/** Every call matching the query, page by page (keyset on id), so memory stays bounded per page. */
export async function* eachCallFactsPage(db: PrismaClient, tenantId: string, query: Omit<CallFactsQuery, "afterId"> = {}, pageSize = 2_000): AsyncGenerator<CallFacts[]> {
  let afterId: string | undefined;
  for (;;) {
    const page = await readPage(db, tenantId, { ...query, afterId, limit: pageSize });
    const calls = query.withShowOutcome ? page.filter(hasShowOutcome) : page;
    if (calls.length) yield calls;
    if (page.length < pageSize) return;
    afterId = page[page.length - 1]!.id;
  }
}

export function firstNameOf(name: string | null): string | null {
  const first = name?.trim().split(/\s+/)[0];
  return first ? first : null;
}
