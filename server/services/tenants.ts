import { z } from "zod";
import { recordAudit } from "./audit";
import type { TenantContext } from "./context";
import { timeZone } from "./ingest/schemas";

export const updateTenantInput = z.object({ name: z.string().trim().min(2).max(100).optional(), timezone: timeZone.optional() });

export async function getTenant(ctx: TenantContext) {
  const tenant = await ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId } });
  return { id: tenant.id, name: tenant.name, slug: tenant.slug, timezone: tenant.timezone, createdAt: tenant.createdAt, role: ctx.role };
}

export async function updateTenant(ctx: TenantContext, input: z.infer<typeof updateTenantInput>) {
  const before = await ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { name: true, timezone: true } });
  const tenant = await ctx.db.tenant.update({ where: { id: ctx.tenantId }, data: input });
  await recordAudit(ctx, ctx.db, { action: "tenant.update", targetType: "tenant", targetId: ctx.tenantId, details: { before, after: input } });
  return { id: tenant.id, name: tenant.name, slug: tenant.slug, timezone: tenant.timezone };
}
