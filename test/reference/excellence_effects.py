"""Reference values for the effect sizes and comparisons of server/core/excellence/cohort.ts,
pasted into test/unit/excellence/effects.test.ts. Independent of the TypeScript: numpy and scipy only.

  /usr/bin/python3 test/reference/excellence_effects.py   (scipy 1.17.1, numpy 2.4.6)

1. Hedges' g = J * (m1 - m2) / s_pooled with the exact correction J = G(m/2) / (sqrt(m/2) G((m-1)/2)),
   m = n1 + n2 - 2 (Hedges 1981); interval g -/+ z_0.975 * SE, SE^2 = (n1+n2)/(n1 n2) + g^2 / (2 (n1+n2))
   (Hedges & Olkin 1985).
2. The synthetic cohort of effects.test.ts: 240 calls c000..c239 with score 240 - i, so the top 10%
   is i < 24, the bottom 10% is i >= 216 and the rest is i >= 24. Per call i:
     questions(i)    = (7 i) % 11 + (3 if i < 24 else 0)
     confirmed(i)    = (5 i) % 7 < (5 if i < 24 else 3)
     acknowledged(i) = defined for i % 4 == 0 only: (3 i) % 5 < (4 if i < 24 else 2)
   Welch (scipy ttest_ind equal_var=False with its 95% interval), Hedges' g, the pooled two-proportion
   z-test, Newcombe's hybrid score interval (Wilson bounds, Newcombe 1998 method 10), Fisher's exact
   test (scipy fisher_exact, two-sided) where an expected cell is below 5, and the relative risk with
   Katz's log interval rr * exp(-/+ z sqrt(1/x1 - 1/n1 + 1/x2 - 1/n2)), or the MOVER-R Wilson
   interval when a group has fewer than 5 successes or failures (mover_wilson_ratio).
3. The informative-prior log-odds of a phrase (as server/core/patterns/what-phrases.ts) and its 95%
   interval delta -/+ z_0.975 * sqrt(variance) with the full 2x2 variance.
"""
import numpy as np
from scipy import special, stats

Z = stats.norm.ppf(0.975)


def hedges_g(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    n1, n2 = len(a), len(b)
    m = n1 + n2 - 2
    sp = np.sqrt(((n1 - 1) * a.var(ddof=1) + (n2 - 1) * b.var(ddof=1)) / m)
    j = np.exp(special.gammaln(m / 2) - special.gammaln((m - 1) / 2)) / np.sqrt(m / 2)
    g = j * (a.mean() - b.mean()) / sp
    se = np.sqrt((n1 + n2) / (n1 * n2) + g * g / (2 * (n1 + n2)))
    return g, g - Z * se, g + Z * se


def wilson(x, n):
    p = x / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * np.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return centre - half, centre + half


def newcombe(x1, n1, x2, n2):
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson(x1, n1)
    l2, u2 = wilson(x2, n2)
    d = p1 - p2
    return d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)


def proportions(top, other):
    x1, n1, x2, n2 = int(sum(top)), len(top), int(sum(other)), len(other)
    pooled = (x1 + x2) / (n1 + n2)
    z = (x1 / n1 - x2 / n2) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    total, s = n1 + n2, x1 + x2
    expected = [n1 * s / total, n1 * (total - s) / total, n2 * s / total, n2 * (total - s) / total]
    if min(expected) < 5:
        test, p = "fisher", stats.fisher_exact([[x1, n1 - x1], [x2, n2 - x2]]).pvalue
    else:
        test, p = "z", 2 * stats.norm.sf(abs(z))
    lo, hi = newcombe(x1, n1, x2, n2)
    rr = (x1 / n1) / (x2 / n2)
    if min(x1, n1 - x1, x2, n2 - x2) < 5:
        rr_lower, rr_upper = mover_wilson_ratio(x1, n1, x2, n2)
    else:
        log_se = np.sqrt(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2)
        rr_lower, rr_upper = rr * np.exp(-Z * log_se), rr * np.exp(Z * log_se)
    return dict(counts=(x1, n1, x2, n2), test=test, z=z, p=p, lower=lo, upper=hi, rr=rr, rr_lower=rr_lower, rr_upper=rr_upper)


def mover_wilson_ratio(x1, n1, x2, n2):
    """MOVER-R Wilson interval for p1 / p2 (Zou & Donner 2008; Fagerland, Lydersen & Laake 2015)."""
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson(x1, n1)
    l2, u2 = wilson(x2, n2)
    lower = (p1 * p2 - np.sqrt(max(0.0, (p1 * p2) ** 2 - l1 * (2 * p1 - l1) * u2 * (2 * p2 - u2)))) / (u2 * (2 * p2 - u2))
    upper = (p1 * p2 + np.sqrt(max(0.0, (p1 * p2) ** 2 - u1 * (2 * p1 - u1) * l2 * (2 * p2 - l2)))) / (l2 * (2 * p2 - l2))
    return lower, upper


def welch(top, other):
    r = stats.ttest_ind(top, other, equal_var=False)
    ci = r.confidence_interval(0.95)
    return dict(difference=np.mean(top) - np.mean(other), p=r.pvalue, t=r.statistic, df=r.df, lower=ci.low, upper=ci.high)


print("# 1. Hedges' g")
print("small", [repr(float(v)) for v in hedges_g([7, 9, 6, 8, 10, 9, 7, 8, 11, 9], [6, 5, 7, 6, 8, 5, 6, 7, 5, 6, 7, 4])])
rng_a = [0.52, 0.61, 0.55, 0.49, 0.58, 0.57, 0.53, 0.6, 0.51, 0.56, 0.54, 0.59, 0.5, 0.62, 0.55]
rng_b = [0.41, 0.66, 0.72, 0.38, 0.55, 0.47, 0.69, 0.35, 0.58, 0.63, 0.44, 0.71]
print("unequal", [repr(float(v)) for v in hedges_g(rng_a, rng_b)])

print("# 2. synthetic cohort")
idx = np.arange(240)
top, rest, bottom = idx < 24, idx >= 24, idx >= 216
questions = (7 * idx) % 11 + np.where(top, 3, 0)
confirmed = (5 * idx) % 7 < np.where(top, 5, 3)
has_objection = idx % 4 == 0
acknowledged = (3 * idx) % 5 < np.where(top, 4, 2)
for name, other in (("rest", rest), ("bottom", bottom)):
    w = welch(questions[top].astype(float), questions[other].astype(float))
    g = hedges_g(questions[top], questions[other])
    print(name, "questionCount", {k: (repr(float(v)) if not isinstance(v, str) else v) for k, v in w.items()}, "g", [repr(float(v)) for v in g])
    for label, values, mask in (("confirmationStep", confirmed, np.ones(240, bool)), ("objectionAcknowledgedQuickly", acknowledged, has_objection)):
        r = proportions(values[top & mask], values[other & mask])
        print(name, label, {k: (repr(float(v)) if isinstance(v, (float, np.floating)) else v) for k, v in r.items()})

print("# 3. phrase log-odds with its interval")
y1, n1, y0, n0, a0 = 30, 120, 150, 1080, 50
f = (y1 + y0) / (n1 + n0)
al, be = a0 * f, a0 * (1 - f)
delta = np.log((y1 + al) / (n1 - y1 + be)) - np.log((y0 + al) / (n0 - y0 + be))
se = np.sqrt(1 / (y1 + al) + 1 / (n1 - y1 + be) + 1 / (y0 + al) + 1 / (n0 - y0 + be))
print([repr(float(v)) for v in (delta, delta / se, delta - Z * se, delta + Z * se, 2 * stats.norm.sf(abs(delta / se)))])
