import { describe, expect, it } from "vitest";
import { excellenceInputFromOutcomes, excellenceScore, type ExcellenceInput } from "../../../server/core/excellence";

const none: ExcellenceInput = { showed: false, confirmed: false, booked: false, commitmentScore: null, daysToAppointment: null, becameCustomer: false, highEngagementAfter: false, referredOthers: false };
const score = (input: Partial<ExcellenceInput>) => excellenceScore({ ...none, ...input }).score;

describe("seed 002's excellence score", () => {
  it("takes the outcome points from the first that holds: showed 50, confirmed 30, booked 15", () => {
    expect(score({ showed: true, confirmed: true, booked: true })).toBe(50);
    expect(score({ confirmed: true, booked: true })).toBe(30);
    expect(score({ booked: true })).toBe(15);
    expect(score({})).toBe(0);
  });

  it("adds commitment / 100 × 20, with a missing commitment worth 0", () => {
    expect(score({ commitmentScore: 80 })).toBeCloseTo(16, 12); // 80/100·20
    expect(score({ commitmentScore: 100 })).toBe(20);
    expect(score({ commitmentScore: 0 })).toBe(0);
    expect(score({ commitmentScore: null })).toBe(0);
  });

  it("gives 10 / 7 / 4 points for an appointment within 2 / 7 / 14 days, none beyond or when unknown (the seed's default 30)", () => {
    expect([0, 2, 2.5, 7, 7.5, 14, 14.5, 30].map((d) => score({ daysToAppointment: d }))).toEqual([10, 10, 7, 7, 4, 4, 0, 0]);
    expect(score({ daysToAppointment: null })).toBe(0);
  });

  it("gives 10 for a customer, else 5 for engagement after the appointment, and 10 for a referral", () => {
    expect(score({ becameCustomer: true, highEngagementAfter: true })).toBe(10);
    expect(score({ highEngagementAfter: true })).toBe(5);
    expect(score({ referredOthers: true })).toBe(10);
  });

  it("adds up the components: 50 + 16 + 7 + 10 + 10 = 93, and the best call is exactly 100", () => {
    const result = excellenceScore({ ...none, showed: true, commitmentScore: 80, daysToAppointment: 3, becameCustomer: true, referredOthers: true });
    expect(result.components).toEqual({ outcome: 50, commitment: 16, speed: 7, postAppointment: 10, referral: 10 });
    expect(result.score).toBeCloseTo(93, 12);
    expect(score({ showed: true, commitmentScore: 100, daysToAppointment: 1, becameCustomer: true, referredOthers: true })).toBe(100);
    // 30 + 12.4 + 4 + 5 = 51.4
    expect(score({ confirmed: true, commitmentScore: 62, daysToAppointment: 9, highEngagementAfter: true })).toBeCloseTo(51.4, 12);
  });
});

describe("the outcomes a call is scored from", () => {
  const call = { startedAt: "2026-03-02T10:00:00Z", appointmentAt: "2026-03-05T15:00:00Z", commitmentScore: 70, daysToAppointment: 3 };
  const o = (kind: string, occurredAt: string, attributes?: Record<string, unknown>) => ({ kind: kind as never, occurredAt, attributes });

  it("maps outcome kinds onto the seed's fields", () => {
    const input = excellenceInputFromOutcomes(call, [o("booked", "2026-03-02T10:05:00Z"), o("confirmed", "2026-03-03T09:00:00Z"), o("no_show", "2026-03-05T15:00:00Z")]);
    expect(input).toMatchObject({ showed: false, confirmed: true, booked: true, becameCustomer: false, highEngagementAfter: false, referredOthers: false });
    expect(excellenceScore(input).score).toBeCloseTo(30 + 14 + 7, 12);
  });

  it("counts a reply as engagement only after the appointment, or an outcome flagged highEngagement", () => {
    expect(excellenceInputFromOutcomes(call, [o("replied", "2026-03-04T09:00:00Z")]).highEngagementAfter).toBe(false);
    expect(excellenceInputFromOutcomes(call, [o("replied", "2026-03-06T09:00:00Z")]).highEngagementAfter).toBe(true);
    expect(excellenceInputFromOutcomes(call, [o("lost", "2026-03-06T09:00:00Z", { highEngagement: true })]).highEngagementAfter).toBe(true);
    const noAppointment = { ...call, appointmentAt: null };
    expect(excellenceInputFromOutcomes(noAppointment, [o("showed", "2026-03-05T15:00:00Z"), o("replied", "2026-03-05T18:00:00Z")]).highEngagementAfter).toBe(true);
  });

  it("treats an appointment time on the call as booked", () => {
    expect(excellenceInputFromOutcomes(call, []).booked).toBe(true);
    expect(excellenceInputFromOutcomes({ ...call, appointmentAt: null }, []).booked).toBe(false);
  });
});
