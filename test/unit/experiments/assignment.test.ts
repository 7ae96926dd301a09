import { describe, expect, it } from "vitest";
import { assignArm, chooseArm, fnv1a32, hashUnit } from "../../../server/core/experiments/assignment";
import { chiSquare2x2, chiSquareGoodnessOfFit } from "../../../server/core/stats";

// The published FNV-1a 32-bit test vectors (Fowler–Noll–Vo reference code: "" is the offset basis).
const FNV_VECTORS: [string, number][] = [
  ["", 0x811c9dc5],
  ["a", 0xe40c292c],
  ["b", 0xe70c2de5],
  ["foo", 0xa9f37ed7],
  ["foobar", 0xbf9cf968],
];

// fnv1a32(String(fnv1a32(salt + id))) % 10000 / 10000 computed from the FNV-1a definition over UTF-8 bytes in Python:
//   def fnv(s): h = 0x811c9dc5; [h := ((h ^ b) * 0x01000193) & 0xffffffff for b in s.encode()]; return h
const HASHES: [string, string, number][] = [
  ["exp-1", "lead-42", 0.5081],
  ["", "a", 0.0216],
  ["b", "a", 0.665],
  ["pricing-test", "user_123", 0.3546],
  ["exp", "é漢😀", 0.9255],
];

const IDS = Array.from({ length: 100_000 }, (_, i) => `lead-${i}`);

function counts(arms: number[], k: number): number[] {
  const c = new Array<number>(k).fill(0);
  for (const a of arms) c[a]++;
  return c;
}

describe("fnv1a32 / hashUnit", () => {
  it.each(FNV_VECTORS)("fnv1a32(%j) = the published vector", (s, h) => {
    expect(fnv1a32(s)).toBe(h);
  });

  it("hashes UTF-8 bytes (é漢😀 = 0x623fe2e2, as Python's s.encode())", () => {
    expect(fnv1a32("é漢😀")).toBe(0x623fe2e2);
  });

  it.each(HASHES)("hashUnit(%j, %j) = %f (double FNV-1a, GrowthBook hash v2 construction)", (salt, id, u) => {
    expect(hashUnit(salt, id)).toBe(u);
  });

  it("is sticky: the same salt and unit always give the same position and arm", () => {
    for (const id of IDS.slice(0, 1000)) {
      expect(hashUnit("exp-sticky", id)).toBe(hashUnit("exp-sticky", id));
      expect(assignArm("exp-sticky", id, [1, 1, 1])).toBe(chooseArm([1, 1, 1], hashUnit("exp-sticky", id)));
    }
  });
});

describe("assignment uniformity (100,000 ids, χ² goodness of fit)", () => {
  it.each([
    [[1, 1]],
    [[1, 1, 1]],
    [[0.2, 0.3, 0.5]],
  ])("splits in proportion to weights %j (p > 0.001)", (weights) => {
    const arms = IDS.map((id) => assignArm("exp-uniform", id, weights));
    const gof = chiSquareGoodnessOfFit(counts(arms, weights.length), weights);
    expect(gof.pValue).toBeGreaterThan(0.001);
  });

  it("hash positions are uniform over 20 equal bins (p > 0.001)", () => {
    const bins = counts(IDS.map((id) => Math.floor(hashUnit("exp-bins", id) * 20)), 20);
    expect(chiSquareGoodnessOfFit(bins, new Array<number>(20).fill(1)).pValue).toBeGreaterThan(0.001);
  });

  it("assignments under two salts are independent (2×2 χ², p > 0.001)", () => {
    const t = { a: 0, b: 0, c: 0, d: 0 };
    for (const id of IDS) {
      const x = assignArm("exp-A", id, [1, 1]);
      const y = assignArm("exp-B", id, [1, 1]);
      if (x === 0 && y === 0) t.a++;
      else if (x === 0) t.b++;
      else if (y === 0) t.c++;
      else t.d++;
    }
    expect(chiSquare2x2(t).pValue).toBeGreaterThan(0.001);
  });
});

describe("chooseArm", () => {
  it("uses normalised cumulative ranges", () => {
    expect(chooseArm([1, 1], 0)).toBe(0);
    expect(chooseArm([1, 1], 0.4999)).toBe(0);
    expect(chooseArm([1, 1], 0.5)).toBe(1);
    expect(chooseArm([2, 3, 5], 0.19)).toBe(0);
    expect(chooseArm([2, 3, 5], 0.2)).toBe(1);
    expect(chooseArm([2, 3, 5], 0.9999)).toBe(2);
    expect(chooseArm([0.1, 0.2, 0.7], 0.31)).toBe(2);
  });

  it("never chooses an arm with weight 0, even at the range edges", () => {
    for (let i = 0; i < 1000; i++) {
      const u = i / 1000;
      expect(chooseArm([0, 1, 0, 1, 0], u)).not.toBe(0);
      expect([1, 3]).toContain(chooseArm([0, 1, 0, 1, 0], u));
    }
    expect(chooseArm([1, 0], 0.9999999999)).toBe(0);
    // Weights whose float sum is a hair off 1 still place u just below 1 in the last positive arm.
    expect(chooseArm([0.1, 0.2, 0.3, 0.4, 0], 1 - 1e-16)).toBe(3);
  });

  it("invalid weights or u → −1", () => {
    expect(chooseArm([], 0.5)).toBe(-1);
    expect(chooseArm([0, 0], 0.5)).toBe(-1);
    expect(chooseArm([1, -1], 0.5)).toBe(-1);
    expect(chooseArm([1, Number.NaN], 0.5)).toBe(-1);
    expect(chooseArm([1, 1], 1)).toBe(-1);
    expect(chooseArm([1, 1], -0.1)).toBe(-1);
  });
});
