/**
 * Demo-world simulator: a seeded, deterministic tenant world (leads, multi-channel touches with
 * content, outcomes, calls with transcripts) with planted truths that Flywheel's detectors,
 * excellence analysis and show-up predictor must recover. Pure: no I/O, no database.
 *
 *   const world = simulateWorld({ seed: 7, leads: 5_000 });
 *   world.truth.effects   // what was planted, e.g. "who-industry-saas" (booking ×2)
 *   world.truth.nulls     // what was planted with no effect (false-discovery checks)
 *   for (const chunk of simulateWorldChunks({ seed: 7, leads: 170_000 }, 5_000)) insert(chunk);
 */
export { DEFAULT_SIMULATION_CONFIG, resolveSimulationConfig, type SimulationConfig } from "./config";
export { simulateWorld, simulateWorldChunks, type SimulatedWorld, type WorldChunk } from "./world";
export {
  plantedTruth,
  weekdayHourLabel,
  WEEKDAY_NAMES,
  type EffectDirection,
  type EffectKind,
  type PlantedEffect,
  type PlantedTruth,
  type ReversalTruth,
  type SendWindowTruth,
  type TruthDetector,
  type TruthTarget,
} from "./truth";
export { daysToAppointmentBucket, DAYS_BUCKET_FAR, DAYS_BUCKET_NEAR } from "./call-catalog";
export { Rng, WeightedTable, hashString, seedToUint32, deriveSeed } from "./random";
export { zoneClock, type ZoneClock } from "./time";
