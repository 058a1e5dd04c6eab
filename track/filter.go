package track

import (
	"errors"
	"math"
)

// A Filter is the estimator a Tracker runs on each track: its motion
// model, its measurement model and its initiation. EKF is the default;
// KF, UKF and IMM are the others.
type Filter interface {
	// Predict moves tk's state and covariance forward to time t ≥ tk.T.
	Predict(tk *Track, t float64)
	// PredictMeasurement gives the measurement that sensor s would make
	// of tk and its innovation covariance, for gating and association.
	PredictMeasurement(tk *Track, s *Sensor) (Prediction, error)
	// Update corrects tk, already predicted to the detection's time,
	// with detection d of sensor s.
	Update(tk *Track, s *Sensor, d Detection) error
	// Initiate returns the state and covariance of a new track started
	// from the single detection d of sensor s.
	Initiate(s *Sensor, d Detection) (x [6]float64, p [36]float64, err error)
	// UpdatePDA corrects tk, already predicted, with the weighted
	// detections of one JPDA scan.
	UpdatePDA(tk *Track, s *Sensor, h PDA) error
}

// A Staged filter estimates tentative tracks with a cheaper filter of its
// own, Tentative, and takes over that filter's estimate (Track.X and
// Track.P) when the tracker confirms the track. Most tentative tracks
// are false alarms or a target's second start that will be deleted
// within a few looks; until it has shown itself to be a target, two or
// three detections are all a track has, and a model that tells a turn
// or a ballistic arc from straight flight needs more.
type Staged interface {
	Filter
	// Tentative returns the filter of tentative tracks, or nil for the
	// filter itself.
	Tentative() Filter
}

// PDA is one track's share of a JPDA scan: the detections in its gate and
// the probability that each, or none, is its target's.
type PDA struct {
	Dets  []Detection
	Beta  []float64 // Beta[k]: probability that Dets[k] is the track's
	Beta0 float64   // probability that none of Dets is
	// PD (detection probability), PG (gate probability) and Clutter
	// (false-alarm density in measurement space) give an IMM its mode
	// likelihoods; single-model filters do not need them.
	PD, PG, Clutter float64
}

// EKF is the extended Kalman filter for a constant-velocity target seen in
// polar coordinates (with or without range rate) or, where it reduces to
// the linear Kalman filter, in Cartesian coordinates.
//
// Motion: each axis is a position and velocity driven by continuous white
// noise acceleration of spectral density AccelNoise = q (m²/s³), the CWNA
// model of Bar-Shalom, Li and Kirubarajan (Estimation with Applications to
// Tracking and Navigation, 2001, §6.2.2). Its exact discretisation over an
// interval T is F = [1 T; 0 1], Q = q [T³/3 T²/2; T²/2 T] per axis. It is
// exact for any T, which suits scans from several sensors at irregular
// intervals; the piecewise-constant (DWNA, §6.3.2) model is not used.
//
// Measurement: h(x) = polar(Rot·(p - Pos)), range, azimuth clockwise from
// north and elevation in the sensor's ENU axes, with independent errors
// of standard deviations SigmaRange, SigmaAz and SigmaEl, and the range
// rate (p - Pos)·v/|p - Pos| when the sensor measures it. The update
// linearises h at the predicted state with its analytic Jacobian:
// K = PHᵀS⁻¹, P ← P - KSKᵀ, computed on one triangle so that P stays
// exactly symmetric.
//
// Initiation: the position is the detection converted to Cartesian
// coordinates, its covariance the first-order converted-measurement
// covariance J R Jᵀ (J the Jacobian of the polar-to-Cartesian map), which
// is unbiased enough while r·σ_az²/σ_r stays well below 0.4 (Lerro and
// Bar-Shalom 1993); the velocity is zero with standard deviation
// InitVelSigma per axis.
type EKF struct {
	AccelNoise   float64 // q, m²/s³
	InitVelSigma float64 // m/s
}

// Predict moves tk to time t with the constant-velocity model.
func (f *EKF) Predict(tk *Track, t float64) { *tk = Predict(*tk, t, f.AccelNoise) }

// Predict returns tk moved to time t by the constant-velocity model with
// continuous white-noise acceleration of spectral density q (m²/s³); see
// EKF. A t before tk.T predicts backwards in the state, and shrinks no
// uncertainty: the noise term is added for |t - tk.T|.
func Predict(tk Track, t float64, q float64) Track {
	dt := t - tk.T
	a := math.Abs(dt)
	predictCV(&tk.X, &tk.P, dt, q*a*a*a/3, q*a*a/2*sign(dt), q*a)
	tk.T = t
	return tk
}

func sign(x float64) float64 {
	if x < 0 {
		return -1
	}
	return 1
}

// predictCV applies x ← Fx, P ← FPFᵀ + Q for the constant-velocity model
// over dt, with per-axis process noise [q11 q12; q12 q22].
func predictCV(x *[6]float64, p *[36]float64, dt, q11, q12, q22 float64) {
	for a := range 3 {
		x[a] += dt * x[a+3]
	}
	// Work on the 3×3 blocks: Ppp' = Ppp + dt(Ppv + Pvp) + dt²Pvv,
	// Ppv' = Ppv + dt Pvv, Pvp' = Pvp + dt Pvv, Pvv' = Pvv.
	for a := range 3 {
		for b := range 3 {
			pvv := p[(a+3)*6+b+3]
			p[a*6+b] += dt*(p[a*6+b+3]+p[(a+3)*6+b]) + dt*dt*pvv
			p[a*6+b+3] += dt * pvv
			p[(a+3)*6+b] += dt * pvv
		}
	}
	for a := range 3 {
		p[a*6+a] += q11
		p[a*6+a+3] += q12
		p[(a+3)*6+a] += q12
		p[(a+3)*6+a+3] += q22
	}
}

// PredictMeasurement evaluates h at the predicted state and
// S = HPHᵀ + R with H the Jacobian there.
func (f *EKF) PredictMeasurement(tk *Track, s *Sensor) (Prediction, error) {
	var mp measPred
	if err := linearise(s, tk.X[:], tk.P[:], 6, &mp); err != nil {
		return Prediction{}, err
	}
	return newPrediction(s, &mp)
}

// Update applies the EKF update with detection d.
func (f *EKF) Update(tk *Track, s *Sensor, d Detection) error {
	_, _, err := ekfUpdate(tk.X[:], tk.P[:], 6, s, &d)
	return err
}

// UpdatePDA applies the probabilistic data association update; see PDA.
func (f *EKF) UpdatePDA(tk *Track, s *Sensor, h PDA) error {
	var mp measPred
	if err := linearise(s, tk.X[:], tk.P[:], 6, &mp); err != nil {
		return err
	}
	return pdaUpdate(tk.X[:], tk.P[:], 6, s, &mp, h)
}

// ekfUpdate linearises at x and applies the Kalman update with d,
// returning the squared Mahalanobis distance and ln det S.
func ekfUpdate(x, p []float64, n int, s *Sensor, d *Detection) (d2, logDet float64, err error) {
	var mp measPred
	if err := linearise(s, x, p, n, &mp); err != nil {
		return 0, 0, err
	}
	r := measVar(s, d)
	z := measVec(s, d)
	return mp.correct(x, p, n, &r, &z)
}

// pdaUpdate applies the PDA update of h to x, p from the prediction mp.
func pdaUpdate(x, p []float64, n int, s *Sensor, mp *measPred, h PDA) error {
	r := measVar(s, nil)
	zs := make([][maxZ]float64, len(h.Dets))
	for k := range h.Dets {
		zs[k] = measVec(s, &h.Dets[k])
	}
	return mp.correctPDA(x, p, n, &r, zs, h.Beta0, h.Beta)
}

// Initiate starts a track at the converted position of d.
func (f *EKF) Initiate(s *Sensor, d Detection) (x [6]float64, p [36]float64, err error) {
	return initiate(s, &d, f.InitVelSigma)
}

// initiate returns the one-point initial state of a constant-velocity
// track: the detection's position with its converted covariance, zero
// velocity with variance σv² per axis, and, when the detection carries a
// range rate, the velocity conditioned on it.
func initiate(s *Sensor, d *Detection, velSigma float64) (x [6]float64, p [36]float64, err error) {
	pos, cov := detPos(s, d)
	x[0], x[1], x[2] = pos[0], pos[1], pos[2]
	for a := range 3 {
		for b := range 3 {
			p[a*6+b] = cov[a*3+b]
		}
		p[(a+3)*6+a+3] = velSigma * velSigma
	}
	for _, v := range x {
		if !finite(v) {
			return x, p, errors.New("track: detection converts to a non-finite position")
		}
	}
	for _, v := range p {
		if !finite(v) {
			return x, p, errors.New("track: detection converts to a non-finite covariance")
		}
	}
	if s.Kind == Polar && s.SigmaRangeRate > 0 {
		// With zero velocity ∂ṙ/∂p vanishes and ∂ṙ/∂v is the line of
		// sight: a scalar update puts the range rate on the radial
		// velocity and leaves the cross-range velocity to the prior.
		var mp measPred
		mp.m = 1
		r := pos[0] - s.Pos.X
		e := [3]float64{r, pos[1] - s.Pos.Y, pos[2] - s.Pos.Z}
		rn := math.Sqrt(e[0]*e[0] + e[1]*e[1] + e[2]*e[2])
		for i := range 6 {
			var sum float64
			for a := range 3 {
				sum += p[i*6+a+3] * e[a] / rn
			}
			mp.c[i*maxZ] = sum
		}
		mp.hph[0] = velSigma * velSigma
		v := measVar(s, d)
		rv := [maxZ]float64{v[3]}
		z := [maxZ]float64{d.RangeRate}
		if _, _, err := mp.correct(x[:], p[:], 6, &rv, &z); err != nil {
			return x, p, err
		}
	}
	return x, p, nil
}

// KF is the linear Kalman filter: the constant-velocity model of EKF
// with Cartesian position measurements, z = Hx + w, H = [I 0]. With a
// linear h the EKF's linearisation is exact, so KF is EKF restricted to
// Cartesian sensors; it refuses a polar sensor so that a configuration
// that needs the EKF says so.
type KF struct {
	AccelNoise   float64 // q, m²/s³
	InitVelSigma float64 // m/s
}

var errKFPolar = errors.New("track: KF takes Cartesian measurements only; use EKF or UKF for a polar sensor")

func (f *KF) ekf() *EKF { return &EKF{AccelNoise: f.AccelNoise, InitVelSigma: f.InitVelSigma} }

// Predict moves tk to time t with the constant-velocity model.
func (f *KF) Predict(tk *Track, t float64) { *tk = Predict(*tk, t, f.AccelNoise) }

// PredictMeasurement returns Hx̂ and S = HPHᵀ + R.
func (f *KF) PredictMeasurement(tk *Track, s *Sensor) (Prediction, error) {
	if s.Kind != Cartesian {
		return Prediction{}, errKFPolar
	}
	return f.ekf().PredictMeasurement(tk, s)
}

// Update applies the Kalman update.
func (f *KF) Update(tk *Track, s *Sensor, d Detection) error {
	if s.Kind != Cartesian {
		return errKFPolar
	}
	return f.ekf().Update(tk, s, d)
}

// UpdatePDA applies the PDA update.
func (f *KF) UpdatePDA(tk *Track, s *Sensor, h PDA) error {
	if s.Kind != Cartesian {
		return errKFPolar
	}
	return f.ekf().UpdatePDA(tk, s, h)
}

// Initiate starts a track at the detected position.
func (f *KF) Initiate(s *Sensor, d Detection) (x [6]float64, p [36]float64, err error) {
	if s.Kind != Cartesian {
		return x, p, errKFPolar
	}
	return initiate(s, &d, f.InitVelSigma)
}

// measure returns h(x) and its 3×6 Jacobian H (zero in the velocity
// columns) for sensor s.
func measure(s *Sensor, x *[6]float64) (z [3]float64, h [18]float64, err error) {
	dx, dy, dz := x[0]-s.Pos.X, x[1]-s.Pos.Y, x[2]-s.Pos.Z
	R := &s.Rot
	e := R[0]*dx + R[1]*dy + R[2]*dz
	n := R[3]*dx + R[4]*dy + R[5]*dz
	u := R[6]*dx + R[7]*dy + R[8]*dz
	h2 := e*e + n*n
	hor := math.Sqrt(h2)
	r2 := h2 + u*u
	r := math.Sqrt(r2)
	// Straight above the sensor the azimuth is undefined and its
	// derivative infinite.
	if !(hor > 1e-6) {
		return z, h, errors.New("track: target at the sensor's zenith: azimuth undefined")
	}
	az := math.Atan2(e, n)
	if az < 0 {
		az += 2 * math.Pi
	}
	z = [3]float64{r, az, math.Atan2(u, hor)}
	// Jacobian with respect to the local (e, n, u).
	j := [9]float64{
		e / r, n / r, u / r,
		n / h2, -e / h2, 0,
		-u * e / (r2 * hor), -u * n / (r2 * hor), hor / r2,
	}
	// Chain rule through d = Rot·(p - Pos): H_pos = J·Rot.
	for a := range 3 {
		for b := range 3 {
			h[a*6+b] = j[a*3]*R[b] + j[a*3+1]*R[3+b] + j[a*3+2]*R[6+b]
		}
	}
	return z, h, nil
}

// convert returns the Cartesian position of detection d in the tracker
// frame and its first-order covariance Rotᵀ J R Jᵀ Rot.
func convert(s *Sensor, d Detection) (pos [3]float64, cov [9]float64) {
	sAz, cAz := math.Sincos(d.Az)
	sEl, cEl := math.Sincos(d.El)
	r := d.Range
	local := [3]float64{r * cEl * sAz, r * cEl * cAz, r * sEl}
	// Columns: derivative with respect to range, azimuth, elevation.
	j := [9]float64{
		cEl * sAz, r * cEl * cAz, -r * sEl * sAz,
		cEl * cAz, -r * cEl * sAz, -r * sEl * cAz,
		sEl, 0, r * cEl,
	}
	sig := [3]float64{s.SigmaRange, s.SigmaAz, s.SigmaEl}
	var cl [9]float64 // J R Jᵀ in local axes
	for a := range 3 {
		for b := range 3 {
			var sum float64
			for k := range 3 {
				sum += j[a*3+k] * j[b*3+k] * sig[k] * sig[k]
			}
			cl[a*3+b] = sum
		}
	}
	R := &s.Rot
	for a := range 3 {
		pos[a] = R[a]*local[0] + R[3+a]*local[1] + R[6+a]*local[2]
	}
	pos[0] += s.Pos.X
	pos[1] += s.Pos.Y
	pos[2] += s.Pos.Z
	// cov = Rotᵀ cl Rot.
	var t [9]float64
	for a := range 3 {
		for b := range 3 {
			t[a*3+b] = cl[a*3]*R[b] + cl[a*3+1]*R[3+b] + cl[a*3+2]*R[6+b]
		}
	}
	for a := range 3 {
		for b := range 3 {
			cov[a*3+b] = R[a]*t[b] + R[3+a]*t[3+b] + R[6+a]*t[6+b]
		}
	}
	return pos, cov
}

// wrapPi wraps an angle difference into [-π, π).
func wrapPi(a float64) float64 {
	// Differences of two azimuths in [0, 2π) need one turn at most;
	// math.Mod, many times slower, is for the rest.
	switch {
	case a >= -math.Pi && a < math.Pi:
		return a
	case a >= math.Pi && a < 3*math.Pi:
		return a - 2*math.Pi
	case a < -math.Pi && a >= -3*math.Pi:
		return a + 2*math.Pi
	}
	a = math.Mod(a+math.Pi, 2*math.Pi)
	if a < 0 {
		a += 2 * math.Pi
	}
	return a - math.Pi
}
