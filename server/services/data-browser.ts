/** Recent leads, touches, outcomes and calls with filters, newest first, cursor-paginated. */
import { z } from "zod";
import { CHANNELS, OUTCOME_KINDS } from "../core/records";
import type { Prisma } from "../db";
import type { TenantContext } from "./context";

const page = { limit: z.number().int().min(1).max(200).default(50), cursor: z.string().uuid().optional() };
const range = { from: z.date().optional(), to: z.date().optional() };

export const leadListInput = z.object({ ...page, search: z.string().max(200).optional(), industry: z.string().max(200).optional(), source: z.string().max(200).optional() });
export const touchListInput = z.object({ ...page, ...range, channel: z.enum(CHANNELS).optional(), replied: z.boolean().optional(), leadExternalId: z.string().max(200).optional() });
export const outcomeListInput = z.object({ ...page, ...range, kind: z.enum(OUTCOME_KINDS).optional(), leadExternalId: z.string().max(200).optional() });
export const callListInput = z.object({ ...page, ...range, leadExternalId: z.string().max(200).optional() });

function paginate<T extends { id: string }>(rows: T[], limit: number) {
  return { items: rows.slice(0, limit), nextCursor: rows.length > limit ? rows[limit - 1]!.id : null };
}
const cursorArgs = (cursor: string | undefined, limit: number) => ({ take: limit + 1, ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}) });
const between = (from?: Date, to?: Date) => (from || to ? { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } : undefined);

export async function listLeads(ctx: TenantContext, input: z.infer<typeof leadListInput>) {
  const where: Prisma.LeadWhereInput = {
    tenantId: ctx.tenantId,
    ...(input.industry ? { industry: input.industry } : {}),
    ...(input.source ? { source: input.source } : {}),
    ...(input.search
      ? { OR: [{ externalId: { contains: input.search, mode: "insensitive" } }, { company: { contains: input.search, mode: "insensitive" } }, { email: { contains: input.search, mode: "insensitive" } }, { name: { contains: input.search, mode: "insensitive" } }] }
      : {}),
  };
  const rows = await ctx.db.lead.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], ...cursorArgs(input.cursor, input.limit) });
  return paginate(rows, input.limit);
}

export async function listTouches(ctx: TenantContext, input: z.infer<typeof touchListInput>) {
  const rows = await ctx.db.touch.findMany({
    where: {
      tenantId: ctx.tenantId,
      ...(input.channel ? { channel: input.channel } : {}),
      ...(input.replied !== undefined ? { replied: input.replied } : {}),
      ...(input.leadExternalId ? { lead: { externalId: input.leadExternalId } } : {}),
      sentAt: between(input.from, input.to),
    },
    include: { lead: { select: { externalId: true, company: true } } },
    orderBy: [{ sentAt: "desc" }, { id: "desc" }],
    ...cursorArgs(input.cursor, input.limit),
  });
  return paginate(rows, input.limit);
}

export async function listOutcomes(ctx: TenantContext, input: z.infer<typeof outcomeListInput>) {
  const rows = await ctx.db.outcome.findMany({
    where: { tenantId: ctx.tenantId, ...(input.kind ? { kind: input.kind } : {}), ...(input.leadExternalId ? { lead: { externalId: input.leadExternalId } } : {}), occurredAt: between(input.from, input.to) },
    include: { lead: { select: { externalId: true, company: true } }, touch: { select: { externalId: true, channel: true } } },
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    ...cursorArgs(input.cursor, input.limit),
  });
  return paginate(rows, input.limit);
}

export async function listCalls(ctx: TenantContext, input: z.infer<typeof callListInput>) {
  const rows = await ctx.db.call.findMany({
    where: { tenantId: ctx.tenantId, ...(input.leadExternalId ? { lead: { externalId: input.leadExternalId } } : {}), startedAt: between(input.from, input.to) },
    omit: { transcript: true },
    include: { lead: { select: { externalId: true, company: true } } },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    ...cursorArgs(input.cursor, input.limit),
  });
  return paginate(rows, input.limit);
}

/** Values to offer in filter drop-downs, capped so a tenant with many values stays cheap. */
export async function leadFilterOptions(ctx: TenantContext) {
  const [industries, sources] = await Promise.all([
    ctx.db.lead.groupBy({ by: ["industry"], where: { tenantId: ctx.tenantId, industry: { not: null } }, _count: true, orderBy: { _count: { industry: "desc" } }, take: 100 }),
    ctx.db.lead.groupBy({ by: ["source"], where: { tenantId: ctx.tenantId, source: { not: null } }, _count: true, orderBy: { _count: { source: "desc" } }, take: 100 }),
  ]);
  return { industries: industries.map((r) => r.industry!), sources: sources.map((r) => r.source!) };
}
