import { describe, expect, it } from "vitest";
import { adjustPValues, benjaminiHochberg, holm, STATS_CODES } from "../../../server/core/stats";
import { expectAllClose } from "./close";

// statsmodels 0.13.5 multipletests(p, alpha, method="fdr_bh" | "holm") — test/reference/multiple_testing.py
const TIES = [0.01, 0.04, 0.03, 0.04, 0.005, 0.2, 0.04, 0.5, 0.001, 0.03];
const TIES_FDR_BH = { adjusted: [0.03333333333333333, 0.049999999999999996, 0.049999999999999996, 0.049999999999999996, 0.024999999999999998, 0.22222222222222224, 0.049999999999999996, 0.5, 0.01, 0.049999999999999996], reject: [true, true, true, true, true, false, true, false, true, true] };
const TIES_HOLM = { adjusted: [0.08, 0.21, 0.21, 0.21, 0.045, 0.4, 0.21, 0.5, 0.01, 0.21], reject: [false, false, false, false, true, false, false, false, true, false] };
const BOUNDARY = [0.01, 0.02, 0.03, 0.04, 0.05];
const BOUNDARY_FDR_BH = { adjusted: [0.049999999999999996, 0.049999999999999996, 0.049999999999999996, 0.049999999999999996, 0.05], reject: [true, true, true, true, true] };
const BOUNDARY_HOLM = { adjusted: [0.05, 0.08, 0.09, 0.09, 0.09], reject: [true, false, false, false, false] };
const NONE = [0.3, 0.9, 0.6, 0.3];
const NONE_FDR_BH = { adjusted: [0.6, 0.9, 0.7999999999999999, 0.6], reject: [false, false, false, false] };
const NONE_HOLM = { adjusted: [1.0, 1.0, 1.0, 1.0], reject: [false, false, false, false] };

const CASES = [
  { name: "ties", p: TIES, alpha: 0.05, bh: TIES_FDR_BH, holm: TIES_HOLM },
  { name: "reject boundary", p: BOUNDARY, alpha: 0.05, bh: BOUNDARY_FDR_BH, holm: BOUNDARY_HOLM },
  { name: "nothing significant, capped at 1", p: NONE, alpha: 0.1, bh: NONE_FDR_BH, holm: NONE_HOLM },
];

describe("benjaminiHochberg / holm", () => {
  it.each(CASES)("match statsmodels multipletests(method='fdr_bh') on $name", ({ p, alpha, bh }) => {
    const r = benjaminiHochberg(p, alpha);
    expect(r.code).toBe(STATS_CODES.OK);
    expectAllClose(r.adjusted, bh.adjusted);
    expect(r.reject).toEqual(bh.reject);
  });

  it.each(CASES)("match statsmodels multipletests(method='holm') on $name", ({ p, alpha, holm: ref }) => {
    const r = holm(p, alpha);
    expectAllClose(r.adjusted, ref.adjusted);
    expect(r.reject).toEqual(ref.reject);
  });

  it("tied p-values get equal adjusted values and flags", () => {
    for (const r of [benjaminiHochberg(TIES), holm(TIES)]) {
      expect(new Set([1, 3, 6].map((i) => r.adjusted[i])).size).toBe(1);
      expect(new Set([1, 3, 6].map((i) => r.reject[i])).size).toBe(1);
    }
  });

  it("empty family → NO_DATA; p outside [0, 1] or NaN → INVALID_INPUT with nothing rejected", () => {
    expect(adjustPValues([], "fdr_bh")).toMatchObject({ code: STATS_CODES.NO_DATA, adjusted: [], reject: [] });
    const bad = adjustPValues([0.01, Number.NaN, 1.2], "holm");
    expect(bad.code).toBe(STATS_CODES.INVALID_INPUT);
    expect(bad.adjusted).toEqual([1, 1, 1]);
    expect(bad.reject).toEqual([false, false, false]);
  });
});
