package track

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/spatial/r3"
	"gonum.org/v1/gonum/stat/distuv"
)

// rotZX returns Rx(b)·Rz(a): a proper rotation that mixes all three axes,
// standing for a sensor whose ENU axes differ from the tracker frame's.
func rotZX(a, b float64) [9]float64 {
	sa, ca := math.Sincos(a)
	sb, cb := math.Sincos(b)
	rz := [9]float64{ca, -sa, 0, sa, ca, 0, 0, 0, 1}
	rx := [9]float64{1, 0, 0, 0, cb, -sb, 0, sb, cb}
	var r [9]float64
	for i := range 3 {
		for j := range 3 {
			for k := range 3 {
				r[i*3+j] += rx[i*3+k] * rz[k*3+j]
			}
		}
	}
	return r
}

func testSensor() Sensor {
	return Sensor{
		ID: "radar", Pos: r3.Vec{X: 1000, Y: -2000, Z: 30}, Rot: rotZX(0.3, 0.02),
		SigmaRange: 20, SigmaAz: 2e-3, SigmaEl: 2e-3,
	}
}

// TestJacobian checks the analytic measurement Jacobian against central
// finite differences of h, including across north and at high elevation.
func TestJacobian(t *testing.T) {
	s := testSensor()
	states := [][6]float64{
		{30e3, 40e3, 5e3, 100, -50, 3},
		{-20e3, 5e3, 12e3, 0, 0, 0},
		{1200, 1e3, 3e3, 0, 0, 0}, // steep: near the zenith
		{-7e3, 60e3, 100, 0, 0, 0},
	}
	// Put one state due north of the sensor in its own axes, where the
	// azimuth wraps from 2π to 0.
	var north [3]float64
	for a := range 3 {
		north[a] = s.Rot[3+a]*50e3 + s.Rot[6+a]*2e3
	}
	states = append(states, [6]float64{s.Pos.X + north[0], s.Pos.Y + north[1], s.Pos.Z + north[2]})
	for _, x := range states {
		_, h, err := measure(&s, &x)
		if err != nil {
			t.Fatal(err)
		}
		for b := range 6 {
			step := 1e-2
			xp, xm := x, x
			xp[b] += step
			xm[b] -= step
			zp, _, _ := measure(&s, &xp)
			zm, _, _ := measure(&s, &xm)
			for a := range 3 {
				d := zp[a] - zm[a]
				if a == 1 {
					d = wrapPi(d)
				}
				fd := d / (2 * step)
				if math.Abs(fd-h[a*6+b]) > 1e-6*math.Abs(fd)+1e-12 {
					t.Errorf("x=%v: H[%d][%d] = %g, finite difference %g", x, a, b, h[a*6+b], fd)
				}
			}
		}
	}
}

// TestConvert checks the polar-to-Cartesian initiation: it inverts h, and
// its covariance is J R Jᵀ with J from finite differences of the inverse.
func TestConvert(t *testing.T) {
	s := testSensor()
	x := [6]float64{30e3, 40e3, 5e3}
	z, _, err := measure(&s, &x)
	if err != nil {
		t.Fatal(err)
	}
	d := Detection{Range: z[0], Az: z[1], El: z[2]}
	pos, cov := convert(&s, d)
	for a := range 3 {
		if math.Abs(pos[a]-x[a]) > 1e-6 {
			t.Errorf("convert(h(x)) = %v, want %v", pos, x[:3])
		}
	}
	sig := [3]float64{s.SigmaRange, s.SigmaAz, s.SigmaEl}
	steps := [3]float64{1e-2, 1e-8, 1e-8}
	var j [9]float64
	for k := range 3 {
		dp, dm := d, d
		switch k {
		case 0:
			dp.Range += steps[k]
			dm.Range -= steps[k]
		case 1:
			dp.Az += steps[k]
			dm.Az -= steps[k]
		case 2:
			dp.El += steps[k]
			dm.El -= steps[k]
		}
		pp, _ := convert(&s, dp)
		pm, _ := convert(&s, dm)
		for a := range 3 {
			j[a*3+k] = (pp[a] - pm[a]) / (2 * steps[k])
		}
	}
	for a := range 3 {
		for b := range 3 {
			var want float64
			for k := range 3 {
				want += j[a*3+k] * j[b*3+k] * sig[k] * sig[k]
			}
			if math.Abs(cov[a*3+b]-want) > 1e-5*math.Sqrt(cov[a*3+a]*cov[b*3+b]) {
				t.Errorf("cov[%d][%d] = %g, want %g", a, b, cov[a*3+b], want)
			}
		}
	}
}

func TestResidualWrap(t *testing.T) {
	p := Prediction{Dim: 3, Z: [4]float64{1000, 0.001, 0.1}, mp: measPred{m: 3, polar: true, z: [4]float64{1000, 0.001, 0.1}}}
	got := p.Residual(Detection{Range: 1010, Az: 2*math.Pi - 0.001, El: 0.1})
	if math.Abs(got[0]-10) > 1e-12 || math.Abs(got[1]+0.002) > 1e-12 || got[2] != 0 {
		t.Errorf("Residual = %v, want [10 -0.002 0]", got)
	}
}

// TestPredictSemigroup checks that the discretisation of the white-noise
// acceleration model is exact: predicting over t1 then t2 gives the same
// state and covariance as predicting over t1+t2 at once, which holds for
// F = [1 T; 0 1], Q = q[T³/3 T²/2; T²/2 T] and fails for approximations
// such as the piecewise-constant (DWNA) Q.
func TestPredictSemigroup(t *testing.T) {
	tk := Track{T: 3, X: [6]float64{1, 2, 3, 40, -50, 6}}
	for a := range 6 {
		tk.P[a*6+a] = float64(100 * (a + 1))
	}
	tk.P[1], tk.P[6] = 20, 20
	tk.P[3], tk.P[18] = 5, 5
	const q = 7.0
	two := Predict(Predict(tk, 4.5, q), 10, q)
	one := Predict(tk, 10, q)
	back := Predict(Predict(tk, 10, 0), 3, 0)
	for i := range 36 {
		if math.Abs(two.P[i]-one.P[i]) > 1e-9*math.Abs(one.P[i])+1e-9 {
			t.Errorf("P[%d]: two steps %g, one step %g", i, two.P[i], one.P[i])
		}
		if math.Abs(back.P[i]-tk.P[i]) > 1e-9 {
			t.Errorf("P[%d]: there and back with q=0 %g, want %g", i, back.P[i], tk.P[i])
		}
	}
	for i := range 6 {
		if math.Abs(two.X[i]-one.X[i]) > 1e-9 || math.Abs(back.X[i]-tk.X[i]) > 1e-9 {
			t.Errorf("X[%d]: two steps %g, one step %g, back %g", i, two.X[i], one.X[i], back.X[i])
		}
	}
	// Closed form of one step from a zero covariance: Q itself.
	z := Predict(Track{}, 2, q)
	if want := q * 8 / 3; math.Abs(z.P[0]-want) > 1e-12 {
		t.Errorf("Q11 = %g, want qT³/3 = %g", z.P[0], want)
	}
	if want := q * 4 / 2; math.Abs(z.P[3]-want) > 1e-12 {
		t.Errorf("Q12 = %g, want qT²/2 = %g", z.P[3], want)
	}
}

// steadyGains runs the Kalman recursion of one axis of the
// constant-velocity model measured in position (H = [I 0]) to steady
// state and returns the position and velocity gains.
func steadyGains(T, sigma, q11, q12, q22 float64) (alpha, betaOverT float64) {
	var x [6]float64
	var p [36]float64
	for a := range 6 {
		p[a*6+a] = 1e8
	}
	s := Sensor{Kind: Cartesian, SigmaX: sigma, SigmaY: sigma, SigmaZ: sigma}
	for range 5000 {
		predictCV(&x, &p, T, q11, q12, q22)
		alpha = p[0] / (p[0] + sigma*sigma)
		betaOverT = p[18] / (p[0] + sigma*sigma)
		if _, _, err := ekfUpdate(x[:], p[:], 6, &s, &Detection{}); err != nil {
			panic(err)
		}
	}
	return alpha, betaOverT
}

// TestKalata checks the steady-state gains of the Kalman recursion with
// the piecewise-constant (DWNA) white-noise acceleration against the
// closed form of the alpha-beta filter in Kalata's tracking index
// λ = σ_v T²/σ_w (P. R. Kalata, "The tracking index", IEEE Trans. AES
// 20(2), 1984; Bar-Shalom, Li, Kirubarajan 2001, eqs. 6.5.3):
// α = -(λ² + 8λ - (λ+4)√(λ²+8λ))/8, β = (λ² + 4λ - λ√(λ²+8λ))/4.
func TestKalata(t *testing.T) {
	for _, c := range []struct{ T, sigmaV, sigmaW float64 }{
		{1, 1, 10}, {2, 5, 50}, {0.5, 20, 5}, {4, 0.1, 100},
	} {
		lam := c.sigmaV * c.T * c.T / c.sigmaW
		root := math.Sqrt(lam*lam + 8*lam)
		wantA := -(lam*lam + 8*lam - (lam+4)*root) / 8
		wantB := (lam*lam + 4*lam - lam*root) / 4
		v2 := c.sigmaV * c.sigmaV
		T := c.T
		a, bt := steadyGains(T, c.sigmaW, v2*T*T*T*T/4, v2*T*T*T/2, v2*T*T)
		if math.Abs(a-wantA) > 1e-9 || math.Abs(bt*T-wantB) > 1e-9 {
			t.Errorf("λ=%g: α, β = %.12f, %.12f; Kalata %.12f, %.12f", lam, a, bt*T, wantA, wantB)
		}
	}
}

// TestCWNASteadyState checks the steady-state gains with the exact CWNA
// Q that the EKF uses against the discrete algebraic Riccati equation
// solved by SciPy 1.10.1:
//
//	python3 -c "
//	import numpy as np; from scipy.linalg import solve_discrete_are as dare
//	for q,T,s in [(1.0,1.0,10.0),(100.0,2.0,50.0),(0.5,0.1,5.0),(1000.0,5.0,20.0)]:
//	  F=np.array([[1,T],[0,1.]]); H=np.array([[1.,0]]); Q=q*np.array([[T**3/3,T**2/2],[T**2/2,T]]); R=np.array([[s*s]])
//	  P=dare(F.T,H.T,Q,R); K=P@H.T@np.linalg.inv(H@P@H.T+R); print('{%r, %r, %r, %r, %r},'%(q,T,s,K[0,0],K[1,0]))"
func TestCWNASteadyState(t *testing.T) {
	for _, c := range []struct{ q, T, sigma, k0, k1 float64 }{
		{1.0, 1.0, 10.0, 0.36059166452673425, 0.07996301241657156},
		{100.0, 2.0, 50.0, 0.6547636190696708, 0.16618938135279782},
		{0.5, 0.1, 5.0, 0.09023973591787338, 0.04265583814865245},
		{1000.0, 5.0, 20.0, 0.9950751905495869, 0.24811311559480906},
	} {
		T := c.T
		a, bt := steadyGains(T, c.sigma, c.q*T*T*T/3, c.q*T*T/2, c.q*T)
		if math.Abs(a-c.k0) > 1e-9 || math.Abs(bt-c.k1) > 1e-9 {
			t.Errorf("q=%g T=%g σ=%g: gains %.12f, %.12f; SciPy DARE %.12f, %.12f", c.q, T, c.sigma, a, bt, c.k0, c.k1)
		}
	}
}

// TestEKFConsistency runs the EKF on a target flying a straight line (or,
// with q > 0, the white-noise-acceleration path the model assumes) and
// checks the filter's own error estimate by the normalised estimation
// error squared (NEES, 6 dof) and the normalised innovation squared (NIS,
// 3 dof): averaged over N Monte Carlo runs, each times N is chi-square with
// 6N (3N) dof, and must fall inside its two-sided 95% interval
// (Bar-Shalom, Li, Kirubarajan 2001, §5.4). The truth's velocity is drawn
// from the initiation prior N(0, InitVelSigma²) so that the start, too, is
// consistent.
func TestEKFConsistency(t *testing.T) {
	const (
		runs   = 300
		steps  = 40
		period = 2.0
		velSig = 150.0
	)
	for _, q := range []float64{0, 5} {
		rng := rand.New(rand.NewPCG(5, uint64(q)))
		s := testSensor()
		f := &EKF{AccelNoise: q, InitVelSigma: velSig}
		nees := make([]float64, steps+1)
		nis := make([]float64, steps+1)
		for range runs {
			truth := [6]float64{30e3, 40e3, 5e3, velSig * rng.NormFloat64(), velSig * rng.NormFloat64(), velSig * rng.NormFloat64()}
			x, p, err := f.Initiate(&s, detect(t, &s, truth, rng))
			if err != nil {
				t.Fatal(err)
			}
			tk := Track{X: x, P: p}
			nees[0] += neesOf(t, &tk, truth)
			consistencyRun(t, f, &s, &tk, truth, period, q, rng, detect, nees, nis)
		}
		c6 := distuv.ChiSquared{K: 6 * runs}
		c3 := distuv.ChiSquared{K: 3 * runs}
		lo6, hi6 := c6.Quantile(0.025)/runs, c6.Quantile(0.975)/runs
		lo3, hi3 := c3.Quantile(0.025)/runs, c3.Quantile(0.975)/runs
		outNEES, outNIS := 0, 0
		var meanNEES, meanNIS float64
		for k := range nees {
			ne, ni := nees[k]/runs, nis[k]/runs
			if ne < lo6 || ne > hi6 {
				outNEES++
				t.Logf("q=%g step %d: average NEES %.3f outside [%.3f, %.3f]", q, k, ne, lo6, hi6)
			}
			meanNEES += ne / float64(len(nees))
			if k == 0 {
				continue
			}
			if ni < lo3 || ni > hi3 {
				outNIS++
				t.Logf("q=%g step %d: average NIS %.3f outside [%.3f, %.3f]", q, k, ni, lo3, hi3)
			}
			meanNIS += ni / steps
		}
		t.Logf("q=%g: mean NEES %.3f (95%% per step [%.3f, %.3f]), mean NIS %.3f ([%.3f, %.3f]); steps outside: NEES %d/%d, NIS %d/%d",
			q, meanNEES, lo6, hi6, meanNIS, lo3, hi3, outNEES, len(nees), outNIS, steps)
		// Each step is inside with probability 0.95 for a consistent
		// filter; allow a few of the 41 steps out, not a trend.
		if outNEES > 5 || outNIS > 5 {
			t.Errorf("q=%g: %d NEES and %d NIS step averages outside their 95%% bounds", q, outNEES, outNIS)
		}
		if meanNEES < lo6 || meanNEES > hi6 || meanNIS < lo3 || meanNIS > hi3 {
			t.Errorf("q=%g: mean NEES %.3f or NIS %.3f outside the bounds", q, meanNEES, meanNIS)
		}
	}
}

// moveTruth advances a state by T along the CWNA model, drawing the
// process noise exactly from Q = q[T³/3 T²/2; T²/2 T] per axis.
// consistencyRun flies one Monte Carlo run of a NEES/NIS test from an
// initiated track: len(nees)-1 periods of truth motion, each predicted,
// measured by detect and updated, adding each step's NIS to nis[k] and
// NEES to nees[k].
func consistencyRun(t *testing.T, f Filter, s *Sensor, tk *Track, truth [6]float64, period, q float64, rng *rand.Rand,
	detect func(testing.TB, *Sensor, [6]float64, *rand.Rand) Detection, nees, nis []float64) {
	t.Helper()
	for k := 1; k < len(nees); k++ {
		moveTruth(&truth, period, q, rng)
		f.Predict(tk, float64(k)*period)
		d := detect(t, s, truth, rng)
		pr, err := f.PredictMeasurement(tk, s)
		if err != nil {
			t.Fatal(err)
		}
		nis[k] += pr.Distance2(d)
		if err := f.Update(tk, s, d); err != nil {
			t.Fatal(err)
		}
		nees[k] += neesOf(t, tk, truth)
	}
}

func moveTruth(x *[6]float64, T, q float64, rng *rand.Rand) {
	// Cholesky factor of [T³/3 T²/2; T²/2 T]: l11 = √(T³/3),
	// l21 = (T²/2)/l11, l22 = √(T - l21²) = √(T/4).
	l11 := math.Sqrt(T * T * T / 3)
	l21 := T * T / 2 / l11
	l22 := math.Sqrt(T - l21*l21)
	for a := range 3 {
		x[a] += T * x[a+3]
		if q > 0 {
			u, v := rng.NormFloat64(), rng.NormFloat64()
			sq := math.Sqrt(q)
			x[a] += sq * l11 * u
			x[a+3] += sq * (l21*u + l22*v)
		}
	}
}

// detect measures a true state with the sensor's noise.
func detect(t testing.TB, s *Sensor, x [6]float64, rng *rand.Rand) Detection {
	z, _, err := measure(s, &x)
	if err != nil {
		t.Fatal(err)
	}
	return Detection{
		Range: z[0] + s.SigmaRange*rng.NormFloat64(),
		Az:    math.Mod(z[1]+s.SigmaAz*rng.NormFloat64()+2*math.Pi, 2*math.Pi),
		El:    z[2] + s.SigmaEl*rng.NormFloat64(),
	}
}

func neesOf(t *testing.T, tk *Track, truth [6]float64) float64 {
	var ch mat.Cholesky
	if !ch.Factorize(mat.NewSymDense(6, tk.P[:])) {
		t.Fatal("P not positive definite")
	}
	e := make([]float64, 6)
	for i := range e {
		e[i] = tk.X[i] - truth[i]
	}
	ev := mat.NewVecDense(6, e)
	var sol mat.VecDense
	if err := ch.SolveVecTo(&sol, ev); err != nil {
		t.Fatal(err)
	}
	return mat.Dot(ev, &sol)
}

func TestWrapPi(t *testing.T) {
	for _, c := range []struct{ in, want float64 }{
		{0, 0}, {1, 1}, {math.Pi, -math.Pi}, {-math.Pi, -math.Pi}, {2 * math.Pi, 0},
		{-2*math.Pi + 0.5, 0.5}, {5*math.Pi + 0.25, -math.Pi + 0.25}, {-7 * math.Pi, -math.Pi},
	} {
		if got := wrapPi(c.in); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("wrapPi(%g) = %g, want %g", c.in, got, c.want)
		}
	}
}
