"""Reference values for test/unit/stats/binning.test.ts and drift.test.ts.

Run: /usr/bin/python3 test/reference/binning_drift.py
Needs Debian's python3-pandas (pulled in by python3-statsmodels), python3-scipy, python3-numpy
(pandas 1.5.3, scipy 1.10.1, numpy 1.24.2 when these constants were produced).
"""
import numpy as np
import pandas as pd
import scipy
from scipy import stats

print(f"# pandas {pd.__version__}, scipy {scipy.__version__}, numpy {np.__version__}")


def arr(x):
    return "[" + ", ".join(repr(float(v)) for v in x) + "]"


# Company sizes with heavy ties (many 1- and 5-person companies).
SIZES = [1, 1, 1, 1, 2, 3, 5, 5, 5, 5, 8, 10, 12, 20, 35, 50, 50, 50, 100, 200, 500, 1000, 5000, 2, 7, 15, 1, 5, 40, 250]
print(f"SIZES = {SIZES}")
for k in [4, 10]:
    codes, edges = pd.qcut(SIZES, k, labels=False, retbins=True, duplicates="drop")
    print(f"# pandas.qcut(SIZES, {k}, labels=False, retbins=True, duplicates='drop')")
    print(f"QCUT_{k} = {{ edges: {arr(edges)}, bins: [{', '.join(str(int(c)) for c in codes)}] }};")

# Continuous values: numpy.quantile(linear) at i/k.
VALUES = [0.3, 2.7, 1.1, 9.4, 4.4, 4.4, 7.25, 0.05, 3.3, 6.6, 8.1, 2.2]
print(f"VALUES = {VALUES}")
print(f"# numpy.quantile(VALUES, numpy.linspace(0, 1, 6))")
print(f"QUANTILES_5 = {arr(np.quantile(VALUES, np.linspace(0, 1, 6)))};")

# PSI = sum((a - e) * ln(a / e)) over shares, with a zero share replaced by eps = 1e-4.
def psi(expected, actual, eps=1e-4):
    e = np.asarray(expected, float) / np.sum(expected)
    a = np.asarray(actual, float) / np.sum(actual)
    e = np.where(e == 0, eps, e)
    a = np.where(a == 0, eps, a)
    return (a - e) * np.log(a / e)


for name, e, a in [("SHIFT", [100, 200, 300, 250, 150], [120, 180, 260, 300, 140]), ("EMPTY_BIN", [50, 0, 30, 20], [40, 10, 30, 0]), ("BIG", [500, 300, 200], [100, 300, 600])]:
    c = psi(e, a)
    print(f"# PSI in numpy of expected {e}, actual {a}")
    print(f"PSI_{name} = {{ expected: {e}, actual: {a}, psi: {repr(float(c.sum()))}, contributions: {arr(c)} }};")

# PSI of values: 4 quantile bins of the baseline (pandas.qcut edges), current values counted into
# them with values outside the baseline range clamped into the end bins.
BASE = [float(v) for v in range(1, 41)]
CURR = [float(v) * 1.3 - 2 for v in range(1, 41)]
_, edges = pd.qcut(BASE, 4, retbins=True, duplicates="drop")
def counts(values):
    idx = np.searchsorted(edges, values, side="left") - 1
    idx = np.clip(idx, 0, len(edges) - 2)
    return np.bincount(idx, minlength=len(edges) - 1)
ec, ac = counts(BASE), counts(CURR)
print("# BASE = 1..40, CURR = 1.3 * BASE - 2; pandas.qcut(BASE, 4) edges; clamped counts; PSI in numpy")
print(f"PSI_VALUES = {{ edges: {arr(edges)}, expectedCounts: {list(map(int, ec))}, actualCounts: {list(map(int, ac))}, psi: {repr(float(psi(ec, ac).sum()))} }};")

for name, x, y in [
    ("TIES", [3, 1, 4, 1, 5, 9, 2, 6, 5, 3], [2, 7, 1, 8, 2, 8, 1, 8, 2, 8]),
    ("RANKS", [1, 2, 3, 4, 5, 6, 7, 8], [2, 1, 4, 3, 6, 5, 8, 7]),
    ("THREE", [1, 2, 3], [1, 3, 2]),
]:
    res = stats.spearmanr(x, y)
    print(f"# scipy.stats.spearmanr({x}, {y})")
    print(f"SPEARMAN_{name} = {{ x: {x}, y: {y}, rho: {repr(float(res.correlation))}, p: {repr(float(res.pvalue))} }};")
