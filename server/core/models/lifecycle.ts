/**
 * When a production predictor should be retrained, and whether a retrained candidate may replace
 * it. Pure: the services feed it the stored prediction errors, drift figures and holdout metrics.
 *
 * Seed 002's continuous-learning loop: each served prediction is compared with the outcome once it
 * is known; the error is |predicted − actual| in points (probability × 100 vs 0 or 100). When more
 * than 20 predictions were resolved in the last 7 days and their average error is above 25, the
 * model is retrained. Both thresholds are strict (the seed writes `> 20` and `> 25`): 20 outcomes
 * never trigger, nor does an average of exactly 25.
 */

export const RETRAIN_RULE = {
  windowDays: 7,
  /** More than this many resolved predictions in the window. */
  minOutcomes: 20,
  /** Average absolute error above this many points. */
  maxAverageErrorPoints: 25,
  /** Population stability index above this on any feature: the inputs moved (0.25 is the usual "significant shift"). */
  driftPsi: 0.25,
} as const;

/** Seed 002's error of one prediction, in points: |100·p − 100·actual|. */
export function predictionErrorPoints(probability: number, actual: 0 | 1): number {
  return Math.abs(probability * 100 - actual * 100);
}

export interface ErrorTrigger {
  fired: boolean;
  outcomes: number;
  averageErrorPoints: number | null;
  /** Why it did or did not fire, with the numbers. */
  reason: string;
}

/** The error trigger over the errors (in points) of predictions resolved in the last 7 days. */
export function errorTrigger(errorsInWindow: readonly number[]): ErrorTrigger {
  const outcomes = errorsInWindow.length;
  const averageErrorPoints = outcomes ? errorsInWindow.reduce((sum, e) => sum + e, 0) / outcomes : null;
  const enough = outcomes > RETRAIN_RULE.minOutcomes;
  const fired = enough && averageErrorPoints !== null && averageErrorPoints > RETRAIN_RULE.maxAverageErrorPoints;
  const avg = averageErrorPoints === null ? "—" : averageErrorPoints.toFixed(1);
  const reason = !enough
    ? `${outcomes} resolved prediction${outcomes === 1 ? "" : "s"} in ${RETRAIN_RULE.windowDays} days; the check needs more than ${RETRAIN_RULE.minOutcomes}`
    : fired
      ? `average error ${avg} points over ${outcomes} outcomes in ${RETRAIN_RULE.windowDays} days is above ${RETRAIN_RULE.maxAverageErrorPoints}`
      : `average error ${avg} points over ${outcomes} outcomes in ${RETRAIN_RULE.windowDays} days is within ${RETRAIN_RULE.maxAverageErrorPoints}`;
  return { fired, outcomes, averageErrorPoints, reason };
}

export interface DriftTrigger {
  fired: boolean;
  /** The feature that moved most, with its PSI. */
  worst: { feature: string; psi: number } | null;
  drifted: Array<{ feature: string; psi: number }>;
  reason: string;
}

export function driftTrigger(psiByFeature: ReadonlyArray<{ feature: string; psi: number }>, rows: number, minRows = 50): DriftTrigger {
  const finite = psiByFeature.filter((f) => Number.isFinite(f.psi));
  const worst = finite.reduce<{ feature: string; psi: number } | null>((best, f) => (best === null || f.psi > best.psi ? f : best), null);
  if (rows < minRows) return { fired: false, worst, drifted: [], reason: `${rows} recent rows; the drift check needs at least ${minRows}` };
  const drifted = finite.filter((f) => f.psi > RETRAIN_RULE.driftPsi).sort((a, b) => b.psi - a.psi);
  const fired = drifted.length > 0;
  const reason = fired
    ? `${drifted.map((f) => `${f.feature} (PSI ${f.psi.toFixed(2)})`).join(", ")} moved beyond PSI ${RETRAIN_RULE.driftPsi} against the training data`
    : worst
      ? `largest shift ${worst.feature} (PSI ${worst.psi.toFixed(2)}) is within ${RETRAIN_RULE.driftPsi}`
      : "no features to compare";
  return { fired, worst, drifted, reason };
}

export interface HoldoutScore {
  auc: number;
  logLoss: number;
  brier: number;
  n: number;
}

export interface CandidateComparison {
  better: boolean;
  candidate: HoldoutScore;
  production: HoldoutScore | null;
  reason: string;
}

/**
 * A candidate replaces production only when it ranks better (higher AUC) AND is at least as well
 * calibrated (log-loss not higher) on the same rows: a model that ranks better but whose
 * probabilities are worse would make every stored error bigger. Without a production model any
 * candidate better than chance qualifies.
 */
export function compareCandidate(candidate: HoldoutScore, production: HoldoutScore | null): CandidateComparison {
  if (!production) {
    const better = candidate.auc > 0.5;
    return { better, candidate, production, reason: better ? `no production model yet; holdout AUC ${candidate.auc.toFixed(3)} beats chance` : `holdout AUC ${candidate.auc.toFixed(3)} is no better than chance` };
  }
  const aucGain = candidate.auc - production.auc;
  const lossChange = candidate.logLoss - production.logLoss;
  const better = aucGain > 0 && lossChange <= 0;
  const numbers = `AUC ${candidate.auc.toFixed(3)} vs ${production.auc.toFixed(3)}, log-loss ${candidate.logLoss.toFixed(4)} vs ${production.logLoss.toFixed(4)} on the same ${candidate.n} rows`;
  const reason = better
    ? `candidate is better: ${numbers}`
    : aucGain <= 0
      ? `candidate does not rank better: ${numbers}`
      : `candidate ranks better but its probabilities are worse: ${numbers}`;
  return { better, candidate, production, reason };
}
