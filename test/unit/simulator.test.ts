/**
 * Demo-world simulator (server/core/simulator): determinism, record validity, and the planted
 * truths visible in raw data. Reference values are the planted sizes in the truth catalog;
 * tolerances are about 4 standard errors at the stated sizes (seeds fixed, no retries).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { CALL_STAGES, CHANNELS, OUTCOME_KINDS, type CallRecord, type LeadRecord, type OutcomeRecord, type TouchRecord } from "../../server/core/records";
import {
  DEFAULT_SIMULATION_CONFIG, Rng, WeightedTable, plantedTruth, resolveSimulationConfig, simulateWorld, simulateWorldChunks, type SimulatedWorld,
} from "../../server/core/simulator";
import { isoString, zoneClock } from "../../server/core/simulator/time";

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

const outreachOf = (w: SimulatedWorld) => w.touches.filter((t) => t.attributes?.kind === "outreach");
const bookedSets = new WeakMap<SimulatedWorld, Set<string>>();
function bookedSet(w: SimulatedWorld): Set<string> {
  let set = bookedSets.get(w);
  if (!set) bookedSets.set(w, (set = new Set(w.outcomes.filter((o) => o.kind === "booked").map((o) => o.leadExternalId))));
  return set;
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

// ---- building blocks ---------------------------------------------------------------------

describe("simulator random and time helpers", () => {
  it("Rng is deterministic per seed and has the right moments", () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const first = Array.from({ length: 5 }, () => a.uint32());
    expect(Array.from({ length: 5 }, () => b.uint32())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c.uint32())).not.toEqual(first);
    const rng = new Rng(123);
    const n = 100_000;
    let sum = 0, sumSq = 0, poissonSum = 0, heads = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.normal(2, 3);
      sum += x;
      sumSq += x * x;
      poissonSum += rng.poisson(4);
      if (rng.bernoulli(0.3)) heads++;
    }
    expect(sum / n).toBeCloseTo(2, 1);
    expect(Math.sqrt(sumSq / n - (sum / n) ** 2)).toBeCloseTo(3, 1);
    expect(poissonSum / n).toBeCloseTo(4, 1);
    expect(heads / n).toBeCloseTo(0.3, 2);
    const table = new WeightedTable(["a", "b", "c"], [1, 2, 7]);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 50_000; i++) counts[table.sample(rng)]++;
    expect(counts.c / 50_000).toBeCloseTo(0.7, 1);
  });

  it("isoString matches toISOString and zone clocks match Intl across DST", () => {
    const rng = new Rng(1);
    for (let i = 0; i < 2_000; i++) {
      const ms = Math.floor(rng.uniform(-1e12, 4e12));
      expect(isoString(ms)).toBe(new Date(ms).toISOString());
    }
    const ny = zoneClock("America/New_York");
    expect(ny.offsetAt(Date.parse("2025-03-09T06:30:00Z"))).toBe(-5 * 3_600_000); // before the spring-forward instant
    expect(ny.offsetAt(Date.parse("2025-03-09T07:30:00Z"))).toBe(-4 * 3_600_000);
    expect(zoneClock("Asia/Kolkata").offsetAt(Date.parse("2025-06-01T00:00:00Z"))).toBe(5.5 * 3_600_000);
    expect(zoneClock("Australia/Sydney").offsetAt(Date.parse("2025-01-15T00:00:00Z"))).toBe(11 * 3_600_000);
    const local = Date.UTC(2025, 6, 1, 9, 30); // 09:30 local civil time
    expect(new Date(ny.toUtc(local)).toISOString()).toBe("2025-07-01T13:30:00.000Z");
  });

  it("config fills defaults and rejects impossible values", () => {
    expect(resolveSimulationConfig({})).toEqual(DEFAULT_SIMULATION_CONFIG);
    expect(resolveSimulationConfig({ leads: 10, seed: undefined }).seed).toBe(DEFAULT_SIMULATION_CONFIG.seed);
    expect(() => resolveSimulationConfig({ leads: -1 })).toThrow(RangeError);
    expect(() => resolveSimulationConfig({ callShare: 1.5 })).toThrow(RangeError);
    expect(() => resolveSimulationConfig({ start: "not a date" })).toThrow(RangeError);
    expect(() => [...simulateWorldChunks({ leads: 5 }, 0)]).toThrow(RangeError);
  });
});

describe("simulateWorld: determinism and record validity", () => {
  let world: SimulatedWorld;
  beforeAll(() => {
    world = simulateWorld({ seed: "validity", leads: 2_000 });
  });

  it("is deterministic for a seed, differs across seeds, and chunks equal the one-shot world", () => {
    const small = { seed: 11, leads: 300 };
    const once = simulateWorld(small);
    expect(JSON.stringify(simulateWorld(small))).toBe(JSON.stringify(once));
    const other = simulateWorld({ ...small, seed: 12 });
    expect(other.touches.map((t) => t.sentAt)).not.toEqual(once.touches.map((t) => t.sentAt));
    expect(simulateWorld({ ...small, seed: "11" }).leads).not.toEqual(once.leads);
    const chunks = [...simulateWorldChunks(small, 7)];
    expect(chunks.length).toBe(Math.ceil(300 / 7));
    expect({ leads: chunks.flatMap((c) => c.leads), touches: chunks.flatMap((c) => c.touches), outcomes: chunks.flatMap((c) => c.outcomes), calls: chunks.flatMap((c) => c.calls) }).toEqual({
      leads: once.leads,
      touches: once.touches,
      outcomes: once.outcomes,
      calls: once.calls,
    });
    expect(once.truth).toEqual(plantedTruth(small));
  });

  it("content switches drop text but change no outcome", () => {
    const bare = simulateWorld({ seed: 11, leads: 300, includeContent: false, includeTranscripts: false });
    const full = simulateWorld({ seed: 11, leads: 300 });
    expect(bare.outcomes).toEqual(full.outcomes);
    expect(bare.touches.map((t) => [t.externalId, t.sentAt, t.replied, t.cta])).toEqual(full.touches.map((t) => [t.externalId, t.sentAt, t.replied, t.cta]));
    expect(bare.touches.every((t) => t.body === undefined)).toBe(true);
    expect(bare.calls.every((c) => c.transcript.length === 0)).toBe(true);
    expect(bare.calls.map((c) => [c.durationSeconds, c.attributes])).toEqual(full.calls.map((c) => [c.durationSeconds, c.attributes]));
  });

  it("produces valid, linked records", () => {
    const w = world;
    const problems: string[] = [];
    const check = (ok: unknown, what: string) => {
      if (!ok && problems.length < 20) problems.push(what);
    };
    const horizon = Date.parse(w.config.start) + w.config.days * 86_400_000;
    const isIso = (s: string | null | undefined) => typeof s === "string" && new Date(Date.parse(s)).toISOString() === s;
    const leadIds = new Set(w.leads.map((l) => l.externalId));
    expect(leadIds.size).toBe(2_000);
    for (const list of [w.touches, w.outcomes, w.calls]) expect(new Set(list.map((r) => r.externalId)).size).toBe(list.length);
    expect(new Set(w.leads.map((l) => l.email)).size).toBe(2_000);
    for (const l of w.leads) check(isIso(l.createdAt) && l.timezone && l.industry && l.seniority && l.source && l.country && (l.companySize ?? 0) >= 2, `lead ${l.externalId}`);

    const outreach = outreachOf(w);
    expect(outreach.length / 2_000).toBeGreaterThan(DEFAULT_SIMULATION_CONFIG.touchesPerLead * 0.93);
    expect(outreach.length / 2_000).toBeLessThan(DEFAULT_SIMULATION_CONFIG.touchesPerLead * 1.07);
    const created = new Map(w.leads.map((l) => [l.externalId, Date.parse(l.createdAt!)]));
    for (const t of w.touches) {
      const sent = Date.parse(t.sentAt);
      check(leadIds.has(t.leadExternalId) && (CHANNELS as readonly string[]).includes(t.channel) && isIso(t.sentAt), `touch ${t.externalId} link/channel/time`);
      check(sent > created.get(t.leadExternalId)! && sent <= horizon, `touch ${t.externalId} sent outside [createdAt, horizon]`);
      check((t.replied === true) === (t.repliedAt != null) && (!t.repliedAt || Date.parse(t.repliedAt) > sent), `touch ${t.externalId} reply`);
    }
    for (const t of outreach) {
      check(t.body && t.cta && t.angle && t.promptRef && t.model && (t.costUsd ?? 0) > 0, `touch ${t.externalId} content`);
      check((t.channel === "email") === (typeof t.subject === "string" && typeof t.attributes?.subjectStyle === "string"), `touch ${t.externalId} subject`);
    }
    const kindsByLead = new Map<string, OutcomeRecord[]>();
    for (const o of w.outcomes) {
      check((OUTCOME_KINDS as readonly string[]).includes(o.kind) && leadIds.has(o.leadExternalId) && isIso(o.occurredAt), `outcome ${o.externalId}`);
      check(Date.parse(o.occurredAt) <= horizon, `outcome ${o.externalId} after the horizon`);
      (kindsByLead.get(o.leadExternalId) ?? kindsByLead.set(o.leadExternalId, []).get(o.leadExternalId)!).push(o);
    }
    for (const [lead, outcomes] of kindsByLead) {
      const kinds = outcomes.map((o) => o.kind);
      check(new Set(kinds).size === kinds.length, `${lead} repeats an outcome kind`);
      check(!kinds.some((k) => ["confirmed", "showed", "no_show", "converted", "referred"].includes(k)) || kinds.includes("booked"), `${lead} shows without booking`);
      check(!kinds.includes("converted") || kinds.includes("showed"), `${lead} converts without showing`);
      const times = outcomes.map((o) => Date.parse(o.occurredAt));
      check(times.every((time, i) => i === 0 || time >= times[i - 1]), `${lead} outcomes out of order`);
    }
    const booked = bookedSet(w);
    for (const t of w.touches.filter((t) => t.attributes?.kind === "reminder")) check(booked.has(t.leadExternalId) && t.channel === "sms", `reminder ${t.externalId}`);

    expect(w.calls.length).toBeGreaterThan(50);
    for (const call of w.calls) {
      check(leadIds.has(call.leadExternalId) && isIso(call.startedAt), `call ${call.externalId}`);
      let previousEnd = 0;
      let previousStage = 0;
      for (const turn of call.transcript) {
        const stage = CALL_STAGES.indexOf(turn.stage!);
        check(stage >= previousStage && turn.startSeconds >= previousEnd && turn.endSeconds > turn.startSeconds, `call ${call.externalId} turn order`);
        previousEnd = turn.endSeconds;
        previousStage = stage;
      }
      check(previousEnd <= call.durationSeconds && CALL_STAGES[previousStage] === call.stageReached, `call ${call.externalId} duration/stage`);
      const agentWords = call.transcript.filter((t) => t.speaker === "agent").reduce((n, t) => n + t.text.split(" ").length, 0);
      const allWords = call.transcript.reduce((n, t) => n + t.text.split(" ").length, 0);
      check(Math.abs(agentWords / allWords - Number(call.attributes?.agentTalkRatio)) < 0.001, `call ${call.externalId} talk ratio`);
      if (call.attributes?.booked) check(isIso(call.appointmentAt) && (call.daysToAppointment ?? 0) >= 1, `call ${call.externalId} appointment`);
    }
    expect(problems).toEqual([]);
  });

  it("describes every planted effect and null as data", () => {
    const t = world.truth;
    const all = [...t.effects, ...t.nulls];
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    for (const id of ["who-industry-saas", "who-industry-fintech", "who-seniority-vp", "who-seniority-c-level", "what-phrase-scaling-outbound", "when-best-window", "how-sequence-email-linkedin-voice", "model-gpt-4o-mini-equals-gpt-4o", "confounder-reminder-show-up", "predictor-talk-ratio-inverted-u", "excellence-confirmation-step"]) {
      expect(t.effects.map((e) => e.id)).toContain(id);
    }
    for (const e of all) expect((e.direction === "none") === (Math.abs(Math.log(e.effect.size)) < 1e-12)).toBe(true);
    expect(t.nulls.filter((n) => n.variable === "country").length).toBeGreaterThan(5);
    expect(t.nulls.filter((n) => n.variable === "weekdayHour").length).toBe(168 - t.bestSendWindow.cells.length - t.worstSendWindow.cells.length);
    expect(t.reversal).toMatchObject({ stratumVariable: "daysToAppointmentBucket", naiveDirection: "negative", withinStratumDirection: "positive" });
    expect(t.nonlinearEffectIds.every((id) => t.effects.find((e) => e.id === id)?.nonlinear)).toBe(true);
    const nullWorld = plantedTruth({ effectScale: 0 });
    expect(nullWorld.effects.map((e) => e.id)).toEqual(["model-gpt-4o-mini-equals-gpt-4o"]);
    expect(nullWorld.reversal.naiveDirection).toBe("none");
  });
});

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
