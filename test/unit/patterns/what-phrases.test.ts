/**
 * Phrase counting and ranking (server/core/patterns/what-phrases.ts) and the WHAT core
 * (what.ts). The log-odds reference is numpy (scipy 1.17 for the normal tail):
 *
 *   y1, n1, y0, n0, a0 = 40, 200, 160, 1800, 100
 *   f = (y1 + y0) / (n1 + n0); al = a0 * f; be = a0 * (1 - f)
 *   delta = np.log((y1 + al) / (n1 - y1 + be)) - np.log((y0 + al) / (n0 - y0 + be))
 *   z = delta / np.sqrt(1/(y1+al) + 1/(n1-y1+be) + 1/(y0+al) + 1/(n0-y0+be)); print(delta, z, 2 * stats.norm.sf(abs(z)))
 */
import { describe, expect, it } from "vitest";
import { detectWhatTargets } from "../../../server/core/patterns/what";
import { PhraseCounter, foldRedundant, phraseCandidates, phraseLogOdds } from "../../../server/core/patterns/what-phrases";

const close = (actual: number, expected: number, relative = 1e-9) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected)));

/** 2,000 touches: "cut follow-up in half" in 200 of them (40 replied), the rest 160 of 1,800 replied; "trusted by thousands" in 800 that never replied. */
function counter() {
  const c = new PhraseCounter(["replied"]);
  for (let i = 0; i < 2000; i++) {
    const planted = i < 200;
    const replied = planted ? i < 40 : i < 200 + 160;
    const body = planted ? "We cut follow-up in half. Worth a chat?" : i >= 1200 ? "Trusted by thousands. Worth a chat?" : "Worth a chat?";
    c.add({ subject: "Quick idea", body, stratum: i % 2 ? "email" : "linkedin", outcomes: { replied } });
  }
  c.add({ subject: null, body: null, stratum: "email", outcomes: { replied: true } });
  return c;
}

describe("phrase log-odds with an informative prior (reference: numpy, generator in the file comment)", () => {
  it("matches the formula with the full 2×2 variance", () => {
    const r = phraseLogOdds(40, 200, 160, 1800, 100);
    close(r.delta, 0.7106403380074624);
    close(r.z, 4.071759729944805);
  });

  it("shrinks rare terms: the same proportions over fewer touches give a smaller z", () => {
    expect(phraseLogOdds(4, 200, 16, 1800, 100).z).toBeLessThan(phraseLogOdds(40, 200, 160, 1800, 100).z / 2);
  });

  it("counts a term once per touch, per stratum, and tests one name per set of touches", () => {
    const snapshot = counter().snapshot();
    expect(snapshot.touches).toBe(2000);
    expect(snapshot.strata.sort()).toEqual(["email", "linkedin"]);
    const { candidates, eligible, duplicates } = phraseCandidates(snapshot, "replied", { minTouches: 20, maxTerms: 100, priorStrength: 100, confounder: "channel" });
    // Every n-gram of the planted sentence has the same touches; "cut follow up" stands for them all.
    const planted = candidates.filter((c) => c.n === 200);
    expect(planted.map((c) => c.value)).toEqual(["cut follow up"]);
    expect(eligible - duplicates).toBe(candidates.length);
    const [cut] = planted;
    expect(cut).toMatchObject({ conversions: 40, rate: 0.2, restRate: 160 / 1800, dimension: "phrase", key: "phrase=cut follow up" });
    close(cut.score!, 4.071759729944805);
    close(cut.pValue, 4.6659295861734283e-5, 1e-7);
    expect(cut.stat).toMatchObject({ withConverted: 40, withNotConverted: 160, withoutConverted: 160, withoutNotConverted: 1640 });
    expect(cut.confounding).toMatchObject({ confounder: "channel", strata: 2, verdict: "consistent" });
  });

  it("gives the same snapshot whatever order the touches stream in (strata in name order)", () => {
    const touches = Array.from({ length: 300 }, (_, i) => ({
      body: i % 3 === 0 ? "cut your follow up time. thanks" : "quick question about your team. thanks",
      stratum: ["sms", "email", "linkedin"][i % 7 % 3],
      outcomes: { replied: i % 5 === 0 },
    }));
    const read = (list: typeof touches) => {
      const c = new PhraseCounter(["replied"]);
      list.forEach((t) => c.add(t));
      return c.snapshot();
    };
    const forward = read(touches);
    expect(forward.strata).toEqual(["email", "linkedin", "sms"]);
    expect(read([...touches].reverse())).toEqual(forward);
  });

  it("keeps memory bounded by dropping rare terms when the vocabulary overflows", () => {
    const c = new PhraseCounter(["replied"], { maxVocabulary: 50 });
    for (let i = 0; i < 200; i++) c.add({ body: `common words here. unique${i}`, stratum: "email", outcomes: { replied: false } });
    const snapshot = c.snapshot();
    expect(snapshot.terms.size).toBeLessThanOrEqual(51);
    expect(snapshot.pruned).toBeGreaterThan(100);
    expect(snapshot.terms.get("common words here")![0]).toBe(200);
  });

  it("folds sub-phrases that nearly always occur with a stronger phrase", () => {
    const items = [
      { value: "finds you well", n: 100, conversions: 5, score: -5 },
      { value: "finds you", n: 104, conversions: 5, score: -4.9 },
      { value: "you well", n: 300, conversions: 30, score: -2 },
      { value: "hope this message", n: 100, conversions: 5, score: -5 },
    ];
    const { kept, folded } = foldRedundant(items);
    expect(kept.map((k) => k.value)).toEqual(["finds you well", "you well"]);
    expect(folded).toBe(2);
  });
});

describe("WHAT core: one Benjamini–Hochberg family per target over categorical features and phrases", () => {
  it("adjusts categorical and phrase p-values together and lists winners and losers", () => {
    const rows = [
      { attribute: "cta", value: "Worth a chat?", stratum: "all", units: 1000, conversions: { replied: 100 } },
      { attribute: "cta", value: "Calendar link", stratum: "all", units: 1001, conversions: { replied: 100 } },
    ];
    const { results, phrases } = detectWhatTargets(
      { counts: { rows }, totals: { units: 2001, conversions: { replied: 200 } }, phrases: counter().snapshot() },
      { targets: ["replied"], alpha: 0.05, minConversions: 10, confounders: ["channel"], phrase: { minTouches: 20 } },
    );
    const [result] = results;
    expect(result).toMatchObject({ target: "replied", n: 2001, conversions: 200 });
    const m = result.findings.filter((f) => f.dimension === "cta").length + phrases[0].tested;
    const cut = result.findings.find((f) => f.key === "phrase=cut follow up")!;
    expect(cut.significant).toBe(true);
    // BH: the smallest p of m tests is adjusted to at most m·p.
    expect(cut.pAdjusted).toBeLessThanOrEqual(m * cut.pValue * (1 + 1e-12));
    expect(result.findings.filter((f) => f.dimension === "phrase").every((f) => f.significant)).toBe(true);
    expect(phrases[0].winners[0]).toMatchObject({ term: "cut follow up", touches: 200, significant: true });
    expect(phrases[0].losers[0]).toMatchObject({ term: "trusted by thousands", touches: 800, withConverted: 0, significant: true });
    expect(phrases[0].losers.every((l) => l.z < 0)).toBe(true);
    expect(phrases[0].winners[0]).toMatchObject({ outcomesNeeded: 0, direction: "positive" });
  });

  it("says why a listed phrase with a small p is not significant: it needs more outcomes", () => {
    const { phrases } = detectWhatTargets(
      { counts: { rows: [] }, totals: { units: 2001, conversions: { replied: 200 } }, phrases: counter().snapshot() },
      { targets: ["replied"], alpha: 0.05, minConversions: 500, confounders: ["channel"], phrase: { minTouches: 20 } },
    );
    const cut = phrases[0].winners.find((w) => w.term === "cut follow up")!;
    expect(cut.pAdjusted).toBeLessThan(0.05);
    expect(cut).toMatchObject({ significant: false, direction: "none" });
    expect(cut.outcomesNeeded).toBeGreaterThan(0);
    // Its lift and interval are listed with it, though it is not a finding.
    expect(cut.lift).toBeGreaterThan(1);
    expect(cut.liftInterval!.lower).toBeLessThan(cut.lift!);
    expect(cut.liftInterval!.upper).toBeGreaterThan(cut.lift!);
  });
});
