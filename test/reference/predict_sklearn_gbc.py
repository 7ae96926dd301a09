"""scikit-learn's default GradientBoostingClassifier on a CSV's first `holdout_start` rows, scored on the rest
(bench/train.ts). Categoricals one-hot, missing numerics imputed with the training median (GBC needs both).
Usage: python3 test/reference/predict_sklearn_gbc.py table.csv holdout_start"""
import csv
import sys
import time

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import log_loss, roc_auc_score

path, start = sys.argv[1], int(sys.argv[2])
with open(path) as f:
    reader = csv.reader(f)
    header = next(reader)
    records = list(reader)
y = np.array([int(r[-1]) for r in records])
columns = []
for j, name in enumerate(header[:-1]):
    raw = [r[j] for r in records]
    try:
        values = np.array([float(v) if v != "" else np.nan for v in raw])
        median = np.nanmedian(values[:start])
        columns.append(np.where(np.isnan(values), median, values))
    except ValueError:
        for level in sorted(set(raw)):
            columns.append(np.array([1.0 if v == level else 0.0 for v in raw]))
x = np.column_stack(columns)
began = time.perf_counter()
model = GradientBoostingClassifier().fit(x[:start], y[:start])
seconds = time.perf_counter() - began
p = model.predict_proba(x[start:])[:, 1]
print(f"sklearn GradientBoostingClassifier() holdout AUC {roc_auc_score(y[start:], p):.4f}  log-loss {log_loss(y[start:], p):.4f}  fit {seconds:.1f} s")
