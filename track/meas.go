package track

import (
	"errors"
	"math"
)

// maxZ is the largest measurement dimension: range, azimuth, elevation
// and range rate.
const maxZ = 4

// maxX is the largest state dimension of any motion model (the IMM's
// common space: position, velocity, acceleration and turn rate).
const maxX = 11

var errNotPD = errors.New("track: innovation covariance not positive definite")

// measPred is what a filter knows of the measurement a sensor would make
// of its state: the predicted measurement Z, the cross-covariance C of
// the state and the measurement (n×m, stride maxZ) and the measurement's
// covariance HPH from the state alone (m×m, stride maxZ). An EKF
// linearises h (C = PHᵀ, HPH = HPHᵀ); a UKF takes them from sigma points.
type measPred struct {
	m     int
	polar bool
	z     [maxZ]float64
	c     [maxX * maxZ]float64
	hph   [maxZ * maxZ]float64
}

// dim returns the measurement dimension of sensor s.
func dim(s *Sensor) int {
	if s.Kind == Polar && s.SigmaRangeRate > 0 {
		return 4
	}
	return 3
}

// measVar returns the measurement variances of detection d by sensor s:
// the sensor's, or the detection's own where it gives one.
func measVar(s *Sensor, d *Detection) [maxZ]float64 {
	sig := [maxZ]float64{s.SigmaRange, s.SigmaAz, s.SigmaEl, s.SigmaRangeRate}
	if s.Kind == Cartesian {
		sig = [maxZ]float64{s.SigmaX, s.SigmaY, s.SigmaZ, 0}
	}
	var r [maxZ]float64
	for a := range sig {
		if d != nil && d.Sigma[a] > 0 {
			sig[a] = d.Sigma[a]
		}
		r[a] = sig[a] * sig[a]
	}
	return r
}

// measVec returns the measured vector of detection d by sensor s.
func measVec(s *Sensor, d *Detection) [maxZ]float64 {
	if s.Kind == Cartesian {
		return [maxZ]float64{d.Pos.X, d.Pos.Y, d.Pos.Z}
	}
	return [maxZ]float64{d.Range, d.Az, d.El, d.RangeRate}
}

// validDet reports whether d can be used with sensor s: finite values and,
// for a polar sensor, a positive range.
func validDet(s *Sensor, d *Detection) bool {
	if s.Kind == Cartesian {
		return finite(d.Pos.X) && finite(d.Pos.Y) && finite(d.Pos.Z)
	}
	if !(finite(d.Range) && finite(d.Az) && finite(d.El) && d.Range > 0) {
		return false
	}
	return s.SigmaRangeRate <= 0 || finite(d.RangeRate)
}

// hKin evaluates the measurement function of sensor s at the kinematic
// state x (position and velocity) and its m×6 Jacobian (stride 6).
func hKin(s *Sensor, x *[6]float64) (z [maxZ]float64, h [maxZ * 6]float64, m int, err error) {
	if s.Kind == Cartesian {
		for a := range 3 {
			z[a] = x[a]
			h[a*6+a] = 1
		}
		return z, h, 3, nil
	}
	z3, h3, err := measure(s, x)
	if err != nil {
		return z, h, 0, err
	}
	copy(z[:3], z3[:])
	copy(h[:18], h3[:])
	if s.SigmaRangeRate <= 0 {
		return z, h, 3, nil
	}
	// Range rate ṙ = d·v/r with d = p - Pos: rotation does not change a
	// dot product, so the tracker frame serves. ∂ṙ/∂p = (v - ṙ d/r)/r,
	// ∂ṙ/∂v = d/r.
	d := [3]float64{x[0] - s.Pos.X, x[1] - s.Pos.Y, x[2] - s.Pos.Z}
	r := z3[0]
	rr := (d[0]*x[3] + d[1]*x[4] + d[2]*x[5]) / r
	z[3] = rr
	for a := range 3 {
		h[18+a] = (x[a+3] - rr*d[a]/r) / r
		h[18+a+3] = d[a] / r
	}
	return z, h, 4, nil
}

// linearise fills mp for the state x (n entries, the first six position
// and velocity) with covariance p (n×n) by the first-order (EKF) method.
func linearise(s *Sensor, x, p []float64, n int, mp *measPred) error {
	var k [6]float64
	copy(k[:], x[:6])
	z, h, m, err := hKin(s, &k)
	if err != nil {
		return err
	}
	mp.m, mp.polar, mp.z = m, s.Kind == Polar, z
	for i := range n {
		row := p[i*n : i*n+6]
		for a := range m {
			ha := h[a*6 : a*6+6]
			mp.c[i*maxZ+a] = row[0]*ha[0] + row[1]*ha[1] + row[2]*ha[2] + row[3]*ha[3] + row[4]*ha[4] + row[5]*ha[5]
		}
	}
	for a := range m {
		ha := h[a*6 : a*6+6]
		for b := a; b < m; b++ {
			var sum float64
			for k := range 6 {
				sum += ha[k] * mp.c[k*maxZ+b]
			}
			mp.hph[a*maxZ+b], mp.hph[b*maxZ+a] = sum, sum
		}
	}
	return nil
}

// residual returns the innovation z - mp.z, with the azimuth difference
// of a polar measurement wrapped into [-π, π).
func (mp *measPred) residual(z *[maxZ]float64) [maxZ]float64 {
	var nu [maxZ]float64
	for a := range mp.m {
		nu[a] = z[a] - mp.z[a]
	}
	if mp.polar {
		nu[1] = wrapPi(nu[1])
	}
	return nu
}

// innov returns S = HPH + R and its inverse and log determinant.
func (mp *measPred) innov(r *[maxZ]float64) (S, SInv [maxZ * maxZ]float64, logDet float64, err error) {
	S = mp.hph
	for a := range mp.m {
		S[a*maxZ+a] += r[a]
	}
	logDet, ok := invSPD(&S, mp.m, &SInv)
	if !ok {
		return S, SInv, 0, errNotPD
	}
	return S, SInv, logDet, nil
}

// correct applies the Kalman update with measurement z of variances r
// to the state x (n) and covariance p (n×n): K = C S⁻¹, x += Kν,
// P -= K Cᵀ, keeping P exactly symmetric. It returns the squared Mahalanobis
// distance of the innovation and ln det S, for likelihoods.
func (mp *measPred) correct(x, p []float64, n int, r *[maxZ]float64, z *[maxZ]float64) (d2, logDet float64, err error) {
	_, si, logDet, err := mp.innov(r)
	if err != nil {
		return 0, 0, err
	}
	nu := mp.residual(z)
	d2 = quadN(&si, &nu, mp.m)
	k := mp.gain(&si, n)
	m := mp.m
	for i := range n {
		for a := range m {
			x[i] += k[i*maxZ+a] * nu[a]
		}
	}
	// K Cᵀ = C S⁻¹ Cᵀ is symmetric: compute one triangle and mirror it.
	for i := range n {
		for j := i; j < n; j++ {
			v := p[i*n+j] - kc(&k, &mp.c, i, j, m)
			p[i*n+j], p[j*n+i] = v, v
		}
	}
	for i := range n {
		if !(p[i*n+i] > 0) || !finite(x[i]) {
			return d2, logDet, errors.New("track: update lost positive definiteness")
		}
	}
	return d2, logDet, nil
}

func kc(k, c *[maxX * maxZ]float64, i, j, m int) float64 {
	var sum float64
	for a := range m {
		sum += k[i*maxZ+a] * c[j*maxZ+a]
	}
	return sum
}

// gain returns K = C S⁻¹ (n×m, stride maxZ).
func (mp *measPred) gain(si *[maxZ * maxZ]float64, n int) [maxX * maxZ]float64 {
	var k [maxX * maxZ]float64
	m := mp.m
	for i := range n {
		for b := range m {
			var sum float64
			for a := range m {
				sum += mp.c[i*maxZ+a] * si[a*maxZ+b]
			}
			k[i*maxZ+b] = sum
		}
	}
	return k
}

// correctPDA applies the probabilistic data association update
// (Bar-Shalom and Tse 1975; Bar-Shalom, Willett and Tian, Tracking and
// Data Fusion, 2011, §3.4): with β0 the probability that none of the
// detections is the target's and β[k] that detection k is,
//
//	x ← x + K ν̄,  ν̄ = Σ β_k ν_k,
//	P ← P - (1-β0) K S Kᵀ + K (Σ β_k ν_k ν_kᵀ - ν̄ ν̄ᵀ) Kᵀ.
//
// The innovations use each detection's own variances through S only as
// far as the common gain allows: the gain is that of the sensor's R.
func (mp *measPred) correctPDA(x, p []float64, n int, r *[maxZ]float64, zs [][maxZ]float64, beta0 float64, beta []float64) error {
	S, si, _, err := mp.innov(r)
	if err != nil {
		return err
	}
	m := mp.m
	var nubar [maxZ]float64
	var spread [maxZ * maxZ]float64
	for k := range zs {
		nu := mp.residual(&zs[k])
		for a := range m {
			nubar[a] += beta[k] * nu[a]
			for b := range m {
				spread[a*maxZ+b] += beta[k] * nu[a] * nu[b]
			}
		}
	}
	// M = (1-β0) S - (Σβνν' - ν̄ν̄'): P ← P - K M Kᵀ.
	var mm [maxZ * maxZ]float64
	for a := range m {
		for b := range m {
			mm[a*maxZ+b] = (1-beta0)*S[a*maxZ+b] - (spread[a*maxZ+b] - nubar[a]*nubar[b])
		}
	}
	k := mp.gain(&si, n)
	for i := range n {
		for a := range m {
			x[i] += k[i*maxZ+a] * nubar[a]
		}
	}
	var km [maxX * maxZ]float64
	for i := range n {
		for b := range m {
			var sum float64
			for a := range m {
				sum += k[i*maxZ+a] * mm[a*maxZ+b]
			}
			km[i*maxZ+b] = sum
		}
	}
	for i := range n {
		for j := i; j < n; j++ {
			v := p[i*n+j] - kc(&km, &k, i, j, m)
			p[i*n+j], p[j*n+i] = v, v
		}
	}
	for i := range n {
		if !(p[i*n+i] > 0) || !finite(x[i]) {
			return errors.New("track: PDA update lost positive definiteness")
		}
	}
	return nil
}

// invSPD inverts the symmetric positive definite m×m matrix a (stride
// maxZ) by Cholesky factorisation, returning ln det a; ok is false when a
// is not positive definite.
func invSPD(a *[maxZ * maxZ]float64, m int, out *[maxZ * maxZ]float64) (logDet float64, ok bool) {
	var l [maxZ * maxZ]float64
	for j := range m {
		d := a[j*maxZ+j]
		for k := range j {
			d -= l[j*maxZ+k] * l[j*maxZ+k]
		}
		if !(d > 0) || math.IsInf(d, 0) {
			return 0, false
		}
		ljj := math.Sqrt(d)
		l[j*maxZ+j] = ljj
		logDet += 2 * math.Log(ljj)
		for i := j + 1; i < m; i++ {
			s := a[i*maxZ+j]
			for k := range j {
				s -= l[i*maxZ+k] * l[j*maxZ+k]
			}
			l[i*maxZ+j] = s / ljj
		}
	}
	// L⁻¹ by forward substitution, then a⁻¹ = L⁻ᵀ L⁻¹.
	var li [maxZ * maxZ]float64
	for j := range m {
		li[j*maxZ+j] = 1 / l[j*maxZ+j]
		for i := j + 1; i < m; i++ {
			var s float64
			for k := j; k < i; k++ {
				s -= l[i*maxZ+k] * li[k*maxZ+j]
			}
			li[i*maxZ+j] = s / l[i*maxZ+i]
		}
	}
	for i := range m {
		for j := i; j < m; j++ {
			var s float64
			for k := j; k < m; k++ {
				s += li[k*maxZ+i] * li[k*maxZ+j]
			}
			out[i*maxZ+j], out[j*maxZ+i] = s, s
		}
	}
	return logDet, true
}

func quadN(a *[maxZ * maxZ]float64, v *[maxZ]float64, m int) float64 {
	var s float64
	for i := range m {
		var r float64
		for j := range m {
			r += a[i*maxZ+j] * v[j]
		}
		s += v[i] * r
	}
	return s
}

// Prediction is a track's predicted measurement and its innovation
// covariance S = HPHᵀ + R with the sensor's R, for gating and
// association. Matrices are Dim×Dim, row-major with stride 4.
type Prediction struct {
	Dim     int        // 3, or 4 for a polar sensor with range rate
	Z       [4]float64 // range (m), azimuth (rad, [0, 2π)), elevation (rad), range rate (m/s); or x, y, z (m)
	HPH     [16]float64
	S       [16]float64
	SInv    [16]float64
	LogDetS float64
	mp      measPred
	s       *Sensor
}

func newPrediction(s *Sensor, mp *measPred) (Prediction, error) {
	pr := Prediction{Dim: mp.m, Z: mp.z, HPH: mp.hph, mp: *mp, s: s}
	r := measVar(s, nil)
	var err error
	pr.S, pr.SInv, pr.LogDetS, err = mp.innov(&r)
	return pr, err
}

// Residual returns the innovation ν = z - ẑ of detection d, with the
// azimuth difference wrapped into [-π, π) so that a target near north
// is not 2π away from itself.
func (p *Prediction) Residual(d Detection) [4]float64 {
	z := p.measVec(&d)
	return p.mp.residual(&z)
}

func (p *Prediction) measVec(d *Detection) [maxZ]float64 {
	if p.s != nil {
		return measVec(p.s, d)
	}
	if p.mp.polar || p.Dim == 0 {
		return [maxZ]float64{d.Range, d.Az, d.El, d.RangeRate}
	}
	return [maxZ]float64{d.Pos.X, d.Pos.Y, d.Pos.Z}
}

// Distance2 returns the squared Mahalanobis distance νᵀS⁻¹ν of
// detection d, chi-square distributed with Dim degrees of freedom when d
// comes from the track's target and the model holds. A detection with
// its own Sigma is measured against its own S.
func (p *Prediction) Distance2(d Detection) float64 {
	d2, _, _ := p.Likelihood(d)
	return d2
}

// Likelihood returns the squared Mahalanobis distance of d and ln det S,
// so that the Gaussian likelihood of d is
// exp(-d2/2) / ((2π)^(Dim/2) exp(logDetS/2)). ok is false when the
// detection's own variances give an S that is not positive definite.
func (p *Prediction) Likelihood(d Detection) (d2, logDetS float64, ok bool) {
	z := p.measVec(&d)
	nu := p.mp.residual(&z)
	if d.Sigma == ([4]float64{}) || p.s == nil {
		return quadN(&p.SInv, &nu, p.Dim), p.LogDetS, true
	}
	r := measVar(p.s, &d)
	_, si, ld, err := p.mp.innov(&r)
	if err != nil {
		return math.Inf(1), 0, false
	}
	return quadN(&si, &nu, p.Dim), ld, true
}
