#!/usr/bin/python3
"""Reference p-values and critical correlations from SciPy, for
mc/stats_test.go (CorrelationP, CriticalCorrelation).

pearsonr's p-value is exact for normal data: under no correlation, r over
n pairs follows a beta distribution on [-1, 1] with shape n/2-1, n/2-1,
the form pearsonr itself uses. Its two-sided 0.05 point is the critical
|r| at 95%. The data sets are seeded, so the output does not change.

Output: one line per case,
    p N R P          (R and P from scipy.stats.pearsonr)
    critical N CONF R

Run: /usr/bin/python3 stats/testdata/correlation_scipy.py > stats/testdata/correlation_scipy.txt
"""
import numpy as np
import scipy
from scipy import stats

print(f"# scipy {scipy.__version__}")
rng = np.random.default_rng(7)
for n, slope in ((5, 0.8), (10, 0.3), (20, 0.0), (20, 0.5), (50, 0.2), (100, 0.15), (400, 0.05)):
    x = rng.normal(size=n)
    y = slope * x + rng.normal(size=n)
    r, p = stats.pearsonr(x, y)
    print(f"p {n} {r!r} {p!r}")
for n in (3, 4, 10, 20, 30, 50, 100, 1000):
    for conf in (0.95, 0.99):
        d = stats.beta(n / 2 - 1, n / 2 - 1, loc=-1, scale=2)
        print(f"critical {n} {conf} {d.isf((1 - conf) / 2)!r}")
