/**
 * What agents read from learned patterns: a lead's score (WHO weights), the best send window
 * (WHEN) and the best next channel (HOW). Every answer names the pattern version it used and
 * says plainly when there is not enough evidence to recommend anything.
 */
import { z } from "zod";
import { scoreLead, type LeadFeatures } from "../../core/patterns/lead-score";
import { nextChannel as adviseNextChannel } from "../../core/patterns/markov";
import type { PatternSet, PatternType } from "../../core/patterns/types";
import { bestSendWindow as nextBestWindow, type WindowSource } from "../../core/patterns/when";
import { CHANNELS } from "../../core/records";
import type { TenantContext } from "../context";
import { NotFoundError, ValidationError } from "../errors";
import { timeZone } from "../ingest/schemas";
import type { HowDetails } from "./how";
import type { WhoDetails } from "./who";

const externalId = z.string().trim().min(1).max(200);
const leadFeatures = z.object({
  industry: z.string().max(500).nullish(),
  seniority: z.string().max(500).nullish(),
  source: z.string().max(500).nullish(),
  country: z.string().max(500).nullish(),
  title: z.string().max(500).nullish(),
  companySize: z.number().int().min(0).nullish(),
  attributes: z.record(z.string(), z.unknown()).optional(),
});

export const scoreLeadsInput = z
  .object({ leadExternalIds: z.array(externalId).max(1000).optional(), leads: z.array(leadFeatures.extend({ ref: z.string().max(200).optional() })).max(1000).optional() })
  .refine((v) => (v.leadExternalIds?.length ?? 0) + (v.leads?.length ?? 0) > 0, { message: "send leadExternalIds or leads to score" });
export const bestSendWindowInput = z.object({ leadExternalId: externalId.optional(), timezone: timeZone.optional(), channel: z.enum(CHANNELS).optional() });
export const nextChannelInput = z.object({ leadExternalId: externalId.optional(), history: z.array(z.enum(CHANNELS)).max(100).optional(), target: z.enum(["booked", "converted"]).default("booked") });

async function currentSet<T>(ctx: TenantContext, type: PatternType) {
  const row = await ctx.db.conversionPattern.findUnique({ where: { tenantId_type: { tenantId: ctx.tenantId, type } } });
  if (!row) throw new NotFoundError(`no ${type.toUpperCase()} patterns yet: run learning first`);
  return { version: row.version, computedAt: row.computedAt, set: row.patterns as unknown as PatternSet<T> };
}

export async function scoreLeads(ctx: TenantContext, input: z.infer<typeof scoreLeadsInput>) {
  const { version, computedAt, set } = await currentSet<WhoDetails>(ctx, "who");
  const model = set.details.leadScore;
  if (!model) throw new NotFoundError("lead-score weights are not available yet: WHO learning needs more outcomes before it can fit them");
  const ids = input.leadExternalIds ?? [];
  const stored = ids.length ? await ctx.db.lead.findMany({ where: { tenantId: ctx.tenantId, externalId: { in: ids } } }) : [];
  const byId = new Map(stored.map((lead) => [lead.externalId, lead]));
  const scores = [
    ...ids.filter((id) => byId.has(id)).map((id) => ({ leadExternalId: id as string | null, ref: null as string | null, ...scoreLead(model, byId.get(id)! as LeadFeatures) })),
    ...(input.leads ?? []).map((lead) => ({ leadExternalId: null, ref: lead.ref ?? null, ...scoreLead(model, lead) })),
  ];
  return { weightsVersion: version, computedAt, target: model.target, scores, unknownLeadExternalIds: ids.filter((id) => !byId.has(id)) };
}

async function leadOrThrow(ctx: TenantContext, leadExternalId: string) {
  const lead = await ctx.db.lead.findUnique({ where: { tenantId_externalId: { tenantId: ctx.tenantId, externalId: leadExternalId } } });
  if (!lead) throw new ValidationError("unknown lead", [{ path: "leadExternalId", message: `no lead "${leadExternalId}" in this tenant` }]);
  return lead;
}

export async function bestSendWindow(ctx: TenantContext, input: z.infer<typeof bestSendWindowInput>) {
  const { version, computedAt, set } = await currentSet<WindowSource>(ctx, "when");
  const lead = input.leadExternalId ? await leadOrThrow(ctx, input.leadExternalId) : null;
  const tenant = await ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { timezone: true } });
  const timezone = lead?.timezone ?? input.timezone ?? tenant.timezone;
  const recommendation = nextBestWindow(set.details, { channel: input.channel, timezone });
  return {
    patternVersion: version,
    computedAt,
    timezone,
    recommendation,
    reason: recommendation ? null : "no send window beats the rest with enough evidence yet; send at the usual time",
  };
}

export async function nextChannel(ctx: TenantContext, input: z.infer<typeof nextChannelInput>) {
  const { version, computedAt, set } = await currentSet<HowDetails>(ctx, "how");
  const details = set.details.byTarget.find((d) => d.target === input.target) ?? set.details.byTarget[0];
  if (!details) throw new NotFoundError("HOW patterns hold no sequence model yet");
  let history = input.history ?? [];
  if (input.leadExternalId) {
    const lead = await leadOrThrow(ctx, input.leadExternalId);
    const touches = await ctx.db.touch.findMany({ where: { leadId: lead.id }, orderBy: { sentAt: "asc" }, select: { channel: true, attributes: true } });
    // Reminders are operational, not part of the outreach sequence the model learned.
    history = touches.filter((t) => (t.attributes as { kind?: unknown } | null)?.kind !== "reminder").map((t) => t.channel);
  }
  const advice = adviseNextChannel(details.nextChannelModel, history);
  return { patternVersion: version, computedAt, target: details.target, history, advice, reason: advice ? null : "not enough sequences with this history yet to recommend a channel" };
}
