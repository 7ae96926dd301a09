/**
 * WHO detector service: set-based SQL aggregation of leads by attribute (one scan of each table
 * per query), then the pure core (server/core/patterns/who.ts) and the lead-score fit
 * (server/core/patterns/lead-score.ts). Every query is scoped by tenant_id.
 *
 * A lead reached a target when it has an outcome of that kind before `to` (replied also counts a
 * replied outreach touch). Leads are those created in [from, to). Queries:
 *   1. profile: company-size quantiles and the free attribute keys (coverage, numeric share, quantiles);
 *   2. in one transaction, the leads with their flags and strata (each lead's outcomes and touches
 *      aggregated once, hash-joined) into a temporary table, then from it (lead attributes named as
 *      confounders are stratified by values computed from that table)
 *      a. counts: leads and conversions per attribute × value, unstratified and per confounder
 *         stratum (summed from one hash aggregate by every stratum), with the value and stratum
 *         caps applied in SQL;
 *      b. lead-score rows: the newest `maxLeads` leads with their attributes and primary-target label.
 */
import { BUILT_IN_ATTRIBUTES, controlReferences, edgesFromQuantiles, isIdentifierKey, planFreeKeys, detectWhoTargets, setConfidence, DEFAULT_WHO_CAPS, WHO_CONFOUNDERS, type FreeKeyPlan, type WhoCaps } from "../../core/patterns/who";
import { primaryFirst, withoutUnrecordedTargets } from "../../core/patterns/primary";
import { fitLeadScoreSlices, type LeadScoreModel, type LeadScoreRow } from "../../core/patterns/lead-score";
import { ALL_STRATA, type CountRow } from "../../core/patterns/who-categorical";
import { binTrends, type BinTrend } from "../../core/patterns/who-trend";
import { PATTERN_SCHEMA_VERSION, type DetectOptions, type PatternSet, type PatternTarget } from "../../core/patterns/types";
import type { PrismaClient } from "../../db";
import { ANALYTICAL_TRANSACTION, analyticalStatement, prepareAnalytical } from "./sql";
import { attributeStratifier, BASE_SQL, countsSql, descendingInterior, isLeadAttribute, profileSql, TARGET_COLUMNS, type ProfileRow, type Stratifier } from "./who-sql";

export interface WhoDetails {
  /** `integral`: a binned attribute whose values are all whole numbers (its bins are labelled as ranges of them). */
  attributes: Array<{ attribute: string; kind: "categorical" | "binned"; values: number; edges?: number[]; integral?: boolean }>;
  /** Confounders stratified by (others requested but unknown to WHO are listed in notes). */
  confounders: string[];
  caps: WhoCaps;
  /** Learned lead-score weights for the primary target, null when they could not be fitted. */
  leadScore: LeadScoreModel | null;
  /** Per target, whether conversion rises or falls across each binned attribute's bins (absent in sets stored before trends). */
  trends?: BinTrend[];
  /** Attributes whose values were compared with a control value rather than the rest (absent in older sets). */
  references?: Record<string, string>;
}

export interface WhoServiceOptions {
  caps?: Partial<WhoCaps>;
  /** false skips the lead score. */
  leadScore?: false | { maxLeads?: number; bootstrapReplicates?: number; C?: number; topK?: number; previous?: LeadScoreModel | null };
}

/** Runs one analytical statement (server/services/patterns/sql.ts): JIT off, in-memory hashing, no memoized text. */
export function analyticalQuery<T>(db: PrismaClient, sql: string, ...params: unknown[]): Promise<T> {
  return analyticalStatement<T>(db, {}, sql, ...params);
}

interface LeadRow {
  created_at: Date;
  industry: string | null;
  seniority: string | null;
  source: string | null;
  country: string | null;
  title: string | null;
  company_size: number | null;
  attributes: unknown;
  y: number;
}

/**
 * Steps through a core computation's slices (runSlices in server/core/patterns/who-logistic.ts),
 * letting the thread's other work run between them: the learning run's other detections read
 * their rows and cursors on this thread, and their statements would otherwise wait for the fit.
 */
async function betweenOtherWork<T>(slices: Generator<void, T, void>): Promise<T> {
  for (;;) {
    const step = slices.next();
    if (step.done) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The current WHO lead-score model, if one is stored (the previous weights for stability). */
async function storedLeadScore(db: PrismaClient, tenantId: string): Promise<LeadScoreModel | null> {
  try {
    const rows = await db.$queryRawUnsafe<Array<{ model: LeadScoreModel | null }>>(
      `SELECT patterns -> 'details' -> 'leadScore' AS model FROM conversion_patterns WHERE tenant_id = $1::uuid AND type = 'who'`,
      tenantId,
    );
    const model = rows[0]?.model;
    return model && Array.isArray(model.features) && Array.isArray(model.coefficients) ? model : null;
  } catch {
    return null;
  }
}

/** WHO patterns for a tenant; see the file comment. */
export async function detectWho(db: PrismaClient, tenantId: string, options: DetectOptions, extra: WhoServiceOptions = {}): Promise<PatternSet<WhoDetails>> {
  const caps: WhoCaps = { ...DEFAULT_WHO_CAPS, ...extra.caps };
  let targets = options.targets.length > 0 ? options.targets : (["booked"] as PatternTarget[]);
  const from = options.from ?? null;
  const known = WHO_CONFOUNDERS.filter((c) => options.confounders.includes(c));
  const requestedAttributes = options.confounders.filter((c) => isLeadAttribute(c) && !(WHO_CONFOUNDERS as readonly string[]).includes(c));
  const unknown = options.confounders.filter((c) => !(WHO_CONFOUNDERS as readonly string[]).includes(c) && !isLeadAttribute(c));
  const notes: string[] = [];

  const profile = await analyticalQuery<ProfileRow[]>(db, profileSql(caps.bins), tenantId, from, options.to);
  const totalLeads = profile.find((p) => p.key === null)?.leads ?? 0;
  const sizeEdges = edgesFromQuantiles(profile.find((p) => p.key === null)?.quantiles ?? null);
  const excluded = new Set(options.excludedAttributes ?? []);
  const builtIns = BUILT_IN_ATTRIBUTES.filter((a) => !excluded.has(a));
  const freeKeys: FreeKeyPlan[] = planFreeKeys(
    profile.filter((p) => p.key !== null && !excluded.has(`attributes.${p.key}`)).map((p) => ({ key: p.key!, leads: p.leads, numericLeads: p.numeric_leads, distinctValues: p.distinct_values, quantiles: p.quantiles?.map((q) => q ?? NaN) ?? null, integral: p.integral })),
    totalLeads,
    caps,
  );
  const bins: Record<string, number[]> = {};
  if (sizeEdges) bins.company_size = sizeEdges;
  for (const k of freeKeys) if (k.edges) bins[k.attribute] = k.edges;
  // Binned attributes whose values are all whole numbers: their bins read as ranges of them ("3–4", not "(2, 4]").
  const integral = Object.keys(bins).filter((attribute) => profile.find((p) => (attribute === "company_size" ? p.key === null : `attributes.${p.key}` === attribute))?.integral === true);

  const stratifiers: Stratifier[] = known.map((c) => ({ name: c, column: `s_${c}` }));
  const unusable: string[] = [];
  requestedAttributes.forEach((name, i) => {
    const stratifier = attributeStratifier(name, i, sizeEdges, freeKeys);
    if (stratifier) stratifiers.push(stratifier);
    else unusable.push(name);
  });
  const confounders = stratifiers.map((st) => st.name);

  const wantScore = extra.leadScore !== false;
  const settings = extra.leadScore || {};
  const maxLeads = settings.maxLeads ?? 200_000;
  let primary = targets[0]!;
  // Read before the transaction below, which must not wait on another connection (PGlite has one).
  const previous = wantScore && settings.previous === undefined ? await storedLeadScore(db, tenantId) : (settings.previous ?? null);
  const fitScore = async (leads: LeadRow[]) => {
    const scoreRows: LeadScoreRow[] = leads.map((l) => ({
      createdAt: new Date(l.created_at).getTime(),
      y: l.y === 1 ? 1 : 0,
      lead: { industry: l.industry, seniority: l.seniority, source: l.source, country: l.country, title: l.title, companySize: l.company_size, attributes: l.attributes },
    }));
    const positives = scoreRows.reduce((s, r) => s + r.y, 0);
    const model =
      positives >= 2 && positives < scoreRows.length
        ? await betweenOtherWork(
            fitLeadScoreSlices(scoreRows, {
              target: primary,
              attributes: [
                ...builtIns.map((attribute) => (attribute === "company_size" ? { attribute, edges: sizeEdges } : { attribute })),
                ...freeKeys.map((k) => ({ attribute: k.attribute, edges: k.edges })),
              ],
              // As many levels as the counts keep per free attribute: a twelve-month column keeps March and December apart.
              topK: settings.topK ?? caps.freeValues,
              C: settings.C,
              bootstrapReplicates: settings.bootstrapReplicates,
              previous,
            }),
          )
        : null;
    return { model, positives, leads: leads.length };
  };

  // Counts and the lead-score rows read the same leads: one transaction, the leads' flags and strata computed once into a
  // temporary table. The counts aggregate runs in the database while the lead score is fitted here.
  const { raw, score } = await db.$transaction(
    async (tx) => {
      await prepareAnalytical(tx, { setBased: true });
      await tx.$executeRawUnsafe(`CREATE TEMPORARY TABLE who_base ON COMMIT DROP AS ${BASE_SQL}`, tenantId, from, options.to);
      const [reached] = await tx.$queryRawUnsafe<Array<Record<PatternTarget, number | null>>>(
        `SELECT ${TARGET_COLUMNS.map((t) => `sum(y_${t})::int AS ${t}`).join(", ")} FROM who_base`,
      );
      targets = primaryFirst(targets, (t) => reached?.[t] ?? 0, options.minConversions);
      primary = targets[0]!;
      const leads = wantScore
        ? await tx.$queryRawUnsafe<LeadRow[]>(
            `SELECT created_at, industry, seniority, source, country, title, company_size, attributes, y_${primary} AS y
             FROM who_base ORDER BY created_at DESC, id DESC LIMIT ${Math.max(1, Math.floor(maxLeads))}`,
          )
        : [];
      await prepareAnalytical(tx, { setBased: true, hashAggregates: true });
      const counts = tx
        .$queryRawUnsafe<Array<{ attribute: string; value: string; confounder: string; stratum: string; units: number } & Record<(typeof TARGET_COLUMNS)[number], number>>>(
          countsSql(stratifiers, caps, builtIns),
          JSON.stringify(descendingInterior(sizeEdges)),
          JSON.stringify(freeKeys.map((k) => ({ key: k.key, edges: k.edges, descending: descendingInterior(k.edges) }))),
          JSON.stringify(Object.keys(bins)),
        )
        .then((rows) => rows);
      counts.catch(() => undefined); // awaited below; no unhandled rejection while the fit runs
      await new Promise((resolve) => setImmediate(resolve)); // let the statement go out before the fit holds the thread
      const score = wantScore ? await fitScore(leads) : null;
      return { raw: await counts, score };
    },
    ANALYTICAL_TRANSACTION,
  );
  const toRow = (r: (typeof raw)[number]): CountRow => ({
    attribute: r.attribute,
    value: r.value,
    ...(r.confounder !== ALL_STRATA ? { confounder: r.confounder } : {}),
    stratum: r.stratum,
    units: r.units,
    conversions: Object.fromEntries(TARGET_COLUMNS.map((t) => [t, r[t]])),
  });
  const rows = raw.filter((r) => r.attribute !== "*").map(toRow);
  const populations = raw.filter((r) => r.attribute === "*").map(toRow);
  // Only confounders with two strata or more stratified anything; a tenant without sources (or one channel) is told so.
  const stratifiedBy = confounders.filter((c) => populations.filter((r) => r.confounder === c).length >= 2);
  const flat = confounders.filter((c) => !stratifiedBy.includes(c));
  if (flat.length) notes.push(`Not stratified by ${flat.map((c) => c.replace(/^attributes\./, "").replace(/_/g, " ")).join(", ")}: every lead is in the same stratum.`);
  // An experiment's arms are compared with its control value, not with each other mixed with it (controlReferences).
  const references = controlReferences(rows.filter((r) => !bins[r.attribute]));
  const { kept: results, dropped } = withoutUnrecordedTargets(
    detectWhoTargets({ counts: { rows, populations }, bins, integral }, { targets, alpha: options.alpha, minConversions: options.minConversions, confounders, references }),
  );
  const referenced = Object.entries(references);
  if (referenced.length)
    notes.push(`Compared with their control value instead of the rest: ${referenced.map(([attribute, value]) => `${attribute.replace(/^attributes\./, "").replace(/_/g, " ")} against "${value}"`).join(", ")}.`);
  if (dropped.length) notes.push(`No lead reached ${dropped.map((t) => `"${t}"`).join(", ")} in this window: not analysed.`);
  const trends = binTrends(rows, Object.keys(bins), results.map((r) => r.target), options.alpha);

  const attributes = [...new Set(rows.map((r) => r.attribute))].sort().map((attribute) => ({
    attribute,
    kind: bins[attribute] ? ("binned" as const) : ("categorical" as const),
    values: new Set(rows.filter((r) => r.attribute === attribute && !r.confounder).map((r) => r.value)).size,
    ...(bins[attribute] ? { edges: bins[attribute] } : {}),
    ...(integral.includes(attribute) ? { integral: true } : {}),
  }));
  const named = (attribute: string) => attribute.replace(/^attributes\./, "").replace(/_/g, " ");
  for (const a of attributes) if (rows.some((r) => r.attribute === a.attribute && r.value === "(other)")) notes.push(`${named(a.attribute)}: the ${a.attribute === "title" ? caps.titleValues : a.attribute.startsWith("attributes.") ? caps.freeValues : caps.values} most common values are analysed, the rest as "(other)".`);
  const constant = attributes.filter((a) => a.values === 1).map((a) => named(a.attribute));
  if (constant.length) notes.push(`Nothing to compare for ${constant.join(", ")}: every lead has the same value (or none has one).`);
  if (freeKeys.length) notes.push(`Free lead attributes analysed: ${freeKeys.map((k) => k.key).join(", ")} (at most ${caps.freeKeys} keys, each on ≥ 1% of leads).`);
  if (excluded.size) notes.push(`Left out, as the pattern-learning settings ask: ${[...excluded].map(named).join(", ")}.`);
  const planned = new Set(freeKeys.map((k) => k.key));
  const unplanned = profile.filter((p) => p.key !== null && !planned.has(p.key) && !excluded.has(`attributes.${p.key}`) && p.leads >= Math.max(1, 0.01 * totalLeads));
  const identifier = (p: ProfileRow) => isIdentifierKey({ key: p.key!, leads: p.leads, numericLeads: p.numeric_leads, distinctValues: p.distinct_values, quantiles: null, integral: p.integral }, caps);
  const identifiers = unplanned.filter(identifier).map((p) => p.key!);
  const notAnalysed = unplanned.filter((p) => !identifier(p)).map((p) => p.key!);
  const listed = (keys: string[]) => `${keys.slice(0, 20).join(", ")}${keys.length > 20 ? ` and ${keys.length - 20} more` : ""}`;
  if (identifiers.length) notes.push(`Not compared, as identifiers (every lead has its own value): ${listed(identifiers)}.`);
  if (notAnalysed.length) notes.push(`Free lead attributes not analysed: ${listed(notAnalysed)} (beyond the ${caps.freeKeys}-key cap, or with no numeric spread to bin).`);
  if (unknown.includes("days_to_appointment")) notes.push("Not stratified by days to appointment: it exists only for booked leads, so stratifying all leads by it would condition on booking.");
  if (unusable.length) notes.push(`Not stratified by ${unusable.join(", ")}: ${unusable.length === 1 ? "it is" : "they are"} not among the lead attributes analysed (missing, one value for every lead, or an identifier).`);
  const otherUnknown = unknown.filter((c) => c !== "days_to_appointment");
  if (otherUnknown.length) notes.push(`Confounders WHO does not know: ${otherUnknown.join(", ")}.`);

  let leadScore: LeadScoreModel | null = null;
  if (score) {
    if (score.leads >= maxLeads) notes.push(`Lead score fitted on the ${maxLeads.toLocaleString("en-US")} newest leads.`);
    leadScore = score.model;
    if (!leadScore) notes.push(`No lead score: it needs leads that reached "${primary}" and leads that did not.`);
    else if (leadScore.outcomesNeeded > 0) notes.push(`Lead-score weights rest on ${score.positives} ${primary} leads; ${leadScore.outcomesNeeded} more before they should replace the default weights.`);
  }

  const primaryResult = results[0];
  const confidence = setConfidence(primaryResult);
  if (confidence.outcomesNeeded > 0) notes.push(`Only ${primaryResult?.conversions ?? 0} leads reached "${primary}": ${confidence.outcomesNeeded} more needed before these patterns are trusted (seed 003 minimum 100).`);
  return {
    type: "who",
    schemaVersion: PATTERN_SCHEMA_VERSION,
    computedAt: new Date().toISOString(),
    window: { from: from ? from.toISOString() : null, to: options.to.toISOString() },
    sampleSize: primaryResult?.conversions ?? 0,
    confidence: confidence.confidence,
    results,
    details: { attributes, confounders: stratifiedBy, caps, leadScore, trends, references },
    notes,
  };
}
