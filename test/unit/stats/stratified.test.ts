import { describe, expect, it } from "vitest";
import {
  breslowDay,
  cochranMantelHaenszel,
  confoundingCheck,
  flipsWithoutReversal,
  mantelHaenszelOddsRatio,
  oddsRatio,
  rawOddsRatio,
  STATS_CODES,
  type Table2x2,
} from "../../../server/core/stats";
import { expectClose, expectNoNaN } from "./close";

const t = (a: number, b: number, c: number, d: number): Table2x2 => ({ a, b, c, d });

// Strata [[a, b], [c, d]]: rows = has trait / not, columns = converted / not (same as test/reference/stratified.py).
const SIMPSON = [t(320, 80, 90, 10), t(4, 96, 40, 360), t(60, 60, 70, 50)];
const CONSISTENT = [t(30, 70, 18, 82), t(12, 188, 6, 194), t(45, 55, 29, 71), t(8, 42, 4, 46)];
const CONFOUNDED = [t(150, 150, 48, 52), t(12, 88, 35, 265)];
const AMPLIFIED = [t(20, 180, 5, 95), t(35, 15, 25, 25)];
const HETEROGENEOUS = [t(20, 5, 10, 15), t(3, 27, 12, 18), t(0, 10, 4, 6), t(15, 15, 10, 20)];

// statsmodels 0.13.5 — test/reference/stratified.py (printed output pasted verbatim)
// StratifiedTable(SIMPSON) oddsratio_pooled, logodds_pooled_se, oddsratio_pooled_confint(), test_null_odds(correction=False/True), test_equal_odds(adjust=False/True)
// and Table2x2(sum of strata, shift_zeros=False).oddsratio, log_oddsratio_se, oddsratio_confint()
const SIMPSON_REF = {
  mhOddsRatio: 0.550277918140475, mhLogSe: 0.19237149276041407, mhLower: 0.37742891972848186, mhUpper: 0.8022855996590047,
  cmh: 9.53671818148311, cmhP: 0.0020140154198642346, cmhCorrected: 9.008472366292386, cmhCorrectedP: 0.0026873093909305368,
  breslowDay: 1.8851846319912187, breslowDayP: 0.38961651596865376, tarone: 1.8761300267529195, taroneP: 0.3913844267557717,
  rawOddsRatio: 3.4169491525423727, rawLogSe: 0.11925773426999303, rawLower: 2.7047438917588464, rawUpper: 4.316690222181318,
};
// StratifiedTable(CONSISTENT) oddsratio_pooled, logodds_pooled_se, oddsratio_pooled_confint(), test_null_odds(correction=False/True), test_equal_odds(adjust=False/True)
// and Table2x2(sum of strata, shift_zeros=False).oddsratio, log_oddsratio_se, oddsratio_confint()
const CONSISTENT_REF = {
  mhOddsRatio: 2.0119840213049267, mhLogSe: 0.19561806125331604, mhLower: 1.3712420784751553, mhUpper: 2.9521262259453693,
  cmh: 12.960281001346498, cmhP: 0.00031816942135509674, cmhCorrected: 12.2871362124954, cmhCorrectedP: 0.0004560910489608272,
  breslowDay: 0.027728745572246256, breslowDayP: 0.9987821206351452, tarone: 0.027726764338895905, taroneP: 0.9987822504373424,
  rawOddsRatio: 1.8450704225352113, rawLogSe: 0.18284311884545645, rawLower: 1.2893671523182249, rawUpper: 2.6402757802488663,
};
// StratifiedTable(CONFOUNDED) oddsratio_pooled, logodds_pooled_se, oddsratio_pooled_confint(), test_null_odds(correction=False/True), test_equal_odds(adjust=False/True)
// and Table2x2(sum of strata, shift_zeros=False).oddsratio, log_oddsratio_se, oddsratio_confint()
const CONFOUNDED_REF = {
  mhOddsRatio: 1.0680933852140078, mhLogSe: 0.19370275014772484, mhLower: 0.7306832395734977, mhUpper: 1.5613105895296318,
  cmh: 0.11516779472316963, cmhP: 0.7343356789728848, cmhCorrected: 0.058759078940392666, cmhCorrectedP: 0.8084681265194421,
  breslowDay: 0.012818142260505806, breslowDayP: 0.909858332109436, tarone: 0.012817723917694283, taroneP: 0.9098597968138749,
  rawOddsRatio: 2.599676014984307, rawLogSe: 0.15992900638101332, rawLower: 1.9001479186279315, rawUpper: 3.5567311979399845,
};
// StratifiedTable(AMPLIFIED) oddsratio_pooled, logodds_pooled_se, oddsratio_pooled_confint(), test_null_odds(correction=False/True), test_equal_odds(adjust=False/True)
// and Table2x2(sum of strata, shift_zeros=False).oddsratio, log_oddsratio_se, oddsratio_confint()
const AMPLIFIED_REF = {
  mhOddsRatio: 2.2345679012345676, mhLogSe: 0.3266532836504004, mhLower: 1.1780013193341872, mhUpper: 4.23878447610746,
  cmh: 6.216921215787085, cmhP: 0.012653496277150955, cmhCorrected: 5.4932715862694685, cmhCorrectedP: 0.019089789083733266,
  breslowDay: 0.022817076873692773, breslowDayP: 0.879933729824384, tarone: 0.02267078370551687, taroneP: 0.8803163458372085,
  rawOddsRatio: 1.1282051282051282, rawLogSe: 0.25490525686358445, rawLower: 0.6845612648889647, rawUpper: 1.8593614283957558,
};
// StratifiedTable(HETEROGENEOUS) oddsratio_pooled, logodds_pooled_se, oddsratio_pooled_confint(), test_null_odds(correction=False/True), test_equal_odds(adjust=False/True)
// and Table2x2(sum of strata, shift_zeros=False).oddsratio, log_oddsratio_se, oddsratio_confint()
const HETEROGENEOUS_REF = {
  mhOddsRatio: 1.091743119266055, mhLogSe: 0.29612821358870844, mhLower: 0.6110203449602197, mhUpper: 1.9506765172318017,
  cmh: 0.09550070979200008, cmhP: 0.7572972676676174, cmhCorrected: 0.02387517744800002, cmhCorrectedP: 0.8772029394229047,
  breslowDay: 22.167802074985968, breslowDayP: 6.0191445210189265e-05, tarone: 22.166831215373733, taroneP: 6.0219457680976696e-05,
  rawOddsRatio: 1.0925925925925926, rawLogSe: 0.29763497684740897, rawLower: 0.6096925667350186, rawUpper: 1.9579680621348767,
};
// Table2x2([[7, 0], [2, 9]] + 0.5, shift_zeros=False).oddsratio, log_oddsratio_se, oddsratio_confint()
// (Haldane–Anscombe adds 0.5 to every cell; statsmodels' shift_zeros=True only replaces the zeros.)
const HALDANE_REF = { oddsRatio: 57.0, logSe: 1.6243757235406069, lower: 2.3615858231446207, upper: 1375.7704539713573 };

const CASES = [
  { name: "Simpson's paradox", strata: SIMPSON, ref: SIMPSON_REF, verdict: "reversed" },
  { name: "consistent odds ratios", strata: CONSISTENT, ref: CONSISTENT_REF, verdict: "consistent" },
  { name: "confounded association", strata: CONFOUNDED, ref: CONFOUNDED_REF, verdict: "attenuated" },
  { name: "negative confounding", strata: AMPLIFIED, ref: AMPLIFIED_REF, verdict: "amplified" },
  { name: "heterogeneous strata with a zero cell", strata: HETEROGENEOUS, ref: HETEROGENEOUS_REF, verdict: "consistent" },
] as const;

describe("Mantel–Haenszel, CMH and Breslow–Day", () => {
  it.each(CASES)("MH odds ratio and RBG interval match statsmodels StratifiedTable: $name", ({ strata, ref }) => {
    const mh = mantelHaenszelOddsRatio(strata);
    expect(mh.code).toBe(STATS_CODES.OK);
    expectClose(mh.oddsRatio, ref.mhOddsRatio);
    expectClose(mh.logSe, ref.mhLogSe);
    expectClose(mh.interval.lower, ref.mhLower);
    expectClose(mh.interval.upper, ref.mhUpper);
  });

  it.each(CASES)("CMH test matches statsmodels test_null_odds(correction=False/True): $name", ({ strata, ref }) => {
    const plain = cochranMantelHaenszel(strata);
    expectClose(plain.statistic, ref.cmh);
    expectClose(plain.pValue, ref.cmhP);
    const corrected = cochranMantelHaenszel(strata, { correction: true });
    expectClose(corrected.statistic, ref.cmhCorrected);
    expectClose(corrected.pValue, ref.cmhCorrectedP);
  });

  it.each(CASES)("Breslow–Day matches statsmodels test_equal_odds(adjust=False/True): $name", ({ strata, ref }) => {
    const bd = breslowDay(strata);
    expect(bd.dof).toBe(strata.length - 1);
    expectClose(bd.statistic, ref.breslowDay);
    expectClose(bd.pValue, ref.breslowDayP);
    const tarone = breslowDay(strata, { adjust: true });
    expectClose(tarone.statistic, ref.tarone);
    expectClose(tarone.pValue, ref.taroneP);
  });

  it.each(CASES)("raw odds ratio with Woolf interval matches statsmodels Table2x2 on the summed table: $name", ({ strata, ref }) => {
    const raw = rawOddsRatio(strata);
    expectClose(raw.oddsRatio, ref.rawOddsRatio);
    expectClose(raw.logSe, ref.rawLogSe);
    expectClose(raw.interval.lower, ref.rawLower);
    expectClose(raw.interval.upper, ref.rawUpper);
  });

  it.each(CASES)("confoundingCheck verdict is $verdict: $name", ({ strata, verdict, ref }) => {
    const check = confoundingCheck(strata);
    expect(check.code).toBe(STATS_CODES.OK);
    expect(check.verdict).toBe(verdict);
    expectClose(check.changeInEstimate, ref.mhOddsRatio / ref.rawOddsRatio);
  });

  it("Simpson's paradox: raw and MH odds ratios on opposite sides of 1, every stratum agrees with MH", () => {
    const check = confoundingCheck(SIMPSON);
    expect(check.raw.oddsRatio).toBeGreaterThan(1);
    expect(check.mantelHaenszel.oddsRatio).toBeLessThan(1);
    expect(check.mantelHaenszel.interval.upper).toBeLessThan(1);
    for (const s of SIMPSON) expect(oddsRatio(s).oddsRatio).toBeLessThan(1);
  });

  it("judges confounding by how far the estimate moves, not by its interval crossing 1", () => {
    // statsmodels Table2x2 on the summed table: OR 0.5714 (0.3270–0.9984); StratifiedTable: MH 0.5833 (0.3386–1.0050).
    const strata = [t(6, 44, 160, 240), t(10, 40, 40, 360)];
    const check = confoundingCheck(strata);
    expectClose(check.raw.interval.upper, 0.9984468447463155);
    expectClose(check.mantelHaenszel.oddsRatio, 0.5833333333333334);
    expectClose(check.mantelHaenszel.interval.upper, 1.0049933915387683);
    // Stratifying moved the odds ratio by 2% (under the 10% rule): the effect holds, it is not "explained by" the strata.
    expect(check.verdict).toBe("consistent");
  });

  it("flags a 'consistent' verdict whose raw and stratified odds ratios point opposite ways (a reminder on the demo data)", () => {
    // Show-up with and without a reminder: >7 d to the appointment 26/68 vs 4/19, ≤7 d 33/39 vs 72/93.
    const reminder = [t(26, 42, 4, 15), t(33, 6, 72, 21)];
    const check = confoundingCheck(reminder);
    expect(check.raw.oddsRatio).toBeLessThan(1 / 1.1);
    expect(check.mantelHaenszel.oddsRatio).toBeGreaterThan(1.1);
    expect(check.mantelHaenszel.interval.lower).toBeLessThan(1);
    expect(check.verdict).toBe("consistent");
    expect(flipsWithoutReversal(check)).toBe(true);
    for (const c of CASES) expect(flipsWithoutReversal(confoundingCheck(c.strata))).toBe(false);
  });

  it("Haldane's 0.5 correction matches statsmodels Table2x2(table + 0.5); without it a zero cell is ZERO_CELL", () => {
    const h = oddsRatio(t(7, 0, 2, 9), { haldane: true });
    expectClose(h.oddsRatio, HALDANE_REF.oddsRatio);
    expectClose(h.logSe, HALDANE_REF.logSe);
    expectClose(h.interval.lower, HALDANE_REF.lower);
    expectClose(h.interval.upper, HALDANE_REF.upper);
    expect(oddsRatio(t(7, 0, 2, 9))).toMatchObject({ code: STATS_CODES.ZERO_CELL, oddsRatio: 1 });
  });

  it("strata with fewer than 2 units are skipped: adding empty and single-unit strata changes nothing", () => {
    const padded = [...SIMPSON, t(0, 0, 0, 0), t(0, 1, 0, 0)];
    expectClose(mantelHaenszelOddsRatio(padded).oddsRatio, SIMPSON_REF.mhOddsRatio);
    expectClose(cochranMantelHaenszel(padded).statistic, SIMPSON_REF.cmh);
    expectClose(breslowDay(padded).statistic, SIMPSON_REF.breslowDay);
  });

  it("degenerate strata give codes, never NaN", () => {
    expect(mantelHaenszelOddsRatio([]).code).toBe(STATS_CODES.NO_DATA);
    // No discordant cells anywhere: b·c = 0 in every stratum, so the MH odds ratio is infinite.
    expect(mantelHaenszelOddsRatio([t(5, 0, 0, 5), t(3, 0, 1, 4)]).code).toBe(STATS_CODES.ZERO_CELL);
    // Every stratum has an empty column: nobody converted.
    const noVariance = cochranMantelHaenszel([t(0, 5, 0, 5), t(0, 3, 0, 4)]);
    expect(noVariance).toMatchObject({ code: STATS_CODES.ZERO_VARIANCE, statistic: 0, pValue: 1 });
    expect(breslowDay([t(3, 4, 5, 6)]).code).toBe(STATS_CODES.INSUFFICIENT_DATA);
    const check = confoundingCheck([t(0, 5, 0, 5)]);
    expect(check.code).not.toBe(STATS_CODES.OK);
    expect(check.verdict).toBe("consistent");
    for (const r of [noVariance, check, mantelHaenszelOddsRatio([]), breslowDay([])]) expectNoNaN(r);
  });
});
