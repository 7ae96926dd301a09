/** Which touch attribute keys WHAT compares (server/core/patterns/what.ts chooseTouchAttributeKeys). */
import { describe, expect, it } from "vitest";
import { chooseTouchAttributeKeys, whatLabel } from "../../../server/core/patterns/what";

describe("touch attribute keys", () => {
  it("keeps labels with few values, most common first, and says why each other key is left out", () => {
    const stats = [
      { key: "variant", touches: 900, distinctValues: 2 },
      { key: "messageId", touches: 1000, distinctValues: 1000 },
      { key: "kind", touches: 1000, distinctValues: 2 },
      { key: "subject_style", touches: 800, distinctValues: 5 },
      { key: "tone", touches: 900, distinctValues: 3 },
      { key: "offer", touches: 5, distinctValues: 2 },
      { key: "region", touches: 700, distinctValues: 1 },
    ];
    const { keys, skipped } = chooseTouchAttributeKeys(stats, 1000);
    expect(keys).toEqual(["tone", "variant"]);
    expect(Object.fromEntries(skipped.map((s) => [s.key, s.reason]))).toEqual({ messageId: "id-like", kind: "built-in", subject_style: "built-in", offer: "rare", region: "single value" });
  });

  it("caps the number of keys and reads an empty sample as nothing to compare", () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ key: `k${String(i).padStart(2, "0")}`, touches: 100 - i, distinctValues: 3 }));
    const { keys, skipped } = chooseTouchAttributeKeys(many, 100, { maxKeys: 10, maxDistinctValues: 50, minCoverage: 0.01 });
    expect(keys).toHaveLength(10);
    expect(skipped).toEqual([{ key: "k10", reason: "over the cap" }, { key: "k11", reason: "over the cap" }]);
    expect(chooseTouchAttributeKeys([], 0).keys).toEqual([]);
  });

  it("labels a touch attribute by its key", () => {
    expect(whatLabel("attributes.variant", "B")).toBe("variant: B");
    expect(whatLabel("cta", "Worth a chat?")).toBe("CTA: Worth a chat?");
  });
});
