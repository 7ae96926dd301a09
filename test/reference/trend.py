"""Linear-by-linear (Cochran-Armitage) trend test for trend.test.ts (server/core/stats/contingency.ts).

statsmodels Table(..., shift_zeros=False).test_ordinal_association(row_scores, col_scores=[0, 1]);
rows are ordered groups [failures, successes]. The stratified test (Mantel's extension) is
sum(T - E) / sqrt(sum V) with each stratum's T, E and V taken from statsmodels.
Departure from a linear trend (Agresti, Categorical Data Analysis 3.4.7): Pearson's X² of the k×2
table (scipy chi2_contingency, no correction) minus the Cochran–Armitage X², z²·N/(N − 1), on k − 2
degrees of freedom.
"""
import numpy as np
from scipy.stats import chi2, chi2_contingency
from statsmodels.stats.contingency_tables import Table


def ordinal(groups, scores=None):
    table = np.array([[n - x, x] for n, x in groups], dtype=float)
    scores = np.arange(len(groups), dtype=float) if scores is None else np.array(scores, dtype=float)
    return Table(table, shift_zeros=False).test_ordinal_association(row_scores=scores, col_scores=np.array([0.0, 1.0]))


cases = {
    "rising": ([(200, 10), (180, 14), (210, 25), (190, 30)], None),
    "falling, unequal scores": ([(50, 20), (80, 25), (120, 22), (60, 6)], [1, 2, 5, 10]),
    "flat": ([(100, 10), (100, 10), (100, 10)], None),
    "u-shape": ([(300, 45), (300, 20), (300, 18), (300, 47)], None),
}
for name, (groups, scores) in cases.items():
    r = ordinal(groups, scores)
    table = np.array([[n - x, x] for n, x in groups])
    n = table.sum()
    departure = chi2_contingency(table, correction=False)[0] - r.zscore ** 2 * n / (n - 1)
    print(f'  "{name}": {{ statistic: {r.statistic!r}, nullMean: {r.null_mean!r}, nullSd: {r.null_sd!r}, zScore: {r.zscore!r}, pValue: {r.pvalue!r}, departure: {departure!r}, departureP: {chi2.sf(departure, len(groups) - 2)!r} }},')

# Within strata: a rising trend that is only the strata's mix (each stratum flat).
strata = [[(100, 5), (50, 3), (20, 1)], [(20, 8), (50, 20), (100, 40)]]
pooled = ordinal([(sum(s[i][0] for s in strata), sum(s[i][1] for s in strata)) for i in range(3)])
parts = [ordinal(s) for s in strata]
dev = sum(p.statistic - p.null_mean for p in parts)
sd = np.sqrt(sum(p.null_sd ** 2 for p in parts))
from scipy import stats
z = dev / sd
print(f"  pooled z {pooled.zscore!r} p {pooled.pvalue!r}")
print(f"  stratified z {z!r} p {2 * stats.norm.sf(abs(z))!r} sd {sd!r}")
