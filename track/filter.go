package track

import (
	"errors"
	"math"
)

// A Filter is the estimator a Tracker runs on each track: its motion
// model, its measurement model and its initiation. EKF is the default;
// other filters (unscented, interacting multiple model) plug in here.
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
}

// Prediction is a track's predicted measurement in polar coordinates and
// its innovation covariance S = HPHᵀ + R.
type Prediction struct {
	Z       [3]float64 // range (m), azimuth (rad, [0, 2π)), elevation (rad)
	S       [9]float64 // innovation covariance, row-major
	SInv    [9]float64 // its inverse
	LogDetS float64    // ln det S
}

// Residual returns the innovation ν = z - ẑ of detection d, with the
// azimuth difference wrapped into [-π, π) so that a target near north
// is not 2π away from itself.
func (p *Prediction) Residual(d Detection) [3]float64 {
	return [3]float64{d.Range - p.Z[0], wrapPi(d.Az - p.Z[1]), d.El - p.Z[2]}
}

// Distance2 returns the squared Mahalanobis distance νᵀS⁻¹ν of
// detection d, chi-square distributed with 3 degrees of freedom when d
// comes from the track's target and the model holds.
func (p *Prediction) Distance2(d Detection) float64 {
	v := p.Residual(d)
	return quad3(&p.SInv, v)
}

// EKF is the extended Kalman filter for a constant-velocity target seen in
// polar coordinates.
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
// of standard deviations SigmaRange, SigmaAz and SigmaEl. The update
// linearises h at the predicted state with its analytic Jacobian and
// applies the Joseph form, which keeps P symmetric and positive definite.
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
	var pr Prediction
	z, h, err := measure(s, &tk.X)
	if err != nil {
		return pr, err
	}
	pr.Z = z
	var pht [18]float64
	innovation(&tk.P, &h, s, &pht, &pr.S)
	det, ok := inv3(&pr.S, &pr.SInv)
	if !ok {
		return pr, errors.New("track: innovation covariance not positive definite")
	}
	pr.LogDetS = math.Log(det)
	return pr, nil
}

// Update applies the EKF update with detection d.
func (f *EKF) Update(tk *Track, s *Sensor, d Detection) error {
	z, h, err := measure(s, &tk.X)
	if err != nil {
		return err
	}
	nu := [3]float64{d.Range - z[0], wrapPi(d.Az - z[1]), d.El - z[2]}
	r := sensorR(s)
	return kfUpdate(&tk.X, &tk.P, &h, &r, nu)
}

// Initiate starts a track at the converted position of d.
func (f *EKF) Initiate(s *Sensor, d Detection) (x [6]float64, p [36]float64, err error) {
	pos, cov := convert(s, d)
	x[0], x[1], x[2] = pos[0], pos[1], pos[2]
	for a := range 3 {
		for b := range 3 {
			p[a*6+b] = cov[a*3+b]
		}
		p[(a+3)*6+a+3] = f.InitVelSigma * f.InitVelSigma
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
	return x, p, nil
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

func sensorR(s *Sensor) [9]float64 {
	return [9]float64{
		s.SigmaRange * s.SigmaRange, 0, 0,
		0, s.SigmaAz * s.SigmaAz, 0,
		0, 0, s.SigmaEl * s.SigmaEl,
	}
}

// innovation computes PHᵀ (6×3) and S = HPHᵀ + R for a 3×6 H whose
// velocity columns may be non-zero.
func innovation(p *[36]float64, h *[18]float64, s *Sensor, pht *[18]float64, S *[9]float64) {
	r := sensorR(s)
	innovationR(p, h, &r, pht, S)
}

func innovationR(p *[36]float64, h *[18]float64, r *[9]float64, pht *[18]float64, S *[9]float64) {
	for i := range 6 {
		for a := range 3 {
			var sum float64
			for k := range 6 {
				sum += p[i*6+k] * h[a*6+k]
			}
			pht[i*3+a] = sum
		}
	}
	for a := range 3 {
		for b := range 3 {
			var sum float64
			for k := range 6 {
				sum += h[a*6+k] * pht[k*3+b]
			}
			S[a*3+b] = sum + r[a*3+b]
		}
	}
	// Symmetrise against rounding.
	for a := range 3 {
		for b := a + 1; b < 3; b++ {
			m := (S[a*3+b] + S[b*3+a]) / 2
			S[a*3+b], S[b*3+a] = m, m
		}
	}
}

// kfUpdate applies the Kalman update x ← x + Kν, P ← (I-KH)P(I-KH)ᵀ + KRKᵀ
// with K = PHᵀS⁻¹, for a linear(ised) 3-dimensional measurement.
func kfUpdate(x *[6]float64, p *[36]float64, h *[18]float64, r *[9]float64, nu [3]float64) error {
	var pht [18]float64
	var S, si [9]float64
	innovationR(p, h, r, &pht, &S)
	if _, ok := inv3(&S, &si); !ok {
		return errors.New("track: innovation covariance not positive definite")
	}
	var k [18]float64
	for i := range 6 {
		for b := range 3 {
			k[i*3+b] = pht[i*3]*si[b] + pht[i*3+1]*si[3+b] + pht[i*3+2]*si[6+b]
		}
	}
	for i := range 6 {
		x[i] += k[i*3]*nu[0] + k[i*3+1]*nu[1] + k[i*3+2]*nu[2]
	}
	// A = I - KH.
	var a [36]float64
	for i := range 6 {
		for j := range 6 {
			v := -(k[i*3]*h[j] + k[i*3+1]*h[6+j] + k[i*3+2]*h[12+j])
			if i == j {
				v++
			}
			a[i*6+j] = v
		}
	}
	var ap [36]float64 // A·P
	for i := range 6 {
		for j := range 6 {
			var sum float64
			for m := range 6 {
				sum += a[i*6+m] * p[m*6+j]
			}
			ap[i*6+j] = sum
		}
	}
	var kr [18]float64 // K·R
	for i := range 6 {
		for b := range 3 {
			kr[i*3+b] = k[i*3]*r[b] + k[i*3+1]*r[3+b] + k[i*3+2]*r[6+b]
		}
	}
	for i := range 6 {
		for j := i; j < 6; j++ {
			var sum float64
			for m := range 6 {
				sum += ap[i*6+m] * a[j*6+m]
			}
			sum += kr[i*3]*k[j*3] + kr[i*3+1]*k[j*3+1] + kr[i*3+2]*k[j*3+2]
			p[i*6+j], p[j*6+i] = sum, sum
		}
	}
	return nil
}

// inv3 inverts the symmetric positive definite 3×3 matrix m into out and
// returns its determinant; ok is false when m is not positive definite.
func inv3(m, out *[9]float64) (det float64, ok bool) {
	c00 := m[4]*m[8] - m[5]*m[7]
	c01 := m[5]*m[6] - m[3]*m[8]
	c02 := m[3]*m[7] - m[4]*m[6]
	det = m[0]*c00 + m[1]*c01 + m[2]*c02
	if !(det > 0) || math.IsInf(det, 0) || !(m[0] > 0) || !(m[0]*m[4]-m[1]*m[3] > 0) {
		return det, false
	}
	id := 1 / det
	out[0] = c00 * id
	out[1] = (m[2]*m[7] - m[1]*m[8]) * id
	out[2] = (m[1]*m[5] - m[2]*m[4]) * id
	out[3] = c01 * id
	out[4] = (m[0]*m[8] - m[2]*m[6]) * id
	out[5] = (m[2]*m[3] - m[0]*m[5]) * id
	out[6] = c02 * id
	out[7] = (m[1]*m[6] - m[0]*m[7]) * id
	out[8] = (m[0]*m[4] - m[1]*m[3]) * id
	return det, true
}

func quad3(m *[9]float64, v [3]float64) float64 {
	return v[0]*(m[0]*v[0]+m[1]*v[1]+m[2]*v[2]) +
		v[1]*(m[3]*v[0]+m[4]*v[1]+m[5]*v[2]) +
		v[2]*(m[6]*v[0]+m[7]*v[1]+m[8]*v[2])
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
