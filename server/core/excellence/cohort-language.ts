/**
 * The language side of the cohort analysis: which phrases and sentences each call's agent used per
 * stage, terms used in exactly the same calls merged into one variable, and an example sentence.
 */
import { containsTerm } from "../patterns/what-phrases";
import { forEachTerm } from "../patterns/text";
import type { CallStage } from "../records";
import { byId, type CohortCall, type Group } from "./cohort-types";

interface TermCounts {
  kind: "phrase" | "sentence";
  text: string;
  /** Calls using the term per group. */
  counts: [number, number, number];
  /** Order-free fingerprint of the set of calls using the term (two independent 32-bit sums). */
  h1: number;
  h2: number;
}

function mix(x: number, seed: number): number {
  let h = Math.imul(x ^ seed, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Placeholders of a sentence template end a clause, so no phrase spans or contains them. */
export const phraseSource = (template: string) => template.replace(/<[^>]*>/g, ";");
/** Case, punctuation and spacing do not make a different sentence. */
const sentenceKey = (template: string) =>
  template
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[^\p{L}\p{N}'<> ]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();

/** Agents repeat their lines: each distinct sentence is tokenized once (the cache is emptied when full). */
const MAX_CACHED_SENTENCES = 50_000;

export function countStageTerms(calls: readonly CohortCall[], groups: readonly Group[], stage: CallStage): { terms: Map<string, TermCounts>; reached: [number, number, number] } {
  const terms = new Map<string, TermCounts>();
  const reached: [number, number, number] = [0, 0, 0];
  const seen = new Set<string>();
  const keysOf = new Map<string, Array<[string, TermCounts["kind"], string]>>();
  const add = (key: string, kind: TermCounts["kind"], text: string, group: Group, h1: number, h2: number) => {
    if (seen.has(key)) return;
    seen.add(key);
    let entry = terms.get(key);
    if (!entry) terms.set(key, (entry = { kind, text, counts: [0, 0, 0], h1: 0, h2: 0 }));
    entry.counts[group]++;
    entry.h1 = (entry.h1 + h1) >>> 0;
    entry.h2 = (entry.h2 + h2) >>> 0;
  };
  calls.forEach((call, index) => {
    if (!call.analysis.stagesReached.includes(stage)) return;
    const group = groups[index];
    reached[group]++;
    const h1 = mix(index, 0x243f6a88);
    const h2 = mix(index, 0x13198a2e);
    seen.clear();
    for (const template of call.analysis.agentSentenceTemplates[stage]) {
      let keys = keysOf.get(template);
      if (!keys) {
        const list: Array<[string, TermCounts["kind"], string]> = [];
        const key = sentenceKey(template);
        if (key) list.push([`s:${key}`, "sentence", template]);
        forEachTerm([phraseSource(template)], 3, (term) => list.push([`p:${term}`, "phrase", term]));
        if (keysOf.size >= MAX_CACHED_SENTENCES) keysOf.clear();
        keysOf.set(template, (keys = list));
      }
      for (const [key, kind, text] of keys) add(key, kind, text, group, h1, h2);
    }
  });
  return { terms, reached };
}

/** One name per set of calls: a sentence before a phrase, a longer phrase before a shorter, then alphabetical. */
export function distinctVariables(terms: Iterable<TermCounts>): Array<TermCounts & { aliases: number }> {
  const words = (t: TermCounts) => (t.kind === "sentence" ? Number.MAX_SAFE_INTEGER : t.text.split(" ").length);
  const groups = new Map<string, TermCounts[]>();
  for (const term of terms) {
    const key = `${term.h1}:${term.h2}:${term.counts.join(",")}`;
    const list = groups.get(key);
    if (list) list.push(term);
    else groups.set(key, [term]);
  }
  return [...groups.values()].map((list) => {
    list.sort((a, b) => words(b) - words(a) || byId(a.text, b.text));
    return { ...list[0], aliases: list.length - 1 };
  });
}

/** The most common sentence (as templated) that carries `phrase` among the given calls; `clausesOf` caches each sentence's clauses as token strings. */
export function exampleSentence(calls: readonly CohortCall[], stage: CallStage, phrase: string, clausesOf: (template: string) => string[]): string | null {
  const counts = new Map<string, number>();
  for (const call of calls) {
    const carried = new Set<string>();
    for (const template of call.analysis.agentSentenceTemplates[stage]) if (clausesOf(template).some((clause) => containsTerm(clause, phrase))) carried.add(template);
    for (const template of carried) counts.set(template, (counts.get(template) ?? 0) + 1);
  }
  let best: string | null = null;
  let max = 0;
  for (const [sentence, count] of counts) if (count > max || (count === max && best !== null && sentence < best)) [best, max] = [sentence, count];
  return best;
}
