/**
 * The numeric causal model of a world: catalog effects raised to effectScale and normalised,
 * ready for the per-touch and per-lead hot paths. Built once per simulation.
 *
 * Reply and booking probabilities are log-linear (base × product of factors × a mean-one
 * log-normal lead interest), so rate ratios are collapsible: the ratio planted for one
 * variable is the ratio observed in raw data, whatever the other variables do. Each
 * categorical factor is divided by its mean under its sampling weights, so the configured base
 * rates stay the overall rates. Show-up is logistic (rates there are far from 0).
 */
import { CALL_BEHAVIOURS, SHOW_MODEL } from "./call-catalog";
import { COUNTRIES, CRMS, FUNDING_STAGES, INDUSTRIES, SENIORITIES, SOURCES, type Level } from "./catalog";
import type { SimulationConfig } from "./config";
import { ANGLES, CTAS, MODELS, PLANTED_PHRASES, SEND_WINDOWS, SEQUENCES, SUBJECT_STYLES, type PlantedPhrase } from "./content-catalog";
import { WeightedTable, logit } from "./random";

export interface FactorTable {
  table: WeightedTable<number>;
  values: readonly string[];
  /** Normalised multiplier per level (mean 1 under the weights). */
  factors: Float64Array;
}

export interface PhraseFactor {
  phrase: PlantedPhrase;
  present: number;
  absent: number;
}

export interface WorldModel {
  industry: FactorTable;
  seniority: FactorTable;
  source: FactorTable;
  crm: FactorTable;
  funding: FactorTable;
  sequence: FactorTable;
  subjectStyle: FactorTable;
  cta: FactorTable;
  angle: FactorTable;
  model: FactorTable;
  country: WeightedTable<number>;
  zoneByCountry: WeightedTable<string>[];
  phrases: PhraseFactor[];
  /** Reply multiplier per lead-local weekday (0 = Sunday) × 24 + hour. */
  timeFactor: Float64Array;
  replyInterestSd: number;
  bookingInterestSd: number;
  commitmentNoiseSd: number;
  commitmentInterestLoading: number;
  show: {
    base: number;
    far: number;
    reminder: number;
    commitmentPerPoint: number;
    soonCommitment: number;
    hook: number;
    closing: number;
    confirmation: number;
    perQuestion: number;
    quickAck: number;
    talkRatio: number;
  };
}

function factorTable(levels: readonly Level[], scale: number): FactorTable {
  const weights = levels.map((level) => level.weight);
  const table = new WeightedTable(
    levels.map((_, i) => i),
    weights,
  );
  const probabilities = table.probabilities();
  const raw = levels.map((level) => (level.effect ?? 1) ** scale);
  const mean = raw.reduce((sum, value, i) => sum + value * probabilities[i], 0);
  return { table, values: levels.map((level) => level.value), factors: Float64Array.from(raw, (value) => value / mean) };
}

export function buildWorldModel(config: SimulationConfig): WorldModel {
  const s = config.effectScale;
  const timeFactor = new Float64Array(7 * 24).fill(1);
  for (const window of SEND_WINDOWS) {
    for (const weekday of window.weekdays) for (const hour of window.hours) timeFactor[weekday * 24 + hour] = window.effect ** s;
  }
  const phrases = PLANTED_PHRASES.map((phrase) => {
    const scaled = phrase.effect ** s;
    const mean = 1 + phrase.inclusion * (scaled - 1);
    return { phrase, present: scaled / mean, absent: 1 / mean };
  });
  const b = CALL_BEHAVIOURS;
  return {
    industry: factorTable(INDUSTRIES, s),
    seniority: factorTable(SENIORITIES, s),
    source: factorTable(SOURCES, s),
    crm: factorTable(CRMS, s),
    funding: factorTable(FUNDING_STAGES, s),
    sequence: factorTable(SEQUENCES, s),
    subjectStyle: factorTable(SUBJECT_STYLES, s),
    cta: factorTable(CTAS, s),
    angle: factorTable(ANGLES, s),
    model: factorTable(MODELS, s),
    country: new WeightedTable(
      COUNTRIES.map((_, i) => i),
      COUNTRIES.map((c) => c.weight),
    ),
    zoneByCountry: COUNTRIES.map(
      (c) =>
        new WeightedTable(
          c.zones.map((z) => z.zone),
          c.zones.map((z) => z.weight),
        ),
    ),
    phrases,
    timeFactor,
    replyInterestSd: 0.5 * config.noise,
    bookingInterestSd: 0.5 * config.noise,
    commitmentNoiseSd: 12 * config.noise,
    commitmentInterestLoading: 10 * config.noise,
    show: {
      base: logit(SHOW_MODEL.baseShowRate),
      far: SHOW_MODEL.farLogOdds * s,
      reminder: SHOW_MODEL.reminderLogOdds * s,
      commitmentPerPoint: SHOW_MODEL.commitmentLogOddsPerPoint * s,
      soonCommitment: SHOW_MODEL.soonCommitment.logOdds * s,
      hook: b.hookPhrase.showLogOdds * s,
      closing: b.closingPhrase.showLogOdds * s,
      confirmation: b.confirmationStep.showLogOdds * s,
      perQuestion: b.discoveryQuestions.showLogOddsPerQuestion * s,
      quickAck: b.quickAcknowledgement.showLogOdds * s,
      talkRatio: b.talkRatio.showLogOdds * s,
    },
  };
}
