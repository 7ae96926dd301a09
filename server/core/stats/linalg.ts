/**
 * Small dense linear algebra for the stats core (p × p systems with p ≈ tens): Cholesky
 * factorisation of a symmetric positive-definite matrix stored row-major in a Float64Array.
 */

/** Lower-triangular Cholesky factor L (row-major, A = L·Lᵀ), or null when A is not positive definite. */
export function cholesky(a: Float64Array, p: number): Float64Array | null {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j];
      for (let k = 0; k < j; k++) s -= l[i * p + k] * l[j * p + k];
      if (i === j) {
        if (!(s > 0)) return null;
        l[i * p + i] = Math.sqrt(s);
      } else {
        l[i * p + j] = s / l[j * p + j];
      }
    }
  }
  return l;
}

/** Solves L·Lᵀ·x = b given the Cholesky factor L. */
export function choleskySolve(l: Float64Array, p: number, b: Float64Array): Float64Array {
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * p + k] * y[k];
    y[i] = s / l[i * p + i];
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < p; k++) s -= l[k * p + i] * x[k];
    x[i] = s / l[i * p + i];
  }
  return x;
}

/** A⁻¹ from the Cholesky factor of A (row-major). */
export function choleskyInverse(l: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p);
  const e = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    const col = choleskySolve(l, p, e);
    for (let i = 0; i < p; i++) inv[i * p + j] = col[i];
  }
  return inv;
}

/**
 * One damped Newton move: halve the step along `step` until the objective does not rise, then
 * update `beta` in place. Returns the accepted point's evaluation and the largest coordinate move.
 */
export function backtrackingNewtonStep<T extends { objective: number }>(
  beta: Float64Array,
  step: Float64Array,
  current: T,
  evaluate: (b: Float64Array) => T,
): { accepted: T; maxStep: number } {
  const p = beta.length;
  const next = new Float64Array(p);
  let t = 1;
  let trial = current;
  for (let halvings = 0; halvings < 60; halvings++) {
    for (let j = 0; j < p; j++) next[j] = beta[j] - t * step[j];
    trial = evaluate(next);
    if (trial.objective <= current.objective + 1e-12 * Math.abs(current.objective)) break;
    t /= 2;
  }
  let maxStep = 0;
  for (let j = 0; j < p; j++) maxStep = Math.max(maxStep, Math.abs(t * step[j]));
  beta.set(next);
  return { accepted: trial, maxStep };
}
