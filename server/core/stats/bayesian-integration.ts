/**
 * The "integration" method of bayesian.ts (its file comment states the rules): QUADPACK's qk21
 * rule with adaptive bisection, and the two integrals over independent Beta posteriors. Kept
 * apart from the closed form because it is general numerics that the public API only calls.
 */
import { betaCdf } from "./distributions";

/** A Beta(a, b) posterior. */
export interface Beta {
  a: number;
  b: number;
}

/** QUADPACK qk21: Kronrod abscissae (descending, last = 0), Kronrod weights, and 10-point Gauss weights for xgk[1], xgk[3], …, xgk[9]. */
const XGK = [
  0.995657163025808080735527280689003, 0.973906528517171720077964012084452, 0.930157491355708226001207180059508,
  0.865063366688984510732096688423493, 0.780817726586416897063717578345042, 0.679409568299024406234327365114874,
  0.562757134668604683339000099272694, 0.433395394129247190799265943165784, 0.294392862701460198131126603103866,
  0.14887433898163121088482600112972, 0,
];
const WGK = [
  0.011694638867371874278064396062192, 0.03255816230796472747881897245939, 0.05475589657435199603138130024458,
  0.07503967481091995276704314091619, 0.093125454583697605535065465083366, 0.109387158802297641899210590325805,
  0.123491976262065851077208980380214, 0.134709217311473325928054001771707, 0.142775938577060080797094273138717,
  0.147739104901338491374841515972068, 0.149445554002916905664936468389821,
];
const WG = [0.066671344308688137593568809893332, 0.149451349150580593145776339657697, 0.219086362515982043995534934228163, 0.269266719309996355091226921569469, 0.295524224714752870173892994651338];

interface Piece {
  a: number;
  b: number;
  value: number;
  error: number;
}

/**
 * One qk21 panel with QUADPACK's error estimate: resasc·min(1, (200·|K − G|/resasc)^1.5), where
 * resasc = ∫|f − mean f|, floored at 50·ε·∫|f| (the rounding level of the integrand).
 */
function kronrod(f: (x: number) => number, a: number, b: number): Piece {
  const center = 0.5 * (a + b);
  const half = 0.5 * (b - a);
  const fc = f(center);
  const f1 = new Array<number>(10);
  const f2 = new Array<number>(10);
  let k = WGK[10] * fc;
  let g = 0;
  let resabs = WGK[10] * Math.abs(fc);
  for (let j = 0; j < 10; j++) {
    const dx = half * XGK[j];
    f1[j] = f(center - dx);
    f2[j] = f(center + dx);
    const sum = f1[j] + f2[j];
    k += WGK[j] * sum;
    resabs += WGK[j] * (Math.abs(f1[j]) + Math.abs(f2[j]));
    if (j % 2 === 1) g += WG[(j - 1) / 2] * sum;
  }
  const mean = k * 0.5;
  let resasc = WGK[10] * Math.abs(fc - mean);
  for (let j = 0; j < 10; j++) resasc += WGK[j] * (Math.abs(f1[j] - mean) + Math.abs(f2[j] - mean));
  const h = Math.abs(half);
  let error = Math.abs((k - g) * half);
  resasc *= h;
  resabs *= h;
  if (resasc !== 0 && error !== 0) error = resasc * Math.min(1, Math.pow((200 * error) / resasc, 1.5));
  if (resabs > Number.MIN_VALUE / (50 * Number.EPSILON)) error = Math.max(50 * Number.EPSILON * resabs, error);
  return { a, b, value: k * half, error };
}

const REL_TOL = 1e-12;
const MAX_PIECES = 2000;

/**
 * Adaptive Gauss–Kronrod over the sorted breakpoints: repeatedly bisects the piece with the
 * largest error estimate until their sum is within REL_TOL of the total (or 1e-300).
 */
function integrate(f: (x: number) => number, breakpoints: readonly number[]): { value: number; converged: boolean } {
  const pieces: Piece[] = [];
  for (let i = 0; i + 1 < breakpoints.length; i++) if (breakpoints[i + 1] > breakpoints[i]) pieces.push(kronrod(f, breakpoints[i], breakpoints[i + 1]));
  const totals = () => pieces.reduce((s, p) => ({ value: s.value + p.value, error: s.error + p.error }), { value: 0, error: 0 });
  let t = totals();
  while (t.error > Math.max(1e-300, REL_TOL * Math.abs(t.value))) {
    if (pieces.length >= MAX_PIECES) return { value: t.value, converged: false };
    let worst = 0;
    for (let i = 1; i < pieces.length; i++) if (pieces[i].error > pieces[worst].error) worst = i;
    const p = pieces[worst];
    const mid = 0.5 * (p.a + p.b);
    if (!(mid > p.a && mid < p.b)) return { value: t.value, converged: false };
    pieces.splice(worst, 1, kronrod(f, p.a, mid), kronrod(f, mid, p.b));
    t = totals();
  }
  return { value: t.value, converged: true };
}

const WINDOW_SDS = 60;
const BREAK_SDS = [1, 2, 4, 8, 16];

function moments(d: Beta): { mean: number; sd: number } {
  const s = d.a + d.b;
  return { mean: d.a / s, sd: Math.sqrt((d.a * d.b) / (s * s * (s + 1))) };
}

/** Sorted breakpoints in [lo, hi]: the ends and each distribution's mean ± k sds inside. */
function breakpointsFor(lo: number, hi: number, dists: readonly Beta[]): number[] {
  const points = new Set<number>([lo, hi]);
  for (const d of dists) {
    const { mean, sd } = moments(d);
    for (const k of [0, ...BREAK_SDS, ...BREAK_SDS.map((x) => -x)]) {
      const p = mean + k * sd;
      if (p > lo && p < hi) points.add(p);
    }
  }
  return [...points].sort((p, q) => p - q);
}

/** P(X > t) for X ~ Beta(a, b), as the lower tail of 1 − X ~ Beta(b, a) so small upper tails keep relative precision. */
function survival(d: Beta, t: number): number {
  if (t <= 0) return 1;
  if (t >= 1) return 0;
  return betaCdf(1 - t, d.b, d.a);
}

function cdf(d: Beta, t: number): number {
  if (t <= 0) return 0;
  if (t >= 1) return 1;
  return betaCdf(t, d.a, d.b);
}

/** P(X > Y) = ∫ f_Y(y)·P(X > y) dy / ∫ f_Y(y) dy with the unnormalised density f_Y scaled at its mean. */
export function integrateProbability(x: Beta, y: Beta): { value: number; converged: boolean } {
  const { mean, sd } = moments(y);
  const lo = Math.max(0, mean - WINDOW_SDS * sd);
  const hi = Math.min(1, mean + WINDOW_SDS * sd);
  const breaks = breakpointsFor(lo, hi, [x, y]);
  const num = integrateDensity(y, breaks, (t) => survival(x, t));
  const den = integrateDensity(y, breaks, () => 1);
  if (!(den.value > 0)) return { value: 0.5, converged: false };
  return { value: num.value / den.value, converged: num.converged && den.converged };
}

/**
 * ∫ g(y)·h(y) dy over the breakpoints, g the Beta(a, b) density up to a constant (scaled to 1
 * at the mean m). When a < 1 (b < 1) and the range reaches 0 (1), the end piece
 * [0, w] uses y = w·s^{1/a} (1 − y = w·s^{1/b}), for which y^{a−1} dy = (w^a / a) ds is smooth.
 */
function integrateDensity(d: Beta, breaks: readonly number[], h: (t: number) => number): { value: number; converged: boolean } {
  // g(t) = (t/m)^{a−1}·((1−t)/(1−m))^{b−1}, written with log1p of (t − m) so the exponent keeps full
  // relative precision even when a and b are ~1e6 (a plain (a−1)·ln t would carry ~1e-11 of rounding).
  const m = Math.min(1 - 1e-12, Math.max(1e-12, d.a / (d.a + d.b)));
  const logRatioLow = (t: number) => Math.log1p((t - m) / m); // ln(t/m)
  const logRatioHigh = (t: number) => Math.log1p((m - t) / (1 - m)); // ln((1−t)/(1−m))
  const g = (t: number) => (t <= 0 || t >= 1 ? 0 : Math.exp((d.a - 1) * logRatioLow(t) + (d.b - 1) * logRatioHigh(t)) * h(t));
  let inner = [...breaks];
  let total = 0;
  let converged = true;
  const add = (r: { value: number; converged: boolean }) => {
    total += r.value;
    converged &&= r.converged;
  };
  if (d.a < 1 && inner[0] === 0 && inner.length > 1) {
    // ∫_0^w (t/m)^{a−1} φ(t) dt with t = w·s^{1/a}: (t/m)^{a−1} dt = m^{1−a}·(w^a / a) ds.
    const w = inner[1];
    const scale = Math.exp(d.a * Math.log(w) + (1 - d.a) * Math.log(m)) / d.a;
    add(integrate((s) => {
      const t = w * Math.pow(s, 1 / d.a);
      return t <= 0 ? 0 : scale * Math.exp((d.b - 1) * logRatioHigh(t)) * h(t);
    }, [0, 1]));
    inner = inner.slice(1);
  }
  if (d.b < 1 && inner[inner.length - 1] === 1 && inner.length > 1) {
    // The mirror image at 1, with z = 1 − t = w·s^{1/b}.
    const w = 1 - inner[inner.length - 2];
    const scale = Math.exp(d.b * Math.log(w) + (1 - d.b) * Math.log(1 - m)) / d.b;
    add(integrate((s) => {
      const z = w * Math.pow(s, 1 / d.b);
      return z <= 0 ? 0 : scale * Math.exp((d.a - 1) * logRatioLow(1 - z)) * h(1 - z);
    }, [0, 1]));
    inner = inner.slice(0, -1);
  }
  if (inner.length > 1) add(integrate(g, inner));
  return { value: total, converged };
}

/** E[max(X − Y, 0)] = ∫ P(Y < t)·P(X > t) dt over the window where both factors are non-negligible. */
export function integrateShortfall(x: Beta, y: Beta): { value: number; converged: boolean } {
  const mx = moments(x);
  const my = moments(y);
  const lo = Math.max(0, my.mean - WINDOW_SDS * my.sd);
  const hi = Math.min(1, mx.mean + WINDOW_SDS * mx.sd);
  if (!(hi > lo)) return { value: 0, converged: true };
  return integrate((t) => cdf(y, t) * survival(x, t), breakpointsFor(lo, hi, [x, y]));
}
