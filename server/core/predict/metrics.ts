/**
 * Binary-classification metrics, as scikit-learn defines them: ROC AUC from ranks (ties get their
 * average rank, as roc_auc_score), log-loss with probabilities clipped to [1e-15, 1 − 1e-15],
 * the Brier score, accuracy at 0.5, and a calibration curve over 10 uniform bins (empty bins
 * left out, edges belonging to the bin below, as calibration_curve(strategy="uniform")).
 */
import type { CalibrationBin, ModelMetrics } from "./types";

export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const n = labels.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]!]) {
        positives++;
        rankSum += averageRank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (!positives || !negatives) return 0.5;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function logLoss(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  const eps = 1e-15;
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - eps, Math.max(eps, probabilities[i]!));
    sum -= labels[i] ? Math.log(p) : Math.log(1 - p);
  }
  return labels.length ? sum / labels.length : 0;
}

export function brierScore(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < labels.length; i++) sum += (probabilities[i]! - (labels[i] ? 1 : 0)) ** 2;
  return labels.length ? sum / labels.length : 0;
}

export function calibrationCurve(labels: ArrayLike<number>, probabilities: ArrayLike<number>, bins = 10): CalibrationBin[] {
  const count = new Array<number>(bins).fill(0);
  const predicted = new Array<number>(bins).fill(0);
  const observed = new Array<number>(bins).fill(0);
  const step = 1 / bins;
  for (let i = 0; i < labels.length; i++) {
    const p = probabilities[i]!;
    // As numpy.searchsorted over linspace(0, 1, bins + 1)[1:-1]: an edge value falls in the bin below it.
    let b = 0;
    while (b < bins - 1 && (b + 1) * step < p) b++;
    count[b]!++;
    predicted[b]! += p;
    observed[b]! += labels[i] ? 1 : 0;
  }
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) if (count[b]) out.push({ lower: b / bins, upper: (b + 1) / bins, meanPredicted: predicted[b]! / count[b]!, observedRate: observed[b]! / count[b]!, count: count[b]! });
  return out;
}

export function evaluatePredictions(labels: ArrayLike<number>, probabilities: ArrayLike<number>, bins = 10): ModelMetrics {
  let positives = 0;
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    positives += labels[i] ? 1 : 0;
    correct += (probabilities[i]! >= 0.5 ? 1 : 0) === (labels[i] ? 1 : 0) ? 1 : 0;
  }
  return {
    n: labels.length,
    positives,
    auc: rocAuc(labels, probabilities),
    logLoss: logLoss(labels, probabilities),
    brier: brierScore(labels, probabilities),
    accuracy: labels.length ? correct / labels.length : 0,
    calibration: calibrationCurve(labels, probabilities, bins),
  };
}
