import { describe, expect, it } from "vitest";
import { decideExperiment, DECISION_REASONS, type DecisionConfig, type ExperimentArmInput } from "../../../server/core/experiments/decision";
import {
  adjustPValues,
  chiSquare2x2,
  fisherExact,
  newcombeInterval,
  probabilityToBeat,
  seededRandom,
  sequentialProportionTest,
  STATS_CODES,
  twoProportionZTest,
  welchTTest,
  wilsonInterval,
} from "../../../server/core/stats";
import { expectNoNaN } from "../stats/close";
import { sampleBinomial } from "../stats/simulate";

const control = (units: number, conversions: number, extra: Partial<ExperimentArmInput> = {}): ExperimentArmInput => ({ key: "control", isControl: true, units, conversions, ...extra });
const variant = (key: string, units: number, conversions: number, extra: Partial<ExperimentArmInput> = {}): ExperimentArmInput => ({ key, isControl: false, units, conversions, ...extra });
const booked: DecisionConfig = { primaryMetric: "booked" };

function decide(arms: ExperimentArmInput[], config: Partial<DecisionConfig> = {}, expectedWeights = arms.map(() => 1)) {
  const r = decideExperiment({ arms, expectedWeights, config: { ...booked, ...config } });
  expectNoNaN(r);
  return r;
}

const codes = (r: ReturnType<typeof decide>) => r.reasons.map((x) => x.code);

describe("decideExperiment: rules", () => {
  it("CONTINUE while any arm is under the minimum sample, saying how many units each needs", () => {
    const r = decide([control(100, 4), variant("variant-1", 63, 5)]);
    expect(r.decision).toBe("CONTINUE");
    expect(r.winnerArmKey).toBeNull();
    expect(r.reasons).toEqual([{ code: DECISION_REASONS.MIN_SAMPLE, armKey: "variant-1", message: "variant-1 needs 37 more units (63/100)." }]);
    // Even a huge apparent effect waits for the minimum.
    expect(decide([control(99, 0), variant("variant-1", 99, 60)]).decision).toBe("CONTINUE");
    expect(decide([control(50, 1), variant("v", 500, 40)], { minSamplePerArm: 200 }, [1, 10]).reasons[0].message).toBe("control needs 150 more units (50/200).");
  });

  it("PROMOTE a clear winner (3% → 6% at 5000 per arm) and report every test", () => {
    const r = decide([control(5000, 150), variant("variant-1", 5000, 300)]);
    expect(r.decision).toBe("PROMOTE");
    expect(r.winnerArmKey).toBe("variant-1");
    expect(r.reasons[0].code).toBe(DECISION_REASONS.WINNER);
    expect(r.reasons[0].message).toMatch(/^variant-1 beats control on booking rate: 6\.00% vs 3\.00% \(\+100\.0% lift, always-valid interval \+\d+\.\d% to \+\d+\.\d%\), always-valid p < 0\.0001/);
    const v = r.perArm[1].vsControl!;
    const a = { successes: 300, trials: 5000 };
    const b = { successes: 150, trials: 5000 };
    // The report carries the stats core's numbers unchanged.
    expect(r.perArm[0].rate).toEqual(wilsonInterval(b));
    expect(v.zTest.pValue).toBe(twoProportionZTest(a, b).pValue);
    expect(v.chiSquare.pValue).toBe(chiSquare2x2({ a: 300, b: 4700, c: 150, d: 4850 }).pValue);
    expect(v.chiSquareYates.pValue).toBe(chiSquare2x2({ a: 300, b: 4700, c: 150, d: 4850 }, { yates: true }).pValue);
    expect(v.fisher!.pValue).toBe(fisherExact({ a: 300, b: 4700, c: 150, d: 4850 }).pValue);
    expect(v.differenceInterval).toEqual({ lower: newcombeInterval(a, b).lower, upper: newcombeInterval(a, b).upper });
    expect(v.bayesian.probabilityToBeatControl).toBe(probabilityToBeat(a, b).probability);
    expect(v.sequential).toEqual(sequentialProportionTest(a, b));
    expect(v).toMatchObject({ significant: true, direction: "better", meetsMinLift: true, futile: false, fixedTest: "z", smallCounts: false });
    expect(v.pValue).toBe(v.sequential.alwaysValidP);
    expect(r.alwaysValidP).toEqual({ "variant-1": v.sequential.alwaysValidP });
  });

  it("the method decides which p is used: fixed uses z (or Fisher for small counts), sequential the always-valid p", () => {
    // 2.6% → 3.6% at 3000 per arm: fixed z p ≈ 0.03, always-valid p ≈ 0.3.
    const arms = [control(3000, 78), variant("variant-1", 3000, 108)];
    const fixed = decide(arms, { method: "fixed" });
    const sequential = decide(arms, { method: "sequential" });
    const f = fixed.perArm[1].vsControl!;
    const s = sequential.perArm[1].vsControl!;
    expect(f.pValue).toBe(f.zTest.pValue);
    expect(f.pValue).toBeLessThan(0.05);
    expect(fixed.decision).toBe("PROMOTE");
    expect(s.pValue).toBe(s.sequential.alwaysValidP);
    expect(s.pValue).toBeGreaterThan(0.05);
    expect(sequential.decision).toBe("CONTINUE");
    expect(codes(sequential)).toEqual([DECISION_REASONS.INCONCLUSIVE]);
    expect(sequential.reasons[0].message).toMatch(/^variant-1 vs control on booking rate: 3\.60% vs 2\.60% \(\+38\.5% lift, always-valid interval −\d+\.\d% to \+\d+\.\d%\), always-valid p = 0\.\d+ \(needs < 0\.05\); keep collecting data\.$/);
  });

  it("with an expected cell below 5 the fixed test is Fisher's exact test", () => {
    // Expected conversions 3.5 per arm.
    const r = decide([control(20, 1), variant("variant-1", 20, 6)], { method: "fixed", minSamplePerArm: 10 });
    const v = r.perArm[1].vsControl!;
    expect(v.smallCounts).toBe(true);
    expect(v.fixedTest).toBe("fisher");
    expect(v.fixedPValue).toBe(fisherExact({ a: 6, b: 14, c: 1, d: 19 }).pValue);
    expect(v.pValue).toBe(v.fixedPValue);
    expect(codes(r)).toContain(DECISION_REASONS.SMALL_COUNTS);
  });

  it("a significant lift below the +5% deploy gate is not promoted", () => {
    // 30% → 31.2% (+4%) at 200,000 per arm: significant, but under the gate and not yet futile.
    const r = decide([control(200_000, 60_000), variant("variant-1", 200_000, 62_400)]);
    const v = r.perArm[1].vsControl!;
    expect(v.direction).toBe("better");
    expect(v.meetsMinLift).toBe(false);
    expect(r.decision).toBe("CONTINUE");
    expect(codes(r)).toContain(DECISION_REASONS.BELOW_MIN_LIFT);
    // With a +3% gate the same variant wins.
    expect(decide([control(200_000, 60_000), variant("variant-1", 200_000, 62_400)], { minRelativeLift: 0.03 }).decision).toBe("PROMOTE");
  });

  it("REJECT when every variant is significantly worse than control", () => {
    const r = decide([control(4000, 240), variant("variant-1", 4000, 120), variant("variant-2", 4000, 110)]);
    expect(r.decision).toBe("REJECT");
    expect(codes(r)[0]).toBe(DECISION_REASONS.ALL_WORSE);
    expect(r.perArm.slice(1).every((a) => a.vsControl!.direction === "worse")).toBe(true);
    // One worse and one inconclusive: keep going.
    expect(decide([control(4000, 240), variant("variant-1", 4000, 120), variant("variant-2", 4000, 235)]).decision).toBe("CONTINUE");
  });

  it("REJECT for futility when no variant's upper bound can reach the deploy gate", () => {
    // 3% vs 3% at 1,000,000 per arm: the always-valid interval of the lift is about ±3%, below +5%.
    const r = decide([control(1_000_000, 30_000), variant("variant-1", 1_000_000, 30_100)]);
    const v = r.perArm[1].vsControl!;
    expect(v.futile).toBe(true);
    expect(v.liftUpperBound!).toBeLessThan(0.05);
    expect(r.decision).toBe("REJECT");
    expect(codes(r)).toEqual([DECISION_REASONS.ALL_FUTILE, DECISION_REASONS.FUTILE]);
    expect(r.reasons[1].message).toMatch(/^variant-1 cannot reach the \+5\.0% lift needed to deploy \(its lift is at most \+\d\.\d%\)\.$/);
    // Fixed method: Newcombe's interval is narrower, futile already at 200,000 per arm.
    const fixed = decide([control(200_000, 6_000), variant("variant-1", 200_000, 6_020)], { method: "fixed" });
    expect(fixed.decision).toBe("REJECT");
    expect(fixed.perArm[1].vsControl!.liftUpperBound!).toBeCloseTo(newcombeInterval({ successes: 6020, trials: 200000 }, { successes: 6000, trials: 200000 }).upper / 0.03, 12);
    // The same data early on is not futile yet.
    expect(decide([control(5_000, 150), variant("variant-1", 5_000, 151)]).decision).toBe("CONTINUE");
  });

  it("REJECT when the sample limit is reached without a winner", () => {
    const r = decide([control(3000, 90), variant("variant-1", 3000, 100)], { maxSamplePerArm: 3000 });
    expect(r.decision).toBe("REJECT");
    expect(r.reasons[0].code).toBe(DECISION_REASONS.MAX_SAMPLE);
    expect(r.reasons[0].message).toContain("6000 units ≥ 3000 per arm × 2 arms");
    expect(decide([control(2900, 90), variant("variant-1", 2900, 100)], { maxSamplePerArm: 3000 }).decision).toBe("CONTINUE");
    // A winner at the limit is still promoted.
    expect(decide([control(3000, 90), variant("variant-1", 3000, 200)], { maxSamplePerArm: 3000 }).decision).toBe("PROMOTE");
  });

  it("a guardrail significantly worse beyond its allowed drop blocks PROMOTE; a non-significant drop only warns", () => {
    const guard = (noShows: number, units: number) => ({ no_show: { kind: "proportion" as const, stats: { successes: noShows, trials: units } } });
    const config = { guardrails: [{ metric: "no_show", maxRelativeDrop: 0.02, higherIsBetter: false }] };
    // Bookings 3% → 6%, but no-shows 10% → 15%.
    const failing = decide([control(5000, 150, { guardrails: guard(500, 5000) }), variant("variant-1", 5000, 300, { guardrails: guard(750, 5000) })], config);
    const g = failing.perArm[1].vsControl!.guardrails[0];
    expect(g).toMatchObject({ metric: "no_show", kind: "proportion", direction: "lower_is_better", status: "fail" });
    expect(g.relativeWorsening).toBeCloseTo(0.5, 12);
    expect(failing.decision).toBe("CONTINUE");
    expect(codes(failing)).toContain(DECISION_REASONS.GUARDRAIL_FAILED);
    expect(failing.alwaysValidP["variant-1:no_show"]).toBe(g.alwaysValidP);
    // No-shows 10% → 11% at 5000: over the 2% allowance but not significant → warning, still PROMOTE.
    const warning = decide([control(5000, 150, { guardrails: guard(500, 5000) }), variant("variant-1", 5000, 300, { guardrails: guard(550, 5000) })], config);
    expect(warning.perArm[1].vsControl!.guardrails[0].status).toBe("warn");
    expect(warning.decision).toBe("PROMOTE");
    expect(codes(warning)).toContain(DECISION_REASONS.GUARDRAIL_WARNING);
    // A guardrail improving is a pass; missing data is reported, not guessed.
    const better = decide([control(5000, 150, { guardrails: guard(500, 5000) }), variant("variant-1", 5000, 300, { guardrails: guard(400, 5000) })], config);
    expect(better.perArm[1].vsControl!.guardrails[0].status).toBe("pass");
    const missing = decide([control(5000, 150), variant("variant-1", 5000, 300)], config);
    expect(missing.perArm[1].vsControl!.guardrails[0].status).toBe("missing");
    expect(codes(missing)).toContain(DECISION_REASONS.GUARDRAIL_MISSING);
  });

  it("an SRM blocks PROMOTE (CONTINUE with a warning) but the winner is still named in the reasons", () => {
    const r = decide([control(5000, 150), variant("variant-1", 4500, 280)]);
    expect(r.srm.mismatch).toBe(true);
    expect(r.srm.pValue).toBeLessThan(0.001);
    expect(r.decision).toBe("CONTINUE");
    expect(r.winnerArmKey).toBeNull();
    expect(codes(r)).toEqual(expect.arrayContaining([DECISION_REASONS.WINNER, DECISION_REASONS.SRM]));
    expect(r.reasons.find((x) => x.code === DECISION_REASONS.SRM)!.message).toMatch(/^Sample ratio mismatch: units control 5000, variant-1 4500 vs intended shares 50\.0% \/ 50\.0%/);
    // The same split is fine when it was intended.
    expect(decide([control(5000, 150), variant("variant-1", 4500, 280)], {}, [10, 9]).decision).toBe("PROMOTE");
  });

  it("adjusts across variants × metrics with Holm or BH, and promotes the best significant variant", () => {
    const guard = (x: number, n: number) => ({ unsubscribed: { kind: "proportion" as const, stats: { successes: x, trials: n } } });
    const arms = [
      control(6000, 180, { guardrails: guard(60, 6000) }),
      variant("variant-1", 6000, 260, { guardrails: guard(62, 6000) }),
      variant("variant-2", 6000, 300, { guardrails: guard(58, 6000) }),
      variant("variant-3", 6000, 190, { guardrails: guard(61, 6000) }),
    ];
    for (const correction of ["holm", "fdr_bh"] as const) {
      const r = decide(arms, { correction, guardrails: [{ metric: "unsubscribed", maxRelativeDrop: 0.1, higherIsBetter: false }] });
      const vs = r.perArm.slice(1).map((a) => a.vsControl!);
      const family = vs.flatMap((v) => [v.pValue, v.guardrails[0].pValue]);
      const expected = adjustPValues(family, correction).adjusted;
      expect(vs.flatMap((v) => [v.adjustedPValue, v.guardrails[0].adjustedPValue])).toEqual(expected);
      expect(r.decision).toBe("PROMOTE");
      expect(r.winnerArmKey).toBe("variant-2");
    }
  });

  it("carries the always-valid p: a later look can only lower it", () => {
    const first = decide([control(2000, 60), variant("variant-1", 2000, 100)]);
    const p1 = first.alwaysValidP["variant-1"];
    // Later the variant regresses to the control's rate; the carried minimum stays.
    const later = decide([control(4000, 120), variant("variant-1", 4000, 130)], { previousAlwaysValidP: first.alwaysValidP });
    expect(later.alwaysValidP["variant-1"]).toBe(Math.min(p1, sequentialProportionTest({ successes: 130, trials: 4000 }, { successes: 120, trials: 4000 }).pValue));
    expect(later.alwaysValidP["variant-1"]).toBeLessThanOrEqual(p1);
  });
});

describe("decideExperiment: revenue and signs", () => {
  const revenue = (values: { n: number; mean: number; sd: number }) => ({ n: values.n, sum: values.n * values.mean, sumSquares: (values.n - 1) * values.sd ** 2 + values.n * values.mean ** 2 });

  it("revenue experiments use Welch's t (fixed) or the mSPRT on means (sequential)", () => {
    const c = revenue({ n: 4000, mean: 10, sd: 30 });
    const v = revenue({ n: 4000, mean: 13, sd: 32 });
    const arms = [control(4000, 120, { revenue: c }), variant("variant-1", 4000, 130, { revenue: v })];
    const fixed = decide(arms, { primaryMetric: "revenue", method: "fixed" });
    const cmp = fixed.perArm[1].vsControl!;
    expect(cmp.fixedTest).toBe("welch");
    expect(cmp.welch).toEqual(welchTTest(v, c));
    expect(cmp.pValue).toBe(welchTTest(v, c).pValue);
    expect(cmp.relativeLift.lift).toBeCloseTo(0.3, 12);
    expect(fixed.decision).toBe("PROMOTE");
    expect(fixed.reasons[0].message).toMatch(/^variant-1 beats control on revenue per unit: 13\.00 vs 10\.00 \(\+30\.0% lift/);
    expect(decide(arms, { primaryMetric: "revenue" }).perArm[1].vsControl!.sequential.code).toBe(STATS_CODES.OK);
  });

  it("a negative control mean never flips the sign: the variant losing less is better, the gate uses |control|", () => {
    const c = revenue({ n: 5000, mean: -3, sd: 5 });
    const v = revenue({ n: 5000, mean: -1, sd: 5 });
    const r = decide([control(5000, 0, { revenue: c }), variant("variant-1", 5000, 0, { revenue: v })], { primaryMetric: "revenue" });
    const cmp = r.perArm[1].vsControl!;
    expect(cmp.difference).toBeCloseTo(2, 12);
    expect(cmp.direction).toBe("better");
    expect(cmp.meetsMinLift).toBe(true);
    expect(cmp.relativeLift.code).toBe(STATS_CODES.INVALID_INPUT);
    expect(r.decision).toBe("PROMOTE");
    // And a variant that loses more is never promoted.
    const worse = decide([control(5000, 0, { revenue: c }), variant("variant-1", 5000, 0, { revenue: revenue({ n: 5000, mean: -5, sd: 5 }) })], { primaryMetric: "revenue" });
    expect(worse.perArm[1].vsControl!.direction).toBe("worse");
    expect(worse.decision).toBe("REJECT");
  });

  it("a zero control rate: any significant positive difference clears the gate, with no infinite or NaN lift", () => {
    const r = decide([control(1000, 0), variant("variant-1", 1000, 20)]);
    const v = r.perArm[1].vsControl!;
    expect(v.relativeLift.code).toBe(STATS_CODES.ZERO_CELL);
    expect(v.liftUpperBound).toBeNull();
    expect(v.meetsMinLift).toBe(true);
    expect(r.decision).toBe("PROMOTE");
  });

  it("revenue experiments need revenue statistics on every arm", () => {
    const r = decide([control(1000, 10), variant("variant-1", 1000, 12)], { primaryMetric: "revenue" });
    expect(r.decision).toBe("CONTINUE");
    expect(codes(r)).toEqual([DECISION_REASONS.INVALID_INPUT, DECISION_REASONS.INVALID_INPUT]);
  });
});

describe("decideExperiment: degenerate inputs (never NaN)", () => {
  it("zero units everywhere", () => {
    expect(decide([control(0, 0), variant("variant-1", 0, 0)]).decision).toBe("CONTINUE");
    const r = decide([control(0, 0), variant("variant-1", 0, 0)], { minSamplePerArm: 0 });
    expect(r.decision).toBe("CONTINUE");
    expect(r.perArm[1].vsControl!.zTest.code).toBe(STATS_CODES.NO_DATA);
    expect(r.srm.code).toBe(STATS_CODES.NO_DATA);
  });

  it("everybody converted, or nobody did", () => {
    const all = decide([control(500, 500), variant("variant-1", 500, 500)]);
    expect(all.decision).toBe("CONTINUE");
    expect(all.perArm[1].vsControl!.sequential.code).toBe(STATS_CODES.ZERO_VARIANCE);
    const none = decide([control(500, 0), variant("variant-1", 500, 0)]);
    expect(none.decision).toBe("CONTINUE");
    expect(none.perArm[1].vsControl!.significant).toBe(false);
    expect(decide([control(500, 0), variant("variant-1", 500, 0)], { maxSamplePerArm: 500 }).decision).toBe("REJECT");
  });

  it("a single arm, or invalid input, gives CONTINUE with a reason", () => {
    const one = decide([control(500, 20)]);
    expect(one).toMatchObject({ decision: "CONTINUE", winnerArmKey: null });
    expect(codes(one)).toEqual([DECISION_REASONS.NO_VARIANTS]);
    expect(codes(decide([variant("a", 500, 20), variant("b", 500, 20)]))).toEqual([DECISION_REASONS.INVALID_INPUT]);
    expect(codes(decide([control(500, 20), variant("b", 500, 600)]))).toEqual([DECISION_REASONS.INVALID_INPUT]);
    expect(codes(decide([control(500, 20), variant("control", 500, 20)]))[0]).toBe(DECISION_REASONS.INVALID_INPUT);
    expect(codes(decide([control(500, 20), variant("b", 500, 20)], {}, [1]))).toEqual([DECISION_REASONS.INVALID_INPUT]);
    expect(decide([], {}, []).decision).toBe("CONTINUE");
    expect(codes(decide([control(500, 20), variant("b", 500, 20)], {}, [1, 0]))).toContain(DECISION_REASONS.SRM_NOT_CHECKED);
  });
});

/**
 * Seeded simulation with the default configuration (sequential, Holm, minimum 100 per arm, +5% gate), evaluating
 * after every block of 100 units per arm and stopping at the first PROMOTE or REJECT. Measured: A/A at 3%, 300 runs
 * to 2000 units/arm (seed 2): PROMOTE 0/300, REJECT 2% (6/300, futility or a false "worse"); A/A at 5%, 200 runs to
 * 2000 units/arm (seed 1): PROMOTE 0/200, REJECT 1.5%. (The sequential A/A false-positive rate itself, ~1.4–2%, is
 * measured with more runs in test/unit/stats/sequential.test.ts; PROMOTE needs that and a +5% observed lift.)
 * A 3% → 6% winner (seed 3, 100 runs to 5000 units/arm) was promoted in 100/100, on average after 1066 units per arm.
 * Were the true A/A PROMOTE rate as high as 2%, the MC standard error at 200 runs would be 1 point, so "≤ 5%" keeps
 * 3 SE to spare; at the 5% bound itself, 0 of 300 has probability ~2e-7.
 */
describe("decideExperiment: seeded simulation", () => {
  function simulate(pControl: number, pVariant: number, seed: number, runs: number, maxUnits: number) {
    const rng = seededRandom(seed);
    const tally = { PROMOTE: 0, REJECT: 0, CONTINUE: 0 };
    let stoppedUnits = 0;
    for (let s = 0; s < runs; s++) {
      let xc = 0;
      let xv = 0;
      let previous: Record<string, number> = {};
      let decision: keyof typeof tally = "CONTINUE";
      for (let n = 100; n <= maxUnits; n += 100) {
        xc += sampleBinomial(rng, 100, pControl);
        xv += sampleBinomial(rng, 100, pVariant);
        const r = decideExperiment({ arms: [control(n, xc), variant("variant-1", n, xv)], expectedWeights: [1, 1], config: { ...booked, previousAlwaysValidP: previous } });
        previous = r.alwaysValidP;
        decision = r.decision;
        if (decision !== "CONTINUE") {
          stoppedUnits += n;
          break;
        }
      }
      tally[decision]++;
    }
    return { ...tally, runs, meanStop: stoppedUnits / Math.max(1, tally.PROMOTE + tally.REJECT) };
  }

  it("A/A experiments looked at every 100 units almost never PROMOTE (≤ 5%)", () => {
    const a = simulate(0.03, 0.03, 2, 300, 2000);
    expect(a.PROMOTE / a.runs).toBeLessThanOrEqual(0.05);
    const b = simulate(0.05, 0.05, 1, 200, 2000);
    expect(b.PROMOTE / b.runs).toBeLessThanOrEqual(0.05);
  });

  it("a clear 3% → 6% winner is PROMOTEd", () => {
    const w = simulate(0.03, 0.06, 3, 100, 5000);
    expect(w.PROMOTE / w.runs).toBeGreaterThanOrEqual(0.95);
    expect(w.REJECT).toBe(0);
    expect(w.meanStop).toBeLessThan(2000);
  });
});
