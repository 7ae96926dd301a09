"""Reference values for test/unit/stats/multiple-testing.test.ts.

Run: /usr/bin/python3 test/reference/multiple_testing.py
Needs Debian's python3-statsmodels (0.13.5 when these constants were produced).
"""
import statsmodels
from statsmodels.stats.multitest import multipletests

print(f"# statsmodels {statsmodels.__version__}")

cases = [
    ("TIES", [0.01, 0.04, 0.03, 0.04, 0.005, 0.2, 0.04, 0.5, 0.001, 0.03], 0.05),
    ("BOUNDARY", [0.01, 0.02, 0.03, 0.04, 0.05], 0.05),
    ("NONE", [0.3, 0.9, 0.6, 0.3], 0.1),
]
for name, p, alpha in cases:
    for method in ["fdr_bh", "holm"]:
        reject, adj, _, _ = multipletests(p, alpha=alpha, method=method)
        print(f"# multipletests({p}, alpha={alpha}, method={method!r})")
        print(f"{name}_{method.upper()} = {{ adjusted: [{', '.join(repr(float(x)) for x in adj)}], reject: [{', '.join('true' if x else 'false' for x in reject)}] }}")
