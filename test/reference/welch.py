"""Reference values for test/unit/stats/welch.test.ts (Welch's t-test and the delta-method lift).

Run: /usr/bin/python3 test/reference/welch.py
Needs Debian's python3-scipy and python3-statsmodels (scipy 1.10.1, statsmodels 0.13.5 when
these constants were produced).

Raw-data cases go through statsmodels CompareMeans(DescrStatsW(a), DescrStatsW(b))
.ttest_ind(usevar="unequal") (t, p, df) and .tconfint_diff(usevar="unequal"), cross-checked
against scipy.stats.ttest_ind(equal_var=False). Sufficient-statistic cases take the exact
variance (Σx² − (Σx)²/n)/(n − 1) with fractions.Fraction, then
scipy.stats.ttest_ind_from_stats(equal_var=False); df is the Welch–Satterthwaite formula and
the interval diff ± t_{1−α/2, df}·se. The relative lift is m_a/m_b − 1 with the delta-method se
√(s²_a/(n_a m_b²) + m_a² s²_b/(n_b m_b⁴)) and the same critical value.

The critical value t_{1−α/2, df} is solved with mpmath (40 digits) from the regularized incomplete
beta function, not taken from scipy.stats.t.ppf: scipy 1.10.1's t.ppf (cephes stdtrit) is only
accurate to ~5e-10 relative (t.ppf(0.975, 59) = 2.00099537704821, the exact value is
2.0009953780882673…), which is above the 1e-9 the tests check. The script asserts that scipy's
value and statsmodels' tconfint_diff agree with the mpmath ones to 1e-8.
"""
import mpmath as mp
from fractions import Fraction

import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

print(f"# scipy {scipy.__version__}, statsmodels {statsmodels.__version__}, mpmath {mp.__version__}")
mp.mp.dps = 40


def t_ppf(p, df):
    """Quantile of Student's t (p > 0.5) to full double precision: root of the exact CDF."""
    v = mp.mpf(df)

    def cdf(t):
        return 1 - mp.betainc(v / 2, mp.mpf(1) / 2, 0, v / (v + t * t), regularized=True) / 2

    q = float(mp.findroot(lambda t: cdf(t) - mp.mpf(p), mp.mpf(stats.t.ppf(p, df))))
    assert abs(q - stats.t.ppf(p, df)) <= 1e-8 * q
    return q


def r(x):
    return repr(float(x))


def relative(ma, mb, va, vb, q):
    if mb <= 0:
        return None
    lift = ma / mb - 1
    se = np.sqrt(va / mb**2 + ma**2 * vb / mb**4)
    return lift, se, lift - q * se, lift + q * se


RAW = [
    ("revenue with zeros", [12.5, 0, 0, 49.99, 20, 0, 7.25, 0, 99, 15], [0, 0, 10, 5.5, 0, 30, 0, 0, 12, 0, 8], 0.05),
    ("unequal sizes", [3.1, 4.7, 2.2, 5.9, 4.0], [2.0 + 0.1 * i for i in range(40)], 0.05),
    ("alpha 0.1", [1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 3, 5, 8, 13, 21, 34, 55], 0.1),
]
print("\n# raw values: statsmodels CompareMeans.ttest_ind (usevar='unequal'); scipy ttest_ind(equal_var=False); interval with the mpmath t quantile")
print("# [name, a, b, alpha, t, p, df, lower, upper, lift, liftSe, liftLower, liftUpper]")
for name, a, b, alpha in RAW:
    cm = CompareMeans(DescrStatsW(np.asarray(a, float)), DescrStatsW(np.asarray(b, float)))
    t, p, df = cm.ttest_ind(usevar="unequal")
    lo, up = cm.tconfint_diff(alpha=alpha, usevar="unequal")
    ts, ps = stats.ttest_ind(a, b, equal_var=False)
    assert abs(ts - t) <= 1e-12 * abs(t) and abs(ps - p) <= 1e-12 * p, (ts, t, ps, p)
    ma, mb = np.mean(a), np.mean(b)
    va, vb = np.var(a, ddof=1) / len(a), np.var(b, ddof=1) / len(b)
    q = t_ppf(1 - alpha / 2, df)
    se = np.sqrt(va + vb)
    d = ma - mb
    assert abs(d - q * se - lo) <= 1e-8 * abs(lo) and abs(d + q * se - up) <= 1e-8 * abs(up)
    rel = relative(ma, mb, va, vb, q)
    print(f"[{name!r}, {a}, {b}, {alpha}, {r(t)}, {r(p)}, {r(df)}, {r(d - q * se)}, {r(d + q * se)}, {', '.join(r(x) for x in rel)}],")

SUFF = [
    # (name, (n, sum, sumSquares) a, b, alpha)
    ("revenue per unit, thousands of units", (2400, 36000.5, 1900000.25), (2380, 31000.25, 1700000.5), 0.05),
    ("small lift, large n", (100000, 512345.0, 9876543.0), (100000, 500000.0, 9700000.0), 0.05),
    ("one group has no spread", (50, 500.0, 5000.0), (60, 540.0, 6000.0), 0.05),
    ("negative baseline (refunds)", (400, 120.0, 90000.0), (420, -210.0, 88000.0), 0.05),
]
print("\n# sufficient statistics: exact variance, scipy ttest_ind_from_stats(equal_var=False), Welch df, mpmath t quantile")
print("# [name, [nA, sumA, ssA], [nB, sumB, ssB], alpha, t, p, df, lower, upper, lift, liftSe, liftLower, liftUpper] (lift null for a baseline mean ≤ 0)")
for name, (na, sa, ssa), (nb, sb, ssb), alpha in SUFF:
    ma, mb = Fraction(sa) / na, Fraction(sb) / nb
    s2a = (Fraction(ssa) - Fraction(sa) ** 2 / na) / (na - 1)
    s2b = (Fraction(ssb) - Fraction(sb) ** 2 / nb) / (nb - 1)
    t, p = stats.ttest_ind_from_stats(float(ma), np.sqrt(float(s2a)), na, float(mb), np.sqrt(float(s2b)), nb, equal_var=False)
    va, vb = s2a / na, s2b / nb
    df = float((va + vb) ** 2 / (va**2 / (na - 1) + vb**2 / (nb - 1)))
    se = np.sqrt(float(va + vb))
    q = t_ppf(1 - alpha / 2, df)
    d = float(ma - mb)
    rel = relative(float(ma), float(mb), float(va), float(vb), q)
    rel_s = "null, null, null, null" if rel is None else ", ".join(r(x) for x in rel)
    print(f"[{name!r}, [{na}, {sa}, {ssa}], [{nb}, {sb}, {ssb}], {alpha}, {r(t)}, {r(p)}, {r(df)}, {r(d - q * se)}, {r(d + q * se)}, {rel_s}],")
