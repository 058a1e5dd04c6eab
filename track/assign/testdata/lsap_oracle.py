#!/usr/bin/python3
"""Reference solutions for package assign from scipy.optimize.linear_sum_assignment.

Two modes:

  python3 lsap_oracle.py < cases.json
      Reads {"cases": [{"rows": r, "cols": c, "cost": [...]}]} (row-major,
      null for a forbidden pair) and prints {"results": [{"assigned": k,
      "total": t, "method": m}]}.

  python3 lsap_oracle.py --generate SEED > scipy_cases.json
      Draws random cases with numpy's default_rng(SEED) and prints them with
      their results (the file recorded in testdata).

linear_sum_assignment rejects a matrix with no complete assignment of the
smaller side. For those ("bigM") the forbidden pairs are replaced by a
cost larger than any difference the finite pairs can make, after shifting
the finite costs to start at 0, so that the optimum first uses as many
allowed pairs as possible and then minimises their cost: the
"maximum matching of minimum cost" that package assign returns. The total
reported is the sum of the original costs of the allowed pairs chosen.
"""
import json
import sys

import numpy as np
import scipy
from scipy.optimize import linear_sum_assignment


def solve(rows, cols, cost):
    C = np.array([np.inf if x is None else x for x in cost], dtype=float).reshape(rows, cols)
    if rows == 0 or cols == 0:
        return {"assigned": 0, "total": 0.0, "method": "empty"}
    try:
        r, c = linear_sum_assignment(C)
        method = "direct"
    except ValueError:
        finite = np.isfinite(C)
        if not finite.any():
            return {"assigned": 0, "total": 0.0, "method": "bigM"}
        lo, hi = C[finite].min(), C[finite].max()
        big = (hi - lo + 1.0) * (min(rows, cols) + 1)
        r, c = linear_sum_assignment(np.where(finite, C - lo, big))
        keep = finite[r, c]
        r, c = r[keep], c[keep]
        method = "bigM"
    return {"assigned": int(len(r)), "total": float(C[r, c].sum()), "method": method}


def generate(seed):
    rng = np.random.default_rng(seed)
    cases = []
    shapes = [(1, 1), (1, 5), (5, 1), (3, 3), (4, 7), (7, 4), (10, 10), (12, 30),
              (30, 12), (25, 25), (40, 60), (60, 40), (50, 50)]
    for rows, cols in shapes:
        for forbid in (0.0, 0.2, 0.6, 0.9):
            for kind in ("uniform", "integer", "signed"):
                if kind == "uniform":
                    C = rng.uniform(0, 100, size=(rows, cols))
                elif kind == "integer":  # many ties
                    C = rng.integers(0, 5, size=(rows, cols)).astype(float)
                else:
                    C = rng.normal(0, 1e3, size=(rows, cols))
                C[rng.uniform(size=(rows, cols)) < forbid] = np.inf
                cost = [None if np.isinf(x) else float(x) for x in C.ravel()]
                case = {"rows": rows, "cols": cols, "forbid": forbid, "kind": kind, "cost": cost}
                case.update(solve(rows, cols, cost))
                cases.append(case)
    return cases


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--generate":
        seed = int(sys.argv[2])
        out = {
            "source": "python3 lsap_oracle.py --generate %d (scipy %s, numpy %s)"
            % (seed, scipy.__version__, np.__version__),
            "cases": generate(seed),
        }
    else:
        cases = json.load(sys.stdin)["cases"]
        out = {"results": [solve(c["rows"], c["cols"], c["cost"]) for c in cases]}
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
