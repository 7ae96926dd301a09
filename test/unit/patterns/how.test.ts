/**
 * HOW core on small fixed inputs. Reference values: scipy 1.17 `stats.fisher_exact`, Wilson by its
 * closed form, BH by hand; tolerance 1e-8 relative.
 */
import { describe, expect, it } from "vitest";
import { analyzeSequences, sequenceOf, type PathRow } from "../../../server/core/patterns/how";

const close = (actual: number, expected: number, rel = 1e-8) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
const options = { alpha: 0.05, minConversions: 5, confounders: ["source"] };

describe("sequences", () => {
  it("takes the first N channels of the collapsed path", () => {
    expect(sequenceOf("email>linkedin>email>sms")).toBe("email>linkedin>email");
    expect(sequenceOf("email>linkedin>email>sms", 2)).toBe("email>linkedin");
    expect(sequenceOf("")).toBe("");
  });

  it("compares each sequence with email alone (Fisher) and multi- with single-channel", () => {
    const paths: PathRow[] = [
      { path: "email", stratum: "web", leads: 400, conversions: 20 },
      { path: "email>linkedin>voice", stratum: "web", leads: 300, conversions: 30 },
      { path: "email>sms", stratum: "web", leads: 300, conversions: 6 },
      { path: "linkedin", stratum: "web", leads: 50, conversions: 2 },
    ];
    const { result, details } = analyzeSequences({ target: "booked", paths, touchesToConvert: [{ value: 3, count: 40 }, { value: 5, count: 18 }] }, options);
    expect(details.baseline).toBe("email");
    expect([result.n, result.conversions]).toEqual([1050, 58]);
    const by = Object.fromEntries(result.findings.map((f) => [f.key, f]));
    const elv = by["sequence=email>linkedin>voice"]!;
    const es = by["sequence=email>sms"]!;
    const multi = by["channel_mix=multi"]!;
    expect(by["sequence=linkedin"]).toBeDefined();
    close(elv.pValue, 0.011953110325751127);
    close(es.pValue, 0.04333893312439574);
    close(multi.pValue, 0.4958395623273154);
    close(elv.lift, 2);
    close(es.lift, 0.4);
    close(multi.lift, 36 / 600 / (22 / 450));
    close(elv.interval.lower, 0.07094791459501532);
    close(elv.interval.upper, 0.13916646238462152);
    expect(elv.restRate).toBe(0.05);
    // BH over the four comparisons (linkedin alone vs email is the fourth).
    const ps = result.findings.map((f) => f.pValue).sort((a, b) => a - b);
    expect(elv.pAdjusted).toBeCloseTo(Math.min(1, ps[0]! * 4, ps[1]! * 2, ps[2]! * 4 / 3, ps[3]!), 12);
    expect(elv.significant).toBe(true);
    expect(elv.direction).toBe("positive");
    expect(multi.significant).toBe(false);
    expect(details.sequences[0]!.sequence).toBe("email");
    expect(details.multiChannel.multi).toMatchObject({ leads: 600, conversions: 36 });
    expect(details.touchesToConvert).toMatchObject({ n: 58, median: 3, p75: 5 });
    expect(details.attribution.channels.map((c) => c.channel).sort()).toEqual(["email", "linkedin", "sms", "voice"]);
  });

  it("a sequence that only looks good because it goes to a better source is not a finding", () => {
    // Referral leads book at 20%, cold leads at 4%, whatever the sequence; email>linkedin goes mostly to referrals.
    const paths: PathRow[] = [
      { path: "email", stratum: "referral", leads: 100, conversions: 20 },
      { path: "email", stratum: "cold", leads: 900, conversions: 36 },
      { path: "email>linkedin", stratum: "referral", leads: 900, conversions: 180 },
      { path: "email>linkedin", stratum: "cold", leads: 100, conversions: 4 },
    ];
    const f = analyzeSequences({ target: "booked", paths, touchesToConvert: [] }, options).result.findings.find((x) => x.key === "sequence=email>linkedin")!;
    expect(f.confounding?.verdict).toBe("attenuated");
    close(f.confounding!.adjustedOddsRatio, 1, 1e-12);
    expect(f.significant).toBe(false);
    expect(f.confounding!.explanation).toMatch(/source referral/);
    // Without the source confounder the raw effect would be reported.
    const raw = analyzeSequences({ target: "booked", paths, touchesToConvert: [] }, { ...options, confounders: [] }).result.findings.find((x) => x.key === "sequence=email>linkedin")!;
    expect(raw.significant).toBe(true);
  });

  it("falls back to the most common single-channel sequence, then to the rest", () => {
    const noEmail = analyzeSequences({ target: "booked", paths: [{ path: "sms", stratum: "-", leads: 50, conversions: 5 }, { path: "linkedin", stratum: "-", leads: 80, conversions: 8 }, { path: "sms>voice", stratum: "-", leads: 60, conversions: 9 }], touchesToConvert: [] }, options);
    expect(noEmail.details.baseline).toBe("linkedin");
    const multiOnly = analyzeSequences({ target: "booked", paths: [{ path: "sms>voice", stratum: "-", leads: 60, conversions: 9 }, { path: "email>sms", stratum: "-", leads: 60, conversions: 3 }], touchesToConvert: [] }, options);
    expect(multiOnly.details.baseline).toBeNull();
    expect(multiOnly.result.findings.find((f) => f.key === "sequence=sms>voice")!.restRate).toBe(0.05);
    const empty = analyzeSequences({ target: "booked", paths: [], touchesToConvert: [] }, options);
    expect(empty.result).toMatchObject({ n: 0, conversions: 0, baseRate: 0, findings: [] });
  });
});
