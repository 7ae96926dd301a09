/**
 * Deterministic pseudo-random numbers for the demo-world simulator. Pure JS, no I/O.
 *
 * sfc32 (Chris Doty-Humphrey's "small fast counting" generator) passes PractRand/BigCrush
 * and is fast in JS because it stays in 32-bit integer arithmetic. Seeds go through a
 * splitmix32 finaliser so that neighbouring seeds (lead 41, lead 42) give unrelated streams:
 * the simulator derives one independent stream per lead and purpose, which makes the output
 * independent of chunking and of which optional content is rendered.
 */

/** FNV-1a over the UTF-16 code units of a string, finalised by splitmix32. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return splitmix32(hash >>> 0);
}

/** A 32-bit seed from a string or number seed (numbers are hashed via their decimal text). */
export function seedToUint32(seed: string | number): number {
  return hashString(typeof seed === "number" ? `n:${seed}` : `s:${seed}`);
}

/** splitmix32 finaliser: a bijective avalanche on 32-bit integers. */
export function splitmix32(value: number): number {
  let z = (value + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Mixes a base seed with integer keys (lead index, stream id) into a new 32-bit seed. */
export function deriveSeed(base: number, ...keys: number[]): number {
  let h = base >>> 0;
  for (const key of keys) h = splitmix32((h ^ Math.imul(key + 1, 0x9e3779b1)) >>> 0);
  return h;
}

const TWO_PI = 2 * Math.PI;
const UINT32_TO_UNIT = 1 / 4294967296;

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** Box–Muller yields normals in pairs; the second one waits here. */
  private spareNormal: number | null = null;

  constructor(seed: number) {
    this.a = splitmix32(seed);
    this.b = splitmix32(this.a ^ 0x6a09e667);
    this.c = splitmix32(this.b ^ 0xbb67ae85);
    this.d = 1;
    // Warm up so weak seeds do not leak into the first outputs.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() * UINT32_TO_UNIT;
  }

  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  bernoulli(probability: number): boolean {
    return this.next() < probability;
  }

  /** Normal via Box–Muller (both values of a pair are used). */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return mean + sd * spare;
    }
    let u = this.next();
    while (u <= 0) u = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = TWO_PI * this.next();
    this.spareNormal = radius * Math.sin(angle);
    return mean + sd * radius * Math.cos(angle);
  }

  /** exp(Normal(mu, sigma)). */
  logNormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Poisson: Knuth's product method for small means, a rounded normal beyond 30. */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 30) return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))));
    const limit = Math.exp(-lambda);
    let k = 0;
    let product = this.next();
    while (product > limit) {
      k++;
      product *= this.next();
    }
    return k;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("pick from an empty list");
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks with relative weights (need not sum to 1). For hot paths use WeightedTable. */
  pickWeighted<T>(items: readonly T[], weights: readonly number[]): T {
    return new WeightedTable(items, weights).sample(this);
  }

  /** Fisher–Yates on a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = items.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }
}

/** A precomputed cumulative table for repeated weighted picks; returns indices or items. */
export class WeightedTable<T> {
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (items.length === 0 || items.length !== weights.length) throw new RangeError("weighted table needs one weight per item");
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((weight, i) => {
      if (!(weight >= 0)) throw new RangeError(`weight ${i} must be >= 0`);
      sum += weight;
      this.cumulative[i] = sum;
    });
    if (sum <= 0) throw new RangeError("weights must not all be 0");
    this.total = sum;
  }

  /** Probability of each item (weights normalised to 1). */
  probabilities(): number[] {
    return Array.from(this.cumulative, (c, i) => (c - (i > 0 ? this.cumulative[i - 1] : 0)) / this.total);
  }

  sampleIndex(rng: Rng): number {
    const target = rng.next() * this.total;
    const cumulative = this.cumulative;
    let i = 0;
    while (i < cumulative.length - 1 && cumulative[i] <= target) i++;
    return i;
  }

  sample(rng: Rng): T {
    return this.items[this.sampleIndex(rng)];
  }
}

export function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}

export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function logit(p: number): number {
  return Math.log(p / (1 - p));
}
