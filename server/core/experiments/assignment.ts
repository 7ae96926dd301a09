/**
 * Deterministic, sticky assignment of units (leads, contacts, accounts) to experiment arms.
 * Pure: no I/O, no randomness at call time. The same (salt, unit) always lands in the same arm
 * for the same weights, so a unit never switches arms between requests or processes.
 *
 * Domain rules:
 * - `hashUnit(salt, unitId)` is GrowthBook's hash version 2:
 *     fnv1a32(String(fnv1a32(salt + unitId))) mod 10000 / 10000,
 *   a number in [0, 1) on a grid of 1/10000. FNV-1a alone mixes its last bytes poorly (ids that
 *   differ only in a trailing digit land close together); hashing the decimal string of the first
 *   hash spreads them. For ASCII ids it equals GrowthBook's SDKs' value, so assignments can be
 *   cross-checked against them.
 * - `fnv1a32` is the standard 32-bit FNV-1a (offset basis 0x811c9dc5, prime 0x01000193) over the
 *   UTF-8 bytes of the string (GrowthBook's JavaScript SDK hashes UTF-16 code units, which is the
 *   same for ASCII).
 * - Use a fresh salt per experiment (e.g. the experiment id): assignments under different salts
 *   are independent, so one experiment's split does not leak into another's.
 * - `chooseArm(weights, u)` normalises the weights and returns the arm whose cumulative range
 *   [c_{i−1}, c_i) contains u. Arms with weight 0 are never chosen. Invalid weights (negative,
 *   non-finite, or none positive) or u outside [0, 1) → −1.
 */

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** UTF-8 bytes of a string (well-formed surrogate pairs as 4-byte sequences, lone surrogates as U+FFFD). */
function utf8Bytes(s: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else {
        c = 0xfffd;
      }
    } else if (c >= 0xd800 && c <= 0xdfff) {
      c = 0xfffd;
    }
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return bytes;
}

/** 32-bit FNV-1a of the UTF-8 bytes of `s`, as an unsigned integer. */
export function fnv1a32(s: string): number {
  let h = FNV_OFFSET_BASIS;
  for (const byte of utf8Bytes(s)) {
    h ^= byte;
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/** The unit's position in [0, 1) for this salt (GrowthBook hash v2; see the file comment). */
export function hashUnit(salt: string, unitId: string): number {
  return (fnv1a32(String(fnv1a32(salt + unitId))) % 10000) / 10000;
}

/** Index of the arm whose normalised cumulative weight range contains u (see the file comment); −1 for invalid input. */
export function chooseArm(weights: readonly number[], u: number): number {
  if (!(u >= 0 && u < 1) || weights.length === 0 || !weights.every((w) => Number.isFinite(w) && w >= 0)) return -1;
  const total = weights.reduce((s, w) => s + w, 0);
  if (!(total > 0)) return -1;
  let cumulative = 0;
  let lastPositive = -1;
  for (let i = 0; i < weights.length; i++) {
    if (weights[i] === 0) continue;
    lastPositive = i;
    cumulative += weights[i] / total;
    if (u < cumulative) return i;
  }
  // Rounding can leave the last cumulative bound a hair below 1: u belongs to the last arm that can take traffic.
  return lastPositive;
}

/** chooseArm(weights, hashUnit(salt, unitId)). */
export function assignArm(salt: string, unitId: string, weights: readonly number[]): number {
  return chooseArm(weights, hashUnit(salt, unitId));
}
