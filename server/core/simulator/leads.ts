/** Generates one simulated lead: who they are, where they sit, how interested they are. */
import type { LeadRecord } from "../records";
import {
  COMPANY_PREFIXES, COMPANY_SIZE, COMPANY_SUFFIXES_BY_INDUSTRY, COUNTRIES, FIRST_NAMES, LAST_NAMES, TITLES_BY_SENIORITY,
} from "./catalog";
import type { SimulationConfig } from "./config";
import type { WorldModel } from "./model";
import { type Rng, clamp, seedToUint32 } from "./random";
import { DAY_MS, type ZoneClock, zoneClock } from "./time";

/** Everything the generator needs across one world, built once. */
export interface WorldContext {
  config: SimulationConfig;
  model: WorldModel;
  startMs: number;
  /** start + days: nothing in the funnel after this has happened yet. */
  horizonMs: number;
  /** Lead creation is uniform over [startMs, startMs + creationSpanMs). */
  creationSpanMs: number;
  prefix: string;
  /** 32-bit hash of config.seed; every lead derives its own streams from it. */
  seedHash: number;
}

export interface LeadState {
  index: number;
  record: LeadRecord;
  clock: ZoneClock;
  firstName: string;
  /** Local ms of creation (may be moved back by whole weeks so the outreach fits the period). */
  createdLocal: number;
  /** Product of the lead's normalised WHO booking factors. */
  whoBookingFactor: number;
  /** Latent interest ~ Normal(0, 1): shared by replies, booking and commitment; independent of every observed attribute. */
  interest: number;
}

export function buildWorldContext(config: SimulationConfig, model: WorldModel): WorldContext {
  const startMs = Date.parse(config.start);
  const periodMs = config.days * DAY_MS;
  // Leave the last week (or half of a short period) for the sequences to play out.
  const creationSpanMs = Math.max(DAY_MS, periodMs > 14 * DAY_MS ? periodMs - 7 * DAY_MS : periodMs / 2);
  return { config, model, startMs, horizonMs: startMs + periodMs, creationSpanMs, prefix: config.externalIdPrefix, seedHash: seedToUint32(config.seed) };
}

function domainOf(company: string): string {
  return `${company.toLowerCase().replace(/[^a-z0-9]+/g, "")}.com`;
}

export function generateLead(index: number, rng: Rng, ctx: WorldContext): LeadState {
  const m = ctx.model;
  const industryIndex = m.industry.table.sample(rng);
  const seniorityIndex = m.seniority.table.sample(rng);
  const sourceIndex = m.source.table.sample(rng);
  const countryIndex = m.country.sample(rng);
  const zone = m.zoneByCountry[countryIndex].sample(rng);
  const crmIndex = m.crm.table.sample(rng);
  const fundingIndex = m.funding.table.sample(rng);
  const companySize = Math.round(clamp(rng.logNormal(Math.log(COMPANY_SIZE.median), COMPANY_SIZE.logSd), COMPANY_SIZE.min, COMPANY_SIZE.max));
  const industry = m.industry.values[industryIndex];
  const seniority = m.seniority.values[seniorityIndex];
  const title = rng.pick(TITLES_BY_SENIORITY[seniority]);
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const company = `${rng.pick(COMPANY_PREFIXES)} ${rng.pick(COMPANY_SUFFIXES_BY_INDUSTRY[industry])}`;
  const createdUtc = ctx.startMs + Math.floor(rng.next() * ctx.creationSpanMs);
  const interest = rng.normal();
  const clock = zoneClock(zone);

  const record: LeadRecord = {
    externalId: `${ctx.prefix}lead-${index}`,
    // The index keeps emails unique across a world of any size.
    email: `${firstName}.${lastName}.${index}@${domainOf(company)}`.toLowerCase(),
    name: `${firstName} ${lastName}`,
    company,
    industry,
    companySize,
    title,
    seniority,
    source: m.source.values[sourceIndex],
    country: COUNTRIES[countryIndex].name,
    timezone: zone,
    attributes: { crm: m.crm.values[crmIndex], fundingStage: m.funding.values[fundingIndex] },
    createdAt: null,
  };
  return {
    index,
    record,
    clock,
    firstName,
    createdLocal: clock.toLocal(createdUtc),
    whoBookingFactor: m.industry.factors[industryIndex] * m.seniority.factors[seniorityIndex] * m.source.factors[sourceIndex],
    interest,
  };
}
