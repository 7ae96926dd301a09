/**
 * The feature transform, fitted on training rows only and stored in the artifact, so serving
 * applies exactly the training transform: kinds inferred when not given (numeric when ≥ 95% of
 * non-empty values are finite numbers), numerics standardized (training mean and SD) with a
 * missing indicator and cut into ≤ 255 quantile bins for boosting, categoricals one-hot over their
 * most frequent levels (unseen levels → "other"), and each feature's training distribution for
 * the drift check.
 */
import type { FeatureRow, FeatureSpec, FeatureValue } from "./types";

const MAX_BINS = 254;
const MAX_ONE_HOT = 32;
const DRIFT_BINS = 10;

export interface NumericTransform {
  name: string;
  kind: "numeric" | "boolean";
  mean: number;
  sd: number;
  median: number;
  hasMissing: boolean;
  /** Bin cut points: bin(v) = 1 + #(edges < v); 0 is missing. */
  edges: number[];
  driftEdges: number[];
  /** Training counts per drift bin, the last one for missing values. */
  driftCounts: number[];
}

export interface CategoricalTransform {
  name: string;
  kind: "categorical";
  /** By training frequency; the first MAX_ONE_HOT are one-hot columns, all are boosting bins. */
  levels: string[];
  mode: string | null;
  driftCounts: number[];
}

export type FeatureTransform = NumericTransform | CategoricalTransform;

export function numericValue(v: FeatureValue): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string" && v.trim() !== "") {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

export function categoryValue(v: FeatureValue): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  return s === "" ? null : s;
}

export function inferFeatures(rows: readonly FeatureRow[]): FeatureSpec[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const row of rows)
    for (const key of Object.keys(row))
      if (!seen.has(key)) {
        seen.add(key);
        names.push(key);
      }
  return names.map((name) => {
    let present = 0;
    let numeric = 0;
    let booleans = 0;
    for (const row of rows) {
      const v = row[name];
      if (v === null || v === undefined || v === "") continue;
      present++;
      if (typeof v === "boolean") booleans++;
      else if (numericValue(v) !== null) numeric++;
    }
    const kind = present > 0 && booleans === present ? "boolean" : present > 0 && (numeric + booleans) / present >= 0.95 ? "numeric" : "categorical";
    return { name, kind };
  });
}

function quantileEdges(sorted: Float64Array, count: number): number[] {
  const unique: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) unique.push(sorted[i]!);
  if (unique.length <= count + 1) return unique.slice(0, -1);
  const edges: number[] = [];
  for (let k = 1; k <= count; k++) {
    const v = sorted[Math.min(sorted.length - 1, Math.floor((k * sorted.length) / (count + 1)))]!;
    if (!edges.length || v > edges[edges.length - 1]!) edges.push(v);
  }
  return edges;
}

export function lowerCount(edges: readonly number[], v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function fitTransform(rows: readonly FeatureRow[], specs: readonly FeatureSpec[]): FeatureTransform[] {
  return specs.map((spec): FeatureTransform => {
    if (spec.kind === "categorical") {
      const counts = new Map<string, number>();
      let missing = 0;
      for (const row of rows) {
        const c = categoryValue(row[spec.name]);
        if (c === null) missing++;
        else counts.set(c, (counts.get(c) ?? 0) + 1);
      }
      const levels = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_BINS).map(([l]) => l);
      const top = levels.slice(0, MAX_ONE_HOT);
      const driftCounts = [...top.map((l) => counts.get(l) ?? 0), [...counts.entries()].filter(([l]) => !top.includes(l)).reduce((s, [, c]) => s + c, 0), missing];
      return { name: spec.name, kind: "categorical", levels, mode: levels[0] ?? null, driftCounts };
    }
    const values: number[] = [];
    for (const row of rows) {
      const v = numericValue(row[spec.name]);
      if (v !== null) values.push(v);
    }
    const sorted = Float64Array.from(values).sort();
    const n = sorted.length;
    const mean = n ? values.reduce((s, v) => s + v, 0) / n : 0;
    const sd = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
    const median = n ? (n % 2 ? sorted[n >> 1]! : (sorted[(n >> 1) - 1]! + sorted[n >> 1]!) / 2) : 0;
    const driftEdges = quantileEdges(sorted, DRIFT_BINS - 1);
    const driftCounts = new Array<number>(driftEdges.length + 2).fill(0);
    for (const v of values) driftCounts[lowerCount(driftEdges, v)]!++;
    driftCounts[driftEdges.length + 1] = rows.length - n;
    return { name: spec.name, kind: spec.kind, mean, sd: sd > 0 ? sd : 1, median, hasMissing: n < rows.length, edges: quantileEdges(sorted, MAX_BINS), driftEdges, driftCounts };
  });
}

/** Training-scale distribution of one feature over `rows`, binned like its drift counts. */
export function driftCountsOf(transform: FeatureTransform, rows: readonly FeatureRow[]): number[] {
  const counts = new Array<number>(transform.driftCounts.length).fill(0);
  for (const row of rows) {
    if (transform.kind === "categorical") {
      const c = categoryValue(row[transform.name]);
      const top = Math.min(transform.levels.length, MAX_ONE_HOT);
      const index = c === null ? top + 1 : transform.levels.indexOf(c);
      counts[index >= 0 && index < top ? index : c === null ? top + 1 : top]!++;
    } else {
      const v = numericValue(row[transform.name]);
      counts[v === null ? transform.driftEdges.length + 1 : lowerCount(transform.driftEdges, v)]!++;
    }
  }
  return counts;
}

export interface DenseMatrix {
  data: Float32Array;
  rows: number;
  cols: number;
  /** The original feature of each column. */
  featureOfColumn: number[];
  columns: string[];
}

export function denseColumns(transforms: readonly FeatureTransform[]): { columns: string[]; featureOfColumn: number[] } {
  const columns: string[] = [];
  const featureOfColumn: number[] = [];
  transforms.forEach((t, j) => {
    if (t.kind === "categorical") {
      const names = t.levels.slice(0, MAX_ONE_HOT).map((level) => `${t.name}=${level}`);
      if (t.levels.length > MAX_ONE_HOT) names.push(`${t.name}=(other)`);
      for (const name of names) {
        columns.push(name);
        featureOfColumn.push(j);
      }
    } else {
      columns.push(t.name);
      featureOfColumn.push(j);
      if (t.hasMissing) {
        columns.push(`${t.name}(missing)`);
        featureOfColumn.push(j);
      }
    }
  });
  return { columns, featureOfColumn };
}

/** Standardized numerics (missing → 0 with an indicator) and one-hot categoricals. */
export function encodeDense(transforms: readonly FeatureTransform[], rows: readonly FeatureRow[]): DenseMatrix {
  const { columns, featureOfColumn } = denseColumns(transforms);
  const cols = columns.length;
  const data = new Float32Array(rows.length * cols);
  rows.forEach((row, i) => {
    let c = 0;
    const base = i * cols;
    for (const t of transforms) {
      if (t.kind === "categorical") {
        const value = categoryValue(row[t.name]);
        const top = Math.min(t.levels.length, MAX_ONE_HOT);
        const index = value === null ? -1 : t.levels.indexOf(value);
        if (index >= 0 && index < top) data[base + c + index] = 1;
        else if (value !== null && t.levels.length > MAX_ONE_HOT) data[base + c + top] = 1;
        c += top + (t.levels.length > MAX_ONE_HOT ? 1 : 0);
      } else {
        const v = numericValue(row[t.name]);
        data[base + c] = v === null ? 0 : (v - t.mean) / t.sd;
        c++;
        if (t.hasMissing) data[base + c++] = v === null ? 1 : 0;
      }
    }
  });
  return { data, rows: rows.length, cols, featureOfColumn, columns };
}

/** Boosting bins, one Uint8Array per feature: 0 missing; numerics 1 + #(edges < v); categoricals 1 + level index, unseen last. */
export function binColumns(transforms: readonly FeatureTransform[], rows: readonly FeatureRow[]): Uint8Array[] {
  return transforms.map((t) => {
    const bins = new Uint8Array(rows.length);
    if (t.kind === "categorical") {
      const index = new Map(t.levels.map((l, i) => [l, i + 1]));
      rows.forEach((row, i) => {
        const c = categoryValue(row[t.name]);
        bins[i] = c === null ? 0 : (index.get(c) ?? t.levels.length + 1);
      });
    } else {
      rows.forEach((row, i) => {
        const v = numericValue(row[t.name]);
        bins[i] = v === null ? 0 : 1 + lowerCount(t.edges, v);
      });
    }
    return bins;
  });
}

export function binCount(t: FeatureTransform): number {
  return t.kind === "categorical" ? t.levels.length + 2 : t.edges.length + 2;
}

/** The value a feature is set to when its contribution is measured by occlusion: median or mode. */
export function baselineValue(t: FeatureTransform): FeatureValue {
  return t.kind === "categorical" ? t.mode : t.median;
}
