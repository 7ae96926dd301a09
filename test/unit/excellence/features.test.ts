/** Seed 002's show-up features of a call (server/core/excellence/features.ts). */
import { describe, expect, it } from "vitest";
import { SHOW_UP_FEATURES, localHourAndWeekday, showUpFeatures } from "../../../server/core/excellence";
import type { CallRecord } from "../../../server/core/records";

const call: CallRecord = {
  externalId: "c",
  leadExternalId: "l",
  startedAt: "2026-03-03T04:30:00Z",
  durationSeconds: 300,
  transcript: [
    { speaker: "agent", text: "Hi Dana! How many reps do you have?", startSeconds: 0, endSeconds: 4, stage: "hook" },
    { speaker: "lead", text: "Twelve, but we already have a tool.", startSeconds: 4, endSeconds: 7 },
    { speaker: "agent", text: "That makes sense. Does Thursday work?", startSeconds: 7, endSeconds: 10, stage: "closing" },
  ],
  commitmentScore: 70,
  funnelCompletion: 83,
  bantScore: 55,
  motivation: "growth",
  daysToAppointment: 2,
};

describe("show-up features", () => {
  it("gives every listed feature, and only those", () => {
    const row = showUpFeatures(call, { timezone: "America/New_York", firstName: "Dana" });
    expect(Object.keys(row).sort()).toEqual(SHOW_UP_FEATURES.map((f) => f.name).sort());
    expect(new Set(SHOW_UP_FEATURES.map((f) => f.kind))).toEqual(new Set(["numeric", "categorical", "boolean"]));
    expect(row).toMatchObject({
      commitmentScore: 70,
      funnelCompletion: 83,
      bantScore: 55,
      durationSeconds: 300,
      questionCount: 2,
      objectionCount: 1,
      objectionAcknowledgedQuickly: true,
      motivation: "growth",
      daysToAppointment: 2,
      stageReached: "closing",
      confirmationStep: false,
      personalizationCount: 1,
    });
    expect(row.agentTalkRatio).toBeCloseTo(14 / 21, 12); // 8 + 6 agent words, 7 lead words
  });

  it("places the call on the lead's clock: 04:30 UTC on Tuesday is 23:30 on Monday in New York", () => {
    expect(localHourAndWeekday("2026-03-03T04:30:00Z", "America/New_York")).toEqual({ hour: 23.5, weekday: 0 });
    expect(localHourAndWeekday("2026-03-03T04:30:00Z", null)).toEqual({ hour: 4.5, weekday: 1 });
    expect(localHourAndWeekday("not a time", "UTC")).toBeNull();
    const row = showUpFeatures(call, { timezone: "America/New_York" });
    expect(row.hourSin).toBeCloseTo(Math.sin((2 * Math.PI * 23.5) / 24), 12);
    expect(row.hourCos).toBeCloseTo(Math.cos((2 * Math.PI * 23.5) / 24), 12);
    expect(row.weekdaySin).toBeCloseTo(0, 12); // Monday = 0
    expect(row.weekdayCos).toBeCloseTo(1, 12);
    const utc = showUpFeatures(call, {});
    expect(utc.weekdaySin).toBeCloseTo(Math.sin((2 * Math.PI) / 7), 12); // Tuesday = 1
  });

  it("leaves what is unknown null, never invented", () => {
    const bare = showUpFeatures({ externalId: "c", leadExternalId: "l", startedAt: "2026-03-03T04:30:00Z", durationSeconds: 300, transcript: [] });
    for (const name of ["commitmentScore", "funnelCompletion", "bantScore", "agentTalkRatio", "questionCount", "objectionCount", "objectionAcknowledgedQuickly", "motivation", "daysToAppointment", "stageReached", "confirmationStep", "personalizationCount"]) {
      expect(bare[name], name).toBeNull();
    }
    expect(bare.durationSeconds).toBe(300);
    expect(showUpFeatures({ ...call, startedAt: "" }).hourSin).toBeNull();
  });
});
