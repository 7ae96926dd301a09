/**
 * WHAT detector service: which content converts. Every query is scoped by tenant_id and leaves
 * out appointment reminders (touches.attributes.kind = 'reminder'); touches are those sent in
 * [from, to), outcomes those before `to`.
 *
 * A touch reached "replied" when it is marked replied or a reply outcome is credited to it; it
 * reached booked / showed / converted when its lead did so after the touch was sent (or the
 * outcome is credited to it). Each lead's outcomes are aggregated once per statement and
 * hash-joined to its touches (the statements run with nested loops off: missing planner
 * statistics, as on PGlite, cannot turn that join into a per-touch re-aggregation). Statements:
 *   1. categorical features per touch (subject style, CTA, angle, pain point, prompt, model, body length,
 *      question count, personalization; the text features measured when the touch was written,
 *      see touchContentFeatures in server/core/patterns/text.ts) counted in one hashed pass
 *      by every confounder stratum at once (channel, and lead source when configured); the
 *      unstratified and per-stratum counts are sums of those cells, value caps applied in SQL.
 *      The tenant's touch attribute keys (attributes.variant, …) are grouped in the same pass, one
 *      grouping set each; which keys is decided first from the newest 20,000 touches
 *      (chooseTouchAttributeKeys: labels, not ids);
 *   2. the design effect: touches per lead;
 *   3. the phrase stream: the newest `maxPhraseTouches` touches with content (a cutoff found by a
 *      scan of keys, then the touches from it on through a cursor, in pages), tokenized in JS into
 *      the bounded PhraseCounter, which tokenizes each distinct clause once.
 */
import { chooseTouchAttributeKeys, DEFAULT_TOUCH_ATTRIBUTE_KEY_OPTIONS, detectWhatTargets, WHAT_CONFOUNDERS, type WhatPhraseSummary } from "../../core/patterns/what";
import { PhraseCounter, type PhraseOptions } from "../../core/patterns/what-phrases";
import { setConfidence } from "../../core/patterns/who";
import { ANALYTICAL_TRANSACTION, analyticalStatement, prepareAnalytical } from "./sql";
import { ALL_STRATA, type CountRow } from "../../core/patterns/who-categorical";
import { primaryFirst, withoutUnrecordedTargets } from "../../core/patterns/primary";
import { PATTERN_SCHEMA_VERSION, type DetectOptions, type PatternSet, type PatternTarget } from "../../core/patterns/types";
import type { PrismaClient } from "../../db";

export interface WhatDetails {
  dimensions: Array<{ dimension: string; values: number }>;
  /** Confounders stratified by: always the touch's channel, plus lead source when configured. */
  confounders: string[];
  phrases: WhatPhraseSummary[];
  phraseScan: { touches: number; cap: number; truncated: boolean; oldestSentAt: string | null };
}

export interface WhatServiceOptions {
  /** Newest touches with content scanned for phrases (default 300,000). */
  maxPhraseTouches?: number;
  /** Touches fetched from the phrase cursor at a time (default 10,000). */
  pageSize?: number;
  phrase?: Partial<PhraseOptions>;
  /** Values kept per categorical dimension (default 20) and strata per confounder (default 12). */
  valueCap?: number;
  strataCap?: number;
}

const TARGETS = ["replied", "booked", "showed", "converted"] as const satisfies readonly PatternTarget[];
const TOUCH_WINDOW = `t.tenant_id = $1::uuid AND t.sent_at < $3::timestamptz AND ($2::timestamptz IS NULL OR t.sent_at >= $2::timestamptz)
    AND t.kind IS DISTINCT FROM 'reminder'`;
const credited = (kind: string) => `coalesce(t.id = ANY(o.${kind}_touches), false)`;
const REPLIED = `((t.replied AND (t.replied_at IS NULL OR t.replied_at < $3::timestamptz)) OR ${credited("replied")})`;
const REACHED = (kind: string) => `(coalesce(o.${kind}_at >= t.sent_at, false) OR ${credited(kind)})`;
/** Per lead: when it first reached each target, and the touches outcomes were credited to. */
const OUTCOME_COLUMNS = TARGETS.map(
  (k) => `${k === "replied" ? "" : `min(occurred_at) FILTER (WHERE kind = '${k}') AS ${k}_at, `}array_agg(touch_id) FILTER (WHERE kind = '${k}' AND touch_id IS NOT NULL) AS ${k}_touches`,
).join(",\n    ");
const FLAGS = `${REPLIED}::int AS y_replied, ${TARGETS.slice(1).map((k) => `${REACHED(k)}::int AS y_${k}`).join(", ")}`;
/** `model`: the language model that wrote the touch (touches.model), so a cheaper or weaker writer shows as a content effect. */
const SINGLE_DIMENSIONS = ["subject_style", "cta", "angle", "prompt_ref", "model", "body_length", "question_count", "personalization"] as const;

/** Per confounder: the stored value the touches are grouped on, and its stratum label, computed on the grouped cells. */
const STRATA: Record<string, { stored: string; label: (stored: string) => string }> = {
  channel: { stored: "t.channel", label: (stored) => `${stored}::text` },
  source: { stored: "l.source", label: (stored) => `coalesce(nullif(btrim(${stored}), ''), '(missing)')` },
};
/** Free-text dimensions: trimmed, and empty as absent, on the grouped cells. */
const TRIMMED_DIMENSIONS = new Set<string>(["cta", "angle", "prompt_ref", "model"]);

/**
 * The categorical statement; parameters $1 tenant, $2 from | null, $3 to, and with `freeKeys` > 0,
 * $4 the touch attribute keys compared (a JSON array: keys are tenant data, never SQL text).
 */
function categoricalSql(confounders: string[], valueCap: number, strataCap: number, freeKeys = 0) {
  const free = Array.from({ length: freeKeys }, (_, i) => i);
  const freeColumns = free.map((i) => `, free_${i}`).join("");
  const strata = (dims: string) => [`(${dims})`, ...confounders.map((c) => `(${dims}, s_${c})`)];
  const confounderCase = confounders.length ? `CASE ${confounders.map((c) => `WHEN GROUPING(s_${c}) = 0 THEN '${c}'`).join(" ")} ELSE 'all' END` : `'all'`;
  const stratumCase = confounders.length ? `CASE ${confounders.map((c) => `WHEN GROUPING(s_${c}) = 0 THEN s_${c}`).join(" ")} ELSE 'all' END` : `'all'`;
  const sums = (prefix: string) => TARGETS.map((k) => `sum(${prefix}${k})::int AS ${k}`).join(", ");
  const strataColumns = confounders.map((c) => `s_${c}`).join(", ");
  const unknown = confounders.filter((c) => !(c in STRATA));
  if (confounders.length === 0 || unknown.length > 0) throw new Error(`unsupported WHAT confounders: ${confounders.join(", ") || "none"} (WHAT stratifies by channel, and by source when asked)`);
  const stored = confounders.map((c) => `, stored_${c}`).join("");
  const labels = (cell: string) => confounders.map((c) => `, ${STRATA[c].label(`${cell}.stored_${c}`)} AS s_${c}`).join("");
  const dimension = (d: string) => (TRIMMED_DIMENSIONS.has(d) ? `nullif(btrim(c.${d}), '')` : `c.${d}`);
  // The touches are grouped on their stored values (the channel enum, the lead's source and the free-text features as
  // written); the labels (text, trimmed, empty as missing) are computed on the few cells, and the sums below merge cells
  // whose labels agree. Per touch those text functions cost more than the grouping.
  // The touches with their flags are a subquery of their own (OFFSET 0 keeps the planner from inlining it into the grouping sets).
  return `WITH features AS (
  -- The content features were measured when each touch was written (touchContentFeatures): no message text is read here.
  SELECT ${FLAGS}${confounders.map((c) => `, ${STRATA[c].stored} AS stored_${c}`).join("")}, t.pain_points${free.map((i) => `, t.attributes->>($4::jsonb->>${i}) AS free_${i}`).join("")},
    t.subject_style, t.cta, t.angle, t.prompt_ref, t.model, t.body_length, t.question_count, t.personalization
  FROM touches t
  JOIN leads l ON l.id = t.lead_id
  -- Each lead's outcomes, aggregated once and hash-joined (never a per-touch lookup).
  LEFT JOIN (SELECT lead_id, ${OUTCOME_COLUMNS} FROM outcomes WHERE tenant_id = $1::uuid AND occurred_at < $3::timestamptz GROUP BY lead_id) o ON o.lead_id = t.lead_id
  WHERE ${TOUCH_WINDOW} AND l.tenant_id = $1::uuid
  OFFSET 0
), cells AS (
  -- One hashed pass over the touches: the combinations of all single-valued dimensions, the pain point lists, and each
  -- touch attribute key on its own, by the confounders' stored values.
  SELECT GROUPING(pain_points) = 0 AS is_list${free.map((i) => `, GROUPING(free_${i}) = 0 AS is_free_${i}`).join("")},
    ${SINGLE_DIMENSIONS.join(", ")}, pain_points${freeColumns}${stored}, count(*) AS units, ${TARGETS.map((k) => `sum(y_${k}) AS ${k}`).join(", ")}
  FROM features GROUP BY GROUPING SETS ((${SINGLE_DIMENSIONS.join(", ")}${stored}), (pain_points${stored})${free.map((i) => `, (free_${i}${stored})`).join("")})
), combinations AS (
  SELECT * FROM cells c WHERE NOT c.is_list${free.map((i) => ` AND NOT c.is_free_${i}`).join("")}
), single AS (
  SELECT d.attribute, d.value${labels("c")}, c.units, ${TARGETS.map((k) => `c.${k}`).join(", ")}
  FROM combinations c CROSS JOIN LATERAL (VALUES ${SINGLE_DIMENSIONS.map((d) => `('${d}', ${dimension(d)})`).join(", ")}) AS d(attribute, value)
  WHERE d.value IS NOT NULL${free
    .map(
      (i) => `
  UNION ALL
  -- Touch attribute key ${i}: its values (trimmed, empty as absent) partition the touches that carry it.
  SELECT 'attributes.' || ($4::jsonb->>${i}), nullif(btrim(c.free_${i}), '')${labels("c")}, c.units, ${TARGETS.map((k) => `c.${k}`).join(", ")}
  FROM cells c WHERE c.is_free_${i} AND nullif(btrim(c.free_${i}), '') IS NOT NULL`,
    )
    .join("")}
), lists AS (
  SELECT c.pain_points${labels("c")}, c.units, ${TARGETS.map((k) => `c.${k}`).join(", ")} FROM cells c WHERE c.is_list
), pain AS (
  -- Each pain point named in a list counts the list's touches once.
  SELECT p.value, ${strataColumns}, c.units, ${TARGETS.map((k) => `c.${k}`).join(", ")}
  FROM lists c CROSS JOIN LATERAL (SELECT DISTINCT nullif(btrim(v), '') AS value FROM unnest(c.pain_points) AS v) p
  WHERE p.value IS NOT NULL
), agg AS (
  -- Unstratified and per-stratum counts, summed from the cells.
  SELECT attribute, value, ${confounderCase} AS confounder, ${stratumCase} AS stratum, sum(units)::int AS units, ${sums("")}
  FROM single GROUP BY GROUPING SETS (${strata("attribute, value").join(", ")})
  UNION ALL
  SELECT 'pain_point', value, ${confounderCase}, ${stratumCase}, sum(units)::int, ${sums("")} FROM pain GROUP BY GROUPING SETS (${strata("value").join(", ")})
  UNION ALL
  -- Population of the multi-valued pain point dimension: touches naming any pain point.
  SELECT '#pain_point', '*', ${confounderCase}, ${stratumCase}, sum(units)::int, ${sums("")}
  FROM lists c WHERE EXISTS (SELECT 1 FROM unnest(c.pain_points) AS v WHERE btrim(v) <> '')
  GROUP BY GROUPING SETS (()${confounders.map((c) => `, (s_${c})`).join("")})
), value_rank AS (
  SELECT attribute, value, row_number() OVER (PARTITION BY attribute ORDER BY units DESC, value) AS rk FROM agg WHERE confounder = 'all'
), stratum_rank AS (
  SELECT confounder, stratum, row_number() OVER (PARTITION BY confounder ORDER BY sum(units) DESC, stratum) AS rk
  FROM agg WHERE confounder <> 'all' AND attribute NOT LIKE '#%' GROUP BY confounder, stratum
), capped AS (
  SELECT a.attribute, CASE WHEN vr.rk <= ${valueCap} OR a.attribute LIKE '#%' THEN a.value ELSE '(other)' END AS value, a.confounder,
    CASE WHEN a.confounder = 'all' OR sr.rk <= ${strataCap} THEN a.stratum ELSE '(other)' END AS stratum, a.units, ${TARGETS.map((k) => `a.${k}`).join(", ")}
  FROM agg a JOIN value_rank vr ON vr.attribute = a.attribute AND vr.value = a.value
  LEFT JOIN stratum_rank sr ON sr.confounder = a.confounder AND sr.stratum = a.stratum
)
SELECT attribute, value, confounder, stratum, sum(units)::int AS units, ${TARGETS.map((k) => `sum(${k})::int AS ${k}`).join(", ")}
FROM capped GROUP BY attribute, value, confounder, stratum
UNION ALL
SELECT '*', '*', 'all', 'all', coalesce(sum(units), 0)::int, ${TARGETS.map((k) => `sum(${k})::int`).join(", ")} FROM combinations
-- In a fixed order: the core sums strata in the order it reads them, and the same counts must give the same floats
-- whatever order the hash tables happened to hold them in.
ORDER BY attribute, value, confounder, stratum`;
}

/** Σm²/Σm over leads with m touches each: the design effect of a feature constant within a lead on an outcome shared by the lead. */
const DESIGN_EFFECT_SQL = `SELECT coalesce(sum(m * m)::float8 / nullif(sum(m), 0), 1) AS deff
FROM (SELECT t.lead_id, count(*) AS m FROM touches t WHERE ${TOUCH_WINDOW} GROUP BY t.lead_id) per_lead`;

/** Touches sampled (the newest in the window) to choose the touch attribute keys compared. */
const KEY_SAMPLE = 20_000;
/**
 * Each scalar touch attribute key in the newest $4 touches of the window: how many touches carry it
 * and its distinct values (enough to tell a variant label from an id), and the touches sampled.
 */
const TOUCH_ATTRIBUTE_KEYS_SQL = `WITH sample AS MATERIALIZED (
  SELECT t.attributes FROM touches t WHERE ${TOUCH_WINDOW} ORDER BY t.sent_at DESC, t.id DESC LIMIT $4::int
)
SELECT e.key, count(*)::int AS touches, count(DISTINCT btrim(e.value #>> '{}'))::int AS distinct_values, (SELECT count(*) FROM sample)::int AS sampled
FROM sample s CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(s.attributes) = 'object' THEN s.attributes ELSE '{}'::jsonb END) e
WHERE jsonb_typeof(e.value) IN ('string', 'number', 'boolean') AND btrim(e.value #>> '{}') <> ''
GROUP BY e.key`;

async function touchAttributeKeys(db: PrismaClient, params: [tenantId: string, from: Date | null, to: Date]) {
  const rows = await analyticalStatement<Array<{ key: string; touches: number; distinct_values: number; sampled: number }>>(db, {}, TOUCH_ATTRIBUTE_KEYS_SQL, ...params, KEY_SAMPLE);
  const sampled = rows[0]?.sampled ?? 0;
  return chooseTouchAttributeKeys(rows.map((r) => ({ key: r.key, touches: r.touches, distinctValues: r.distinct_values })), sampled);
}

const HAS_CONTENT = `(t.subject IS NOT NULL OR t.body IS NOT NULL)`;
/**
 * The oldest of the `$4` newest touches with content (newest: sent_at, then id, descending) and
 * how many there are: the newest are those from it on. A scan and a bounded sort of keys only.
 */
const PHRASE_CUTOFF_SQL = `WITH newest AS MATERIALIZED (
  SELECT t.sent_at, t.id FROM touches t WHERE ${TOUCH_WINDOW} AND ${HAS_CONTENT} ORDER BY t.sent_at DESC, t.id DESC LIMIT $4::int
)
SELECT n.sent_at, n.id, (SELECT count(*) FROM newest)::int AS touches FROM newest n ORDER BY n.sent_at, n.id LIMIT 1`;
/** The touches with content from the cutoff ($4, $5) on, in table order: channel, text and the outcome flags as bits (target k: 2^k). */
const PHRASE_STREAM_SQL = `SELECT t.channel::text AS channel, t.subject, t.body, ${TARGETS.map((k, i) => `${i === 0 ? REPLIED : REACHED(k)}::int * ${2 ** i}`).join(" + ")} AS y
FROM touches t
-- Each lead's outcomes, aggregated once and hash-joined.
LEFT JOIN (SELECT lead_id, ${OUTCOME_COLUMNS} FROM outcomes WHERE tenant_id = $1::uuid AND occurred_at < $3::timestamptz GROUP BY lead_id) o ON o.lead_id = t.lead_id
WHERE ${TOUCH_WINDOW} AND ${HAS_CONTENT} AND (t.sent_at, t.id) >= ($4::timestamptz, $5::uuid)`;

type CountSqlRow = { attribute: string; value: string; confounder: string; stratum: string; units: number } & Record<(typeof TARGETS)[number], number>;
type PhraseSqlRow = { channel: string; subject: string | null; body: string | null; y: number };

/**
 * Streams the newest `cap` touches with content (the same set as reading them newest first) to
 * `visit`, `pageSize` rows at a time through a cursor, in one transaction: two scans of the
 * tenant's touches instead of an index walk that fetches every touch from a random heap page.
 */
async function streamPhraseTouches(
  db: PrismaClient,
  params: [tenantId: string, from: Date | null, to: Date],
  cap: number,
  pageSize: number,
  visit: (row: PhraseSqlRow) => void,
): Promise<{ scanned: number; oldest: Date | null }> {
  if (cap < 1) return { scanned: 0, oldest: null };
  return db.$transaction(
    async (tx) => {
      await prepareAnalytical(tx, { setBased: true, noIndexScan: true });
      const [cutoff] = await tx.$queryRawUnsafe<Array<{ sent_at: Date; id: string; touches: number }>>(PHRASE_CUTOFF_SQL, ...params, Math.floor(cap));
      if (!cutoff) return { scanned: 0, oldest: null };
      await tx.$executeRawUnsafe(`DECLARE what_phrases NO SCROLL CURSOR FOR ${PHRASE_STREAM_SQL}`, ...params, cutoff.sent_at, cutoff.id);
      let scanned = 0;
      for (;;) {
        const page = await tx.$queryRawUnsafe<PhraseSqlRow[]>(`FETCH FORWARD ${Math.max(1, Math.floor(pageSize))} FROM what_phrases`);
        for (const row of page) visit(row);
        scanned += page.length;
        if (page.length === 0) break;
      }
      await tx.$executeRawUnsafe(`CLOSE what_phrases`);
      if (scanned !== cutoff.touches) throw new Error(`phrase scan read ${scanned} touches, expected ${cutoff.touches}`);
      return { scanned, oldest: new Date(cutoff.sent_at) };
    },
    ANALYTICAL_TRANSACTION,
  );
}

/** WHAT patterns for a tenant; see the file comment. */
export async function detectWhat(db: PrismaClient, tenantId: string, options: DetectOptions, extra: WhatServiceOptions = {}): Promise<PatternSet<WhatDetails>> {
  const targets = options.targets.length > 0 ? options.targets : (["replied"] as PatternTarget[]);
  const from = options.from ?? null;
  const confounders = WHAT_CONFOUNDERS.filter((c) => c === "channel" || options.confounders.includes(c));
  const notes: string[] = ["Appointment reminders (attributes.kind = \"reminder\") are left out."];

  // The three statements are independent: run at once (see server/services/patterns/sql.ts).
  // Phrases: the newest touches with content, streamed and tokenized in JS.
  const cap = extra.maxPhraseTouches ?? 300_000;
  const counter = new PhraseCounter(targets);
  const bit = (k: PatternTarget) => 1 << TARGETS.indexOf(k as (typeof TARGETS)[number]);
  const categorical = async () => {
    const chosen = await touchAttributeKeys(db, [tenantId, from, options.to]);
    const sql = categoricalSql(confounders, extra.valueCap ?? 20, extra.strataCap ?? 12, chosen.keys.length);
    const keys = chosen.keys.length ? [JSON.stringify(chosen.keys)] : [];
    return { chosen, raw: await analyticalStatement<CountSqlRow[]>(db, { setBased: true }, sql, tenantId, from, options.to, ...keys) };
  };
  const [{ chosen, raw }, [{ deff }], { scanned, oldest }] = await Promise.all([
    categorical(),
    analyticalStatement<Array<{ deff: number }>>(db, {}, DESIGN_EFFECT_SQL, tenantId, from, options.to),
    streamPhraseTouches(db, [tenantId, from, options.to], cap, extra.pageSize ?? 10_000, (r) =>
      counter.add({ subject: r.subject, body: r.body, stratum: r.channel, outcomes: Object.fromEntries(targets.map((k) => [k, (r.y & bit(k)) !== 0])) }),
    ),
  ]);
  const toRow = (r: CountSqlRow, attribute = r.attribute): CountRow => ({
    attribute,
    value: r.value,
    ...(r.confounder !== ALL_STRATA ? { confounder: r.confounder } : {}),
    stratum: r.stratum,
    units: r.units,
    conversions: Object.fromEntries(TARGETS.map((k) => [k, r[k]])),
  });
  const designEffect = Object.fromEntries(targets.map((k) => [k, k === "replied" ? 1 : Math.max(1, deff)]));
  const total = raw.find((r) => r.attribute === "*");
  const rows = raw.filter((r) => r.attribute !== "*" && !r.attribute.startsWith("#")).map((r) => toRow(r));
  const populations = raw.filter((r) => r.attribute.startsWith("#")).map((r) => toRow(r, r.attribute.slice(1)));
  const truncated = scanned >= cap;
  if (chosen.keys.length) notes.push(`Touch attributes compared: ${chosen.keys.join(", ")}.`);
  const skipped = (reason: string) => chosen.skipped.filter((k) => k.reason === reason).map((k) => k.key).join(", ");
  if (skipped("id-like"))
    notes.push(`Touch attributes not compared: ${skipped("id-like")} (more than ${DEFAULT_TOUCH_ATTRIBUTE_KEY_OPTIONS.maxDistinctValues} distinct values in the newest ${KEY_SAMPLE.toLocaleString("en-US")} touches: ids or free text, not labels).`);
  if (skipped("over the cap")) notes.push(`Touch attributes not compared: ${skipped("over the cap")} (beyond the ${DEFAULT_TOUCH_ATTRIBUTE_KEY_OPTIONS.maxKeys} most common keys).`);
  notes.push(`Phrases from the ${counter.touches.toLocaleString("en-US")} newest touches with content${truncated ? ` (capped at ${cap.toLocaleString("en-US")}; older touches are not scanned for phrases)` : ""}.`);
  if (targets.some((t) => t !== "replied")) {
    notes.push(`Booking and later outcomes are shared by all touches of a lead: their tests count each touch as 1/${deff.toFixed(1)} of a unit (the design effect Σm²/Σm of leads with m touches), so a lead counts about once.`);
  }

  const detected = detectWhatTargets(
    { counts: { rows, populations }, totals: { units: total?.units ?? 0, conversions: Object.fromEntries(TARGETS.map((k) => [k, total?.[k] ?? 0])) }, phrases: counter.snapshot() },
    {
      targets: primaryFirst(targets, (t) => Number(total?.[t as (typeof TARGETS)[number]] ?? 0), options.minConversions),
      alpha: options.alpha,
      minConversions: options.minConversions,
      confounders,
      phrase: extra.phrase,
      designEffect,
    },
  );
  const { kept: results, dropped } = withoutUnrecordedTargets(detected.results);
  const phrases = detected.phrases.filter((p) => results.some((r) => r.target === p.target));
  if (dropped.length) notes.push(`No touch reached ${dropped.map((t) => `"${t}"`).join(", ")} in this window: not analysed.`);
  if (options.confounders.includes("source") === false) notes.push("Stratified by channel only (add \"source\" to the confounders to also stratify by lead source).");
  const primary = results[0];
  const confidence = setConfidence(primary);
  if (confidence.outcomesNeeded > 0) notes.push(`Only ${primary?.conversions ?? 0} touches reached "${primary?.target}": ${confidence.outcomesNeeded} more needed before these patterns are trusted.`);
  const dimensions = [...new Set(rows.map((r) => r.attribute))].sort().map((dimension) => ({
    dimension,
    values: new Set(rows.filter((r) => r.attribute === dimension && !r.confounder).map((r) => r.value)).size,
  }));
  return {
    type: "what",
    schemaVersion: PATTERN_SCHEMA_VERSION,
    computedAt: new Date().toISOString(),
    window: { from: from ? from.toISOString() : null, to: options.to.toISOString() },
    sampleSize: primary?.conversions ?? 0,
    confidence: confidence.confidence,
    results,
    details: { dimensions, confounders: [...confounders], phrases, phraseScan: { touches: scanned, cap, truncated, oldestSentAt: oldest ? oldest.toISOString() : null } },
    notes,
  };
}
