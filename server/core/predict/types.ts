/** Shapes of the predictor core: rows in, a serializable artifact out. */
export type FeatureValue = number | string | boolean | null | undefined;
export type FeatureRow = Record<string, FeatureValue>;
export type FeatureKind = "numeric" | "categorical" | "boolean";
export interface FeatureSpec {
  name: string;
  kind: FeatureKind;
}
export interface TrainingSet {
  rows: FeatureRow[];
  labels: ArrayLike<number>;
  /** Epoch ms per row: when given, the holdout is the newest rows. */
  times?: ArrayLike<number>;
  features?: FeatureSpec[];
}
export type ModelFamily = "gbdt" | "mlp" | "logistic";
export interface TrainOptions {
  /** Default ["gbdt", "mlp"]; the best holdout AUC wins. */
  families?: ModelFamily[];
  seed?: number;
  holdoutFraction?: number;
  onProgress?: (p: { stage: string; fraction: number }) => void;
}
export interface CalibrationBin {
  lower: number;
  upper: number;
  meanPredicted: number;
  observedRate: number;
  count: number;
}
export interface ModelMetrics {
  n: number;
  positives: number;
  auc: number;
  logLoss: number;
  brier: number;
  accuracy: number;
  calibration: CalibrationBin[];
}
export interface FeatureImportance {
  feature: string;
  aucDrop: number;
  sd: number;
}
export interface Contribution {
  feature: string;
  value: FeatureValue;
  /** In log-odds. */
  contribution: number;
}
