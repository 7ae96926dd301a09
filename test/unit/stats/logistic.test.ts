import { describe, expect, it } from "vitest";
import {
  bootstrapLogistic,
  fitLogistic,
  predictProba,
  STATS_CODES,
  weightStability,
  type DesignMatrix,
} from "../../../server/core/stats";
import { expectAllClose, expectClose, expectNoNaN } from "./close";

/** The design of test/reference/logistic.py, rebuilt from the same exact integer arithmetic. */
function design(n = 300): DesignMatrix {
  const data = new Float64Array(n * 4);
  for (let i = 0; i < n; i++) {
    data[i * 4] = (i % 17) / 4 - 2;
    data[i * 4 + 1] = ((i * 31) % 23) / 10;
    data[i * 4 + 2] = ((i * 13) % 50) * 10 + 5;
    data[i * 4 + 3] = i % 3 === 0 ? 1 : 0;
  }
  return { data, rows: n, cols: 4 };
}

// scikit-learn 1.2.1 / numpy 1.24.2 — test/reference/logistic.py (printed output pasted verbatim)
const Y_BITS = "001000110111001110000101111001101100001010101110111000000101010110010100111010100111100110001101111101100001001110111110011000100111011110100100111011100000000110001101110001100001001110101100110011100111000110110101110110100011001110111100010001100101011010001100110011100001000110111001100000100111"
const MEANS = [-0.0275, 1.096333333333333, 250.0, 0.3333333333333333]
const SCALES = [1.2197480955782083, 0.6652467378516203, 144.30869689661813, 0.4714045207910323]
// C = 0.5
const SKLEARN_NEWTON_CHOLESKY_0_5 = { intercept: 0.026487042293399377, coefficients: [1.0347644364924353, -0.47990358890282575, 0.7312080695554289, 0.34108282825581965] };
const SKLEARN_0_5 = { intercept: 0.026487028587025972, coefficients: [1.0347648664258604, -0.4799048930857586, 0.7312084931833143, 0.34108332169216404], logLoss: 0.5158286498218686 };
const NEWTON_0_5 = { intercept: 0.02648704229339488, coefficients: [1.0347644364924637, -0.47990358890284224, 0.7312080695554514, 0.3410828282558256], logLoss: 0.515828660147191, interceptSe: 0.13744486231734118, standardErrors: [0.15053239916059144, 0.14149916797916953, 0.1435228730844099, 0.13502575974316758], originalIntercept: -0.667222459985132, originalCoefficients: [0.8483427358842851, -0.7213918710111468, 0.005066971605178338, 0.7235459424179416], firstProba: [0.16589183185814488, 0.11456927314934405, 0.14789388018352795, 0.7161024194740018, 0.11525589871289983] };
// C = 10.0
const SKLEARN_NEWTON_CHOLESKY_10_0 = { intercept: 0.025264572994933964, coefficients: [1.09650943214593, -0.504362043830392, 0.7758875269058365, 0.3594973209102579] };
const SKLEARN_10_0 = { intercept: 0.02526436432737097, coefficients: [1.0965097287466272, -0.5043674264946277, 0.7758875663242375, 0.3594972118929437], logLoss: 0.5154308804413178 };
const NEWTON_10_0 = { intercept: 0.025264572994846822, coefficients: [1.0965094321465285, -0.5043620438307278, 0.7758875269063062, 0.35949732091038245], logLoss: 0.515430881449538, interceptSe: 0.13948999797199085, standardErrors: [0.1585364917076531, 0.14712690829581712, 0.14999801989352035, 0.13949520703121876], originalIntercept: -0.7171686533934967, originalCoefficients: [0.8989638402564918, -0.7581578610359501, 0.005376581894174731, 0.7626089803023826], firstProba: [0.15115068346186689, 0.10238113294414823, 0.1354188280595997, 0.7250536349074772, 0.10302465739074564] };
// weightStability({a: 0.5, b: 0.3, c: 0.2}, {a: 0.8, b: 0.8, d: 0.4}) in numpy
const STABILITY = { cosine: 0.8651809126974003, maxAbsChange: 0.2, maxChangeKey: 'c', totalVariation: 0.30000000000000004 };

const X = design();
const y = Uint8Array.from(Y_BITS, (ch) => Number(ch));

const CASES = [
  { C: 0.5, newton: NEWTON_0_5, lbfgs: SKLEARN_0_5, cholesky: SKLEARN_NEWTON_CHOLESKY_0_5 },
  { C: 10, newton: NEWTON_10_0, lbfgs: SKLEARN_10_0, cholesky: SKLEARN_NEWTON_CHOLESKY_10_0 },
];

describe("fitLogistic (L2, intercept unpenalised, standardised features)", () => {
  it("standardises like sklearn StandardScaler (population SD)", () => {
    const m = fitLogistic(X, y, { C: 1 });
    expectAllClose(m.means, MEANS);
    expectAllClose(m.scales, SCALES);
  });

  it.each(CASES)("C = $C: coefficients, penalised-Hessian SEs, log-loss and probabilities match an exact numpy Newton fit at 1e-9", ({ C, newton }) => {
    const m = fitLogistic(X, y, { C });
    expect(m.code).toBe(STATS_CODES.OK);
    expect(m.converged).toBe(true);
    expect(m.iterations).toBeLessThan(20);
    expectClose(m.intercept, newton.intercept);
    expectAllClose(m.coefficients, newton.coefficients);
    expectClose(m.interceptSe, newton.interceptSe);
    expectAllClose(m.standardErrors, newton.standardErrors);
    expectClose(m.logLoss, newton.logLoss);
    expectClose(m.original.intercept, newton.originalIntercept);
    expectAllClose(m.original.coefficients, newton.originalCoefficients);
    expectAllClose(predictProba(m, X).subarray(0, 5), newton.firstProba);
  });

  it.each(CASES)("C = $C: matches sklearn LogisticRegression(solver='newton-cholesky', tol=1e-10) at 1e-9", ({ C, cholesky }) => {
    const m = fitLogistic(X, y, { C });
    expectClose(m.intercept, cholesky.intercept);
    expectAllClose(m.coefficients, cholesky.coefficients);
  });

  // sklearn hands only gtol=tol to scipy's L-BFGS-B, whose default ftol (2.2e-9 relative decrease of the
  // objective) ends the run after 7 iterations, ~1e-5 relative from the optimum (newton-cholesky and the
  // numpy Newton fit above agree with each other and with us to ~1e-12). So lbfgs is checked at 2e-5.
  it.each(CASES)("C = $C: matches sklearn LogisticRegression(solver='lbfgs', tol=1e-10, max_iter=10000) at 2e-5 (lbfgs stops early)", ({ C, lbfgs }) => {
    const m = fitLogistic(X, y, { C });
    expectClose(m.intercept, lbfgs.intercept, 2e-5, 1e-6);
    expectAllClose(m.coefficients, lbfgs.coefficients, 2e-5, 1e-6);
    expectClose(m.logLoss, lbfgs.logLoss, 1e-7);
  });

  it("a stronger penalty (smaller C) shrinks the weights", () => {
    const strong = fitLogistic(X, y, { C: 0.01 });
    const weak = fitLogistic(X, y, { C: 10 });
    const norm = (w: number[]) => Math.hypot(...w);
    expect(norm(strong.coefficients)).toBeLessThan(norm(weak.coefficients));
  });

  it("a constant feature gets weight exactly 0 and is reported; predictions ignore it", () => {
    const data = new Float64Array(X.rows * 2);
    for (let i = 0; i < X.rows; i++) {
      data[i * 2] = X.data[i * 4];
      data[i * 2 + 1] = 7;
    }
    const m = fitLogistic({ data, rows: X.rows, cols: 2 }, y, { C: 1 });
    expect(m.code).toBe(STATS_CODES.OK);
    expect(m.constantColumns).toEqual([1]);
    expect(m.coefficients[1]).toBe(0);
    expectNoNaN(m);
  });

  it("degenerate data give codes, never NaN: one outcome class, no rows, bad labels, separable data without a penalty", () => {
    const allZero = fitLogistic(X, new Uint8Array(X.rows), { C: 1 });
    expect(allZero.code).toBe(STATS_CODES.ZERO_VARIANCE);
    expectNoNaN(allZero);
    expect(fitLogistic({ data: new Float64Array(0), rows: 0, cols: 4 }, [], {}).code).toBe(STATS_CODES.NO_DATA);
    expect(fitLogistic(X, Array.from(y, (v) => v * 2), {}).code).toBe(STATS_CODES.INVALID_INPUT);
    const separable = { data: Float64Array.from([-2, -1, 1, 2]), rows: 4, cols: 1 };
    const sep = fitLogistic(separable, [0, 0, 1, 1], { C: Infinity });
    expect(sep.code).toBe(STATS_CODES.NOT_CONVERGED);
    expectNoNaN(sep);
  });
});

describe("bootstrapLogistic (seeded)", () => {
  it("is deterministic for a seed, and its replicates centre on the full-data fit", () => {
    const a = bootstrapLogistic(X, y, { C: 0.5, replicates: 100, seed: 7 });
    const b = bootstrapLogistic(X, y, { C: 0.5, replicates: 100, seed: 7 });
    const c = bootstrapLogistic(X, y, { C: 0.5, replicates: 100, seed: 8 });
    expect(a).toEqual(b);
    expect(c.coefficients[0].mean).not.toBe(a.coefficients[0].mean);
    expect(a.code).toBe(STATS_CODES.OK);
    expect(a.replicates + a.failed).toBe(100);
    a.coefficients.forEach((s, j) => {
      expectClose(s.estimate, NEWTON_0_5.coefficients[j]);
      expect(s.sd).toBeGreaterThan(0);
      expect(s.lower).toBeLessThan(s.estimate);
      expect(s.upper).toBeGreaterThan(s.estimate);
      // The bootstrap spread is of the same order as the Hessian standard error.
      expect(s.sd / NEWTON_0_5.standardErrors[j]).toBeGreaterThan(0.5);
      expect(s.sd / NEWTON_0_5.standardErrors[j]).toBeLessThan(2);
    });
    // x1 has |z| ≈ 7: its sign never flips.
    expect(a.coefficients[0].signStability).toBe(1);
  });

  it("too few rows for a usable resample → INSUFFICIENT_DATA, no NaN", () => {
    const tiny = bootstrapLogistic({ data: Float64Array.from([1, 2]), rows: 2, cols: 1 }, [0, 1], { replicates: 1, seed: 1 });
    expect(tiny.code).toBe(STATS_CODES.INSUFFICIENT_DATA);
    expectNoNaN(tiny);
  });
});

describe("weightStability", () => {
  it("matches numpy: cosine similarity and L1-normalised weight changes", () => {
    const r = weightStability({ a: 0.5, b: 0.3, c: 0.2 }, { a: 0.8, b: 0.8, d: 0.4 });
    expect(r.code).toBe(STATS_CODES.OK);
    expectClose(r.cosine, STABILITY.cosine);
    expectClose(r.maxAbsChange, STABILITY.maxAbsChange);
    expect(r.maxChangeKey).toBe(STABILITY.maxChangeKey);
    expectClose(r.totalVariation, STABILITY.totalVariation);
  });

  it("identical directions are perfectly stable; empty and all-zero vectors give codes", () => {
    const same = weightStability({ a: 1, b: 2 }, { a: 2, b: 4 });
    expectClose(same.cosine, 1);
    expectClose(same.maxAbsChange, 0);
    expect(weightStability({}, {})).toMatchObject({ code: STATS_CODES.NO_DATA, cosine: 1 });
    const zero = weightStability({ a: 0 }, { a: 1 });
    expect(zero.code).toBe(STATS_CODES.ZERO_VARIANCE);
    expectNoNaN(zero);
  });
});
