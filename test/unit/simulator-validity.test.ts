/**
 * Demo-world simulator (server/core/simulator): the random and time building blocks, determinism,
 * and record validity. Seeds are fixed, so a failure is a change in the simulator, never bad luck.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { CALL_STAGES, CHANNELS, OUTCOME_KINDS, type OutcomeRecord } from "../../server/core/records";
import {
  DEFAULT_SIMULATION_CONFIG, Rng, WeightedTable, plantedTruth, resolveSimulationConfig, simulateWorld, simulateWorldChunks, type SimulatedWorld,
} from "../../server/core/simulator";
import { isoString, zoneClock } from "../../server/core/simulator/time";
import { bookedSet, outreachOf } from "./simulator-fixtures";

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
