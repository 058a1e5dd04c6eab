"""Reference free flights for bm's impact prediction (TestFreeFlightSciPy).

Integrates each state of impact_scipy_cases.txt with SciPy's DOP853
(rtol 1e-12, steps of at most 1 s, so that no event falls between
the ends of one step) under the forces of motion.EarthAccel: point-mass gravity
with J2, the Coriolis and centrifugal accelerations of the WGS-84
earth's rotation, and drag kappa * rho * |v| v / 2 in the exponential
atmosphere rho = 1.225 exp(-h / 7200 m), h the height over the
ellipsoid along the geocentric radius. The flight ends where its
geodetic height (Bowring's iteration to convergence) falls through the
floor, found by solve_ivp's event location, and the first time it comes
within 2 km of the site (43.8925 N 69.9386 W at the floor's height, the
main example's airbase), where the battle manager counts a threat to
enter the site (bm.Impact.Enter). Prints one line a case: x y z of the
impact (ECEF, m), the time of flight and the time of entry (s; 0 for a flight that
starts within 2 km).

    /usr/bin/python3 bm/testdata/impact_scipy.py > bm/testdata/impact_scipy.txt
"""
import math
import os

import numpy as np
from scipy.integrate import solve_ivp

GM = 3.986004418e14
A = 6378137.0
F = 1 / 298.257223563
B = A * (1 - F)
E2 = F * (2 - F)
J2 = 1.0826298213129219e-3
W = 7.292115e-5
RHO0, H = 1.225, 7200.0


def height(x, y, z):
    p = math.hypot(x, y)
    lat = math.atan2(z, p * (1 - E2))
    for _ in range(20):
        n = A / math.sqrt(1 - E2 * math.sin(lat) ** 2)
        h = p / math.cos(lat) - n
        lat = math.atan2(z, p * (1 - E2 * n / (n + h)))
    n = A / math.sqrt(1 - E2 * math.sin(lat) ** 2)
    return p / math.cos(lat) - n


def ecef(lat, lon, h):
    lat, lon = math.radians(lat), math.radians(lon)
    n = A / math.sqrt(1 - E2 * math.sin(lat) ** 2)
    return ((n + h) * math.cos(lat) * math.cos(lon),
            (n + h) * math.cos(lat) * math.sin(lon),
            (n * (1 - E2) + h) * math.sin(lat))


def rhs(kappa):
    def f(_, s):
        x, y, z, vx, vy, vz = s
        r2 = x * x + y * y + z * z
        r = math.sqrt(r2)
        k = -GM / (r2 * r)
        z2 = z * z / r2
        j = 1.5 * J2 * A * A / r2
        ax = k * x * (1 + j * (1 - 5 * z2)) + W * W * x + 2 * W * vy
        ay = k * y * (1 + j * (1 - 5 * z2)) + W * W * y - 2 * W * vx
        az = k * z * (1 + j * (3 - 5 * z2))
        if kappa > 0:
            h = r - B / math.sqrt(1 - E2 * (x * x + y * y) / r2)
            rho = RHO0 * math.exp(-max(h, -5000) / H)
            d = -rho * math.sqrt(vx * vx + vy * vy + vz * vz) * kappa / 2
            ax, ay, az = ax + d * vx, ay + d * vy, az + d * vz
        return [vx, vy, vz, ax, ay, az]
    return f


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "impact_scipy_cases.txt")) as f:
        for line in f:
            line = line.split("#")[0].split()
            if not line:
                continue
            v = [float(s) for s in line]
            state, kappa, floor = v[:6], v[6], v[7]

            def ground(_, s):
                return height(s[0], s[1], s[2]) - floor
            ground.terminal, ground.direction = True, -1
            site = ecef(43.8925, -69.9386, floor)

            def enter(_, s, c=site):
                return math.dist(s[:3], c) - 2000
            enter.direction = -1
            sol = solve_ivp(rhs(kappa), (0, 1800), state, method="DOP853",
                            rtol=1e-12, atol=1e-9, max_step=1.0,
                            events=(ground, enter))
            t = sol.t_events[0][0]
            x, y, z = sol.y_events[0][0][:3]
            te = sol.t_events[1][0] if enter(0, state) > 0 else 0.0
            print("%.6f %.6f %.6f %.6f %.6f" % (x, y, z, t, te))


if __name__ == "__main__":
    main()
