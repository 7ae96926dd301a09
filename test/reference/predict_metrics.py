"""Reference values for server/core/predict/metrics.ts (test/unit/predict/metrics.test.ts), with scikit-learn 1.2.
Run: python3 test/reference/predict_metrics.py"""
import numpy as np
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score

y = np.array([0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0])
p = np.array([0.1, 0.4, 0.35, 0.8, 0.4, 0.9, 0.05, 0.62, 0.4, 0.2, 0.77, 0.55, 0.3, 0.99, 0.45, 0.0])
print("auc", repr(roc_auc_score(y, p)))
print("logloss", repr(log_loss(y, p)))
print("brier", repr(brier_score_loss(y, p)))
prob_true, prob_pred = calibration_curve(y, p, n_bins=10, strategy="uniform")
print("cal_true", [repr(v) for v in prob_true])
print("cal_pred", [repr(v) for v in prob_pred])
