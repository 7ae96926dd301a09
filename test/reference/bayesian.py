"""Reference values for test/unit/stats/bayesian.test.ts (beta-binomial comparison).

Run: /usr/bin/python3 test/reference/bayesian.py
Needs Debian's python3-mpmath and python3-scipy (mpmath 1.2.1, scipy 1.10.1 when these constants
were produced). Takes about a minute.

Posteriors: Beta(α₀ + x, β₀ + n − x) for variant V and control C.
- P(V > C) in 50-digit mpmath two ways where possible and asserted to agree to 1e-12:
  (1) Evan Miller's closed form Σ_{i<α_V} B(α_C+i, β_C+β_V)/((β_V+i)·B(1+i, β_V)·B(α_C, β_C)),
      every term from mpmath log-gamma (integer α_V only);
  (2) mpmath.quad of f_C(y)·I_{1−y}(β_V, α_V) over [0, 1] split at the posteriors' mean ± k sd
      (small and medium counts; mpmath's betainc is too slow at a million trials).
  Also scipy.integrate.quad(epsabs=1e-14, epsrel=1e-13) of the same integrand, asserted to agree to
  1e-10 relative (2e-14 absolute for the tiny probability).
- Expected loss of choosing V, E[max(p_C − p_V, 0)], and of choosing C, E[max(p_V − p_C, 0)]:
  (1) closed form E[X]·P(X⁺ > Y) − E[Y]·P(X > Y⁺), X⁺ ~ Beta(α_X+1, β_X), at 50 digits (no
      cancellation at that precision); (2) mpmath.quad of ∫ P(Y < t)·P(X > t) dt.
"""
import mpmath as mp
import scipy
from scipy import integrate, stats

mp.mp.dps = 50
print(f"# mpmath {mp.__version__}, scipy {scipy.__version__}")


def r(x):
    return repr(float(x))


def log_beta(a, b):
    return mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(a + b)


def miller(aB, bB, aA, bA):
    """P(p_B > p_A), p_B ~ Beta(aB, bB) with integer aB, p_A ~ Beta(aA, bA)."""
    aB, bB, aA, bA = (mp.mpf(v) for v in (aB, bB, aA, bA))
    assert aB == int(aB)
    total = mp.mpf(0)
    for i in range(int(aB)):
        total += mp.exp(log_beta(aA + i, bA + bB) - mp.log(bB + i) - log_beta(1 + i, bB) - log_beta(aA, bA))
    return total


def moments(a, b):
    s = a + b
    return a / s, mp.sqrt(a * b / (s * s * (s + 1)))


def splits(*dists):
    pts = {mp.mpf(0), mp.mpf(1)}
    for a, b in dists:
        m, sd = moments(mp.mpf(a), mp.mpf(b))
        for k in [-16, -8, -4, -2, -1, 0, 1, 2, 4, 8, 16]:
            p = m + k * sd
            if 0 < p < 1:
                pts.add(p)
    return sorted(pts)


def quad_prob(aV, bV, aC, bC):
    """P(V > C) = ∫ f_C(y)·P(V > y) dy."""
    aV, bV, aC, bC = (mp.mpf(v) for v in (aV, bV, aC, bC))
    lb = log_beta(aC, bC)
    f = lambda y: mp.exp((aC - 1) * mp.log(y) + (bC - 1) * mp.log(1 - y) - lb) * mp.betainc(bV, aV, 0, 1 - y, regularized=True)
    return mp.quad(f, splits((aV, bV), (aC, bC)))


def quad_shortfall(aX, bX, aY, bY):
    """E[max(X − Y, 0)] = ∫ P(Y < t)·P(X > t) dt."""
    aX, bX, aY, bY = (mp.mpf(v) for v in (aX, bX, aY, bY))
    f = lambda t: mp.betainc(aY, bY, 0, t, regularized=True) * mp.betainc(bX, aX, 0, 1 - t, regularized=True)
    return mp.quad(f, splits((aX, bX), (aY, bY)))


def scipy_prob(aV, bV, aC, bC):
    m, sd = stats.beta.mean(aC, bC), stats.beta.std(aC, bC)
    lo, hi = max(0.0, m - 60 * sd), min(1.0, m + 60 * sd)
    pts = [p for p in (m + k * sd for k in [-16, -8, -4, -2, -1, 0, 1, 2, 4, 8, 16]) if lo < p < hi]
    f = lambda y: stats.beta.pdf(y, aC, bC) * stats.beta.sf(y, aV, bV)
    return integrate.quad(f, lo, hi, points=pts, epsabs=1e-14, epsrel=1e-13, limit=500)[0]


def closed_shortfall(aX, bX, aY, bY):
    """E[max(X − Y, 0)] = E[X]·P(X⁺ > Y) − E[Y]·P(X > Y⁺), needs integer α_X (both calls sum over X's α)."""
    aX, bX, aY, bY = (mp.mpf(v) for v in (aX, bX, aY, bY))
    return aX / (aX + bX) * miller(aX + 1, bX, aY, bY) - aY / (aY + bY) * miller(aX, bX, aY + 1, bY)


CASES = [
    # name, variant (x, n), control (x, n), prior (α₀, β₀), mpmath quad feasible
    ("moderate lift", (45, 500), (30, 520), (1, 1), True),
    ("close call", (12, 100), (10, 100), (1, 1), True),
    ("variant has no conversions", (0, 50), (3, 50), (1, 1), True),
    ("everybody converted", (50, 50), (45, 50), (1, 1), True),
    ("identical arms", (10, 100), (10, 100), (1, 1), True),
    ("variant far behind (tiny probability)", (10, 1000), (60, 1000), (1, 1), True),
    ("informative prior", (20, 400), (14, 380), (3.5, 96.5), True),
    ("Jeffreys prior, control has no conversions", (2, 40), (0, 40), (0.5, 0.5), True),
    ("a hundred thousand per arm", (3010, 100000), (3000, 100000), (1, 1), False),
    ("a million per arm", (31000, 1000000), (30000, 1000000), (1, 1), False),
]
print("# [name, [xV, nV], [xC, nC], [prior α, prior β], P(V > C), loss of choosing V, loss of choosing C]")
for name, (xv, nv), (xc, nc), (a0, b0), small in CASES:
    aV, bV, aC, bC = a0 + xv, b0 + nv - xv, a0 + xc, b0 + nc - xc
    integer = float(aV).is_integer() and float(aC).is_integer()
    p_closed = miller(aV, bV, aC, bC) if integer else None
    p_quad = quad_prob(aV, bV, aC, bC) if small else None
    p = p_closed if p_closed is not None else p_quad
    if p_closed is not None and p_quad is not None:
        assert abs(p_closed - p_quad) <= 1e-12 * p_closed, (name, p_closed, p_quad)
    p_sc = scipy_prob(aV, bV, aC, bC)
    assert abs(p_sc - p) <= max(1e-10 * p, 2e-14), (name, p_sc, p)
    if integer:
        loss_v = closed_shortfall(aC, bC, aV, bV)
        loss_c = closed_shortfall(aV, bV, aC, bC)
        if small:
            for closed, quad in [(loss_v, quad_shortfall(aC, bC, aV, bV)), (loss_c, quad_shortfall(aV, bV, aC, bC))]:
                assert abs(closed - quad) <= 1e-12 * closed, (name, closed, quad)
    else:
        loss_v = quad_shortfall(aC, bC, aV, bV)
        loss_c = quad_shortfall(aV, bV, aC, bC)
    # loss(C) − loss(V) = E[p_V] − E[p_C] exactly.
    mean_gap = mp.mpf(aV) / (aV + bV) - mp.mpf(aC) / (aC + bC)
    assert abs((loss_c - loss_v) - mean_gap) <= 1e-12 * max(loss_c, loss_v), name
    print(f"[{name!r}, [{xv}, {nv}], [{xc}, {nc}], [{a0}, {b0}], {r(p)}, {r(loss_v)}, {r(loss_c)}],")
