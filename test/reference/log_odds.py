"""Reference values for test/unit/stats/log-odds.test.ts.

Run: /usr/bin/python3 test/reference/log_odds.py
Needs numpy. The log-odds ratio with an informative Dirichlet prior is computed here directly
from Monroe, Colaresi & Quinn (2008), "Fightin' Words", eqs. 16, 20 and 22, independently of
the TypeScript code:
  delta_w = log((y_i + a_w) / (n_i + a0 - y_i - a_w)) - log((y_j + a_w) / (n_j + a0 - y_j - a_w))
  var_w   = 1 / (y_i + a_w) + 1 / (y_j + a_w)
  z_w     = delta_w / sqrt(var_w)
with the prior a_w = a0 * b_w / sum(b) from background counts b.
"""
import numpy as np

print(f"# numpy {np.__version__}")

terms = ["calendar", "demo", "free", "guarantee", "pricing", "quick", "roi", "unsubscribe"]
# Term counts in messages that led to a booking (group i) and in those that did not (group j).
y_i = np.array([40, 25, 2, 3, 18, 30, 12, 1], dtype=float)
y_j = np.array([60, 70, 0, 1, 40, 90, 5, 30], dtype=float)
# Background counts over all of the tenant's messages; "guarantee" is rare in the background.
background = np.array([900, 1100, 40, 10, 700, 1500, 150, 600], dtype=float)
alpha0 = 100.0

a = alpha0 * background / background.sum()
n_i, n_j, a0 = y_i.sum(), y_j.sum(), a.sum()
delta = np.log((y_i + a) / (n_i + a0 - y_i - a)) - np.log((y_j + a) / (n_j + a0 - y_j - a))
var = 1 / (y_i + a) + 1 / (y_j + a)
z = delta / np.sqrt(var)


def arr(x):
    return "[" + ", ".join(repr(float(v)) for v in x) + "]"


print(f"TERMS = {terms!r}")
print(f"Y_I = {arr(y_i)}")
print(f"Y_J = {arr(y_j)}")
print(f"BACKGROUND = {arr(background)}")
print(f"ALPHA0 = {alpha0!r}")
print(f"PRIOR = {arr(a)}")
print(f"DELTA = {arr(delta)}")
print(f"VARIANCE = {arr(var)}")
print(f"Z = {arr(z)}")

# Shrinkage: the same 2:0 split, 2 uses versus 200 uses, under the same prior (a_w = 1).
for scale in [1, 100]:
    yi = np.array([2.0 * scale, 50.0])
    yj = np.array([0.0, 50.0])
    pa = np.array([1.0, 1.0])
    d = np.log((yi + pa) / (yi.sum() + pa.sum() - yi - pa)) - np.log((yj + pa) / (yj.sum() + pa.sum() - yj - pa))
    print(f"# shrinkage scale {scale}: z of term 0 = {repr(float(d[0] / np.sqrt(1 / (yi[0] + pa[0]) + 1 / (yj[0] + pa[0]))))}")
