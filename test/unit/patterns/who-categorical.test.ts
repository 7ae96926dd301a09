/**
 * "Value versus the rest" statistics (server/core/patterns/who-categorical.ts) on small fixed
 * tables, against scipy 1.17 (Wilson, Katz and Mantel–Haenszel/RGB written out in numpy,
 * `stats.fisher_exact`, `stats.false_discovery_control`). Generator, printed values pasted below:
 *
 *   import numpy as np; from scipy import stats
 *   z = stats.norm.isf(0.025)
 *   def ztest(x1, n1, x2, n2):
 *       p = (x1 + x2) / (n1 + n2); se = np.sqrt(p * (1 - p) * (1/n1 + 1/n2)); return 2 * stats.norm.sf(abs((x1/n1 - x2/n2) / se))
 *   def wilson(x, n):
 *       p = x/n; d = 1 + z*z/n; c = (p + z*z/(2*n)) / d; h = z*np.sqrt(p*(1-p)/n + z*z/(4*n*n)) / d; return c - h, c + h
 *   def katz(x1, n1, x2, n2):
 *       rr = (x1/n1) / (x2/n2); se = np.sqrt(1/x1 - 1/n1 + 1/x2 - 1/n2); return rr, rr*np.exp(-z*se), rr*np.exp(z*se)
 *   def mh(tables):  # Robins–Breslow–Greenland variance
 *       R = S = PR = PSQR = QS = 0.0
 *       for a, b, c, d in tables:
 *           n = a+b+c+d; P = (a+d)/n; Q = (b+c)/n; Ri = a*d/n; Si = b*c/n
 *           R += Ri; S += Si; PR += P*Ri; PSQR += P*Si + Q*Ri; QS += Q*Si
 *       se = np.sqrt((PR/R**2 + PSQR/(R*S) + QS/S**2) / 2); l = np.log(R/S); return R/S, np.exp(l - z*se), np.exp(l + z*se)
 *   pa, pb = ztest(30, 100, 12, 120), ztest(10, 100, 32, 120); pc = stats.fisher_exact([[2, 18], [40, 160]]).pvalue
 *   print(pa, pb, pc, wilson(30, 100), wilson(2, 20), katz(30, 100, 12, 120), stats.false_discovery_control([pa, pb, pc]))
 *   print(mh([(20, 30, 5, 55), (10, 40, 7, 53)]), mh([(45, 5, 400, 100), (150, 150, 20, 30)]))
 *   # A two-valued dimension (loan yes 4/60, no 38/160) is one comparison: BH over four p-values, not five.
 *   pl = ztest(4, 60, 38, 160); print(pl, stats.false_discovery_control([pa, pb, pc, pl]))
 */
import { describe, expect, it } from "vitest";
import { compareCategorical, confoundingNote, finalizeFindings, valueVersusRestP, type CountRow } from "../../../server/core/patterns/who-categorical";

const close = (actual: number, expected: number, relative = 1e-9) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected)));

function row(attribute: string, value: string, units: number, booked: number, stratum?: string): CountRow {
  return { attribute, value, stratum: stratum ?? "all", ...(stratum ? { confounder: "source" } : {}), units, conversions: { booked } };
}

// industry A 30/100, B 10/100, C 2/20 (population 42/220), each also split by source s1/s2.
const FIXTURE: CountRow[] = [
  row("industry", "A", 100, 30), row("industry", "B", 100, 10), row("industry", "C", 20, 2),
  row("industry", "A", 50, 20, "s1"), row("industry", "B", 50, 4, "s1"), row("industry", "C", 10, 1, "s1"),
  row("industry", "A", 50, 10, "s2"), row("industry", "B", 50, 6, "s2"), row("industry", "C", 10, 1, "s2"),
];

describe("value versus the rest (reference: scipy 1.17, generator in the file comment)", () => {
  const candidates = compareCategorical({ rows: FIXTURE }, "booked", { confounders: ["source"] });
  const byValue = Object.fromEntries(candidates.map((c) => [c.value, c]));

  it("uses the pooled z-test, and Fisher's exact test when an expected count is below 5", () => {
    close(byValue.A.pValue, 0.00017103698583543673);
    close(byValue.B.pValue, 0.001736441286803401);
    close(byValue.C.pValue, 0.37937555780468657);
    expect(valueVersusRestP({ units: 20, conv: 2 }, { units: 220, conv: 42 }).test).toBe("fisher");
  });

  it("gives rates with Wilson intervals, rest rates and lifts with Katz intervals (every count here is ≥ 5)", () => {
    expect(byValue.A).toMatchObject({ n: 100, conversions: 30, rate: 0.3, restRate: 0.1, dimension: "industry", key: "industry=A" });
    close(byValue.A.interval.lower, 0.21894885294932756);
    close(byValue.A.interval.upper, 0.39584854633346667);
    close(byValue.C.interval.lower, 0.027866481213768196);
    close(byValue.C.interval.upper, 0.3010336452284873);
    close(byValue.A.lift, 3);
    close(byValue.A.liftInterval!.lower, 1.6225580009657814);
    close(byValue.A.liftInterval!.upper, 5.546797091162845);
  });

  it("adjusts with Benjamini–Hochberg over all comparisons and re-checks within strata (Mantel–Haenszel)", () => {
    const findings = finalizeFindings(candidates, { alpha: 0.05, minConversions: 10 });
    const f = Object.fromEntries(findings.map((x) => [x.value, x]));
    close(f.A.pAdjusted, 0.0005131109575063101);
    close(f.B.pAdjusted, 0.0026046619302051016);
    close(f.C.pAdjusted, 0.37937555780468657);
    expect([f.A.significant, f.A.direction, f.B.significant, f.B.direction, f.C.significant]).toEqual([true, "positive", true, "negative", false]);
    expect(findings.map((x) => x.value)).toEqual(["A", "B", "C"]);
    const note = f.A.confounding!;
    expect(note).toMatchObject({ confounder: "source", strata: 2, verdict: "consistent" });
    close(note.adjustedOddsRatio, 3.7906976744186047);
    close(note.adjustedInterval.lower, 1.8329797945056991);
    close(note.adjustedInterval.upper, 7.839360205668619);
    close(note.rawOddsRatio, 3.8571428571428577);
    // Confidence = volume × precision: 30 conversions against the minimum of 10 (1 − ½e^{−20/100}), and the
    // log-lift interval width w against 2-fold (precise) … 16-fold (says nothing): (ln 16 − w) / (ln 16 − ln 2).
    const w = Math.log(5.546797091162845 / 1.6225580009657814);
    close(f.A.confidence, (1 - 0.5 * Math.exp(-0.2)) * ((Math.log(16) - w) / (Math.log(16) - Math.log(2))), 1e-9);
    expect(f.C.outcomesNeeded).toBe(6);
  });

  it("never reports an effect that reverses within strata (Simpson's paradox), and says why", () => {
    // Reminder X goes mostly to far appointments, which show less: pooled it "hurts" (p ≈ 8e-11), within each stratum it helps.
    const rows = [
      row("reminder", "yes", 350, 195), row("reminder", "no", 550, 420),
      row("reminder", "yes", 50, 45, "near"), row("reminder", "no", 500, 400, "near"),
      row("reminder", "yes", 300, 150, "far"), row("reminder", "no", 50, 20, "far"),
    ];
    const [yes] = finalizeFindings(compareCategorical({ rows }, "booked", { confounders: ["source"] }), { alpha: 0.05, minConversions: 10 }).filter((x) => x.value === "yes");
    expect(yes.pValue).toBeLessThan(1e-9);
    expect(yes.lift).toBeLessThan(1);
    expect(yes.significant).toBe(false);
    expect(yes.direction).toBe("none");
    expect(yes.confounding).toMatchObject({ verdict: "reversed", strata: 2 });
    close(yes.confounding!.adjustedOddsRatio, 1.723404255319149);
    close(yes.confounding!.adjustedInterval.lower, 1.0369198781747055);
    close(yes.confounding!.rawOddsRatio, 0.38940092165898615);
    expect(yes.confounding!.explanation).toMatch(/^Reverses within 2 source strata/);
  });

  it("needs enough evidence: 3 of 5 is not enough, 0 of 500 where 40 were expected is", () => {
    const rows = [row("title", "rare", 5, 3), row("title", "never", 500, 0), row("title", "common", 1000, 80)];
    const findings = finalizeFindings(compareCategorical({ rows }, "booked", { confounders: [] }), { alpha: 0.05, minConversions: 10 });
    const f = Object.fromEntries(findings.map((x) => [x.value, x]));
    expect(f.rare.pValue).toBeLessThan(0.05);
    expect([f.rare.significant, f.rare.outcomesNeeded]).toEqual([false, 7]);
    expect([f.never.significant, f.never.direction, f.never.outcomesNeeded]).toEqual([true, "negative", 0]);
    // A zero count gives the continuity-corrected lift (0.5/501)/(83.5/1006), finite and without an interval.
    close(f.never.lift, 0.5 / 501 / (83.5 / 1006), 1e-12);
    expect(f.never.liftInterval).toBeUndefined();
    expect(JSON.parse(JSON.stringify(findings))).toEqual(findings);
  });

  it("uses an explicit population for multi-valued dimensions, and divides counts by the design effect", () => {
    // Pain points: a touch can name several, so the population (touches naming any) is given.
    const rows = [row("pain", "x", 100, 30), row("pain", "y", 150, 20)];
    const population = [{ ...row("pain", "*", 220, 42) }];
    const [x] = compareCategorical({ rows, populations: population }, "booked", { confounders: [] }).filter((c) => c.value === "x");
    close(x.pValue, 0.00017103698583543673);
    expect(x.restRate).toBeCloseTo(0.1, 12);
    // Four touches per lead sharing the outcome: 120/400 vs 48/480 tests like 30/100 vs 12/120.
    const clustered = compareCategorical({ rows: [row("cta", "a", 400, 120), row("cta", "b", 480, 48)] }, "booked", { confounders: [], designEffect: 4 });
    close(clustered.find((c) => c.value === "a")!.pValue, 0.00017103698583543673);
    expect(clustered.find((c) => c.value === "a")!.n).toBe(400);
  });
});

describe("two-valued dimensions are one comparison", () => {
  const rows = [...FIXTURE.filter((r) => r.stratum === "all"), row("loan", "no", 160, 38), row("loan", "yes", 60, 4)];
  const findings = finalizeFindings(compareCategorical({ rows }, "booked", { confounders: [] }), { alpha: 0.05, minConversions: 1 });
  const byKey = Object.fromEntries(findings.map((f) => [f.key, f]));

  it("counts the pair once for Benjamini–Hochberg, carried by the smaller side", () => {
    close(byKey["loan=yes"].pValue, 0.004087330351752981);
    close(byKey["loan=no"].pValue, 0.004087330351752981);
    expect(byKey["loan=yes"].mirrorOf).toBeUndefined();
    expect(byKey["loan=no"].mirrorOf).toBe("loan=yes");
    close(byKey["loan=yes"].pAdjusted, 0.0054497738023373075);
    close(byKey["loan=no"].pAdjusted, 0.0054497738023373075);
    close(byKey["industry=A"].pAdjusted, 0.0006841479433417469);
    close(byKey["industry=B"].pAdjusted, 0.003472882573606802);
    close(byKey["industry=C"].pAdjusted, 0.37937555780468657);
  });

  it("gives the mirror its carrier's verdict in the opposite direction, right after it", () => {
    expect(byKey["loan=yes"]).toMatchObject({ significant: true, direction: "negative" });
    expect(byKey["loan=no"]).toMatchObject({ significant: true, direction: "positive", confidence: byKey["loan=yes"].confidence, outcomesNeeded: 0 });
    close(byKey["loan=no"].lift, 1 / byKey["loan=yes"].lift);
    const order = findings.map((f) => f.key);
    expect(order.indexOf("loan=no")).toBe(order.indexOf("loan=yes") + 1);
  });

  it("is two comparisons when a third group (leads without the value) is part of the population", () => {
    const withMissing = compareCategorical({ rows: [...rows, row("loan", "(missing)", 30, 3)] }, "booked", { confounders: [] });
    expect(withMissing.filter((c) => c.dimension === "loan" && c.mirrorOf)).toHaveLength(0);
    const explicitPopulation = compareCategorical(
      { rows: [row("loan", "no", 160, 38), row("loan", "yes", 60, 4)], populations: [{ attribute: "loan", value: "*", stratum: "all", units: 250, conversions: { booked: 45 } }] },
      "booked",
      { confounders: [] },
    );
    expect(explicitPopulation.some((c) => c.mirrorOf)).toBe(false);
  });
});

describe("confounder notes in words", () => {
  it("never says an effect 'holds' when the stratified odds ratio points the other way", () => {
    const tables = [
      { a: 26, b: 42, c: 4, d: 15 },
      { a: 33, b: 6, c: 72, d: 21 },
    ];
    const note = confoundingNote("days to appointment", tables, "reminder")!;
    expect(note.verdict).toBe("consistent");
    expect(note.explanation).toMatch(/^Points the other way within 2 days to appointment strata: pooled odds ratio 0\.58/);
    expect(note.explanation).not.toMatch(/Holds/);
  });
});
