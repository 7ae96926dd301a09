/**
 * WHEN detector service: one set-based pass over the tenant's touches (joined to leads for the
 * lead's time zone and to each target's first outcome), grouped by GROUPING SETS into
 *   (weekday, hour, channel) in the lead's zone  → cells and windows,
 *   (gap bucket since the previous outreach touch) → reply rate by gap,
 *   (hour in the tenant's zone, all touches)       → quiet hours,
 *   (whole hours from first touch to outcome; for replies, to the reply of the first replied
 *    touch) per target → time to conversion,
 * then hands the counts to the pure core (server/core/patterns/when.ts). Always scoped by tenant_id;
 * runs on PostgreSQL 15+ and PGlite. Outcomes and replies after `to` are ignored (as-of analysis),
 * touches before `from` still count as "previous touch" for gaps.
 */
import { assembleWhen, type WhenDetails, type WhenOptions } from "../../core/patterns/when";
import { DEFAULT_GAP_EDGES_DAYS } from "../../core/patterns/when-timing";
import { primaryFirst } from "../../core/patterns/primary";
import { PATTERN_SCHEMA_VERSION, PATTERN_TARGETS, type DetectOptions, type PatternSet, type PatternTarget } from "../../core/patterns/types";
import type { PrismaClient } from "../../db";
import { analyticalStatement } from "./sql";

export type { WhenDetails } from "../../core/patterns/when";
export { bestSendWindow } from "../../core/patterns/when";

type Row = Record<string, number | string | null | bigint>;

/** Runs one analysis statement set-based (server/services/patterns/sql.ts): no nested loops, JIT off. */
export function analysisQuery<T>(db: PrismaClient, sql: string, ...params: unknown[]): Promise<T[]> {
  return analyticalStatement<T[]>(db, { setBased: true }, sql, ...params);
}

function targetsOf(options: DetectOptions): PatternTarget[] {
  const wanted = options.targets.filter((t): t is PatternTarget => (PATTERN_TARGETS as readonly string[]).includes(t));
  return wanted.length > 0 ? [...new Set(wanted)] : ["replied"];
}

/** The SQL for the given (whitelisted) targets and gap edges; parameters: $1 tenant, $2 from | null, $3 to. */
export function whenSql(targets: readonly PatternTarget[], gapEdges: readonly number[]): string {
  const edges = gapEdges.map((e) => Number(e)).filter(Number.isFinite);
  const conv = (t: PatternTarget, k: number) =>
    t === "replied"
      ? `(w.replied OR o.touch${k} = w.id)`
      : `(o.touch${k} = w.id OR (o.touch${k} IS NULL AND o.at${k} >= w.sent_at AND (w.next_sent IS NULL OR w.next_sent > o.at${k})))`;
  // Hours to conversion: for "replied" on the lead's first replied touch (reply − first send), else
  // on the lead's first touch (outcome − first send).
  const hours = (t: PatternTarget, k: number) =>
    t === "replied"
      ? `CASE WHEN w.replied AND w.replies_so_far = 1 AND w.first_sent >= coalesce($2::timestamptz, '-infinity'::timestamptz) AND NOT w.reminder THEN floor(date_part('epoch', w.reply_at - w.first_sent) / 3600)::int END`
      : `CASE WHEN use AND w.step = 1 AND o.at${k} >= w.sent_at THEN floor(date_part('epoch', o.at${k} - w.sent_at) / 3600)::int END`;
  const cols = targets
    .map((t, k) => `CASE WHEN use AND coalesce(${conv(t, k)}, false) THEN 1 ELSE 0 END AS c${k},
      ${hours(t, k)} AS h${k}`)
    .join(",\n      ");
  const sums = targets.map((_, k) => `sum(c${k})::int AS c${k}`).join(", ");
  const groupings = targets.map((_, k) => `GROUPING(h${k}) AS g_h${k}, h${k}`).join(", ");
  const sets = targets.map((_, k) => `(h${k})`).join(", ");
  return `
WITH zones AS MATERIALIZED (SELECT name FROM pg_timezone_names),
tn AS MATERIALIZED (SELECT coalesce((SELECT z.name FROM zones z WHERE z.name = tenants.timezone), 'UTC') AS tz FROM tenants WHERE id = $1::uuid),
o AS (
  -- Per lead, each target's first outcome and the touch it was credited to: one row per lead, joined once.
  SELECT lead_id, ${targets
    .map((t, k) => `min(occurred_at) FILTER (WHERE kind = '${t}') AS at${k}, (array_agg(touch_id ORDER BY occurred_at) FILTER (WHERE kind = '${t}'))[1] AS touch${k}`)
    .join(", ")}
  FROM outcomes
  WHERE tenant_id = $1::uuid AND occurred_at < $3 AND kind::text IN (${targets.map((t) => `'${t}'`).join(", ")})
  GROUP BY lead_id
),
t AS (
  SELECT t.id, t.lead_id, t.channel::text AS channel, t.sent_at,
    coalesce(t.kind = 'reminder', false) AS reminder,
    (t.replied AND coalesce(t.replied_at, t.sent_at) < $3) AS replied,
    CASE WHEN t.replied AND coalesce(t.replied_at, t.sent_at) < $3 THEN coalesce(t.replied_at, t.sent_at) END AS reply_at,
    t.sent_at AT TIME ZONE coalesce(lz.name, tn.tz) AS local_at, lz.name IS NULL AS no_zone, t.sent_at AT TIME ZONE tn.tz AS tenant_local_at
  FROM touches t
  CROSS JOIN tn
  JOIN leads l ON l.id = t.lead_id AND l.tenant_id = $1::uuid
  LEFT JOIN zones lz ON lz.name = l.timezone
  WHERE t.tenant_id = $1::uuid AND t.sent_at < $3
),
w AS (
  SELECT t.*, (t.sent_at >= coalesce($2::timestamptz, '-infinity'::timestamptz) AND NOT t.reminder) AS use,
    t.sent_at >= coalesce($2::timestamptz, '-infinity'::timestamptz) AS in_window,
    lag(t.sent_at) OVER s AS prev_sent, lead(t.sent_at) OVER s AS next_sent, row_number() OVER s AS step,
    first_value(t.sent_at) OVER s AS first_sent, count(*) FILTER (WHERE t.replied) OVER s AS replies_so_far
  FROM t
  WINDOW s AS (PARTITION BY t.lead_id, t.reminder ORDER BY t.sent_at, t.id)
),
b AS (
  SELECT
    -- The cell's weekday (0 = Monday) and hour in the lead's zone as one key, weekday × 24 + hour: grouped with the channel in a small hash table.
    CASE WHEN use THEN (date_part('isodow', w.local_at)::int - 1) * 24 + date_part('hour', w.local_at)::int END AS cell,
    CASE WHEN use THEN w.channel END AS channel,
    CASE WHEN NOT use THEN NULL WHEN w.prev_sent IS NULL THEN -1
         ELSE width_bucket(date_part('epoch', w.sent_at - w.prev_sent) / 86400, ARRAY[${edges.join(", ")}]::float8[]) END AS gap,
    CASE WHEN in_window THEN date_part('hour', w.tenant_local_at)::int END AS tenant_hour,
    CASE WHEN use AND w.no_zone THEN 1 ELSE 0 END AS no_zone,
    CASE WHEN in_window AND w.reminder THEN 1 ELSE 0 END AS rem,
    ${cols}
  FROM w
    LEFT JOIN o ON o.lead_id = w.lead_id
  -- Kept a subquery of its own (OFFSET 0): the planner then sizes each grouping set's hash table by default estimates
  -- instead of by the columns inside these expressions, and hashes every set rather than sorting a million rows for one.
  OFFSET 0
)
SELECT GROUPING(cell, channel) AS g_cell, GROUPING(gap) AS g_gap, GROUPING(tenant_hour) AS g_quiet, ${groupings},
  cell / 24 AS weekday, cell % 24 AS hour, channel, gap, tenant_hour, count(*)::int AS n, ${sums}, sum(no_zone)::int AS no_zone, sum(rem)::int AS rem
FROM b
GROUP BY GROUPING SETS ((cell, channel), (gap), (tenant_hour), ${sets})`;
}

export async function detectWhen(db: PrismaClient, tenantId: string, options: DetectOptions, extra: Partial<Omit<WhenOptions, "alpha" | "minConversions" | "confounders">> = {}): Promise<PatternSet<WhenDetails>> {
  const targets = targetsOf(options);
  const gapEdges = extra.gapEdgesDays ?? DEFAULT_GAP_EDGES_DAYS;
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { timezone: true } });
  const rows = await analysisQuery<Row>(db, whenSql(targets, gapEdges), tenantId, options.from ?? null, options.to);
  const num = (v: Row[string]) => (v === null || v === undefined ? 0 : Number(v));
  const volumeByHour = new Array<number>(24).fill(0);
  let touchesWithoutLeadTimezone = 0;
  let reminderTouches = 0;
  const perTarget = targets.map((target) => ({ target, cells: [] as Array<{ weekday: number; hour: number; stratum: string; touches: number; conversions: number }>, gaps: [] as Array<{ bucket: number; touches: number; conversions: number }>, hoursToConversion: [] as Array<{ value: number; count: number }> }));
  for (const r of rows) {
    if (num(r.g_cell) === 0) {
      if (r.weekday === null || r.hour === null || r.channel === null) continue;
      touchesWithoutLeadTimezone += num(r.no_zone);
      perTarget.forEach((t, k) => t.cells.push({ weekday: num(r.weekday), hour: num(r.hour), stratum: String(r.channel), touches: num(r.n), conversions: num(r[`c${k}`]) }));
    } else if (num(r.g_gap) === 0) {
      if (r.gap === null) continue;
      perTarget.forEach((t, k) => t.gaps.push({ bucket: num(r.gap), touches: num(r.n), conversions: num(r[`c${k}`]) }));
    } else if (num(r.g_quiet) === 0) {
      reminderTouches += num(r.rem);
      if (r.tenant_hour !== null) volumeByHour[num(r.tenant_hour)] = num(r.n);
    } else {
      perTarget.forEach((t, k) => {
        if (num(r[`g_h${k}`]) === 0 && r[`h${k}`] !== null) t.hoursToConversion.push({ value: num(r[`h${k}`]), count: num(r.n) });
      });
    }
  }
  // The recorded outcome leads (primaryFirst); targets no touch reached are left out.
  const reached = (t: (typeof perTarget)[number]) => t.cells.reduce((sum, c) => sum + c.conversions, 0);
  const ordered = primaryFirst(targets, (target) => reached(perTarget.find((t) => t.target === target)!), options.minConversions).map((target) => perTarget.find((t) => t.target === target)!);
  const analysed = ordered.filter((t, i) => i === 0 || reached(t) > 0);
  const dropped = ordered.filter((t) => !analysed.includes(t)).map((t) => t.target);
  const assembled = assembleWhen(
    { tenantTimezone: tenant.timezone, targets: analysed, volumeByHour, touchesWithoutLeadTimezone, reminderTouches },
    { ...extra, alpha: options.alpha, minConversions: options.minConversions, confounders: options.confounders },
  );
  return {
    type: "when",
    schemaVersion: PATTERN_SCHEMA_VERSION,
    computedAt: new Date().toISOString(),
    window: { from: options.from ? options.from.toISOString() : null, to: options.to.toISOString() },
    sampleSize: assembled.sampleSize,
    confidence: assembled.confidence,
    results: assembled.results,
    details: assembled.details,
    notes: dropped.length ? [...assembled.notes, `No touch reached ${dropped.map((t) => `"${t}"`).join(", ")} in this window: not analysed.`] : assembled.notes,
  };
}
