/**
 * The statistics the excellence cohorts add on top of the stats core — Hedges' g with its
 * interval, and the wiring of Welch, the two-proportion tests, Newcombe's interval, the relative
 * risk and the phrase log-odds interval — against numpy/scipy. Every constant is printed by
 * test/reference/excellence_effects.py (scipy 1.17.1, numpy 2.4.6), section numbers as there.
 */
import { describe, expect, it } from "vitest";
import { analyzeExcellenceCohorts, analyzeTranscript, hedgesG, type CohortCall, type TranscriptAnalysis } from "../../../server/core/excellence";

const close = (actual: number, expected: number, relative = 1e-9) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected)));
const closeAll = (actual: number[], expected: number[]) => actual.forEach((v, i) => close(v, expected[i]));

/** An analysis with the given measures; everything else as for a one-turn call. */
function analysisWith(overrides: Partial<TranscriptAnalysis>): TranscriptAnalysis {
  return { ...analyzeTranscript([{ speaker: "agent", text: "Hello there.", startSeconds: 0, endSeconds: 2 }]), ...overrides };
}

/** Section 2's synthetic cohort: 240 calls, score 240 − i, so i < 24 is the top and i ≥ 216 the bottom. */
function syntheticCohort(): CohortCall[] {
  return Array.from({ length: 240 }, (_, i) => {
    const top = i < 24;
    return {
      id: `c${String(i).padStart(3, "0")}`,
      score: 240 - i,
      showed: top,
      commitmentScore: 50,
      analysis: analysisWith({
        questionCount: ((7 * i) % 11) + (top ? 3 : 0),
        confirmationStep: (5 * i) % 7 < (top ? 5 : 3),
        objectionAcknowledgedQuickly: i % 4 === 0 ? (3 * i) % 5 < (top ? 4 : 2) : null,
      }),
    };
  });
}

describe("Hedges' g (reference section 1)", () => {
  it("matches numpy with the exact small-sample correction and the Hedges–Olkin interval", () => {
    const small = hedgesG([7, 9, 6, 8, 10, 9, 7, 8, 11, 9], [6, 5, 7, 6, 8, 5, 6, 7, 5, 6, 7, 4]);
    closeAll([small.g, small.lower, small.upper], [1.760341993616737, 0.7730166865368614, 2.747667300696613]);
    const unequal = hedgesG([0.52, 0.61, 0.55, 0.49, 0.58, 0.57, 0.53, 0.6, 0.51, 0.56, 0.54, 0.59, 0.5, 0.62, 0.55], [0.41, 0.66, 0.72, 0.38, 0.55, 0.47, 0.69, 0.35, 0.58, 0.63, 0.44, 0.71]);
    closeAll([unequal.g, unequal.lower, unequal.upper], [0.05643329293985895, -0.7028067072395681, 0.815673293119286]);
  });

  it("is 0 without spread or with fewer than two values a side", () => {
    expect(hedgesG([1, 1, 1], [1, 1])).toEqual({ g: 0, lower: 0, upper: 0 });
    expect(hedgesG([3], [1, 2])).toEqual({ g: 0, lower: 0, upper: 0 });
  });
});

describe("cohort comparisons on a synthetic cohort (reference section 2)", () => {
  const analysis = analyzeExcellenceCohorts(syntheticCohort(), { minGroup: 5 });
  const numeric = (versus: string) => analysis.structure.find((c) => c.measure === "questionCount" && c.versus === versus)!;
  const share = (measure: string, versus: string) => analysis.behaviour.find((c) => c.measure === measure && c.versus === versus)!;

  it("splits 24 / 216 / 24", () => {
    expect([analysis.top.count, analysis.rest.count, analysis.bottom.count]).toEqual([24, 216, 24]);
    expect([analysis.top.threshold, analysis.bottom.threshold]).toEqual([217, 24]);
  });

  it("questions: Welch's difference, interval and p, and Hedges' g, against the rest and the bottom", () => {
    const rest = numeric("rest");
    closeAll([rest.difference, rest.interval.lower, rest.interval.upper, rest.p, rest.t, rest.df], [2.8703703703703702, 1.4262866856186256, 4.314454055122114, 0.0003471517274813091, 4.071792777803558, 27.965969163184255]);
    closeAll([rest.hedgesG, rest.hedgesGInterval.lower, rest.hedgesGInterval.upper], [0.8992484195099499, 0.4699269138957261, 1.3285699251241738]);
    const bottom = numeric("bottom");
    closeAll([bottom.difference, bottom.interval.lower, bottom.interval.upper, bottom.p, bottom.t, bottom.df], [3.041666666666667, 1.156869857560098, 4.926463475773236, 0.0021715249016546288, 3.2484573642768897, 45.965328446149165]);
    closeAll([bottom.hedgesG, bottom.hedgesGInterval.lower, bottom.hedgesGInterval.upper], [0.9223618685008839, 0.327244608534515, 1.5174791284672526]);
  });

  it("confirmation step: pooled z-test, Newcombe's interval and the relative risk with Katz's interval", () => {
    const rest = share("confirmationStep", "rest");
    expect([rest.top.successes, rest.top.n, rest.other.successes, rest.other.n, rest.test]).toEqual([17, 24, 93, 216, "z"]);
    closeAll([rest.z, rest.p, rest.interval.lower, rest.interval.upper, rest.relativeRisk!], [2.591001102525183, 0.009569718492517996, 0.06694584254826585, 0.4341115391585023, 1.6451612903225807]);
    closeAll([rest.relativeRiskInterval!.lower, rest.relativeRiskInterval!.upper], [1.2199280052982504, 2.218619180329543]);
    const bottom = share("confirmationStep", "bottom");
    expect([bottom.top.successes, bottom.other.successes, bottom.test]).toEqual([17, 11, "z"]);
    closeAll([bottom.z, bottom.p, bottom.interval.lower, bottom.interval.upper, bottom.relativeRisk!], [1.75662013130736, 0.07898257926378292, -0.02650279530999672, 0.4791365052066985, 1.5454545454545456]);
    closeAll([bottom.relativeRiskInterval!.lower, bottom.relativeRiskInterval!.upper], [0.9326487650217035, 2.5609102179109575]);
  });

  it("quick acknowledgement among calls with an objection: Fisher's exact test when an expected cell is below 5", () => {
    const rest = share("objectionAcknowledgedQuickly", "rest");
    expect([rest.top.successes, rest.top.n, rest.other.successes, rest.other.n, rest.test]).toEqual([5, 6, 21, 54, "fisher"]);
    closeAll([rest.z, rest.p, rest.interval.lower, rest.interval.upper, rest.relativeRisk!], [2.084200422875625, 0.07613583930603834, 0.025841210088797084, 0.6252709560895312, 2.142857142857143]);
    // One call without a quick acknowledgement among the top: the MOVER-R Wilson interval (Katz needs 5 of each).
    closeAll([rest.relativeRiskInterval!.lower, rest.relativeRiskInterval!.upper], [1.059759121608676, 3.170649211812268]);
    const bottom = share("objectionAcknowledgedQuickly", "bottom");
    expect([bottom.top.successes, bottom.other.successes, bottom.other.n, bottom.test]).toEqual([5, 2, 6, "fisher"]);
    closeAll([bottom.p, bottom.interval.lower, bottom.interval.upper, bottom.relativeRisk!], [0.24242424242424246, -0.04030387843204997, 0.7731752842826356, 2.5000000000000004]);
    closeAll([bottom.relativeRiskInterval!.lower, bottom.relativeRiskInterval!.upper], [0.9301896649944411, 8.658385449486762]);
  });

  it("BH-adjusts every comparison of the analysis in one family", () => {
    const all = [...analysis.structure, ...analysis.behaviour];
    expect(analysis.tests).toBeGreaterThanOrEqual(all.length);
    for (const c of all) {
      expect(c.q).toBeGreaterThanOrEqual(c.p);
      expect(c.significant).toBe(c.q < 0.05);
    }
  });
});

describe("phrase log-odds with its interval (reference section 3)", () => {
  it("a line in 30 of 120 top calls and 150 of 1,080 others", () => {
    const calls: CohortCall[] = Array.from({ length: 1200 }, (_, i) => {
      const top = i < 120;
      const uses = top ? i < 30 : i < 120 + 150;
      const templates = uses ? ["Does morning or afternoon work?"] : ["Shall we talk again?"];
      const base = analysisWith({ stagesReached: ["closing"] });
      return { id: `c${String(i).padStart(4, "0")}`, score: 1200 - i, showed: top, commitmentScore: null, analysis: { ...base, agentSentences: { ...base.agentSentences, closing: templates }, agentSentenceTemplates: { ...base.agentSentenceTemplates, closing: templates } } };
    });
    const analysis = analyzeExcellenceCohorts(calls);
    const line = analysis.languageFindings.find((f) => f.versus === "rest" && f.text === "Does morning or afternoon work?")!;
    expect(line.kind).toBe("sentence");
    expect(line.aliases).toBeGreaterThan(0); // its phrases ("morning or afternoon", …) are the same calls
    expect([line.top.calls, line.top.reached, line.other.calls, line.other.reached]).toEqual([30, 120, 150, 1080]);
    closeAll([line.logOdds, line.z, line.logOddsInterval!.lower, line.logOddsInterval!.upper, line.p], [0.5582029047770019, 2.7371004606550526, 0.1584888258985338, 0.95791698365547, 0.006198336133513695]);
  });
});
