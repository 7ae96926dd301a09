# Reference value for test/unit/patterns/drift-health.test.ts (PSI of finding shares).
# Run: /usr/bin/python3 test/reference/drift.py   (Debian numpy)
import numpy as np

e = np.array([50, 30, 20.0]); a = np.array([30, 30, 40.0])
e, a = e / e.sum(), a / a.sum()
print("psi", repr(float(np.sum((a - e) * np.log(a / e)))))
