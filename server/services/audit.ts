import type { Prisma } from "../db";
import { actorId, type TenantContext } from "./context";

type AuditClient = Pick<TenantContext["db"], "auditLog">;

export async function recordAudit(
  ctx: Pick<TenantContext, "tenantId" | "actor">,
  db: AuditClient,
  entry: { action: string; targetType?: string; targetId?: string; details?: Prisma.InputJsonValue },
): Promise<void> {
  await db.auditLog.create({
    data: { tenantId: ctx.tenantId, actorType: ctx.actor.type, actorId: actorId(ctx.actor), action: entry.action, targetType: entry.targetType, targetId: entry.targetId, details: entry.details ?? {} },
  });
}

export async function listAudit(ctx: TenantContext, input: { limit: number; cursor?: string }) {
  const rows = await ctx.db.auditLog.findMany({
    where: { tenantId: ctx.tenantId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
  });
  return { items: rows.slice(0, input.limit), nextCursor: rows.length > input.limit ? rows[input.limit - 1]!.id : null };
}
