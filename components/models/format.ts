/**
 * The stored JSON of a model version (metrics, importance, comparison, features), typed for the
 * page, and the formatting of its figures. Nothing here computes a metric: every number printed
 * comes from the registry (server/services/models/registry.ts).
 */

export const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

export const TENANT_TARGETS = ["show_up", "conversion"] as const;
export type TenantTarget = (typeof TENANT_TARGETS)[number];
export const isTenantTarget = (target: string): target is TenantTarget => (TENANT_TARGETS as readonly string[]).includes(target);

export const MODEL_FAMILIES = ["gbdt", "mlp", "logistic"] as const;
export type ModelFamily = (typeof MODEL_FAMILIES)[number];
export const FAMILY_LABEL: Record<string, string> = {
  gbdt: "Gradient-boosted trees",
  mlp: "Neural network (TensorFlow.js)",
  logistic: "Logistic regression",
};
export const familyLabel = (family: string) => FAMILY_LABEL[family] ?? family;

export const TARGET_LABEL: Record<string, string> = { show_up: "Show-up", conversion: "Conversion" };
const TARGET_HELP: Record<string, string> = {
  show_up: "Will the lead show up to the appointment booked on this call? Trained on booked calls whose show-up is known, from seed 002's call features.",
  conversion: "Will the lead become a customer? Trained on leads old enough for the outcome to be known, from their profile and the outreach they received.",
};

/** "show_up" → "Show-up"; "csv:churned" → "CSV: churned". */
export function targetLabel(target: string): string {
  if (target.startsWith("csv:")) return `CSV: ${target.slice(4)}`;
  return TARGET_LABEL[target] ?? target;
}

export function targetHelp(target: string): string {
  if (target.startsWith("csv:")) return `Trained from an uploaded CSV on the column “${target.slice(4)}”; cross-validated before registration.`;
  return TARGET_HELP[target] ?? "";
}

/** An anchor id for a target's section ("csv:churned" → "target-csv-churned"). */
export const targetAnchor = (target: string) => `target-${target.replace(/[^a-zA-Z0-9_-]+/g, "-")}`;

export interface CalibrationBin {
  lower: number;
  upper: number;
  meanPredicted: number;
  observedRate: number;
  count: number;
}

export interface SplitMetrics {
  n: number;
  positives: number;
  auc: number;
  logLoss: number;
  brier: number;
  accuracy: number;
  calibration: CalibrationBin[];
}

export interface CandidateResult {
  family: string;
  holdout: Partial<SplitMetrics> | null;
  trainingMs: number;
}

export interface CvFold {
  fold: number;
  n: number;
  auc: number;
  logLoss: number;
  family: string;
}

export interface CrossValidation {
  folds: CvFold[];
  meanAuc: number;
  sdAuc: number;
  positiveLabel?: string;
  excluded?: string[];
}

export interface ModelMetrics {
  train: SplitMetrics | null;
  holdout: SplitMetrics | null;
  candidates: CandidateResult[];
  crossValidation: CrossValidation | null;
}

export interface ImportanceItem {
  feature: string;
  aucDrop: number;
  sd: number;
}

export interface HoldoutScore {
  auc: number;
  logLoss: number;
  brier: number;
  n: number;
}

export interface Comparison {
  better: boolean;
  reason: string;
  candidate: HoldoutScore | null;
  production: HoldoutScore | null;
  productionVersion: number | null;
  productionVersionId: string | null;
}

export interface FeatureSpec {
  name: string;
  kind: string;
}

const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function asSplit(value: unknown): SplitMetrics | null {
  const m = obj(value);
  if (!m) return null;
  return {
    n: isNum(m.n) ? m.n : 0,
    positives: isNum(m.positives) ? m.positives : 0,
    auc: isNum(m.auc) ? m.auc : NaN,
    logLoss: isNum(m.logLoss) ? m.logLoss : NaN,
    brier: isNum(m.brier) ? m.brier : NaN,
    accuracy: isNum(m.accuracy) ? m.accuracy : NaN,
    calibration: arr(m.calibration)
      .map(obj)
      .filter((b): b is Record<string, unknown> => b !== null && isNum(b.meanPredicted) && isNum(b.observedRate))
      .map((b) => ({ lower: Number(b.lower ?? 0), upper: Number(b.upper ?? 1), meanPredicted: b.meanPredicted as number, observedRate: b.observedRate as number, count: Number(b.count ?? 0) })),
  };
}

export function asCrossValidation(value: unknown): CrossValidation | null {
  const cv = obj(value);
  if (!cv || !Array.isArray(cv.folds)) return null;
  return {
    folds: arr(cv.folds)
      .map(obj)
      .filter((f): f is Record<string, unknown> => f !== null)
      .map((f) => ({ fold: Number(f.fold), n: Number(f.n ?? 0), auc: Number(f.auc), logLoss: Number(f.logLoss), family: String(f.family ?? "") })),
    meanAuc: Number(cv.meanAuc),
    sdAuc: Number(cv.sdAuc),
    positiveLabel: typeof cv.positiveLabel === "string" ? cv.positiveLabel : undefined,
    excluded: Array.isArray(cv.excluded) ? cv.excluded.map(String) : undefined,
  };
}

export function asMetrics(value: unknown): ModelMetrics {
  const m = obj(value) ?? {};
  return {
    train: asSplit(m.train),
    holdout: asSplit(m.holdout),
    candidates: arr(m.candidates)
      .map(obj)
      .filter((c): c is Record<string, unknown> => c !== null)
      .map((c) => ({ family: String(c.family ?? "?"), holdout: asSplit(c.holdout), trainingMs: Number(c.trainingMs ?? NaN) })),
    crossValidation: asCrossValidation(m.crossValidation),
  };
}

export function asImportance(value: unknown): ImportanceItem[] {
  return arr(value)
    .map(obj)
    .filter((i): i is Record<string, unknown> => i !== null && typeof i.feature === "string" && isNum(i.aucDrop))
    .map((i) => ({ feature: i.feature as string, aucDrop: i.aucDrop as number, sd: isNum(i.sd) ? i.sd : NaN }))
    .sort((a, b) => b.aucDrop - a.aucDrop);
}

function asScore(value: unknown): HoldoutScore | null {
  const s = obj(value);
  return s && isNum(s.auc) ? { auc: s.auc, logLoss: Number(s.logLoss), brier: Number(s.brier), n: Number(s.n ?? 0) } : null;
}

export function asComparison(value: unknown): Comparison | null {
  const c = obj(value);
  if (!c || typeof c.reason !== "string") return null;
  return {
    better: c.better === true,
    reason: c.reason,
    candidate: asScore(c.candidate),
    production: asScore(c.production),
    productionVersion: isNum(c.productionVersion) ? c.productionVersion : null,
    productionVersionId: typeof c.productionVersionId === "string" ? c.productionVersionId : null,
  };
}

export function asFeatures(value: unknown): FeatureSpec[] {
  return arr(value)
    .map(obj)
    .filter((f): f is Record<string, unknown> => f !== null && typeof f.name === "string")
    .map((f) => ({ name: f.name as string, kind: String(f.kind ?? "") }));
}

/** AUC with three decimals ("0.842"); "—" when missing. */
export const formatAuc = (v: number | null | undefined) => (isNum(v) ? v.toFixed(3) : "—");
/** Log-loss and Brier with four decimals. */
export const formatLoss = (v: number | null | undefined) => (isNum(v) ? v.toFixed(4) : "—");
/** "0.842 ± 0.013". */
export const formatMeanSd = (mean: number | null | undefined, sd: number | null | undefined) => (isNum(mean) ? `${mean.toFixed(3)}${isNum(sd) ? ` ± ${sd.toFixed(3)}` : ""}` : "—");
/** Milliseconds as operators read them: "840 ms", "12.4 s", "2m 05s". */
export function formatMs(ms: number | null | undefined): string {
  if (!isNum(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)}m ${String(Math.round(s % 60)).padStart(2, "0")}s`;
}

/** Targets in display order: the two tenant-data targets first, then CSV targets alphabetically. */
export function orderedTargets(targets: Iterable<string>): string[] {
  const set = new Set<string>([...TENANT_TARGETS, ...targets]);
  const rest = [...set].filter((t) => !isTenantTarget(t)).sort();
  return [...TENANT_TARGETS, ...rest];
}

export const isRunning = (status: string | undefined) => status === "running";
