/**
 * Phrases that convert: 1–3-word terms of content snapshots, counted once per touch, ranked by
 * the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008) of
 * converted versus not-converted touches. Pure: no I/O (the service streams touches in).
 *
 * Per term w present in y₁ of the N₁ converted touches and y₀ of the N₀ others, with prior
 * Beta(α_w, β_w), α_w = a₀·f_w, β_w = a₀·(1 − f_w), f_w the share of all touches containing w:
 *   δ_w = ln[(y₁+α_w)/(N₁−y₁+β_w)] − ln[(y₀+α_w)/(N₀−y₀+β_w)]   (Monroe eq. 16 on the
 *         two-category vocabulary {present, absent}, via the stats core's `logOddsDirichlet`)
 *   σ²_w = 1/(y₁+α_w) + 1/(N₁−y₁+β_w) + 1/(y₀+α_w) + 1/(N₀−y₀+β_w)
 * Monroe's eq. 20 keeps only the first and third terms, right for word counts in a large corpus
 * (y ≪ N) but not for per-touch presence, where a phrase may be in 15% of touches: there the
 * dropped terms matter and z would be inflated. With all four terms z is Woolf's log-odds z with
 * pseudo-counts, so p = 2Φ(−|z|) is calibrated. The prior shrinks rare terms toward 0, and the
 * variance keeps them from topping the list.
 *
 * Bounded memory: at most `maxVocabulary` distinct terms are held; when full, terms seen in fewer
 * touches than a rising threshold are dropped (lossy counting), so only very rare terms lose counts.
 */
import { logOddsDirichlet, twoSidedPFromZ, wilsonInterval } from "../stats";
import { forEachClauseTerm, rawClauses } from "./text";
import type { PatternTarget } from "./types";
import { INTERVAL_LEVEL, confoundingNote, liftOf, type Candidate } from "./who-categorical";

export interface PhraseTouch {
  subject?: string | null;
  body?: string | null;
  /** Stratum of the confounder (the touch's channel). */
  stratum: string;
  outcomes: Partial<Record<PatternTarget, boolean>>;
}

export const MAX_PHRASE_STRATA = 8;
export const OTHER_STRATUM = "(other)";

export interface PhraseCountsSnapshot {
  targets: PatternTarget[];
  strata: string[];
  /** Per stratum: [touches, conversions of target 0, …]. */
  totals: number[][];
  /** Per term: flattened [stratum][touches, conversions…]. */
  terms: Map<string, Int32Array>;
  touches: number;
  /** Terms dropped when the vocabulary overflowed (lossy counting). */
  pruned: number;
}

/** Clauses whose terms are remembered (templated content repeats its sentences); the cache is emptied when full. */
const MAX_CACHED_CLAUSES = 50_000;

export class PhraseCounter {
  private readonly stride: number;
  /** Each term's slot: per stratum [touches, conversions…], then the last touch that counted it (once per touch). */
  private readonly width: number;
  private readonly stampAt: number;
  private readonly slots = new Map<string, number>();
  private data = new Int32Array(0);
  private capacity = 0;
  private readonly freeSlots: number[] = [];
  private nextSlot = 0;
  /** Raw clause → the slots of its terms (repeats kept; the per-touch stamp counts each once). Emptied when terms are pruned. */
  private readonly clauseSlots = new Map<string, Int32Array>();
  private readonly strata: string[] = [];
  private readonly totals: number[][] = [];
  private readonly hits: Int32Array;
  private touchCount = 0;
  private prunedCount = 0;
  private pruneBelow = 2;

  constructor(
    private readonly targets: PatternTarget[],
    private readonly options: { maxN?: number; maxVocabulary?: number } = {},
  ) {
    this.stride = 1 + targets.length;
    this.stampAt = MAX_PHRASE_STRATA * this.stride;
    this.width = this.stampAt + 1;
    this.hits = new Int32Array(targets.length);
  }

  get touches(): number {
    return this.touchCount;
  }

  private stratumIndex(stratum: string): number {
    let index = this.strata.indexOf(stratum);
    if (index >= 0) return index;
    if (this.strata.length >= MAX_PHRASE_STRATA - 1) {
      index = this.strata.indexOf(OTHER_STRATUM);
      if (index >= 0) return index;
      stratum = OTHER_STRATUM;
    }
    this.strata.push(stratum);
    this.totals.push(new Array(this.stride).fill(0));
    return this.strata.length - 1;
  }

  private slotOf(term: string): number {
    const known = this.slots.get(term);
    if (known !== undefined) return known;
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      slot = this.nextSlot++;
      if (slot >= this.capacity) {
        this.capacity = Math.max(1024, this.capacity * 2);
        const grown = new Int32Array(this.capacity * this.width);
        grown.set(this.data);
        this.data = grown;
      }
    }
    this.slots.set(term, slot);
    return slot;
  }

  /** The slots of a clause's terms, tokenized once per distinct clause. */
  private slotsOf(clause: string): Int32Array {
    const cached = this.clauseSlots.get(clause);
    if (cached) return cached;
    const list: number[] = [];
    forEachClauseTerm(clause, this.options.maxN ?? 3, (term) => list.push(this.slotOf(term) * this.width));
    const offsets = Int32Array.from(list);
    if (this.clauseSlots.size >= MAX_CACHED_CLAUSES) this.clauseSlots.clear();
    this.clauseSlots.set(clause, offsets);
    return offsets;
  }

  /** Counts one touch: each distinct term once. Touches without text are ignored. */
  add(touch: PhraseTouch): void {
    if (!touch.subject && !touch.body) return;
    const stamp = this.touchCount + 1;
    const stampAt = this.stampAt;
    const targets = this.targets.length;
    const hits = this.hits;
    let base = -1;
    for (const text of [touch.subject, touch.body]) {
      if (!text) continue;
      for (const clause of rawClauses(text)) {
        const offsets = this.slotsOf(clause);
        // Read after slotsOf: a new term may have grown the array.
        const data = this.data;
        for (let t = 0; t < offsets.length; t++) {
          const o = offsets[t];
          if (data[o + stampAt] === stamp) continue;
          data[o + stampAt] = stamp;
          if (base < 0) {
            for (let k = 0; k < targets; k++) hits[k] = touch.outcomes[this.targets[k]] ? 1 : 0;
            const s = this.stratumIndex(touch.stratum);
            base = s * this.stride;
            const total = this.totals[s];
            total[0]++;
            for (let k = 0; k < targets; k++) total[k + 1] += hits[k];
          }
          data[o + base]++;
          for (let k = 0; k < targets; k++) data[o + base + 1 + k] += hits[k];
        }
      }
    }
    if (base < 0) return;
    this.touchCount = stamp;
    if (this.slots.size > (this.options.maxVocabulary ?? 250_000)) this.prune();
  }

  private prune() {
    const limit = this.options.maxVocabulary ?? 250_000;
    // Cached clauses may point at dropped terms: a term seen again starts from zero, as if never seen.
    this.clauseSlots.clear();
    while (this.slots.size > limit * 0.75) {
      for (const [term, slot] of this.slots) {
        const o = slot * this.width;
        let units = 0;
        for (let s = 0; s < MAX_PHRASE_STRATA; s++) units += this.data[o + s * this.stride];
        if (units < this.pruneBelow) {
          this.slots.delete(term);
          this.data.fill(0, o, o + this.width);
          this.freeSlots.push(slot);
          this.prunedCount++;
        }
      }
      this.pruneBelow *= 2;
    }
  }

  /**
   * The counts with the strata in name order (they are numbered as first seen): the statistics sum
   * strata in order, and the same touches streamed in another order (another table layout) must
   * give the same floats.
   */
  snapshot(): PhraseCountsSnapshot {
    const order = this.strata.map((_, s) => s).sort((a, b) => (this.strata[a] < this.strata[b] ? -1 : this.strata[a] > this.strata[b] ? 1 : 0));
    const terms = new Map<string, Int32Array>();
    for (const [term, slot] of this.slots) {
      const from = slot * this.width;
      const counts = new Int32Array(order.length * this.stride);
      order.forEach((s, to) => counts.set(this.data.subarray(from + s * this.stride, from + (s + 1) * this.stride), to * this.stride));
      terms.set(term, counts);
    }
    return { targets: [...this.targets], strata: order.map((s) => this.strata[s]), totals: order.map((s) => [...this.totals[s]]), terms, touches: this.touchCount, pruned: this.prunedCount };
  }
}

export interface PhraseOptions {
  /** Terms in fewer touches than this are not tested. */
  minTouches: number;
  /** At most this many terms (the most common) are tested. */
  maxTerms: number;
  /** a₀: prior weight in pseudo-touches at the term's overall share. */
  priorStrength: number;
  /** Name of the stratifying confounder, for notes. */
  confounder: string;
  /** Design effect (≥ 1): counts enter the statistics divided by it (see who-categorical.ts). */
  designEffect?: number;
  /** Count signatures (`countSignature`) of categorical values already tested: a phrase with one of them is the same variable. */
  knownSignatures?: ReadonlySet<string>;
}

/** "stratum:units,conversions…" per stratum with units, sorted: equal signatures mean the same touches (in all practical cases). */
export function countSignature(byStratum: ReadonlyArray<[string, readonly number[]]>): string {
  return byStratum
    .filter(([, counts]) => counts[0] > 0)
    .map(([stratum, counts]) => `${stratum}:${counts.join(",")}`)
    .sort()
    .join("|");
}

export const DEFAULT_PHRASE_OPTIONS: PhraseOptions = { minTouches: 20, maxTerms: 5_000, priorStrength: 100, confounder: "channel" };

export interface PhraseStat {
  term: string;
  /** Touches with the term that converted / did not. */
  withConverted: number;
  withNotConverted: number;
  /** Touches without the term that converted / did not. */
  withoutConverted: number;
  withoutNotConverted: number;
  delta: number;
  z: number;
}

/** Informative-prior log-odds of one term (see the file comment). */
export function phraseLogOdds(y1: number, n1: number, y0: number, n0: number, priorStrength: number): { delta: number; z: number } {
  const share = (y1 + y0) / Math.max(1, n1 + n0);
  const alpha = priorStrength * share;
  const beta = priorStrength * (1 - share);
  const r = logOddsDirichlet([y1, n1 - y1], [y0, n0 - y0], [alpha, beta]);
  if (r.code !== "OK" || r.termCodes[0] !== "OK") return { delta: 0, z: 0 };
  const variance = 1 / (y1 + alpha) + 1 / (n1 - y1 + beta) + 1 / (y0 + alpha) + 1 / (n0 - y0 + beta);
  const delta = r.delta[0];
  return { delta, z: delta / Math.sqrt(variance) };
}

/** Phrase comparisons for one target (candidates for joint BH with the categorical WHAT features). */
export function phraseCandidates(
  counts: PhraseCountsSnapshot,
  target: PatternTarget,
  options: PhraseOptions = DEFAULT_PHRASE_OPTIONS,
): { candidates: Array<Candidate & { stat: PhraseStat }>; vocabulary: number; eligible: number; duplicates: number } {
  const k = counts.targets.indexOf(target);
  if (k < 0) return { candidates: [], vocabulary: counts.terms.size, eligible: 0, duplicates: 0 };
  const stride = 1 + counts.targets.length;
  const strata = counts.strata.length;
  const N = counts.totals.reduce((s, t) => s + t[0], 0);
  const X = counts.totals.reduce((s, t) => s + t[k + 1], 0);
  const eligible: Array<[string, Int32Array, number]> = [];
  for (const [term, c] of counts.terms) {
    let units = 0;
    for (let s = 0; s < strata; s++) units += c[s * stride];
    if (units >= options.minTouches) eligible.push([term, c, units]);
  }
  // Terms with identical counts in every stratum are one variable seen through several n-grams (the
  // fragments of one sentence, or a CTA already tested as a category): test it once, under its longest name.
  const words = (t: string) => t.split(" ").length;
  eligible.sort((a, b) => words(b[0]) - words(a[0]) || (a[0] < b[0] ? -1 : 1));
  const seen = new Set<string>(options.knownSignatures ?? []);
  let duplicates = 0;
  const distinct = eligible.filter(([, c]) => {
    const signature = countSignature(counts.strata.map((name, s) => [name, Array.from(c.subarray(s * stride, s * stride + stride))]));
    if (seen.has(signature)) {
      duplicates++;
      return false;
    }
    seen.add(signature);
    return true;
  });
  distinct.sort((a, b) => b[2] - a[2] || (a[0] < b[0] ? -1 : 1));
  const tested = distinct.slice(0, options.maxTerms);
  const d = Math.max(1, options.designEffect ?? 1);
  const candidates = tested.map(([term, c, n]) => {
    let x = 0;
    for (let s = 0; s < strata; s++) x += c[s * stride + 1 + k];
    const rest = { units: (N - n) / d, conv: (X - x) / d };
    const { delta, z } = phraseLogOdds(x / d, X / d, (n - x) / d, (N - X) / d, options.priorStrength);
    const wilson = wilsonInterval({ successes: x / d, trials: n / d }, { alpha: 1 - INTERVAL_LEVEL });
    const lift = liftOf({ units: n / d, conv: x / d }, rest);
    const restRate = rest.units > 0 ? rest.conv / rest.units : 0;
    const tables = Array.from({ length: strata }, (_, s) => {
      const a = c[s * stride + 1 + k];
      const units = c[s * stride];
      const total = counts.totals[s];
      return { a: a / d, b: (units - a) / d, c: (total[k + 1] - a) / d, d: (total[0] - units - (total[k + 1] - a)) / d };
    });
    const note = confoundingNote(options.confounder, tables, `"${term}"`);
    const stat: PhraseStat = { term, withConverted: x, withNotConverted: n - x, withoutConverted: X - x, withoutNotConverted: N - X - (n - x), delta, z };
    const { explainedAway, ...confounding } = note ?? { explainedAway: false };
    return {
      key: `phrase=${term}`,
      dimension: "phrase",
      value: term,
      label: `"${term}"`,
      n,
      conversions: x,
      rate: n > 0 ? x / n : 0,
      interval: { lower: wilson.lower, upper: wilson.upper, level: INTERVAL_LEVEL },
      restRate,
      lift: lift.lift,
      ...(lift.interval ? { liftInterval: lift.interval } : {}),
      pValue: twoSidedPFromZ(z),
      score: z,
      evidence: Math.max(x, n * restRate) / d,
      logLiftWidth: lift.logWidth,
      explainedAway,
      rawDirection: z > 0 ? ("positive" as const) : z < 0 ? ("negative" as const) : ("none" as const),
      ...(note ? { confounding: confounding as NonNullable<Candidate["confounding"]> } : {}),
      stat,
    };
  });
  return { candidates, vocabulary: counts.terms.size, eligible: eligible.length, duplicates };
}

/** Token-level containment: is `inner` a contiguous run of words of `outer`? */
export function containsTerm(outer: string, inner: string): boolean {
  return ` ${outer} `.includes(` ${inner} `);
}

/**
 * Folds phrases that are one phrase seen in pieces: walking terms by |z| (longer first on ties), a
 * term is dropped when a kept term contains it (or it contains a kept term) and their touch
 * counts differ by at most `tolerance` (10%), or when it has exactly the kept term's touch and
 * conversion counts (the fragments of one sentence, "tuesday" and "or thursday"). "finds you"
 * folds into "finds you well"; an unrelated phrase with other counts stays.
 */
export function foldRedundant<T extends { value: string; n: number; conversions: number; score?: number }>(items: T[], tolerance = 0.1): { kept: T[]; folded: number } {
  const words = (t: string) => t.split(" ").length;
  const ordered = [...items].sort((a, b) => Math.abs(b.score ?? 0) - Math.abs(a.score ?? 0) || words(b.value) - words(a.value) || (a.value < b.value ? -1 : 1));
  const kept: T[] = [];
  let folded = 0;
  for (const item of ordered) {
    const redundant = kept.some(
      (k) =>
        (k.n === item.n && k.conversions === item.conversions) ||
        ((containsTerm(k.value, item.value) || containsTerm(item.value, k.value)) && Math.abs(k.n - item.n) <= tolerance * Math.max(k.n, item.n)),
    );
    if (redundant) folded++;
    else kept.push(item);
  }
  return { kept, folded };
}
