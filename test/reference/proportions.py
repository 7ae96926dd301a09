"""Reference values for test/unit/stats/proportions.test.ts and contingency.test.ts.

Run: /usr/bin/python3 test/reference/proportions.py
Needs Debian's python3-scipy and python3-statsmodels (scipy 1.10.1, statsmodels 0.13.5 when
these constants were produced). Paste the printed lines into the tests; floats print with
repr(), i.e. the shortest string that round-trips the double.
"""
import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
)

print(f"# scipy {scipy.__version__}, statsmodels {statsmodels.__version__}")


def r(x):
    return repr(float(x))


def wilson_cc_newcombe(x, n, alpha):
    """Wilson interval with continuity correction, Newcombe (1998) method 4, closed form."""
    z = stats.norm.isf(alpha / 2)
    p = x / n
    q = 1 - p
    lo = (2 * n * p + z**2 - 1 - z * np.sqrt(z**2 - 2 - 1 / n + 4 * p * (n * q + 1))) / (2 * (n + z**2))
    up = (2 * n * p + z**2 + 1 + z * np.sqrt(z**2 + 2 - 1 / n + 4 * p * (n * q - 1))) / (2 * (n + z**2))
    if x == 0:
        lo = 0.0
    if x == n:
        up = 1.0
    return max(lo, 0.0), min(up, 1.0)


print("\n# proportion_confint(x, n, alpha, method='wilson') and Newcombe method 4 (continuity-corrected)")
print("# [x, n, alpha, lower, upper, ccLower, ccUpper]")
for x, n, alpha in [(0, 10, 0.05), (3, 10, 0.05), (10, 10, 0.05), (1, 1, 0.05), (47, 1000, 0.05), (12, 25, 0.1)]:
    lo, up = proportion_confint(x, n, alpha=alpha, method="wilson")
    clo, cup = wilson_cc_newcombe(x, n, alpha)
    print(f"[{x}, {n}, {alpha}, {r(lo)}, {r(up)}, {r(clo)}, {r(cup)}],")

print("\n# proportions_ztest([xa, xb], [na, nb]); confint_proportions_2indep(xa, na, xb, nb, compare='diff', method='wald' | 'newcomb')")
print("# [xa, na, xb, nb, z, p, waldLower, waldUpper, newcombeLower, newcombeUpper]")
for xa, na, xb, nb in [(45, 500, 30, 520), (3, 10, 12, 14), (0, 20, 5, 20), (120, 2400, 95, 2380)]:
    z, p = proportions_ztest([xa, xb], [na, nb])
    wl, wu = confint_proportions_2indep(xa, na, xb, nb, compare="diff", method="wald")
    nl, nu = confint_proportions_2indep(xa, na, xb, nb, compare="diff", method="newcomb")
    print(f"[{xa}, {na}, {xb}, {nb}, {r(z)}, {r(p)}, {r(wl)}, {r(wu)}, {r(nl)}, {r(nu)}],")

print("\n# confint_proportions_2indep(xa, na, xb, nb, compare='ratio', method='log'); lift = ratio - 1")
print("# [xa, na, xb, nb, riskRatio, liftLower, liftUpper]")
for xa, na, xb, nb in [(45, 500, 30, 520), (120, 2400, 95, 2380), (5, 10, 6, 14)]:
    lo, up = confint_proportions_2indep(xa, na, xb, nb, compare="ratio", method="log")
    print(f"[{xa}, {na}, {xb}, {nb}, {r((xa / na) / (xb / nb))}, {r(lo - 1)}, {r(up - 1)}],")

# Fewer than 5 successes or failures in a group: the MOVER-R Wilson interval for the ratio (Zou & Donner 2008;
# Fagerland, Lydersen & Laake 2015): Wilson limits from statsmodels, combined in closed form.
print("\n# MOVER-R Wilson: ratio limits from proportion_confint(method='wilson'); lift = ratio - 1")
print("# [xa, na, xb, nb, riskRatio, liftLower, liftUpper]")
for xa, na, xb, nb in [(3, 10, 12, 14), (1, 1, 897, 17734), (2, 3, 897, 17734), (10, 10, 5, 40), (1, 50, 30, 60), (40, 50, 2, 10), (10, 10, 7, 7)]:
    p1, p2 = xa / na, xb / nb
    l1, u1 = proportion_confint(xa, na, alpha=0.05, method="wilson")
    l2, u2 = proportion_confint(xb, nb, alpha=0.05, method="wilson")
    lower = (p1 * p2 - np.sqrt(max(0.0, (p1 * p2) ** 2 - l1 * (2 * p1 - l1) * u2 * (2 * p2 - u2)))) / (u2 * (2 * p2 - u2))
    upper = (p1 * p2 + np.sqrt(max(0.0, (p1 * p2) ** 2 - u1 * (2 * p1 - u1) * l2 * (2 * p2 - l2)))) / (l2 * (2 * p2 - l2))
    print(f"[{xa}, {na}, {xb}, {nb}, {r(p1 / p2)}, {r(lower - 1)}, {r(upper - 1)}],")

# Empirical-Bayes rates (shrinkRates): weighted method-of-moments beta-binomial (Kleinman 1973) in numpy.
print("\n# shrinkRates: [successes], [trials] -> mean, strength, rates")
for xs, ns in [([30, 10, 4, 1, 0], [200, 200, 200, 1, 0]), ([5, 5, 5, 5], [100, 100, 100, 100]), ([1, 20, 3, 40], [1, 100, 90, 200])]:
    x, n = np.asarray(xs, float), np.asarray(ns, float)
    m = n > 0
    N = n[m].sum()
    p = x[m].sum() / N
    tau2 = ((n[m] * (x[m] / n[m] - p) ** 2).sum() - p * (1 - p) * (m.sum() - 1)) / (N - (n[m] ** 2).sum() / N)
    k = max(0.0, p * (1 - p) / tau2 - 1) if tau2 > 0 else float("inf")
    rates = [p if (ni == 0 or k == float("inf")) else (xi + k * p) / (ni + k) for xi, ni in zip(x, n)]
    print(f"[{xs}, {ns}, {r(p)}, {r(k)}, [{', '.join(r(v) for v in rates)}]],")

tables = [
    [[3, 7], [12, 2]],
    [[8, 2], [1, 5]],
    [[0, 5], [8, 4]],
    [[45, 455], [30, 490]],
    [[10, 10], [10, 10]],
    [[6, 2], [1, 4]],
    [[2, 3], [3, 2]],
    [[1, 0], [0, 1]],
    [[7, 0], [2, 9]],
]
print("\n# scipy.stats.chi2_contingency(t, correction=False) and (correction=True)")
print("# [a, b, c, d, chi2, p, chi2Yates, pYates]")
for t in tables:
    c0 = stats.chi2_contingency(t, correction=False)
    c1 = stats.chi2_contingency(t, correction=True)
    (a, b), (c, d) = t
    print(f"[{a}, {b}, {c}, {d}, {r(c0[0])}, {r(c0[1])}, {r(c1[0])}, {r(c1[1])}],")

print("\n# scipy.stats.fisher_exact(t) (two-sided)")
print("# [a, b, c, d, oddsRatio, p]  (oddsRatio inf printed as Infinity)")
for t in tables:
    odds, p = stats.fisher_exact(t)
    (a, b), (c, d) = t
    o = "Infinity" if np.isinf(odds) else r(odds)
    print(f"[{a}, {b}, {c}, {d}, {o}, {r(p)}],")

print("\n# scipy.stats.chisquare(obs, f_exp=shares / shares.sum() * obs.sum())")
print("# [obs, shares, chi2, p]")
for obs, shares in [([5021, 4979], [1, 1]), ([480, 520, 1000], [1, 1, 2]), ([5200, 4800], [0.5, 0.5]), ([30, 20, 25, 25], [0.25, 0.25, 0.25, 0.25])]:
    o = np.asarray(obs, dtype=float)
    s = np.asarray(shares, dtype=float)
    chi2, p = stats.chisquare(o, f_exp=s / s.sum() * o.sum())
    print(f"[{obs}, {shares}, {r(chi2)}, {r(p)}],")
