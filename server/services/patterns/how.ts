/**
 * HOW detector service. Two set-based statements, each scoped by tenant_id:
 * 1. Paths: one pass over the tenant's outreach touches (reminders left out), ordered per lead by
 *    a window (a run starts where the channel differs from the previous touch's), aggregated per
 *    lead into its collapsed channel path cut at each target's first outcome (and at booking),
 *    then grouped by (target, path, lead source, converted) and (target, touches before the outcome).
 * 2. Interventions: booked leads (first booked outcome), their show-up resolution, days to
 *    appointment (calls.days_to_appointment of the booking call, else the booked outcome's
 *    attributes.daysToAppointment, else appointment − booking) and whether a touch of each kind
 *    (attributes.kind, default "reminder") was sent between booking and appointment.
 * HOW therefore carries the intervention analysis in `details.interventions` and as the findings of
 * an extra "showed" TargetResult (units: booked leads with a resolved appointment).
 * Leads are in the window when created in [from, to); outcomes after `to` are ignored.
 */
import { analyzeSequences, howConfidence, type HowOptions, type HowTargetDetails, type HowTargetInput } from "../../core/patterns/how";
import { DEFAULT_DAYS_TO_APPOINTMENT_EDGES, analyzeInterventions, daysBucketLabel, type InterventionResult, type InterventionRow } from "../../core/patterns/interventions";
import { primaryFirst, withoutUnrecordedTargets } from "../../core/patterns/primary";
import { PATTERN_SCHEMA_VERSION, PATTERN_TARGETS, type DetectOptions, type PatternSet, type PatternTarget, type TargetResult } from "../../core/patterns/types";
import type { PrismaClient } from "../../db";
import { analysisQuery } from "./when";

export { nextChannel } from "../../core/patterns/how";

export interface HowDetails {
  /** One entry per sequence target (options.targets without "showed"). */
  byTarget: HowTargetDetails[];
  interventions: InterventionResult[];
  daysToAppointmentEdges: number[];
}

export interface HowExtraOptions extends Partial<Omit<HowOptions, "alpha" | "minConversions" | "confounders">> {
  /** touches.attributes.kind values analysed as interventions between booking and appointment. */
  interventionKinds?: string[];
  /** Upper-inclusive stratum edges in days (default [7]: ≤7 d, >7 d). */
  daysToAppointmentEdges?: number[];
}

type Row = Record<string, number | string | boolean | null | bigint>;
const MAX_PATH = 12;

export function pathsSql(targets: readonly PatternTarget[]): string {
  const at: Record<PatternTarget, string> = {
    replied: "least(o.replied_at, x.touch_reply_at)",
    booked: "o.booked_at",
    showed: "o.showed_at",
    converted: "o.converted_at",
  };
  // A target's path is the lead's runs started before its cut: a prefix of all the lead's runs in send order, so one
  // ordered aggregate per lead serves every target (an ordered aggregate sorts each lead's touches on its own).
  const perTarget = targets
    .map((t, k) => {
      const cut = `coalesce(least(${at[t]}, o.booked_at), 'infinity'::timestamptz)`;
      return `(count(*) FILTER (WHERE x.run_start AND x.sent_at < ${cut}))::int AS r${k},
      (count(*) FILTER (WHERE x.sent_at < ${cut}))::int AS n${k},
      bool_or(${at[t]} IS NOT NULL) AS c${k}`;
    })
    .join(",\n      ");
  const unpivot = targets.map((t, k) => `('${t}', array_to_string(per_lead.runs[1:least(per_lead.r${k}, ${MAX_PATH})], '>'), per_lead.n${k}, per_lead.c${k})`).join(", ");
  return `
WITH o AS (
  SELECT lead_id,
    min(occurred_at) FILTER (WHERE kind = 'booked') AS booked_at,
    min(occurred_at) FILTER (WHERE kind = 'showed') AS showed_at,
    min(occurred_at) FILTER (WHERE kind = 'converted') AS converted_at,
    min(occurred_at) FILTER (WHERE kind = 'replied') AS replied_at
  FROM outcomes WHERE tenant_id = $1::uuid AND occurred_at < $3 GROUP BY lead_id
),
x AS (
  SELECT t.id, t.lead_id, t.channel::text AS channel, t.sent_at,
    t.channel IS DISTINCT FROM lag(t.channel) OVER (PARTITION BY t.lead_id ORDER BY t.sent_at, t.id) AS run_start,
    min(CASE WHEN t.replied AND coalesce(t.replied_at, t.sent_at) < $3 THEN coalesce(t.replied_at, t.sent_at) END) OVER (PARTITION BY t.lead_id) AS touch_reply_at
  FROM touches t
  WHERE t.tenant_id = $1::uuid AND t.sent_at < $3 AND t.kind IS DISTINCT FROM 'reminder'
),
per_lead AS (
  SELECT x.lead_id, coalesce(l.source, '(none)') AS source,
      (array_agg(x.channel ORDER BY x.sent_at, x.id) FILTER (WHERE x.run_start))[1:${MAX_PATH}] AS runs,
      ${perTarget}
  FROM x
  JOIN leads l ON l.id = x.lead_id AND l.tenant_id = $1::uuid
  LEFT JOIN o ON o.lead_id = x.lead_id
  WHERE l.created_at >= coalesce($2::timestamptz, '-infinity'::timestamptz) AND l.created_at < $3
  GROUP BY x.lead_id, l.source
),
u AS (
  SELECT per_lead.source, v.target, v.path, v.touches, coalesce(v.converted, false) AS converted
  FROM per_lead CROSS JOIN LATERAL (VALUES ${unpivot}) AS v(target, path, touches, converted)
  WHERE v.path IS NOT NULL AND v.path <> ''
)
SELECT GROUPING(path, source) AS g_path, target, path, source, touches,
  count(*)::int AS leads, (count(*) FILTER (WHERE converted))::int AS conversions
FROM u
GROUP BY GROUPING SETS ((target, path, source), (target, touches))`;
}

/** Parameters: $1 tenant, $2 from | null, $3 to. Kinds and edges are inlined (validated). */
export function interventionsSql(kinds: readonly string[], edges: readonly number[]): string {
  const kindList = kinds.map((k) => `'${k.replace(/'/g, "''")}'`).join(", ");
  const numeric = `'^-?[0-9]+(\\.[0-9]+)?$'`;
  return `
WITH b AS (
  SELECT DISTINCT ON (o.lead_id) o.lead_id, o.occurred_at AS booked_at, o.call_id,
    CASE WHEN o.attributes->>'daysToAppointment' ~ ${numeric} THEN (o.attributes->>'daysToAppointment')::float8 END AS attr_days
  FROM outcomes o JOIN leads l ON l.id = o.lead_id AND l.tenant_id = $1::uuid
  WHERE o.tenant_id = $1::uuid AND o.kind = 'booked' AND o.occurred_at < $3
    AND l.created_at >= coalesce($2::timestamptz, '-infinity'::timestamptz) AND l.created_at < $3
  ORDER BY o.lead_id, o.occurred_at, o.id
),
s AS (
  SELECT o.lead_id, min(o.occurred_at) FILTER (WHERE o.kind = 'showed') AS showed_at, min(o.occurred_at) FILTER (WHERE o.kind = 'no_show') AS no_show_at
  FROM outcomes o WHERE o.tenant_id = $1::uuid AND o.kind IN ('showed', 'no_show') AND o.occurred_at < $3
  GROUP BY o.lead_id
),
r AS (
  SELECT b.lead_id, b.booked_at, s.showed_at IS NOT NULL AS showed, least(s.showed_at, s.no_show_at) AS resolved_at,
    coalesce(c.days_to_appointment, b.attr_days, extract(epoch FROM (coalesce(c.appointment_at, least(s.showed_at, s.no_show_at)) - b.booked_at))::float8 / 86400) AS days
  FROM b JOIN s ON s.lead_id = b.lead_id AND least(s.showed_at, s.no_show_at) >= b.booked_at
  LEFT JOIN calls c ON c.id = b.call_id AND c.tenant_id = $1::uuid
),
k AS (SELECT unnest(ARRAY[${kindList}]::text[]) AS kind),
tr AS (
  SELECT DISTINCT r.lead_id, t.kind
  FROM r JOIN touches t ON t.lead_id = r.lead_id AND t.tenant_id = $1::uuid
  WHERE t.kind IN (${kindList}) AND t.sent_at >= r.booked_at AND t.sent_at < r.resolved_at
)
SELECT k.kind, CASE WHEN r.days IS NULL THEN -1 ELSE (SELECT count(*) FROM unnest(ARRAY[${edges.join(", ")}]::float8[]) e WHERE r.days > e)::int END AS bucket,
  tr.lead_id IS NOT NULL AS treated,
  count(*)::int AS units, (count(*) FILTER (WHERE r.showed))::int AS successes
FROM r CROSS JOIN k
LEFT JOIN tr ON tr.lead_id = r.lead_id AND tr.kind = k.kind
GROUP BY 1, 2, 3`;
}

export async function detectHow(db: PrismaClient, tenantId: string, options: DetectOptions, extra: HowExtraOptions = {}): Promise<PatternSet<HowDetails>> {
  const requested = options.targets.filter((t): t is PatternTarget => (PATTERN_TARGETS as readonly string[]).includes(t));
  const targets = [...new Set(requested.filter((t) => t !== "showed"))];
  if (targets.length === 0) targets.push("booked");
  const kinds = (extra.interventionKinds ?? ["reminder"]).filter((k) => /^[A-Za-z0-9_.:-]{1,64}$/.test(k));
  const edges = (extra.daysToAppointmentEdges ?? [...DEFAULT_DAYS_TO_APPOINTMENT_EDGES]).filter(Number.isFinite).sort((a, b) => a - b);
  const num = (v: Row[string]) => (v === null || v === undefined ? 0 : Number(v));
  // Paths and interventions are independent statements: run at once (see server/services/patterns/sql.ts).
  const [pathRows, rows] = await Promise.all([
    analysisQuery<Row>(db, pathsSql(targets), tenantId, options.from ?? null, options.to),
    kinds.length > 0 ? analysisQuery<Row>(db, interventionsSql(kinds, edges), tenantId, options.from ?? null, options.to) : Promise.resolve([] as Row[]),
  ]);
  const inputs: HowTargetInput[] = targets.map((target) => ({ target, paths: [], touchesToConvert: [] }));
  for (const r of pathRows) {
    const input = inputs.find((i) => i.target === r.target);
    if (!input) continue;
    if (num(r.g_path) === 0) input.paths.push({ path: String(r.path), stratum: String(r.source), leads: num(r.leads), conversions: num(r.conversions) });
    else if (r.touches !== null && num(r.conversions) > 0) input.touchesToConvert.push({ value: num(r.touches), count: num(r.conversions) });
  }
  const howOptions: HowOptions = { ...extra, alpha: options.alpha, minConversions: options.minConversions, confounders: options.confounders };
  const analysedByTarget = new Map(inputs.map((input) => [input.target, analyzeSequences(input, howOptions)] as const));
  const analysed = primaryFirst(targets, (t) => analysedByTarget.get(t)!.result.conversions, options.minConversions).map((t) => analysedByTarget.get(t)!);
  const results: TargetResult[] = analysed.map((a) => a.result);

  let interventions: InterventionResult[] = [];
  if (kinds.length > 0) {
    const interventionRows: InterventionRow[] = rows.map((r) => ({
      kind: String(r.kind),
      stratum: daysBucketLabel(num(r.bucket), edges),
      treated: r.treated === true || r.treated === "true" || r.treated === 1,
      units: num(r.units),
      successes: num(r.successes),
    }));
    interventions = analyzeInterventions(interventionRows, { alpha: options.alpha, minConversions: options.minConversions, confounder: "days to appointment" });
    const units = interventionRows.filter((r) => r.kind === kinds[0]).reduce((s, r) => ({ n: s.n + r.units, x: s.x + r.successes }), { n: 0, x: 0 });
    results.push({ target: "showed", n: units.n, conversions: units.x, baseRate: units.n > 0 ? units.x / units.n : 0, findings: interventions.map((i) => i.finding) });
  }
  const { kept, dropped } = withoutUnrecordedTargets(results);
  const sampleSize = kept[0]?.conversions ?? 0;
  const notes = [
    `Sequences are the first ${howOptions.steps ?? 3} channels of each lead's outreach path (repeats collapsed, cut at the outcome and at booking); reminder touches are left out.`,
    "Interventions are compared with show-up within days-to-appointment strata (Mantel–Haenszel); the adjusted effect is the finding.",
  ];
  if (dropped.length) notes.push(`No lead reached ${dropped.map((t) => `"${t}"`).join(", ")} in this window: not analysed.`);
  if (sampleSize < options.minConversions) notes.push(`Only ${sampleSize} conversions: ${options.minConversions - sampleSize} more are needed before any sequence finding can be significant.`);
  for (const i of interventions) if (i.verdict === "reversed" || i.verdict === "attenuated") notes.push(`${i.kind}: ${i.explanation}`);
  return {
    type: "how",
    schemaVersion: PATTERN_SCHEMA_VERSION,
    computedAt: new Date().toISOString(),
    window: { from: options.from ? options.from.toISOString() : null, to: options.to.toISOString() },
    sampleSize,
    confidence: howConfidence(sampleSize),
    results: kept,
    details: { byTarget: analysed.map((a) => a.details), interventions, daysToAppointmentEdges: edges },
    notes,
  };
}
