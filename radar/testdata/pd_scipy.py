#!/usr/bin/python3
"""Reference single-look detection probabilities from SciPy.

Square-law detector, complex Gaussian noise, threshold T = -ln(Pfa) on
|x|^2/noise. Under signal with SNR s, 2|x|^2/noise is noncentral chi-square
with 2 degrees of freedom and noncentrality 2s, so
    Swerling 0: Pd = ncx2.sf(2T, 2, 2s)   (Marcum Q1(sqrt(2s), sqrt(2T)))
    Swerling 1: Pd = E[ncx2.sf(2T, 2, 2S)] with S exponential, mean s
                (integrated numerically with scipy.integrate.quad)
Output: one line per case, "swerling snr_db pfa pd", then the Swerling 0
SNR in dB needed for Pd 0.9 at Pfa 1e-6 (brentq).

Run: /usr/bin/python3 radar/testdata/pd_scipy.py > radar/testdata/pd_scipy.txt
"""
import numpy as np
from scipy import integrate, optimize, stats

def pd0(s, pfa):
    return stats.ncx2.sf(-2 * np.log(pfa), 2, 2 * s)

def pd1(s, pfa):
    f = lambda x: pd0(x, pfa) * np.exp(-x / s) / s
    v, _ = integrate.quad(f, 0, np.inf, epsabs=1e-13, epsrel=1e-11, limit=500)
    return v

print(f"# scipy {__import__('scipy').__version__}")
for pfa in (1e-3, 1e-6, 1e-9):
    for snr_db in (-5, 0, 5, 8, 10, 12, 13, 14, 15, 17, 20, 25):
        s = 10 ** (snr_db / 10)
        print(f"0 {snr_db} {pfa:.0e} {pd0(s, pfa):.15e}")
for pfa in (1e-3, 1e-6):
    for snr_db in (0, 10, 15, 20, 25):
        s = 10 ** (snr_db / 10)
        print(f"1 {snr_db} {pfa:.0e} {pd1(s, pfa):.15e}")
s = optimize.brentq(lambda x: pd0(x, 1e-6) - 0.9, 1, 100, xtol=1e-14)
print(f"snr0 0.9 1e-06 {10*np.log10(s):.12f}")
