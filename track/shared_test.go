package track

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/motion"
)

// refAccel is the ballistic model's acceleration as motion's two public
// functions give it, evaluated apart: EarthAccel once for κ ≥ 0, and for
// κ < 0 gravity less the drag of -κ as twice the vacuum's acceleration
// less EarthAccel of -κ. The prediction computes the same numbers with
// the gravity, the height, the speed and the density found once at each
// point (TestPredictionSharesBitForBit).
func refAccel(e *Earth, x *[maxX]float64) [3]float64 {
	r := e.Frame.FromENU(r3.Vec{X: x[0], Y: x[1], Z: x[2]})
	v := e.Frame.RotateFromENU(r3.Vec{X: x[3], Y: x[4], Z: x[5]})
	ecef := motion.EarthAccel(r, v, x[6], e.Atmosphere)
	if x[6] < 0 {
		ecef = r3.Sub(r3.Scale(2, ecef), motion.EarthAccel(r, v, -x[6], e.Atmosphere))
	}
	a := e.Frame.RotateToENU(ecef)
	return [3]float64{a.X, a.Y, a.Z}
}

// refDeriv is Earth.deriv on refAccel.
func refDeriv(e *Earth, x *[maxX]float64, l liftNoise) [maxX]float64 {
	return derivWith(x, refAccel(e, x), l)
}

// refJacobian is Earth.jacobian by motion.EarthAccelJacobian at its own
// point.
func refJacobian(e *Earth, x *[maxX]float64) (ar, av [9]float64, ak [3]float64) {
	r := e.Frame.FromENU(r3.Vec{X: x[0], Y: x[1], Z: x[2]})
	v := e.Frame.RotateFromENU(r3.Vec{X: x[3], Y: x[4], Z: x[5]})
	dr, dv, dk := motion.EarthAccelJacobian(r, v, x[6], e.Atmosphere)
	R := e.Frame.Rotation()
	ar, av = rotate3(&R, &dr), rotate3(&R, &dv)
	k := e.Frame.RotateToENU(dk)
	return ar, av, [3]float64{k.X, k.Y, k.Z}
}

// refPredictLift is predictLift as the textbook writes it: each RK4
// stage's derivative and the midpoint's Jacobian evaluated on their own.
func refPredictLift(e *Earth, x *[maxX]float64, p []float64, dt, q, qk float64, l liftNoise) {
	n := l.size()
	if dt == 0 {
		return
	}
	steps := e.steps(x, dt)
	h := dt / float64(steps)
	Q := freeNoise(q, qk, l, h)
	m := 6
	if l.on() {
		m = n
	}
	for range steps {
		k1 := refDeriv(e, x, l)
		mid := *x
		for i := range 6 {
			mid[i] += h / 2 * k1[i]
		}
		A := l.motionJacobian()
		ar, av, ak := refJacobian(e, &mid)
		for i := range 3 {
			for j := range 3 {
				A[(i+3)*n+j] = ar[3*i+j]
				A[(i+3)*n+3+j] = av[3*i+j]
			}
			A[(i+3)*n+6] = ak[i]
		}
		propagateStep(p, n, &A, &Q, h)
		at := func(k *[maxX]float64, c float64) [maxX]float64 {
			y := *x
			for i := range m {
				y[i] += c * k[i]
			}
			return refDeriv(e, &y, l)
		}
		k2 := at(&k1, h/2)
		k3 := at(&k2, h/2)
		k4 := at(&k3, h)
		for i := range m {
			x[i] += h / 6 * (k1[i] + 2*k2[i] + 2*k3[i] + k4[i])
		}
	}
}

// shareCase is a ballistic or Lift state and covariance to predict.
type shareCase struct {
	x  [maxX]float64
	p  [maxX * maxX]float64
	l  liftNoise
	dt float64
}

// shareCases draws states along a re-entry, from its apogee to the
// ground, with κ above, at and below zero, forwards and backwards, both
// models, in both atmospheres.
func shareCases(tb testing.TB) (e []*Earth, cases []shareCase) {
	g := newBMD(tb, 3000)
	rng := rand.New(rand.NewPCG(10, 3))
	for _, atm := range []motion.Atmosphere{motion.Exponential, motion.ISA1976} {
		e = append(e, &Earth{Frame: g.frame, Atmosphere: atm})
	}
	end := g.flight.End()
	for k := range 120 {
		at := end/2 + (end/2-1)*float64(k)/119
		s, ok := g.truth(at)
		if !ok {
			tb.Fatalf("no truth at %v", at)
		}
		kappa := []float64{1.0 / 3000, 1.0 / 800, 0, -1e-4, math.Copysign(0, -1)}[k%5]
		l := liftNoise{}
		if k%2 == 1 {
			l = liftNoise{sigma: 30, tau: 20}
		}
		dt := []float64{1, 0.35, 2.5, -1, 6}[k%5]
		c := shareCase{l: l, dt: dt}
		c.x = [maxX]float64{s[0], s[1], s[2], s[3], s[4], s[5], kappa, rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
		n := l.size()
		for i, sd := range []float64{300, 300, 300, 50, 50, 50, 1e-4, 10, 10, 10}[:n] {
			c.p[i*n+i] = sd * sd
		}
		c.p[0*n+3], c.p[3*n+0] = 0.5*300*50, 0.5*300*50
		c.p[2*n+6], c.p[6*n+2] = -0.3*300*1e-4, -0.3*300*1e-4
		cases = append(cases, c)
	}
	return e, cases
}

// TestPredictionSharesBitForBit holds the ballistic and Lift models'
// prediction, mean and covariance, to the textbook's separate
// evaluations bit for bit: the Jacobian's midpoint is the second RK4
// stage's point, so one evaluation serves both, and the earth's gravity,
// a point's height, speed and air density are found once where the
// model reads them more than once.
func TestPredictionSharesBitForBit(t *testing.T) {
	earths, cases := shareCases(t)
	for _, e := range earths {
		for i, c := range cases {
			x, p := c.x, c.p
			predictLift(e, &x, p[:], c.dt, 1, 1e-10, c.l)
			xr, pr := c.x, c.p
			refPredictLift(e, &xr, pr[:], c.dt, 1, 1e-10, c.l)
			for j := range x {
				if math.Float64bits(x[j]) != math.Float64bits(xr[j]) {
					t.Fatalf("%v, case %d (κ %g, lift %v, dt %v): mean[%d] %v, want %v", e.Atmosphere, i, c.x[6], c.l.on(), c.dt, j, x[j], xr[j])
				}
			}
			for j := range p {
				if math.Float64bits(p[j]) != math.Float64bits(pr[j]) {
					t.Fatalf("%v, case %d (κ %g, lift %v, dt %v): covariance[%d] %v, want %v", e.Atmosphere, i, c.x[6], c.l.on(), c.dt, j, p[j], pr[j])
				}
			}
			xm := c.x
			predictLiftMean(e, &xm, c.dt, c.l)
			if xm != x {
				t.Fatalf("%v, case %d: the mean alone %v, with the covariance %v", e.Atmosphere, i, xm, x)
			}
		}
	}
}

// BenchmarkPredictLift is one second's prediction of the ballistic and
// Lift models with their covariances, along a re-entry.
func BenchmarkPredictLift(b *testing.B) {
	earths, cases := shareCases(b)
	e := earths[0]
	i := 0
	for b.Loop() {
		c := &cases[i%len(cases)]
		x, p := c.x, c.p
		predictLift(e, &x, p[:], 1, 1, 1e-10, c.l)
		i++
	}
}

// TestStepsBoundIsExact holds Earth.steps, which converts a point to its
// geodetic height only where a bound on the air's density says the
// drag may shorten the step, to the step count of the exact height at
// every point: from 5 km below the ellipsoid to 120 km above it, over
// the pole and the equator as well as near the frame, at drags and
// speeds that put λ on both sides of one step a second.
func TestStepsBoundIsExact(t *testing.T) {
	exact := func(e *Earth, x *[maxX]float64, dt float64) int {
		h := ballisticStep
		if k := x[6]; k > 0 {
			alt := geo.FromECEF(e.Frame.FromENU(r3.Vec{X: x[0], Y: x[1], Z: x[2]})).Alt
			lam := e.Atmosphere.Density(alt) * k * math.Sqrt(x[3]*x[3]+x[4]*x[4]+x[5]*x[5])
			if lam*h > 1 {
				h = 1 / lam
			}
		}
		return min(max(int(math.Ceil(math.Abs(dt)/h)), 1), maxDragSteps)
	}
	rng := rand.New(rand.NewPCG(4, 21))
	shortened, n := 0, 0
	for _, atm := range []motion.Atmosphere{motion.Exponential, motion.ISA1976} {
		for _, origin := range []geo.LLA{geo.Deg(43.9, -69.9, 25), geo.Deg(89.9, 10, 0), geo.Deg(0, 120, 0), geo.Deg(-60, -30, 3000)} {
			e := &Earth{Frame: geo.NewFrame(origin), Atmosphere: atm}
			for range 2000 {
				p := geo.LLA{Lat: origin.Lat + (rng.Float64()-0.5)*0.05, Lon: origin.Lon + (rng.Float64()-0.5)*0.05, Alt: -5000 + 125e3*rng.Float64()*rng.Float64()}
				enu := e.Frame.ToENU(p.ECEF())
				speed := 50 + 7000*rng.Float64()
				kappa := math.Exp(math.Log(1e-5) + rng.Float64()*math.Log(1e4)) // 1e-5 to 0.1 m²/kg
				d := [3]float64{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
				norm := math.Sqrt(d[0]*d[0] + d[1]*d[1] + d[2]*d[2])
				x := [maxX]float64{enu.X, enu.Y, enu.Z, speed * d[0] / norm, speed * d[1] / norm, speed * d[2] / norm, kappa}
				for _, dt := range []float64{1, -2.5, 0.2} {
					got, want := e.steps(&x, dt), exact(e, &x, dt)
					if got != want {
						t.Fatalf("%v, %v, height %.0f m, speed %.0f m/s, κ %g, dt %v: %d steps, the exact height's %d", atm, origin, p.Alt, speed, kappa, dt, got, want)
					}
					if want > int(math.Ceil(math.Abs(dt))) {
						shortened++
					}
					n++
				}
			}
		}
	}
	// The cases must reach both sides of the bound.
	if shortened < n/20 || shortened > n/2 {
		t.Fatalf("%d of %d predictions with steps shortened by the drag: the cases miss a side of the bound", shortened, n)
	}
	t.Logf("%d of %d predictions with steps shortened by the drag", shortened, n)
}

// TestCombineMatchesTextbook holds combine, which reads each model's
// spread and covariance once and computes one triangle, to moment
// matching written out entry by entry, bit for bit: x = Σ μ_j x_j and
// P = Σ μ_j (P_j + (x_j - x)(x_j - x)ᵀ), over a five-model track's
// predictions and updates.
func TestCombineMatchesTextbook(t *testing.T) {
	f, s, rng, tk := climbingTrack(t)
	for k := 1; k <= 20; k++ {
		at := 1.5 * float64(k)
		f.Predict(&tk, at)
		if err := f.Update(&tk, &s, detectAny(t, &s, climbing(at), rng)); err != nil {
			t.Fatal(err)
		}
		st := tk.ext.(*immState)
		var x [6]float64
		var p [36]float64
		for j := range numModes {
			if st.mu[j] != 0 {
				for a := range 6 {
					x[a] += st.mu[j] * st.x[j][a]
				}
			}
		}
		for j := range numModes {
			if st.mu[j] == 0 {
				continue
			}
			n := len(modeComps[j])
			for a := range 6 {
				for b := range 6 {
					p[a*6+b] += st.mu[j] * (st.p(j)[a*n+b] + (st.x[j][a]-x[a])*(st.x[j][b]-x[b]))
				}
			}
		}
		var c Track
		combine(&c, st)
		for i := range p {
			if math.Float64bits(c.P[i]) != math.Float64bits(p[i]) {
				t.Fatalf("scan %d: covariance entry %d %v, entry by entry %v", k, i, c.P[i], p[i])
			}
		}
		if c.X != x {
			t.Fatalf("scan %d: mean %v, want %v", k, c.X, x)
		}
	}
}
