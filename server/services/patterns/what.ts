/**
 * WHAT detector service: which content converts. Every query is scoped by tenant_id and leaves
 * out appointment reminders (touches.attributes.kind = 'reminder'); touches are those sent in
 * [from, to), outcomes those before `to`.
 *
 * A touch reached "replied" when it is marked replied or a reply outcome is credited to it; it
 * reached booked / showed / converted when its lead did so after the touch was sent (or the
 * outcome is credited to it). Queries:
 *   1. categorical features per touch (subject style, CTA, angle, pain point, prompt, body length,
 *      question count, personalization), counted per value, unstratified and per channel (and
 *      lead source when configured) with GROUPING SETS, value caps applied in SQL;
 *   2. the phrase stream: touches with content, newest first, in keyset pages (sent_at, id), up to
 *      `maxPhraseTouches`, tokenized in JS into the bounded PhraseCounter.
 */
import { detectWhatTargets, WHAT_CONFOUNDERS, type WhatPhraseSummary } from "../../core/patterns/what";
import { PhraseCounter, type PhraseOptions } from "../../core/patterns/what-phrases";
import { BODY_LENGTH_BUCKETS, LONG_SUBJECT_MIN_WORDS, SHORT_SUBJECT_MAX_WORDS } from "../../core/patterns/text";
import { setConfidence } from "../../core/patterns/who";
import { analyticalQuery } from "./who";
import { ALL_STRATA, type CountRow } from "../../core/patterns/who-categorical";
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
  pageSize?: number;
  phrase?: Partial<PhraseOptions>;
  /** Values kept per categorical dimension (default 20) and strata per confounder (default 12). */
  valueCap?: number;
  strataCap?: number;
}

const TARGETS = ["replied", "booked", "showed", "converted"] as const satisfies readonly PatternTarget[];
const TOUCH_WINDOW = `t.tenant_id = $1::uuid AND t.sent_at < $3::timestamptz AND ($2::timestamptz IS NULL OR t.sent_at >= $2::timestamptz)
    AND coalesce(t.attributes ->> 'kind', '') <> 'reminder'`;
const credited = (kind: string) => `coalesce(t.id = ANY(o.${kind}_touches), false)`;
const REPLIED = `((t.replied AND (t.replied_at IS NULL OR t.replied_at < $3::timestamptz)) OR ${credited("replied")})`;
const REACHED = (kind: string) => `(coalesce(o.${kind}_at >= t.sent_at, false) OR ${credited(kind)})`;
/** Per lead: when it first reached each target, and the touches outcomes were credited to. */
const OUTCOME_COLUMNS = TARGETS.map(
  (k) => `${k === "replied" ? "" : `min(occurred_at) FILTER (WHERE kind = '${k}') AS ${k}_at, `}array_agg(touch_id) FILTER (WHERE kind = '${k}' AND touch_id IS NOT NULL) AS ${k}_touches`,
).join(",\n    ");
/**
 * A touch's lead's outcomes, read through the (lead_id, kind) index per touch: robust to missing
 * planner statistics (PGlite has no autovacuum), where a join to a tenant-wide aggregate can be
 * planned as a nested loop that re-aggregates every outcome for every touch. The tenant check is
 * written `(…) IS TRUE` so it still filters but cannot steer the planner to the tenant index.
 */
const OUTCOMES_OF_LEAD = `SELECT ${OUTCOME_COLUMNS} FROM outcomes WHERE lead_id = t.lead_id AND (tenant_id = $1::uuid) IS TRUE AND occurred_at < $3::timestamptz`;
const FLAGS = `${REPLIED}::int AS y_replied, ${TARGETS.slice(1).map((k) => `${REACHED(k)}::int AS y_${k}`).join(", ")}`;
/**
 * Does the lowercased text mention the lowercased name found at `pos` (its first strpos)? The
 * first occurrence must stand as a whole word (no letter, digit or underscore on either side):
 * no per-row regular expression, the same rule as `mentionsName` in server/core/patterns/text.ts.
 */
const mentionAt = (hay: string, needle: string, pos: string) =>
  `(length(${needle}) >= 2 AND ${pos} > 0 AND (${pos} = 1 OR substr(${hay}, ${pos} - 1, 1) !~ '[[:alnum:]_]') AND substr(${hay}, ${pos} + length(${needle}), 1) !~ '[[:alnum:]_]')`;
const lengthBuckets = (chars: string) => {
  let lower = 1;
  const parts = BODY_LENGTH_BUCKETS.map((upper) => {
    const part = `WHEN ${chars} <= ${upper} THEN '${lower}-${upper}'`;
    lower = upper + 1;
    return part;
  });
  return `${parts.join(" ")} ELSE '${lower}+'`;
};

const SINGLE_DIMENSIONS = ["subject_style", "cta", "angle", "prompt_ref", "body_length", "question_count", "personalization"] as const;

function categoricalSql(confounders: string[], valueCap: number, strataCap: number) {
  const strata = (dims: string) => [`(${dims})`, ...confounders.map((c) => `(${dims}, s_${c})`)];
  const confounderCase = confounders.length ? `CASE ${confounders.map((c) => `WHEN GROUPING(s_${c}) = 0 THEN '${c}'`).join(" ")} ELSE 'all' END` : `'all'`;
  const stratumCase = confounders.length ? `CASE ${confounders.map((c) => `WHEN GROUPING(s_${c}) = 0 THEN s_${c}`).join(" ")} ELSE 'all' END` : `'all'`;
  const sums = TARGETS.map((k) => `sum(y_${k})::int AS ${k}`).join(", ");
  return `WITH base AS (
  SELECT t.channel::text AS s_channel, coalesce(nullif(btrim(l.source), ''), '(missing)') AS s_source, ${FLAGS},
    t.subject, t.body, t.cta, t.angle, t.pain_points, t.prompt_ref, t.attributes ->> 'subjectStyle' AS style_label, l.company,
    split_part(btrim(coalesce(l.name, '')), ' ', 1) AS first_name
  FROM touches t JOIN leads l ON l.id = t.lead_id AND l.tenant_id = $1::uuid
  LEFT JOIN LATERAL (${OUTCOMES_OF_LEAD}) o ON true
  WHERE ${TOUCH_WINDOW}
), f AS MATERIALIZED (
  -- Text measured once per touch (OFFSET 0 keeps each lateral from being inlined and re-evaluated); no text leaves this step.
  SELECT b.s_channel, b.s_source, ${TARGETS.map((k) => `b.y_${k}`).join(", ")}, b.pain_points, b.cta, b.angle, b.prompt_ref, b.style_label,
    regexp_count(coalesce(b.subject, ''), '\\S+') AS subj_words, coalesce(strpos(b.subject, '?') > 0, false) AS subj_question,
    coalesce(btrim(b.body), '') = '' AS no_body, length(b.body) AS body_chars, length(b.body) - length(replace(b.body, '?', '')) AS questions,
    coalesce(${mentionAt("x.subj", "x.company", "p.sc")} OR ${mentionAt("x.subj", "x.first", "p.sf")}, false) AS subj_mentions,
    coalesce(${mentionAt("x.body", "x.company", "p.bc")} OR ${mentionAt("x.body", "x.first", "p.bf")}, false) AS body_mentions
  FROM base b
  CROSS JOIN LATERAL (SELECT lower(b.subject) AS subj, lower(b.body) AS body, lower(btrim(coalesce(b.company, ''))) AS company, lower(btrim(b.first_name)) AS first OFFSET 0) x
  CROSS JOIN LATERAL (SELECT strpos(x.subj, x.company) AS sc, strpos(x.subj, x.first) AS sf, strpos(x.body, x.company) AS bc, strpos(x.body, x.first) AS bf OFFSET 0) p
), features AS (
  SELECT f.s_channel, f.s_source, ${TARGETS.map((k) => `f.y_${k}`).join(", ")}, f.pain_points,
    CASE WHEN nullif(btrim(f.style_label), '') IS NOT NULL THEN btrim(f.style_label) WHEN f.subj_words = 0 THEN NULL
      WHEN f.subj_mentions THEN 'personalized' WHEN f.subj_question THEN 'question'
      WHEN f.subj_words <= ${SHORT_SUBJECT_MAX_WORDS} THEN 'short' WHEN f.subj_words >= ${LONG_SUBJECT_MIN_WORDS} THEN 'long' ELSE 'medium' END AS subject_style,
    nullif(btrim(f.cta), '') AS cta, nullif(btrim(f.angle), '') AS angle, nullif(btrim(f.prompt_ref), '') AS prompt_ref,
    CASE WHEN f.no_body THEN NULL ${lengthBuckets("f.body_chars")} END AS body_length,
    CASE WHEN f.no_body THEN NULL WHEN f.questions = 0 THEN '0' WHEN f.questions = 1 THEN '1' ELSE '2+' END AS question_count,
    CASE WHEN f.no_body THEN NULL WHEN f.body_mentions THEN 'yes' ELSE 'no' END AS personalization
  FROM f
), single AS (
  -- One pass over the touches: every single-valued dimension, unstratified and per stratum.
  SELECT CASE ${SINGLE_DIMENSIONS.map((d) => `WHEN GROUPING(${d}) = 0 THEN '${d}'`).join(" ")} END AS attribute,
    CASE ${SINGLE_DIMENSIONS.map((d) => `WHEN GROUPING(${d}) = 0 THEN ${d}`).join(" ")} END AS value,
    ${confounderCase} AS confounder, ${stratumCase} AS stratum, count(*)::int AS units, ${sums}
  FROM features GROUP BY GROUPING SETS (${SINGLE_DIMENSIONS.flatMap((d) => strata(d)).join(", ")})
), pain AS (
  SELECT x.s_channel, x.s_source, ${TARGETS.map((k) => `x.y_${k}`).join(", ")}, p.value
  FROM features x CROSS JOIN LATERAL (SELECT DISTINCT nullif(btrim(v), '') AS value FROM unnest(x.pain_points) AS v) p WHERE p.value IS NOT NULL
), agg AS (
  SELECT * FROM single WHERE value IS NOT NULL
  UNION ALL
  SELECT 'pain_point', value, ${confounderCase}, ${stratumCase}, count(*)::int, ${sums} FROM pain GROUP BY GROUPING SETS (${strata("value").join(", ")})
  UNION ALL
  -- Population of the multi-valued pain point dimension: touches naming any pain point.
  SELECT '#pain_point', '*', ${confounderCase}, ${stratumCase}, count(*)::int, ${sums}
  FROM features WHERE EXISTS (SELECT 1 FROM unnest(pain_points) AS v WHERE btrim(v) <> '')
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
SELECT '*', '*', 'all', 'all', count(*)::int, ${TARGETS.map((k) => `sum(y_${k})::int`).join(", ")} FROM features`;
}

/** Σm²/Σm over leads with m touches each: the design effect of a feature constant within a lead on an outcome shared by the lead. */
const DESIGN_EFFECT_SQL = `SELECT coalesce(sum(m * m)::float8 / nullif(sum(m), 0), 1) AS deff
FROM (SELECT t.lead_id, count(*) AS m FROM touches t WHERE ${TOUCH_WINDOW} GROUP BY t.lead_id) per_lead`;

// The page is chosen on touches alone (index on tenant_id, sent_at; keyset condition), then joined to its lead's outcomes.
const PHRASE_PAGE_SQL = (pageSize: number) => `WITH page AS (
  SELECT t.id, t.lead_id, t.sent_at, t.channel, t.subject, t.body, t.replied, t.replied_at FROM touches t
  WHERE ${TOUCH_WINDOW} AND (t.subject IS NOT NULL OR t.body IS NOT NULL) AND t.sent_at <= $4::timestamptz AND (t.sent_at, t.id) < ($4::timestamptz, $5::uuid)
  ORDER BY t.sent_at DESC, t.id DESC LIMIT ${pageSize}
)
SELECT t.id, t.sent_at, t.channel::text AS channel, t.subject, t.body, ${FLAGS}
FROM page t
LEFT JOIN LATERAL (${OUTCOMES_OF_LEAD}) o ON true
ORDER BY t.sent_at DESC, t.id DESC`;

type CountSqlRow = { attribute: string; value: string; confounder: string; stratum: string; units: number } & Record<(typeof TARGETS)[number], number>;
type PhraseSqlRow = { id: string; sent_at: Date; channel: string; subject: string | null; body: string | null } & Record<`y_${(typeof TARGETS)[number]}`, number>;

/** WHAT patterns for a tenant; see the file comment. */
export async function detectWhat(db: PrismaClient, tenantId: string, options: DetectOptions, extra: WhatServiceOptions = {}): Promise<PatternSet<WhatDetails>> {
  const targets = options.targets.length > 0 ? options.targets : (["replied"] as PatternTarget[]);
  const from = options.from ?? null;
  const confounders = WHAT_CONFOUNDERS.filter((c) => c === "channel" || options.confounders.includes(c));
  const notes: string[] = ["Appointment reminders (attributes.kind = \"reminder\") are left out."];

  const raw = await analyticalQuery<CountSqlRow[]>(db, categoricalSql(confounders, extra.valueCap ?? 20, extra.strataCap ?? 12), tenantId, from, options.to);
  const toRow = (r: CountSqlRow, attribute = r.attribute): CountRow => ({
    attribute,
    value: r.value,
    ...(r.confounder !== ALL_STRATA ? { confounder: r.confounder } : {}),
    stratum: r.stratum,
    units: r.units,
    conversions: Object.fromEntries(TARGETS.map((k) => [k, r[k]])),
  });
  const [{ deff }] = await analyticalQuery<Array<{ deff: number }>>(db, DESIGN_EFFECT_SQL, tenantId, from, options.to);
  const designEffect = Object.fromEntries(targets.map((k) => [k, k === "replied" ? 1 : Math.max(1, deff)]));
  const total = raw.find((r) => r.attribute === "*");
  const rows = raw.filter((r) => r.attribute !== "*" && !r.attribute.startsWith("#")).map((r) => toRow(r));
  const populations = raw.filter((r) => r.attribute.startsWith("#")).map((r) => toRow(r, r.attribute.slice(1)));

  // Phrases: newest touches first, keyset pagination, tokenized in JS.
  const cap = extra.maxPhraseTouches ?? 300_000;
  const pageSize = extra.pageSize ?? 5_000;
  const counter = new PhraseCounter(targets);
  let scanned = 0;
  let cursor: { sentAt: Date; id: string } = { sentAt: options.to, id: "ffffffff-ffff-ffff-ffff-ffffffffffff" };
  let oldest: Date | null = null;
  while (scanned < cap) {
    const page = await analyticalQuery<PhraseSqlRow[]>(db, PHRASE_PAGE_SQL(Math.min(pageSize, cap - scanned)), tenantId, from, options.to, cursor.sentAt, cursor.id);
    for (const r of page) {
      counter.add({ subject: r.subject, body: r.body, stratum: r.channel, outcomes: Object.fromEntries(targets.map((k) => [k, r[`y_${k}`] === 1])) });
    }
    scanned += page.length;
    if (page.length === 0) break;
    const last = page[page.length - 1];
    cursor = { sentAt: new Date(last.sent_at), id: last.id };
    oldest = cursor.sentAt;
    if (page.length < Math.min(pageSize, cap - scanned + page.length)) break;
  }
  const truncated = scanned >= cap;
  notes.push(`Phrases from the ${counter.touches.toLocaleString("en-US")} newest touches with content${truncated ? ` (capped at ${cap.toLocaleString("en-US")}; older touches are not scanned for phrases)` : ""}.`);
  if (targets.some((t) => t !== "replied")) {
    notes.push(`Booking and later outcomes are shared by all touches of a lead: their tests count each touch as 1/${deff.toFixed(1)} of a unit (the design effect Σm²/Σm of leads with m touches), so a lead counts about once.`);
  }

  const { results, phrases } = detectWhatTargets(
    { counts: { rows, populations }, totals: { units: total?.units ?? 0, conversions: Object.fromEntries(TARGETS.map((k) => [k, total?.[k] ?? 0])) }, phrases: counter.snapshot() },
    { targets, alpha: options.alpha, minConversions: options.minConversions, confounders, phrase: extra.phrase, designEffect },
  );
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
