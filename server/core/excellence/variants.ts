/**
 * Seed 002's prompt evolution engine, evidence first and deterministic: variants of the
 * production prompt, each adding one guidance section drawn from one significant finding of the
 * Excellence Report (`excellenceReport`), with the finding and its numbers as the rationale.
 *
 * - Which variants: the winning wording of a stage (its strongest significant winning sentence or
 *   phrase), the confirmation step, personalization, the top calls' time per stage, and — when the
 *   report backs them — acknowledging objections first, more discovery questions, and the talk
 *   ratio. No significant finding, no variant. A finding against the rest is preferred; one
 *   against the bottom 10% (the seed's differentiators) counts when the rest shows none, and the
 *   rationale says which it is.
 * - The template: the production text is kept byte for byte (so every {{variable}} stays) and a
 *   section headed `GUIDANCE_HEADING` is appended, so a diff shows exactly what a variant adds.
 *   Quoted wording is made inert ("{{" cannot open a new variable).
 * - Order: by evidence strength, the |z| (or Welch |t|) of the finding behind each variant.
 * - `expectedEffect` is the observed difference between the cohorts, not a promised lift: the
 *   experiment the variant goes into measures that.
 */
import { extractVariables } from "../prompt-template";
import { CALL_STAGES } from "../records";
import type { BehaviourRowDocument, ExcellenceReportDocument, LanguageRow, StructureRowDocument } from "./report";

export const GUIDANCE_HEADING = "## Guidance from top calls";

export interface PromptVariant {
  key: string;
  title: string;
  template: string;
  rationale: string;
  evidence: Record<string, unknown>;
  expectedEffect: string;
  /** |z| or |t| of the finding behind the variant: larger is stronger evidence. */
  strength: number;
}

const stageName = (stage: string) => stage.replace(/_/g, " ");
const pct = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${(v * 100).toFixed(0)}%`);
const points = (v: number) => `${v >= 0 ? "+" : "−"}${Math.abs(v * 100).toFixed(0)} points`;
const qText = (q: number) => (q < 1e-4 ? q.toExponential(1) : q.toPrecision(2));
const inert = (text: string) => text.replace(/\{\{/g, "{ {").replace(/\}\}/g, "} }");

/** The production text unchanged, then the guidance section. */
export function withGuidance(template: string, lines: readonly string[]): string {
  const separator = template.length === 0 ? "" : template.endsWith("\n\n") ? "" : template.endsWith("\n") ? "\n" : "\n\n";
  return `${template}${separator}${GUIDANCE_HEADING}\n${lines.map((line) => `- ${line}`).join("\n")}\n`;
}

type Backed<T> = { row: T; versus: "rest" | "bottom" } | null;

/** The significant comparison of a behaviour in the wanted direction: against the rest, else against the bottom. */
function backedBehaviour(rows: readonly BehaviourRowDocument[], measure: string, sign: 1 | -1): Backed<BehaviourRowDocument> {
  const row = rows.find((r) => r.behaviour === measure);
  if (!row) return null;
  if (row.significant && Math.sign(row.difference) === sign) return { row, versus: "rest" };
  const b = row.versus_bottom;
  return b && b.significant && Math.sign(b.difference) === sign ? { row, versus: "bottom" } : null;
}

function backedStructure(rows: readonly StructureRowDocument[], measure: string, sign: 1 | -1): Backed<StructureRowDocument> {
  const row = rows.find((r) => r.metric === measure);
  if (!row) return null;
  if (row.significant && Math.sign(row.difference) === sign) return { row, versus: "rest" };
  const b = row.versus_bottom;
  return b && b.significant && Math.sign(b.difference) === sign ? { row, versus: "bottom" } : null;
}

const comparisonOf = <T extends BehaviourRowDocument | StructureRowDocument>(backed: NonNullable<Backed<T>>) => (backed.versus === "rest" ? backed.row : backed.row.versus_bottom!);
const otherLabel = (versus: "rest" | "bottom") => (versus === "rest" ? "the rest" : "the bottom 10%");

function behaviourRationale(backed: NonNullable<Backed<BehaviourRowDocument>>): { rationale: string; expectedEffect: string; strength: number; evidence: Record<string, unknown> } {
  const { row, versus } = backed;
  const c = comparisonOf(backed);
  const other = versus === "rest" ? row.rest : row.bottom!;
  return {
    rationale: `${pct(row.top.share)} of top calls (${row.top.count}/${row.top.n}) vs ${pct(other.share)} of ${otherLabel(versus)} (${other.count}/${other.n}), among ${row.among}: ${points(c.difference)}, 95% CI ${points(c.difference_interval.lower)} to ${points(c.difference_interval.upper)}, q = ${qText(c.q)}`,
    expectedEffect: `${points(c.difference)} more top calls do it than ${otherLabel(versus)} (observed, not a tested lift)`,
    strength: Math.abs(c.statistic),
    evidence: { finding: `behavioral.${row.behaviour}`, versus, top: row.top, other, difference: c.difference, interval: c.difference_interval, q: c.q, test: versus === "rest" ? row.test : row.versus_bottom!.test },
  };
}

function structureRationale(backed: NonNullable<Backed<StructureRowDocument>>): { rationale: string; expectedEffect: string; strength: number; evidence: Record<string, unknown> } {
  const { row, versus } = backed;
  const c = comparisonOf(backed);
  const other = versus === "rest" ? row.rest : row.bottom!;
  const g = versus === "rest" ? row.hedges_g : row.versus_bottom!.hedges_g;
  const f = (v: number | null) => (v === null ? "—" : v.toFixed(2));
  return {
    rationale: `${row.label}: top calls' mean ${f(row.top.mean)} (median ${f(row.top.median)}) vs ${f(other.mean)} for ${otherLabel(versus)}, difference ${f(c.difference)} (95% CI ${f(c.difference_interval.lower)} to ${f(c.difference_interval.upper)}), Hedges' g ${f(g)}, q = ${qText(c.q)}`,
    expectedEffect: `Hedges' g ${f(g)} between top calls and ${otherLabel(versus)} (observed, not a tested lift)`,
    strength: Math.abs(c.statistic),
    evidence: { finding: `structure.${row.metric}`, versus, top: row.top, other, difference: c.difference, interval: c.difference_interval, hedges_g: g, q: c.q },
  };
}

function bestWinner(rows: readonly LanguageRow[] | undefined): LanguageRow | null {
  const winners = (rows ?? []).filter((r) => r.significant && r.direction === "winner");
  winners.sort((a, b) => Math.abs(b.z) - Math.abs(a.z) || (a.kind === b.kind ? 0 : a.kind === "sentence" ? -1 : 1) || a.phrase.localeCompare(b.phrase));
  return winners[0] ?? null;
}

export function buildPromptVariants(productionTemplate: string, report: ExcellenceReportDocument): PromptVariant[] {
  const patterns = report?.discovered_patterns;
  if (!patterns || report.insufficient_data) return [];
  const variants: PromptVariant[] = [];
  const add = (variant: PromptVariant) => variants.push(variant);

  for (const stage of patterns.language?.by_stage ?? []) {
    const vsRest = bestWinner(stage.phrases);
    const row = vsRest ?? bestWinner(stage.versus_bottom?.phrases);
    if (!row) continue;
    const versus = vsRest ? "rest" : "bottom";
    const wording = inert(row.kind === "sentence" ? row.phrase : (row.example ?? row.phrase));
    const otherShare = versus === "rest" ? row.rest_share : row.bottom_share;
    const otherCount = versus === "rest" ? row.rest_count : row.bottom_count;
    const otherCalls = versus === "rest" ? row.rest_calls : row.bottom_calls;
    const name = stageName(stage.stage);
    add({
      key: `winning-${stage.stage.replace(/_/g, "-")}`,
      title: `Winning ${name} wording`,
      template: withGuidance(productionTemplate, [
        `In the ${name}, say something like: "${wording}"${/<[^>]+>/.test(wording) ? " (fill in the parts in angle brackets for this lead and appointment)" : ""}`,
      ]),
      rationale: `Top calls use ${row.kind === "sentence" ? "this line" : `"${row.phrase}"`} in ${pct(row.top_share)} of ${name}s (${row.top_count}/${row.top_calls}) vs ${pct(otherShare)} for ${otherLabel(versus)} (${otherCount}/${otherCalls}); log-odds ${row.log_odds.toFixed(2)}, z = ${row.z.toFixed(1)}, q = ${qText(row.q)}`,
      evidence: { finding: `language.${stage.stage}`, versus, kind: row.kind, phrase: row.phrase, example: row.example, topCalls: row.top_count, topReached: row.top_calls, otherCalls: otherCount, otherReached: otherCalls, logOdds: row.log_odds, z: row.z, q: row.q },
      expectedEffect: `${points(row.top_share - (otherShare ?? 0))} more top calls use it than ${otherLabel(versus)} (observed, not a tested lift)`,
      strength: Math.abs(row.z),
    });
  }

  const behaviours = patterns.behavioral?.comparisons ?? [];
  const structure = patterns.structure?.comparisons ?? [];
  const confirmation = backedBehaviour(behaviours, "confirmationStep", 1);
  if (confirmation) {
    add({
      key: "confirmation-step",
      title: "Explicit confirmation step",
      template: withGuidance(productionTemplate, ["Before ending the call, have the lead confirm the appointment out loud: restate the day and time and ask them to confirm they will be there."]),
      ...behaviourRationale(confirmation),
    });
  }
  const personalized = backedBehaviour(behaviours, "personalized", 1);
  const personalCount = personalized ? null : backedStructure(structure, "personalizationCount", 1);
  if (personalized || personalCount) {
    const usesName = extractVariables(productionTemplate).find((v) => /first_?name/i.test(v)) ?? extractVariables(productionTemplate).find((v) => /name/i.test(v));
    add({
      key: "personalization",
      title: "More personalization",
      template: withGuidance(productionTemplate, [
        `Refer to the lead's own situation — their team, their tools, what they told you earlier in the call${usesName ? ` — and address them by name ({{${usesName}}})` : ""} at least ${Math.max(2, Math.round(patterns.behavioral?.personalization_count ?? 2))} times.`,
      ]),
      ...(personalized ? behaviourRationale(personalized) : structureRationale(personalCount!)),
    });
  }
  const timing = CALL_STAGES.map((stage) => backedStructure(structure, `stageSeconds.${stage}`, 1) ?? backedStructure(structure, `stageSeconds.${stage}`, -1)).filter((b): b is NonNullable<typeof b> => b !== null);
  const durations = patterns.structure?.optimal_stage_durations;
  if (timing.length && durations) {
    const lines = CALL_STAGES.filter((stage) => typeof durations[stage] === "number" && (durations[stage] as number) > 0).map((stage) => `${stageName(stage)} about ${Math.round(durations[stage] as number)} s`);
    const strongest = timing.reduce((best, b) => (Math.abs(comparisonOf(b).statistic) > Math.abs(comparisonOf(best).statistic) ? b : best));
    const explained = structureRationale(strongest);
    add({
      key: "stage-timing",
      title: "Top calls' time per stage",
      template: withGuidance(productionTemplate, [`Pace the call like the top calls (median time per stage): ${lines.join("; ")}.`]),
      rationale: `Time per stage differs significantly in ${timing.map((b) => `${stageName(b.row.metric.slice("stageSeconds.".length))} (vs ${otherLabel(b.versus)})`).join(", ")}; strongest: ${explained.rationale}`,
      evidence: { findings: timing.map((b) => ({ ...structureRationale(b).evidence })), optimalStageDurations: durations },
      expectedEffect: explained.expectedEffect,
      strength: explained.strength,
    });
  }
  const acknowledgement = backedBehaviour(behaviours, "objectionAcknowledgedQuickly", 1);
  if (acknowledgement) {
    add({
      key: "acknowledge-objections",
      title: "Acknowledge objections first",
      template: withGuidance(productionTemplate, ['When the lead raises an objection, acknowledge it in your first sentence ("That\'s a fair point.", "I understand.") before answering; never continue the pitch first.']),
      ...behaviourRationale(acknowledgement),
    });
  }
  const questions = backedStructure(structure, "questionCount", 1) ?? backedStructure(structure, "discoveryQuestions", 1);
  if (questions) {
    add({
      key: "discovery-questions",
      title: "More discovery questions",
      template: withGuidance(productionTemplate, [`Ask about ${Math.round(questions.row.top.median ?? 0)} questions about the lead's situation before presenting, as the top calls do.`]),
      ...structureRationale(questions),
    });
  }
  const talk = backedStructure(structure, "talkRatioDistance", -1);
  const ratio = patterns.structure?.optimal_agent_ratio;
  if (talk && typeof ratio === "number") {
    add({
      key: "talk-ratio",
      title: "Balance the talking",
      template: withGuidance(productionTemplate, [`Keep your share of the words near ${pct(ratio)}: neither a monologue nor an interrogation.`]),
      ...structureRationale(talk),
    });
  }

  // A variant must keep the production prompt's variables and add none.
  const variables = extractVariables(productionTemplate).sort().join(",");
  return variants.filter((v) => extractVariables(v.template).sort().join(",") === variables).sort((a, b) => b.strength - a.strength || a.key.localeCompare(b.key));
}
