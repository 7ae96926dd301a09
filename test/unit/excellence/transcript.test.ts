/**
 * One call's structure and behaviour from its transcript (server/core/excellence/transcript.ts) on
 * hand-written transcripts, the general lexicons on wording no simulator uses, and the simulator's
 * transcripts read as real ones: what the analysis measures must be what the simulator planted.
 */
import { describe, expect, it } from "vitest";
import { analyzeTranscript, isAcknowledgement, isObjection, sentenceTemplate, splitSentences } from "../../../server/core/excellence";
import { firstNameOf } from "../../../server/core/patterns/text";
import type { TranscriptTurn } from "../../../server/core/records";
import { simulateWorld } from "../../../server/core/simulator";

/** Turns back to back, `seconds` long each unless given, with an optional pause before each. */
function script(lines: Array<[TranscriptTurn["speaker"], string, TranscriptTurn["stage"]?, number?, number?]>): TranscriptTurn[] {
  let clock = 0;
  return lines.map(([speaker, text, stage, seconds = 5, pause = 0]) => {
    const startSeconds = clock + pause;
    clock = startSeconds + seconds;
    return { speaker, text, startSeconds, endSeconds: clock, ...(stage ? { stage } : {}) };
  });
}

const quick = script([
  ["agent", "Hi Dana, thanks for taking my call. I noticed your team at Acme is hiring!", "hook"],
  ["lead", "Sure, go ahead."],
  ["agent", "How do you follow up with leads today? Who else decides?", "qualification"],
  ["lead", "Mostly by hand."],
  ["lead", "We already have a tool for that.", "objection_handling"],
  ["agent", "That's a fair point. Many teams switched from a similar setup.", undefined, 4],
  ["agent", "Does morning or afternoon work better?", "closing"],
  ["lead", "Morning."],
  ["agent", "Just to confirm, you'll be there on Tuesday at 10?", "confirmation"],
  ["lead", "Yes."],
]);

describe("transcript structure", () => {
  const a = analyzeTranscript(quick, { firstName: "Dana", company: "Acme" });

  it("times the stages (unlabelled turns inherit the stage before them) and counts words and questions", () => {
    expect(a.durationSeconds).toBe(49);
    expect(a.stageSeconds).toEqual({ hook: 10, qualification: 10, value_presentation: 0, objection_handling: 9, closing: 10, confirmation: 10 });
    expect(a.stagesReached).toEqual(["hook", "qualification", "objection_handling", "closing", "confirmation"]);
    expect(a.agentWords).toBe(53); // 15 + 11 + 11 + 6 + 10
    expect(a.leadWords).toBe(15); // 3 + 3 + 7 + 1 + 1
    expect(a.agentTalkRatio).toBeCloseTo(53 / 68, 12);
    expect(a.questionCount).toBe(4);
    expect(a.questionsByStage).toMatchObject({ qualification: 2, closing: 1, confirmation: 1 });
  });

  it("gives the pause after a turn to the turn's stage, so the stage times add up to the duration", () => {
    const paused = analyzeTranscript(
      script([
        ["agent", "Hi, it's Sam.", "hook", 3, 1],
        ["lead", "Hi.", undefined, 1, 2],
        ["agent", "What's your process?", "qualification", 2, 4],
        ["lead", "Manual.", undefined, 1, 1],
      ]),
    );
    // hook: 1 → 4 (agent) + 4 → 6 (pause) + 6 → 7 (lead) + 7 → 11 (pause) = 10; qualification: 11 → 13 + 13 → 14 + 14 → 15 = 4
    expect(paused.stageSeconds.hook).toBe(10);
    expect(paused.stageSeconds.qualification).toBe(4);
    expect(paused.durationSeconds).toBe(14);
    expect(paused.unstagedSeconds).toBe(0);
  });

  it("keeps the sentences per stage, as spoken and as templates", () => {
    expect(a.agentSentences.hook).toEqual(["Hi Dana, thanks for taking my call.", "I noticed your team at Acme is hiring!"]);
    expect(a.agentSentenceTemplates.hook).toEqual(["Hi <first name>, thanks for taking my call.", "I noticed your team at <company> is hiring!"]);
    expect(a.agentSentenceTemplates.confirmation).toEqual(["Just to confirm, you'll be there on <day> at <number>?"]);
  });
});

describe("transcript behaviour", () => {
  it("detects the quick acknowledgement, the confirmation step, commitment asks, personalization and enthusiasm", () => {
    const a = analyzeTranscript(quick, { firstName: "Dana", company: "Acme" });
    expect(a.objections).toBe(1);
    expect(a.objectionAcknowledgedQuickly).toBe(true);
    expect([a.objectionsAcknowledgedQuickly, a.objectionsDeflected]).toEqual([1, 0]);
    expect(a.secondsToAcknowledge).toBe(0);
    expect(a.confirmationStep).toBe(true);
    expect(a.commitmentAsks).toBe(2); // the either/or time in closing, the confirmation question
    expect(a.personalizationCount).toBe(2); // "Hi Dana, …" and "… your team at Acme …"
    expect(a.enthusiasmMarkers).toBe(1); // "hiring!"
  });

  it("an objection met by more pitch first is deflected, and timed to the acknowledgement that follows", () => {
    const slow = script([
      ["lead", "I'm not sure we have budget for this.", "objection_handling"],
      ["agent", "Let me finish walking you through how it works first."],
      ["lead", "Okay, but that's still a concern for me."],
      ["agent", "I hear you. We can start with a pilot."],
    ]);
    const a = analyzeTranscript(slow);
    expect([a.objections, a.objectionsAcknowledgedQuickly, a.objectionsDeflected]).toEqual([1, 0, 1]); // the repeat is the same objection
    expect(a.objectionAcknowledgedQuickly).toBe(false);
    expect(a.secondsToAcknowledge).toBe(10); // the objection ends at 5, the acknowledging turn starts at 15
  });

  it("does not take an invite announcement or a proposed time in closing for a confirmation", () => {
    const announced = script([
      ["agent", "Does Tuesday at 10 work?", "closing"],
      ["lead", "Yes."],
      ["agent", "Great, I'll send a calendar invite for Tuesday at 10.", "confirmation"],
    ]);
    expect(analyzeTranscript(announced).confirmationStep).toBe(false);
    const restated = [...announced, { speaker: "agent" as const, text: "So that's Tuesday at 10, right?", startSeconds: 16, endSeconds: 18 }];
    expect(analyzeTranscript(restated).confirmationStep).toBe(true);
  });

  it("reads general wording, not one agent's lines", () => {
    for (const reply of ["I understand, that's frustrating.", "Okay, I hear you.", "Fair enough.", "Great question — here's how.", "Totally, and many teams feel that way.", "That makes a lot of sense.", "Dana, I get that.", "Absolutely, let's look at it.", "Thanks for being upfront about it.", "That's a real concern."]) {
      expect(isAcknowledgement(reply), reply).toBe(true);
    }
    for (const reply of ["Let me finish walking you through it first.", "Before we get into that, one more thing.", "Actually our tool is different.", "Hold that thought."]) {
      expect(isAcknowledgement(reply), reply).toBe(false);
    }
    for (const line of ["We're already using HubSpot for this.", "It's too expensive for us.", "Not a good time, sorry.", "Can you send me some info?", "We don't have the bandwidth right now.", "I'm worried about the setup.", "Call me back next quarter.", "Let me think it over."]) {
      expect(isObjection(line), line).toBe(true);
    }
    for (const line of ["We have about twelve reps.", "Okay, send me a time.", "Yes, we have budget approved.", "Morning works better for me.", "We use Salesforce, but it's messy."]) {
      expect(isObjection(line), line).toBe(false);
    }
  });

  it("counts references to the lead's situation when the caller names it", () => {
    const turns = script([["agent", "Since you run a dental clinic, and you mentioned Dentrix, this fits. How's the team?", "value_presentation"]]);
    expect(analyzeTranscript(turns).personalizationCount).toBe(1); // "you mentioned"
    expect(analyzeTranscript(turns, { situation: ["dental clinic", "Dentrix"] }).personalizationCount).toBe(1); // one sentence, counted once
    expect(analyzeTranscript(script([["agent", "Dental clinics love it.", "value_presentation"]]), { situation: ["dental clinic"] }).personalizationCount).toBe(0); // whole words only
  });
});

describe("robustness", () => {
  it("an empty or missing transcript has no measures, not zeros that look like a call", () => {
    for (const a of [analyzeTranscript([]), analyzeTranscript(null)]) {
      expect(a.turnCount).toBe(0);
      expect(a.durationSeconds).toBe(0);
      expect(a.agentTalkRatio).toBeNull();
      expect(a.objectionAcknowledgedQuickly).toBeNull();
      expect(a.secondsToAcknowledge).toBeNull();
      expect(a.stagesReached).toEqual([]);
    }
  });

  it("without stage labels: structure and behaviour, no stages, closing cues in the second half", () => {
    const turns = script([
      ["agent", "How are you handling follow-up today?", undefined, 8],
      ["lead", "We already use a tool, honestly.", undefined, 3],
      ["agent", "That makes sense. Would Thursday at 2pm work for a demo?", undefined, 5],
      ["lead", "Sure.", undefined, 1],
      ["agent", "Just to confirm, Thursday at 2pm?", undefined, 3],
    ]);
    // 20 seconds: the second half starts at 10, with the third turn (11 s).
    const a = analyzeTranscript(turns);
    expect(a.staged).toBe(false);
    expect(a.stagesReached).toEqual([]);
    expect(a.unstagedSeconds).toBe(20);
    expect(a.objectionAcknowledgedQuickly).toBe(true);
    expect(a.confirmationStep).toBe(true);
    expect(a.commitmentAsks).toBe(2); // "today" in the first half is a discovery question, not an ask
    expect(a.agentSentences.hook).toEqual([]);
  });

  it("turns before the first label belong to no stage; out-of-order turns are put in order; broken times are skipped", () => {
    const a = analyzeTranscript([
      { speaker: "agent", text: "Shall we book it?", startSeconds: 20, endSeconds: 24, stage: "closing" },
      { speaker: "lead", text: "Hello?", startSeconds: 0, endSeconds: 2 },
      { speaker: "agent", text: "Hi! Quick question about your pipeline?", startSeconds: 3, endSeconds: 8, stage: "hook" },
      { speaker: "agent", text: "Lost.", startSeconds: Number.NaN, endSeconds: 9 },
    ]);
    expect(a.unstagedSeconds).toBe(3);
    expect(a.stageSeconds.hook).toBe(17);
    expect(a.stageSeconds.closing).toBe(4);
    expect(a.durationSeconds).toBe(24);
    expect(a.turnCount).toBe(3);
    expect(a.commitmentAsks).toBe(1);
  });

  it("splits sentences at end punctuation followed by a space, and templates dates, times, numbers and names", () => {
    expect(splitSentences("It costs 2.5 times less. Really? Yes!")).toEqual(["It costs 2.5 times less.", "Really?", "Yes!"]);
    expect(sentenceTemplate("Just to confirm, you'll be there on Tuesday, March 4 at 10:00?")).toBe("Just to confirm, you'll be there on <day>, <date> at <time>?");
    expect(sentenceTemplate("Hi Ana, we help Acme Corp book 30 more demos by 3pm.", { firstName: "Ana", company: "Acme Corp" })).toBe("Hi <first name>, we help <company> book <number> more demos by <time>.");
    expect(sentenceTemplate("Banana bread.", { firstName: "Ana" })).toBe("Banana bread.");
  });
});

describe("the simulator's transcripts, read as real ones", () => {
  it("measure what the simulator planted on each call", () => {
    const world = simulateWorld({ seed: 11, leads: 1_500, baseBookingRate: 0.3, callShare: 1, touchesPerLead: 2, includeContent: false });
    const names = new Map(world.leads.map((l) => [l.externalId, { firstName: firstNameOf(l.name), company: l.company }]));
    const booked = world.calls.filter((c) => c.appointmentAt);
    expect(booked.length).toBeGreaterThan(300);
    let mismatches = 0;
    for (const call of booked) {
      const a = analyzeTranscript(call.transcript, names.get(call.leadExternalId));
      const planted = call.attributes!;
      if (a.confirmationStep !== planted.confirmationStep) mismatches++;
      if (a.objectionAcknowledgedQuickly !== planted.objectionAcknowledgedQuickly) mismatches++;
      if (a.questionsByStage.qualification !== planted.discoveryQuestions) mismatches++;
      if (a.objections !== call.objectionCount) mismatches++;
      if (Math.abs(a.agentTalkRatio! - (planted.agentTalkRatio as number)) > 0.001) mismatches++;
      if (a.stagesReached.at(-1) !== call.stageReached) mismatches++;
    }
    expect(mismatches).toBe(0);
  });
});
