"""Reference values for test/unit/stats/logistic.test.ts.

Run: /usr/bin/python3 test/reference/logistic.py
Needs Debian's python3-sklearn and python3-numpy (scikit-learn 1.2.1, numpy 1.24.2 when these
constants were produced).

The design is built from exact integer arithmetic, so the TypeScript test rebuilds the same
matrix (see `design()` there); the outcome vector is printed as a 0/1 string.

Three references per fit, all on StandardScaler-standardised features:
- scikit-learn LogisticRegression(C, penalty="l2", solver="lbfgs", tol=1e-10, max_iter=10000).
  sklearn passes only gtol to scipy's L-BFGS-B, whose default ftol (2.2e-9 relative decrease of
  the objective) stops it first (after 7 iterations here), so its coefficients are only about
  1e-5 relative from the optimum.
- The same with solver="newton-cholesky" (sklearn >= 1.2), which converges to ~1e-12.
- An independent Newton-Raphson in numpy on the same objective, iterated to machine precision,
  also giving the standard errors sqrt(diag(H^-1)) of the penalised Hessian
  H = X1' W X1 + diag(0, 1/C, ..., 1/C) and sklearn's log_loss at that optimum.
"""
import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.preprocessing import StandardScaler

print(f"# scikit-learn {sklearn.__version__}, numpy {np.__version__}")

N = 300


def design():
    rows = []
    for i in range(N):
        x1 = (i % 17) / 4 - 2
        x2 = ((i * 31) % 23) / 10
        x3 = ((i * 13) % 50) * 10 + 5  # "company size": a large-scale feature
        x4 = 1.0 if i % 3 == 0 else 0.0
        rows.append([x1, x2, x3, x4])
    return np.array(rows, dtype=float)


X = design()
u = np.array([((i * 7919 + 104729) % 10007) / 10007 for i in range(N)])
eta = -0.5 + 0.8 * X[:, 0] - 0.6 * X[:, 1] + 0.004 * X[:, 2] + 0.7 * X[:, 3]
y = (u < 1 / (1 + np.exp(-eta))).astype(float)
print(f'Y = "{"".join(str(int(v)) for v in y)}"')

scaler = StandardScaler().fit(X)
Z = scaler.transform(X)
print(f"MEANS = [{', '.join(repr(float(v)) for v in scaler.mean_)}]")
print(f"SCALES = [{', '.join(repr(float(v)) for v in scaler.scale_)}]")


def newton(Z, y, C):
    X1 = np.hstack([np.ones((Z.shape[0], 1)), Z])
    lam = np.full(X1.shape[1], 1 / C)
    lam[0] = 0
    b = np.zeros(X1.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-X1 @ b))
        g = X1.T @ (p - y) + lam * b
        H = X1.T @ (X1 * (p * (1 - p))[:, None]) + np.diag(lam)
        step = np.linalg.solve(H, g)
        b = b - step
        if np.max(np.abs(step)) < 1e-15:
            break
    p = 1 / (1 + np.exp(-X1 @ b))
    H = X1.T @ (X1 * (p * (1 - p))[:, None]) + np.diag(lam)
    se = np.sqrt(np.diag(np.linalg.inv(H)))
    return b, se, p


def arr(x):
    return "[" + ", ".join(repr(float(v)) for v in x) + "]"


for C in [0.5, 10.0]:
    clf = LogisticRegression(C=C, penalty="l2", fit_intercept=True, solver="lbfgs", tol=1e-10, max_iter=10000).fit(Z, y)
    b, se, p = newton(Z, y, C)
    tag = str(C).replace(".", "_")
    nc = LogisticRegression(C=C, penalty="l2", fit_intercept=True, solver="newton-cholesky", tol=1e-10, max_iter=10000).fit(Z, y)
    print(f"# C = {C}")
    print(f"SKLEARN_NEWTON_CHOLESKY_{tag} = {{ intercept: {repr(float(nc.intercept_[0]))}, coefficients: {arr(nc.coef_[0])} }};")
    print(f"SKLEARN_{tag} = {{ intercept: {repr(float(clf.intercept_[0]))}, coefficients: {arr(clf.coef_[0])}, logLoss: {repr(float(log_loss(y, clf.predict_proba(Z)[:, 1])))} }};")
    orig = b[1:] / scaler.scale_
    orig0 = b[0] - np.sum(b[1:] * scaler.mean_ / scaler.scale_)
    print(f"NEWTON_{tag} = {{ intercept: {repr(float(b[0]))}, coefficients: {arr(b[1:])}, logLoss: {repr(float(log_loss(y, p)))}, interceptSe: {repr(float(se[0]))}, standardErrors: {arr(se[1:])}, originalIntercept: {repr(float(orig0))}, originalCoefficients: {arr(orig)}, firstProba: {arr(p[:5])} }};")

# weightStability: cosine similarity and L1-normalised changes of two named weight vectors.
keys = ["a", "b", "c", "d"]
prev = np.array([0.5, 0.3, 0.2, 0.0])  # {a: .5, b: .3, c: .2}
curr = np.array([0.8, 0.8, 0.0, 0.4])  # {a: .8, b: .8, d: .4} (L1 norm 2)
pn, cn = prev / np.abs(prev).sum(), curr / np.abs(curr).sum()
cos = prev @ curr / np.sqrt((prev @ prev) * (curr @ curr))
d = np.abs(cn - pn)
print("# weightStability({a: 0.5, b: 0.3, c: 0.2}, {a: 0.8, b: 0.8, d: 0.4}) in numpy")
print(f"STABILITY = {{ cosine: {repr(float(cos))}, maxAbsChange: {repr(float(d.max()))}, maxChangeKey: {keys[int(d.argmax())]!r}, totalVariation: {repr(float(d.sum() / 2))} }};")
