/**
 * Which target leads a pattern set. Each detector lists its targets in order of business weight
 * (WHO and HOW: booked first), but a tenant that records only some outcomes (deals from a CRM
 * export, replies from an email tool) must not see its patterns rest on one it never records.
 */
import type { PatternTarget } from "./types";

/**
 * The targets reordered so the first one with at least `minConversions` outcomes leads (the
 * others keep their order); when none has that many, the one with the most outcomes leads
 * (the detector's first on a tie, so an empty tenant keeps the default).
 */
export function primaryFirst<T extends PatternTarget>(targets: readonly T[], conversions: (target: T) => number, minConversions: number): T[] {
  if (targets.length < 2) return [...targets];
  let lead = targets.find((t) => conversions(t) >= minConversions);
  if (lead === undefined) lead = targets.reduce((best, t) => (conversions(t) > conversions(best) ? t : best), targets[0]);
  return [lead, ...targets.filter((t) => t !== lead)];
}

/**
 * The results worth showing: the primary (first) one always, the others only when some unit
 * reached them; a target the tenant never records would list every value at a rate of 0.
 */
export function withoutUnrecordedTargets<R extends { target: PatternTarget; conversions: number }>(results: readonly R[]): { kept: R[]; dropped: PatternTarget[] } {
  const kept = results.filter((r, i) => i === 0 || r.conversions > 0);
  return { kept, dropped: results.filter((r) => !kept.includes(r)).map((r) => r.target) };
}
