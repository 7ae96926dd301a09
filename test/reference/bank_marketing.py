"""
Bank Marketing (UCI, Moro, Cortez & Rita 2014; test/fixtures/bank-marketing): the comparisons
WHO makes on it, computed independently, for test/integration/patterns-public-data.test.ts.

Every column but y is a lead attribute; y = "yes" (a term deposit subscribed) is the outcome.
Each value of each column is compared with all other clients:
  - numeric columns with more than 10 distinct values are binned at the quintiles (numpy's linear
    quantiles, ties dropped; a minimum that holds a bin's share of the clients is a bin of its
    own), every other column by its values;
  - rate, lift = rate / rest rate with the Katz log risk-ratio 95% interval (statsmodels Table2x2),
    two-sided pooled z-test p (statsmodels proportions_ztest), Benjamini–Hochberg over all of them
    (statsmodels multipletests fdr_bh), where a column of exactly two values (housing, loan,
    default) is one comparison: its larger side is the same test and takes the smaller side's
    adjusted p.

With month and contact configured as confounders, value vs rest within the other's strata:
raw and Mantel–Haenszel odds ratios with 95% intervals (statsmodels StratifiedTable, RGB variance).

Trends across the bins of each binned column with three bins or more: the linear-by-linear test
with the bin indices as scores (statsmodels Table.test_ordinal_association), Benjamini–Hochberg
over them, the departure from a line (scipy chi2_contingency X² less z²·N/(N − 1), bins − 2 df),
and within the month and contact strata (Mantel's extension: Σ(T − E) / √ΣV with each stratum's
moments from statsmodels).

    /usr/bin/python3 test/reference/bank_marketing.py   # statsmodels 0.13.5, numpy 1.24.2 (Debian 12)
"""
import csv
import gzip
import os

import numpy as np
from scipy import stats
from statsmodels.stats.contingency_tables import StratifiedTable, Table, Table2x2
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportions_ztest

here = os.path.dirname(os.path.abspath(__file__))
with gzip.open(os.path.join(here, "..", "fixtures", "bank-marketing", "bank-full.csv.gz"), "rt") as f:
    rows = list(csv.reader(f, delimiter=";"))
header, data = rows[0], rows[1:]
y = np.array([r[-1] == "yes" for r in data])
N, X = len(data), int(y.sum())


def is_number(s):
    try:
        float(s)
        return True
    except ValueError:
        return False


comparisons = []
binned = {}
for j, column in enumerate(header[:-1]):
    raw = [r[j] for r in data]
    numeric = all(is_number(v) for v in raw) and len(set(raw)) > 10
    if numeric:
        x = np.array([float(v) for v in raw])
        q = np.quantile(x, [0, 0.2, 0.4, 0.6, 0.8, 1])
        edges = []
        for e in q:
            if not edges or e > edges[-1]:
                edges.append(float(e))
        if q[0] == q[1]:
            edges.insert(0, edges[0])
        interior = edges[1:-1]
        values = np.array([f"bin:{sum(1 for e in interior if e < v)}" for v in x])
        binned[column] = np.array([sum(1 for e in interior if e < v) for v in x])
    else:
        values = np.array(raw)
    for value in sorted(set(values)):
        mask = values == value
        n, k = int(mask.sum()), int(y[mask].sum())
        if n == N:
            continue
        rate, rest = k / n, (X - k) / (N - n)
        table = Table2x2(np.array([[k, n - k], [X - k, (N - n) - (X - k)]]))
        lower, upper = table.riskratio_confint(alpha=0.05)
        _, p = proportions_ztest([k, X - k], [n, N - n])
        comparisons.append([f"attributes.{column}={value}", n, k, rate, rate / rest, lower, upper, p])

# key of the larger side of a two-valued column -> key of the smaller side (ties: the first value)
mirror_of = {}
by_column = {}
for c in comparisons:
    by_column.setdefault(c[0].split("=")[0], []).append(c)
for pair in by_column.values():
    if len(pair) == 2 and pair[0][1] + pair[1][1] == N:
        carrier, mirror = (pair[0], pair[1]) if pair[0][1] <= pair[1][1] else (pair[1], pair[0])
        mirror_of[mirror[0]] = carrier[0]
tested = [c for c in comparisons if c[0] not in mirror_of]
adjusted_of = dict(zip([c[0] for c in tested], multipletests([c[-1] for c in tested], method="fdr_bh")[1]))
adjusted = [adjusted_of[mirror_of.get(c[0], c[0])] for c in comparisons]
print(f"// mirrors (the larger side of a two-valued column): {mirror_of}")
print(f"// N = {N}, converted = {X}; bank_marketing.py (statsmodels proportions_ztest, Table2x2.riskratio_confint, multipletests fdr_bh)")
print("// [key, n, conversions, rate, lift, lift lower, lift upper, p, p adjusted]")
for c, a in zip(comparisons, adjusted):
    print(f'  ["{c[0]}", {c[1]}, {c[2]}, {c[3]!r}, {c[4]!r}, {c[5]!r}, {c[6]!r}, {c[7]!r}, {a!r}],')


print("\n// [attribute=value, confounder, raw OR, raw lower, raw upper, MH OR, MH lower, MH upper, strata]")
columns = {name: j for j, name in enumerate(header)}
for column, value, confounder in [("contact", "unknown", "month"), ("month", "may", "contact"), ("housing", "yes", "month")]:
    has = np.array([r[columns[column]] == value for r in data])
    strata = np.array([r[columns[confounder]] for r in data])
    tables = []
    for s in sorted(set(strata)):
        m = strata == s
        t = np.array([[int((has & y & m).sum()), int((has & ~y & m).sum())], [int((~has & y & m).sum()), int((~has & ~y & m).sum())]])
        if t[0].sum() > 0 and t[1].sum() > 0:
            tables.append(t)
    raw = Table2x2(sum(tables))
    st = StratifiedTable(tables)
    print(f'  ["attributes.{column}={value}", "attributes.{confounder}", {raw.oddsratio!r}, {raw.oddsratio_confint()[0]!r}, {raw.oddsratio_confint()[1]!r}, {st.oddsratio_pooled!r}, {st.oddsratio_pooled_confint()[0]!r}, {st.oddsratio_pooled_confint()[1]!r}, {len(tables)}],')


def ordinal(index, outcome):
    bins = sorted(set(index))
    table = np.array([[int(((index == b) & ~outcome).sum()), int(((index == b) & outcome).sum())] for b in bins], dtype=float)
    return Table(table, shift_zeros=False).test_ordinal_association(row_scores=np.array(bins, dtype=float), col_scores=np.array([0.0, 1.0]))


print("\n// [attribute, bins, z, p, p adjusted, departure p, z within month, p within month, z within contact, p within contact]")
trends = [(column, index) for column, index in binned.items() if len(set(index)) >= 3]
raw = [ordinal(index, y) for _, index in trends]
adjusted = multipletests([r.pvalue for r in raw], method="fdr_bh")[1]
for (column, index), r, a in zip(trends, raw, adjusted):
    within = []
    for confounder in ["month", "contact"]:
        strata = np.array([row[columns[confounder]] for row in data])
        parts = []
        for s in sorted(set(strata)):
            m = strata == s
            # every stratum scored on all the column's bins (a bin a stratum lacks adds nothing)
            bins = sorted(set(index))
            table = np.array([[int(((index == b) & ~y & m).sum()), int(((index == b) & y & m).sum())] for b in bins], dtype=float)
            if table.sum() >= 2 and table[:, 1].sum() > 0 and table[:, 0].sum() > 0:
                parts.append(Table(table, shift_zeros=False).test_ordinal_association(row_scores=np.array(bins, dtype=float), col_scores=np.array([0.0, 1.0])))
        z = sum(p.statistic - p.null_mean for p in parts) / np.sqrt(sum(p.null_sd ** 2 for p in parts))
        within += [z, 2 * stats.norm.sf(abs(z))]
    bins = sorted(set(index))
    table = np.array([[int(((index == b) & ~y).sum()), int(((index == b) & y).sum())] for b in bins])
    departure = stats.chi2_contingency(table, correction=False)[0] - r.zscore ** 2 * N / (N - 1)
    departure_p = stats.chi2.sf(departure, len(bins) - 2)
    print(f'  ["attributes.{column}", {len(bins)}, {r.zscore!r}, {r.pvalue!r}, {a!r}, {departure_p!r}, {within[0]!r}, {within[1]!r}, {within[2]!r}, {within[3]!r}],')
