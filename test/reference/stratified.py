"""Reference values for test/unit/stats/stratified.test.ts.

Run: /usr/bin/python3 test/reference/stratified.py
Needs Debian's python3-statsmodels (0.13.5 when these constants were produced).
Each stratum is [[a, b], [c, d]]: rows = has trait / not, columns = converted / not.
"""
import numpy as np
import statsmodels
from statsmodels.stats.contingency_tables import StratifiedTable, Table2x2

print(f"# statsmodels {statsmodels.__version__}")


def r(x):
    return repr(float(x))


cases = {
    # Simpson's paradox: the trait is concentrated in the high-converting stratum, so the pooled
    # table says "trait converts more" while every stratum says "trait converts less".
    "SIMPSON": [
        [[320, 80], [90, 10]],
        [[4, 96], [40, 360]],
        [[60, 60], [70, 50]],
    ],
    # Same odds ratio (~2) in four strata of different sizes and base rates.
    "CONSISTENT": [
        [[30, 70], [18, 82]],
        [[12, 188], [6, 194]],
        [[45, 55], [29, 71]],
        [[8, 42], [4, 46]],
    ],
    # The raw association is produced by stratum composition: within strata it is near 1.
    "CONFOUNDED": [
        [[150, 150], [48, 52]],
        [[12, 88], [35, 265]],
    ],
    # Negative confounding: the trait is concentrated where conversion is low, hiding a real
    # within-stratum effect (raw OR near 1, MH OR about 2.2).
    "AMPLIFIED": [
        [[20, 180], [5, 95]],
        [[35, 15], [25, 25]],
    ],
    # Odds ratios that differ across strata (one positive, one negative), with a zero cell.
    "HETEROGENEOUS": [
        [[20, 5], [10, 15]],
        [[3, 27], [12, 18]],
        [[0, 10], [4, 6]],
        [[15, 15], [10, 20]],
    ],
}

for name, strata in cases.items():
    st = StratifiedTable([np.asarray(t) for t in strata])
    lo, up = st.oddsratio_pooled_confint()
    n0 = st.test_null_odds(correction=False)
    n1 = st.test_null_odds(correction=True)
    bd = st.test_equal_odds(adjust=False)
    bt = st.test_equal_odds(adjust=True)
    pooled = np.sum(np.asarray(strata), axis=0)
    shift = bool((pooled == 0).any())
    raw = Table2x2(pooled + 0.5 if shift else pooled, shift_zeros=False)
    rlo, rup = raw.oddsratio_confint()
    print(f"# StratifiedTable({name}) oddsratio_pooled, logodds_pooled_se, oddsratio_pooled_confint(), test_null_odds(correction=False/True), test_equal_odds(adjust=False/True)")
    print(f"# and Table2x2(sum of strata{' + 0.5' if shift else ''}, shift_zeros=False).oddsratio, log_oddsratio_se, oddsratio_confint()")
    print(f"{name}_REF = {{")
    print(f"  mhOddsRatio: {r(st.oddsratio_pooled)}, mhLogSe: {r(st.logodds_pooled_se)}, mhLower: {r(lo)}, mhUpper: {r(up)},")
    print(f"  cmh: {r(n0.statistic)}, cmhP: {r(n0.pvalue)}, cmhCorrected: {r(n1.statistic)}, cmhCorrectedP: {r(n1.pvalue)},")
    print(f"  breslowDay: {r(bd.statistic)}, breslowDayP: {r(bd.pvalue)}, tarone: {r(bt.statistic)}, taroneP: {r(bt.pvalue)},")
    print(f"  rawOddsRatio: {r(raw.oddsratio)}, rawLogSe: {r(raw.log_oddsratio_se)}, rawLower: {r(rlo)}, rawUpper: {r(rup)},")
    print("};")

# A single table with a zero cell: Woolf's interval with the Haldane-Anscombe correction (0.5 added
# to every cell). Note statsmodels' own Table2x2(t, shift_zeros=True) replaces only the zero cells
# by 0.5 (contrary to its docstring), so the correction is applied here before building the table.
t = np.array([[7, 0], [2, 9]])
h = Table2x2(t + 0.5, shift_zeros=False)
lo, up = h.oddsratio_confint()
print("# Table2x2([[7, 0], [2, 9]] + 0.5, shift_zeros=False).oddsratio, log_oddsratio_se, oddsratio_confint()")
print(f"HALDANE_REF = {{ oddsRatio: {r(h.oddsratio)}, logSe: {r(h.log_oddsratio_se)}, lower: {r(lo)}, upper: {r(up)} }};")
