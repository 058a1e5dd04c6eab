#!/usr/bin/env python3
"""GOSPA (alpha = 2) and OSPA by SciPy's linear_sum_assignment, for the
live cross-check in metrics_test.go.

Reads {"cases": [{"x": [[x,y,z],...], "y": [...], "c": c, "p": p}, ...]}
on stdin and writes {"results": [{"gospa": d, "ospa": d}, ...]}.
The definitions follow Rahmathullah, Garcia-Fernandez and Svensson
(FUSION 2017) and Schuhmacher, Vo and Vo (IEEE TSP 2008): cost matrix of
min(d, c)^p, padded to square with c^p (OSPA) or c^p/2 per unpaired
element (GOSPA).
"""
import json
import sys

import numpy as np
from scipy.optimize import linear_sum_assignment


def dist(x, y, c, p):
    if len(x) == 0 or len(y) == 0:
        return np.zeros((len(x), len(y)))
    d = np.linalg.norm(np.asarray(x)[:, None, :] - np.asarray(y)[None, :, :], axis=2)
    return np.minimum(d, c) ** p


def gospa(x, y, c, p):
    d = dist(x, y, c, p)
    total = 0.0
    paired = 0
    if d.size:
        r, k = linear_sum_assignment(d)
        total = d[r, k].sum()
        paired = len(r)
    total += c ** p / 2 * (len(x) + len(y) - 2 * paired)
    return total ** (1 / p)


def ospa(x, y, c, p):
    n = max(len(x), len(y))
    if n == 0:
        return 0.0
    d = dist(x, y, c, p)
    total = 0.0
    paired = 0
    if d.size:
        r, k = linear_sum_assignment(d)
        total = d[r, k].sum()
        paired = len(r)
    total += c ** p * (n - paired)
    return (total / n) ** (1 / p)


def main():
    cases = json.load(sys.stdin)["cases"]
    out = [{"gospa": gospa(cs["x"], cs["y"], cs["c"], cs["p"]),
            "ospa": ospa(cs["x"], cs["y"], cs["c"], cs["p"])} for cs in cases]
    json.dump({"results": out}, sys.stdout)


if __name__ == "__main__":
    main()
