import { describe, expect, it } from "vitest";
import { analyzeTranscript, hedgesG, localHourAndWeekday, showUpFeatures } from "../../../server/core/excellence";
import type { TranscriptTurn } from "../../../server/core/records";

let clock = 0;
const turn = (speaker: "agent" | "lead", text: string, stage?: TranscriptTurn["stage"], seconds = 5): TranscriptTurn => {
  const startSeconds = clock;
  clock += seconds;
  return { speaker, text, startSeconds, endSeconds: clock, stage };
};

describe("transcript analysis", () => {
  clock = 0;
  const quick: TranscriptTurn[] = [
    turn("agent", "Hi Dana, thanks for taking my call. I noticed your team at Acme is hiring!", "hook"),
    turn("lead", "Sure, go ahead."),
    turn("agent", "How do you follow up with leads today? Who else decides?", "qualification"),
    turn("lead", "Mostly by hand."),
    turn("lead", "We already have a tool for that.", "objection_handling"),
    turn("agent", "That's a fair point. Many teams switched from a similar setup.", undefined, 4),
    turn("agent", "Does morning or afternoon work better?", "closing"),
    turn("lead", "Morning."),
    turn("agent", "Just to confirm, you'll be there on Tuesday at 10?", "confirmation"),
    turn("lead", "Yes."),
  ];

  it("measures stages, talk ratio and questions", () => {
    const a = analyzeTranscript(quick, { firstName: "Dana", company: "Acme" });
    expect(a.durationSeconds).toBe(49);
    expect(a.stageSeconds).toEqual({ hook: 10, qualification: 10, value_presentation: 0, objection_handling: 9, closing: 10, confirmation: 10 });
    expect(a.stagesReached).toEqual(["hook", "qualification", "objection_handling", "closing", "confirmation"]);
    expect(a.agentWords).toBe(53); // 15 + 11 + 11 + 6 + 10
    expect(a.leadWords).toBe(15); // 3 + 3 + 7 + 1 + 1
    expect(a.agentTalkRatio).toBeCloseTo(53 / 68, 12);
    expect(a.questionCount).toBe(4);
    expect(a.questionsByStage.qualification).toBe(2);
    expect(a.commitmentAsks).toBe(2);
  });

  it("detects the quick acknowledgement, the confirmation step, personalization and enthusiasm", () => {
    const a = analyzeTranscript(quick, { firstName: "Dana", company: "Acme" });
    expect(a.objections).toBe(1);
    expect(a.objectionAcknowledgedQuickly).toBe(true);
    expect(a.secondsToAcknowledge).toBe(0);
    expect(a.confirmationStep).toBe(true);
    expect(a.personalizationCount).toBe(2); // "Hi Dana, …" and "… your team at Acme …"
    expect(a.enthusiasmMarkers).toBe(1);
  });

  it("an objection met by more pitch first is not acknowledged quickly", () => {
    clock = 0;
    const slow = [
      turn("lead", "I'm not sure we have budget for this.", "objection_handling"),
      turn("agent", "Let me finish walking you through how it works first."),
      turn("lead", "Okay, but that's still a concern for me."),
      turn("agent", "I hear you. We can start with a pilot."),
    ];
    const a = analyzeTranscript(slow);
    expect(a.objections).toBe(1);
    expect(a.objectionAcknowledgedQuickly).toBe(false);
    expect(a.secondsToAcknowledge).toBe(10);
    expect(analyzeTranscript([]).objectionAcknowledgedQuickly).toBeNull();
    expect(analyzeTranscript([]).agentTalkRatio).toBeNull();
  });
});

describe("show-up features", () => {
  it("places the call on the lead's clock: 23:30 in New York is 04:30 UTC the next day", () => {
    expect(localHourAndWeekday("2026-03-03T04:30:00Z", "America/New_York")).toEqual({ hour: 23.5, weekday: 0 }); // Monday evening
    expect(localHourAndWeekday("2026-03-03T04:30:00Z", null)).toEqual({ hour: 4.5, weekday: 1 });
    const row = showUpFeatures({ externalId: "c", leadExternalId: "l", startedAt: "2026-03-03T04:30:00Z", durationSeconds: 300, transcript: [], commitmentScore: 70 }, { timezone: "America/New_York" });
    expect(row.hourSin).toBeCloseTo(Math.sin((2 * Math.PI * 23.5) / 24), 12);
    expect(row.weekdayCos).toBeCloseTo(1, 12);
    expect(row.commitmentScore).toBe(70);
    expect(row.agentTalkRatio).toBeNull(); // no transcript: unknown, not invented
    expect(row.daysToAppointment).toBeNull();
  });
});

describe("Hedges' g", () => {
  it("equals the reference (test/reference/excellence_effects.py) to 1e-9", () => {
    const a = [7, 9, 6, 8, 10, 9, 7, 8, 11, 9];
    const b = [6, 5, 7, 6, 8, 5, 6, 7, 5, 6, 7, 4];
    const g = hedgesG(a, b);
    expect(g.g).toBeCloseTo(1.7604898245991834, 9);
    expect(Math.abs(g.lower / 0.7731415052777982 - 1)).toBeLessThan(1e-9);
    expect(Math.abs(g.upper / 2.7478381439205686 - 1)).toBeLessThan(1e-9);
  });
});
