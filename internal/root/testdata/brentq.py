"""Reference roots for internal/root's TestIllinoisRecordedSciPy.

Each case of cases.txt (a name, a bracket) is solved by SciPy's brentq
to xtol 1e-15, rtol 8.9e-16 (its floor, 4 eps), and printed as one line: the
name and the root, to 17 significant digits.

    /usr/bin/python3 internal/root/testdata/brentq.py > internal/root/testdata/brentq.txt
"""
import math
import os

from scipy.optimize import brentq

F = {
    "sqrt2": lambda x: x * x - 2,
    "dottie": lambda x: math.cos(x) - x,
    "ln2": lambda x: math.exp(x) - 2,
    "wallis": lambda x: x ** 3 - 2 * x - 5,
    "flat": lambda x: x ** 10 - 0.5,
    "tan": lambda x: math.tan(x) - x,
    "falling": lambda x: 1 - x / 3,
}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "cases.txt")) as f:
        for line in f:
            line = line.split("#")[0].split()
            if not line:
                continue
            name, a, b = line[0], float(line[1]), float(line[2])
            x = brentq(F[name], a, b, xtol=1e-15, rtol=8.9e-16)
            print("%s %.17g" % (name, x))


if __name__ == "__main__":
    main()
