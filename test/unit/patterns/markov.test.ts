/**
 * Markov removal effects, worked by hand (the textbook three-path example used to explain
 * ChannelAttribution's `markov_model`), and the next-channel model.
 */
import { describe, expect, it } from "vitest";
import { buildNextChannelModel, collapseRepeats, conversionProbability, indexPaths, markovAttribution, nextChannel, START, weightedShares } from "../../../server/core/patterns/markov";

describe("markovAttribution", () => {
  // Paths: C1 > C2 > C3 → conversion; C1 → null; C2 > C3 → null.
  // Transitions: start→C1 2/3, start→C2 1/3; C1→C2 1/2, C1→null 1/2; C2→C3 1; C3→conv 1/2, C3→null 1/2.
  // P(conv) = (2/3·1/2 + 1/3)·1·1/2 = 1/3.
  // Remove C1: (1/3)·1·1/2 = 1/6 → RE = 1/2. Remove C2 or C3: 0 → RE = 1.
  // Normalised: 0.5/2.5 = 0.2, 0.4, 0.4; attributed: 0.2, 0.4, 0.4 of the one conversion.
  const paths = [
    { path: ["C1", "C2", "C3"], conversions: 1, nulls: 0 },
    { path: ["C1"], conversions: 0, nulls: 1 },
    { path: ["C2", "C3"], conversions: 0, nulls: 1 },
  ];

  it("matches the hand-worked example", () => {
    const m = markovAttribution(paths);
    expect(m.conversionProbability).toBeCloseTo(1 / 3, 14);
    expect(m.transitions[START]).toEqual({ C1: 2 / 3, C2: 1 / 3 });
    const by = Object.fromEntries(m.channels.map((c) => [c.channel, c]));
    expect(by.C1!.removalEffect).toBeCloseTo(0.5, 14);
    expect(by.C2!.removalEffect).toBeCloseTo(1, 14);
    expect(by.C3!.removalEffect).toBeCloseTo(1, 14);
    expect(by.C1!.normalized).toBeCloseTo(0.2, 14);
    expect(by.C2!.attributedConversions).toBeCloseTo(0.4, 14);
    expect(m.channels.map((c) => c.channel)).toEqual(["C2", "C3", "C1"]);
  });

  it("is unchanged by repeated touches on one channel (self-loops only delay absorption)", () => {
    const repeated = markovAttribution([{ path: ["C1", "C1", "C2", "C3", "C3"], conversions: 1, nulls: 0 }, ...paths.slice(1)]);
    expect(repeated.channels.map((c) => c.removalEffect)).toEqual(markovAttribution(paths).channels.map((c) => c.removalEffect));
    expect(collapseRepeats(["a", "a", "b", "a"])).toEqual(["a", "b", "a"]);
  });

  it("handles loops between channels (solves the linear system) and empty input", () => {
    // email > sms > email converts, email alone does not: email→sms, email→conv, email→null 1/3 each; sms→email 1.
    const m = markovAttribution([
      { path: ["email", "sms", "email"], conversions: 1, nulls: 0 },
      { path: ["email"], conversions: 0, nulls: 1 },
    ]);
    // x_e = 1/3·x_s + 1/3, x_s = x_e → x_e = 1/2; without sms x_e = 1/3.
    expect(m.conversionProbability).toBeCloseTo(0.5, 14);
    expect(conversionProbability(m.transitions, new Set(["sms"]))).toBeCloseTo(1 / 3, 14);
    expect(markovAttribution([]).channels).toEqual([]);
  });
});

describe("markovAttribution intervals (Bayesian bootstrap over leads)", () => {
  const paths = [
    { path: ["email", "linkedin", "voice"], conversions: 60, nulls: 340 },
    { path: ["email", "sms"], conversions: 20, nulls: 380 },
    { path: ["email"], conversions: 30, nulls: 570 },
    { path: ["linkedin", "email"], conversions: 15, nulls: 185 },
    { path: ["sms", "email", "sms"], conversions: 5, nulls: 95 },
  ];
  const channels = ["email", "linkedin", "sms", "voice"];

  it("refits each replicate with the same chain as the point estimate (index form equals the record form)", () => {
    const shares = weightedShares(indexPaths(paths, channels), Float64Array.from(paths.map((p) => p.conversions)), Float64Array.from(paths.map((p) => p.nulls)), channels.length);
    const point = Object.fromEntries(markovAttribution(paths).channels.map((c) => [c.channel, c.normalized]));
    channels.forEach((c, j) => expect(shares[j]!).toBeCloseTo(point[c]!, 12));
  });

  it("gives each share an interval around it, the same for the same seed, narrower with ten times the leads", () => {
    const m = markovAttribution(paths, { replicates: 300, seed: 7 });
    expect(m.replicates).toBe(300);
    for (const c of m.channels) {
      expect(c.normalizedInterval!.lower).toBeLessThan(c.normalized);
      expect(c.normalizedInterval!.upper).toBeGreaterThan(c.normalized);
      expect(c.normalizedInterval!.level).toBe(0.95);
    }
    expect(markovAttribution(paths, { replicates: 300, seed: 7 }).channels).toEqual(m.channels);
    const more = markovAttribution(paths.map((p) => ({ ...p, conversions: 10 * p.conversions, nulls: 10 * p.nulls })), { replicates: 300, seed: 7 });
    const width = (a: typeof m) => Object.fromEntries(a.channels.map((c) => [c.channel, c.normalizedInterval!.upper - c.normalizedInterval!.lower]));
    const [narrow, wide] = [width(more), width(m)];
    // √10 ≈ 3.2 times narrower in theory; at least twice in 300 replicates.
    for (const c of channels) expect(narrow[c]!).toBeLessThan(wide[c]! / 2);
    // Without replicates, no intervals (as stored before they existed).
    expect(markovAttribution(paths).channels.every((c) => c.normalizedInterval === undefined)).toBe(true);
  });
});

describe("nextChannel", () => {
  const model = buildNextChannelModel(
    [
      { path: ["email", "linkedin", "voice"], conversions: 30, nulls: 70 },
      { path: ["email", "sms"], conversions: 5, nulls: 95 },
      { path: ["email"], conversions: 10, nulls: 90 },
      { path: ["linkedin", "email"], conversions: 1, nulls: 9 },
    ],
    { priorStrength: 20, minContextLeads: 30 },
  );

  it("ranks next channels by the smoothed rate given the last channels", () => {
    const after = nextChannel(model, ["email"])!;
    // Context (start, email): linkedin 100 leads, 30 converted; sms 100, 5.
    expect(after.channel).toBe("linkedin");
    expect(after.context).toEqual(["email"]);
    expect([after.n, after.conversions, after.rate]).toEqual([100, 30, 0.3]);
    expect(after.backedOff).toBe(false);
    // Shrinkage: "*" linkedin = (30 + 1 + 20·46/310) / (110 + 20); then (email) context, then (start, email).
    const base = 46 / 310;
    const star = (31 + 20 * base) / (110 + 20);
    const one = (30 + 20 * star) / (100 + 20);
    const two = (30 + 20 * one) / (100 + 20);
    expect(after.smoothedRate).toBeCloseTo(two, 12);
    expect(after.alternatives.map((a) => a.channel)).toEqual(["sms"]);
    expect(after.interval.lower).toBeLessThan(0.3);
  });

  it("collapses repeats in the history and backs off when the context is sparse", () => {
    expect(nextChannel(model, ["email", "email"])!.channel).toBe("linkedin");
    const sparse = nextChannel(model, ["linkedin"])!; // (start, linkedin) has 10 leads: back off to (linkedin)
    expect(sparse.backedOff).toBe(true);
    expect(sparse.channel).toBe("voice");
    // First channel: email started 300 leads (15% converted), linkedin 10 (10%). Shrunk toward
    // linkedin's rate anywhere in a path (31/110), the 10 linkedin starters rank first; the evidence says how thin it is.
    expect(nextChannel(model, [])).toMatchObject({ channel: "linkedin", n: 10, conversions: 1, context: [], backedOff: false });
    expect(nextChannel(buildNextChannelModel([]), ["email"])).toBeNull();
  });
});
