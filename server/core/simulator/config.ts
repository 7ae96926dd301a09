/** Configuration of the demo-world simulator: defaults and validation. Pure. */

export interface SimulationConfig {
  /** Same seed (and config) ⇒ byte-identical world. */
  seed: string | number;
  /** Number of leads. */
  leads: number;
  /** Start of the simulated period (ISO date or date-time). */
  start: string;
  /** Length of the period in days. start + days is the observation horizon: funnel events later than that have not happened yet and are left out. */
  days: number;
  /** Mean outreach touches per lead (total touches ≈ leads × this). */
  touchesPerLead: number;
  /** Share of booked leads whose booking call is recorded with a transcript; non-booked leads get a declined call at a tenth of this share. */
  callShare: number;
  /** Multiplies the log of every planted effect; 0 gives a pure-null world, 2 doubles the log effects. */
  effectScale: number;
  /** Scales the unexplained lead-to-lead variation (interest, commitment); 0 = none. */
  noise: number;
  /** Mean reply probability of an outreach touch outside the planted send windows. */
  baseReplyRate: number;
  /** Mean booking probability of a lead (planted factors are normalised to mean 1). */
  baseBookingRate: number;
  /** Prefix of every externalId, so several worlds can live in one tenant. */
  externalIdPrefix: string;
  /** Render subject, body and painPoints (labels such as cta, angle and attributes are always present). */
  includeContent: boolean;
  /** Render call transcripts (call scores and attributes are always present). */
  includeTranscripts: boolean;
}

export const DEFAULT_SIMULATION_CONFIG: Readonly<SimulationConfig> = Object.freeze({
  seed: 42,
  leads: 2_000,
  start: "2025-01-06T00:00:00.000Z",
  days: 90,
  touchesPerLead: 6,
  callShare: 0.6,
  effectScale: 1,
  noise: 1,
  baseReplyRate: 0.05,
  baseBookingRate: 0.08,
  externalIdPrefix: "sim-",
  includeContent: true,
  includeTranscripts: true,
});

function requireNumber(name: string, value: number, min: number, max: number) {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`simulator config: ${name} must be a number in [${min}, ${max}], got ${String(value)}`);
  }
}

/** Fills defaults and validates; throws RangeError on an impossible configuration. */
export function resolveSimulationConfig(config: Partial<SimulationConfig> = {}): SimulationConfig {
  const defined = Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined)) as Partial<SimulationConfig>;
  const resolved: SimulationConfig = { ...DEFAULT_SIMULATION_CONFIG, ...defined };
  if (!Number.isInteger(resolved.leads) || resolved.leads < 0) throw new RangeError(`simulator config: leads must be a non-negative integer, got ${resolved.leads}`);
  if (Number.isNaN(Date.parse(resolved.start))) throw new RangeError(`simulator config: start must be an ISO date, got ${resolved.start}`);
  if (typeof resolved.seed !== "string" && !(typeof resolved.seed === "number" && Number.isFinite(resolved.seed))) {
    throw new RangeError("simulator config: seed must be a string or a finite number");
  }
  requireNumber("days", resolved.days, 1, 3_650);
  requireNumber("touchesPerLead", resolved.touchesPerLead, 1, 50);
  requireNumber("callShare", resolved.callShare, 0, 1);
  requireNumber("effectScale", resolved.effectScale, 0, 5);
  requireNumber("noise", resolved.noise, 0, 5);
  requireNumber("baseReplyRate", resolved.baseReplyRate, 0, 0.5);
  requireNumber("baseBookingRate", resolved.baseBookingRate, 0, 0.5);
  return resolved;
}
