/**
 * What happens after the outreach: booking (WHO × HOW × interest), the booking call, the
 * appointment and its reminder, show-up, conversion, referral and loss. Events later than the
 * horizon (start + days) have not happened yet and are left out.
 */
import type { CallRecord, OutcomeKind, OutcomeRecord, TouchRecord } from "../records";
import { NON_BOOKED_CALL_FACTOR, SHOW_MODEL, daysToAppointmentBucket } from "./call-catalog";
import { buildTranscript, callRecord, callShowLogOdds, planCall } from "./calls";
import { PROMPT_REFS } from "./content-catalog";
import type { LeadState, WorldContext } from "./leads";
import { type Rng, logistic } from "./random";
import { DAY_MS, HOUR_MS, MINUTE_MS, isWeekend, isoString, localDay, nextWorkingTime, weekdayOfDay } from "./time";
import type { Outreach } from "./touches";

export interface FunnelResult {
  outcomes: OutcomeRecord[];
  calls: CallRecord[];
  /** The appointment reminder, when sent. */
  reminder: TouchRecord | null;
}

export interface FunnelStreams {
  core: Rng;
  /** Call behaviours and scores. */
  call: () => Rng;
  /** Transcript wording and timing. */
  transcript: () => Rng;
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Tuesday, Mar 4 at 10:30" from local ms. */
function appointmentLabel(localMs: number): string {
  const d = new Date(localMs);
  return `${WEEKDAYS[d.getUTCDay()]}, ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} at ${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
}

export function runFunnel(lead: LeadState, outreach: Outreach, streams: FunnelStreams, ctx: WorldContext): FunnelResult {
  const { core } = streams;
  const m = ctx.model;
  const config = ctx.config;
  const horizon = ctx.horizonMs;
  const leadId = lead.record.externalId;
  const outcomes: OutcomeRecord[] = [];
  const calls: CallRecord[] = [];
  let reminder: TouchRecord | null = null;
  const emit = (kind: OutcomeKind, utc: number, extra: Partial<OutcomeRecord> = {}) => {
    if (utc <= horizon) outcomes.push({ externalId: `${ctx.prefix}outcome-${lead.index}-${kind}`, leadExternalId: leadId, kind, occurredAt: isoString(utc), ...extra });
  };

  const bookingInterest = Math.exp(m.bookingInterestSd * lead.interest - (m.bookingInterestSd * m.bookingInterestSd) / 2);
  const bookingProbability = Math.min(0.95, config.baseBookingRate * lead.whoBookingFactor * outreach.sequenceBookingFactor * bookingInterest);
  const booked = core.bernoulli(bookingProbability);
  const callDraw = core.next();
  const hasCall = callDraw < (booked ? config.callShare : config.callShare * NON_BOOKED_CALL_FACTOR);
  const replyTouch = outreach.firstReplyIndex >= 0 ? outreach.touches[outreach.firstReplyIndex] : null;
  if (replyTouch) emit("replied", outreach.firstReplyUtc, { touchExternalId: replyTouch.externalId });

  if (!booked) {
    if (hasCall) {
      const after = outreach.sentUtc[core.int(0, outreach.sentUtc.length - 1)] + core.uniform(1, 48) * HOUR_MS;
      const startUtc = nextWorkingTime(lead.clock, after, core);
      const plan = planCall(streams.call(), false, lead.interest, m);
      const transcript = buildTranscript(plan, lead.firstName, null, streams.transcript());
      if (startUtc <= horizon) {
        calls.push(callRecord({ externalId: `${ctx.prefix}call-${lead.index}`, leadExternalId: leadId, startedAt: isoString(startUtc), plan, transcript, includeTranscript: config.includeTranscripts, appointmentAt: null, daysToAppointment: null }));
      }
    }
    if (replyTouch && core.bernoulli(SHOW_MODEL.lostIfRepliedNotBooked)) emit("lost", outreach.lastSentUtc + 10 * DAY_MS, { attributes: { reason: "no_booking" } });
    return { outcomes, calls, reminder };
  }

  // Booking: after the sequence has run (and after the first reply), in the lead's working hours.
  const clock = lead.clock;
  const afterOutreach = Math.max(outreach.lastSentUtc, Number.isFinite(outreach.firstReplyUtc) ? outreach.firstReplyUtc : 0);
  const bookingStart = nextWorkingTime(clock, afterOutreach + core.uniform(2, 72) * HOUR_MS, core);
  if (bookingStart > horizon) return { outcomes, calls, reminder };

  // The appointment: within a week for most, 8–21 days out for the rest; weekends move to Monday.
  const bookingDay = localDay(clock.toLocal(bookingStart));
  let appointmentDay = bookingDay + (core.bernoulli(SHOW_MODEL.nearShare) ? core.int(SHOW_MODEL.nearDays[0], SHOW_MODEL.nearDays[1]) : core.int(SHOW_MODEL.farDays[0], SHOW_MODEL.farDays[1]));
  while (isWeekend(weekdayOfDay(appointmentDay))) appointmentDay++;
  const daysToAppointment = appointmentDay - bookingDay;
  const bucket = daysToAppointmentBucket(daysToAppointment);
  const appointmentLocal = appointmentDay * DAY_MS + core.int(9, 16) * HOUR_MS + core.int(0, 3) * 15 * MINUTE_MS;
  const appointmentUtc = clock.toUtc(appointmentLocal);
  const appointmentAt = isoString(appointmentUtc);
  const reminderSent = core.bernoulli(SHOW_MODEL.reminderShareByBucket[bucket as "0-7" | "8+"]);

  let showLogOdds = m.show.base + (bucket === "8+" ? m.show.far : 0) + (reminderSent ? m.show.reminder : 0);
  let bookedUtc = bookingStart;
  let callId: string | null = null;
  if (hasCall) {
    const plan = planCall(streams.call(), true, lead.interest, m);
    const transcript = buildTranscript(plan, lead.firstName, appointmentLabel(appointmentLocal), streams.transcript());
    showLogOdds += callShowLogOdds(plan, transcript.talkRatio, daysToAppointment, m);
    callId = `${ctx.prefix}call-${lead.index}`;
    calls.push(callRecord({ externalId: callId, leadExternalId: leadId, startedAt: isoString(bookingStart), plan, transcript, includeTranscript: config.includeTranscripts, appointmentAt, daysToAppointment }));
    bookedUtc = bookingStart + transcript.durationSeconds * 1000;
  }
  const creditedTouch = replyTouch ?? outreach.touches[outreach.touches.length - 1];
  emit("booked", bookedUtc, { touchExternalId: creditedTouch.externalId, callExternalId: callId, attributes: { appointmentAt, daysToAppointment, daysToAppointmentBucket: bucket } });

  const reminderUtc = Math.max(bookedUtc + HOUR_MS, appointmentUtc - core.uniform(18, 26) * HOUR_MS);
  if (reminderSent && reminderUtc <= horizon) {
    const when = appointmentLabel(appointmentLocal);
    reminder = {
      externalId: `${ctx.prefix}touch-${lead.index}-reminder`,
      leadExternalId: leadId,
      channel: "sms",
      sentAt: isoString(reminderUtc),
      cta: "Reply C to confirm or R to reschedule.",
      angle: null,
      promptRef: PROMPT_REFS.reminder,
      model: null,
      costUsd: 0,
      sequenceStep: null,
      replied: false,
      repliedAt: null,
      attributes: { kind: "reminder", daysToAppointmentBucket: bucket },
    };
    if (config.includeContent) reminder.body = `Hi ${lead.firstName}, a reminder of your call with us on ${when}. Reply C to confirm or R to reschedule.`;
  }

  const showed = core.bernoulli(logistic(showLogOdds));
  const confirmed = core.bernoulli(showed ? SHOW_MODEL.confirmedIfShowed : SHOW_MODEL.confirmedIfNoShow);
  const confirmedUtc = Math.min(appointmentUtc - HOUR_MS, bookedUtc + core.uniform(1, 20) * HOUR_MS);
  const converted = showed && core.bernoulli(SHOW_MODEL.convertedIfShowed);
  const convertedUtc = appointmentUtc + core.uniform(2, 30) * DAY_MS;
  const value = Math.round(core.logNormal(Math.log(6_000) + 0.4 * Math.log((lead.record.companySize ?? 150) / 150), 0.5));
  const referred = converted && core.bernoulli(SHOW_MODEL.referredIfConverted);
  const referredUtc = convertedUtc + core.uniform(10, 60) * DAY_MS;
  const lost = showed ? !converted && core.bernoulli(SHOW_MODEL.lostIfShowedNotConverted) : core.bernoulli(SHOW_MODEL.lostIfNoShow);

  if (confirmed) emit("confirmed", Math.max(bookedUtc + MINUTE_MS, confirmedUtc), { callExternalId: callId });
  const showAttributes = { daysToAppointment, daysToAppointmentBucket: bucket, reminderSent };
  emit(showed ? "showed" : "no_show", appointmentUtc, { callExternalId: callId, attributes: showAttributes });
  if (converted) emit("converted", convertedUtc, { value, callExternalId: callId });
  if (lost) emit("lost", appointmentUtc + (showed ? 14 : 7) * DAY_MS, { attributes: { reason: showed ? "not_converted" : "no_show" } });
  if (referred) emit("referred", referredUtc);
  return { outcomes, calls, reminder };
}
