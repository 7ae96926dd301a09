import { expect } from "vitest";

/**
 * Asserts |actual − expected| ≤ rel·|expected| + abs. The default rel 1e-9 is the precision the
 * stats core promises against its references (test/reference/*.py); abs (default 1e-14) only
 * matters for values that are 0 analytically, where a relative tolerance is meaningless.
 * Infinite expected values must match exactly; NaN never passes.
 */
export function expectClose(actual: number, expected: number, rel = 1e-9, abs = 1e-14, label = ""): void {
  const what = label ? `${label}: ` : "";
  expect(Number.isNaN(actual), `${what}got NaN, expected ${expected}`).toBe(false);
  if (!Number.isFinite(expected)) {
    expect(actual, what).toBe(expected);
    return;
  }
  const diff = Math.abs(actual - expected);
  const tol = rel * Math.abs(expected) + abs;
  expect(diff <= tol, `${what}${actual} vs expected ${expected} (|diff| ${diff.toExponential(3)} > tol ${tol.toExponential(3)})`).toBe(true);
}

/** `expectClose` element-wise, with equal lengths. */
export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel = 1e-9, abs = 1e-14, label = ""): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectClose(actual[i], expected[i], rel, abs, `${label}[${i}]`);
}

/** Recursively asserts that no number in a result is NaN (degenerate inputs must give codes, not NaN). */
export function expectNoNaN(value: unknown, path = "result"): void {
  if (typeof value === "number") {
    expect(Number.isNaN(value), `${path} is NaN`).toBe(false);
  } else if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    Array.from(value as ArrayLike<unknown>).forEach((v, i) => expectNoNaN(v, `${path}[${i}]`));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) expectNoNaN(v, `${path}.${k}`);
  }
}
