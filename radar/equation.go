package radar

import "math"

// Boltzmann is the Boltzmann constant in J/K (exact since the 2019 SI).
const Boltzmann = 1.380649e-23

// fourPiCubed is (4π)³, the spreading factor of the monostatic range
// equation: 4π R² out, 4π R² back, and 4π in the antenna gain-aperture
// relation A = G λ²/4π.
const fourPiCubed = 4 * math.Pi * 4 * math.Pi * 4 * math.Pi

// DB converts a power ratio to decibels.
func DB(x float64) float64 { return 10 * math.Log10(x) }

// FromDB converts decibels to a power ratio.
func FromDB(db float64) float64 { return math.Pow(10, db/10) }

// ReceivedPower is the monostatic radar range equation: the echo power in W
// from a target of radar cross section rcs (m²) at range r (m), for peak
// transmit power pt (W), transmit and receive gains gt and gr (ratios, not
// dB), wavelength lambda (m) and total system loss loss (a ratio ≥ 1; 1 is
// lossless):
//
//	P_r = P_t G_t G_r λ² σ / ((4π)³ R⁴ L)
//
// It assumes free space, far field, and a target on the beam axis.
func ReceivedPower(pt, gt, gr, lambda, rcs, r, loss float64) float64 {
	r2 := r * r
	return pt * gt * gr * lambda * lambda * rcs / (fourPiCubed * r2 * r2 * loss)
}

// NoisePower is the thermal noise power k T B in W at system noise
// temperature temp (K) in noise bandwidth bandwidth (Hz).
func NoisePower(temp, bandwidth float64) float64 {
	return Boltzmann * temp * bandwidth
}

// SNR is the signal-to-noise power ratio of a received power pr (W) against
// thermal noise k T B. For a single pulse of width τ through a matched
// filter, pass bandwidth = 1/τ: the noise is then k T/τ and the SNR is the
// energy ratio P_r τ/(k T), the convention of MATLAB's radareqsnr and
// radareqpow.
func SNR(pr, temp, bandwidth float64) float64 {
	return pr / NoisePower(temp, bandwidth)
}

// PeakPower inverts the range equation: the peak transmit power in W that
// gives signal-to-noise ratio snr on a target of cross section rcs at range
// r, with noise k T B (bandwidth = 1/τ for a matched-filtered pulse).
// The other arguments are as for ReceivedPower.
func PeakPower(snr, gt, gr, lambda, rcs, r, loss, temp, bandwidth float64) float64 {
	r2 := r * r
	return snr * NoisePower(temp, bandwidth) * fourPiCubed * r2 * r2 * loss /
		(gt * gr * lambda * lambda * rcs)
}

// ScaleRange gives the range at which a target of cross section rcs is
// seen with the same signal-to-noise ratio, and so the same detection
// probability, as a target of cross section rcs0 at range r0. The range
// equation makes SNR proportional to σ/R⁴, so the range scales as σ^(1/4):
// halving the range buys a sixteenfold smaller target.
func ScaleRange(r0, rcs0, rcs float64) float64 {
	return r0 * math.Sqrt(math.Sqrt(rcs/rcs0))
}
