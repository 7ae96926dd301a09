import { describe, expect, it } from "vitest";
import { computeDrift } from "../../../server/core/patterns/drift";
import { checkPatternHealth } from "../../../server/core/patterns/health";
import type { Finding, PatternSet } from "../../../server/core/patterns/types";

const close = (actual: number | null, expected: number, rel = 1e-9) => expect(Math.abs((actual ?? NaN) - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));

const finding = (key: string, n: number, lift: number, significant: boolean, pAdjusted: number): Finding => ({
  key, dimension: "industry", value: key, label: key, n, conversions: Math.round(n * 0.1), rate: 0.1, interval: { lower: 0.05, upper: 0.15, level: 0.95 },
  restRate: 0.1, lift, pValue: pAdjusted, pAdjusted, significant, direction: lift > 1 ? "positive" : "negative", confidence: 0.8, outcomesNeeded: 0,
});
const set = (findings: Finding[]): PatternSet => ({
  type: "who", schemaVersion: 1, computedAt: "2026-11-01T00:00:00Z", window: { from: null, to: "2026-11-01T00:00:00Z" }, sampleSize: 500, confidence: 0.8,
  results: [{ target: "booked", n: 1000, conversions: 100, baseRate: 0.1, findings }], details: {}, notes: [],
});

describe("computeDrift", () => {
  it("reports rank changes, entries and exits, and the population shift", () => {
    const before = set([finding("a", 500, 2, true, 0.001), finding("b", 300, 1.5, true, 0.01), finding("c", 200, 1, false, 0.9)]);
    const after = set([finding("a", 300, 1.1, false, 0.4), finding("b", 300, 1.6, true, 0.001), finding("c", 400, 1.8, true, 0.002)]);
    const drift = computeDrift(before, after, 3);
    const target = drift.targets[0]!;
    expect(target.entered).toEqual(["c"]);
    expect(target.left).toEqual(["a"]);
    expect(target.topChanges.map((c) => [c.key, c.previousRank, c.rank])).toEqual([["b", 2, 1], ["c", 3, 2], ["a", 1, 3]]);
    close(target.psi, 0.2407945608651872); // test/reference/drift.py
    expect(drift.level).toBe("warning");
    expect(drift.previousVersion).toBe(3);
  });

  it("is stable for an identical computation", () => {
    const same = set([finding("a", 500, 2, true, 0.001), finding("b", 300, 1.5, true, 0.01), finding("c", 200, 1, false, 0.9)]);
    const drift = computeDrift(same, same, 1);
    expect(drift.level).toBe("stable");
    expect(drift.targets[0]!.topChanges).toEqual([]);
    close(drift.targets[0]!.liftRankCorrelation, 1);
  });
});

describe("checkPatternHealth", () => {
  const now = new Date("2026-11-20T06:00:00Z");
  const base = { version: 4, computedAt: new Date("2026-11-16T02:00:00Z"), validUntil: new Date("2026-11-24T02:00:00Z"), sampleSize: 400, confidence: 0.85, driftLevel: "stable" as const };
  it("flags missing, stale, low-sample and drifting patterns; healthy ones say so", () => {
    const result = checkPatternHealth(
      [
        { ...base, type: "who" },
        { ...base, type: "what", validUntil: new Date("2026-11-19T00:00:00Z"), computedAt: new Date("2026-11-10T00:00:00Z") },
        { ...base, type: "when", sampleSize: 40, driftLevel: "alert" },
      ],
      now,
    );
    const codes = result.findings.map((f) => `${f.type}:${f.code}`);
    expect(codes).toEqual(["who:HEALTHY", "what:STALE", "when:LOW_SAMPLE", "when:DRIFT", "how:MISSING"]);
    expect(result.status).toBe("alert");
    expect(result.findings.find((f) => f.code === "LOW_SAMPLE")!.message).toContain("60 more");
  });

  it("says a type has nothing to learn from, without a warning, when it analysed no units (leads and outcomes imported, no touches)", () => {
    const result = checkPatternHealth(
      [
        { ...base, type: "who", units: 45_211 },
        ...(["what", "when", "how"] as const).map((type) => ({ ...base, type, sampleSize: 0, confidence: 0, units: 0 })),
      ],
      now,
    );
    expect(result.findings.map((f) => `${f.type}:${f.code}:${f.severity}`)).toEqual(["who:HEALTHY:ok", "what:NO_DATA:ok", "when:NO_DATA:ok", "how:NO_DATA:ok"]);
    expect(result.status).toBe("ok");
    expect(result.findings[1]!.message).toContain("ingest touches");
  });
});
