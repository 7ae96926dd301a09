/**
 * The SQL of the WHO detector (server/services/patterns/who.ts): the leads with their flags and
 * strata, the attribute profile, and the counts by attribute × value × confounder stratum.
 * Every statement is scoped by tenant_id; parameters are described beside each.
 */
import { BUILT_IN_ATTRIBUTES, FREE_ATTRIBUTE_NAME, NUMERIC_TEXT, type FreeKeyPlan, type WhoCaps } from "../../core/patterns/who";
import type { PatternTarget } from "../../core/patterns/types";
import { CHANNELS } from "../../core/records";

export const TARGET_COLUMNS = ["replied", "booked", "showed", "converted"] as const satisfies readonly PatternTarget[];

const LEAD_WINDOW = `l.tenant_id = $1::uuid AND l.created_at < $3::timestamptz AND ($2::timestamptz IS NULL OR l.created_at >= $2::timestamptz)`;

/** A touch's channel as one bit (CHANNELS order): a lead's channels are one bit_or per lead, not a grouping by lead and channel. */
const CHANNEL_BIT = `CASE channel ${CHANNELS.map((c, i) => `WHEN '${c}' THEN ${2 ** i}`).join(" ")} END`;
/** The channel mix label of a lead's channel bits: its channels in text order, joined by "+" ('' for none). */
const CHANNEL_MIX_LABEL = `concat_ws('+', ${[...CHANNELS]
  .map((c, i) => ({ c, bit: 2 ** i }))
  .sort((x, y) => (x.c < y.c ? -1 : 1))
  .map(({ c, bit }) => `CASE WHEN t.channels & ${bit} <> 0 THEN '${c}' END`)
  .join(", ")})`;

/**
 * Leads in the window with their target flags and confounder strata. Each lead's outcomes and
 * touches are aggregated once per table (hash aggregates, hash-joined: the statements run with
 * nested loops off, so missing planner statistics cannot turn them into per-lead re-aggregations).
 * The channel mix is the lead's distinct outreach channels in text order, joined by "+".
 */
export const BASE_SQL = `SELECT l.id, l.created_at, l.industry, l.seniority, l.source, l.country, l.title, l.company_size, l.attributes,
    (coalesce(o.replied, false) OR coalesce(t.replied, false))::int AS y_replied, coalesce(o.booked, false)::int AS y_booked,
    coalesce(o.showed, false)::int AS y_showed, coalesce(o.converted, false)::int AS y_converted,
    coalesce(nullif(btrim(l.source), ''), '(missing)') AS s_source, coalesce(nullif(${CHANNEL_MIX_LABEL}, ''), '(none)') AS s_channel_mix
  FROM leads l
  LEFT JOIN (
    SELECT lead_id, bool_or(kind = 'replied') AS replied, bool_or(kind = 'booked') AS booked, bool_or(kind = 'showed') AS showed, bool_or(kind = 'converted') AS converted
    FROM outcomes WHERE tenant_id = $1::uuid AND occurred_at < $3::timestamptz GROUP BY lead_id
  ) o ON o.lead_id = l.id
  LEFT JOIN (
    SELECT lead_id, bool_or(replied AND (replied_at IS NULL OR replied_at < $3::timestamptz)) AS replied, bit_or(${CHANNEL_BIT}) AS channels
    FROM touches WHERE tenant_id = $1::uuid AND sent_at < $3::timestamptz AND kind IS DISTINCT FROM 'reminder'
    GROUP BY lead_id
  ) t ON t.lead_id = l.id
  WHERE ${LEAD_WINDOW}`;

/**
 * A JSON value as a number: a JSON number, or a string holding a plain decimal (integrations and
 * spreadsheets often send numbers as text); NULL otherwise. `numericValue` in the core is the same rule.
 */
const jsonNumber = (value: string) =>
  `(CASE WHEN jsonb_typeof(${value}) = 'number' THEN (${value} #>> '{}')::float8 WHEN jsonb_typeof(${value}) = 'string' AND btrim(${value} #>> '{}') ~ '${NUMERIC_TEXT.source}' THEN btrim(${value} #>> '{}')::float8 END)`;

/** A lead attribute that can serve as a confounder: a built-in column or a free key. */
export const isLeadAttribute = (name: string) => ["industry", "seniority", "country", "title", "company_size"].includes(name) || FREE_ATTRIBUTE_NAME.test(name);

const text = (column: string) => `coalesce(nullif(btrim(b.${column}), ''), '(missing)')`;
/**
 * The bin of x: how many interior edges lie below it. `descending` holds the interior edges
 * negated, in ascending order, so width_bucket (a binary search) counts those ≥ x.
 */
const binSql = (descending: string, x: string) => `'bin:' || (cardinality(${descending}) - width_bucket(-(${x}), ${descending}))`;

/** A bin's interior edges (all but the outer two), negated and in ascending order: the form `binSql` searches. */
export function descendingInterior(edges: readonly number[] | null | undefined): number[] {
  return (edges ?? []).slice(1, -1).map((e) => -e).sort((a, b) => a - b);
}

/** SQL literal of a string (keys are validated too; this keeps a stray quote from ever ending one). */
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * A confounder's stratum column: source and channel mix come with the leads (BASE_SQL); a lead
 * attribute chosen as a confounder is computed from them, its value as WHO analyses it (bins for
 * numbers), under a column of its own.
 */
export interface Stratifier {
  name: string;
  column: string;
  /** SQL over a who_base row `b`, for attribute confounders. */
  expression?: string;
}

/** The stratifier of a lead attribute, or null when it cannot stratify (not analysed, or no bins). */
export function attributeStratifier(name: string, index: number, sizeEdges: number[] | null, freeKeys: FreeKeyPlan[]): Stratifier | null {
  const column = `s_attr${index}`;
  const bins = (edges: number[], x: string) => binSql(`ARRAY[${descendingInterior(edges).map(Number).join(", ")}]::float8[]`, x);
  if (["industry", "seniority", "country", "title"].includes(name)) return { name, column, expression: text(name) };
  if (name === "company_size") return sizeEdges ? { name, column, expression: `CASE WHEN b.company_size IS NULL THEN '(missing)' ELSE ${bins(sizeEdges, "b.company_size")} END` } : null;
  const plan = freeKeys.find((k) => k.attribute === name);
  if (!plan) return null;
  const value = `b.attributes -> ${literal(plan.key)}`;
  const expression = plan.edges
    ? `CASE WHEN ${jsonNumber(value)} IS NULL THEN '(missing)' ELSE ${bins(plan.edges, jsonNumber(value))} END`
    : `CASE WHEN jsonb_typeof(${value}) IS NULL OR jsonb_typeof(${value}) IN ('null', 'object', 'array') OR btrim(${value} #>> '{}') = '' THEN '(missing)' ELSE btrim(${value} #>> '{}') END`;
  return { name, column, expression };
}

/** A built-in attribute's value per lead, as compared (and as the lead score reads it). */
const BUILT_IN_VALUE: Record<(typeof BUILT_IN_ATTRIBUTES)[number], string> = {
  industry: text("industry"),
  seniority: text("seniority"),
  source: text("source"),
  country: text("country"),
  title: text("title"),
  company_size: `CASE WHEN b.company_size IS NULL THEN '(missing)' ELSE ${binSql("size_bins.descending", "b.company_size")} END`,
};

export function countsSql(stratifiers: Stratifier[], caps: WhoCaps, builtIns: ReadonlyArray<(typeof BUILT_IN_ATTRIBUTES)[number]> = BUILT_IN_ATTRIBUTES) {
  const confounders = stratifiers.map((s) => s.column);
  const nameOf = new Map(stratifiers.map((s) => [s.column, s.name]));
  const sets = [`(attribute, value)`, ...confounders.map((c) => `(attribute, value, ${c})`)].join(", ");
  const totalSets = [`()`, ...confounders.map((c) => `(${c})`)].join(", ");
  const confounderCase = confounders.length ? `CASE ${confounders.map((c) => `WHEN GROUPING(${c}) = 0 THEN ${literal(nameOf.get(c)!)}`).join(" ")} ELSE 'all' END` : `'all'`;
  const stratumCase = confounders.length ? `CASE ${confounders.map((c) => `WHEN GROUPING(${c}) = 0 THEN ${c}`).join(" ")} ELSE 'all' END` : `'all'`;
  const computed = stratifiers.filter((s) => s.expression).map((s) => `, ${s.expression} AS ${s.column}`).join("");
  const sums = TARGET_COLUMNS.map((t) => `sum(y_${t})::int AS ${t}`).join(", ");
  const cols = `units, ${TARGET_COLUMNS.join(", ")}`;
  const group = (set: string) => (confounders.length ? `GROUPING SETS (${set})` : set === `()` ? `()` : `attribute, value`);
  const strataColumns = confounders.map((c) => `, ${c}`).join("");
  // who_base: the leads with their flags and strata (BASE_SQL), a temporary table of the same transaction; based adds
  // the strata of attribute confounders.
  // NOT MATERIALIZED: it is read three times, and a copy of every lead would cost more than computing a few strata again.
  return `WITH based AS NOT MATERIALIZED (
  SELECT b.*${computed} FROM who_base b
), pairs AS (${
    builtIns.length
      ? `
  SELECT b.y_replied, b.y_booked, b.y_showed, b.y_converted${confounders.map((c) => `, b.${c}`).join("")}, d.attribute, d.value
  FROM based b CROSS JOIN (SELECT ARRAY(SELECT jsonb_array_elements_text($1::jsonb)::float8) AS descending) size_bins CROSS JOIN LATERAL (VALUES
    ${builtIns.map((a) => `('${a}', ${BUILT_IN_VALUE[a]})`).join(", ")}
  ) AS d(attribute, value)
  UNION ALL`
      : ""
  }
  SELECT b.y_replied, b.y_booked, b.y_showed, b.y_converted${confounders.map((c) => `, b.${c}`).join("")}, 'attributes.' || k.key, CASE
      WHEN jsonb_typeof(b.attributes -> k.key) IS NULL OR jsonb_typeof(b.attributes -> k.key) IN ('null', 'object', 'array') OR btrim(b.attributes ->> k.key) = '' THEN '(missing)'
      WHEN k.edges IS NULL OR jsonb_typeof(k.edges) <> 'array' THEN btrim(b.attributes ->> k.key)
      WHEN ${jsonNumber("b.attributes -> k.key")} IS NULL THEN '(missing)'
      ELSE ${binSql("k.descending", jsonNumber("b.attributes -> k.key"))} END
  FROM based b CROSS JOIN jsonb_to_recordset($2::jsonb) AS k(key text, edges jsonb, descending float8[])
), cells AS (
  -- One hash aggregate over the (lead, attribute) pairs by every confounder at once; the marginals below are sums of these cells.
  SELECT attribute, value${strataColumns}, count(*) AS units, ${TARGET_COLUMNS.map((t) => `sum(y_${t}) AS y_${t}`).join(", ")}
  FROM pairs GROUP BY attribute, value${strataColumns}
), agg AS (
  SELECT attribute, value, ${confounderCase} AS confounder, ${stratumCase} AS stratum, sum(units)::int AS units, ${sums}
  FROM cells GROUP BY ${group(sets)}
), totals AS (
  SELECT '*'::text AS attribute, '*'::text AS value, ${confounderCase} AS confounder, ${stratumCase} AS stratum, count(*)::int AS units, ${sums}
  FROM based GROUP BY ${group(totalSets)}
), value_rank AS (
  SELECT attribute, value, row_number() OVER (PARTITION BY attribute ORDER BY units DESC, value) AS rk FROM agg WHERE confounder = 'all'
), stratum_rank AS (
  SELECT confounder, stratum, row_number() OVER (PARTITION BY confounder ORDER BY units DESC, stratum) AS rk FROM totals WHERE confounder <> 'all'
), capped AS (
  SELECT a.attribute,
    CASE WHEN a.value = '(missing)' OR a.attribute IN (SELECT jsonb_array_elements_text($3::jsonb))
      OR vr.rk <= CASE WHEN a.attribute = 'title' THEN ${caps.titleValues} WHEN a.attribute LIKE 'attributes.%' THEN ${caps.freeValues} ELSE ${caps.values} END
      THEN a.value ELSE '(other)' END AS value,
    a.confounder, CASE WHEN a.confounder = 'all' OR sr.rk <= ${caps.strata} THEN a.stratum ELSE '(other)' END AS stratum, a.${cols.split(", ").join(", a.")}
  FROM agg a JOIN value_rank vr ON vr.attribute = a.attribute AND vr.value = a.value
  LEFT JOIN stratum_rank sr ON sr.confounder = a.confounder AND sr.stratum = a.stratum
  UNION ALL
  SELECT t.attribute, t.value, t.confounder, CASE WHEN t.confounder = 'all' OR sr.rk <= ${caps.strata} THEN t.stratum ELSE '(other)' END, t.${cols.split(", ").join(", t.")}
  FROM totals t LEFT JOIN stratum_rank sr ON sr.confounder = t.confounder AND sr.stratum = t.stratum
)
SELECT attribute, value, confounder, stratum, sum(units)::int AS units, ${TARGET_COLUMNS.map((t) => `sum(${t})::int AS ${t}`).join(", ")}
FROM capped GROUP BY attribute, value, confounder, stratum`;
}

export interface ProfileRow {
  key: string | null;
  leads: number;
  numeric_leads: number;
  distinct_values: number;
  quantiles: Array<number | null> | null;
  /** Every numeric value is a whole number (null when none is numeric). */
  integral: boolean | null;
}

export function profileSql(bins: number) {
  const probs = `ARRAY[${Array.from({ length: bins + 1 }, (_, i) => (i / bins).toFixed(6)).join(", ")}]::float8[]`;
  return `WITH l AS (SELECT l.company_size, l.attributes FROM leads l WHERE ${LEAD_WINDOW})
SELECT NULL::text AS key, count(*)::int AS leads, count(company_size)::int AS numeric_leads, count(DISTINCT company_size)::int AS distinct_values,
  percentile_cont(${probs}) WITHIN GROUP (ORDER BY company_size::float8) AS quantiles, true AS integral
FROM l
UNION ALL
SELECT * FROM (
  SELECT e.key, count(*)::int, count(${jsonNumber("e.value")})::int, count(DISTINCT e.value)::int,
    percentile_cont(${probs}) WITHIN GROUP (ORDER BY ${jsonNumber("e.value")}), bool_and(${jsonNumber("e.value")} = trunc(${jsonNumber("e.value")}))
  FROM l CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(l.attributes) = 'object' THEN l.attributes ELSE '{}'::jsonb END) AS e
  WHERE jsonb_typeof(e.value) IN ('string', 'number', 'boolean')
  GROUP BY e.key ORDER BY count(*) DESC, e.key LIMIT 200
) k`;
}
