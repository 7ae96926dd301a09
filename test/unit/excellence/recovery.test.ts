/**
 * The top-cohort analysis on simulated worlds recovers what the simulator planted on show-up
 * (`truth.effects` of the excellence detector): the hook, closing and confirmation wording, the
 * confirmation step, more discovery questions, quick acknowledgement of objections and a talk
 * ratio near the peak — and leaves the neutral agent sentences (`excellence-null-*`) alone.
 *
 * The calls are the seed's: booked calls whose show-up is known, scored from their outcomes. The
 * seed's contrast dilutes a show-up effect (the top 10% are chosen by commitment, speed and
 * conversion too), so a planted effect counts as found when the top differs from the rest or from
 * the bottom 10% (the seed's differentiators) in the planted direction at q < 0.05; the summary
 * also says how many the comparison with the rest finds alone. About 9,800 scored calls per world.
 */
import { describe, expect, it } from "vitest";
import { analyzeExcellenceCohorts, analyzeTranscript, excellenceInputFromOutcomes, excellenceScore, type CohortAnalysis, type CohortCall } from "../../../server/core/excellence";
import { firstNameOf } from "../../../server/core/patterns/text";
import type { OutcomeRecord } from "../../../server/core/records";
import { simulateWorld, type SimulatedWorld } from "../../../server/core/simulator";

const SEEDS = [1, 2, 3];
const WORLD = { leads: 40_000, baseBookingRate: 0.3, callShare: 1, touchesPerLead: 2, includeContent: false };

function scoredCalls(world: SimulatedWorld): CohortCall[] {
  const byCall = new Map<string, OutcomeRecord[]>();
  for (const o of world.outcomes) {
    if (!o.callExternalId) continue;
    const list = byCall.get(o.callExternalId);
    if (list) list.push(o);
    else byCall.set(o.callExternalId, [o]);
  }
  const leads = new Map(world.leads.map((l) => [l.externalId, l]));
  return world.calls.flatMap((call) => {
    const outcomes = byCall.get(call.externalId) ?? [];
    if (!outcomes.some((o) => o.kind === "showed" || o.kind === "no_show")) return [];
    const lead = leads.get(call.leadExternalId);
    const { score } = excellenceScore(excellenceInputFromOutcomes({ startedAt: call.startedAt, appointmentAt: call.appointmentAt ?? null, commitmentScore: call.commitmentScore ?? null, daysToAppointment: call.daysToAppointment ?? null }, outcomes));
    return [{ id: call.externalId, score, showed: outcomes.some((o) => o.kind === "showed"), commitmentScore: call.commitmentScore ?? null, analysis: analyzeTranscript(call.transcript, { firstName: firstNameOf(lead?.name), company: lead?.company }) }];
  });
}

type Check = (analysis: CohortAnalysis, versus: ReadonlyArray<"rest" | "bottom">) => boolean;

const lower = (s: string | null | undefined) => (s ?? "").toLowerCase();
const wording = (stage: string, key: string): Check => (a, versus) => a.languageFindings.some((f) => f.stage === stage && versus.includes(f.versus) && f.z > 0 && (lower(f.text).includes(lower(key)) || lower(f.example).includes(lower(key))));
const share = (measure: string): Check => (a, versus) => a.behaviour.some((c) => c.measure === measure && versus.includes(c.versus) && c.significant && c.difference > 0);
const mean = (measures: string[], sign: 1 | -1): Check => (a, versus) => a.structure.some((c) => measures.includes(c.measure) && versus.includes(c.versus) && c.significant && Math.sign(c.difference) === sign);

/** How each planted excellence effect shows in the analysis. */
function checksFor(world: SimulatedWorld): Array<{ id: string; check: Check }> {
  const checks: Array<{ id: string; check: Check }> = [];
  for (const effect of world.truth.effects.filter((e) => e.detector === "excellence" && e.direction === "positive")) {
    if (effect.variable === "agentPhrase") checks.push({ id: effect.id, check: wording(effect.stage!, String(effect.value)) });
    if (effect.id === "excellence-confirmation-step") checks.push({ id: `${effect.id} (behaviour)`, check: share("confirmationStep") });
    if (effect.variable === "discoveryQuestions") checks.push({ id: effect.id, check: mean(["questionCount", "discoveryQuestions"], 1) });
    if (effect.variable === "objectionAcknowledgedQuickly") checks.push({ id: effect.id, check: share("objectionAcknowledgedQuickly") });
    if (effect.variable === "agentTalkRatio") checks.push({ id: effect.id, check: mean(["talkRatioDistance"], -1) });
  }
  return checks;
}

/** Neutral sentences that come out significant: as a line, or as the line showing a significant phrase. */
function flaggedNulls(world: SimulatedWorld, analysis: CohortAnalysis): { nulls: number; flagged: string[] } {
  const nulls = world.truth.nulls.filter((e) => e.id.startsWith("excellence-null-"));
  const flagged = nulls.filter((e) => analysis.languageFindings.some((f) => f.stage === e.stage && (lower(f.text) === lower(String(e.value)) || lower(f.example) === lower(String(e.value)))));
  return { nulls: nulls.length, flagged: flagged.map((e) => e.id) };
}

describe("excellence cohorts on the simulator", () => {
  it(`recover the planted wording and behaviours, and not the neutral sentences (seeds ${SEEDS.join(", ")})`, () => {
    const missed: string[] = [];
    let planted = 0;
    let foundVsRest = 0;
    let nullCount = 0;
    const flagged: string[] = [];
    let calls = 0;
    for (const seed of SEEDS) {
      const world = simulateWorld({ seed, ...WORLD });
      const cohort = scoredCalls(world);
      calls += cohort.length;
      const analysis = analyzeExcellenceCohorts(cohort);
      expect(analysis.insufficient).toBeNull();
      expect(analysis.top.showUpRate).toBeGreaterThan(analysis.rest.showUpRate!);
      const checks = checksFor(world);
      expect(checks.length).toBe(7);
      for (const { id, check } of checks) {
        planted++;
        if (!check(analysis, ["rest", "bottom"])) missed.push(`seed ${seed}: ${id}`);
        if (check(analysis, ["rest"])) foundVsRest++;
      }
      const nulls = flaggedNulls(world, analysis);
      expect(nulls.nulls).toBe(16);
      nullCount += nulls.nulls;
      flagged.push(...nulls.flagged.map((id) => `seed ${seed}: ${id}`));
    }
    console.log(
      `excellence recovery over ${SEEDS.length} worlds (${Math.round(calls / SEEDS.length)} scored calls each): planted found ${planted - missed.length}/${planted} ` +
        `(against the rest alone ${foundVsRest}/${planted}); neutral sentences flagged ${flagged.length}/${nullCount}${flagged.length ? ` (${flagged.join(", ")})` : ""}`,
    );
    expect(missed).toEqual([]);
    expect(flagged.length / nullCount).toBeLessThanOrEqual(0.1);
  }, 120_000);
});
