/**
 * Raw-record helpers that both simulator test files need, in one place so the two files read
 * the same records the same way. Not named *.test.ts, so vitest does not collect it.
 */
import type { SimulatedWorld } from "../../server/core/simulator";

export const outreachOf = (w: SimulatedWorld) => w.touches.filter((t) => t.attributes?.kind === "outreach");
const bookedSets = new WeakMap<SimulatedWorld, Set<string>>();
export function bookedSet(w: SimulatedWorld): Set<string> {
  let set = bookedSets.get(w);
  if (!set) bookedSets.set(w, (set = new Set(w.outcomes.filter((o) => o.kind === "booked").map((o) => o.leadExternalId))));
  return set;
}
