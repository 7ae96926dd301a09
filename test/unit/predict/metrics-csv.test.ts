import { describe, expect, it } from "vitest";
import { evaluatePredictions, parseCsv, tableFromCsv } from "../../../server/core/predict";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));

describe("metrics vs scikit-learn 1.2 (test/reference/predict_metrics.py)", () => {
  const y = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0];
  const p = [0.1, 0.4, 0.35, 0.8, 0.4, 0.9, 0.05, 0.62, 0.4, 0.2, 0.77, 0.55, 0.3, 0.99, 0.45, 0.0];
  const m = evaluatePredictions(y, p);

  it("AUC with tied scores, log-loss with clipping, Brier", () => {
    expect(rel(m.auc, 0.90625)).toBeLessThan(1e-9);
    expect(rel(m.logLoss, 0.3999504230963513)).toBeLessThan(1e-9);
    expect(rel(m.brier, 0.13108750000000002)).toBeLessThan(1e-9);
    expect(m).toMatchObject({ n: 16, positives: 8 });
  });

  it("calibration curve over uniform bins, an edge value in the bin below", () => {
    expect(m.calibration.map((b) => b.observedRate)).toEqual([0, 0, 0, 0.5, 1, 0, 1, 1, 1, 1]);
    const predicted = [0.05000000000000001, 0.2, 0.3, 0.38749999999999996, 0.45, 0.55, 0.62, 0.785, 0.9, 0.99];
    m.calibration.forEach((b, i) => expect(Math.abs(b.meanPredicted - predicted[i]!)).toBeLessThan(1e-12));
    expect(m.calibration.reduce((s, b) => s + b.count, 0)).toBe(16);
  });
});

describe("CSV", () => {
  it("parses quotes, doubled quotes, CRLF, a BOM and a trailing newline", () => {
    const parsed = parseCsv('\uFEFFid,name,note\r\n1,"Smith, Ann","said ""hi"""\r\n2,Bob,\n');
    expect(parsed.header).toEqual(["id", "name", "note"]);
    expect(parsed.rows).toEqual([
      ["1", "Smith, Ann", 'said "hi"'],
      ["2", "Bob", ""],
    ]);
    expect(() => parseCsv('a,b\n1,"open')).toThrow("quoted field");
    expect(() => parseCsv("")).toThrow("empty");
  });

  it("builds the table: target mapped to 0/1, columns excluded, kinds inferred", () => {
    const table = tableFromCsv("id,age,plan,churned\n1,30,pro,yes\n2,41,basic,no\n3,,basic,yes\n", { target: "churned", exclude: ["id"] });
    expect(table.labels).toEqual([1, 0, 1]);
    expect(table.positiveLabel).toBe("yes");
    expect(table.features).toEqual([
      { name: "age", kind: "numeric" },
      { name: "plan", kind: "categorical" },
    ]);
    expect(table.rows[2]).toEqual({ age: null, plan: "basic" });
  });

  it("says what is wrong, by name", () => {
    expect(() => tableFromCsv("a,b\n1,2\n", { target: "y" })).toThrow('no column named "y" (columns: a, b)');
    expect(() => tableFromCsv("a,y\n1,x\n2,z\n3,w\n", { target: "y" })).toThrow('target "y" must have exactly two values; it has 3: w, x, z');
    expect(() => tableFromCsv("a,y\n1,red\n2,blue\n", { target: "y" })).toThrow("which value");
    expect(tableFromCsv("a,y\n1,red\n2,blue\n", { target: "y", positive: "red" }).labels).toEqual([1, 0]);
    expect(() => tableFromCsv("a,y\n1,1\n", { target: "y", exclude: ["b"] })).toThrow('cannot exclude "b"');
    expect(() => tableFromCsv("a,y\n1,1,3\n2,0\n", { target: "y" })).toThrow("row 2 has 3 fields");
  });
});
