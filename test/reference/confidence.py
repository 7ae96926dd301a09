"""Reference values for test/unit/stats/confidence.test.ts (required sample size).

Run: /usr/bin/python3 test/reference/confidence.py
Needs Debian's python3-statsmodels and python3-scipy (statsmodels 0.13.5, scipy 1.10.1 when
these constants were produced).

For each case: h = proportion_effectsize(target, baseline) and
NormalIndPower().solve_power(effect_size=h, alpha, power, ratio, alternative). statsmodels'
root finder (brentq_expanding) stops at an absolute tolerance of ~1e-5 in nobs1, so the same
power equation is also solved tightly here with scipy.optimize.brentq(xtol=1e-13, rtol=8.9e-16)
on statsmodels' own NormalIndPower().power.
"""
import scipy
import statsmodels
from scipy.optimize import brentq
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import proportion_effectsize

print(f"# statsmodels {statsmodels.__version__}, scipy {scipy.__version__}")

cases = [
    # baseline, relative lift, alpha, power, ratio, alternative
    (0.03, 0.2, 0.05, 0.8, 1.0, "two-sided"),
    (0.05, 0.5, 0.05, 0.8, 1.0, "two-sided"),
    (0.2, -0.25, 0.01, 0.9, 1.0, "two-sided"),
    (0.1, 0.3, 0.05, 0.8, 2.0, "two-sided"),
    (0.1, 0.3, 0.05, 0.8, 1.0, "larger"),
]
print("# [baseline, relativeLift, alpha, power, ratio, alternative, h, nobs1 (solve_power), nobs1 (tight brentq)]")
for base, lift, alpha, power, ratio, alt in cases:
    target = base * (1 + lift)
    h = proportion_effectsize(target, base)
    p = NormalIndPower()
    n = p.solve_power(effect_size=h, alpha=alpha, power=power, ratio=ratio, alternative=alt)
    f = lambda n1: p.power(h, n1, alpha, ratio=ratio, alternative=alt) - power
    tight = brentq(f, 2, 1e7, xtol=1e-13, rtol=8.9e-16, maxiter=500)
    alt_ts = "two-sided" if alt == "two-sided" else "one-sided"
    print(f"[{base}, {lift}, {alpha}, {power}, {ratio}, {alt_ts!r}, {repr(float(h))}, {repr(float(n))}, {repr(float(tight))}],")
