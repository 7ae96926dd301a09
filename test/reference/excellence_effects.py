"""Reference values for server/core/excellence/cohort.ts hedgesG (test/unit/excellence/cohort.test.ts).
Hedges' g = J * (m1 - m2) / s_pooled, J = 1 - 3 / (4 (n1 + n2) - 9); SE^2 = (n1+n2)/(n1 n2) + g^2 / (2 (n1+n2));
95% interval g -/+ z_0.975 * SE (Hedges & Olkin 1985), with numpy/scipy."""
import numpy as np
from scipy import stats

a = np.array([7, 9, 6, 8, 10, 9, 7, 8, 11, 9], dtype=float)
b = np.array([6, 5, 7, 6, 8, 5, 6, 7, 5, 6, 7, 4], dtype=float)
n1, n2 = len(a), len(b)
sp = np.sqrt(((n1 - 1) * a.var(ddof=1) + (n2 - 1) * b.var(ddof=1)) / (n1 + n2 - 2))
g = (1 - 3 / (4 * (n1 + n2) - 9)) * (a.mean() - b.mean()) / sp
se = np.sqrt((n1 + n2) / (n1 * n2) + g * g / (2 * (n1 + n2)))
z = stats.norm.ppf(0.975)
print(repr(g), repr(g - z * se), repr(g + z * se))
