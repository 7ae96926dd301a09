/**
 * The seed's cohorts, the sample-size rules, the Excellence Report document and the prompt
 * variants built from it, on synthetic calls whose transcripts are written so that the top calls
 * confirm, personalize, ask more questions and use one closing line more often than the others.
 */
import { describe, expect, it } from "vitest";
import {
  GUIDANCE_HEADING,
  analyzeExcellenceCohorts,
  analyzeTranscript,
  buildPromptVariants,
  excellenceReport,
  splitCohorts,
  type CohortCall,
  type ExcellenceReportDocument,
} from "../../../server/core/excellence";
import { extractVariables } from "../../../server/core/prompt-template";
import type { TranscriptTurn } from "../../../server/core/records";
import { seededRandom } from "../../../server/core/stats";

/** A booking call; `good` calls follow the top calls' habits more often. */
function transcript(good: boolean, random: () => number): TranscriptTurn[] {
  const turns: TranscriptTurn[] = [];
  let clock = 0;
  const say = (speaker: TranscriptTurn["speaker"], text: string, stage: TranscriptTurn["stage"], seconds: number) => {
    turns.push({ speaker, text, startSeconds: clock, endSeconds: clock + seconds, stage });
    clock += seconds + 0.5;
  };
  const often = (p: number, q: number) => random() < (good ? p : q);
  say("agent", often(0.8, 0.3) ? "Hi Dana, I saw your team at Acme is growing." : "Hi, thanks for taking my call.", "hook", 4);
  say("lead", "Sure.", "hook", 1);
  const questions = 2 + Math.floor(random() * 3) + (good ? 2 : 0);
  for (let q = 0; q < questions; q++) {
    say("agent", ["How do you book meetings now?", "Who decides on tools?", "What slows your reps down?", "How many leads a week?", "What did you try before?"][q % 5], "qualification", 3);
    say("lead", "Mostly by hand, honestly.", "qualification", 2);
  }
  say("agent", "We answer every lead in minutes.", "value_presentation", (good ? 8 : 14) + 4 * random());
  say("lead", "Okay.", "value_presentation", 1);
  say("agent", often(0.7, 0.2) ? "Does morning or afternoon work better for you?" : "When would be a good time?", "closing", 3);
  say("lead", "Tuesday at 10.", "closing", 1);
  say("agent", often(0.85, 0.3) ? "Just to confirm, you'll be there on Tuesday at 10?" : "Great, I'll send an invite.", "confirmation", 3);
  say("lead", "Yes.", "confirmation", 1);
  return turns;
}

/** `n` calls; the best tenth by score are the "good" ones, with scores drawn so that ties happen. */
function cohort(n: number, seed = 7, planted = true): CohortCall[] {
  const rng = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const good = planted && i < n / 10;
    const score = good ? 80 + Math.floor(rng.next() * 20) : Math.floor(rng.next() * 80);
    return {
      id: `call-${String(i).padStart(4, "0")}`,
      score,
      showed: good || rng.next() < 0.5,
      commitmentScore: Math.round(rng.next() * 100),
      analysis: analyzeTranscript(transcript(good, rng.next), { firstName: "Dana", company: "Acme" }),
    };
  });
}

describe("the seed's cohorts", () => {
  it("sorts by score, breaks ties by id, takes max(1, ⌊n/10⌋) from each end", () => {
    const calls = [
      { id: "b", score: 90 },
      { id: "a", score: 90 },
      { id: "c", score: 70 },
      ...Array.from({ length: 17 }, (_, i) => ({ id: `z${String(i).padStart(2, "0")}`, score: 10 + i })),
    ];
    const { top, rest, bottom, threshold } = splitCohorts(calls);
    expect(top.map((c) => c.id)).toEqual(["a", "b"]); // ⌊20/10⌋ = 2, the tie at 90 broken by id
    expect(threshold).toBe(90);
    expect(rest).toHaveLength(18);
    expect(bottom.map((c) => c.id)).toEqual(["z01", "z00"]);
    expect(splitCohorts([{ id: "x", score: 5 }])).toEqual({ top: [{ id: "x", score: 5 }], rest: [], bottom: [], threshold: 5 });
    expect(splitCohorts([]).threshold).toBeNull();
  });

  it("gives the same analysis for the calls in any order", () => {
    const calls = cohort(400);
    const a = analyzeExcellenceCohorts(calls);
    const b = analyzeExcellenceCohorts([...calls].reverse());
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it("leaves out calls whose outcome is pending", () => {
    const calls = cohort(400).map((c, i) => ({ ...c, outcomeTracked: i % 5 !== 4 }));
    const analysis = analyzeExcellenceCohorts(calls);
    expect([analysis.totalCalls, analysis.pendingCalls, analysis.top.count]).toEqual([320, 80, 32]);
  });

  it("below minGroup top calls compares nothing and says how many more calls it needs", () => {
    const analysis = analyzeExcellenceCohorts(cohort(150));
    expect(analysis.insufficient).toMatchObject({ needed: 50, minimum: 200 }); // 15 top calls; 20 need 200 calls
    expect(analysis.structure).toEqual([]);
    expect(analysis.language).toEqual([]);
    const report = excellenceReport({ analysis, generatedAt: "2026-03-01T00:00:00.000Z", period: { from: "2026-01-30T00:00:00.000Z", to: "2026-03-01T00:00:00.000Z", lookbackDays: 30 } });
    expect(report.insufficient_data).toEqual({ message: analysis.insufficient!.message, calls: 150, minimum: 200, calls_needed: 50 });
    expect(report.recommendations.map((r) => r.kind)).toEqual(["data"]);
    expect(buildPromptVariants("Book the call.", report)).toEqual([]);
  });

  it("skips a comparison with too few calls on a side, saying how many more it needs", () => {
    const calls = cohort(400).map((c, i) => (i % 10 === 0 ? c : { ...c, analysis: { ...c.analysis, objections: 0, objectionAcknowledgedQuickly: null } }));
    const analysis = analyzeExcellenceCohorts(calls);
    const skipped = analysis.skipped.find((s) => s.measure === "objectionAcknowledgedQuickly" && s.versus === "rest");
    // No call has an objection (the fixture has none), so there is nothing to extrapolate from.
    expect(skipped).toEqual({ measure: "objectionAcknowledgedQuickly", versus: "rest", top: 0, other: 0, needed: null });
  });
});

describe("the Excellence Report and the prompt variants", () => {
  const analysis = analyzeExcellenceCohorts(cohort(600));
  const report = excellenceReport({
    analysis,
    generatedAt: "2026-03-01T00:00:00.000Z",
    period: { from: "2026-01-30T00:00:00.000Z", to: "2026-03-01T00:00:00.000Z", lookbackDays: 30 },
    modelPerformance: { version: 3, auc: 0.81 },
    activeOptimizations: [{ test_id: "urgency_test_001", status: "in_progress" }],
  });

  it("finds what the fixture planted", () => {
    const closing = analysis.language.find((l) => l.stage === "closing")!;
    expect(closing.sentences.rest.winners[0].text).toBe("Does morning or afternoon work better for you?");
    expect(analysis.behaviour.find((b) => b.measure === "confirmationStep" && b.versus === "rest")).toMatchObject({ significant: true });
    expect(analysis.structure.find((s) => s.measure === "questionCount" && s.versus === "rest")!.difference).toBeGreaterThan(1);
    expect(analysis.structure.find((s) => s.measure === "stageSeconds.value_presentation" && s.versus === "rest")).toMatchObject({ significant: true });
  });

  it("has the seed's shape, in snake_case throughout", () => {
    expect(report).toMatchObject({ report_type: "excellence_analysis", generated_at: "2026-03-01T00:00:00.000Z", analysis_period: "last_30_days", model_performance: { version: 3, auc: 0.81 } });
    expect(report.top_performers).toEqual({ call_count: 60, avg_excellence_score: analysis.top.averageScore, show_up_rate: 1, avg_commitment_score: analysis.top.averageCommitment, threshold: analysis.top.threshold });
    expect(report.discovered_patterns.language.winning_close).toBe("Does morning or afternoon work better for you?");
    expect(report.discovered_patterns.language.winning_opening).toBe("Hi <first name>, I saw your team at <company> is growing.");
    expect(report.discovered_patterns.structure.optimal_question_count).toBe(analysis.structure.find((s) => s.measure === "questionCount")!.top.median);
    expect(report.discovered_patterns.structure.optimal_agent_ratio).toBe(analysis.topTalkRatioMedian);
    const keys = (value: unknown, path: string): string[] =>
      value && typeof value === "object" ? Object.entries(value).flatMap(([k, v]) => (path === "model_performance" || path === "active_optimizations" ? [] : [k, ...keys(v, k)])) : [];
    const camel = keys(report, "").filter((k) => !/^(?:[a-z0-9_]+|\d+)$/.test(k));
    expect(camel).toEqual([]);
  });

  it("recommends only what a significant comparison against the rest backs, with its numbers", () => {
    expect(report.recommendations.length).toBeGreaterThan(0);
    for (const r of report.recommendations) {
      const q = r.evidence.q as number;
      expect(q, r.action).toBeLessThan(0.05);
      expect(r.rationale, r.action).toMatch(/q = /);
      expect(["high", "moderate"]).toContain(r.priority);
    }
    const priorities = report.recommendations.map((r) => r.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => (a === b ? 0 : a === "high" ? -1 : 1)));
  });

  it("builds variants that keep the production text and its variables, and add one guidance section each", () => {
    const production = "You are {{agent_name}} calling {{first_name}} at {{company}}.\n\n## CLOSING\nAsk for a time.\n";
    const variants = buildPromptVariants(production, report);
    const keys = variants.map((v) => v.key);
    expect(keys).toEqual(expect.arrayContaining(["winning-closing", "winning-confirmation", "confirmation-step", "personalization", "stage-timing", "discovery-questions"]));
    for (const v of variants) {
      expect(v.template.startsWith(production), v.key).toBe(true);
      expect(v.template.slice(production.length).startsWith(`\n${GUIDANCE_HEADING}\n- `), v.key).toBe(true);
      expect(v.template.split(GUIDANCE_HEADING)).toHaveLength(2);
      expect(extractVariables(v.template).sort(), v.key).toEqual(["agent_name", "company", "first_name"]);
      expect(v.rationale, v.key).toMatch(/q = /);
      expect(v.strength).toBeGreaterThan(0);
    }
    expect(variants.map((v) => v.strength)).toEqual([...variants.map((v) => v.strength)].sort((a, b) => b - a));
    const closing = variants.find((v) => v.key === "winning-closing")!;
    expect(closing.template).toContain('say something like: "Does morning or afternoon work better for you?"');
    expect(closing.evidence).toMatchObject({ finding: "language.closing", versus: "rest", kind: "sentence" });
    expect(variants.find((v) => v.key === "personalization")!.template).toContain("({{first_name}})");
  });

  it("builds no variant without a significant finding, and never lets quoted wording open a variable", () => {
    const flat = analyzeExcellenceCohorts(cohort(600, 3, false));
    const flatReport = excellenceReport({ analysis: flat, generatedAt: "2026-03-01T00:00:00.000Z", period: { from: "2026-01-30T00:00:00.000Z", to: "2026-03-01T00:00:00.000Z", lookbackDays: 30 } });
    expect([...flat.structure, ...flat.behaviour, ...flat.languageFindings].filter((c) => c.significant)).toEqual([]);
    expect(flatReport.recommendations).toEqual([]);
    expect(buildPromptVariants("Book the call.", flatReport)).toEqual([]);

    const tampered = JSON.parse(JSON.stringify(report)) as ExcellenceReportDocument;
    const closing = tampered.discovered_patterns.language.by_stage.find((s) => s.stage === "closing")!;
    closing.phrases[0].phrase = "Say {{secret}} now";
    const variant = buildPromptVariants("Hi {{first_name}}.", tampered).find((v) => v.key === "winning-closing")!;
    expect(extractVariables(variant.template)).toEqual(["first_name"]);
  });
});
