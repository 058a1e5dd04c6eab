"""Reference probabilities for bm's discProbability (TestDiscProbabilitySciPy).

For each case of disc_scipy_cases.txt, the probability that a 2-D
Gaussian of the given mean and covariance falls within the radius of
the origin: by SciPy's dblquad (QUADPACK) of the density over the disc,
and, where the covariance is a circle, also by the noncentral
chi-square's cdf (scipy.stats.ncx2 with 2 degrees of freedom,
noncentrality |m|²/σ², at r²/σ²), which must agree. Prints one P a line.

    /usr/bin/python3 bm/testdata/disc_scipy.py > bm/testdata/disc_scipy.txt
"""
import math
import os

import numpy as np
from scipy.integrate import dblquad
from scipy.stats import ncx2


def disc(mx, my, c, r):
    det = c[0] * c[2] - c[1] * c[1]
    ia, ib, id_ = c[2] / det, -c[1] / det, c[0] / det
    norm = 1 / (2 * math.pi * math.sqrt(det))

    def f(y, x):
        dx, dy = x - mx, y - my
        return norm * math.exp(-(ia * dx * dx + 2 * ib * dx * dy + id_ * dy * dy) / 2)
    p, _ = dblquad(f, -r, r, lambda x: -math.sqrt(max(r * r - x * x, 0)),
                   lambda x: math.sqrt(max(r * r - x * x, 0)), epsabs=1e-13, epsrel=1e-11)
    return p


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "disc_scipy_cases.txt")) as f:
        for line in f:
            line = line.split("#")[0].split()
            if not line:
                continue
            mx, my, cee, cen, cnn, r = (float(s) for s in line)
            p = disc(mx, my, (cee, cen, cnn), r)
            if cen == 0 and cee == cnn:
                q = ncx2.cdf(r * r / cee, 2, (mx * mx + my * my) / cee)
                if abs(p - q) > 1e-9:
                    raise SystemExit("dblquad %.12g, ncx2 %.12g" % (p, q))
            print("%.12g" % p)


main()
