/**
 * L2-regularised logistic regression (WHO detector: which lead attributes predict conversion,
 * and with what weights), fitted by Newton–Raphson (IRLS) with step halving.
 *
 * Objective, as scikit-learn's `LogisticRegression(penalty="l2", C=C, fit_intercept=True)`:
 *   minimise  Σᵢ [ln(1 + e^{ηᵢ}) − yᵢηᵢ] + ‖w‖² / (2C),   η = b₀ + x·w,
 * with the intercept b₀ unpenalised. Newton converges quadratically, so the fit is exact to
 * rounding where sklearn's lbfgs stops at its tolerance.
 *
 * Domain rules:
 * - Design matrices are row-major `Float64Array`s (`rows × cols`, no intercept column); y is 0/1.
 * - By default features are standardised (mean 0, population SD 1, as sklearn's StandardScaler)
 *   so the penalty treats them alike and weights are comparable across features. Coefficients
 *   are reported on that scale and also mapped back to the original units.
 * - A constant feature (zero variance) is kept with scale 1 and gets weight exactly 0; its index
 *   is listed in `constantColumns`.
 * - Standard errors are √diag of the inverse penalised Hessian at the optimum: they describe the
 *   curvature of the penalised fit (useful for stability), not unbiased sampling errors.
 * - All-0 or all-1 outcomes → ZERO_VARIANCE (no fit: weights 0); no rows → NO_DATA.
 */
import { backtrackingNewtonStep, cholesky, choleskyInverse, choleskySolve } from "./linalg";
import { STATS_CODES, type StatsCode } from "./messages";

export interface DesignMatrix {
  /** Row-major values, length rows × cols. */
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

export interface LogisticOptions {
  /** Inverse regularisation strength (sklearn's C), > 0; Infinity fits without a penalty. Default 1. */
  C?: number;
  /** Standardise features before fitting. Default true. */
  standardize?: boolean;
  /** Stop when the largest Newton step is below this. Default 1e-10. */
  tol?: number;
  /** Default 100 (Newton needs ~5–10 on well-posed data). */
  maxIter?: number;
}

export interface LogisticModel {
  code: StatsCode;
  C: number;
  /** Intercept and weights on the fitted (standardised, when `standardize`) scale. */
  intercept: number;
  coefficients: number[];
  interceptSe: number;
  standardErrors: number[];
  /** The same linear predictor in the original feature units. */
  original: { intercept: number; coefficients: number[]; interceptSe: number; standardErrors: number[] };
  /** Feature means and scales used for standardising (0 and 1 when `standardize` is false). */
  means: number[];
  scales: number[];
  constantColumns: number[];
  /** Mean log-loss on the training rows (unpenalised). */
  logLoss: number;
  /** Penalised objective at the optimum (sum of log-losses + ‖w‖²/(2C)). */
  objective: number;
  iterations: number;
  converged: boolean;
}

export interface Standardized {
  z: Float64Array;
  means: number[];
  scales: number[];
  constantColumns: number[];
}

/** Column standardisation (population SD), zeroing constant columns exactly. */
export function standardizeColumns(x: DesignMatrix, enabled = true): Standardized {
  const { rows, cols, data } = x;
  const means = new Array<number>(cols).fill(0);
  const scales = new Array<number>(cols).fill(1);
  const constantColumns: number[] = [];
  const z = new Float64Array(data);
  for (let j = 0; j < cols; j++) {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (let i = 0; i < rows; i++) {
      const v = data[i * cols + j];
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (rows > 0 && min === max) constantColumns.push(j);
    if (!enabled) continue;
    if (min === max) {
      means[j] = rows > 0 ? min : 0;
      for (let i = 0; i < rows; i++) z[i * cols + j] = 0;
      continue;
    }
    const mean = sum / rows;
    let ss = 0;
    for (let i = 0; i < rows; i++) ss += (data[i * cols + j] - mean) ** 2;
    const sd = Math.sqrt(ss / rows);
    means[j] = mean;
    scales[j] = sd;
    for (let i = 0; i < rows; i++) z[i * cols + j] = (data[i * cols + j] - mean) / sd;
  }
  return { z, means, scales, constantColumns };
}

/** ln(1 + e^η) without overflow. */
function softplus(eta: number): number {
  return eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
}

function sigmoid(eta: number): number {
  return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
}

export interface CoreFit {
  beta: Float64Array;
  /** Inverse penalised Hessian at the optimum (p × p, p = cols + 1). */
  covariance: Float64Array | null;
  objective: number;
  logLossSum: number;
  iterations: number;
  converged: boolean;
}

/**
 * Newton–Raphson on an already-scaled design `z` (rows × cols), over the rows listed in `index`
 * (repeats allowed: a bootstrap sample), penalty λ = 1/C on the weights only.
 */
export function fitLogisticCore(
  z: Float64Array,
  cols: number,
  y: ArrayLike<number>,
  index: ArrayLike<number>,
  lambda: number,
  options: { tol?: number; maxIter?: number; start?: Float64Array } = {},
): CoreFit {
  const p = cols + 1;
  const tol = options.tol ?? 1e-10;
  const maxIter = options.maxIter ?? 100;
  const beta = options.start ? new Float64Array(options.start) : new Float64Array(p);
  const eta = (b: Float64Array, r: number) => {
    let s = b[0];
    for (let j = 0; j < cols; j++) s += z[r * cols + j] * b[j + 1];
    return s;
  };
  const evaluate = (b: Float64Array) => {
    let loss = 0;
    for (let k = 0; k < index.length; k++) {
      const r = index[k];
      const e = eta(b, r);
      loss += softplus(e) - y[r] * e;
    }
    let penalty = 0;
    for (let j = 1; j < p; j++) penalty += b[j] * b[j];
    return { loss, objective: loss + (lambda * penalty) / 2 };
  };
  const grad = new Float64Array(p);
  const hess = new Float64Array(p * p);
  const row = new Float64Array(p);
  let current = evaluate(beta);
  let iterations = 0;
  let converged = false;
  let factor: Float64Array | null = null;
  while (iterations < maxIter) {
    iterations++;
    grad.fill(0);
    hess.fill(0);
    for (let k = 0; k < index.length; k++) {
      const r = index[k];
      row[0] = 1;
      for (let j = 0; j < cols; j++) row[j + 1] = z[r * cols + j];
      const mu = sigmoid(eta(beta, r));
      const resid = mu - y[r];
      const w = mu * (1 - mu);
      for (let i = 0; i < p; i++) {
        grad[i] += row[i] * resid;
        const wi = w * row[i];
        for (let j = 0; j <= i; j++) hess[i * p + j] += wi * row[j];
      }
    }
    for (let j = 1; j < p; j++) {
      grad[j] += lambda * beta[j];
      hess[j * p + j] += lambda;
    }
    for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) hess[j * p + i] = hess[i * p + j];
    factor = cholesky(hess, p);
    if (!factor) break;
    const step = choleskySolve(factor, p, grad);
    const { accepted, maxStep } = backtrackingNewtonStep(beta, step, current, evaluate);
    current = accepted;
    if (maxStep < tol) {
      converged = true;
      break;
    }
  }
  return {
    beta,
    covariance: factor ? choleskyInverse(factor, p) : null,
    objective: current.objective,
    logLossSum: current.loss,
    iterations,
    converged,
  };
}

function emptyModel(code: StatsCode, cols: number, C: number): LogisticModel {
  const zeros = new Array<number>(cols).fill(0);
  return {
    code,
    C,
    intercept: 0,
    coefficients: zeros,
    interceptSe: 0,
    standardErrors: zeros,
    original: { intercept: 0, coefficients: zeros, interceptSe: 0, standardErrors: zeros },
    means: zeros,
    scales: new Array<number>(cols).fill(1),
    constantColumns: [],
    logLoss: 0,
    objective: 0,
    iterations: 0,
    converged: false,
  };
}

/** Shared input checks: INVALID_INPUT, NO_DATA or ZERO_VARIANCE, or null when fittable. */
export function checkLogisticInput(x: DesignMatrix, y: ArrayLike<number>, C: number): StatsCode | null {
  if (x.data.length !== x.rows * x.cols || y.length !== x.rows || !(C > 0)) return STATS_CODES.INVALID_INPUT;
  for (let i = 0; i < x.data.length; i++) if (!Number.isFinite(x.data[i])) return STATS_CODES.INVALID_INPUT;
  let ones = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) return STATS_CODES.INVALID_INPUT;
    ones += y[i];
  }
  if (x.rows === 0) return STATS_CODES.NO_DATA;
  if (ones === 0 || ones === x.rows) return STATS_CODES.ZERO_VARIANCE;
  return null;
}

/** Fits the model; see the file comment for the objective and rules. */
export function fitLogistic(x: DesignMatrix, y: ArrayLike<number>, options: LogisticOptions = {}): LogisticModel {
  const C = options.C ?? 1;
  const bad = checkLogisticInput(x, y, C);
  if (bad) return emptyModel(bad, x.cols, C);
  const { cols, rows } = x;
  const std = standardizeColumns(x, options.standardize ?? true);
  const index = Int32Array.from({ length: rows }, (_, i) => i);
  const fit = fitLogisticCore(std.z, cols, y, index, 1 / C, options);
  const p = cols + 1;
  const cov = fit.covariance;
  const se = (i: number) => (cov ? Math.sqrt(Math.max(0, cov[i * p + i])) : 0);
  const coefficients = Array.from(fit.beta.subarray(1));
  const standardErrors = coefficients.map((_, j) => se(j + 1));
  // Original units: b_j = β_j / s_j, b₀ = β₀ − Σ β_j m_j / s_j; Var(b₀) = aᵀ Σ a with a = (1, −m/s).
  const a = [1, ...std.means.map((m, j) => -m / std.scales[j])];
  let interceptOriginal = 0;
  let varB0 = 0;
  for (let i = 0; i < p; i++) {
    interceptOriginal += a[i] * fit.beta[i];
    if (cov) for (let j = 0; j < p; j++) varB0 += a[i] * cov[i * p + j] * a[j];
  }
  const finite = fit.beta.every(Number.isFinite);
  return {
    code: !finite || !cov ? STATS_CODES.NOT_CONVERGED : fit.converged ? STATS_CODES.OK : STATS_CODES.NOT_CONVERGED,
    C,
    intercept: fit.beta[0],
    coefficients,
    interceptSe: se(0),
    standardErrors,
    original: {
      intercept: interceptOriginal,
      coefficients: coefficients.map((b, j) => b / std.scales[j]),
      interceptSe: Math.sqrt(Math.max(0, varB0)),
      standardErrors: standardErrors.map((s, j) => s / std.scales[j]),
    },
    means: std.means,
    scales: std.scales,
    constantColumns: std.constantColumns,
    logLoss: fit.logLossSum / rows,
    objective: fit.objective,
    iterations: fit.iterations,
    converged: fit.converged,
  };
}

/** P(y = 1) for each row of `x` (original units) under a fitted model. */
export function predictProba(model: LogisticModel, x: DesignMatrix): Float64Array {
  const out = new Float64Array(x.rows);
  const { intercept, coefficients } = model.original;
  for (let i = 0; i < x.rows; i++) {
    let eta = intercept;
    for (let j = 0; j < x.cols; j++) eta += coefficients[j] * x.data[i * x.cols + j];
    out[i] = sigmoid(eta);
  }
  return out;
}
