/**
 * WHO and WHAT detectors on simulated worlds with planted truths, through the real database.
 *
 * World size by a power calculation, not by the simulator's values: 4,000 leads at a 12% booking
 * rate give ~480 bookings, so the weakest planted WHO effect (a rate ratio of 0.5 on a level with
 * 12% of the leads) has z ≈ 4.5 against a BH threshold of z ≈ 2.5–2.8; ~4 touches per lead at a
 * 10% reply rate give ~1,600 replies, so a 0.6 phrase in 15% of the email touches has z ≈ 4.
 * Recall and false discoveries are pooled over 20 seeds.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyLengthBucket, clauses, firstNameOf, mentionsLead, questionCountBucket, subjectStyle } from "../../server/core/patterns/text";
import { DEFAULT_DETECT_OPTIONS, type Finding, type PatternSet } from "../../server/core/patterns/types";
import { simulateWorld, type PlantedEffect } from "../../server/core/simulator";
import { COMPANY_PREFIXES, COMPANY_SUFFIXES_BY_INDUSTRY, FIRST_NAMES, INDUSTRIES } from "../../server/core/simulator/catalog";
import { CTAS, NEUTRAL_PHRASES, PAIN_POINTS, PLANTED_PHRASES, SENDERS, SUBJECTS_BY_STYLE, VENDOR } from "../../server/core/simulator/content-catalog";
import type { Database } from "../../server/db";
import { writeLeads, writeOutcomes, writeTouches } from "../../server/services/ingest";
import { detectWhat, type WhatDetails } from "../../server/services/patterns/what";
import { detectWho, type WhoDetails } from "../../server/services/patterns/who";
import { createTenantWithMembers, openTestDatabase } from "../helpers/db";

const SEEDS = 20;
const migrationsDir = join(import.meta.dirname, "../../prisma/migrations");
const WORLD = { leads: 4_000, touchesPerLead: 4, baseBookingRate: 0.12, baseReplyRate: 0.1, includeTranscripts: false } as const;

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

async function loadWorld(seed: number, effectScale = 1) {
  const world = simulateWorld({ ...WORLD, seed, effectScale });
  const { tenant } = await createTenantWithMembers(db);
  // Calls are not needed by WHO/WHAT; outcomes keep their touch credit but drop the call reference.
  const outcomes = world.outcomes.map((o) => ({ ...o, callExternalId: null }));
  await db.prisma.$transaction(
    async (tx) => {
      await writeLeads(tx, tenant.id, world.leads as never);
      for (let i = 0; i < world.touches.length; i += 10_000) await writeTouches(tx, tenant.id, world.touches.slice(i, i + 10_000) as never);
      await writeOutcomes(tx, tenant.id, outcomes as never);
    },
    { timeout: 300_000, maxWait: 30_000 },
  );
  const to = new Date(Date.parse(world.config.start) + world.config.days * 86_400_000 + 1);
  return { world, tenantId: tenant.id, to };
}

async function dropTenant(tenantId: string) {
  // The in-memory database belongs to this file; a shared PostgreSQL database keeps other files' tenants.
  if (db.kind === "pglite") await db.prisma.$executeRawUnsafe("TRUNCATE outcomes, touches, calls, leads CASCADE");
  else await db.prisma.tenant.delete({ where: { id: tenantId } });
}

/** Catalog texts with what the truth says about them: a direction, "null", or "unknown" (template, names). */
function phraseCatalog(truth: { effects: PlantedEffect[]; nulls: PlantedEffect[] }) {
  const label = (id: string) => truth.effects.find((e) => e.id === id)?.direction ?? (truth.nulls.some((e) => e.id === id) ? "null" : "unknown");
  const byValue = (variable: string, value: string) => {
    const e = [...truth.effects, ...truth.nulls].find((x) => x.detector === "what" && x.variable === variable && x.value === value);
    return e ? (e.direction === "none" ? "null" : e.direction) : "unknown";
  };
  const texts: Array<{ text: string; label: string; id?: string }> = [
    ...PLANTED_PHRASES.map((p) => ({ text: p.text, label: label(p.id), id: p.id })),
    ...Object.values(NEUTRAL_PHRASES).flat().map((text) => ({ text, label: "null" })),
    ...CTAS.map((c) => ({ text: c.value, label: byValue("cta", c.value) })),
    ...Object.entries(SUBJECTS_BY_STYLE).flatMap(([style, subjects]) => subjects.map((s) => ({ text: s.replace(/\{(company|first)\}/g, "."), label: byValue("subjectStyle", style) }))),
    ...PAIN_POINTS.map((text) => ({ text, label: "null" })),
    ...["Hi", "Voicemail: Hi, this is", "from", "You can reach me at this number.", "Reply STOP to opt out.", "Many teams tell us is their biggest headache.", VENDOR, ...SENDERS, ...FIRST_NAMES, ...COMPANY_PREFIXES]
      .concat(INDUSTRIES.map((i) => i.value), Object.values(COMPANY_SUFFIXES_BY_INDUSTRY).flat())
      .map((text) => ({ text, label: "unknown" })),
  ];
  const tokenized = texts.map((t) => ({ ...t, clauses: clauses(t.text).map((c) => ` ${c.join(" ")} `) }));
  return (term: string) => tokenized.filter((t) => t.clauses.some((c) => c.includes(` ${term} `)));
}

interface Counts {
  planted: number;
  recovered: number;
  significantMatched: number;
  falseDiscoveries: number;
}
interface Tally extends Counts {
  missed: string[];
  falseKeys: string[];
  byDetector: Record<"who" | "what", Counts>;
}
const zero = (): Counts => ({ planted: 0, recovered: 0, significantMatched: 0, falseDiscoveries: 0 });
const newTally = (): Tally => ({ ...zero(), missed: [], falseKeys: [], byDetector: { who: zero(), what: zero() } });
const bump = (tally: Tally, detector: "who" | "what", key: keyof Counts) => {
  tally[key]++;
  tally.byDetector[detector][key]++;
};
const describeCounts = (c: Counts) => `recall ${c.recovered}/${c.planted}, false ${c.falseDiscoveries}/${c.significantMatched}`;

const WHO_VARIABLES: Record<string, string> = { companySize: "company_size" };
const WHAT_VARIABLES: Record<string, string> = { subjectStyle: "subject_style", cta: "cta", angle: "angle", painPoint: "pain_point", promptRef: "prompt_ref" };
const WHAT_RECALL_VARIABLES = new Set(["phrase", "subjectStyle", "cta", "angle"]);

/** Scores one world's findings against its truth (per finding: a finding matches at most one truth entry). */
function score(who: PatternSet<WhoDetails>, what: PatternSet<WhatDetails>, truth: { effects: PlantedEffect[]; nulls: PlantedEffect[] }, tally: Tally) {
  const whoFindings = who.results.find((r) => r.target === "booked")!.findings;
  const whatFindings = what.results.find((r) => r.target === "replied")!.findings;
  const categorical = (e: PlantedEffect, findings: Finding[], map: Record<string, string>) => {
    const dimension = map[e.variable] ?? e.variable;
    return findings.filter((f) => f.dimension === dimension && (e.variable === "companySize" || f.value === String(e.value)));
  };
  const catalog = phraseCatalog(truth);
  const phraseTruth = (f: Finding) => {
    const sources = catalog(f.value);
    const labels = new Set(sources.map((s) => s.label));
    if (sources.length === 0 || labels.size !== 1 || labels.has("unknown")) return null;
    return { label: [...labels][0], ids: sources.flatMap((s) => (s.id ? [s.id] : [])) };
  };
  for (const e of truth.effects) {
    if (e.direction === "none") continue;
    const isWho = e.detector === "who" && e.target === "booked";
    const isWhat = e.detector === "what" && e.target === "replied" && WHAT_RECALL_VARIABLES.has(e.variable);
    if (!isWho && !isWhat) continue;
    const detector = isWho ? "who" : "what";
    bump(tally, detector, "planted");
    const hits = isWho
      ? categorical(e, whoFindings, WHO_VARIABLES)
      : e.variable === "phrase"
        ? whatFindings.filter((f) => f.dimension === "phrase" && phraseTruth(f)?.ids.includes(e.id))
        : categorical(e, whatFindings, WHAT_VARIABLES);
    if (hits.some((f) => f.significant && f.direction === e.direction)) bump(tally, detector, "recovered");
    else tally.missed.push(e.id);
  }
  const judge = (f: Finding, label: string, detector: "who" | "what") => {
    bump(tally, detector, "significantMatched");
    if (label === "null" || label !== f.direction) {
      bump(tally, detector, "falseDiscoveries");
      tally.falseKeys.push(f.key);
    }
  };
  for (const f of whoFindings.filter((x) => x.significant)) {
    const entry = [...truth.effects, ...truth.nulls].find((e) => e.detector === "who" && e.target === "booked" && categorical(e, [f], WHO_VARIABLES).length > 0);
    if (entry) judge(f, entry.direction === "none" ? "null" : entry.direction, "who");
  }
  for (const f of whatFindings.filter((x) => x.significant)) {
    if (f.dimension === "phrase") {
      const t = phraseTruth(f);
      if (t) judge(f, t.label, "what");
      continue;
    }
    const entry = [...truth.effects, ...truth.nulls].find((e) => e.detector === "what" && e.target === "replied" && categorical(e, [f], WHAT_VARIABLES).length > 0);
    if (entry) judge(f, entry.direction === "none" ? "null" : entry.direction, "what");
  }
}

describe("WHO and WHAT detectors on simulated worlds", () => {
  it(`recover planted effects over ${SEEDS} seeds with few false discoveries, and the lead score ranks leads`, async () => {
    const tally = newTally();
    const aucs: number[] = [];
    // The planted writer effect (the smallest model's copy gets 0.75× the replies): WHAT's model dimension.
    let weakModelFound = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const { world, tenantId, to } = await loadWorld(seed);
      const options = { ...DEFAULT_DETECT_OPTIONS, to };
      const who = await detectWho(db.prisma, tenantId, { ...options, targets: ["booked"] }, { leadScore: { bootstrapReplicates: 0 } });
      const what = await detectWhat(db.prisma, tenantId, { ...options, targets: ["replied"] });
      score(who, what, world.truth, tally);
      const weak = world.truth.effects.find((e) => e.detector === "model" && e.direction === "negative")!;
      const finding = what.results[0]!.findings.find((f) => f.key === `model=${weak.value}`);
      if (finding?.significant && finding.direction === "negative") weakModelFound++;
      aucs.push(who.details.leadScore!.metrics.holdoutAuc!);
      await dropTenant(tenantId);
    }
    const recall = tally.recovered / tally.planted;
    const fdr = tally.falseDiscoveries / tally.significantMatched;
    const meanAuc = aucs.reduce((s, a) => s + a, 0) / aucs.length;
    console.info(
      `recall ${tally.recovered}/${tally.planted} = ${recall.toFixed(3)}; false ${tally.falseDiscoveries}/${tally.significantMatched} = ${fdr.toFixed(3)}; ` +
        `(WHO ${describeCounts(tally.byDetector.who)}; WHAT ${describeCounts(tally.byDetector.what)}); holdout AUC mean ${meanAuc.toFixed(3)} (min ${Math.min(...aucs).toFixed(3)}); missed ${tally.missed.join(", ")}; false ${tally.falseKeys.join(", ")}`,
    );
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(fdr).toBeLessThanOrEqual(0.05);
    expect(meanAuc).toBeGreaterThan(0.6);
    console.info(`weak model found lower in ${weakModelFound}/${SEEDS} worlds`);
    // Not one of the planted WHAT effects, and weaker in these small worlds than planted: 18 of 20 measured (in
    // seed 9 its touches replied at 0.98× the rest, in seed 17 at 0.86× with p adj 0.098). The floor guards against losing it.
    expect(weakModelFound).toBeGreaterThanOrEqual(0.85 * SEEDS);
  }, 600_000);

  it("finds nothing beyond the alpha rate in worlds without effects (effectScale 0), with calibrated p-values", async () => {
    let significant = 0;
    let tested = 0;
    let categoricalTested = 0;
    let rawBelow = 0;
    for (const seed of [101, 102]) {
      const { tenantId, to } = await loadWorld(seed, 0);
      const options = { ...DEFAULT_DETECT_OPTIONS, to };
      const who = await detectWho(db.prisma, tenantId, { ...options, targets: ["booked"] }, { leadScore: false });
      const what = await detectWhat(db.prisma, tenantId, { ...options, targets: ["replied"] });
      for (const [result, phrasesTested] of [[who.results[0], 0], [what.results[0], what.details.phrases[0].tested]] as const) {
        const categorical = result.findings.filter((f) => f.dimension !== "phrase");
        categoricalTested += categorical.length;
        tested += categorical.length + phrasesTested;
        significant += result.findings.filter((f) => f.significant).length;
        rawBelow += categorical.filter((f) => f.pValue < 0.05).length;
      }
      await dropTenant(tenantId);
    }
    console.info(`null worlds: ${significant} significant of ${tested} comparisons; raw p < 0.05 in ${rawBelow} of ${categoricalTested} categorical comparisons`);
    expect(significant / tested).toBeLessThanOrEqual(DEFAULT_DETECT_OPTIONS.alpha);
    expect(rawBelow).toBeLessThan(0.1 * categoricalTested);
  }, 120_000);
});

describe("WHO and WHAT services", () => {
  it("measure subject style, length, questions and personalization at ingest by the rules in text.ts, and the migration's backfill SQL agrees", async () => {
    const { tenant } = await createTenantWithMembers(db);
    const leads = [
      { externalId: "a", name: "Maria Garcia", company: "Acme (US) Inc." },
      { externalId: "b", name: "Tom Baker", company: "Northwind Cloud" },
    ];
    const subjects = ["Quick idea for acme (us) inc.", "Tomorrow works?", "Northwind Cloud's pipeline", "A very long subject line with many words in it today", null, "tom?", "An idea for your sales team"];
    const bodies = ["Hi maria, how are you? And you?", "See you tomorrow, team.", "x".repeat(400), "Hey Tom.", "  \n  Short one  ", "Tomorrow, Tom!", null];
    const touches = subjects.map((subject, i) => ({
      externalId: `t${i}`, leadExternalId: i % 2 ? "b" : "a", channel: subject ? "email" : "sms", sentAt: "2025-01-01T00:00:00Z", subject, body: bodies[i], cta: "Worth a chat?",
      ...(i % 3 === 0 ? { attributes: { kind: "outreach" } } : {}),
    }));
    await db.prisma.$transaction(async (tx) => {
      await writeLeads(tx, tenant.id, leads as never);
      await writeTouches(tx, tenant.id, touches as never);
    });
    const set = await detectWhat(db.prisma, tenant.id, { ...DEFAULT_DETECT_OPTIONS, to: new Date("2026-01-01"), targets: ["replied"], minConversions: 1 });
    const sql = Object.fromEntries(set.results[0].findings.filter((f) => f.dimension !== "phrase" && f.dimension !== "cta").map((f) => [f.key, f.n]));
    const expected: Record<string, number> = {};
    const count = (key: string | null) => key && (expected[key] = (expected[key] ?? 0) + 1);
    touches.forEach((t) => {
      const lead = leads.find((l) => l.externalId === t.leadExternalId)!;
      const who = { company: lead.company, firstName: firstNameOf(lead.name) };
      const style = subjectStyle(t.subject, who);
      count(style && `subject_style=${style}`);
      count(bodyLengthBucket(t.body) && `body_length=${bodyLengthBucket(t.body)}`);
      count(questionCountBucket(t.body) && `question_count=${questionCountBucket(t.body)}`);
      if (t.body && t.body.trim()) count(`personalization=${mentionsLead(t.body, who) ? "yes" : "no"}`);
    });
    expect(sql).toEqual(expected);

    // Touches stored before the columns existed are measured by the migration's SQL: the same values.
    const stored = () =>
      db.prisma.touch.findMany({ where: { tenantId: tenant.id }, orderBy: { externalId: "asc" }, select: { externalId: true, subjectStyle: true, bodyLength: true, questionCount: true, personalization: true, kind: true } });
    const atIngest = await stored();
    expect(atIngest.filter((t) => t.personalization === "yes").length).toBeGreaterThan(0);
    expect(atIngest.filter((t) => t.kind === "outreach").length).toBe(3);
    const migration = readFileSync(join(migrationsDir, readdirSync(migrationsDir).find((d) => d.endsWith("_touch_content_features"))!, "migration.sql"), "utf8");
    const backfill = migration.slice(migration.indexOf("UPDATE")).replace(`FROM "touches" tt JOIN`, `FROM (SELECT * FROM "touches" WHERE tenant_id = $1::uuid) tt JOIN`);
    expect(backfill).toContain("$1::uuid");
    await db.prisma.$executeRawUnsafe(`UPDATE touches SET subject_style = NULL, body_length = NULL, question_count = NULL, personalization = NULL, kind = NULL WHERE tenant_id = $1::uuid`, tenant.id);
    await db.prisma.$executeRawUnsafe(backfill.replace(/;\s*$/, ""), tenant.id);
    expect(await stored()).toEqual(atIngest);
    await dropTenant(tenant.id);
  });

  it("count free-text features and lead sources by their trimmed text: stored variants of one value are one value", async () => {
    const world = simulateWorld({ ...WORLD, leads: 600, seed: 3 });
    const pad = (value: string | null | undefined, i: number) => (typeof value !== "string" ? value : i % 3 === 0 ? `  ${value} ` : i % 3 === 1 ? value : `${value}   `);
    const variants = {
      messy: {
        leads: world.leads.map((l, i) => ({ ...l, source: i % 5 === 0 ? " " : pad(l.source, i) })),
        touches: world.touches.map((t, i) => ({ ...t, cta: i % 7 === 0 ? "" : pad(t.cta, i), angle: pad(t.angle, i + 1), promptRef: pad(t.promptRef, i + 2) })),
      },
      clean: {
        leads: world.leads.map((l, i) => ({ ...l, source: i % 5 === 0 ? null : l.source })),
        touches: world.touches.map((t, i) => ({ ...t, cta: i % 7 === 0 ? null : t.cta })),
      },
    };
    const to = new Date(Date.parse(world.config.start) + world.config.days * 86_400_000 + 1);
    const detect = async ({ leads, touches }: (typeof variants)["clean"]) => {
      const { tenant } = await createTenantWithMembers(db);
      await db.prisma.$transaction(async (tx) => {
        await writeLeads(tx, tenant.id, leads as never);
        await writeTouches(tx, tenant.id, touches as never);
        await writeOutcomes(tx, tenant.id, world.outcomes.map((o) => ({ ...o, callExternalId: null })) as never);
      });
      const set = await detectWhat(db.prisma, tenant.id, { ...DEFAULT_DETECT_OPTIONS, to, targets: ["replied", "booked"], confounders: ["source"] });
      await dropTenant(tenant.id);
      return { ...set, computedAt: "" };
    };
    const clean = await detect(variants.clean);
    expect(clean.results[0].findings.some((f) => f.dimension === "cta")).toBe(true);
    expect(clean.details.confounders).toEqual(["channel", "source"]);
    expect(await detect(variants.messy)).toEqual(clean);
  }, 60_000);

  it("compare the tenant's own touch labels (attributes.variant), not ids, built-in copies or another tenant's keys", async () => {
    const world = simulateWorld({ ...WORLD, leads: 1_500, seed: 4 });
    // Variant B replies more often: a label the tenant set, planted through who replied.
    const draw = (i: number) => ((i * 2654435761) % 1000) / 1000;
    const labelled = world.touches.map((t, i) => ({
      ...t,
      attributes: {
        ...t.attributes,
        variant: draw(i) < (t.replied ? 0.75 : 0.45) ? " B" : "A ",
        tone: ["warm", "direct", "playful"][i % 3],
        messageId: `m-${i}`,
        ...(i % 400 === 0 ? { offer: "discount" } : {}),
      },
    }));
    const to = new Date(Date.parse(world.config.start) + world.config.days * 86_400_000 + 1);
    const write = async (touches: typeof world.touches) => {
      const { tenant } = await createTenantWithMembers(db);
      await db.prisma.$transaction(async (tx) => {
        await writeLeads(tx, tenant.id, world.leads as never);
        await writeTouches(tx, tenant.id, touches as never);
        await writeOutcomes(tx, tenant.id, world.outcomes.map((o) => ({ ...o, callExternalId: null })) as never);
      });
      return tenant.id;
    };
    const tenantId = await write(labelled);
    const otherTenantId = await write(world.touches.map((t, i) => ({ ...t, attributes: { ...t.attributes, segment: i % 2 ? "x" : "y" } })));
    const set = await detectWhat(db.prisma, tenantId, { ...DEFAULT_DETECT_OPTIONS, to, targets: ["replied"] });
    const result = set.results[0];
    const dimensions = new Set(result.findings.map((f) => f.dimension));
    expect(dimensions).toContain("attributes.variant");
    expect(dimensions).toContain("attributes.tone");
    for (const absent of ["attributes.messageId", "attributes.offer", "attributes.kind", "attributes.subjectStyle", "attributes.segment"]) expect(dimensions).not.toContain(absent);
    expect(set.notes).toContain("Touch attributes not compared: messageId (more than 50 distinct values in the newest 20,000 touches: ids or free text, not labels).");

    // Counted from the touches written: outreach only, values trimmed; every outreach touch has a variant, so its two values hold all of them.
    const outreach = labelled.filter((t) => (t.attributes as { kind?: string }).kind !== "reminder");
    const variant = Object.fromEntries(["A", "B"].map((v) => [v, result.findings.find((f) => f.key === `attributes.variant=${v}`)!]));
    expect(variant.A.n).toBe(outreach.filter((t) => t.attributes.variant.trim() === "A").length);
    expect(variant.B.n).toBe(outreach.filter((t) => t.attributes.variant.trim() === "B").length);
    expect(variant.A.n + variant.B.n).toBe(result.n);
    expect(variant.A.conversions + variant.B.conversions).toBe(result.conversions);
    expect(variant.B.label).toBe("variant: B");
    // Two values, one comparison: the smaller side (B) carries it, A mirrors it.
    expect(variant.B.n).toBeLessThan(variant.A.n);
    expect(variant.A.mirrorOf).toBe("attributes.variant=B");
    expect(variant.B).toMatchObject({ significant: true, direction: "positive" });
    expect(variant.A).toMatchObject({ significant: true, direction: "negative", pAdjusted: variant.B.pAdjusted });
    const tone = result.findings.filter((f) => f.dimension === "attributes.tone");
    expect(tone.map((f) => f.value).sort()).toEqual(["direct", "playful", "warm"]);
    expect(tone.reduce((sum, f) => sum + f.n, 0)).toBe(result.n);

    await dropTenant(tenantId);
    await dropTenant(otherTenantId);
  }, 60_000);

  it("read only their tenant and window, for every target, and store as JSON", async () => {
    const a = await loadWorld(7);
    const options = { ...DEFAULT_DETECT_OPTIONS, to: a.to };
    const whoTargets = ["booked", "replied", "showed", "converted"] as const;
    const before = await detectWho(db.prisma, a.tenantId, { ...options, targets: [...whoTargets] }, { leadScore: { bootstrapReplicates: 5 } });
    const whatBefore = await detectWhat(db.prisma, a.tenantId, { ...options, targets: ["replied", "booked"] });
    const b = await loadWorld(8);
    const after = await detectWho(db.prisma, a.tenantId, { ...options, targets: [...whoTargets] }, { leadScore: { bootstrapReplicates: 5 } });
    const whatAfter = await detectWhat(db.prisma, a.tenantId, { ...options, targets: ["replied", "booked"] });
    const strip = (set: PatternSet) => ({ ...set, computedAt: "" });
    expect(strip(after)).toEqual(strip(before));
    expect(strip(whatAfter)).toEqual(strip(whatBefore));
    expect(before.results.map((r) => r.n)).toEqual(whoTargets.map(() => WORLD.leads));
    expect(JSON.parse(JSON.stringify(before))).toEqual(before);
    expect(whatBefore.results[1].findings.some((f) => f.dimension === "phrase" && /^hi /.test(f.value) && f.significant)).toBe(false);

    const from = new Date(a.to.getTime() - 30 * 86_400_000);
    const recent = await detectWho(db.prisma, a.tenantId, { ...options, from, targets: ["booked"] }, { leadScore: false });
    expect(recent.results[0].n).toBeGreaterThan(0);
    expect(recent.results[0].n).toBeLessThan(WORLD.leads);
    expect(recent.window).toEqual({ from: from.toISOString(), to: a.to.toISOString() });
    await dropTenant(a.tenantId);
    if (db.kind !== "pglite") await dropTenant(b.tenantId);
  }, 60_000);
});
