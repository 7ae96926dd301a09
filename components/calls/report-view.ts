/**
 * The stored Excellence Report (seed 002's JSON, extended with the evidence behind each pattern)
 * read into what the page shows. The document is a JSON column, so it is read defensively: keys
 * in the seed's snake_case or camelCase, missing sections shown as missing. Nothing is computed
 * here beyond picking fields; every figure is the server's.
 */
import { isNum } from "./format";

export interface Interval {
  lower: number;
  upper: number;
}

export interface PhraseRow {
  phrase: string;
  /** Top-cohort calls with / without the phrase in this stage. */
  topWith: number | null;
  topWithout: number | null;
  restWith: number | null;
  restWithout: number | null;
  topShare: number | null;
  restShare: number | null;
  z: number | null;
  q: number | null;
  significant: boolean;
}

export interface StageLanguage {
  stage: string;
  winning: string | null;
  phrases: PhraseRow[];
}

export interface StructureRow {
  metric: string;
  unit: string | null;
  top: number | null;
  rest: number | null;
  bottom: number | null;
  difference: number | null;
  differenceInterval: Interval | null;
  effectSize: number | null;
  effectInterval: Interval | null;
  q: number | null;
  significant: boolean;
}

export interface BehaviourRow {
  behaviour: string;
  description: string | null;
  topShare: number | null;
  restShare: number | null;
  bottomShare: number | null;
  topCount: string | null;
  restCount: string | null;
  difference: number | null;
  interval: Interval | null;
  q: number | null;
  significant: boolean;
}

export interface Recommendation {
  priority: string;
  action: string;
  rationale: string | null;
  expectedImpact: string | null;
}

export interface ReportView {
  generatedAt: string | null;
  period: string | null;
  insufficient: { message: string; needed: number | null; have: number | null; minimum: number | null } | null;
  topPerformers: Array<[string, unknown]>;
  comparedWith: string | null;
  winning: Array<[string, string]>;
  language: StageLanguage[];
  structure: StructureRow[];
  behaviour: BehaviourRow[];
  modelPerformance: Record<string, unknown> | null;
  activeOptimizations: Array<Record<string, unknown>>;
  recommendations: Recommendation[];
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The first present value among `keys`, each tried as written and in camelCase. */
function pick(o: Obj | null, ...keys: string[]): unknown {
  if (!o) return undefined;
  for (const key of keys) {
    if (o[key] !== undefined) return o[key];
    const c = camel(key);
    if (o[c] !== undefined) return o[c];
  }
  return undefined;
}
const num = (v: unknown): number | null => (isNum(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v : null);
const pickNum = (o: Obj | null, ...keys: string[]) => num(pick(o, ...keys));
const pickStr = (o: Obj | null, ...keys: string[]) => str(pick(o, ...keys));

function interval(v: unknown): Interval | null {
  if (Array.isArray(v) && v.length === 2 && isNum(v[0]) && isNum(v[1])) return { lower: v[0], upper: v[1] };
  const o = obj(v);
  const lower = pickNum(o, "lower", "low", "lo");
  const upper = pickNum(o, "upper", "high", "hi");
  return lower !== null && upper !== null ? { lower, upper } : null;
}

/** A cohort-side figure: a number, or `{ median | share | mean | value }`. */
function side(v: unknown, ...keys: string[]): number | null {
  if (isNum(v)) return v;
  return pickNum(obj(v), ...keys, "median", "share", "rate", "mean", "value");
}

function significant(o: Obj, q: number | null): boolean {
  const s = pick(o, "significant");
  if (typeof s === "boolean") return s;
  return q !== null && q < 0.05;
}

function phraseRow(v: unknown): PhraseRow | null {
  if (typeof v === "string") return { phrase: v, topWith: null, topWithout: null, restWith: null, restWithout: null, topShare: null, restShare: null, z: null, q: null, significant: false };
  const o = obj(v);
  const phrase = pickStr(o, "phrase", "term", "text", "ngram");
  if (!o || !phrase) return null;
  const top = obj(pick(o, "top"));
  const rest = obj(pick(o, "rest", "others"));
  const q = pickNum(o, "q", "q_value", "p_adjusted", "adjusted_p");
  return {
    phrase,
    topWith: pickNum(o, "top_count", "top_with", "top_calls_with") ?? pickNum(top, "count", "with", "calls"),
    topWithout: pickNum(o, "top_without") ?? pickNum(top, "without"),
    restWith: pickNum(o, "rest_count", "rest_with", "rest_calls_with") ?? pickNum(rest, "count", "with", "calls"),
    restWithout: pickNum(o, "rest_without") ?? pickNum(rest, "without"),
    topShare: pickNum(o, "top_share", "top_rate") ?? pickNum(top, "share", "rate"),
    restShare: pickNum(o, "rest_share", "rest_rate") ?? pickNum(rest, "share", "rate"),
    z: pickNum(o, "z", "z_score", "log_odds_z"),
    q,
    significant: significant(o, q),
  };
}

function languageOf(language: unknown): { winning: Array<[string, string]>; stages: StageLanguage[] } {
  const winning: Array<[string, string]> = [];
  const stages: StageLanguage[] = [];
  const o = obj(language);
  const addStage = (stage: string, v: unknown) => {
    const s = obj(v);
    const list = Array.isArray(v) ? v : arr(pick(s, "phrases", "winning_phrases", "top_phrases", "items"));
    const phrases = list.map(phraseRow).filter((p): p is PhraseRow => p !== null);
    const best = pickStr(s, "winning", "winning_phrase", "best") ?? phrases.find((p) => p.significant)?.phrase ?? null;
    if (phrases.length || best) stages.push({ stage, winning: best, phrases });
  };
  if (Array.isArray(language)) {
    for (const entry of language) {
      const e = obj(entry);
      const stage = pickStr(e, "stage", "name");
      if (stage) addStage(stage, e);
    }
    return { winning, stages };
  }
  if (!o) return { winning, stages };
  for (const [key, value] of Object.entries(o)) {
    if (typeof value === "string") winning.push([key, value]);
    else if (key === "stages" || key === "by_stage" || key === "byStage") {
      if (Array.isArray(value)) stages.push(...languageOf(value).stages);
      else for (const [stage, v] of Object.entries(obj(value) ?? {})) addStage(stage, v);
    } else if (value && typeof value === "object") addStage(key, value);
  }
  return { winning, stages };
}

function structureRow(key: string | null, v: unknown): StructureRow | null {
  const o = obj(v);
  if (!o) return null;
  const metric = pickStr(o, "metric", "name", "label", "feature") ?? key;
  if (!metric) return null;
  const effect = obj(pick(o, "effect", "effect_size"));
  const diff = obj(pick(o, "difference"));
  const q = pickNum(o, "q", "q_value", "p_adjusted", "adjusted_p");
  return {
    metric,
    unit: pickStr(o, "unit"),
    top: side(pick(o, "top", "top_median", "top_value"), "median"),
    rest: side(pick(o, "rest", "rest_median", "others", "rest_value"), "median"),
    bottom: side(pick(o, "bottom", "bottom_median", "bottom_value"), "median"),
    difference: num(pick(o, "difference", "median_difference", "mean_difference")) ?? pickNum(diff, "value", "estimate"),
    differenceInterval: interval(pick(o, "difference_interval", "interval", "ci")) ?? interval(pick(diff, "interval")),
    effectSize: num(pick(o, "effect_size", "hedges_g", "cohens_d", "effect", "g")) ?? pickNum(effect, "value", "estimate", "g"),
    effectInterval: interval(pick(o, "effect_interval", "effect_size_interval", "g_interval")) ?? interval(pick(effect, "interval")),
    q,
    significant: significant(o, q),
  };
}

function countOf(v: unknown): string | null {
  const o = obj(v);
  const x = pickNum(o, "count", "x", "with", "calls_with");
  const n = pickNum(o, "n", "calls", "total");
  return x !== null && n !== null ? `${x}/${n}` : null;
}

function behaviourRow(key: string | null, v: unknown): BehaviourRow | null {
  const o = obj(v);
  if (!o) return null;
  const behaviour = pickStr(o, "behaviour", "behavior", "name", "metric", "label") ?? key;
  if (!behaviour) return null;
  const diff = obj(pick(o, "difference"));
  const q = pickNum(o, "q", "q_value", "p_adjusted", "adjusted_p");
  return {
    behaviour,
    description: pickStr(o, "description", "definition"),
    topShare: side(pick(o, "top", "top_share", "top_rate"), "share", "rate"),
    restShare: side(pick(o, "rest", "rest_share", "rest_rate", "others"), "share", "rate"),
    bottomShare: side(pick(o, "bottom", "bottom_share", "bottom_rate"), "share", "rate"),
    topCount: countOf(pick(o, "top")),
    restCount: countOf(pick(o, "rest", "others")),
    difference: num(pick(o, "difference", "share_difference", "rate_difference")) ?? pickNum(diff, "value", "estimate"),
    interval: interval(pick(o, "difference_interval", "interval", "ci")) ?? interval(pick(diff, "interval")),
    q,
    significant: significant(o, q),
  };
}

/** A list of comparisons: an array, or an object keyed by metric (scalars there are the seed's plain figures). */
function comparisons<T>(v: unknown, row: (key: string | null, v: unknown) => T | null): { rows: T[]; plain: Array<[string, unknown]> } {
  const plain: Array<[string, unknown]> = [];
  if (Array.isArray(v)) return { rows: v.map((x) => row(null, x)).filter((x): x is T => x !== null), plain };
  const o = obj(v);
  const list = arr(pick(o, "comparisons", "metrics", "items", "behaviours", "behaviors"));
  if (list.length) return { rows: list.map((x) => row(null, x)).filter((x): x is T => x !== null), plain };
  const rows: T[] = [];
  for (const [key, value] of Object.entries(o ?? {})) {
    if (value && typeof value === "object" && !Array.isArray(value)) {
      const r = row(key, value);
      if (r) rows.push(r);
    } else plain.push([key, value]);
  }
  return { rows, plain };
}

function insufficientOf(doc: Obj): ReportView["insufficient"] {
  const flag = pick(doc, "insufficient_data", "insufficient", "too_few_calls");
  const status = pickStr(doc, "status");
  const o = obj(flag);
  if (!flag && status !== "insufficient_data" && status !== "too_few_calls") return null;
  const source = o ?? doc;
  const needed = pickNum(source, "calls_needed", "more_calls_needed", "needed", "more_needed");
  const have = pickNum(source, "calls", "call_count", "have", "scored_calls");
  const minimum = pickNum(source, "minimum", "min_calls", "minimum_calls", "required");
  const message =
    pickStr(source, "message", "reason") ??
    pickStr(doc, "message") ??
    (needed !== null ? `Not enough calls to compare the top 10% with the rest: ${needed} more needed.` : "Not enough calls to compare the top 10% with the rest yet.");
  return { message, needed: needed ?? (minimum !== null && have !== null ? Math.max(0, minimum - have) : null), have, minimum };
}

export function reportView(document: unknown): ReportView | null {
  const doc = obj(document);
  if (!doc) return null;
  const patterns = obj(pick(doc, "discovered_patterns", "patterns")) ?? {};
  const { winning, stages } = languageOf(pick(patterns, "language"));
  const structure = comparisons(pick(patterns, "structure", "structural"), structureRow);
  const behaviour = comparisons(pick(patterns, "behavioral", "behavioural", "behaviour", "behavior"), behaviourRow);
  const top = obj(pick(doc, "top_performers", "top_cohort"));
  const period = pick(doc, "analysis_period", "period");
  const periodObj = obj(period);
  return {
    generatedAt: pickStr(doc, "generated_at"),
    period: typeof period === "string" ? period : periodObj ? [pickStr(periodObj, "from"), pickStr(periodObj, "to")].filter(Boolean).join(" – ") || null : null,
    insufficient: insufficientOf(doc),
    topPerformers: Object.entries(top ?? {}).filter(([, v]) => v === null || typeof v !== "object"),
    comparedWith: pickStr(doc, "compared_with", "comparison"),
    winning,
    language: stages,
    // The seed's plain figures ("optimal_duration_seconds": 247) are shown as top-cohort values.
    structure: [...structure.rows, ...structure.plain.filter(([, v]) => isNum(v)).map(([k, v]) => ({ metric: k, unit: null, top: v as number, rest: null, bottom: null, difference: null, differenceInterval: null, effectSize: null, effectInterval: null, q: null, significant: false }))],
    behaviour: [
      ...behaviour.rows,
      ...behaviour.plain
        .filter(([, v]) => isNum(v))
        .map(([k, v]) => ({ behaviour: k, description: null, topShare: v as number, restShare: null, bottomShare: null, topCount: null, restCount: null, difference: null, interval: null, q: null, significant: false })),
    ],
    modelPerformance: obj(pick(doc, "model_performance")),
    activeOptimizations: arr(pick(doc, "active_optimizations")).map(obj).filter((o): o is Obj => o !== null),
    recommendations: arr(pick(doc, "recommendations"))
      .map(obj)
      .filter((o): o is Obj => o !== null)
      .map((o) => ({
        priority: pickStr(o, "priority") ?? "",
        action: pickStr(o, "action", "title", "recommendation") ?? "",
        rationale: pickStr(o, "rationale", "reason", "evidence"),
        expectedImpact: pickStr(o, "expected_impact", "impact"),
      }))
      .filter((r) => r.action),
  };
}
