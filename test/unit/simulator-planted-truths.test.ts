/**
 * Demo-world simulator (server/core/simulator): the planted truths visible in raw data, and none
 * of them at effectScale 0. Reference values are the planted sizes in the truth catalog;
 * tolerances are about 4 standard errors at the stated sizes (seeds fixed, no retries).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { CallRecord, LeadRecord, OutcomeRecord, TouchRecord } from "../../server/core/records";
import { simulateWorld, type SimulatedWorld } from "../../server/core/simulator";
import { bookedSet, outreachOf } from "./simulator-fixtures";

// ---- helpers over raw records -------------------------------------------------------------

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const localCellCache = new Map<string, { format: Intl.DateTimeFormat; cells: Map<number, number> }>();

/** Lead-local weekday*24+hour of an instant, straight from Intl (cached per zone and UTC quarter-hour). */
function localCell(zone: string, iso: string): number {
  const ms = Date.parse(iso);
  const slot = Math.floor(ms / 900_000);
  let cache = localCellCache.get(zone);
  if (!cache) localCellCache.set(zone, (cache = { format: new Intl.DateTimeFormat("en-US", { timeZone: zone, weekday: "short", hour: "numeric", hourCycle: "h23" }), cells: new Map() }));
  let cell = cache.cells.get(slot);
  if (cell === undefined) {
    const parts = cache.format.formatToParts(slot * 900_000);
    cell = WEEKDAYS.indexOf(parts.find((p) => p.type === "weekday")!.value) * 24 + Number(parts.find((p) => p.type === "hour")!.value);
    cache.cells.set(slot, cell);
  }
  return cell;
}

/** Reply rate of touches whose cell is in `hit` over those in `reference` (parallel arrays). */
function cellReplyRatio(touches: readonly TouchRecord[], cells: readonly number[], hit: (cell: number) => boolean, reference: (cell: number) => boolean): number {
  const counts = [0, 0, 0, 0];
  touches.forEach((t, i) => {
    const group = hit(cells[i]) ? 0 : reference(cells[i]) ? 2 : -1;
    if (group < 0) return;
    counts[group]++;
    if (t.replied) counts[group + 1]++;
  });
  return counts[1] / counts[0] / (counts[3] / counts[2]);
}

function rateOf<T>(items: readonly T[], hit: (item: T) => boolean): number {
  return items.length ? items.filter(hit).length / items.length : NaN;
}

/** Booking rate of leads matching `level` over leads matching `reference`. */
function bookingRatio(w: SimulatedWorld, level: (l: LeadRecord) => boolean, reference: (l: LeadRecord) => boolean): number {
  const booked = bookedSet(w);
  const isBooked = (l: LeadRecord) => booked.has(l.externalId);
  return rateOf(w.leads.filter(level), isBooked) / rateOf(w.leads.filter(reference), isBooked);
}

function replyRatio(touches: readonly TouchRecord[], hit: (t: TouchRecord) => boolean, reference: (t: TouchRecord) => boolean = (t) => !hit(t)): number {
  const replied = (t: TouchRecord) => t.replied === true;
  return rateOf(touches.filter(hit), replied) / rateOf(touches.filter(reference), replied);
}

function nullLevels(truthVariable: string, w: SimulatedWorld): Set<string> {
  return new Set(w.truth.nulls.filter((n) => n.variable === truthVariable).map((n) => String(n.value)));
}

function showOutcomes(w: SimulatedWorld): OutcomeRecord[] {
  return w.outcomes.filter((o) => o.kind === "showed" || o.kind === "no_show");
}

/** Show rate by (daysToAppointmentBucket, reminderSent), plus pooled by reminder. */
function reminderTable(w: SimulatedWorld) {
  const shows = showOutcomes(w);
  const rate = (filter: (o: OutcomeRecord) => boolean) => rateOf(shows.filter(filter), (o) => o.kind === "showed");
  const cell = (bucket: string | null, reminder: boolean) => rate((o) => (bucket === null || o.attributes?.daysToAppointmentBucket === bucket) && o.attributes?.reminderSent === reminder);
  return { pooled: { yes: cell(null, true), no: cell(null, false) }, near: { yes: cell("0-7", true), no: cell("0-7", false) }, far: { yes: cell("8+", true), no: cell("8+", false) } };
}

/** Excellence score of seed 002 (show 50 / confirm 30 / book 15, commitment, days, conversion, referral). */
function excellenceScores(w: SimulatedWorld): Map<string, number> {
  const kinds = new Map<string, Set<string>>();
  for (const o of w.outcomes) (kinds.get(o.leadExternalId) ?? kinds.set(o.leadExternalId, new Set()).get(o.leadExternalId)!).add(o.kind);
  const scores = new Map<string, number>();
  for (const call of w.calls) {
    const k = kinds.get(call.leadExternalId) ?? new Set<string>();
    let score = k.has("showed") ? 50 : k.has("confirmed") ? 30 : k.has("booked") ? 15 : 0;
    score += ((call.commitmentScore ?? 0) / 100) * 20;
    const days = call.daysToAppointment ?? 30;
    score += days <= 2 ? 10 : days <= 7 ? 7 : days <= 14 ? 4 : 0;
    score += (k.has("converted") ? 10 : 0) + (k.has("referred") ? 10 : 0);
    scores.set(call.externalId, score);
  }
  return scores;
}

const agentSays = (call: CallRecord, phrase: string) => call.transcript.some((t) => t.speaker === "agent" && t.text.includes(phrase));

// ---- planted truths in raw data -----------------------------------------------------------

describe("planted truths show in raw data (effectScale 1)", () => {
  let world: SimulatedWorld;
  let content: SimulatedWorld;
  beforeAll(() => {
    world = simulateWorld({ seed: 2024, leads: 40_000, includeContent: false });
    content = simulateWorld({ seed: 2025, leads: 15_000, includeTranscripts: false });
  });

  it("WHO: SaaS and Fintech book about 2×, senior titles about 1.8×, country not at all", () => {
    const nullIndustries = nullLevels("industry", world);
    const reference = (l: LeadRecord) => nullIndustries.has(l.industry!);
    for (const industry of ["SaaS", "Fintech"]) {
      const ratio = bookingRatio(world, (l) => l.industry === industry, reference);
      expect(ratio).toBeGreaterThan(1.6);
      expect(ratio).toBeLessThan(2.5);
    }
    expect(bookingRatio(world, (l) => l.industry === "Education", reference)).toBeLessThan(0.7);
    const nullSeniorities = nullLevels("seniority", world);
    const senior = bookingRatio(world, (l) => l.seniority === "VP" || l.seniority === "C-level", (l) => nullSeniorities.has(l.seniority!));
    expect(senior).toBeGreaterThan(1.45);
    expect(senior).toBeLessThan(2.2);
    for (const country of nullLevels("country", world)) {
      const ratio = bookingRatio(world, (l) => l.country === country, () => true);
      expect(Math.abs(Math.log(ratio))).toBeLessThan(0.25);
    }
  });

  it("HOW: email>linkedin>voice books about 1.5× email alone; channels follow the sequence", () => {
    const sequenceOf = new Map<string, string>();
    const collapsed = new Map<string, string[]>();
    for (const t of outreachOf(world)) {
      sequenceOf.set(t.leadExternalId, String(t.attributes?.sequence));
      const channels = collapsed.get(t.leadExternalId) ?? collapsed.set(t.leadExternalId, []).get(t.leadExternalId)!;
      if (channels[channels.length - 1] !== t.channel) channels.push(t.channel);
    }
    expect([...collapsed].filter(([lead, channels]) => channels.join(">") !== sequenceOf.get(lead))).toEqual([]);
    const ratio = bookingRatio(world, (l) => sequenceOf.get(l.externalId) === "email>linkedin>voice", (l) => sequenceOf.get(l.externalId) === "email");
    expect(ratio).toBeGreaterThan(1.25);
    expect(ratio).toBeLessThan(1.9);
  });

  it("WHEN: touches land in the lead's local working hours and the best window lifts replies about 1.7×", () => {
    const zone = new Map(world.leads.map((l) => [l.externalId, l.timezone!]));
    const touches = outreachOf(world);
    const cells = touches.map((t) => localCell(zone.get(t.leadExternalId)!, t.sentAt));
    const hour = (cell: number) => cell % 24;
    expect(rateOf(cells, (c) => hour(c) >= 8 && hour(c) <= 17)).toBeGreaterThan(0.88);
    const best = new Set(world.truth.bestSendWindow.cells.map((label) => WEEKDAYS.indexOf(label.slice(0, 3)) * 24 + Number(label.slice(4))));
    const worst = new Set(world.truth.worstSendWindow.cells.map((label) => WEEKDAYS.indexOf(label.slice(0, 3)) * 24 + Number(label.slice(4))));
    const outside = (cell: number) => !best.has(cell) && !worst.has(cell);
    const ratio = cellReplyRatio(touches, cells, (cell) => best.has(cell), outside);
    expect(ratio).toBeGreaterThan(1.45);
    expect(ratio).toBeLessThan(2.0);
    expect(cellReplyRatio(touches, cells, (cell) => worst.has(cell), outside)).toBeLessThan(0.65);
    expect(new Set(cells).size).toBe(168); // every weekday×hour cell has data
  });

  it("WHAT: planted phrases and subject styles move replies, neutral phrases do not", () => {
    const touches = outreachOf(content);
    for (const effect of content.truth.effects.filter((e) => e.variable === "phrase")) {
      const channels = effect.detail!.channels as string[];
      const pool = touches.filter((t) => channels.includes(t.channel));
      const ratio = replyRatio(pool, (t) => t.body!.includes(String(effect.value)));
      if (effect.direction === "positive") expect(ratio, String(effect.value)).toBeGreaterThan(1.3);
      else expect(ratio, String(effect.value)).toBeLessThan(0.77);
    }
    for (const text of content.truth.nulls.filter((e) => e.variable === "phrase").map((e) => String(e.value))) {
      expect(Math.abs(Math.log(replyRatio(touches, (t) => t.body!.includes(text)))), text).toBeLessThan(0.2);
    }
    const emails = touches.filter((t) => t.channel === "email");
    expect(replyRatio(emails, (t) => t.attributes?.subjectStyle === "personalized", (t) => ["question", "short"].includes(String(t.attributes?.subjectStyle)))).toBeGreaterThan(1.25);
  });

  it("MODEL: gpt-4o-mini replies like gpt-4o at a fraction of the cost; the small llama does worse", () => {
    const touches = outreachOf(world);
    const byModel = (model: string) => touches.filter((t) => t.model === model);
    const mini = replyRatio(touches, (t) => t.model === "gpt-4o-mini", (t) => t.model === "gpt-4o");
    expect(Math.abs(Math.log(mini))).toBeLessThan(0.08);
    expect(replyRatio(touches, (t) => t.model === "llama-3.1-8b-instruct", (t) => t.model === "gpt-4o")).toBeLessThan(0.85);
    const meanCost = (list: TouchRecord[]) => list.reduce((sum, t) => sum + (t.costUsd ?? 0), 0) / list.length;
    expect(meanCost(byModel("gpt-4o-mini"))).toBeLessThan(0.1 * meanCost(byModel("gpt-4o")));
  });

  it("CONFOUNDER: the reminder looks harmful pooled but helps within each daysToAppointment bucket", () => {
    const table = reminderTable(world);
    expect(table.pooled.yes).toBeLessThan(table.pooled.no - 0.04);
    expect(table.near.yes).toBeGreaterThan(table.near.no + 0.03);
    expect(table.far.yes).toBeGreaterThan(table.far.no + 0.05);
  });

  it("EXCELLENCE and PREDICTOR: top calls confirm and keep the talk ratio near 0.55; planted phrases lift show-up; show-up is an inverted U in talk ratio", () => {
    const scores = excellenceScores(world);
    const ranked = [...world.calls].sort((a, b) => scores.get(b.externalId)! - scores.get(a.externalId)!);
    const top = ranked.slice(0, Math.floor(ranked.length / 10));
    const rest = ranked.slice(top.length);
    const share = (calls: CallRecord[], hit: (c: CallRecord) => boolean) => rateOf(calls, hit);
    const offPeak = (c: CallRecord) => Math.abs(Number(c.attributes?.agentTalkRatio) - 0.55) > 0.15;
    expect(share(top, (c) => agentSays(c, "Just to confirm, you'll be there on"))).toBeGreaterThan(share(rest, (c) => agentSays(c, "Just to confirm, you'll be there on")) + 0.15);
    expect(share(top, offPeak)).toBeLessThan(share(rest, offPeak) - 0.02); // about 0.15 vs 0.22 at scale

    const showed = new Map(showOutcomes(world).map((o) => [o.leadExternalId, o.kind === "showed"]));
    const calls = world.calls.filter((c) => showed.has(c.leadExternalId));
    const showRate = (filter: (c: CallRecord) => boolean) => rateOf(calls.filter(filter), (c) => showed.get(c.leadExternalId)!);
    const ratio = (c: CallRecord) => Number(c.attributes?.agentTalkRatio);
    expect(showRate((c) => Math.abs(ratio(c) - 0.55) < 0.08)).toBeGreaterThan(showRate((c) => Math.abs(ratio(c) - 0.55) > 0.15) + 0.08);
    expect(Math.abs(showRate((c) => ratio(c) > 0.55) - showRate((c) => ratio(c) <= 0.55))).toBeLessThan(0.07); // a linear term sees almost nothing
    for (const phrase of ["I noticed that your team", "Does morning or afternoon work better"]) {
      expect(showRate((c) => agentSays(c, phrase)), phrase).toBeGreaterThan(showRate((c) => !agentSays(c, phrase)) + 0.06);
    }
    for (const text of world.truth.nulls.filter((n) => n.variable === "agentPhrase" && n.stage === "hook").map((n) => String(n.value))) {
      expect(Math.abs(showRate((c) => agentSays(c, text)) - showRate((c) => !agentSays(c, text))), text).toBeLessThan(0.11);
    }
  });
});

describe("effectScale 0 is a pure-null world", () => {
  it("shows no WHO, HOW, WHEN or reminder effect beyond noise", () => {
    const w = simulateWorld({ seed: 2024, leads: 40_000, effectScale: 0, includeContent: false, includeTranscripts: false });
    const saas = bookingRatio(w, (l) => l.industry === "SaaS", (l) => l.industry !== "SaaS");
    expect(Math.abs(Math.log(saas))).toBeLessThan(0.2);
    const sequenceOf = new Map(outreachOf(w).map((t) => [t.leadExternalId, String(t.attributes?.sequence)]));
    expect(Math.abs(Math.log(bookingRatio(w, (l) => sequenceOf.get(l.externalId) === "email>linkedin>voice", (l) => sequenceOf.get(l.externalId) === "email")))).toBeLessThan(0.2);
    const touches = outreachOf(w);
    const zone = new Map(w.leads.map((l) => [l.externalId, l.timezone!]));
    const cells = touches.map((t) => localCell(zone.get(t.leadExternalId)!, t.sentAt));
    const inBest = (cell: number) => [2, 3, 4].includes(Math.floor(cell / 24)) && [9, 10].includes(cell % 24);
    expect(Math.abs(Math.log(cellReplyRatio(touches, cells, inBest, (cell) => !inBest(cell))))).toBeLessThan(0.12);
    expect(Math.abs(Math.log(replyRatio(touches, (t) => t.model === "llama-3.1-8b-instruct")))).toBeLessThan(0.1);
    const table = reminderTable(w);
    expect(Math.abs(table.pooled.yes - table.pooled.no)).toBeLessThan(0.06);
    expect(Math.abs(table.near.yes - table.near.no)).toBeLessThan(0.09);
  });
});
