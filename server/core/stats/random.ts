/**
 * Seeded uniform random numbers for resampling (bootstrap) in the stats core. Pure JS:
 * sfc32 seeded through a splitmix32 finaliser, so neighbouring seeds give unrelated streams.
 * The same seed always gives the same sequence on every platform (32-bit integer arithmetic only).
 */

function splitmix32(value: number): number {
  let z = (value + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/** A deterministic generator for an integer seed (any finite number; it is truncated to 32 bits). */
export function seededRandom(seed: number): SeededRandom {
  let a = splitmix32(seed >>> 0);
  let b = splitmix32(a ^ 0x6a09e667);
  let c = splitmix32(b ^ 0xbb67ae85);
  let d = 1;
  const uint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) uint32();
  const next = () => uint32() / 4294967296;
  return { next, int: (n: number) => Math.floor(next() * n) };
}
