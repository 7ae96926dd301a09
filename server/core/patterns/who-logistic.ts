/**
 * L2 logistic regression on one-hot (0/1, few ones per row) designs, for the lead score. Pure.
 *
 * It minimises exactly the objective of the stats core's `fitLogistic` with standardisation
 * (sklearn's LogisticRegression(C) on StandardScaler'd features, intercept unpenalised):
 *   Σᵢ [ln(1 + e^{ηᵢ}) − yᵢηᵢ] + (1/2C)·Σⱼ (sⱼβⱼ)²,   ηᵢ = b₀ + Σ_{j ∈ row i} βⱼ,
 * where sⱼ is column j's population SD: penalising the standardised weight sⱼβⱼ is the same as
 * standardising first (centring only moves the intercept). Working on the sparse rows costs
 * O(rows · k²) per Newton step for k ones per row instead of O(rows · p²): a lead has one level
 * per attribute (k ≈ 8) among p ≈ 60 columns. A constant column (sⱼ = 0) gets weight exactly 0,
 * as in the stats core. Newton–Raphson with step halving, as `fitLogisticCore`.
 */
import { seededRandom } from "../stats";
import { backtrackingNewtonStep, cholesky, choleskySolve } from "../stats/linalg";

export interface SparseDesign {
  /** Column indices of the ones in each row (distinct). */
  rows: ReadonlyArray<ArrayLike<number>>;
  cols: number;
}

export interface SparseFit {
  intercept: number;
  /** Weights in 0/1 column units. */
  coefficients: Float64Array;
  /** Mean unpenalised log-loss over the rows fitted. */
  logLoss: number;
  iterations: number;
  converged: boolean;
  /**
   * The factored Hessian of the last Newton step (free parameters, see `prepare`): the curvature
   * near the optimum, for fits of resamples of the same design that start from this one.
   */
  hessianFactor?: Float64Array;
}

export function sigmoid(eta: number): number {
  return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
}

/** Column means and population SDs over the listed rows. */
export function columnScales(x: SparseDesign, index: ArrayLike<number>): { means: number[]; scales: number[] } {
  const counts = new Array<number>(x.cols).fill(0);
  for (let k = 0; k < index.length; k++) {
    const row = x.rows[index[k]];
    for (let t = 0; t < row.length; t++) counts[row[t]]++;
  }
  const n = Math.max(1, index.length);
  const means = counts.map((c) => c / n);
  return { means, scales: means.map((m) => Math.sqrt(Math.max(0, m * (1 - m)))) };
}

interface Prepared {
  scales: readonly number[];
  free: Int32Array;
  p: number;
  /** Each row's free parameters (CSR): row i owns params[start[i]…start[i + 1]). */
  start: Int32Array;
  params: Int32Array;
}

const PREPARED = new WeakMap<SparseDesign, Prepared>();

/** Free parameters (the intercept 0, then every column with a positive scale) and each row's parameters; cached per design and scales. */
function prepare(x: SparseDesign, scales: readonly number[]): Prepared {
  const cached = PREPARED.get(x);
  if (cached && cached.scales === scales) return cached;
  const free = new Int32Array(x.cols).fill(-1);
  let p = 1;
  for (let j = 0; j < x.cols; j++) if (scales[j] > 0) free[j] = p++;
  const n = x.rows.length;
  const start = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const row = x.rows[i];
    for (let t = 0; t < row.length; t++) if (free[row[t]] > 0) total++;
  }
  const params = new Int32Array(total);
  let at = 0;
  for (let i = 0; i < n; i++) {
    start[i] = at;
    const row = x.rows[i];
    for (let t = 0; t < row.length; t++) if (free[row[t]] > 0) params[at++] = free[row[t]];
  }
  start[n] = at;
  const entry = { scales, free, p, start, params };
  PREPARED.set(x, entry);
  return entry;
}

interface FitState {
  loss: number;
  objective: number;
  /** Gradient of the objective at the point evaluated. */
  grad: Float64Array;
}

/**
 * Fits over the rows listed in `index` (repeats allowed: a bootstrap sample) with the given
 * column scales (the standardisation the penalty refers to) and λ = 1/C.
 *
 * Rows listed k times enter with weight k (the same objective; each distinct row is visited once).
 * Newton–Raphson with step halving; with `reuseHessian` (bootstrap replicates started from the
 * full fit, whose curvature they share) a Hessian is kept while its steps shrink at least
 * fourfold per iteration and recomputed otherwise, and the first one may be given
 * (`hessianFactor`: the full fit's). Either way the iteration stops at the same optimum, when the
 * largest step is below `tol`.
 */
export function fitSparseLogistic(
  x: SparseDesign,
  y: ArrayLike<number>,
  index: ArrayLike<number>,
  scales: readonly number[],
  lambda: number,
  options: {
    start?: { intercept: number; coefficients: ArrayLike<number> };
    tol?: number;
    maxIter?: number;
    reuseHessian?: boolean;
    /** A factored Hessian of the same design and scales (`SparseFit.hessianFactor`) for the first step. */
    hessianFactor?: Float64Array;
  } = {},
): SparseFit {
  const { free, p, start, params } = prepare(x, scales);
  // Distinct rows of the sample and how often each is listed.
  const counts = new Int32Array(x.rows.length);
  for (let k = 0; k < index.length; k++) counts[index[k]]++;
  let distinct = 0;
  for (let i = 0; i < counts.length; i++) if (counts[i] > 0) distinct++;
  const rows = new Int32Array(distinct);
  const weights = new Float64Array(distinct);
  const labels = new Float64Array(distinct);
  for (let i = 0, d = 0; i < counts.length; i++) {
    if (counts[i] === 0) continue;
    rows[d] = i;
    weights[d] = counts[i];
    labels[d] = y[i];
    d++;
  }

  const beta = new Float64Array(p);
  if (options.start) {
    beta[0] = options.start.intercept;
    for (let j = 0; j < x.cols; j++) if (free[j] > 0) beta[free[j]] = options.start.coefficients[j];
  }
  const penalty = new Float64Array(p);
  for (let j = 0; j < x.cols; j++) if (free[j] > 0) penalty[free[j]] = lambda * scales[j] * scales[j];

  /** Loss, objective and gradient in one pass: ln(1 + e^η) and the fitted probability share one exponential. */
  const evaluate = (b: Float64Array): FitState => {
    const grad = new Float64Array(p);
    let loss = 0;
    for (let d = 0; d < distinct; d++) {
      const i = rows[d];
      const to = start[i + 1];
      let eta = b[0];
      for (let t = start[i]; t < to; t++) eta += b[params[t]];
      const e = Math.exp(-Math.abs(eta));
      const w = weights[d];
      const yi = labels[d];
      loss += w * ((eta > 0 ? eta : 0) + Math.log1p(e) - yi * eta);
      const r = w * ((eta >= 0 ? 1 / (1 + e) : e / (1 + e)) - yi);
      grad[0] += r;
      for (let t = start[i]; t < to; t++) grad[params[t]] += r;
    }
    let pen = 0;
    for (let q = 1; q < p; q++) {
      pen += penalty[q] * b[q] * b[q];
      grad[q] += penalty[q] * b[q];
    }
    return { loss, objective: loss + pen / 2, grad };
  };
  /** The Hessian at b, factored (null when not positive definite). */
  const hessianFactor = (b: Float64Array): Float64Array | null => {
    const hess = new Float64Array(p * p);
    for (let d = 0; d < distinct; d++) {
      const i = rows[d];
      const from = start[i];
      const to = start[i + 1];
      let eta = b[0];
      for (let t = from; t < to; t++) eta += b[params[t]];
      const e = Math.exp(-Math.abs(eta));
      const w = (weights[d] * e) / ((1 + e) * (1 + e));
      hess[0] += w;
      for (let a = from; a < to; a++) {
        const row = params[a] * p;
        hess[row] += w;
        for (let c = from; c < to; c++) if (params[c] <= params[a]) hess[row + params[c]] += w;
      }
    }
    for (let q = 1; q < p; q++) hess[q * p + q] += penalty[q];
    for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) hess[j * p + i] = hess[i * p + j];
    return cholesky(hess, p);
  };

  const tol = options.tol ?? 1e-10;
  const maxIter = options.maxIter ?? 100;
  let current = evaluate(beta);
  let iterations = 0;
  let converged = false;
  let factor: Float64Array | null = options.hessianFactor?.length === p * p ? options.hessianFactor : null;
  let lastFactor: Float64Array | null = null;
  let lastStep = Infinity;
  while (iterations < maxIter) {
    iterations++;
    if (!factor) factor = hessianFactor(beta);
    if (!factor) break;
    lastFactor = factor;
    const step = choleskySolve(factor, p, current.grad);
    const { accepted, maxStep } = backtrackingNewtonStep(beta, step, current, evaluate);
    current = accepted;
    if (maxStep < tol) {
      converged = true;
      break;
    }
    if (!options.reuseHessian || maxStep > lastStep / 4) factor = null;
    lastStep = maxStep;
  }
  const coefficients = new Float64Array(x.cols);
  for (let j = 0; j < x.cols; j++) if (free[j] > 0) coefficients[j] = beta[free[j]];
  return { intercept: beta[0], coefficients, logLoss: index.length ? current.loss / index.length : 0, iterations, converged, ...(lastFactor ? { hessianFactor: lastFactor } : {}) };
}

/**
 * A long computation written as a generator that yields between its slices (each a pass or a few
 * passes over the rows) runs here to its result in one go. A caller that shares its thread with
 * other work (the learning run's detectors, whose queries and cursors need it) can instead step
 * through the slices and let that work run in between; the result is the same.
 */
export function runSlices<T>(slices: Generator<void, T, void>): T {
  for (;;) {
    const step = slices.next();
    if (step.done) return step.value;
  }
}

export interface SparseBootstrap {
  replicates: number;
  failed: number;
  /** Bootstrap SD and sign agreement of each coefficient (0/1 column units). */
  sd: number[];
  signStability: number[];
}

/**
 * Nonparametric bootstrap as the stats core's `bootstrapLogistic`: scales fixed from the full
 * data, rows resampled with replacement (seeded), each replicate started from the full fit and
 * its curvature; single-class or unconverged replicates are skipped.
 *
 * Replicates stop when the largest step is below 1e-6 (0/1 column units). The bootstrap SDs they
 * feed are about 1e-2 or more (0.008–0.07 on the 100k-lead bench) and, from 30 replicates, carry
 * a Monte Carlo error of about 13 % (1/√(2·29)): a tighter tolerance only adds Newton steps, each
 * a pass over every lead, that cannot change them.
 *
 * In slices: it yields after each replicate (see `runSlices`).
 */
export function* bootstrapSparseLogisticSlices(
  x: SparseDesign,
  y: ArrayLike<number>,
  scales: readonly number[],
  lambda: number,
  full: SparseFit,
  options: { replicates: number; seed: number },
): Generator<void, SparseBootstrap, void> {
  const n = x.rows.length;
  const rng = seededRandom(options.seed);
  const draws: number[][] = Array.from({ length: x.cols }, () => []);
  const index = new Int32Array(n);
  let failed = 0;
  for (let b = 0; b < options.replicates; b++) {
    let ones = 0;
    for (let i = 0; i < n; i++) {
      index[i] = rng.int(n);
      ones += y[index[i]];
    }
    if (ones === 0 || ones === n) {
      failed++;
      continue;
    }
    const fit = fitSparseLogistic(x, y, index, scales, lambda, { start: full, tol: 1e-6, reuseHessian: true, hessianFactor: full.hessianFactor });
    if (!fit.converged) {
      failed++;
      continue;
    }
    fit.coefficients.forEach((c, j) => draws[j].push(c));
    yield;
  }
  const used = options.replicates - failed;
  const sd = draws.map((values) => {
    if (values.length < 2) return 0;
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
  });
  const signStability = draws.map((values, j) => (values.length ? values.filter((v) => Math.sign(v) === Math.sign(full.coefficients[j])).length / values.length : 0));
  return { replicates: used, failed, sd, signStability };
}
