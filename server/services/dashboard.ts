/** Overview numbers: the funnel and weekly activity by channel, straight from stored data. */
import { z } from "zod";
import { CHANNELS } from "../core/records";
import type { TenantContext } from "./context";

export const overviewInput = z.object({ days: z.number().int().min(1).max(3650).default(90) });

export interface FunnelStage {
  key: "touched" | "replied" | "booked" | "showed" | "converted";
  label: string;
  leads: number;
  /** Share of the previous stage's leads that reached this one; null for the first stage. */
  fromPrevious: number | null;
}

export interface WeeklyChannelRow {
  week: string;
  channel: string;
  touches: number;
  replies: number;
}

export async function getOverview(ctx: TenantContext, input: z.infer<typeof overviewInput>) {
  const tenant = await ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { timezone: true } });
  const since = new Date(Date.now() - input.days * 86_400_000);
  const [totals] = await ctx.db.$queryRawUnsafe<Record<string, bigint | number | null>[]>(
    `WITH t AS (SELECT lead_id, replied FROM touches WHERE tenant_id = $1::uuid AND sent_at >= $2),
          o AS (SELECT lead_id, kind, value FROM outcomes WHERE tenant_id = $1::uuid AND occurred_at >= $2)
     SELECT (SELECT count(*) FROM t) AS touches,
            (SELECT count(DISTINCT lead_id) FROM t) AS touched,
            (SELECT count(*) FROM (SELECT lead_id FROM t WHERE replied UNION SELECT lead_id FROM o WHERE kind = 'replied') r) AS replied,
            (SELECT count(DISTINCT lead_id) FROM o WHERE kind = 'booked') AS booked,
            (SELECT count(DISTINCT lead_id) FROM o WHERE kind = 'showed') AS showed,
            (SELECT count(DISTINCT lead_id) FROM o WHERE kind = 'converted') AS converted,
            (SELECT coalesce(sum(value), 0) FROM o WHERE kind = 'converted') AS revenue,
            (SELECT count(*) FROM leads WHERE tenant_id = $1::uuid) AS leads_total`,
    ctx.tenantId,
    since,
  );
  const n = (key: string) => Number(totals?.[key] ?? 0);
  const stageDefs: Array<[FunnelStage["key"], string]> = [
    ["touched", "Touched"],
    ["replied", "Replied"],
    ["booked", "Booked"],
    ["showed", "Showed"],
    ["converted", "Converted"],
  ];
  const funnel: FunnelStage[] = stageDefs.map(([key, label], i) => {
    const previous = i === 0 ? null : n(stageDefs[i - 1]![0]);
    return { key, label, leads: n(key), fromPrevious: previous === null ? null : previous > 0 ? n(key) / previous : null };
  });

  const weekly = await ctx.db.$queryRawUnsafe<{ week: Date | string; channel: string; touches: bigint; replies: bigint }[]>(
    `SELECT to_char(date_trunc('week', sent_at AT TIME ZONE $3), 'YYYY-MM-DD') AS week, channel::text AS channel,
            count(*) AS touches, count(*) FILTER (WHERE replied) AS replies
     FROM touches WHERE tenant_id = $1::uuid AND sent_at >= $2
     GROUP BY 1, 2 ORDER BY 1, 2`,
    ctx.tenantId,
    since,
    tenant.timezone,
  );
  const weeklyByChannel: WeeklyChannelRow[] = weekly.map((r) => ({ week: String(r.week), channel: r.channel, touches: Number(r.touches), replies: Number(r.replies) }));
  return {
    days: input.days,
    since,
    timezone: tenant.timezone,
    totals: { touches: n("touches"), leads: n("leads_total"), revenue: n("revenue") },
    funnel,
    weeklyByChannel,
    channels: CHANNELS.filter((c) => weeklyByChannel.some((r) => r.channel === c)),
  };
}
