"""Reference values for test/unit/stats/sequential.test.ts (mixture SPRT and confidence sequences).

Run: /usr/bin/python3 test/reference/sequential.py
Needs Debian's python3-numpy and python3-scipy (numpy 1.24.2, scipy 1.10.1 when these constants
were produced).

An independent implementation of the published formulas:
- Johari, Pekelis & Walsh (2017), normal mixture N(0, τ²) over the difference θ: with θ̂ and its
  variance V, Λ = √(V/(V+τ²))·exp(τ²θ̂²/(2V(V+τ²))); p_n = min(p_{n−1}, 1/Λ_n), p_0 = 1; the
  confidence sequence {θ₀ : Λ(θ₀) < 1/α} = θ̂ ± √(V(V+τ²)/τ²·(2 ln(1/α) + ln((V+τ²)/V))),
  intersected over looks.
- Default mixture (GrowthBook gbstats, after Howard et al. 2021): ρ = √((−2 ln α + ln(−2 ln α + 1))/N*),
  τ² = ρ²·s² with s² = N·V and N the total units; the half-width printed by gbstats,
  √s²·√(2(Nρ²+1)/(N²ρ²)·ln(√(Nρ²+1)/α)), is asserted equal to the one above.
- Λ is also checked against scipy.integrate.quad of the mixture ∫ N(θ̂; θ, V)/N(θ̂; 0, V)·N(θ; 0, τ²) dθ.
"""
import numpy as np
import scipy
from scipy import integrate, stats

print(f"# numpy {np.__version__}, scipy {scipy.__version__}")


def r(x):
    return repr(float(x))


def rho(alpha, n_star):
    return np.sqrt((-2 * np.log(alpha) + np.log(-2 * np.log(alpha) + 1)) / n_star)


def run(kind, looks, alpha, tau=None, n_star=5000):
    p_run, lo_run, hi_run = 1.0, -np.inf, np.inf
    rows = []
    for v, c in looks:
        if kind == "proportion":
            (xv, nv), (xc, nc) = v, c
            pv, pc = xv / nv, xc / nc
            theta = pv - pc
            var = pv * (1 - pv) / nv + pc * (1 - pc) / nc
            n_total = nv + nc
        else:
            (nv, sv, ssv), (nc, sc, ssc) = v, c
            mv, mc = sv / nv, sc / nc
            s2v = (ssv - sv * sv / nv) / (nv - 1)
            s2c = (ssc - sc * sc / nc) / (nc - 1)
            theta = mv - mc
            var = s2v / nv + s2c / nc
            n_total = nv + nc
        if tau is None:
            rh = rho(alpha, n_star)
            tau2 = rh**2 * n_total * var
        else:
            tau2 = tau**2
        log_lr = 0.5 * np.log(var / (var + tau2)) + tau2 * theta**2 / (2 * var * (var + tau2))
        # The closed form is the mixture likelihood ratio:
        sd = np.sqrt(var)
        f = lambda t: stats.norm.pdf(theta, t, sd) / stats.norm.pdf(theta, 0, sd) * stats.norm.pdf(t, 0, np.sqrt(tau2))
        w = 40 * np.sqrt(tau2)
        mixture = integrate.quad(f, -w, w, points=[0, theta], epsabs=0, epsrel=1e-12, limit=500)[0]
        assert abs(mixture - np.exp(log_lr)) <= 1e-9 * np.exp(log_lr), (mixture, np.exp(log_lr))
        p = min(1.0, np.exp(-log_lr))
        p_run = min(p_run, p)
        half = np.sqrt(var * (var + tau2) / tau2 * (2 * np.log(1 / alpha) + np.log((var + tau2) / var)))
        if tau is None:
            s2 = var * n_total
            gb = np.sqrt(s2) * np.sqrt(2 * (n_total * rh**2 + 1) / (n_total**2 * rh**2) * np.log(np.sqrt(n_total * rh**2 + 1) / alpha))
            assert abs(gb - half) <= 1e-13 * half, (gb, half)
        lo, hi = theta - half, theta + half
        if max(lo_run, lo) <= min(hi_run, hi):
            lo_run, hi_run = max(lo_run, lo), min(hi_run, hi)
        else:
            lo_run, hi_run = lo, hi
        assert (p_run < alpha) == (lo_run > 0 or hi_run < 0)
        rows.append([theta, var, tau2, log_lr, p, p_run, lo, hi, lo_run, hi_run])
    return rows


CASES = [
    ("rates, default mixture (N* = 5000)", "proportion", 0.05, None, 5000,
     [((6, 100), (3, 100)), ((14, 200), (7, 200)), ((25, 300), (10, 300)), ((33, 400), (14, 400)), ((40, 500), (18, 500)), ((44, 600), (25, 600))]),
    ("rates, fixed tau 0.02, alpha 0.1", "proportion", 0.1, 0.02, 5000,
     [((120, 2000), (90, 2000)), ((250, 4000), (180, 4000)), ((370, 6000), (290, 6000))]),
    ("means, default mixture (N* = 2000)", "mean", 0.05, None, 2000,
     [((200, 2100.0, 60000.0), (200, 1900.0, 55000.0)), ((400, 4300.0, 121000.0), (400, 3850.0, 110000.0)), ((600, 6500.0, 182000.0), (600, 5700.0, 166000.0))]),
]
print("# [name, kind, alpha, tau (null = default), N*, looks [variant, control], rows]")
print("# row per look: [difference, variance, tau2, logLikelihoodRatio, pValue, alwaysValidP, lower, upper, runningLower, runningUpper]")
for name, kind, alpha, tau, n_star, looks in CASES:
    rows = run(kind, looks, alpha, tau, n_star)
    looks_s = ", ".join(f"[{list(v)}, {list(c)}]" for v, c in looks)
    rows_s = ",\n    ".join("[" + ", ".join(r(x) for x in row) + "]" for row in rows)
    tau_s = "null" if tau is None else repr(tau)
    print(f"{{ name: {name!r}, kind: {kind!r}, alpha: {alpha}, tau: {tau_s}, nStar: {n_star},\n  looks: [{looks_s}],\n  rows: [\n    {rows_s},\n  ] }},")
