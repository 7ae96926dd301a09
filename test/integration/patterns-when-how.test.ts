/**
 * WHEN and HOW detectors on simulated worlds (server/core/simulator) over 20 seeds: recall of the
 * planted effects, the share of significant findings that are false, the reminder reversal, the
 * best send window, and a pure-null world. Each seed is a fresh tenant of one test database.
 *
 * Power (why 11,000 leads): the weakest planted effects are the two sequences against "email"
 * alone (booking ×1.5 and ×0.625 at an 8% base rate, ~15–25% of leads each), expected z ≈ 4.5 and
 * 4.3 here; BH over six comparisons needs z ≈ 2.4, so each is found with probability ≈ 0.98.
 * touchesPerLead 3 keeps ~35k touches per world (the windows are still found at z ≈ 8; the file
 * stays near 90 s on two cores). Nothing in the detectors depends on these numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sequenceOf } from "../../server/core/patterns/how";
import { bestSendWindow, localParts } from "../../server/core/patterns/when";
import type { DetectOptions, Finding } from "../../server/core/patterns/types";
import { simulateWorld, type PlantedEffect, type SimulatedWorld } from "../../server/core/simulator";
import type { Database } from "../../server/db";
import { writeCalls, writeLeads, writeOutcomes, writeTouches } from "../../server/services/ingest";
import { detectHow, type HowDetails } from "../../server/services/patterns/how";
import { detectWhen, type WhenDetails } from "../../server/services/patterns/when";
import type { PatternSet } from "../../server/core/patterns/types";
import { createTenantWithMembers, openTestDatabase } from "../helpers/db";

const SEEDS = 20;
const LEADS = 11_000;
const WORLD = { leads: LEADS, touchesPerLead: 3, includeContent: false, includeTranscripts: false } as const;

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

async function loadWorld(world: SimulatedWorld): Promise<string> {
  const { tenant } = await createTenantWithMembers(db);
  await db.prisma.$transaction(
    async (tx) => {
      const batch = 20_000;
      for (let i = 0; i < world.leads.length; i += batch) await writeLeads(tx, tenant.id, world.leads.slice(i, i + batch));
      for (let i = 0; i < world.touches.length; i += batch) await writeTouches(tx, tenant.id, world.touches.slice(i, i + batch));
      for (let i = 0; i < world.calls.length; i += batch) await writeCalls(tx, tenant.id, world.calls.slice(i, i + batch));
      for (let i = 0; i < world.outcomes.length; i += batch) await writeOutcomes(tx, tenant.id, world.outcomes.slice(i, i + batch));
    },
    { timeout: 600_000, maxWait: 30_000 },
  );
  return tenant.id;
}

function options(world: SimulatedWorld, targets: DetectOptions["targets"]): DetectOptions {
  const to = new Date(Date.parse(world.config.start) + world.config.days * 86_400_000);
  return { to, targets, alpha: 0.05, minConversions: 10, confounders: ["source", "days_to_appointment", "channel_mix"] };
}

interface Tally {
  planted: number;
  recovered: number;
  significant: number;
  falseSignificant: number;
  reminderAdjustedAbove1: number;
  reminderSignificantNegative: number;
  reminderReversed: number;
  bestWindowOverlaps: number;
  misses: string[];
  falses: string[];
}

/** Classifies one world's significant findings against its planted truth. */
function score(world: SimulatedWorld, when: PatternSet<WhenDetails>, how: PatternSet<HowDetails>, tally: Tally, seed: number) {
  const truth = world.truth;
  const windows = truth.effects.filter((e) => e.detector === "when");
  const cellsOf = (e: PlantedEffect) => new Set((e.detail as { cells: string[] }).cells);
  const whenFindings = when.results.find((r) => r.target === "replied")!.findings.filter((f) => f.significant);
  const whenWindows = [...when.details.bestWindows, ...when.details.worstWindows].filter((w) => w.significant);
  for (const f of whenFindings) {
    const hit = windows.find((e) => cellsOf(e).has(f.value));
    tally.significant++;
    if (!hit || hit.direction !== f.direction) {
      tally.falseSignificant++;
      tally.falses.push(`${seed} cell ${f.value} ${f.direction}`);
    }
  }
  for (const w of whenWindows) {
    const hit = windows.find((e) => e.direction === w.direction && w.cells.some((c) => cellsOf(e).has(c)));
    tally.significant++;
    if (!hit) {
      tally.falseSignificant++;
      tally.falses.push(`${seed} window ${w.label} ${w.direction}`);
    }
  }
  for (const e of windows) {
    tally.planted++;
    const found = whenFindings.some((f) => cellsOf(e).has(f.value) && f.direction === e.direction) || whenWindows.some((w) => w.direction === e.direction && w.cells.some((c) => cellsOf(e).has(c)));
    if (found) tally.recovered++;
    else tally.misses.push(`${seed} ${e.id}`);
  }

  const sequences = [...truth.effects, ...truth.nulls].filter((e) => e.detector === "how");
  const howFindings = how.results.find((r) => r.target === "booked")!.findings.filter((f: Finding) => f.significant);
  for (const f of howFindings) {
    tally.significant++;
    // channel_mix=multi is a null by construction: planted sequence factors average to 1 across multi-channel sequences.
    const planted = f.dimension === "sequence" ? sequences.find((e) => sequenceOf(String(e.value)) === f.value && e.direction !== "none") : undefined;
    if (!planted || planted.direction !== f.direction) {
      tally.falseSignificant++;
      tally.falses.push(`${seed} ${f.key} ${f.direction}`);
    }
  }
  for (const e of truth.effects.filter((x) => x.detector === "how")) {
    tally.planted++;
    if (howFindings.some((f) => f.value === sequenceOf(String(e.value)) && f.direction === e.direction)) tally.recovered++;
    else tally.misses.push(`${seed} ${e.id}`);
  }

  const reminder = how.details.interventions.find((i) => i.kind === "reminder")!;
  if (reminder.adjusted.oddsRatio > 1) tally.reminderAdjustedAbove1++;
  if (reminder.verdict === "reversed") tally.reminderReversed++;
  const shown = how.results.find((r) => r.target === "showed")!.findings.find((f) => f.key === "intervention=reminder")!;
  if (shown.significant && shown.direction === "negative") tally.reminderSignificantNegative++;
  if (shown.significant) tally.significant++; // a significant adjusted reminder effect is the planted positive one

  const best = truth.bestSendWindow;
  const next = bestSendWindow(when.details, { timezone: "America/Chicago", now: new Date("2025-06-02T15:00:00Z") });
  const plantedCells = new Set(best.cells);
  if (next && next.window.cells.some((c) => plantedCells.has(c))) {
    const local = localParts(new Date(next.start), "America/Chicago");
    if (next.window.weekdays.includes(local.weekday) && next.window.hours.includes(local.hour)) tally.bestWindowOverlaps++;
  }
}

describe("WHEN and HOW detectors on simulated worlds", () => {
  it(`recover the planted timing and sequence effects over ${SEEDS} seeds`, async () => {
    const tally: Tally = { planted: 0, recovered: 0, significant: 0, falseSignificant: 0, reminderAdjustedAbove1: 0, reminderSignificantNegative: 0, reminderReversed: 0, bestWindowOverlaps: 0, misses: [], falses: [] };
    const started = Date.now();
    for (let seed = 1; seed <= SEEDS; seed++) {
      const world = simulateWorld({ ...WORLD, seed });
      const tenantId = await loadWorld(world);
      const when = await detectWhen(db.prisma, tenantId, options(world, ["replied"]));
      const how = await detectHow(db.prisma, tenantId, options(world, ["booked"]));
      score(world, when, how, tally, seed);
    }
    const recall = tally.recovered / tally.planted;
    const falseShare = tally.falseSignificant / Math.max(1, tally.significant);
    console.log(
      `WHEN/HOW over ${SEEDS} seeds (${((Date.now() - started) / 1000).toFixed(1)} s): recall ${tally.recovered}/${tally.planted} = ${recall.toFixed(3)}, ` +
        `false ${tally.falseSignificant}/${tally.significant} = ${falseShare.toFixed(3)}, reminder adjusted OR > 1 in ${tally.reminderAdjustedAbove1}, reversed in ${tally.reminderReversed}, ` +
        `best window overlaps in ${tally.bestWindowOverlaps}\n  misses: ${tally.misses.join(", ") || "none"}\n  false: ${tally.falses.join(", ") || "none"}`,
    );
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(falseShare).toBeLessThanOrEqual(0.05);
    expect(tally.reminderSignificantNegative).toBe(0);
    expect(tally.reminderAdjustedAbove1).toBeGreaterThanOrEqual(Math.ceil(0.95 * SEEDS));
    expect(tally.bestWindowOverlaps).toBeGreaterThanOrEqual(Math.ceil(0.95 * SEEDS));
  }, 900_000);

  it("count exactly what an independent pass over the records counts, one tenant at a time", async () => {
    const world = simulateWorld({ ...WORLD, leads: 1_500, seed: 7 });
    const tenantId = await loadWorld(world);
    await loadWorld(simulateWorld({ ...WORLD, leads: 1_500, seed: 8, externalIdPrefix: "other-" })); // a second tenant
    const opts = options(world, ["replied"]);
    const to = opts.to.getTime();
    const when = await detectWhen(db.prisma, tenantId, opts);
    const how = await detectHow(db.prisma, tenantId, { ...opts, targets: ["booked", "converted"] });

    const leads = new Map(world.leads.map((l) => [l.externalId, l]));
    const outreach = world.touches.filter((t) => t.attributes?.kind !== "reminder");
    const cells = Array.from({ length: 168 }, () => ({ touches: 0, conversions: 0 }));
    for (const t of outreach) {
      const p = localParts(new Date(t.sentAt), leads.get(t.leadExternalId)!.timezone ?? "UTC");
      const cell = cells[p.weekday * 24 + p.hour]!;
      cell.touches++;
      if (t.replied && Date.parse(t.repliedAt ?? t.sentAt) < to) cell.conversions++;
    }
    expect(when.details.byTarget[0]!.cells.map((c) => ({ touches: c.touches, conversions: c.conversions }))).toEqual(cells);

    const booked = new Map(world.outcomes.filter((o) => o.kind === "booked").map((o) => [o.leadExternalId, o]));
    const converted = new Map(world.outcomes.filter((o) => o.kind === "converted").map((o) => [o.leadExternalId, o]));
    const byLead = new Map<string, typeof outreach>();
    for (const t of outreach) byLead.set(t.leadExternalId, [...(byLead.get(t.leadExternalId) ?? []), t]);
    // Each target's path is cut at its outcome and at booking, whichever comes first.
    for (const [k, reached] of [booked, converted].entries()) {
      const sequences = new Map<string, { leads: number; conversions: number }>();
      for (const [lead, touches] of byLead) {
        const cut = Math.min(...[reached.get(lead), booked.get(lead)].map((o) => (o ? Date.parse(o.occurredAt) : Infinity)));
        const channels = touches.filter((t) => Date.parse(t.sentAt) < cut).sort((a, b) => Date.parse(a.sentAt) - Date.parse(b.sentAt)).map((t) => t.channel);
        if (channels.length === 0) continue;
        const seq = sequenceOf(channels.filter((c, i) => i === 0 || channels[i - 1] !== c).join(">"));
        const entry = sequences.get(seq) ?? { leads: 0, conversions: 0 };
        entry.leads++;
        if (reached.has(lead)) entry.conversions++;
        sequences.set(seq, entry);
      }
      const reported = Object.fromEntries(how.details.byTarget[k]!.sequences.map((s) => [s.sequence, { leads: s.leads, conversions: s.conversions }]));
      expect(reported).toEqual(Object.fromEntries(sequences));
    }

    const strata: Record<string, { treated: number[]; untreated: number[] }> = {};
    for (const [lead, b] of booked) {
      const show = world.outcomes.find((o) => o.leadExternalId === lead && (o.kind === "showed" || o.kind === "no_show"));
      if (!show) continue;
      const days = Number((b.attributes as { daysToAppointment: number }).daysToAppointment);
      const treated = world.touches.some((t) => t.leadExternalId === lead && t.attributes?.kind === "reminder" && t.sentAt >= b.occurredAt && t.sentAt < show.occurredAt);
      const s = (strata[days <= 7 ? "≤7d" : ">7d"] ??= { treated: [0, 0], untreated: [0, 0] });
      const g = treated ? s.treated : s.untreated;
      g[0]!++;
      if (show.kind === "showed") g[1]!++;
    }
    const reminder = how.details.interventions[0]!;
    for (const s of reminder.strata) {
      expect([s.treated.units, s.treated.successes]).toEqual(strata[s.stratum]!.treated);
      expect([s.untreated.units, s.untreated.successes]).toEqual(strata[s.stratum]!.untreated);
    }
  }, 120_000);

  it("report nothing significant beyond the alpha rate in a world without effects", async () => {
    const world = simulateWorld({ ...WORLD, seed: 101, effectScale: 0 });
    const tenantId = await loadWorld(world);
    const when = await detectWhen(db.prisma, tenantId, options(world, ["replied", "booked"]));
    const how = await detectHow(db.prisma, tenantId, options(world, ["booked", "converted"]));
    const findings = [...when.results, ...how.results].flatMap((r) => r.findings);
    const significant = findings.filter((f) => f.significant).map((f) => f.key);
    const windows = [...when.details.bestWindows, ...when.details.worstWindows].filter((w) => w.significant).map((w) => w.label);
    console.log(`null world: ${findings.length} findings, significant: ${significant.join(", ") || "none"}; windows: ${windows.join(", ") || "none"}`);
    // BH keeps P(any rejection) ≤ alpha per family under the global null (6 families here), Bonferroni the same for windows.
    expect(significant.length + windows.length).toBeLessThanOrEqual(1);
  }, 300_000);
});
