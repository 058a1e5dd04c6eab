package track

import (
	"errors"
	"math"
)

// UKF is the unscented Kalman filter (S. J. Julier and J. K. Uhlmann,
// "A new extension of the Kalman filter to nonlinear systems", 1997; the
// scaled form of E. A. Wan and R. van der Merwe, "The unscented Kalman
// filter for nonlinear estimation", IEEE AS-SPCC 2000) for the
// constant-velocity target of EKF seen by a polar sensor.
//
// The motion model is linear, and the unscented transform of a linear map
// is exact, so the prediction is EKF's: F and the exactly discretised
// CWNA Q. The measurement goes through 2n+1 = 13 sigma points
// x̂ ± √((n+λ)P) columns, λ = α²(n+κ) - n, with mean weights λ/(n+λ) and
// 1/(2(n+λ)), the centre's covariance weight adding 1 - α² + β. Their
// images under the full nonlinear h give the predicted measurement, its
// covariance and the state-measurement cross-covariance; the update is
// then the Kalman update with K = P_xz S⁻¹. Azimuths are averaged as
// differences from the centre point's azimuth, wrapped, so a spread of
// sigma points across north does not average to south.
//
// Zero Alpha means 1, zero Beta 2 (optimal for a Gaussian prior), and
// Kappa is used as given (0 is usual): with α = 1, κ = 0 the centre point
// has mean weight 0 and the 12 others 1/12 each, all positive, which
// keeps HPH positive semi-definite.
type UKF struct {
	AccelNoise   float64 // q, m²/s³
	InitVelSigma float64 // m/s
	Alpha, Beta  float64
	Kappa        float64
}

// Predict moves tk to time t with the constant-velocity model.
func (f *UKF) Predict(tk *Track, t float64) { *tk = Predict(*tk, t, f.AccelNoise) }

// PredictMeasurement returns the unscented predicted measurement and S.
func (f *UKF) PredictMeasurement(tk *Track, s *Sensor) (Prediction, error) {
	var mp measPred
	if err := f.unscented(s, &tk.X, &tk.P, &mp); err != nil {
		return Prediction{}, err
	}
	return newPrediction(s, &mp)
}

// Update applies the unscented Kalman update with d.
func (f *UKF) Update(tk *Track, s *Sensor, d Detection) error {
	var mp measPred
	if err := f.unscented(s, &tk.X, &tk.P, &mp); err != nil {
		return err
	}
	r := measVar(s, &d)
	z := measVec(s, &d)
	_, _, err := mp.correct(tk.X[:], tk.P[:], 6, &r, &z)
	return err
}

// UpdatePDA applies the PDA update with the unscented gain.
func (f *UKF) UpdatePDA(tk *Track, s *Sensor, h PDA) error {
	var mp measPred
	if err := f.unscented(s, &tk.X, &tk.P, &mp); err != nil {
		return err
	}
	return pdaUpdate(tk.X[:], tk.P[:], 6, s, &mp, h)
}

// Initiate starts a track at the converted position of d, as EKF does.
func (f *UKF) Initiate(s *Sensor, d Detection) (x [6]float64, p [36]float64, err error) {
	return initiate(s, &d, f.InitVelSigma)
}

func (f *UKF) params() (alpha, beta, kappa float64) {
	alpha, beta, kappa = f.Alpha, f.Beta, f.Kappa
	if alpha == 0 {
		alpha = 1
	}
	if beta == 0 {
		beta = 2
	}
	return alpha, beta, kappa
}

// unscented fills mp by the scaled unscented transform of h.
func (f *UKF) unscented(s *Sensor, x *[6]float64, p *[36]float64, mp *measPred) error {
	const n = 6
	alpha, beta, kappa := f.params()
	lambda := alpha*alpha*(n+kappa) - n
	if !(n+lambda > 0) {
		return errors.New("track: UKF: α²(n+κ) must be > 0")
	}
	l, ok := cholesky6(p)
	if !ok {
		return errors.New("track: UKF: state covariance not positive definite")
	}
	scale := math.Sqrt(n + lambda)
	wm0 := lambda / (n + lambda)
	wc0 := wm0 + 1 - alpha*alpha + beta
	wi := 1 / (2 * (n + lambda))

	var pts [2*n + 1][6]float64
	pts[0] = *x
	for j := range n {
		for i := range n {
			d := scale * l[i*n+j]
			pts[1+j][i] = x[i] + d
			pts[1+n+j][i] = x[i] - d
		}
	}
	var zs [2*n + 1][maxZ]float64
	m := 0
	for k := range pts {
		z, _, mk, err := hKin(s, &pts[k])
		if err != nil {
			return err
		}
		zs[k], m = z, mk
	}
	polar := s.Kind == Polar
	if polar {
		// Express every azimuth as the centre's plus a wrapped difference.
		for k := 1; k < len(zs); k++ {
			zs[k][1] = zs[0][1] + wrapPi(zs[k][1]-zs[0][1])
		}
	}
	var zm [maxZ]float64
	for k := range zs {
		w := wi
		if k == 0 {
			w = wm0
		}
		for a := range m {
			zm[a] += w * zs[k][a]
		}
	}
	*mp = measPred{m: m, polar: polar, z: zm}
	for k := range zs {
		w := wi
		if k == 0 {
			w = wc0
		}
		var dz [maxZ]float64
		for a := range m {
			dz[a] = zs[k][a] - zm[a]
		}
		for a := range m {
			for b := range m {
				mp.hph[a*maxZ+b] += w * dz[a] * dz[b]
			}
		}
		for i := range n {
			dx := pts[k][i] - x[i]
			for a := range m {
				mp.c[i*maxZ+a] += w * dx * dz[a]
			}
		}
	}
	if polar && mp.z[1] < 0 {
		mp.z[1] += 2 * math.Pi
	} else if polar && mp.z[1] >= 2*math.Pi {
		mp.z[1] -= 2 * math.Pi
	}
	return nil
}

// cholesky6 returns the lower Cholesky factor of the 6×6 p.
func cholesky6(p *[36]float64) (l [36]float64, ok bool) {
	return l, choleskyN(p[:], 6, l[:])
}

// choleskyN writes the lower Cholesky factor of the n×n a into l and
// reports whether a is positive definite.
func choleskyN(a []float64, n int, l []float64) bool {
	for j := range n {
		d := a[j*n+j]
		for k := range j {
			d -= l[j*n+k] * l[j*n+k]
		}
		if !(d > 0) || math.IsInf(d, 0) {
			return false
		}
		ljj := math.Sqrt(d)
		l[j*n+j] = ljj
		for i := j + 1; i < n; i++ {
			s := a[i*n+j]
			for k := range j {
				s -= l[i*n+k] * l[j*n+k]
			}
			l[i*n+j] = s / ljj
		}
	}
	return true
}
