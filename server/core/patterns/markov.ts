/**
 * Channel attribution by the removal effect of a first-order Markov chain (Anderl et al. 2016,
 * as R's ChannelAttribution `markov_model(order = 1)` computes it), and the next-best-channel
 * model. Pure: no I/O.
 *
 * Paths are a lead's outreach channels in order with repeats collapsed ("email>linkedin>email").
 * Collapsing does not change the removal effects: a self-loop c → c only delays absorption, so
 * the conversion probabilities of the chain are the same with or without it.
 *
 * Chain: (start) → c₁ → … → c_k → (conversion) for converting paths, → (null) otherwise; the
 * transition probabilities are the observed transition counts normalised per state (paths
 * weighted by their number of leads). P(conversion) is the absorption probability from (start).
 * Removing channel c sends every transition into c to (null):
 *   removal effect  RE_c = 1 − P_without_c(conversion) / P(conversion)
 *   normalised      RE_c / Σ RE          (the shares ChannelAttribution reports)
 *   attributed      total conversions × RE_c / Σ RE
 */
import { quantileSorted, sampleGamma, seededRandom, wilsonInterval } from "../stats";
import type { Interval } from "./types";
import { INTERVAL_LEVEL, withLevel } from "./how-when-common";

export interface PathCount {
  /** Channels in order, repeats collapsed. */
  path: string[];
  conversions: number;
  nulls: number;
}

export interface ChannelRemovalEffect {
  channel: string;
  removalEffect: number;
  normalized: number;
  attributedConversions: number;
  /** 95% interval of `normalized` (Bayesian bootstrap over leads, see `markovAttribution`); absent in patterns stored before it. */
  normalizedInterval?: Interval;
}

export interface MarkovAttribution {
  /** Probability of conversion from (start) in the fitted chain. */
  conversionProbability: number;
  /** Bootstrap replicates behind the channels' intervals (0: none computed). */
  replicates?: number;
  totalConversions: number;
  paths: number;
  channels: ChannelRemovalEffect[];
  /** Transition probabilities, from → to → p (states "(start)", channels, "(conversion)", "(null)"). */
  transitions: Record<string, Record<string, number>>;
}

export const START = "(start)";
export const CONVERSION = "(conversion)";
export const NULL_STATE = "(null)";

export function collapseRepeats(channels: readonly string[]): string[] {
  return channels.filter((c, i) => i === 0 || channels[i - 1] !== c);
}

function transitionCounts(paths: readonly PathCount[]) {
  const counts = new Map<string, Map<string, number>>();
  const add = (from: string, to: string, w: number) => {
    if (w <= 0) return;
    const row = counts.get(from) ?? new Map<string, number>();
    row.set(to, (row.get(to) ?? 0) + w);
    counts.set(from, row);
  };
  for (const p of paths) {
    const path = collapseRepeats(p.path);
    if (path.length === 0) continue;
    const total = p.conversions + p.nulls;
    add(START, path[0]!, total);
    for (let i = 1; i < path.length; i++) add(path[i - 1]!, path[i]!, total);
    add(path[path.length - 1]!, CONVERSION, p.conversions);
    add(path[path.length - 1]!, NULL_STATE, p.nulls);
  }
  const probs: Record<string, Record<string, number>> = {};
  for (const [from, row] of counts) {
    const sum = [...row.values()].reduce((s, v) => s + v, 0);
    probs[from] = Object.fromEntries([...row.entries()].map(([to, v]) => [to, v / sum]));
  }
  return probs;
}

/**
 * Solves (I − Q) x = r by Gauss–Jordan elimination with partial pivoting, given the augmented rows
 * [I − Q | r] (k × (k + 1), changed in place). A row left without a pivot is a closed loop that
 * never absorbs: its x stays 0.
 */
function solveAbsorption(a: number[][], k: number): number[] {
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (Math.abs(a[pivot]![col]!) < 1e-15) continue;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / a[col]![col]!;
      if (f !== 0) for (let c = col; c <= k; c++) a[r]![c] = a[r]![c]! - f * a[col]![c]!;
    }
  }
  return a.map((row, i) => (Math.abs(row[i]!) < 1e-15 ? 0 : row[k]! / row[i]!));
}

/** Absorption probability into (conversion) from (start), with `removed` channels sent to (null). */
export function conversionProbability(transitions: Record<string, Record<string, number>>, removed: ReadonlySet<string> = new Set()): number {
  const channels = Object.keys(transitions).filter((s) => s !== START && !removed.has(s));
  const index = new Map(channels.map((c, i) => [c, i]));
  const k = channels.length;
  // (I − Q) x = r, Q among live channels, r = one-step conversion probability.
  const a = channels.map((from) => {
    const row = new Array<number>(k + 1).fill(0);
    row[index.get(from)!] = 1;
    for (const [to, p] of Object.entries(transitions[from] ?? {})) {
      if (to === CONVERSION) row[k] = row[k]! + p;
      else if (index.has(to)) row[index.get(to)!] = row[index.get(to)!]! - p;
    }
    return row;
  });
  const x = solveAbsorption(a, k);
  let p = 0;
  for (const [to, q] of Object.entries(transitions[START] ?? {})) {
    if (to === CONVERSION) p += q;
    else if (index.has(to)) p += q * x[index.get(to)!]!;
  }
  return p;
}

/** Each channel's removal effect and its share of their sum, in `channelNames` order. */
function removalShares(paths: readonly PathCount[], channelNames: readonly string[]) {
  const transitions = transitionCounts(paths);
  const base = conversionProbability(transitions);
  const effects = channelNames.map((channel) => (base > 0 ? Math.max(0, 1 - conversionProbability(transitions, new Set([channel])) / base) : 0));
  return { transitions, base, effects, ...sharesOf(effects) };
}

function sharesOf(effects: readonly number[]) {
  const sum = effects.reduce((s, e) => s + e, 0);
  return { sum, shares: effects.map((e) => (sum > 0 ? e / sum : 0)) };
}

/**
 * The chain's transitions as index lists, built once for the bootstrap: states 0 = (start),
 * 1…C = channels (`channelNames` order), C + 1 = (conversion), C + 2 = (null). Per path, the steps
 * every lead of it takes, and its last channel.
 */
export function indexPaths(paths: readonly PathCount[], channelNames: readonly string[]) {
  const index = new Map(channelNames.map((c, i) => [c, i + 1]));
  return paths
    .map((p) => collapseRepeats(p.path).map((c) => index.get(c)!))
    .map((states) => ({ steps: states.length ? [0, ...states] : [], last: states[states.length - 1] ?? -1 }));
}

/** Removal-effect shares of the chain with the given weights of each path's converting and other leads (same as `removalShares`). */
export function weightedShares(indexed: ReturnType<typeof indexPaths>, conversions: Float64Array, nulls: Float64Array, channels: number): number[] {
  const size = channels + 3;
  const conv = channels + 1;
  const none = channels + 2;
  const counts = new Float64Array(size * size);
  indexed.forEach(({ steps, last }, p) => {
    if (last < 0) return;
    const total = conversions[p]! + nulls[p]!;
    if (total > 0) for (let i = 1; i < steps.length; i++) counts[steps[i - 1]! * size + steps[i]!] += total;
    counts[last * size + conv] += conversions[p]!;
    counts[last * size + none] += nulls[p]!;
  });
  // Row-normalise, then solve (I − Q) x = r over the live channels for each removal (none, then each channel).
  const prob = new Float64Array(size * size);
  for (let from = 0; from <= channels; from++) {
    let sum = 0;
    for (let to = 0; to < size; to++) sum += counts[from * size + to]!;
    if (sum > 0) for (let to = 0; to < size; to++) prob[from * size + to] = counts[from * size + to]! / sum;
  }
  const absorb = (removed: number): number => {
    const live: number[] = [];
    for (let c = 1; c <= channels; c++) if (c !== removed) live.push(c);
    const k = live.length;
    const a = live.map((from, r) => {
      const row = new Array<number>(k + 1).fill(0);
      row[r] = 1;
      live.forEach((to, j) => (row[j] = row[j]! - prob[from * size + to]!));
      row[k] = prob[from * size + conv]!;
      return row;
    });
    const x = solveAbsorption(a, k);
    // From (start): straight to a live channel, then absorbed from there ((start) never converts directly).
    return live.reduce((p, to, j) => p + prob[to]! * x[j]!, 0);
  };
  const base = absorb(-1);
  const effects = Array.from({ length: channels }, (_, c) => (base > 0 ? Math.max(0, 1 - absorb(c + 1) / base) : 0));
  return sharesOf(effects).shares;
}

/**
 * The first-order Markov attribution of the file comment. With `replicates` > 0 each channel's
 * share carries a 95% interval from the Bayesian bootstrap over leads (Rubin 1981): every lead
 * gets an Exp(1) weight, so a path's converting and non-converting leads weigh Gamma(count, 1)
 * each (their sum), and the chain is refitted on those weights; the interval is the 2.5th and
 * 97.5th percentiles of the replicates' shares. Seeded: the same paths give the same intervals.
 */
export function markovAttribution(paths: readonly PathCount[], options: { replicates?: number; seed?: number } = {}): MarkovAttribution {
  const totalConversions = paths.reduce((s, p) => s + p.conversions, 0);
  const channelNames = [...new Set(paths.flatMap((p) => p.path))].sort();
  const fit = removalShares(paths, channelNames);
  const replicates = Math.max(0, Math.floor(options.replicates ?? 0));
  const draws: number[][] = channelNames.map(() => []);
  if (replicates > 0 && fit.sum > 0) {
    const rng = seededRandom(options.seed ?? 1);
    const indexed = indexPaths(paths, channelNames);
    const conversions = new Float64Array(paths.length);
    const nulls = new Float64Array(paths.length);
    for (let b = 0; b < replicates; b++) {
      paths.forEach((p, i) => {
        conversions[i] = p.conversions > 0 ? sampleGamma(rng, p.conversions) : 0;
        nulls[i] = p.nulls > 0 ? sampleGamma(rng, p.nulls) : 0;
      });
      weightedShares(indexed, conversions, nulls, channelNames.length).forEach((share, j) => draws[j]!.push(share));
    }
  }
  const intervalOf = (j: number): Interval | undefined => {
    const sorted = [...draws[j]!].sort((x, y) => x - y);
    return sorted.length >= 2 ? withLevel({ lower: quantileSorted(sorted, 0.025), upper: quantileSorted(sorted, 0.975) }) : undefined;
  };
  return {
    conversionProbability: fit.base,
    ...(replicates > 0 ? { replicates } : {}),
    totalConversions,
    paths: paths.length,
    channels: channelNames
      .map((channel, j) => {
        const interval = intervalOf(j);
        return {
          channel,
          removalEffect: fit.effects[j]!,
          normalized: fit.shares[j]!,
          attributedConversions: totalConversions * fit.shares[j]!,
          ...(interval ? { normalizedInterval: interval } : {}),
        };
      })
      .sort((x, y) => y.removalEffect - x.removalEffect || x.channel.localeCompare(y.channel)),
    transitions: fit.transitions,
  };
}

/** Counts of (history context → next channel) steps and how many of those leads converted. */
export interface NextChannelModel {
  baseRate: number;
  /** Pseudo-leads of the shorter context's rate added to each estimate (empirical-Bayes style shrinkage). */
  priorStrength: number;
  /** A context with fewer leads than this backs off to the shorter history. */
  minContextLeads: number;
  /** "^" = no history yet, "email" = last channel, "linkedin>email" = last two, "*" = any history. */
  contexts: Record<string, Record<string, { n: number; conversions: number }>>;
}

export function buildNextChannelModel(paths: readonly PathCount[], options: { priorStrength?: number; minContextLeads?: number } = {}): NextChannelModel {
  const contexts: NextChannelModel["contexts"] = {};
  const add = (context: string, next: string, n: number, x: number) => {
    const row = (contexts[context] ??= {});
    const cell = (row[next] ??= { n: 0, conversions: 0 });
    cell.n += n;
    cell.conversions += x;
  };
  let leads = 0;
  let conversions = 0;
  for (const p of paths) {
    const path = collapseRepeats(p.path);
    const n = p.conversions + p.nulls;
    leads += n;
    conversions += p.conversions;
    path.forEach((next, i) => {
      add("*", next, n, p.conversions);
      add(i === 0 ? "^" : path[i - 1]!, next, n, p.conversions);
      if (i >= 2) add(`${path[i - 2]}>${path[i - 1]}`, next, n, p.conversions);
      else if (i === 1) add(`^>${path[0]}`, next, n, p.conversions);
    });
  }
  return { baseRate: leads > 0 ? conversions / leads : 0, priorStrength: options.priorStrength ?? 20, minContextLeads: options.minContextLeads ?? 30, contexts };
}

export interface NextChannelAdvice {
  channel: string;
  /** The context the advice rests on (after back-off), e.g. ["linkedin", "email"] or [] for the first touch. */
  context: string[];
  backedOff: boolean;
  n: number;
  conversions: number;
  rate: number;
  interval: Interval;
  /** Rate shrunk toward the shorter context's rate (what the channels are ranked by). */
  smoothedRate: number;
  alternatives: Array<{ channel: string; n: number; conversions: number; rate: number; smoothedRate: number }>;
}

/**
 * The next channel (different from the last one) with the highest smoothed conversion probability
 * given the lead's last one or two channels; backs off to one channel, then to any history, when the
 * context has fewer than `minContextLeads` leads. Null when the model has no data.
 */
export function nextChannel(model: NextChannelModel, history: readonly string[]): NextChannelAdvice | null {
  const h = collapseRepeats(history);
  const last = h[h.length - 1];
  const chain = h.length === 0 ? ["^", "*"] : h.length === 1 ? [`^>${h[0]}`, h[0]!, "*"] : [`${h[h.length - 2]}>${last}`, last!, "*"];
  const leadsIn = (ctx: string) => Object.values(model.contexts[ctx] ?? {}).reduce((s, c) => s + c.n, 0);
  const smoothed = (ctxIndex: number, channel: string): number => {
    if (ctxIndex >= chain.length) return model.baseRate;
    const prior = smoothed(ctxIndex + 1, channel);
    const cell = model.contexts[chain[ctxIndex]!]?.[channel];
    return ((cell?.conversions ?? 0) + model.priorStrength * prior) / ((cell?.n ?? 0) + model.priorStrength);
  };
  let used = chain.findIndex((ctx) => leadsIn(ctx) >= model.minContextLeads);
  if (used < 0) used = chain.findIndex((ctx) => leadsIn(ctx) > 0);
  if (used < 0) return null;
  const row = model.contexts[chain[used]!]!;
  const options = Object.entries(row)
    .filter(([channel, c]) => channel !== last && c.n > 0)
    .map(([channel, c]) => ({ channel, n: c.n, conversions: c.conversions, rate: c.conversions / c.n, smoothedRate: smoothed(used, channel) }))
    .sort((a, b) => b.smoothedRate - a.smoothedRate || b.n - a.n || a.channel.localeCompare(b.channel));
  const best = options[0];
  if (!best) return null;
  const ctx = chain[used]!;
  const context = ctx === "*" ? [] : ctx === "^" ? [] : ctx.split(">").filter((c) => c !== "^");
  return {
    channel: best.channel,
    context,
    backedOff: used > 0,
    n: best.n,
    conversions: best.conversions,
    rate: best.rate,
    interval: withLevel(wilsonInterval({ successes: best.conversions, trials: best.n }, { alpha: 1 - INTERVAL_LEVEL })),
    smoothedRate: best.smoothedRate,
    alternatives: options.slice(1),
  };
}
