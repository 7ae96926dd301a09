/**
 * Seed 002's excellence score of a call, 0–100 (`calculate_excellence_score`):
 *   outcome          50 showed up · elif 30 confirmed · elif 15 booked
 *   commitment       commitment score / 100 × 20 (missing → 0)
 *   speed            days to appointment ≤ 2 → 10 · ≤ 7 → 7 · ≤ 14 → 4 (missing → the seed's default 30 → 0)
 *   post-appointment 10 became a customer · elif 5 high engagement after the appointment
 *   referral         10 referred others
 * capped at 100 (the parts add up to at most 100 unless a commitment score above 100 comes in; the
 * seed does not clamp it, and neither does this).
 *
 * From Flywheel's outcomes (`excellenceInputFromOutcomes`): showed ← a `showed` outcome; confirmed ←
 * `confirmed`; booked ← `booked`, or an appointment time on the call; became a customer ←
 * `converted`; high engagement after ← a `replied` outcome after the appointment (after the
 * `showed` outcome when the call has no appointment time), or any outcome whose attributes say
 * `highEngagement: true`; referred ← `referred`. A `no_show` never cancels a `showed` (a later
 * appointment may be missed), and a `no_show` alone leaves the call at confirmed or booked.
 * Commitment and days to the appointment are the call's own fields; an unknown one is not derived.
 */
import type { OutcomeKind } from "../records";

export interface ExcellenceInput {
  showed: boolean;
  confirmed: boolean;
  booked: boolean;
  commitmentScore: number | null;
  daysToAppointment: number | null;
  becameCustomer: boolean;
  highEngagementAfter: boolean;
  referredOthers: boolean;
}

export interface ExcellenceComponents {
  outcome: number;
  commitment: number;
  speed: number;
  postAppointment: number;
  referral: number;
}

export interface ExcellenceScore {
  score: number;
  components: ExcellenceComponents;
}

/** The seed's default when the days to the appointment are unknown. */
export const DEFAULT_DAYS_TO_APPOINTMENT = 30;

export function excellenceScore(input: ExcellenceInput): ExcellenceScore {
  const outcome = input.showed ? 50 : input.confirmed ? 30 : input.booked ? 15 : 0;
  const commitment = Number.isFinite(input.commitmentScore) ? ((input.commitmentScore as number) / 100) * 20 : 0;
  const days = Number.isFinite(input.daysToAppointment) ? (input.daysToAppointment as number) : DEFAULT_DAYS_TO_APPOINTMENT;
  const speed = days <= 2 ? 10 : days <= 7 ? 7 : days <= 14 ? 4 : 0;
  const postAppointment = input.becameCustomer ? 10 : input.highEngagementAfter ? 5 : 0;
  const referral = input.referredOthers ? 10 : 0;
  const components = { outcome, commitment, speed, postAppointment, referral };
  return { score: Math.min(100, outcome + commitment + speed + postAppointment + referral), components };
}

export interface ScoredCallFacts {
  startedAt: string;
  appointmentAt: string | null;
  commitmentScore: number | null;
  daysToAppointment: number | null;
}

export interface AttributedOutcomeFact {
  kind: OutcomeKind;
  occurredAt: string;
  attributes?: Record<string, unknown> | null;
}

export function excellenceInputFromOutcomes(call: ScoredCallFacts, outcomes: readonly AttributedOutcomeFact[]): ExcellenceInput {
  const has = (kind: OutcomeKind) => outcomes.some((o) => o.kind === kind);
  const showedAt = outcomes.filter((o) => o.kind === "showed").map((o) => Date.parse(o.occurredAt));
  const after = call.appointmentAt ? Date.parse(call.appointmentAt) : showedAt.length ? Math.min(...showedAt) : Number.POSITIVE_INFINITY;
  return {
    showed: has("showed"),
    confirmed: has("confirmed"),
    booked: has("booked") || Boolean(call.appointmentAt),
    commitmentScore: call.commitmentScore,
    daysToAppointment: call.daysToAppointment,
    becameCustomer: has("converted"),
    highEngagementAfter: outcomes.some((o) => (o.kind === "replied" && Date.parse(o.occurredAt) > after) || o.attributes?.highEngagement === true),
    referredOthers: has("referred"),
  };
}
