/**
 * Learned lead-score weights (seed 003's "weight optimization"): an L2-regularised logistic
 * regression of a target (booking by default) on lead attributes, stored as a serializable
 * `LeadScoreModel`, and `scoreLead` to score a lead with it. Pure: no I/O.
 *
 * Encoding: every attribute is categorical. A categorical attribute keeps its `topK` most common
 * values as levels, the rest become "(other)", absent values "(missing)"; a numeric attribute
 * (company size, numeric free attributes) is cut into the WHO detector's quantile bins. Each level
 * is a 0/1 column (full one-hot: the L2 penalty makes the fit unique and treats levels alike);
 * the penalty applies to standardised weights, as the stats core's `fitLogistic`, but the fit
 * works on the sparse rows (who-logistic.ts): a lead has one level per attribute.
 *
 * Metrics come from a time-ordered holdout: fit on the oldest (1 − holdoutShare) of the leads,
 * evaluate log-loss and AUC on the newest. The stored weights are then refitted on all leads, with
 * bootstrap standard errors and, when the previous model is given, how far the weights moved.
 *
 * The score is the lead's percentile (0–100) among the training leads' linear predictors, so it
 * ranks leads whatever the base rate; `probability` is the model's own estimate.
 */
import { averageRanks, outcomesNeeded, quantileSorted, weightStability, type StatsCode, type WeightStability } from "../stats";
import { bootstrapSparseLogisticSlices, columnScales, fitSparseLogistic, runSlices, sigmoid, type SparseDesign, type SparseFit } from "./who-logistic";
import type { PatternTarget } from "./types";
import { BIN_PREFIX, MISSING, OTHER, binIndex, numericValue } from "./who";

export const LEAD_SCORE_MODEL_VERSION = 1;

/** The lead fields a score reads (a Prisma Lead row fits). */
export interface LeadFeatures {
  industry?: string | null;
  seniority?: string | null;
  source?: string | null;
  country?: string | null;
  title?: string | null;
  companySize?: number | null;
  attributes?: unknown;
}

export interface EncodedAttribute {
  /** "industry", "company_size", "attributes.crm", … */
  attribute: string;
  /** Kept values, in column order ("bin:0"… for numeric attributes). */
  levels: string[];
  /** Bin edges of a numeric attribute. */
  edges?: number[];
  hasOther: boolean;
  hasMissing: boolean;
}

export interface LeadScoreModel {
  modelVersion: number;
  target: PatternTarget;
  code: StatsCode;
  encoding: EncodedAttribute[];
  /** Column names, "industry=SaaS"; parallel to `coefficients`, `means` and the stability arrays. */
  features: string[];
  /** Linear predictor in 0/1 column units. */
  intercept: number;
  coefficients: number[];
  /** Training column means (the reference lead for contributions). */
  means: number[];
  C: number;
  rows: number;
  positives: number;
  /** Outcomes still needed before the weights should replace defaults (seed 003: 100). */
  outcomesNeeded: number;
  metrics: {
    trainRows: number;
    holdoutRows: number;
    holdoutPositives: number;
    /** Mean log-loss on the holdout, and that of always predicting the training rate. */
    holdoutLogLoss: number | null;
    baselineLogLoss: number | null;
    holdoutAuc: number | null;
    trainLogLoss: number;
  };
  stability: {
    bootstrapReplicates: number;
    /** Bootstrap SD of each coefficient (column units). */
    standardErrors: number[];
    /** Share of replicates agreeing in sign with the estimate. */
    signStability: number[];
    /** Change against the previous model's weights, when one was given. */
    vsPrevious: (WeightStability & { previousRows: number; previousPositives: number }) | null;
  };
  /** 101 quantiles (0 %…100 %) of the training leads' linear predictor, for the 0–100 score. */
  scoreQuantiles: number[];
}

export interface LeadScoreRow {
  lead: LeadFeatures;
  /** Milliseconds; the holdout is the newest leads. */
  createdAt: number;
  y: 0 | 1;
}

export interface LeadScoreOptions {
  target: PatternTarget;
  /** Attributes to encode, with bin edges for numeric ones. */
  attributes: Array<{ attribute: string; edges?: number[] | null }>;
  topK?: number;
  C?: number;
  holdoutShare?: number;
  bootstrapReplicates?: number;
  seed?: number;
  minOutcomes?: number;
  previous?: LeadScoreModel | null;
}

function attributeValue(lead: LeadFeatures, attribute: string): unknown {
  if (attribute.startsWith("attributes.")) {
    const attrs = lead.attributes;
    return attrs && typeof attrs === "object" && !Array.isArray(attrs) ? (attrs as Record<string, unknown>)[attribute.slice(11)] : undefined;
  }
  const field = attribute === "company_size" ? "companySize" : attribute;
  return (lead as Record<string, unknown>)[field];
}

/** The raw level of a lead for an attribute (before top-K): a value, a bin or "(missing)". */
export function rawLevel(lead: LeadFeatures, attribute: string, edges?: number[] | null): string {
  const v = attributeValue(lead, attribute);
  if (v === null || v === undefined || (typeof v === "string" && v.trim() === "")) return MISSING;
  if (edges && edges.length >= 2) {
    const x = numericValue(v);
    return x === null ? MISSING : `${BIN_PREFIX}${binIndex(edges, x)}`;
  }
  return typeof v === "string" ? v.trim() : String(v);
}

function levelOf(lead: LeadFeatures, a: EncodedAttribute): string {
  const raw = rawLevel(lead, a.attribute, a.edges);
  if (raw === MISSING) return MISSING;
  return a.levels.includes(raw) ? raw : OTHER;
}

function columnsOf(a: EncodedAttribute): string[] {
  return [...a.levels, ...(a.hasOther ? [OTHER] : []), ...(a.hasMissing ? [MISSING] : [])];
}

/** Levels per attribute from the leads: top-K values by frequency (ties by value). */
export function buildEncoding(leads: LeadFeatures[], spec: LeadScoreOptions["attributes"], topK = 10): EncodedAttribute[] {
  return encodingOfRawLevels(rawLevelsOf(leads, spec), spec, topK);
}

/** Each attribute's raw level of every lead (`rawLevel`), attribute by attribute. */
function rawLevelsOf(leads: LeadFeatures[], spec: LeadScoreOptions["attributes"]): string[][] {
  return spec.map(({ attribute, edges }) => leads.map((lead) => rawLevel(lead, attribute, edges)));
}

/** `buildEncoding` from the raw levels (`rawLevelsOf`). */
function encodingOfRawLevels(rawLevels: string[][], spec: LeadScoreOptions["attributes"], topK: number): EncodedAttribute[] {
  return spec.map(({ attribute, edges }, a) => {
    const counts = new Map<string, number>();
    for (const level of rawLevels[a]) counts.set(level, (counts.get(level) ?? 0) + 1);
    const hasMissing = counts.has(MISSING);
    counts.delete(MISSING);
    const ranked = [...counts.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([v]) => v);
    const levels = edges ? ranked.slice(0, topK).sort() : ranked.slice(0, topK);
    return { attribute, levels, ...(edges ? { edges } : {}), hasOther: ranked.length > levels.length, hasMissing };
  });
}

export function featureNames(encoding: EncodedAttribute[]): string[] {
  return encoding.flatMap((a) => columnsOf(a).map((level) => `${a.attribute}=${level}`));
}

/** Per attribute: its first column and each level's column offset ("(other)", "(missing)" included). */
const COLUMN_MAPS = new WeakMap<EncodedAttribute[], Array<{ offset: number; columns: Map<string, number> }>>();

function columnMaps(encoding: EncodedAttribute[]) {
  let maps = COLUMN_MAPS.get(encoding);
  if (!maps) {
    let offset = 0;
    maps = encoding.map((a) => {
      const levels = columnsOf(a);
      const columns = new Map<string, number>();
      levels.forEach((level, k) => {
        if (!columns.has(level)) columns.set(level, k);
      });
      const entry = { offset, columns };
      offset += levels.length;
      return entry;
    });
    COLUMN_MAPS.set(encoding, maps);
  }
  return maps;
}

/** Column indices set to 1 for a lead (one per attribute). */
export function encodeLead(encoding: EncodedAttribute[], lead: LeadFeatures): number[] {
  return encodeRawLevels(encoding, (i) => rawLevel(lead, encoding[i].attribute, encoding[i].edges));
}

/** `encodeLead` from the lead's raw level of each encoded attribute. */
function encodeRawLevels(encoding: EncodedAttribute[], rawLevelOf: (attributeIndex: number) => string): number[] {
  const maps = columnMaps(encoding);
  const hot: number[] = [];
  for (let i = 0; i < encoding.length; i++) {
    const raw = rawLevelOf(i);
    const { offset, columns } = maps[i];
    const index = raw === MISSING ? columns.get(MISSING) : (columns.get(raw) ?? columns.get(OTHER));
    if (index !== undefined) hot.push(offset + index);
  }
  return hot;
}

function linear(fit: Pick<SparseFit, "intercept" | "coefficients">, hot: ArrayLike<number>): number {
  let eta = fit.intercept;
  for (let t = 0; t < hot.length; t++) eta += fit.coefficients[hot[t]];
  return eta;
}

const range = (from: number, to: number) => Int32Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

/** Area under the ROC curve (Mann–Whitney with average ranks for ties); null without both classes. */
export function auc(scores: readonly number[], y: readonly number[]): number | null {
  const positives = y.reduce((s, v) => s + v, 0);
  const negatives = y.length - positives;
  if (positives === 0 || negatives === 0) return null;
  const ranks = averageRanks(scores);
  let sum = 0;
  y.forEach((v, i) => {
    if (v === 1) sum += ranks[i];
  });
  return (sum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean log-loss of probabilities p for labels y (p clipped to [1e-15, 1 − 1e-15]). */
export function logLoss(p: readonly number[], y: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(1 - 1e-15, Math.max(1e-15, p[i]));
    sum -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return y.length > 0 ? sum / y.length : 0;
}

/** Fits the lead score; see the file comment. Rows need not be sorted. */
export function fitLeadScore(rows: LeadScoreRow[], options: LeadScoreOptions): LeadScoreModel {
  return runSlices(fitLeadScoreSlices(rows, options));
}

/** `fitLeadScore` as slices (see `runSlices` in who-logistic.ts): it yields between its passes over the leads. */
export function* fitLeadScoreSlices(rows: LeadScoreRow[], options: LeadScoreOptions): Generator<void, LeadScoreModel, void> {
  const C = options.C ?? 1;
  const lambda = 1 / C;
  const sorted = [...rows].sort((a, b) => a.createdAt - b.createdAt);
  const leads = sorted.map((r) => r.lead);
  const y = sorted.map((r) => r.y);
  // Each lead's raw levels are read once, for the levels kept and for the columns.
  const rawLevels = rawLevelsOf(leads, options.attributes);
  const encoding = encodingOfRawLevels(rawLevels, options.attributes, options.topK ?? 10);
  const features = featureNames(encoding);
  const x: SparseDesign = { rows: leads.map((_, r) => encodeRawLevels(encoding, (i) => rawLevels[i][r])), cols: features.length };
  const positives = y.reduce<number>((s, v) => s + v, 0);
  const fittable = positives > 0 && positives < y.length;
  yield;

  // Time-ordered holdout: fit on the oldest leads, evaluate on the newest.
  const holdoutRows = Math.floor(sorted.length * (options.holdoutShare ?? 0.2));
  const trainRows = sorted.length - holdoutRows;
  const holdoutY = y.slice(trainRows);
  const trainY = y.slice(0, trainRows);
  const trainPositives = trainY.reduce<number>((s, v) => s + v, 0);
  const metrics: LeadScoreModel["metrics"] = {
    trainRows, holdoutRows, holdoutPositives: holdoutY.reduce<number>((s, v) => s + v, 0), holdoutLogLoss: null, baselineLogLoss: null, holdoutAuc: null, trainLogLoss: 0,
  };
  let holdoutFit: SparseFit | null = null;
  if (holdoutRows > 0 && trainPositives > 0 && trainPositives < trainRows) {
    const trainIndex = range(0, trainRows);
    const fit = fitSparseLogistic(x, y, trainIndex, columnScales(x, trainIndex).scales, lambda);
    holdoutFit = fit.converged ? fit : null;
    const p = holdoutY.map((_, k) => sigmoid(linear(fit, x.rows[trainRows + k])));
    metrics.holdoutLogLoss = logLoss(p, holdoutY);
    metrics.baselineLogLoss = logLoss(holdoutY.map(() => trainPositives / trainRows), holdoutY);
    metrics.holdoutAuc = auc(p, holdoutY);
  }

  yield;
  const all = range(0, sorted.length);
  const { means, scales } = columnScales(x, all);
  // Started from the training-part fit when there is one: fewer Newton steps to the same optimum.
  const full = fittable ? fitSparseLogistic(x, y, all, scales, lambda, holdoutFit ? { start: holdoutFit } : {}) : { intercept: 0, coefficients: new Float64Array(features.length), logLoss: 0, iterations: 0, converged: false };
  metrics.trainLogLoss = full.logLoss;
  const replicates = options.bootstrapReplicates ?? 30;
  yield;
  const boot = fittable && full.converged && replicates >= 2 ? yield* bootstrapSparseLogisticSlices(x, y, scales, lambda, full, { replicates, seed: options.seed ?? 1 }) : null;
  const coefficients = Array.from(full.coefficients);
  const weights = Object.fromEntries(features.map((f, j) => [f, coefficients[j]]));
  // Weights learned for another target are not an earlier version of these.
  const previous = options.previous && options.previous.target === options.target ? options.previous : null;
  const vsPrevious = previous
    ? { ...weightStability(Object.fromEntries(previous.features.map((f, j) => [f, previous.coefficients[j]])), weights), previousRows: previous.rows, previousPositives: previous.positives }
    : null;
  const etas = x.rows.map((hot) => linear(full, hot)).sort((a, b) => a - b);
  const code: StatsCode = !fittable ? (sorted.length === 0 ? "NO_DATA" : "ZERO_VARIANCE") : full.converged ? "OK" : "NOT_CONVERGED";
  return {
    modelVersion: LEAD_SCORE_MODEL_VERSION,
    target: options.target,
    code,
    encoding,
    features,
    intercept: full.intercept,
    coefficients,
    means,
    C,
    rows: sorted.length,
    positives,
    outcomesNeeded: outcomesNeeded(positives, options.minOutcomes ?? 100),
    metrics,
    stability: {
      bootstrapReplicates: boot?.replicates ?? 0,
      standardErrors: boot ? boot.sd : features.map(() => 0),
      signStability: boot ? boot.signStability : features.map(() => 0),
      vsPrevious,
    },
    scoreQuantiles: Array.from({ length: 101 }, (_, q) => (etas.length ? quantileSorted(etas, q / 100) : 0)),
  };
}

export interface LeadScore {
  /** 0–100: the lead's percentile among the training leads. */
  score: number;
  probability: number;
  /** The attributes that move this lead most from the average training lead (log-odds). */
  contributions: Array<{ attribute: string; value: string; contribution: number }>;
}

/** Percentile (0–100) of a linear predictor among the stored quantiles, interpolated. */
export function percentileOf(quantiles: readonly number[], eta: number): number {
  const n = quantiles.length;
  if (n < 2 || quantiles[n - 1] === quantiles[0]) return 50;
  if (eta <= quantiles[0]) return 0;
  if (eta >= quantiles[n - 1]) return 100;
  let i = 0;
  while (i < n - 2 && quantiles[i + 1] < eta) i++;
  const span = quantiles[i + 1] - quantiles[i];
  const within = span > 0 ? (eta - quantiles[i]) / span : 0.5;
  return ((i + within) / (n - 1)) * 100;
}

/** Scores one lead with a stored model. */
export function scoreLead(model: LeadScoreModel, lead: LeadFeatures): LeadScore {
  let eta = model.intercept;
  const contributions: LeadScore["contributions"] = [];
  let offset = 0;
  for (const a of model.encoding) {
    const columns = columnsOf(a);
    const level = levelOf(lead, a);
    let contribution = 0;
    columns.forEach((column, k) => {
      const j = offset + k;
      const xj = column === level ? 1 : 0;
      eta += model.coefficients[j] * xj;
      contribution += model.coefficients[j] * (xj - model.means[j]);
    });
    contributions.push({ attribute: a.attribute, value: level, contribution });
    offset += columns.length;
  }
  contributions.sort((x, y) => Math.abs(y.contribution) - Math.abs(x.contribution));
  return { score: Math.round(percentileOf(model.scoreQuantiles, eta) * 10) / 10, probability: sigmoid(eta), contributions: contributions.slice(0, 5) };
}
