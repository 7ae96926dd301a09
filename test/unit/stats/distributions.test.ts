import { describe, expect, it } from "vitest";
import * as d from "../../../server/core/stats/distributions";
import { expectClose } from "./close";

// scipy 1.10.1 — test/reference/distributions.py (the scipy call is in each row's comment)
const REFERENCE: [string, () => number, number][] = [
  ["normalCdf(-1.5)", () => d.normalCdf(-1.5), 0.06680720126885807], // stats.norm.cdf(-1.5)
  ["normalCdf(1, 2, 3)", () => d.normalCdf(1, 2, 3), 0.36944134018176367], // stats.norm.cdf(1, loc=2, scale=3)
  ["normalSf(10)", () => d.normalSf(10), 7.61985302416047e-24], // stats.norm.sf(10)
  ["normalQuantile(0.975)", () => d.normalQuantile(0.975), 1.959963984540054], // stats.norm.ppf(0.975)
  ["zCritical(0.05)", () => d.zCritical(0.05), 1.9599639845400545], // stats.norm.isf(0.025)
  ["twoSidedPFromZ(-2.5)", () => d.twoSidedPFromZ(-2.5), 0.012419330651552265], // 2 * stats.norm.sf(2.5)
  ["chiSquareCdf(3, 4)", () => d.chiSquareCdf(3, 4), 0.4421745996289252], // stats.chi2.cdf(3, 4)
  ["chiSquareSf(50, 1)", () => d.chiSquareSf(50, 1), 1.537459794428033e-12], // stats.chi2.sf(50, 1)
  ["chiSquareSf(40, 2)", () => d.chiSquareSf(40, 2), 2.0611536224385566e-9], // stats.chi2.sf(40, 2)
  ["chiSquareSf(7.5, 3)", () => d.chiSquareSf(7.5, 3), 0.0575584519726364], // stats.chi2.sf(7.5, 3)
  ["chiSquareSf(260.7, 3)", () => d.chiSquareSf(260.7, 3), 3.1723511864393367e-56], // stats.chi2.sf(260.7, 3): far tail, no 1 − cdf
  ["chiSquareSf(963, 3)", () => d.chiSquareSf(963, 3), 1.9116591023162312e-208], // stats.chi2.sf(963, 3)
  ["chiSquareSf(150, 7)", () => d.chiSquareSf(150, 7), 4.059880032776308e-29], // stats.chi2.sf(150, 7)
  ["chiSquareQuantile(0.95, 3)", () => d.chiSquareQuantile(0.95, 3), 7.814727903251179], // stats.chi2.ppf(0.95, 3)
  ["tCdf(-2.1, 7)", () => d.tCdf(-2.1, 7), 0.0369355981064613], // stats.t.cdf(-2.1, 7)
  ["tSf(2.1, 7)", () => d.tSf(2.1, 7), 0.0369355981064613], // stats.t.sf(2.1, 7)
  ["twoSidedPFromT(-2.1, 7)", () => d.twoSidedPFromT(-2.1, 7), 0.0738711962129226], // 2 * stats.t.sf(2.1, 7)
  ["tQuantile(0.975, 12)", () => d.tQuantile(0.975, 12), 2.1788128296634177], // stats.t.ppf(0.975, 12)
  ["betaCdf(0.3, 2, 5)", () => d.betaCdf(0.3, 2, 5), 0.5798250000000003], // stats.beta.cdf(0.3, 2, 5)
  ["betaQuantile(0.025, 13, 188)", () => d.betaQuantile(0.025, 13, 188), 0.03506070865697905], // stats.beta.ppf(0.025, 13, 188)
  ["hypergeometricPmf(3, 24, 10, 15)", () => d.hypergeometricPmf(3, 24, 10, 15), 0.008351790893182737], // stats.hypergeom.pmf(3, 24, 10, 15)
  ["hypergeometricCdf(3, 24, 10, 15)", () => d.hypergeometricCdf(3, 24, 10, 15), 0.008841273143332641], // stats.hypergeom.cdf(3, 24, 10, 15)
  ["gammaln(100.5)", () => d.gammaln(100.5), 361.43554046777757], // special.gammaln(100.5)
  ["betaln(3.5, 40)", () => d.betaln(3.5, 40), -11.816840683354368], // special.betaln(3.5, 40)
];

describe("distribution wrappers over stdlib", () => {
  it.each(REFERENCE)("%s matches scipy", (_name, fn, expected) => {
    expectClose(fn(), expected);
  });

  it("upper tails keep relative precision far out (no 1 − cdf cancellation)", () => {
    expect(d.normalSf(30)).toBeGreaterThan(0);
    expect(d.chiSquareSf(600, 1)).toBeGreaterThan(0);
    expect(d.chiSquareSf(0, 3)).toBe(1);
    expect(d.twoSidedPFromZ(0)).toBe(1);
  });
});
