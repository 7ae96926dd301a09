/**
 * Outreach touches of one lead: the channel sequence, send times in the lead's local time,
 * content snapshots and replies. The core stream draws everything that moves replies, the
 * text stream only renders words, so includeContent never changes outcomes.
 */
import type { Channel, TouchRecord } from "../records";
import {
  NEUTRAL_PHRASES, PAIN_POINTS, PROMPT_REFS, SEND_SCHEDULE, SENDERS, SEQUENCES, SLOTS_BY_CHANNEL, SUBJECTS_BY_STYLE, TOKENS_BY_CHANNEL,
  MODELS, VENDOR, type PhraseSlot,
} from "./content-catalog";
import type { LeadState, WorldContext } from "./leads";
import type { Rng } from "./random";
import { DAY_MS, HOUR_MS, MINUTE_MS, isWeekend, isoString, localDay, weekdayOfDay } from "./time";

export interface Outreach {
  touches: TouchRecord[];
  /** Normalised booking factor of the lead's channel sequence. */
  sequenceBookingFactor: number;
  sentUtc: number[];
  lastSentUtc: number;
  /** Index of the first touch that got a reply (by reply time), or -1. */
  firstReplyIndex: number;
  firstReplyUtc: number;
}

const S = SEND_SCHEDULE;

/** Local send times: one touch every 1 + Poisson days, mostly in working hours, weekends mostly skipped. */
function scheduleLocal(count: number, createdLocal: number, rng: Rng): number[] {
  const locals: number[] = [];
  let day = localDay(createdLocal) + 1;
  for (let k = 0; k < count; k++) {
    if (k > 0) day += 1 + rng.poisson(S.extraGapDaysMean);
    const weekday = weekdayOfDay(day);
    if (isWeekend(weekday) && !rng.bernoulli(S.weekendKeepShare)) day += weekday === 6 ? 2 : 1;
    const hour = rng.bernoulli(S.workingHourShare) ? rng.int(S.firstWorkingHour, S.lastWorkingHour) : rng.int(0, 23);
    locals.push(day * DAY_MS + hour * HOUR_MS + rng.int(0, 59) * MINUTE_MS + rng.int(0, 59) * 1000);
  }
  return locals;
}

/** Splits `count` touches over the template's channel phases, each phase at least once, in order. */
function channelsFor(template: readonly Channel[], count: number, rng: Rng): Channel[] {
  const perPhase = template.map(() => 1);
  for (let extra = count - template.length; extra > 0; extra--) perPhase[rng.int(0, template.length - 1)]++;
  const channels: Channel[] = [];
  template.forEach((channel, phase) => {
    for (let j = 0; j < perPhase[phase]; j++) channels.push(channel);
  });
  return channels;
}

function promptRefFor(channel: Channel, step: number, count: number, coldOpenVariant: number): string {
  if (channel === "email") {
    if (step === 1) return PROMPT_REFS.emailFirst[coldOpenVariant];
    return step === count && count >= 3 ? PROMPT_REFS.emailLast : PROMPT_REFS.emailFollowUp;
  }
  return channel === "linkedin" ? PROMPT_REFS.linkedin : channel === "sms" ? PROMPT_REFS.sms : channel === "voice" ? PROMPT_REFS.voice : PROMPT_REFS.other;
}

function fill(template: string, lead: LeadState): string {
  return template.replace("{company}", lead.record.company ?? "your company").replace("{first}", lead.firstName);
}

interface ContentDraw {
  channel: Channel;
  styleIndex: number;
  ctaText: string;
  planted: boolean[];
}

/** Renders subject, body and pain points of a touch (text stream only). */
function renderContent(draw: ContentDraw, lead: LeadState, sender: string, ctx: WorldContext, text: Rng) {
  const slots = SLOTS_BY_CHANNEL[draw.channel];
  const sentences: Record<PhraseSlot, string[]> = { opener: [], value: [], proof: [] };
  for (const slot of slots) sentences[slot].push(`${text.pick(NEUTRAL_PHRASES[slot])}.`);
  ctx.model.phrases.forEach((factor, i) => {
    if (draw.planted[i]) sentences[factor.phrase.slot].push(`${factor.phrase.text}.`);
  });
  const painCount = text.int(1, 3);
  const painPoints = text.shuffle(PAIN_POINTS).slice(0, painCount);
  const first = lead.firstName;
  const opener = sentences.opener.join(" ");
  const value = sentences.value.join(" ");
  let subject: string | null = null;
  let body: string;
  switch (draw.channel) {
    case "email": {
      subject = fill(text.pick(SUBJECTS_BY_STYLE[ctx.model.subjectStyle.values[draw.styleIndex]]), lead);
      const pain = `Many ${lead.record.industry} teams tell us ${painPoints[0]} is their biggest headache.`;
      body = `Hi ${first},\n\n${opener} ${value} ${pain}\n\n${sentences.proof.join(" ")}\n\n${draw.ctaText}\n\n${sender}\n${VENDOR}`;
      break;
    }
    case "linkedin":
      body = `Hi ${first}, ${opener} ${value} ${draw.ctaText}`;
      break;
    case "voice":
      body = `Voicemail: Hi ${first}, this is ${sender.split(" ")[0]} from ${VENDOR}. ${opener} ${value} ${draw.ctaText} You can reach me at this number.`;
      break;
    default:
      body = `Hi ${first}, ${opener} ${draw.ctaText} Reply STOP to opt out.`;
  }
  return { subject, body, painPoints };
}

export function generateOutreach(lead: LeadState, core: Rng, text: Rng | null, ctx: WorldContext): Outreach {
  const m = ctx.model;
  const config = ctx.config;
  const sequenceIndex = m.sequence.table.sample(core);
  const template = SEQUENCES[sequenceIndex].channels;
  const count = template.length + core.poisson(Math.max(0, config.touchesPerLead - template.length));
  const channels = channelsFor(template, count, core);
  const locals = scheduleLocal(count, lead.createdLocal, core);

  // Move the whole lead back by whole weeks (weekday and hour stay) if its outreach would run past the horizon.
  const clock = lead.clock;
  const latest = ctx.horizonMs - DAY_MS;
  const overrun = clock.toUtc(locals[count - 1]) - latest;
  if (overrun > 0) {
    const roomWeeks = Math.floor((clock.toUtc(lead.createdLocal) - ctx.startMs) / (7 * DAY_MS));
    const shift = Math.min(Math.ceil(overrun / (7 * DAY_MS)), roomWeeks) * 7 * DAY_MS;
    lead.createdLocal -= shift;
    for (let k = 0; k < count; k++) locals[k] -= shift;
  }
  lead.record.createdAt = isoString(clock.toUtc(lead.createdLocal));

  const replyInterest = Math.exp(m.replyInterestSd * lead.interest - (m.replyInterestSd * m.replyInterestSd) / 2);
  const coldOpenVariant = core.int(0, 1);
  const sender = text ? text.pick(SENDERS) : "";
  const sequence = SEQUENCES[sequenceIndex].value;
  const touches: TouchRecord[] = [];
  const sentUtc: number[] = [];
  let firstReplyIndex = -1;
  let firstReplyUtc = Infinity;

  for (let k = 0; k < count; k++) {
    const channel = channels[k];
    const local = locals[k];
    const day = localDay(local);
    const hour = Math.floor((local - day * DAY_MS) / HOUR_MS);
    const sent = clock.toUtc(local);

    const modelIndex = m.model.table.sample(core);
    const ctaIndex = m.cta.table.sample(core);
    const angleIndex = m.angle.table.sample(core);
    const styleIndex = channel === "email" ? m.subjectStyle.table.sample(core) : -1;
    const [minTokens, maxTokens] = TOKENS_BY_CHANNEL[channel];
    const tokens = core.int(minTokens, maxTokens);
    let factor = m.model.factors[modelIndex] * m.cta.factors[ctaIndex] * m.angle.factors[angleIndex] * m.timeFactor[weekdayOfDay(day) * 24 + hour];
    if (styleIndex >= 0) factor *= m.subjectStyle.factors[styleIndex];
    const slots = SLOTS_BY_CHANNEL[channel];
    const planted = m.phrases.map((p) => {
      if (!slots.includes(p.phrase.slot)) return false;
      const included = core.bernoulli(p.phrase.inclusion);
      factor *= included ? p.present : p.absent;
      return included;
    });
    let replied = core.bernoulli(Math.min(0.95, config.baseReplyRate * replyInterest * factor));
    let repliedAt: string | null = null;
    if (replied) {
      const delayMinutes = Math.min(5 * 24 * 60, core.logNormal(Math.log(S.replyDelayMedianMinutes), S.replyDelayLogSd));
      const replyUtc = sent + Math.round(delayMinutes * MINUTE_MS);
      // A reply due after the horizon has not arrived yet.
      if (replyUtc > ctx.horizonMs) replied = false;
      else repliedAt = isoString(replyUtc);
      if (replied && replyUtc < firstReplyUtc) {
        firstReplyUtc = replyUtc;
        firstReplyIndex = k;
      }
    }

    const model = MODELS[modelIndex];
    const ctaText = m.cta.values[ctaIndex];
    const touch: TouchRecord = {
      externalId: `${ctx.prefix}touch-${lead.index}-${k + 1}`,
      leadExternalId: lead.record.externalId,
      channel,
      sentAt: isoString(sent),
      cta: ctaText,
      angle: m.angle.values[angleIndex],
      promptRef: promptRefFor(channel, k + 1, count, coldOpenVariant),
      model: model.value,
      costUsd: Math.round(tokens * model.costPer1kTokens * 1000) / 1e6,
      sequenceStep: k + 1,
      replied,
      repliedAt,
      attributes: styleIndex >= 0 ? { kind: "outreach", sequence, subjectStyle: m.subjectStyle.values[styleIndex] } : { kind: "outreach", sequence },
    };
    if (text) {
      const content = renderContent({ channel, styleIndex, ctaText, planted }, lead, sender, ctx, text);
      touch.subject = content.subject;
      touch.body = content.body;
      touch.painPoints = content.painPoints;
    }
    touches.push(touch);
    sentUtc.push(sent);
  }
  return {
    touches,
    sequenceBookingFactor: m.sequence.factors[sequenceIndex],
    sentUtc,
    lastSentUtc: sentUtc[count - 1],
    firstReplyIndex,
    firstReplyUtc,
  };
}
