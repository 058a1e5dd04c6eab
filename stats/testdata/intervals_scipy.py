#!/usr/bin/python3
"""Reference confidence intervals from SciPy, for mc/stats_test.go.

Wilson score intervals for a binomial proportion, and BCa bootstrap
intervals for the mean of non-negative counts (Efron and Tibshirani 1993,
ch. 14), at 95% confidence. A data set is written as value*times,...:
"0*9,1*1" is nine zeros and a one. The BCa intervals use 200000
resamples, so they carry a Monte Carlo error of a fraction of a percent
of their width; the Go test compares with a tolerance.

Output: one line per case,
    wilson K N LO HI
    bca DATA LO HI

Run: /usr/bin/python3 stats/testdata/intervals_scipy.py > stats/testdata/intervals_scipy.txt
"""
import numpy as np
import scipy
from scipy import stats

def data(spec):
    out = []
    for part in spec.split(","):
        v, n = part.split("*")
        out += [float(v)] * int(n)
    return np.array(out)

print(f"# scipy {scipy.__version__}")
for k, n in ((0, 10), (1, 10), (9, 10), (54, 100), (3, 1000)):
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    print(f"wilson {k} {n} {ci.low!r} {ci.high!r}")
for spec in (
    "0*9,1*1",                       # mean leakers 0.10 in 10 runs: Student t gives [-0.13, 0.33]
    "0*150,1*35,2*10,3*5",           # leakers of a leaky defence
    "0*497,1*3",                     # survivors: rare, Student t dips below zero
    "38*2,41*5,44*9,47*14,50*11,53*6,56*3",  # interceptors expended
):
    x = data(spec)
    r = stats.bootstrap((x,), np.mean, confidence_level=0.95, n_resamples=200000,
                        method="BCa", random_state=np.random.default_rng(1), batch=2000)
    ci = r.confidence_interval
    print(f"bca {spec} {ci.low!r} {ci.high!r}")
