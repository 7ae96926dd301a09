/**
 * Drift between two successive computations of a pattern set: how the ranking of findings
 * changed and how the population behind them shifted (population stability index over the
 * exposure shares of the findings both computations know). Pure.
 */
import { populationStabilityIndex, spearman } from "../stats";
import type { PatternSet } from "./types";

/** Conventional PSI reading: < 0.1 stable, 0.1–0.25 moderate shift, > 0.25 significant shift. */
export const PSI_WARNING = 0.1;
export const PSI_ALERT = 0.25;
const TOP_N = 10;

export interface RankChange {
  key: string;
  label: string;
  previousRank: number | null;
  rank: number | null;
}

export interface TargetDrift {
  target: string;
  psi: number;
  /** Spearman correlation of lifts over findings present in both; null with fewer than 3 shared. */
  liftRankCorrelation: number | null;
  topChanges: RankChange[];
  entered: string[];
  left: string[];
}

export interface PatternDrift {
  previousVersion: number;
  targets: TargetDrift[];
  maxPsi: number;
  level: "stable" | "warning" | "alert";
}

type Findings = PatternSet["results"][number]["findings"];

/** Comparisons, each once: the mirror side of a two-valued dimension is the same test as its carrier (Finding.mirrorOf). */
const comparisons = (findings: Findings) => findings.filter((f) => f.mirrorOf === undefined);

/** Findings ordered as operators see them: significant first, then by strength of evidence. */
function ranking(findings: Findings) {
  return comparisons(findings).sort((x, y) => Number(y.significant) - Number(x.significant) || x.pAdjusted - y.pAdjusted || Math.abs(Math.log(y.lift || 1)) - Math.abs(Math.log(x.lift || 1)));
}

export function computeDrift(previous: PatternSet, current: PatternSet, previousVersion: number): PatternDrift {
  const targets: TargetDrift[] = [];
  for (const result of current.results) {
    const before = previous.results.find((r) => r.target === result.target);
    if (!before) continue;
    const beforeByKey = new Map(before.findings.map((f) => [f.key, f]));
    const shared = result.findings.filter((f) => beforeByKey.has(f.key));
    const psi = shared.length > 0 ? populationStabilityIndex(shared.map((f) => beforeByKey.get(f.key)!.n), shared.map((f) => f.n)).psi : 0;
    const correlation = spearman(shared.map((f) => beforeByKey.get(f.key)!.lift), shared.map((f) => f.lift));
    const liftRankCorrelation = correlation.code === "OK" && shared.length >= 3 ? correlation.rho : null;
    const beforeRank = new Map(ranking(before.findings).map((f, i) => [f.key, i + 1]));
    const nowRanked = ranking(result.findings);
    const nowRank = new Map(nowRanked.map((f, i) => [f.key, i + 1]));
    const topKeys = new Set([...nowRanked.slice(0, TOP_N).map((f) => f.key), ...ranking(before.findings).slice(0, TOP_N).map((f) => f.key)]);
    const labels = new Map([...before.findings, ...result.findings].map((f) => [f.key, f.label]));
    const topChanges = [...topKeys]
      .map((key) => ({ key, label: labels.get(key) ?? key, previousRank: beforeRank.get(key) ?? null, rank: nowRank.get(key) ?? null }))
      .filter((c) => c.previousRank !== c.rank)
      .sort((x, y) => (x.rank ?? Infinity) - (y.rank ?? Infinity));
    const significantNow = new Set(comparisons(result.findings).filter((f) => f.significant).map((f) => f.key));
    const significantBefore = new Set(comparisons(before.findings).filter((f) => f.significant).map((f) => f.key));
    targets.push({
      target: result.target,
      psi,
      liftRankCorrelation,
      topChanges,
      entered: [...significantNow].filter((k) => !significantBefore.has(k)),
      left: [...significantBefore].filter((k) => !significantNow.has(k)),
    });
  }
  const maxPsi = targets.reduce((m, t) => Math.max(m, t.psi), 0);
  return { previousVersion, targets, maxPsi, level: maxPsi > PSI_ALERT ? "alert" : maxPsi > PSI_WARNING ? "warning" : "stable" };
}
