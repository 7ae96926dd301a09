/**
 * WHAT detector core: which content converts? Pure: no I/O.
 *
 * Categorical content features of outreach touches (subject style, CTA, angle, pain point, prompt
 * version, body length, question count, personalization), aggregated in SQL, get the same
 * "value versus the rest of its population" statistics as WHO. Phrases (1–3-grams of subject and
 * body) get the informative-prior log-odds z (`what-phrases.ts`). Benjamini–Hochberg runs once
 * over all of them for each target. Every effect is re-checked within channels (Mantel–Haenszel),
 * and optionally within lead sources.
 *
 * A dimension's population is the touches that have the feature: subject style compares email
 * touches with a subject (or a sender label), a pain point compares touches that name any pain
 * point, a CTA compares touches with a CTA.
 *
 * The tenant's own touch labels (touches.attributes: a variant, a tone, an offer) are dimensions
 * too, "attributes.<key>", chosen by `chooseTouchAttributeKeys` from a sample of the newest
 * touches: labels with few values, not ids, and not a copy of a built-in feature.
 *
 * One hypothesis per variable: n-grams with exactly the same touches in every channel (the
 * fragments of one sentence, or the words of a CTA already tested as a category) are tested once,
 * so redundant fragments neither crowd the list nor loosen the BH threshold for everything else.
 * Outcomes a lead reaches once (booked, showed, converted) are shared by all its touches: for
 * them the service passes a design effect (Σm²/Σm over leads with m touches) and every count
 * enters the statistics divided by it, so a lead counts about once.
 */
import { finalizeFindings, compareCategorical, type CategoricalCounts, type FinalizeOptions } from "./who-categorical";
import { DEFAULT_PHRASE_OPTIONS, countSignature, foldRedundant, phraseCandidates, type PhraseCountsSnapshot, type PhraseOptions, type PhraseStat } from "./what-phrases";
import type { Finding, PatternTarget, TargetResult } from "./types";

export const WHAT_DIMENSIONS = ["subject_style", "cta", "angle", "pain_point", "prompt_ref", "body_length", "question_count", "personalization"] as const;
export const WHAT_CONFOUNDERS = ["channel", "source"] as const;

const DIMENSION_LABELS: Record<string, string> = {
  subject_style: "subject style",
  cta: "CTA",
  angle: "angle",
  pain_point: "pain point",
  prompt_ref: "prompt",
  body_length: "body length (words)",
  question_count: "questions in body",
  personalization: "body names the lead",
};

export function whatLabel(attribute: string, value: string): string {
  return `${DIMENSION_LABELS[attribute] ?? attribute.replace(/^attributes\./, "")}: ${value}`;
}

/** How a touch attribute key was seen in the sample of the newest touches. */
export interface TouchAttributeKeyStats {
  key: string;
  /** Sampled touches with a scalar value under the key. */
  touches: number;
  distinctValues: number;
}

export interface TouchAttributeKeyOptions {
  /** Keys compared at most (the most common first). */
  maxKeys: number;
  /** More distinct values than this in the sample: an id or free text, not a label to compare. */
  maxDistinctValues: number;
  /** Share of the sampled touches a key must label. */
  minCoverage: number;
}

export const DEFAULT_TOUCH_ATTRIBUTE_KEY_OPTIONS: TouchAttributeKeyOptions = { maxKeys: 10, maxDistinctValues: 50, minCoverage: 0.01 };

/**
 * attributes.kind (outreach, reminder) selects the touches analysed, and these keys repeat a column
 * WHAT already compares (the simulator, for one, also writes the subject style it chose).
 */
const BUILT_IN_KEYS = new Set(["kind", "subjectstyle", "cta", "angle", "painpoint", "painpoints", "promptref", "model", "channel", "bodylength", "questioncount", "personalization"]);
const normalizedKey = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, "");

/**
 * The touch attribute keys WHAT compares, from how they appear in a sample of `sampled` touches,
 * and the keys left out with the reason (for the set's notes). Deterministic: ties by key.
 */
export function chooseTouchAttributeKeys(
  stats: readonly TouchAttributeKeyStats[],
  sampled: number,
  options: TouchAttributeKeyOptions = DEFAULT_TOUCH_ATTRIBUTE_KEY_OPTIONS,
): { keys: string[]; skipped: Array<{ key: string; reason: "built-in" | "id-like" | "rare" | "single value" | "over the cap" }> } {
  const skipped: Array<{ key: string; reason: "built-in" | "id-like" | "rare" | "single value" | "over the cap" }> = [];
  const eligible: TouchAttributeKeyStats[] = [];
  for (const s of [...stats].sort((a, b) => b.touches - a.touches || (a.key < b.key ? -1 : 1))) {
    if (BUILT_IN_KEYS.has(normalizedKey(s.key))) skipped.push({ key: s.key, reason: "built-in" });
    else if (s.distinctValues > options.maxDistinctValues) skipped.push({ key: s.key, reason: "id-like" });
    else if (s.distinctValues < 2) skipped.push({ key: s.key, reason: "single value" });
    else if (sampled === 0 || s.touches / sampled < options.minCoverage) skipped.push({ key: s.key, reason: "rare" });
    else if (eligible.length >= options.maxKeys) skipped.push({ key: s.key, reason: "over the cap" });
    else eligible.push(s);
  }
  return { keys: eligible.map((s) => s.key), skipped };
}

export interface WhatCoreInput {
  counts: CategoricalCounts;
  /** All outreach touches analysed and their conversions (the base rate). */
  totals: { units: number; conversions: Partial<Record<PatternTarget, number>> };
  phrases: PhraseCountsSnapshot | null;
}

export interface WhatCoreOptions extends FinalizeOptions {
  targets: PatternTarget[];
  confounders: string[];
  phrase?: Partial<PhraseOptions>;
  /** Significant phrases kept as findings per direction (the rest are in the counts only). */
  maxPhraseFindings?: number;
  /** Winners and losers listed in the details. */
  listSize?: number;
  /** Design effect per target (touches of a lead sharing a lead-level outcome); 1 when absent. */
  designEffect?: Partial<Record<PatternTarget, number>>;
}

export interface PhraseListItem extends PhraseStat {
  touches: number;
  rate: number;
  pValue: number;
  pAdjusted: number;
  significant: boolean;
  /** Why a phrase with a small p is still not significant: too few outcomes, or its effect gone within confounder strata (absent in patterns stored before these fields). */
  outcomesNeeded?: number;
  direction?: Finding["direction"];
  confounding?: Finding["confounding"];
  /** The phrase's lift (rate with ÷ rate without, touches weighted by the design effect) and its interval, listed or not. */
  lift?: number;
  liftInterval?: Finding["liftInterval"];
}

export interface WhatPhraseSummary {
  target: PatternTarget;
  touches: number;
  vocabulary: number;
  /** Terms in at least `minTouches` touches, how many were the same touches as another term or a categorical value, and how many were tested (the most common). */
  eligible: number;
  duplicates: number;
  tested: number;
  /** Significant sub-phrases folded into a longer or shorter phrase they nearly always occur with. */
  folded: number;
  winners: PhraseListItem[];
  losers: PhraseListItem[];
}

/** Count signatures of categorical values by phrase stratum (channel), in the phrase counter's target order. */
function categoricalSignatures(input: WhatCoreInput, confounder: string): Set<string> {
  if (!input.phrases) return new Set();
  const targets = input.phrases.targets;
  const byValue = new Map<string, Array<[string, number[]]>>();
  for (const row of input.counts.rows) {
    if (row.confounder !== confounder) continue;
    const key = `${row.attribute}\u0000${row.value}`;
    const list = byValue.get(key) ?? byValue.set(key, []).get(key)!;
    list.push([row.stratum, [row.units, ...targets.map((t) => row.conversions[t] ?? 0)]]);
  }
  return new Set([...byValue.values()].map(countSignature));
}

/** Results per target plus the phrase summaries; see the file comment. */
export function detectWhatTargets(input: WhatCoreInput, options: WhatCoreOptions): { results: TargetResult[]; phrases: WhatPhraseSummary[] } {
  const phraseOptions = { ...DEFAULT_PHRASE_OPTIONS, ...options.phrase };
  const maxPhraseFindings = options.maxPhraseFindings ?? 100;
  const listSize = options.listSize ?? 25;
  const results: TargetResult[] = [];
  const phrases: WhatPhraseSummary[] = [];
  for (const target of options.targets) {
    const categorical = compareCategorical(input.counts, target, {
      confounders: options.confounders,
      skipConfounder: (confounder, attribute) => confounder === attribute,
      label: whatLabel,
      designEffect: options.designEffect?.[target],
    });
    const phrase = input.phrases
      ? phraseCandidates(input.phrases, target, { ...phraseOptions, designEffect: options.designEffect?.[target], knownSignatures: categoricalSignatures(input, phraseOptions.confounder) })
      : null;
    const stats = new Map((phrase?.candidates ?? []).map((c) => [c.key, c.stat]));
    const all = finalizeFindings([...categorical, ...(phrase?.candidates ?? []).map(({ stat: _s, ...c }) => c)], options);
    const categoricalFindings = all.filter((f) => f.dimension !== "phrase");
    const phraseFindings = all.filter((f) => f.dimension === "phrase");
    const significant = foldRedundant(phraseFindings.filter((f) => f.significant));
    const keep = (direction: Finding["direction"]) => significant.kept.filter((f) => f.direction === direction).slice(0, maxPhraseFindings);
    const n = input.totals.units;
    const conversions = input.totals.conversions[target] ?? 0;
    results.push({
      target,
      n,
      conversions,
      baseRate: n > 0 ? conversions / n : 0,
      findings: [...categoricalFindings, ...keep("positive"), ...keep("negative")],
    });
    if (phrase) {
      const item = (f: Finding): PhraseListItem => ({
        ...stats.get(f.key)!,
        touches: f.n,
        rate: f.rate,
        pValue: f.pValue,
        pAdjusted: f.pAdjusted,
        significant: f.significant,
        outcomesNeeded: f.outcomesNeeded,
        direction: f.direction,
        ...(f.confounding ? { confounding: f.confounding } : {}),
        lift: f.lift,
        ...(f.liftInterval ? { liftInterval: f.liftInterval } : {}),
      });
      const top = (sign: number) =>
        foldRedundant(phraseFindings.filter((f) => sign * (f.score ?? 0) > 0).sort((a, b) => sign * ((b.score ?? 0) - (a.score ?? 0))).slice(0, 10 * listSize))
          .kept.slice(0, listSize)
          .map(item);
      phrases.push({
        target,
        touches: input.phrases!.touches,
        vocabulary: phrase.vocabulary,
        eligible: phrase.eligible,
        duplicates: phrase.duplicates,
        tested: phrase.candidates.length,
        folded: significant.folded,
        winners: top(1),
        losers: top(-1),
      });
    }
  }
  return { results, phrases };
}
