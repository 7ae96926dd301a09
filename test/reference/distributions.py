"""Reference values for test/unit/stats/distributions.test.ts.

Run: /usr/bin/python3 test/reference/distributions.py
Needs Debian's python3-scipy (1.10.1 when these constants were produced).
"""
import scipy
from scipy import special, stats

print(f"# scipy {scipy.__version__}")


def r(x):
    return repr(float(x))


rows = [
    ("normalCdf(-1.5)", "stats.norm.cdf(-1.5)", stats.norm.cdf(-1.5)),
    ("normalCdf(1, 2, 3)", "stats.norm.cdf(1, loc=2, scale=3)", stats.norm.cdf(1, loc=2, scale=3)),
    ("normalSf(10)", "stats.norm.sf(10)", stats.norm.sf(10)),
    ("normalQuantile(0.975)", "stats.norm.ppf(0.975)", stats.norm.ppf(0.975)),
    ("zCritical(0.05)", "stats.norm.isf(0.025)", stats.norm.isf(0.025)),
    ("twoSidedPFromZ(-2.5)", "2 * stats.norm.sf(2.5)", 2 * stats.norm.sf(2.5)),
    ("chiSquareCdf(3, 4)", "stats.chi2.cdf(3, 4)", stats.chi2.cdf(3, 4)),
    ("chiSquareSf(50, 1)", "stats.chi2.sf(50, 1)", stats.chi2.sf(50, 1)),
    ("chiSquareSf(40, 2)", "stats.chi2.sf(40, 2)", stats.chi2.sf(40, 2)),
    ("chiSquareSf(7.5, 3)", "stats.chi2.sf(7.5, 3)", stats.chi2.sf(7.5, 3)),
    ("chiSquareSf(260.7, 3)", "stats.chi2.sf(260.7, 3)", stats.chi2.sf(260.7, 3)),
    ("chiSquareSf(963, 3)", "stats.chi2.sf(963, 3)", stats.chi2.sf(963, 3)),
    ("chiSquareSf(150, 7)", "stats.chi2.sf(150, 7)", stats.chi2.sf(150, 7)),
    ("chiSquareQuantile(0.95, 3)", "stats.chi2.ppf(0.95, 3)", stats.chi2.ppf(0.95, 3)),
    ("tCdf(-2.1, 7)", "stats.t.cdf(-2.1, 7)", stats.t.cdf(-2.1, 7)),
    ("tSf(2.1, 7)", "stats.t.sf(2.1, 7)", stats.t.sf(2.1, 7)),
    ("twoSidedPFromT(-2.1, 7)", "2 * stats.t.sf(2.1, 7)", 2 * stats.t.sf(2.1, 7)),
    ("tQuantile(0.975, 12)", "stats.t.ppf(0.975, 12)", stats.t.ppf(0.975, 12)),
    ("betaCdf(0.3, 2, 5)", "stats.beta.cdf(0.3, 2, 5)", stats.beta.cdf(0.3, 2, 5)),
    ("betaQuantile(0.025, 13, 188)", "stats.beta.ppf(0.025, 13, 188)", stats.beta.ppf(0.025, 13, 188)),
    ("hypergeometricPmf(3, 24, 10, 15)", "stats.hypergeom.pmf(3, 24, 10, 15)", stats.hypergeom.pmf(3, 24, 10, 15)),
    ("hypergeometricCdf(3, 24, 10, 15)", "stats.hypergeom.cdf(3, 24, 10, 15)", stats.hypergeom.cdf(3, 24, 10, 15)),
    ("gammaln(100.5)", "special.gammaln(100.5)", special.gammaln(100.5)),
    ("betaln(3.5, 40)", "special.betaln(3.5, 40)", special.betaln(3.5, 40)),
]
for call, ref, value in rows:
    print(f'  ["{call}", {r(value)}], // {ref}')
