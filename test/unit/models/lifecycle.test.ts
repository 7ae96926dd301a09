import { describe, expect, it } from "vitest";
import { compareCandidate, driftTrigger, errorTrigger, predictionErrorPoints, RETRAIN_RULE } from "../../../server/core/models/lifecycle";

const repeat = (value: number, times: number) => Array.from({ length: times }, () => value);

describe("seed 002's retraining trigger", () => {
  it("measures error in points: |100·p − 100·actual|", () => {
    expect(predictionErrorPoints(0.78, 1)).toBeCloseTo(22, 12);
    expect(predictionErrorPoints(0.78, 0)).toBeCloseTo(78, 12);
    expect(predictionErrorPoints(0, 0)).toBe(0);
  });

  it("needs more than 20 outcomes: 20 never fire, 21 do", () => {
    expect(errorTrigger(repeat(90, 20))).toMatchObject({ fired: false, outcomes: 20, averageErrorPoints: 90 });
    expect(errorTrigger(repeat(90, 21))).toMatchObject({ fired: true, outcomes: 21, averageErrorPoints: 90 });
    expect(errorTrigger([])).toMatchObject({ fired: false, outcomes: 0, averageErrorPoints: null });
  });

  it("needs an average above 25: exactly 25 does not fire, 25 plus a little does", () => {
    expect(errorTrigger(repeat(25, 30)).fired).toBe(false);
    expect(errorTrigger([...repeat(25, 29), 25.3]).fired).toBe(true); // mean 25.01
    expect(errorTrigger([...repeat(0, 15), ...repeat(60, 15)]).averageErrorPoints).toBe(30);
    expect(errorTrigger([...repeat(0, 15), ...repeat(60, 15)]).fired).toBe(true);
  });

  it("says why, with the numbers", () => {
    expect(errorTrigger(repeat(40, 5)).reason).toBe(`5 resolved predictions in 7 days; the check needs more than ${RETRAIN_RULE.minOutcomes}`);
    expect(errorTrigger(repeat(40, 22)).reason).toBe("average error 40.0 points over 22 outcomes in 7 days is above 25");
  });
});

describe("drift trigger", () => {
  it("fires when any feature's PSI is above 0.25, naming the worst first", () => {
    const drift = driftTrigger(
      [
        { feature: "commitmentScore", psi: 0.31 },
        { feature: "hourSin", psi: 0.05 },
        { feature: "daysToAppointment", psi: 0.6 },
      ],
      200,
    );
    expect(drift.fired).toBe(true);
    expect(drift.drifted.map((d) => d.feature)).toEqual(["daysToAppointment", "commitmentScore"]);
    expect(drift.worst).toEqual({ feature: "daysToAppointment", psi: 0.6 });
  });

  it("does not fire at exactly 0.25, nor on too few rows", () => {
    expect(driftTrigger([{ feature: "x", psi: 0.25 }], 200).fired).toBe(false);
    expect(driftTrigger([{ feature: "x", psi: 3 }], 49).fired).toBe(false);
  });
});

describe("candidate vs production", () => {
  const score = (auc: number, logLoss: number) => ({ auc, logLoss, brier: 0.2, n: 400 });

  it("is better only when it ranks better and is no worse calibrated", () => {
    expect(compareCandidate(score(0.8, 0.5), score(0.78, 0.52)).better).toBe(true);
    expect(compareCandidate(score(0.8, 0.55), score(0.78, 0.52)).better).toBe(false);
    expect(compareCandidate(score(0.78, 0.5), score(0.78, 0.52)).better).toBe(false);
    expect(compareCandidate(score(0.8, 0.55), score(0.78, 0.52)).reason).toContain("probabilities are worse");
  });

  it("without production, any candidate better than chance qualifies", () => {
    expect(compareCandidate(score(0.51, 0.69), null).better).toBe(true);
    expect(compareCandidate(score(0.5, 0.69), null).better).toBe(false);
  });
});
