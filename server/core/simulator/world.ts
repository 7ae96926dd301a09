/**
 * The world generator: one lead at a time, each from its own random streams, so the output
 * for a lead depends only on (seed, config, lead index). That makes the chunked form equal to
 * the one-shot form and lets a million touches stream through bounded memory.
 */
import type { CallRecord, LeadRecord, OutcomeRecord, TouchRecord } from "../records";
import { type SimulationConfig, resolveSimulationConfig } from "./config";
import { runFunnel } from "./funnel";
import { type WorldContext, buildWorldContext, generateLead } from "./leads";
import { buildWorldModel } from "./model";
import { Rng, deriveSeed } from "./random";
import { generateOutreach } from "./touches";
import { type PlantedTruth, plantedTruth } from "./truth";

export interface WorldChunk {
  leads: LeadRecord[];
  touches: TouchRecord[];
  outcomes: OutcomeRecord[];
  calls: CallRecord[];
}

export interface SimulatedWorld extends WorldChunk {
  truth: PlantedTruth;
  config: SimulationConfig;
}

/** Independent random streams of one lead. */
const STREAM = { core: 0, text: 1, call: 2, transcript: 3 } as const;

function simulateLeadInto(index: number, ctx: WorldContext, out: WorldChunk) {
  const streamFor = (stream: number) => new Rng(deriveSeed(ctx.seedHash, index, stream));
  const core = streamFor(STREAM.core);
  const lead = generateLead(index, core, ctx);
  const outreach = generateOutreach(lead, core, ctx.config.includeContent ? streamFor(STREAM.text) : null, ctx);
  const funnel = runFunnel(lead, outreach, { core, call: () => streamFor(STREAM.call), transcript: () => streamFor(STREAM.transcript) }, ctx);
  out.leads.push(lead.record);
  for (const touch of outreach.touches) out.touches.push(touch);
  if (funnel.reminder) out.touches.push(funnel.reminder);
  for (const outcome of funnel.outcomes) out.outcomes.push(outcome);
  for (const call of funnel.calls) out.calls.push(call);
}

function emptyChunk(): WorldChunk {
  return { leads: [], touches: [], outcomes: [], calls: [] };
}

/**
 * Yields the world in chunks of `chunkLeads` leads (with their touches, outcomes and calls).
 * Concatenated, the chunks equal simulateWorld(config) for any chunk size.
 */
export function* simulateWorldChunks(config: Partial<SimulationConfig> = {}, chunkLeads = 5_000): Generator<WorldChunk, void, undefined> {
  if (!Number.isInteger(chunkLeads) || chunkLeads < 1) throw new RangeError(`chunkLeads must be a positive integer, got ${chunkLeads}`);
  const resolved = resolveSimulationConfig(config);
  const ctx = buildWorldContext(resolved, buildWorldModel(resolved));
  for (let from = 0; from < resolved.leads; from += chunkLeads) {
    const chunk = emptyChunk();
    const to = Math.min(resolved.leads, from + chunkLeads);
    for (let index = from; index < to; index++) simulateLeadInto(index, ctx, chunk);
    yield chunk;
  }
}

/** Generates a whole world in memory, with its planted truth and the resolved config. */
export function simulateWorld(config: Partial<SimulationConfig> = {}): SimulatedWorld {
  const resolved = resolveSimulationConfig(config);
  const ctx = buildWorldContext(resolved, buildWorldModel(resolved));
  const world = emptyChunk();
  for (let index = 0; index < resolved.leads; index++) simulateLeadInto(index, ctx, world);
  return { ...world, truth: plantedTruth(resolved), config: resolved };
}
