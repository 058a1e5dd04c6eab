package bm

import "gonum.org/v1/gonum/spatial/r3"

// SameTargetGate is the chi-square gate, 3 degrees of freedom, at which
// two units' tracks are taken for one target: the 99.9% point, so a true
// pair is split only once in a thousand looks.
const SameTargetGate = 16.266

// SameTarget reports whether tracks a and b, estimated at the same time by
// different units, are of one target: whether the squared Mahalanobis
// distance of their position difference, under the sum of their position
// covariances, is within gate (track-to-track association, Bar-Shalom,
// Willett and Tian, "Tracking and Data Fusion", 2011, ch. 9; the
// cross-covariance of the two estimates is neglected, which widens the
// gate a little). It also returns that distance. With no covariance on
// either track it falls back to a 1 km sphere.
func SameTarget(a, b Track, gate float64) (bool, float64) {
	d := r3.Sub(a.Pos, b.Pos)
	var s [9]float64
	for i := range s {
		s[i] = a.PosCov[i] + b.PosCov[i]
	}
	inv, ok := inverse3(s)
	if !ok {
		const fallback = 1000.0
		d2 := r3.Dot(d, d) / (fallback * fallback)
		return d2 <= 1, d2
	}
	v := [3]float64{d.X, d.Y, d.Z}
	var d2 float64
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			d2 += v[i] * inv[3*i+j] * v[j]
		}
	}
	return d2 <= gate, d2
}

// RegistrationSigma is the position error, 1-sigma per axis (m), that
// two tracks of one target carry beside their filters' covariances: the
// survey and alignment errors of the radars that made them, the lag of a
// track estimate predicted from its last update to a decision instant,
// and a young track's overconfidence (two units' tracks of one cruise
// missile 130 km out were 780 m apart at a Mahalanobis distance² of 40
// under their filters' covariances alone). 250 m is a model parameter
// (U), of the order of a search radar's range cell and of the grid bias
// budgets of the track-to-track literature (Bar-Shalom, Willett and Tian
// 2011, ch. 9, on sensor registration); it keeps targets 2 km apart
// distinct.
const RegistrationSigma = 250.0

// Correlate reports whether two tracks estimated at the same time are of
// one target, as SameTarget at SameTargetGate with RegistrationSigma
// added to each axis of the summed covariance. It is the test the
// command post uses between tracks of different units and between an
// engagement's target and a track.
func Correlate(a, b Track) (bool, float64) {
	const r2 = RegistrationSigma * RegistrationSigma
	if a.PosCov == ([9]float64{}) && b.PosCov == ([9]float64{}) {
		return SameTarget(a, b, SameTargetGate)
	}
	a.PosCov[0] += r2
	a.PosCov[4] += r2
	a.PosCov[8] += r2
	return SameTarget(a, b, SameTargetGate)
}

// inverse3 inverts a symmetric 3x3 matrix by cofactors; false if it is
// singular or not positive definite.
func inverse3(m [9]float64) ([9]float64, bool) {
	c00 := m[4]*m[8] - m[5]*m[7]
	c01 := m[5]*m[6] - m[3]*m[8]
	c02 := m[3]*m[7] - m[4]*m[6]
	det := m[0]*c00 + m[1]*c01 + m[2]*c02
	if !(det > 0) || m[0] <= 0 {
		return [9]float64{}, false
	}
	inv := [9]float64{
		c00, m[2]*m[7] - m[1]*m[8], m[1]*m[5] - m[2]*m[4],
		c01, m[0]*m[8] - m[2]*m[6], m[2]*m[3] - m[0]*m[5],
		c02, m[1]*m[6] - m[0]*m[7], m[0]*m[4] - m[1]*m[3],
	}
	for i := range inv {
		inv[i] /= det
	}
	return inv, true
}

// Apart reports whether tracks a and b are certainly not of one target
// by Correlate's test, from their distance alone: a cheap test that lets
// a search over many pairs (the picture, deconfliction, allocation) skip
// the matrix inverse for pairs far apart. For a positive definite
// summed covariance S, the squared Mahalanobis distance dᵀS⁻¹d is at
// least |d|²/λmax(S) ≥ |d|²/trace(S), so a pair with |d|² beyond
// SameTargetGate·trace(S) is outside the gate. Apart is false whenever
// it cannot tell (S not positive definite by its leading minors), so
// Correlate decides; it never says apart a pair Correlate joins.
func Apart(a, b Track) bool {
	d := r3.Sub(a.Pos, b.Pos)
	d2 := r3.Dot(d, d)
	const fallback = 1000.0 * 1000.0 // SameTarget's sphere without covariances
	if d2 <= fallback {
		return false
	}
	var s [9]float64
	for i := range s {
		s[i] = a.PosCov[i] + b.PosCov[i]
	}
	if a.PosCov != ([9]float64{}) || b.PosCov != ([9]float64{}) {
		const r2 = RegistrationSigma * RegistrationSigma
		s[0] += r2
		s[4] += r2
		s[8] += r2
	}
	minor2 := s[0]*s[4] - s[1]*s[3]
	det := s[0]*(s[4]*s[8]-s[5]*s[7]) + s[1]*(s[5]*s[6]-s[3]*s[8]) + s[2]*(s[3]*s[7]-s[4]*s[6])
	if !(s[0] > 0 && minor2 > 0 && det > 0) {
		return false
	}
	// A relative margin far above rounding keeps the bound one-sided.
	return d2 > 1.000001*SameTargetGate*(s[0]+s[4]+s[8])
}
