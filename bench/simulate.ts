/**
 * Demo-world simulator throughput: one million touches (content and transcripts included)
 * through the chunked API, holding one chunk at a time. Prints rows/s, seconds per million
 * touches and the peak heap, and fails when a million touches take 60 s or more.
 *
 *   npx tsx bench/simulate.ts  [--touches 1000000] [--chunk 5000] [--no-content]
 */
import { parseArgs } from "node:util";
import { DEFAULT_SIMULATION_CONFIG, simulateWorldChunks } from "../server/core/simulator";

const { values } = parseArgs({ options: { touches: { type: "string", default: "1000000" }, chunk: { type: "string", default: "5000" }, "no-content": { type: "boolean", default: false } } });
const targetTouches = Number(values.touches);
const chunkLeads = Number(values.chunk);
const includeContent = !values["no-content"];
const leads = Math.ceil(targetTouches / DEFAULT_SIMULATION_CONFIG.touchesPerLead);

const counts = { leads: 0, touches: 0, outcomes: 0, calls: 0, turns: 0 };
let textChars = 0; // uses every touch, so nothing is optimised away
let peakHeapMb = 0;
const started = performance.now();
for (const chunk of simulateWorldChunks({ seed: "bench", leads, includeContent, includeTranscripts: includeContent }, chunkLeads)) {
  counts.leads += chunk.leads.length;
  counts.touches += chunk.touches.length;
  counts.outcomes += chunk.outcomes.length;
  counts.calls += chunk.calls.length;
  for (const touch of chunk.touches) textChars += (touch.body?.length ?? 0) + touch.sentAt.length;
  for (const call of chunk.calls) counts.turns += call.transcript.length;
  peakHeapMb = Math.max(peakHeapMb, process.memoryUsage().heapUsed / 2 ** 20);
}
const seconds = (performance.now() - started) / 1000;
const rows = counts.leads + counts.touches + counts.outcomes + counts.calls;
const secondsPerMillion = (seconds / counts.touches) * 1e6;

console.log(`bench/simulate: ${counts.leads.toLocaleString()} leads, ${counts.touches.toLocaleString()} touches, ${counts.outcomes.toLocaleString()} outcomes, ${counts.calls.toLocaleString()} calls (${counts.turns.toLocaleString()} transcript turns), content ${includeContent ? "on" : "off"}, chunks of ${chunkLeads.toLocaleString()} leads`);
console.log(`  ${seconds.toFixed(2)} s total, ${Math.round(rows / seconds).toLocaleString()} rows/s, ${Math.round(counts.touches / seconds).toLocaleString()} touches/s`);
console.log(`  ${secondsPerMillion.toFixed(2)} s per million touches (goal < 60 s), peak heap ${peakHeapMb.toFixed(0)} MB, ${textChars.toLocaleString()} chars of text`);
if (secondsPerMillion >= 60) {
  console.error("bench/simulate: too slow, a million touches must take under 60 s");
  process.exitCode = 1;
}
