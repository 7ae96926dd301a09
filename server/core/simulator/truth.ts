/**
 * The planted truth of a simulated world, as data: every planted effect and every planted null,
 * so a test can count what a detector recovered and what it invented. Built from the same
 * catalogs the generator samples from, scaled by effectScale (the log of each effect is
 * multiplied by it; at 0 every planted effect moves to `nulls`).
 */
import { CALL_BEHAVIOURS, DAYS_BUCKET_FAR, DAYS_BUCKET_NEAR, MOTIVATIONS, AGENT_VOICES, NEUTRAL_AGENT_PHRASES, SHOW_MODEL } from "./call-catalog";
import { COUNTRIES, CRMS, FUNDING_STAGES, INDUSTRIES, SENIORITIES, SOURCES, type Level } from "./catalog";
import { type SimulationConfig, resolveSimulationConfig } from "./config";
import {
  ANGLES, CHEAP_EQUIVALENT_MODEL, CTAS, EXPENSIVE_MODEL, MODELS, NEUTRAL_PHRASES, PAIN_POINTS, PLANTED_PHRASES, PROMPT_REFS,
  SEND_WINDOWS, SEQUENCES, SINGLE_CHANNEL_SEQUENCE, SLOTS_BY_CHANNEL, SUBJECT_STYLES, type SendWindow,
} from "./content-catalog";
import { logistic, logit } from "./random";

export type TruthDetector = "who" | "what" | "when" | "how" | "confounder" | "model" | "excellence" | "predictor";
export type TruthTarget = "booked" | "replied" | "showed";
export type EffectKind = "odds_ratio" | "rate_ratio" | "difference";
export type EffectDirection = "positive" | "negative" | "none";

export interface PlantedEffect {
  /** Stable id, e.g. "who-industry-saas". */
  id: string;
  detector: TruthDetector;
  target: TruthTarget;
  /** Where the variable lives: a lead/touch/call field name, "phrase", "weekdayHour", "agentPhrase", … */
  variable: string;
  value: string | number | boolean;
  /** Size at this world's effectScale (1 / 0 when nothing is planted). */
  effect: { kind: EffectKind; size: number };
  direction: EffectDirection;
  /** What the size is relative to. */
  reference: string;
  /** Why it was planted (or what it is a null for). */
  note: string;
  /** Call stage, for agent phrases. */
  stage?: string;
  /** True when a model linear in the raw features cannot represent the effect. */
  nonlinear?: boolean;
  detail?: Record<string, unknown>;
}

export interface PlantedTruth {
  seed: string | number;
  effectScale: number;
  /** Planted effects (including planted equivalences with direction "none", e.g. the cheaper model). */
  effects: PlantedEffect[];
  /** Variables and values planted with no effect. */
  nulls: PlantedEffect[];
  bestSendWindow: SendWindowTruth;
  worstSendWindow: SendWindowTruth;
  winningSequence: { id: string; sequence: string; reference: string; bookingRateRatio: number };
  equalCostModels: { id: string; cheaper: string; expensive: string; costRatio: number; replyRateRatio: number };
  reversal: ReversalTruth;
  /** Ids of the nonlinear show-up effects a network should find and a logistic regression cannot. */
  nonlinearEffectIds: string[];
  /** How to read the data so the truths hold. */
  conventions: string[];
}

export interface SendWindowTruth {
  id: string;
  label: string;
  weekdays: number[];
  hours: number[];
  /** "Tue 09"-style labels of the weekday×hour cells inside the window. */
  cells: string[];
  replyRateRatio: number;
}

export interface ReversalTruth {
  id: string;
  treatment: "reminderSent";
  treatmentTouch: { channel: "sms"; attributesKind: "reminder" };
  target: "showed";
  stratumVariable: "daysToAppointmentBucket";
  strata: string[];
  reminderShareByStratum: Record<string, number>;
  naiveDirection: EffectDirection;
  withinStratumDirection: EffectDirection;
  withinStratumOddsRatio: number;
  /** Show rates implied by the base model (calls ignored), for orientation. */
  approximateShowRates: { pooled: { reminder: number; noReminder: number }; byStratum: Record<string, { reminder: number; noReminder: number }> };
}

export const WEEKDAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;

/** "Tue 09": the label of a lead-local weekday (0 = Sunday) and hour. */
export function weekdayHourLabel(weekday: number, hour: number): string {
  return `${WEEKDAY_NAMES[weekday]} ${String(hour).padStart(2, "0")}`;
}

function directionOf(logSize: number): EffectDirection {
  return logSize > 1e-12 ? "positive" : logSize < -1e-12 ? "negative" : "none";
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

class TruthBuilder {
  readonly effects: PlantedEffect[] = [];
  readonly nulls: PlantedEffect[] = [];
  constructor(private readonly scale: number) {}

  /** A planted multiplicative effect (rate ratio at scale 1). */
  ratio(entry: Omit<PlantedEffect, "effect" | "direction">, raw: number, kind: EffectKind = "rate_ratio") {
    this.logEffect(entry, Math.log(raw), kind);
  }

  /** A planted log-scale effect (log rate ratio or log odds at scale 1). */
  logEffect(entry: Omit<PlantedEffect, "effect" | "direction">, rawLog: number, kind: EffectKind) {
    const scaledLog = rawLog * this.scale;
    const direction = directionOf(scaledLog);
    const full: PlantedEffect = { ...entry, effect: { kind, size: Math.exp(scaledLog) }, direction };
    (direction === "none" ? this.nulls : this.effects).push(full);
  }

  /** A planted equivalence: no difference, but a finding in itself (kept in effects). */
  equivalence(entry: Omit<PlantedEffect, "effect" | "direction">, kind: EffectKind) {
    this.effects.push({ ...entry, effect: { kind, size: 1 }, direction: "none" });
  }

  none(entry: Omit<PlantedEffect, "effect" | "direction">, kind: EffectKind) {
    this.nulls.push({ ...entry, effect: { kind, size: kind === "difference" ? 0 : 1 }, direction: "none" });
  }

  levels(detector: TruthDetector, target: TruthTarget, variable: string, levels: readonly Level[], reference: string, idPrefix: string) {
    for (const level of levels) {
      const entry = { id: `${idPrefix}-${slug(level.value)}`, detector, target, variable, value: level.value, reference, note: level.note ?? `planted null: ${variable} = ${level.value}` };
      if (level.effect !== undefined) this.ratio(entry, level.effect);
      else this.none(entry, "rate_ratio");
    }
  }
}

function windowTruth(window: SendWindow, scale: number): SendWindowTruth {
  const cells = window.weekdays.flatMap((weekday) => window.hours.map((hour) => weekdayHourLabel(weekday, hour)));
  return { id: window.id, label: window.label, weekdays: [...window.weekdays], hours: [...window.hours], cells, replyRateRatio: window.effect ** scale };
}

/** The planted truth for a configuration (independent of the seed except for `seed` itself). */
export function plantedTruth(config: Partial<SimulationConfig> = {}): PlantedTruth {
  const resolved = resolveSimulationConfig(config);
  const scale = resolved.effectScale;
  const t = new TruthBuilder(scale);

  // WHO: booking rate by lead attribute.
  t.levels("who", "booked", "industry", INDUSTRIES, "industries without a planted effect", "who-industry");
  t.levels("who", "booked", "seniority", SENIORITIES, "seniorities without a planted effect", "who-seniority");
  t.levels("who", "booked", "source", SOURCES, "sources without a planted effect", "who-source");
  for (const country of COUNTRIES) {
    t.none({ id: `who-country-${slug(country.name)}`, detector: "who", target: "booked", variable: "country", value: country.name, reference: "all leads", note: "country and time zone change when touches arrive in UTC, not whether leads book" }, "rate_ratio");
  }
  t.levels("who", "booked", "attributes.crm", CRMS, "all leads", "who-crm");
  t.levels("who", "booked", "attributes.fundingStage", FUNDING_STAGES, "all leads", "who-funding");
  t.none({ id: "who-company-size", detector: "who", target: "booked", variable: "companySize", value: "any", reference: "all leads", note: "company size (log-normal) has no effect on booking", detail: { numeric: true } }, "rate_ratio");

  // WHAT: reply rate by content of outreach touches (attributes.kind = "outreach").
  for (const phrase of PLANTED_PHRASES) {
    const channels = Object.entries(SLOTS_BY_CHANNEL).filter(([channel, slots]) => channel !== "other" && slots.includes(phrase.slot)).map(([channel]) => channel);
    t.ratio({ id: phrase.id, detector: "what", target: "replied", variable: "phrase", value: phrase.text, reference: "touches of the same channels without the phrase", note: phrase.note, detail: { slot: phrase.slot, channels, inclusion: phrase.inclusion } }, phrase.effect);
  }
  for (const [slot, phrases] of Object.entries(NEUTRAL_PHRASES)) {
    for (const text of phrases) t.none({ id: `what-phrase-null-${slug(text)}`, detector: "what", target: "replied", variable: "phrase", value: text, reference: "touches of the same channels without the phrase", note: "neutral wording", detail: { slot } }, "rate_ratio");
  }
  t.levels("what", "replied", "subjectStyle", SUBJECT_STYLES, "email touches with a question or short subject", "what-subject");
  t.levels("what", "replied", "cta", CTAS, "touches with a CTA without a planted effect", "what-cta");
  t.levels("what", "replied", "angle", ANGLES, "angles without a planted effect", "what-angle");
  for (const pain of PAIN_POINTS) t.none({ id: `what-pain-${slug(pain)}`, detector: "what", target: "replied", variable: "painPoint", value: pain, reference: "email touches without the pain point", note: "pain points are recorded but do not move replies" }, "rate_ratio");
  const promptRefs = new Set<string>(Object.values(PROMPT_REFS).flat());
  promptRefs.delete(PROMPT_REFS.reminder);
  promptRefs.delete(PROMPT_REFS.other); // no outreach channel uses it
  for (const ref of promptRefs) t.none({ id: `what-prompt-${slug(ref)}`, detector: "what", target: "replied", variable: "promptRef", value: ref, reference: "all outreach touches", note: "prompt versions (incl. the cold-open v3/v4 split) write equally good copy" }, "rate_ratio");

  // WHEN: reply rate by the lead-local weekday×hour of sentAt.
  const windowCells = new Set<string>();
  for (const window of SEND_WINDOWS) {
    const truth = windowTruth(window, 1);
    truth.cells.forEach((cell) => windowCells.add(cell));
    t.ratio({ id: window.id, detector: "when", target: "replied", variable: "sendWindow", value: window.label, reference: "touches sent outside every planted window (lead-local time)", note: window.note, detail: { weekdays: truth.weekdays, hours: truth.hours, cells: truth.cells } }, window.effect);
  }
  for (let weekday = 0; weekday < 7; weekday++) {
    for (let hour = 0; hour < 24; hour++) {
      const cell = weekdayHourLabel(weekday, hour);
      if (!windowCells.has(cell)) t.none({ id: `when-cell-${slug(cell)}`, detector: "when", target: "replied", variable: "weekdayHour", value: cell, reference: "touches sent outside every planted window (lead-local time)", note: "no timing effect in this lead-local cell" }, "rate_ratio");
    }
  }

  // HOW: booking rate by channel sequence, vs the single-channel sequence.
  for (const sequence of SEQUENCES) {
    if (sequence.value === SINGLE_CHANNEL_SEQUENCE) continue;
    const entry = { id: `how-sequence-${slug(sequence.value)}`, detector: "how" as const, target: "booked" as const, variable: "sequence", value: sequence.value, reference: `the single-channel "${SINGLE_CHANNEL_SEQUENCE}" sequence`, note: sequence.note ?? "multi-channel, but no better than email alone", detail: { channels: [...sequence.channels] } };
    if (sequence.effect !== undefined) t.ratio(entry, sequence.effect);
    else t.none(entry, "rate_ratio");
  }

  // MODEL: reply rate by the model that wrote the message (cost in costUsd).
  const expensive = MODELS.find((m) => m.value === EXPENSIVE_MODEL)!;
  const cheap = MODELS.find((m) => m.value === CHEAP_EQUIVALENT_MODEL)!;
  const costRatio = cheap.costPer1kTokens / expensive.costPer1kTokens;
  t.equivalence({ id: "model-gpt-4o-mini-equals-gpt-4o", detector: "model", target: "replied", variable: "model", value: CHEAP_EQUIVALENT_MODEL, reference: EXPENSIVE_MODEL, note: `as good as ${EXPENSIVE_MODEL} at ${(costRatio * 100).toFixed(0)}% of the cost`, detail: { costRatio } }, "rate_ratio");
  for (const model of MODELS) {
    if (model.effect === undefined) continue;
    t.ratio({ id: `model-${slug(model.value)}`, detector: "model", target: "replied", variable: "model", value: model.value, reference: EXPENSIVE_MODEL, note: model.note ?? "", detail: { costRatio: model.costPer1kTokens / expensive.costPer1kTokens } }, model.effect);
  }

  // CONFOUNDER: the reminder sms, sent mostly to leads booked far ahead.
  t.logEffect({ id: "confounder-reminder-show-up", detector: "confounder", target: "showed", variable: "reminderSent", value: true, reference: "booked leads without a reminder in the same daysToAppointmentBucket", note: "within each bucket the reminder raises show-up; pooled it looks harmful because it goes to far appointments", detail: { stratumVariable: "daysToAppointmentBucket", naiveDirection: "negative" } }, SHOW_MODEL.reminderLogOdds, "odds_ratio");

  // PREDICTOR: show-up of booked leads (call features where a call exists).
  t.logEffect({ id: "predictor-far-appointment", detector: "predictor", target: "showed", variable: "daysToAppointmentBucket", value: DAYS_BUCKET_FAR, reference: `appointments ${DAYS_BUCKET_NEAR} days ahead`, note: "appointments more than a week out are forgotten" }, SHOW_MODEL.farLogOdds, "odds_ratio");
  t.logEffect({ id: "predictor-commitment-score", detector: "predictor", target: "showed", variable: "commitmentScore", value: "per point", reference: "one point lower", note: "firm commitment on the call predicts showing up" }, SHOW_MODEL.commitmentLogOddsPerPoint, "odds_ratio");
  const soon = SHOW_MODEL.soonCommitment;
  t.logEffect({ id: "predictor-soon-and-committed", detector: "predictor", target: "showed", variable: "commitmentScore×daysToAppointment", value: `commitmentScore >= ${soon.minCommitment} and daysToAppointment <= ${soon.maxDays}`, reference: "other called leads", note: "a threshold interaction: firm commitment matters most when the appointment is days away", nonlinear: true, detail: soon }, soon.logOdds, "odds_ratio");
  const talk = CALL_BEHAVIOURS.talkRatio;
  t.logEffect({ id: "predictor-talk-ratio-inverted-u", detector: "predictor", target: "showed", variable: "agentTalkRatio", value: talk.peak, reference: `a call one width (${talk.width}) away from the peak`, note: "inverted U: show-up peaks at an agent talk share of 0.55; a linear term sees nothing", nonlinear: true, detail: { shape: "inverted_u", peak: talk.peak, width: talk.width } }, -talk.showLogOdds, "odds_ratio");
  t.none({ id: "predictor-bant-score", detector: "predictor", target: "showed", variable: "bantScore", value: "per point", reference: "one point lower", note: "BANT is recorded but independent of show-up" }, "odds_ratio");
  t.none({ id: "predictor-objection-count", detector: "predictor", target: "showed", variable: "objectionCount", value: "per objection", reference: "one objection fewer", note: "objections as such do not matter, their handling does" }, "odds_ratio");
  for (const motivation of MOTIVATIONS) t.none({ id: `predictor-motivation-${slug(motivation)}`, detector: "predictor", target: "showed", variable: "motivation", value: motivation, reference: "other motivations", note: "stated motivation does not predict show-up" }, "odds_ratio");

  // EXCELLENCE: behaviours of the agent on booking calls (show-up of booked calls).
  const b = CALL_BEHAVIOURS;
  t.logEffect({ id: b.hookPhrase.id, detector: "excellence", target: "showed", variable: "agentPhrase", value: b.hookPhrase.keyPhrase, stage: "hook", reference: "calls without the phrase", note: b.hookPhrase.note, detail: { sentence: b.hookPhrase.sentence, share: b.hookPhrase.probability } }, b.hookPhrase.showLogOdds, "odds_ratio");
  t.logEffect({ id: b.closingPhrase.id, detector: "excellence", target: "showed", variable: "agentPhrase", value: b.closingPhrase.keyPhrase, stage: "closing", reference: "calls that reached closing without the phrase", note: b.closingPhrase.note, detail: { sentence: b.closingPhrase.sentence, share: b.closingPhrase.probability } }, b.closingPhrase.showLogOdds, "odds_ratio");
  t.logEffect({ id: b.confirmationStep.id, detector: "excellence", target: "showed", variable: "agentPhrase", value: b.confirmationStep.keyPhrase, stage: "confirmation", reference: "booked calls without the explicit confirmation", note: b.confirmationStep.note, detail: { attribute: "confirmationStep", share: b.confirmationStep.probability } }, b.confirmationStep.showLogOdds, "odds_ratio");
  t.logEffect({ id: b.discoveryQuestions.id, detector: "excellence", target: "showed", variable: "discoveryQuestions", value: "per question", reference: "one question fewer", note: b.discoveryQuestions.note, detail: { attribute: "discoveryQuestions", mean: b.discoveryQuestions.center, stage: "qualification" } }, b.discoveryQuestions.showLogOddsPerQuestion, "odds_ratio");
  t.logEffect({ id: b.quickAcknowledgement.id, detector: "excellence", target: "showed", variable: "objectionAcknowledgedQuickly", value: true, stage: "objection_handling", reference: "calls whose agent deflected an objection before acknowledging it", note: b.quickAcknowledgement.note, detail: { attribute: "objectionAcknowledgedQuickly", measure: "the agent's first turn after the lead's objection starts with an acknowledgement" } }, b.quickAcknowledgement.showLogOdds, "odds_ratio");
  t.logEffect({ id: talk.id, detector: "excellence", target: "showed", variable: "agentTalkRatio", value: talk.peak, reference: `a call one width (${talk.width}) away from the peak`, note: talk.note, nonlinear: true, detail: { attribute: "agentTalkRatio", measure: "agent words / all words", shape: "inverted_u", peak: talk.peak, width: talk.width } }, -talk.showLogOdds, "odds_ratio");
  for (const [stage, phrases] of Object.entries(NEUTRAL_AGENT_PHRASES)) {
    for (const text of phrases) t.none({ id: `excellence-null-${slug(text)}`, detector: "excellence", target: "showed", variable: "agentPhrase", value: text, stage, reference: "calls that reached the stage without the phrase", note: "neutral agent wording" }, "odds_ratio");
  }
  for (const voice of AGENT_VOICES) t.none({ id: `excellence-voice-${voice}`, detector: "excellence", target: "showed", variable: "attributes.agentVoice", value: voice, reference: "other voices", note: "the synthetic voice does not matter" }, "odds_ratio");

  const best = windowTruth(SEND_WINDOWS[0], scale);
  const worst = windowTruth(SEND_WINDOWS[1], scale);
  const winning = SEQUENCES.find((s) => (s.effect ?? 1) > 1)!;
  return {
    seed: resolved.seed,
    effectScale: scale,
    effects: t.effects,
    nulls: t.nulls,
    bestSendWindow: best,
    worstSendWindow: worst,
    winningSequence: { id: `how-sequence-${slug(winning.value)}`, sequence: winning.value, reference: SINGLE_CHANNEL_SEQUENCE, bookingRateRatio: (winning.effect ?? 1) ** scale },
    equalCostModels: { id: "model-gpt-4o-mini-equals-gpt-4o", cheaper: CHEAP_EQUIVALENT_MODEL, expensive: EXPENSIVE_MODEL, costRatio, replyRateRatio: 1 },
    reversal: reversalTruth(scale),
    nonlinearEffectIds: scale === 0 ? [] : ["predictor-talk-ratio-inverted-u", "predictor-soon-and-committed"],
    conventions: [
      "Outreach touches have attributes.kind = \"outreach\"; the appointment reminder is an sms with attributes.kind = \"reminder\" sent after booking: leave it out of WHAT/WHEN/HOW analyses.",
      "WHEN effects are in the lead's local time (lead.timezone); sentAt is UTC.",
      "HOW sequences: the order of a lead's outreach channels with repeats collapsed (also in attributes.sequence).",
      "WHO effects are on booking (an outcome of kind \"booked\"), relative to the levels of the same variable without a planted effect.",
      "Show-up: outcomes \"showed\" / \"no_show\" of booked leads; the booked outcome carries daysToAppointment and daysToAppointmentBucket.",
      "Excellence and predictor effects are on show-up of booked leads with a call; compare agent phrases among calls that reached the stage.",
      "Effects are causal and balanced by weight: null levels sit at the overall rate.",
    ],
  };
}

function reversalTruth(scale: number): ReversalTruth {
  const base = logit(SHOW_MODEL.baseShowRate);
  const far = SHOW_MODEL.farLogOdds * scale;
  const reminder = SHOW_MODEL.reminderLogOdds * scale;
  const share = SHOW_MODEL.reminderShareByBucket;
  const near = SHOW_MODEL.nearShare;
  const rates = {
    [DAYS_BUCKET_NEAR]: { reminder: logistic(base + reminder), noReminder: logistic(base) },
    [DAYS_BUCKET_FAR]: { reminder: logistic(base + far + reminder), noReminder: logistic(base + far) },
  };
  const weightReminder = { near: near * share["0-7"], far: (1 - near) * share["8+"] };
  const weightNone = { near: near * (1 - share["0-7"]), far: (1 - near) * (1 - share["8+"]) };
  const pooledReminder = (weightReminder.near * rates["0-7"].reminder + weightReminder.far * rates["8+"].reminder) / (weightReminder.near + weightReminder.far);
  const pooledNone = (weightNone.near * rates["0-7"].noReminder + weightNone.far * rates["8+"].noReminder) / (weightNone.near + weightNone.far);
  return {
    id: "confounder-reminder-show-up",
    treatment: "reminderSent",
    treatmentTouch: { channel: "sms", attributesKind: "reminder" },
    target: "showed",
    stratumVariable: "daysToAppointmentBucket",
    strata: [DAYS_BUCKET_NEAR, DAYS_BUCKET_FAR],
    reminderShareByStratum: { ...share },
    naiveDirection: directionOf(Math.abs(pooledReminder - pooledNone) < 1e-9 ? 0 : pooledReminder - pooledNone),
    withinStratumDirection: directionOf(reminder),
    withinStratumOddsRatio: Math.exp(reminder),
    approximateShowRates: { pooled: { reminder: pooledReminder, noReminder: pooledNone }, byStratum: rates },
  };
}
