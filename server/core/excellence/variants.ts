/**
 * Seed 002's prompt evolution engine, evidence first: variants of the production prompt, each
 * adding one clearly marked guidance section drawn from a significant finding of the Excellence
 * Report — the top calls' winning wording per stage, the confirmation step, personalization, the
 * top calls' time per stage. No finding, no variant. The original text and every {{variable}} stay
 * as they are, so a diff shows exactly what a variant changes. Ordered by evidence strength.
 */
import { CALL_STAGES } from "../records";
import type { ExcellenceReportDocument } from "./report";

export interface PromptVariant {
  key: string;
  title: string;
  template: string;
  rationale: string;
  evidence: Record<string, unknown>;
  /** The evidence's own figure, not a promise: the share difference or z behind the change. */
  expectedEffect: string;
  /** For ordering: larger is stronger evidence. */
  strength: number;
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${(v * 100).toFixed(0)}%`);
const withGuidance = (template: string, lines: string[]) => `${template.trimEnd()}\n\n## Guidance from top calls\n${lines.map((l) => `- ${l}`).join("\n")}\n`;

export function buildPromptVariants(template: string, report: ExcellenceReportDocument): PromptVariant[] {
  const variants: PromptVariant[] = [];
  const patterns = report.discovered_patterns;
  if (!patterns) return variants;

  for (const stage of patterns.language.by_stage) {
    const w = stage.winners[0];
    if (!w?.significant) continue;
    const wording = w.example ?? w.phrase;
    variants.push({
      key: `phrase-${stage.stage.replace(/_/g, "-")}`,
      title: `Winning ${stage.stage.replace("_", " ")} wording`,
      template: withGuidance(template, [`In the ${stage.stage.replace("_", " ")}, say something like: “${wording}”`]),
      rationale: `top calls use “${w.phrase}” in ${pct(w.topShare)} of ${stage.stage.replace("_", " ")}s vs ${pct(w.otherShare)} of the rest (z = ${w.z.toFixed(1)}, q = ${w.q.toPrecision(2)})`,
      evidence: { stage: stage.stage, phrase: w.phrase, topCalls: w.topCalls, topReached: w.topReached, otherCalls: w.otherCalls, otherReached: w.otherReached, z: w.z, q: w.q },
      expectedEffect: `${pct(w.topShare - w.otherShare)} more top calls use it`,
      strength: Math.abs(w.z),
    });
  }

  const behaviour = (measure: string) => patterns.behavioral.comparisons.find((c) => c.versus === "rest" && c.measure === measure && c.significant && c.difference > 0);
  const strength = (q: number) => -Math.log10(Math.max(q, 1e-300));
  const confirmation = behaviour("confirmationStep");
  if (confirmation) {
    variants.push({
      key: "confirmation-step",
      title: "Explicit confirmation step",
      template: withGuidance(template, ["Before you end the call, ask the lead to confirm the day and time out loud: “Just to confirm, you'll be there on <day> at <time>?”"]),
      rationale: `${pct(confirmation.top.share)} of top calls confirm the appointment explicitly vs ${pct(confirmation.other.share)} of the rest (q = ${confirmation.q.toPrecision(2)})`,
      evidence: { ...confirmation },
      expectedEffect: `difference ${pct(confirmation.difference)} (95% CI ${pct(confirmation.interval.lower)} to ${pct(confirmation.interval.upper)})`,
      strength: strength(confirmation.q),
    });
  }
  const acknowledgement = behaviour("objectionAcknowledgedQuickly");
  if (acknowledgement) {
    variants.push({
      key: "acknowledge-objections",
      title: "Acknowledge objections first",
      template: withGuidance(template, ["When the lead raises an objection, acknowledge it in your first sentence (“That's a fair point.”) before you answer; never continue the pitch first."]),
      rationale: `${pct(acknowledgement.top.share)} of top calls with an objection acknowledge it at once vs ${pct(acknowledgement.other.share)} of the rest (q = ${acknowledgement.q.toPrecision(2)})`,
      evidence: { ...acknowledgement },
      expectedEffect: `difference ${pct(acknowledgement.difference)}`,
      strength: strength(acknowledgement.q),
    });
  }
  const personalized = behaviour("personalized");
  if (personalized) {
    variants.push({
      key: "more-personalization",
      title: "More personalization",
      template: withGuidance(template, ["Refer to the lead's own situation (their team, what they told you) at least twice, using {{first_name}} and their company's name."].map((l) => (template.includes("{{first_name}}") ? l : l.replace(", using {{first_name}} and their company's name", "")))),
      rationale: `${pct(personalized.top.share)} of top calls personalize vs ${pct(personalized.other.share)} of the rest (q = ${personalized.q.toPrecision(2)})`,
      evidence: { ...personalized },
      expectedEffect: `difference ${pct(personalized.difference)}`,
      strength: strength(personalized.q),
    });
  }
  const timing = patterns.structure.comparisons.filter((c) => c.versus === "rest" && c.significant && c.measure.startsWith("stageSeconds."));
  if (timing.length) {
    const lines = CALL_STAGES.map((stage) => [stage, patterns.structure.optimal_stage_durations[stage]] as const)
      .filter(([, seconds]) => seconds !== null && seconds > 0)
      .map(([stage, seconds]) => `${stage.replace("_", " ")}: about ${Math.round(seconds!)} s`);
    variants.push({
      key: "stage-timing",
      title: "Top calls' timing per stage",
      template: withGuidance(template, [`Pace the call like the top calls: ${lines.join("; ")}.`]),
      rationale: `time per stage differs significantly in ${timing.map((t) => t.measure.replace("stageSeconds.", "")).join(", ")} (smallest q = ${Math.min(...timing.map((t) => t.q)).toPrecision(2)})`,
      evidence: { comparisons: timing },
      expectedEffect: `Hedges' g up to ${Math.max(...timing.map((t) => Math.abs(t.hedgesG))).toFixed(2)}`,
      strength: Math.max(...timing.map((t) => strength(t.q))),
    });
  }
  return variants.sort((a, b) => b.strength - a.strength || a.key.localeCompare(b.key));
}
