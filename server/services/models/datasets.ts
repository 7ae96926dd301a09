/**
 * Training sets from a tenant's data, one per prediction target:
 * - show_up: booked calls whose show-up is known (a showed or no_show outcome attributed to the
 *   call); features are seed 002's show-up features of the call, label 1 when the lead showed.
 * - conversion: leads old enough for the outcome to be known (or already converted); features are
 *   the lead's profile and attributes and a summary of the outreach it received, label 1 when a
 *   converted outcome exists.
 * Rows carry their time (call start, lead creation), so the holdout is the newest rows.
 */
import { showUpFeatures } from "../../core/excellence";
import type { FeatureRow, TrainingSet } from "../../core/predict";
import type { CallRecord, CallStage } from "../../core/records";
import type { PrismaClient } from "../../db";
import { eachCallFactsPage, firstNameOf, type CallFacts } from "../excellence/call-facts";

export const MODEL_TARGETS = ["show_up", "conversion"] as const;
export type ModelTarget = (typeof MODEL_TARGETS)[number];

export interface TenantTrainingSet extends TrainingSet {
  rows: FeatureRow[];
  times: number[];
  /** Call ids (show_up) or lead ids (conversion), row by row. */
  subjects: string[];
  from: Date | null;
  to: Date | null;
}

export function callRecordOf(call: CallFacts): CallRecord {
  return {
    externalId: call.externalId,
    leadExternalId: call.leadExternalId,
    startedAt: call.startedAt.toISOString(),
    durationSeconds: call.durationSeconds,
    stageReached: (call.stageReached as CallStage | null) ?? null,
    transcript: call.transcript ?? [],
    commitmentScore: call.commitmentScore,
    funnelCompletion: call.funnelCompletion,
    bantScore: call.bantScore,
    objectionCount: call.objectionCount,
    motivation: call.motivation,
    appointmentAt: call.appointmentAt?.toISOString() ?? null,
    daysToAppointment: call.daysToAppointment,
    promptRef: call.promptRef,
    model: call.model,
    attributes: call.attributes as CallRecord["attributes"],
  };
}

export function callFeatures(call: CallFacts): FeatureRow {
  return showUpFeatures(callRecordOf(call), { timezone: call.lead.timezone, firstName: firstNameOf(call.lead.name), company: call.lead.company });
}

export async function showUpTrainingSet(db: PrismaClient, tenantId: string, window: { from?: Date; to?: Date } = {}): Promise<TenantTrainingSet> {
  const rows: FeatureRow[] = [];
  const labels: number[] = [];
  const times: number[] = [];
  const subjects: string[] = [];
  for await (const page of eachCallFactsPage(db, tenantId, { ...window, withShowOutcome: true, includeTranscript: true })) {
    for (const call of page) {
      const showed = call.outcomes.some((o) => o.kind === "showed");
      rows.push(callFeatures(call));
      labels.push(showed ? 1 : 0);
      times.push(call.startedAt.getTime());
      subjects.push(call.id);
    }
  }
  return withSpan({ rows, labels, times, subjects });
}

type LeadRow = {
  id: string;
  created_at: Date;
  industry: string | null;
  company_size: number | null;
  title: string | null;
  seniority: string | null;
  source: string | null;
  country: string | null;
  timezone: string | null;
  attributes: Record<string, unknown>;
  touches: bigint;
  channels: bigint;
  first_channel: string | null;
  email_touches: bigint;
  sms_touches: bigint;
  linkedin_touches: bigint;
  voice_touches: bigint;
  replied: boolean;
  converted: boolean;
};

/** Lead features as they were known before any conversion: profile, attributes, outreach summary. */
export function leadFeatures(lead: Omit<LeadRow, "id" | "created_at" | "converted">): FeatureRow {
  const row: FeatureRow = {
    industry: lead.industry,
    companySize: lead.company_size,
    title: lead.title,
    seniority: lead.seniority,
    source: lead.source,
    country: lead.country,
    timezone: lead.timezone,
    touches: Number(lead.touches),
    channels: Number(lead.channels),
    firstChannel: lead.first_channel,
    emailTouches: Number(lead.email_touches),
    smsTouches: Number(lead.sms_touches),
    linkedinTouches: Number(lead.linkedin_touches),
    voiceTouches: Number(lead.voice_touches),
    replied: lead.replied,
  };
  for (const [key, value] of Object.entries(lead.attributes ?? {})) {
    if (value === null || ["string", "number", "boolean"].includes(typeof value)) row[`attributes.${key}`] = value as FeatureRow[string];
  }
  return row;
}

/** SQL for leads with their outreach summary; `$1` tenant. Reminders are not outreach. */
export const LEAD_FEATURES_SQL = `
  SELECT l.id::text, l.created_at, l.industry, l.company_size, l.title, l.seniority, l.source, l.country, l.timezone, l.attributes,
         count(t.id) AS touches, count(DISTINCT t.channel) AS channels,
         (array_agg(t.channel::text ORDER BY t.sent_at) FILTER (WHERE t.id IS NOT NULL))[1] AS first_channel,
         count(t.id) FILTER (WHERE t.channel = 'email') AS email_touches, count(t.id) FILTER (WHERE t.channel = 'sms') AS sms_touches,
         count(t.id) FILTER (WHERE t.channel = 'linkedin') AS linkedin_touches, count(t.id) FILTER (WHERE t.channel = 'voice') AS voice_touches,
         coalesce(bool_or(t.replied), false) AS replied,
         EXISTS (SELECT 1 FROM outcomes o WHERE o.tenant_id = l.tenant_id AND o.lead_id = l.id AND o.kind = 'converted') AS converted
  FROM leads l
  LEFT JOIN touches t ON t.tenant_id = l.tenant_id AND t.lead_id = l.id AND t.kind IS DISTINCT FROM 'reminder'`;

/**
 * Leads that converted, or entered the funnel at least `maturityDays` ago (their outcome is known
 * well enough to count a non-conversion as a 0).
 */
export async function conversionTrainingSet(db: PrismaClient, tenantId: string, options: { to?: Date; maturityDays?: number } = {}): Promise<TenantTrainingSet> {
  const to = options.to ?? new Date();
  const matured = new Date(to.getTime() - (options.maturityDays ?? 30) * 86_400_000);
  const result = await db.$queryRawUnsafe<LeadRow[]>(
    `${LEAD_FEATURES_SQL}
     WHERE l.tenant_id = $1::uuid AND l.created_at < $2
     GROUP BY l.id
     HAVING l.created_at < $3 OR EXISTS (SELECT 1 FROM outcomes o WHERE o.tenant_id = l.tenant_id AND o.lead_id = l.id AND o.kind = 'converted')
     ORDER BY l.created_at, l.id`,
    tenantId,
    to,
    matured,
  );
  return withSpan({
    rows: result.map((r) => leadFeatures(r)),
    labels: result.map((r) => (r.converted ? 1 : 0)),
    times: result.map((r) => r.created_at.getTime()),
    subjects: result.map((r) => r.id),
  });
}

function withSpan(set: { rows: FeatureRow[]; labels: number[]; times: number[]; subjects: string[] }): TenantTrainingSet {
  let min = Infinity;
  let max = -Infinity;
  for (const t of set.times) {
    if (t < min) min = t;
    if (t > max) max = t;
  }
  return { ...set, from: set.times.length ? new Date(min) : null, to: set.times.length ? new Date(max) : null };
}

export function trainingSetFor(db: PrismaClient, tenantId: string, target: ModelTarget): Promise<TenantTrainingSet> {
  return target === "show_up" ? showUpTrainingSet(db, tenantId) : conversionTrainingSet(db, tenantId);
}
