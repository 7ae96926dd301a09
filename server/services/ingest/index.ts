/**
 * Batch ingestion of leads, touches, outcomes and calls. Shared by tRPC, the HTTP API and CSV
 * import. Rules: a batch is validated whole and rejected whole (every problem named by its
 * path, nothing written); records are idempotent on (tenant, externalId); references to
 * unknown leads/touches/calls are errors; each batch is one set-based statement per table.
 */
import { touchContentFeatures } from "../../core/patterns/text";
import { afterCallsIngested, afterOutcomesIngested } from "../outcome-hooks";
import type { z } from "zod";
import type { PrismaClient } from "../../db";
import { recordAudit } from "../audit";
import type { TenantContext } from "../context";
import { ValidationError, zodIssues, type FieldIssue } from "../errors";
import { callBatch, leadBatch, outcomeBatch, touchBatch, type CallInput, type LeadInput, type OutcomeInput, type TouchInput } from "./schemas";

// Big batches on the embedded database can take longer than Prisma's 5 s default.
const LONG_TRANSACTION = { timeout: 120_000, maxWait: 30_000 };

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
export interface IngestResult {
  received: number;
  inserted: number;
  updated: number;
}

function parseBatch<T extends z.ZodType>(schema: T, input: unknown, noun: string): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    throw new ValidationError(`${noun} batch rejected: ${issues.length} problem${issues.length === 1 ? "" : "s"}, nothing was written`, issues);
  }
  return parsed.data;
}

export function rejectIfIssues(issues: FieldIssue[], noun: string) {
  if (issues.length > 0) throw new ValidationError(`${noun} batch rejected: ${issues.length} problem${issues.length === 1 ? "" : "s"}, nothing was written`, issues.slice(0, 1000));
}

export function duplicateIssues(records: ReadonlyArray<{ externalId: string }>, key: string): FieldIssue[] {
  const firstIndex = new Map<string, number>();
  const issues: FieldIssue[] = [];
  records.forEach((record, index) => {
    const first = firstIndex.get(record.externalId);
    if (first === undefined) firstIndex.set(record.externalId, index);
    else issues.push({ path: `${key}[${index}].externalId`, message: `duplicate externalId "${record.externalId}" (also at ${key}[${first}])` });
  });
  return issues;
}

/** External ids among `ids` that the tenant does not have in `table`. */
async function missingExternalIds(tx: Tx, table: "leads" | "touches" | "calls", tenantId: string, ids: Iterable<string>): Promise<Set<string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Set();
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT w.id FROM jsonb_array_elements_text($2::jsonb) AS w(id)
     EXCEPT
     SELECT t.external_id FROM ${table} t WHERE t.tenant_id = $1::uuid AND t.external_id = ANY (ARRAY(SELECT jsonb_array_elements_text($2::jsonb)))`,
    tenantId,
    JSON.stringify(wanted),
  );
  return new Set(rows.map((row) => row.id));
}

function referenceIssues<T>(records: readonly T[], key: string, field: keyof T & string, missing: Set<string>, noun: string): FieldIssue[] {
  if (missing.size === 0) return [];
  const issues: FieldIssue[] = [];
  records.forEach((record, index) => {
    const value = record[field];
    if (typeof value === "string" && missing.has(value)) issues.push({ path: `${key}[${index}].${field}`, message: `unknown ${noun} "${value}": send the ${noun} first` });
  });
  return issues;
}

/**
 * Rows of `table` for the external ids `column` of src names, looked up with both columns of the
 * (tenant_id, external_id) unique index. Written as `= ANY(ARRAY(...))` rather than a join so the
 * plan stays an index lookup even when statistics are stale (a tenant that just started loading
 * looks empty to the planner, and a join then scans all its rows once per batch row).
 */
const lookup = (name: string, table: string, column: string) =>
  `${name} AS MATERIALIZED (SELECT id, external_id FROM ${table} WHERE tenant_id = $1::uuid AND external_id = ANY (ARRAY(SELECT DISTINCT ${column} FROM src WHERE ${column} IS NOT NULL)))`;

function countResult(rows: { inserted: bigint | number; updated: bigint | number }[], received: number): IngestResult {
  const row = rows[0] ?? { inserted: 0, updated: 0 };
  return { received, inserted: Number(row.inserted), updated: Number(row.updated) };
}

// Lead fields: an omitted field keeps the stored value, an explicit null clears it.
const LEAD_FIELDS = [
  ["email", "email", "text"],
  ["name", "name", "text"],
  ["company", "company", "text"],
  ["industry", "industry", "text"],
  ["companySize", "company_size", "int"],
  ["title", "title", "text"],
  ["seniority", "seniority", "text"],
  ["source", "source", "text"],
  ["country", "country", "text"],
  ["timezone", "timezone", "text"],
] as const;

const LEADS_UPSERT_SQL = `
WITH src AS (
  SELECT e->>'externalId' AS external_id,
    ${LEAD_FIELDS.map(([json, column, type]) => `e ? '${json}' AS has_${column}, (e->>'${json}')::${type} AS ${column}`).join(",\n    ")},
    COALESCE(e->'attributes', '{}'::jsonb) AS attributes,
    (e->>'createdAt')::timestamptz AS created_at
  FROM jsonb_array_elements($2::jsonb) AS e
), ${lookup("existing", "leads", "external_id")}, updated AS (
  UPDATE leads l SET
    ${LEAD_FIELDS.map(([, column]) => `${column} = CASE WHEN s.has_${column} THEN s.${column} ELSE l.${column} END`).join(",\n    ")},
    attributes = l.attributes || s.attributes,
    created_at = COALESCE(s.created_at, l.created_at),
    updated_at = now()
  FROM src s JOIN existing x ON x.external_id = s.external_id WHERE l.id = x.id
  RETURNING 1
), inserted AS (
  INSERT INTO leads (tenant_id, external_id, ${LEAD_FIELDS.map(([, column]) => column).join(", ")}, attributes, created_at, updated_at)
  SELECT $1::uuid, s.external_id, ${LEAD_FIELDS.map(([, column]) => `s.${column}`).join(", ")}, s.attributes, COALESCE(s.created_at, now()), now()
  FROM src s
  WHERE s.external_id NOT IN (SELECT external_id FROM existing)
  ON CONFLICT (tenant_id, external_id) DO NOTHING
  RETURNING 1
)
SELECT (SELECT count(*) FROM inserted) AS inserted, (SELECT count(*) FROM updated) AS updated`;

/** Upserts validated leads inside the caller's transaction. */
export async function writeLeads(tx: Tx, tenantId: string, leads: LeadInput[]): Promise<IngestResult> {
  return countResult(await tx.$queryRawUnsafe(LEADS_UPSERT_SQL, tenantId, JSON.stringify(leads)), leads.length);
}

export async function ingestLeads(ctx: TenantContext, input: unknown): Promise<IngestResult> {
  const { leads } = parseBatch(leadBatch, input, "lead");
  rejectIfIssues(duplicateIssues(leads, "leads"), "lead");
  return ctx.db.$transaction(async (tx) => {
    const result = await writeLeads(tx, ctx.tenantId, leads);
    await recordAudit(ctx, tx, { action: "ingest.leads", details: { ...result } });
    return result;
  }, LONG_TRANSACTION);
}

// Touches, outcomes and calls are snapshots: a record sent again under the same externalId replaces the stored one.
const TOUCHES_UPSERT_SQL = `
WITH src AS (
  SELECT * FROM jsonb_to_recordset($2::jsonb) AS r(
    "externalId" text, "leadExternalId" text, channel text, "sentAt" timestamptz, subject text, body text, cta text, angle text,
    "painPoints" text[], "promptRef" text, model text, "costUsd" double precision, "sequenceStep" int, replied boolean,
    "repliedAt" timestamptz, attributes jsonb, "subjectStyle" text, "bodyLength" text, "questionCount" text, personalization text)
), ${lookup("lead_ids", "leads", '"leadExternalId"')}, written AS (
  INSERT INTO touches (tenant_id, lead_id, external_id, channel, sent_at, subject, body, cta, angle, pain_points, prompt_ref, model, cost_usd, sequence_step, replied, replied_at, attributes,
    subject_style, body_length, question_count, personalization, kind)
  SELECT $1::uuid, l.id, s."externalId", s.channel::"Channel", s."sentAt", s.subject, s.body, s.cta, s.angle, COALESCE(s."painPoints", '{}'),
    s."promptRef", s.model, s."costUsd", s."sequenceStep", COALESCE(s.replied, s."repliedAt" IS NOT NULL), s."repliedAt", COALESCE(s.attributes, '{}'::jsonb),
    s."subjectStyle", s."bodyLength", s."questionCount", s.personalization, s.attributes ->> 'kind'
  FROM src s JOIN lead_ids l ON l.external_id = s."leadExternalId"
  ON CONFLICT (tenant_id, external_id) DO UPDATE SET
    lead_id = EXCLUDED.lead_id, channel = EXCLUDED.channel, sent_at = EXCLUDED.sent_at, subject = EXCLUDED.subject, body = EXCLUDED.body,
    cta = EXCLUDED.cta, angle = EXCLUDED.angle, pain_points = EXCLUDED.pain_points, prompt_ref = EXCLUDED.prompt_ref, model = EXCLUDED.model,
    cost_usd = EXCLUDED.cost_usd, sequence_step = EXCLUDED.sequence_step, replied = EXCLUDED.replied OR touches.replied,
    replied_at = COALESCE(EXCLUDED.replied_at, touches.replied_at), attributes = EXCLUDED.attributes,
    subject_style = EXCLUDED.subject_style, body_length = EXCLUDED.body_length, question_count = EXCLUDED.question_count, personalization = EXCLUDED.personalization,
    kind = EXCLUDED.kind
  RETURNING (xmax = 0) AS is_insert
)
SELECT count(*) FILTER (WHERE is_insert) AS inserted, count(*) FILTER (WHERE NOT is_insert) AS updated FROM written`;

/** The tenant's leads among `ids`, by external id, with the fields a touch's content features are measured against. */
async function leadsNamed(tx: Tx, tenantId: string, ids: Iterable<string>): Promise<Map<string, { company: string | null; name: string | null }>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await tx.$queryRawUnsafe<{ external_id: string; company: string | null; name: string | null }[]>(
    `SELECT external_id, company, name FROM leads WHERE tenant_id = $1::uuid AND external_id = ANY (ARRAY(SELECT jsonb_array_elements_text($2::jsonb)))`,
    tenantId,
    JSON.stringify(wanted),
  );
  return new Map(rows.map((row) => [row.external_id, { company: row.company, name: row.name }]));
}

/**
 * Checks lead references and upserts validated touches inside the caller's transaction. Each touch's
 * content features (server/core/patterns/text.ts) are measured here, once, so that learning reads
 * them instead of re-reading every message.
 */
export async function writeTouches(tx: Tx, tenantId: string, touches: TouchInput[], key = "touches"): Promise<IngestResult> {
  const leads = await leadsNamed(tx, tenantId, touches.map((t) => t.leadExternalId));
  const missingLeads = new Set(touches.map((t) => t.leadExternalId).filter((id) => !leads.has(id)));
  rejectIfIssues(referenceIssues(touches, key, "leadExternalId", missingLeads, "lead"), "touch");
  // The touch's fields copied onto its (fresh, small) features object: a spread builds a slower, dictionary-mode object per touch.
  const records = touches.map((touch) => Object.assign(touchContentFeatures(touch, leads.get(touch.leadExternalId)!), touch));
  return countResult(await tx.$queryRawUnsafe(TOUCHES_UPSERT_SQL, tenantId, JSON.stringify(records)), touches.length);
}

export async function ingestTouches(ctx: TenantContext, input: unknown): Promise<IngestResult> {
  const { touches } = parseBatch(touchBatch, input, "touch");
  rejectIfIssues(duplicateIssues(touches, "touches"), "touch");
  return ctx.db.$transaction(async (tx) => {
    const result = await writeTouches(tx, ctx.tenantId, touches);
    await recordAudit(ctx, tx, { action: "ingest.touches", details: { ...result } });
    return result;
  }, LONG_TRANSACTION);
}

const OUTCOMES_UPSERT_SQL = `
WITH src AS (
  SELECT * FROM jsonb_to_recordset($2::jsonb) AS r(
    "externalId" text, "leadExternalId" text, kind text, "occurredAt" timestamptz, value double precision,
    "touchExternalId" text, "callExternalId" text, attributes jsonb)
), ${lookup("lead_ids", "leads", '"leadExternalId"')}, ${lookup("touch_ids", "touches", '"touchExternalId"')}, ${lookup("call_ids", "calls", '"callExternalId"')}, written AS (
  INSERT INTO outcomes (tenant_id, lead_id, touch_id, call_id, external_id, kind, value, occurred_at, attributes)
  SELECT $1::uuid, l.id, t.id, c.id, s."externalId", s.kind::"OutcomeKind", s.value, s."occurredAt", COALESCE(s.attributes, '{}'::jsonb)
  FROM src s
  JOIN lead_ids l ON l.external_id = s."leadExternalId"
  LEFT JOIN touch_ids t ON t.external_id = s."touchExternalId"
  LEFT JOIN call_ids c ON c.external_id = s."callExternalId"
  ON CONFLICT (tenant_id, external_id) DO UPDATE SET
    lead_id = EXCLUDED.lead_id, touch_id = EXCLUDED.touch_id, call_id = EXCLUDED.call_id, kind = EXCLUDED.kind,
    value = EXCLUDED.value, occurred_at = EXCLUDED.occurred_at, attributes = EXCLUDED.attributes
  RETURNING (xmax = 0) AS is_insert, kind, touch_id, occurred_at
), replies AS (
  -- A reply outcome credited to a touch marks that touch replied, so both views of replies agree.
  UPDATE touches t SET replied = true, replied_at = COALESCE(t.replied_at, w.occurred_at)
  FROM written w WHERE w.kind = 'replied' AND w.touch_id = t.id
  RETURNING 1
)
SELECT count(*) FILTER (WHERE is_insert) AS inserted, count(*) FILTER (WHERE NOT is_insert) AS updated,
  (SELECT count(*) FROM replies) AS replies FROM written`;

/** Checks references and upserts validated outcomes inside the caller's transaction; `key` names them in error paths. */
export async function writeOutcomes(tx: Tx, tenantId: string, outcomes: OutcomeInput[], key = "outcomes"): Promise<IngestResult> {
  const missingLeads = await missingExternalIds(tx, "leads", tenantId, outcomes.map((o) => o.leadExternalId));
  const missingTouches = await missingExternalIds(tx, "touches", tenantId, outcomes.flatMap((o) => (o.touchExternalId ? [o.touchExternalId] : [])));
  const missingCalls = await missingExternalIds(tx, "calls", tenantId, outcomes.flatMap((o) => (o.callExternalId ? [o.callExternalId] : [])));
  rejectIfIssues(
    [
      ...referenceIssues(outcomes, key, "leadExternalId", missingLeads, "lead"),
      ...referenceIssues(outcomes, key, "touchExternalId", missingTouches, "touch"),
      ...referenceIssues(outcomes, key, "callExternalId", missingCalls, "call"),
    ],
    "outcome",
  );
  return countResult(await tx.$queryRawUnsafe(OUTCOMES_UPSERT_SQL, tenantId, JSON.stringify(outcomes)), outcomes.length);
}

export async function ingestOutcomes(ctx: TenantContext, input: unknown): Promise<IngestResult> {
  const { outcomes } = parseBatch(outcomeBatch, input, "outcome");
  rejectIfIssues(duplicateIssues(outcomes, "outcomes"), "outcome");
  const result = await ctx.db.$transaction(async (tx) => {
    const result = await writeOutcomes(tx, ctx.tenantId, outcomes);
    await recordAudit(ctx, tx, { action: "ingest.outcomes", details: { ...result } });
    return result;
  }, LONG_TRANSACTION);
  await afterOutcomesIngested(ctx.db, ctx.tenantId);
  return result;
}

const CALLS_UPSERT_SQL = `
WITH src AS (
  SELECT * FROM jsonb_to_recordset($2::jsonb) AS r(
    "externalId" text, "leadExternalId" text, "startedAt" timestamptz, "durationSeconds" double precision, "stageReached" text,
    transcript jsonb, "commitmentScore" double precision, "funnelCompletion" double precision, "bantScore" double precision,
    "objectionCount" int, motivation text, "appointmentAt" timestamptz, "daysToAppointment" double precision,
    "promptRef" text, model text, attributes jsonb)
), ${lookup("lead_ids", "leads", '"leadExternalId"')}, written AS (
  INSERT INTO calls (tenant_id, lead_id, external_id, started_at, duration_seconds, stage_reached, transcript, commitment_score, funnel_completion,
    bant_score, objection_count, motivation, appointment_at, days_to_appointment, prompt_ref, model, attributes)
  SELECT $1::uuid, l.id, s."externalId", s."startedAt", s."durationSeconds", s."stageReached", COALESCE(s.transcript, '[]'::jsonb), s."commitmentScore",
    s."funnelCompletion", s."bantScore", s."objectionCount", s.motivation, s."appointmentAt",
    -- Derived when the sender gives the appointment time but not the gap (seed 002 scores on it).
    COALESCE(s."daysToAppointment", EXTRACT(EPOCH FROM (s."appointmentAt" - s."startedAt")) / 86400.0),
    s."promptRef", s.model, COALESCE(s.attributes, '{}'::jsonb)
  FROM src s JOIN lead_ids l ON l.external_id = s."leadExternalId"
  ON CONFLICT (tenant_id, external_id) DO UPDATE SET
    lead_id = EXCLUDED.lead_id, started_at = EXCLUDED.started_at, duration_seconds = EXCLUDED.duration_seconds, stage_reached = EXCLUDED.stage_reached,
    transcript = EXCLUDED.transcript, commitment_score = EXCLUDED.commitment_score, funnel_completion = EXCLUDED.funnel_completion,
    bant_score = EXCLUDED.bant_score, objection_count = EXCLUDED.objection_count, motivation = EXCLUDED.motivation,
    appointment_at = EXCLUDED.appointment_at, days_to_appointment = EXCLUDED.days_to_appointment, prompt_ref = EXCLUDED.prompt_ref,
    model = EXCLUDED.model, attributes = EXCLUDED.attributes
  RETURNING (xmax = 0) AS is_insert
)
SELECT count(*) FILTER (WHERE is_insert) AS inserted, count(*) FILTER (WHERE NOT is_insert) AS updated FROM written`;

function transcriptIssues(calls: z.infer<typeof callBatch>["calls"]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  calls.forEach((call, i) =>
    call.transcript.forEach((turn, j) => {
      if (turn.endSeconds < turn.startSeconds) issues.push({ path: `calls[${i}].transcript[${j}].endSeconds`, message: "must not be before startSeconds" });
    }),
  );
  return issues;
}

/** Checks lead references and upserts validated calls inside the caller's transaction. */
export async function writeCalls(tx: Tx, tenantId: string, calls: CallInput[]): Promise<IngestResult> {
  const missingLeads = await missingExternalIds(tx, "leads", tenantId, calls.map((c) => c.leadExternalId));
  rejectIfIssues(referenceIssues(calls, "calls", "leadExternalId", missingLeads, "lead"), "call");
  return countResult(await tx.$queryRawUnsafe(CALLS_UPSERT_SQL, tenantId, JSON.stringify(calls)), calls.length);
}

export async function ingestCalls(ctx: TenantContext, input: unknown): Promise<IngestResult> {
  const { calls } = parseBatch(callBatch, input, "call");
  rejectIfIssues([...duplicateIssues(calls, "calls"), ...transcriptIssues(calls)], "call");
  const result = await ctx.db.$transaction(async (tx) => {
    const written = await writeCalls(tx, ctx.tenantId, calls);
    await recordAudit(ctx, tx, { action: "ingest.calls", details: { ...written } });
    return written;
  }, LONG_TRANSACTION);
  await afterCallsIngested(ctx.db, ctx.tenantId);
  return result;
}
