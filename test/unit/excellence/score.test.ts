/**
 * Seed 002's `calculate_excellence_score` on hand-computed fixtures (the arithmetic is in the
 * comments), and the mapping from Flywheel's outcomes to the seed's fields.
 */
import { describe, expect, it } from "vitest";
import { excellenceInputFromOutcomes, excellenceScore, type ExcellenceInput } from "../../../server/core/excellence";

const none: ExcellenceInput = { showed: false, confirmed: false, booked: false, commitmentScore: null, daysToAppointment: null, becameCustomer: false, highEngagementAfter: false, referredOthers: false };
const score = (input: Partial<ExcellenceInput>) => excellenceScore({ ...none, ...input }).score;

describe("seed 002's excellence score", () => {
  it("takes the outcome points from the first that holds: showed 50, elif confirmed 30, elif booked 15", () => {
    expect(score({ showed: true, confirmed: true, booked: true })).toBe(50);
    expect(score({ showed: true })).toBe(50); // showed without a recorded booking still counts 50
    expect(score({ confirmed: true, booked: true })).toBe(30);
    expect(score({ booked: true })).toBe(15);
    expect(score({})).toBe(0);
  });

  it("adds commitment / 100 × 20, with a missing commitment worth 0", () => {
    expect(score({ commitmentScore: 80 })).toBeCloseTo(16, 12); // 80/100·20
    expect(score({ commitmentScore: 100 })).toBe(20);
    expect(score({ commitmentScore: 0 })).toBe(0);
    expect(score({ commitmentScore: null })).toBe(0);
    expect(score({ commitmentScore: Number.NaN })).toBe(0);
  });

  it("gives 10 / 7 / 4 points within 2 / 7 / 14 days (boundaries included), none beyond or when unknown (the seed's default 30)", () => {
    expect([0, 1, 2, 2.5, 3, 7, 7.5, 8, 14, 14.5, 15, 30].map((d) => score({ daysToAppointment: d }))).toEqual([10, 10, 10, 7, 7, 7, 4, 4, 4, 0, 0, 0]);
    expect(score({ daysToAppointment: null })).toBe(0);
  });

  it("gives 10 for a customer, elif 5 for engagement after the appointment, and 10 for a referral", () => {
    expect(score({ becameCustomer: true, highEngagementAfter: true })).toBe(10);
    expect(score({ highEngagementAfter: true })).toBe(5);
    expect(score({ referredOthers: true })).toBe(10);
    expect(score({ becameCustomer: true, referredOthers: true })).toBe(20);
  });

  it("adds up the components", () => {
    const result = excellenceScore({ ...none, showed: true, confirmed: true, booked: true, commitmentScore: 80, daysToAppointment: 3, becameCustomer: true, referredOthers: true });
    expect(result.components).toEqual({ outcome: 50, commitment: 16, speed: 7, postAppointment: 10, referral: 10 });
    expect(result.score).toBeCloseTo(93, 12); // 50 + 80/100·20 + 7 + 10 + 10
    expect(score({ confirmed: true, commitmentScore: 62, daysToAppointment: 9, highEngagementAfter: true })).toBeCloseTo(51.4, 12); // 30 + 12.4 + 4 + 5
    expect(score({ booked: true, commitmentScore: 45, daysToAppointment: 21 })).toBeCloseTo(24, 12); // 15 + 9 + 0
    expect(score({ showed: true, commitmentScore: 100, daysToAppointment: 1, becameCustomer: true, referredOthers: true })).toBe(100); // 50 + 20 + 10 + 10 + 10: the most a valid call gets
  });

  it("caps the total at 100 (reachable only with a commitment above the 0–100 scale, which the seed does not clamp)", () => {
    const result = excellenceScore({ ...none, showed: true, commitmentScore: 150, daysToAppointment: 1, becameCustomer: true, referredOthers: true });
    expect(result.components.commitment).toBe(30); // 150/100·20
    expect(result.score).toBe(100); // min(100, 50 + 30 + 10 + 10 + 10 = 110)
  });
});

describe("the outcomes a call is scored from", () => {
  const call = { startedAt: "2026-03-02T10:00:00Z", appointmentAt: "2026-03-05T15:00:00Z", commitmentScore: 70, daysToAppointment: 3 };
  const o = (kind: string, occurredAt: string, attributes?: Record<string, unknown>) => ({ kind: kind as never, occurredAt, attributes });

  it("maps outcome kinds onto the seed's fields", () => {
    const input = excellenceInputFromOutcomes(call, [o("booked", "2026-03-02T10:05:00Z"), o("confirmed", "2026-03-03T09:00:00Z"), o("no_show", "2026-03-05T15:00:00Z")]);
    expect(input).toMatchObject({ showed: false, confirmed: true, booked: true, commitmentScore: 70, daysToAppointment: 3, becameCustomer: false, highEngagementAfter: false, referredOthers: false });
    expect(excellenceScore(input).score).toBeCloseTo(51, 12); // 30 + 70/100·20 + 7
    const best = excellenceInputFromOutcomes(call, [o("booked", "2026-03-02T10:05:00Z"), o("showed", "2026-03-05T15:00:00Z"), o("converted", "2026-03-20T09:00:00Z"), o("referred", "2026-04-20T09:00:00Z")]);
    expect(best).toMatchObject({ showed: true, becameCustomer: true, referredOthers: true });
    expect(excellenceScore(best).score).toBeCloseTo(91, 12); // 50 + 14 + 7 + 10 + 10
  });

  it("keeps a showed call showed even after a later no-show", () => {
    expect(excellenceInputFromOutcomes(call, [o("showed", "2026-03-05T15:00:00Z"), o("no_show", "2026-03-12T15:00:00Z")]).showed).toBe(true);
  });

  it("counts a reply as engagement only after the appointment, or an outcome flagged highEngagement", () => {
    expect(excellenceInputFromOutcomes(call, [o("replied", "2026-03-04T09:00:00Z")]).highEngagementAfter).toBe(false);
    expect(excellenceInputFromOutcomes(call, [o("replied", "2026-03-06T09:00:00Z")]).highEngagementAfter).toBe(true);
    expect(excellenceInputFromOutcomes(call, [o("lost", "2026-03-06T09:00:00Z", { highEngagement: true })]).highEngagementAfter).toBe(true);
    expect(excellenceInputFromOutcomes(call, [o("lost", "2026-03-06T09:00:00Z", { highEngagement: "yes" })]).highEngagementAfter).toBe(false);
    const noAppointment = { ...call, appointmentAt: null };
    expect(excellenceInputFromOutcomes(noAppointment, [o("showed", "2026-03-05T15:00:00Z"), o("replied", "2026-03-05T18:00:00Z")]).highEngagementAfter).toBe(true);
    expect(excellenceInputFromOutcomes(noAppointment, [o("replied", "2026-03-05T18:00:00Z")]).highEngagementAfter).toBe(false); // no appointment and no show: nothing to be after
  });

  it("treats an appointment time on the call as booked", () => {
    expect(excellenceInputFromOutcomes(call, []).booked).toBe(true);
    expect(excellenceInputFromOutcomes({ ...call, appointmentAt: null }, []).booked).toBe(false);
    expect(excellenceInputFromOutcomes({ ...call, appointmentAt: null }, [o("booked", "2026-03-02T10:05:00Z")]).booked).toBe(true);
  });
});
