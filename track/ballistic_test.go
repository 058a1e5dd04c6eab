package track

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/motion"
)

// bmdGeometry is a ballistic flight and the frame of a radar near its
// aim point: a 300 km short-range missile lofted to 100 km, coasting
// from a 30 km burnout with a ballistic coefficient of 5000 kg/m², at
// an airbase on the coast of Maine (the main example's site).
type bmdGeometry struct {
	flight *motion.Ballistic
	frame  geo.Frame
	kappa  float64 // the flight's 1/β, m²/kg
}

func newBMD(t testing.TB, beta float64) bmdGeometry {
	t.Helper()
	site := geo.Deg(43.8925, -69.9386, 20)
	launch := geo.Deg(42.0, -72.4, 30e3)
	b, err := motion.NewBallistic(0, launch, site, motion.BallisticOptions{ApogeeHeight: 100e3, BallisticCoeff: beta})
	if err != nil {
		t.Fatal(err)
	}
	g := bmdGeometry{flight: b, frame: geo.NewFrame(geo.Deg(43.905, -69.965, 25))}
	if beta > 0 {
		g.kappa = 1 / beta
	}
	return g
}

// truth returns the flight's state at t in the radar's frame.
func (g bmdGeometry) truth(t float64) ([6]float64, bool) {
	p, v, ok := g.flight.State(t)
	if !ok {
		return [6]float64{}, false
	}
	e := g.frame.ToENU(p)
	ve := g.frame.RotateToENU(v)
	return [6]float64{e.X, e.Y, e.Z, ve.X, ve.Y, ve.Z}, true
}

// bmdSensor is a fire-control radar at the frame's origin.
func bmdSensor() Sensor {
	return Sensor{ID: "fc", Rot: [9]float64{1, 0, 0, 0, 1, 0, 0, 0, 1}, SigmaRange: 25, SigmaAz: 1e-3, SigmaEl: 1e-3}
}

// TestBallisticAccel checks the model's acceleration against gravity
// where it has a closed form: at rest at the frame's origin, on the
// ground, it is the earth's effective gravity, straight down within the
// deflection of the vertical (zero for the ellipsoid normal) at
// 9.78-9.83 m/s² (Somigliana: 9.8052 m/s² at 43.9°N); at 1000 km above
// the origin, point-mass gravity falls as (a/(a+h))², to 7.33 m/s².
func TestBallisticAccel(t *testing.T) {
	e := &Earth{Frame: geo.NewFrame(geo.Deg(43.9, -69.9, 0))}
	var x [maxX]float64
	a := e.accel(&x)
	if math.Abs(a[0]) > 1e-4 || math.Abs(a[1]) > 1e-4 || math.Abs(a[2]+9.8052) > 2e-3 {
		t.Errorf("gravity at the origin %v, want (0, 0, -9.8052) (Somigliana)", a)
	}
	x[2] = 1000e3
	a = e.accel(&x)
	r := 6367.6e3 // geocentric radius at 43.9°
	want := geo.GM / ((r + 1000e3) * (r + 1000e3))
	if math.Abs(-a[2]-want)/want > 5e-3 {
		t.Errorf("gravity at 1000 km %.4f m/s², want %.4f within 0.5%%", -a[2], want)
	}
	// Drag at 10 km, 2 km/s, β 5000 kg/m²: ρ v²/(2β), ρ from the
	// exponential atmosphere.
	x = [maxX]float64{0, 0, 10e3, 2000, 0, 0, 1.0 / 5000}
	withDrag := e.accel(&x)
	x[6] = 0
	without := e.accel(&x)
	rho := motion.Exponential.Density(10e3)
	if got, want := without[0]-withDrag[0], rho*2000*2000/(2*5000); math.Abs(got-want)/want > 0.01 {
		t.Errorf("drag deceleration %.3f m/s², want %.3f", got, want)
	}
}

// TestBallisticPredictsFlight checks that the model, started on the true
// state, follows motion.Ballistic's flight, drag included, to within a
// metre over a minute of re-entry and the whole coast: the two share the
// earth model, so what is left is the integration.
func TestBallisticPredictsFlight(t *testing.T) {
	g := newBMD(t, 5000)
	e := &Earth{Frame: g.frame}
	for _, span := range [][2]float64{{20, 120}, {g.flight.End() - 70, g.flight.End() - 5}} {
		s, _ := g.truth(span[0])
		want, _ := g.truth(span[1])
		x := [maxX]float64{s[0], s[1], s[2], s[3], s[4], s[5], g.kappa}
		var p [maxX * maxX]float64
		predictBallistic(e, &x, p[:], span[1]-span[0], 0, 0)
		d := math.Sqrt(sq(x[0]-want[0]) + sq(x[1]-want[1]) + sq(x[2]-want[2]))
		if d > 1 {
			t.Errorf("from %.0f s to %.0f s: predicted %.2f m from the flight", span[0], span[1], d)
		}
	}
}

// TestBallisticJacobian checks the covariance transition of one step
// against central finite differences of the mean's propagation.
func TestBallisticJacobian(t *testing.T) {
	g := newBMD(t, 5000)
	e := &Earth{Frame: g.frame}
	s, _ := g.truth(g.flight.End() - 30)
	x0 := [maxX]float64{s[0], s[1], s[2], s[3], s[4], s[5], 1.0 / 3000}
	const h = 0.1
	// With P = e_k e_kᵀ and no noise, P' = Φ e_k (Φ e_k)ᵀ: the outer
	// product of Φ's column k, which central differences of the mean give.
	// The step's Φ is second order in h, RK4 fourth: where drag grows
	// along the step they part by about h/6 times its relative rate of
	// growth, a few parts in a thousand here.
	for k := range 7 {
		var p [maxX * maxX]float64
		p[k*7+k] = 1
		x := x0
		predictBallistic(e, &x, p[:], h, 0, 0)
		eps := [7]float64{10, 10, 10, 1, 1, 1, 1e-5}[k]
		xp, xm := x0, x0
		xp[k] += eps
		xm[k] -= eps
		var pz [maxX * maxX]float64
		predictBallistic(e, &xp, pz[:], h, 0, 0)
		predictBallistic(e, &xm, pz[:], h, 0, 0)
		var col [7]float64
		for i := range 7 {
			col[i] = (xp[i] - xm[i]) / (2 * eps)
		}
		for i := range 7 {
			for j := range 7 {
				want := col[i] * col[j]
				if d := math.Abs(p[i*7+j] - want); d > 1e-2*max(1, math.Abs(want)) {
					t.Errorf("state %d: P'[%d][%d] = %.9g, finite differences %.9g", k, i, j, p[i*7+j], want)
				}
			}
		}
	}
}

// TestBallisticConsistency runs the ballistic filter, Monte Carlo, on
// the project's own WGS-84 flight (motion.Ballistic, with drag) seen by
// a fire-control radar every 2 s from 40 s into the flight to impact,
// and checks the average NEES (6 dof: position and velocity) and NIS
// (3 dof) against their two-sided 95% chi-square intervals, as
// TestFilterConsistency does for the constant-velocity filters. Each
// run starts from the truth plus a draw from the initial covariance.
// The flight has no process noise, and the filter's q is all but zero:
// along the line of sight the velocity is known to a tenth of a metre
// per second after a minute of 25 m range measurements, and a q of
// 1e-4 m²/s³, noise that is not there, already pulls the NEES 10%
// below its bound.
func TestBallisticConsistency(t *testing.T) {
	const (
		runs   = 200
		period = 2.0
		q      = 1e-8
	)
	g := newBMD(t, 5000)
	s := bmdSensor()
	const dragSigma = 1e-4
	t0 := 40.0
	steps := int((g.flight.End() - 1 - t0) / period)
	rng := rand.New(rand.NewPCG(13, 1))
	nees := make([]float64, steps+1)
	nis := make([]float64, steps+1)
	for range runs {
		// The truth flies κ = 1/5000; the filter starts from a draw of
		// its prior about it, so that the truth is a draw from the prior
		// the NEES assumes.
		f := &Ballistic{Earth: Earth{Frame: g.frame}, AccelNoise: q, DragNoise: 1e-16, InitVelSigma: 300,
			InitDrag: g.kappa + dragSigma*rng.NormFloat64(), InitDragSigma: dragSigma}
		truth, _ := g.truth(t0)
		x, p, err := f.Initiate(&s, detectAny(t, &s, truth, rng))
		if err != nil {
			t.Fatal(err)
		}
		for a := 3; a < 6; a++ {
			x[a] = truth[a] + f.InitVelSigma*rng.NormFloat64()
		}
		tk := Track{X: x, P: p, T: t0}
		nees[0] += neesOf(t, &tk, truth)
		for k := 1; k <= steps; k++ {
			tt := t0 + float64(k)*period
			truth, _ = g.truth(tt)
			f.Predict(&tk, tt)
			d := detectAny(t, &s, truth, rng)
			pr, err := f.PredictMeasurement(&tk, &s)
			if err != nil {
				t.Fatal(err)
			}
			nis[k] += pr.Distance2(d)
			if err := f.Update(&tk, &s, d); err != nil {
				t.Fatal(err)
			}
			nees[k] += neesOf(t, &tk, truth)
		}
	}
	// A consistent filter has each step inside with probability 0.95:
	// allow the binomial count's mean and three standard deviations.
	n := float64(steps + 1)
	judgeConsistency(t, nees, nis, runs, 3, int(math.Ceil(0.05*n+3*math.Sqrt(n*0.05*0.95))))
}

// TestBallisticContinuity is the track continuity check of issue 13: a
// tracker that runs the battle's filter (an IMM of constant velocity and
// the ballistic model) on a fire-control radar that sees the missile
// with Pd 0.9 every 2 s, from 40 s after burnout to impact, and drops a
// track after 10 s (five revisits) without a detection (a run of five
// misses in 120 looks has a chance of about 1e-3), must hold one
// confirmed track over the whole flight in at least 99% of runs: one
// confirmation, and no deletion before the last detection. The
// constant-velocity filter alone misses the turn of gravity and splits
// the track (its rate is logged, and must be worse).
func TestBallisticContinuity(t *testing.T) {
	g := newBMD(t, 5000)
	const runs = 200
	why := map[string]int{}
	imm := &IMM{Models: []int{ModeCV, ModeBallistic}, Earth: &Earth{Frame: g.frame}, AccelNoise: 10, InitVelSigma: 1500}
	bad := continuity(t, g, imm, runs, 1, why)
	t.Logf("confirmed tracks deleted before impact, by reason: %v", why)
	cv := continuity(t, g, &EKF{AccelNoise: 10, InitVelSigma: 1500}, runs, 1, nil)
	t.Logf("runs without one whole confirmed track: IMM CV+ballistic %d/%d, EKF CV %d/%d", bad, runs, cv, runs)
	if bad*100 > runs {
		t.Errorf("%d of %d runs split or lost the ballistic track; want at most 1%%", bad, runs)
	}
	if cv <= bad {
		t.Errorf("the constant-velocity filter broke %d runs, the ballistic IMM %d: the check cannot tell them apart", cv, bad)
	}
}

// continuity runs a tracker with filter f on g's flight, seen by a
// fire-control radar at g's frame with Pd 0.9 every 2 s from 40 s after
// burnout to impact, runs times, and returns in how many runs the
// tracker did not hold one confirmed track over the whole flight (more
// than one confirmation, or a confirmed track deleted before impact).
// why, if not nil, counts the reasons of those deletions.
func continuity(t *testing.T, g bmdGeometry, f Filter, runs int, seed uint64, why map[string]int) (broken int) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 7))
	for range runs {
		s := bmdSensor()
		tr, err := New(Config{
			AccelNoise: 10, GateProb: 0.999, ConfirmM: 2, ConfirmN: 3, ConfirmAfterFirst: true,
			MaxMisses: 5, MaxCoast: 10, InitVelSigma: 1500, MaxSpeed: 3000, MinSpeed: 100,
			Filter: f,
		}, []Sensor{s})
		if err != nil {
			t.Fatal(err)
		}
		confirmed, early := 0, false
		for tt := 40.0; ; tt += 2 {
			truth, ok := g.truth(tt)
			if !ok {
				break
			}
			var dets []Detection
			if rng.Float64() < 0.9 {
				dets = append(dets, detectAny(t, &s, truth, rng))
			}
			for _, c := range tr.Scan(tt, 0, dets, func(r3.Vec) bool { return true }) {
				switch {
				case c.Kind == TrackConfirmed:
					confirmed++
				case c.Kind == TrackDeleted && c.Track.Status == Confirmed:
					early = true
					if why != nil {
						why[c.Reason]++
					}
				}
			}
		}
		if confirmed != 1 || early {
			broken++
		}
	}
	return broken
}

// newPullUp is the flight of battle/testdata/bmd-pullup.yaml: a 300 km
// quasi-ballistic missile on a depressed arc (50 km apogee from a 30 km
// burnout, β 5000 kg/m²) that pulls up below 30 km at L/D 1.5, up to
// 20 g, and glides onto the airbase, with a radar there.
func newPullUp(t testing.TB) bmdGeometry {
	t.Helper()
	site := geo.Deg(43.8925, -69.9386, 20)
	b, err := motion.NewBallistic(0, geo.Deg(42.0, -72.4, 30e3), site, motion.BallisticOptions{
		ApogeeHeight: 50e3, BallisticCoeff: 5000,
		PullUp: &motion.PullUp{Height: 30e3, LiftToDrag: 1.5, MaxLoad: 20 * 9.80665}})
	if err != nil {
		t.Fatal(err)
	}
	return bmdGeometry{flight: b, frame: geo.NewFrame(geo.Deg(43.905, -69.965, 25)), kappa: 1.0 / 5000}
}

// pullUpIMM is the battle's filter for a raid with a manoeuvring
// re-entry (battle/trackcfg.go, liftModel): constant velocity, ballistic
// and lift models, the lift's standard deviation the Singer model's for
// a 20 g airframe, the gate holding the lift model's prediction.
func pullUpIMM(frame geo.Frame) *IMM {
	const load = 20 * 9.80665
	return &IMM{
		Models: []int{ModeCV, ModeBallistic, ModeLift}, Earth: &Earth{Frame: frame},
		AccelNoise: 10, InitVelSigma: 1500, LiftAccel: load / math.Sqrt(3), LiftTime: 20,
		Rates: [numModes][numModes]float64{
			ModeCV:        {ModeBallistic: 1.0 / 900},
			ModeBallistic: {ModeCV: 1.0 / 900, ModeLift: 1.0 / 60},
			ModeLift:      {ModeCV: 1.0 / 900, ModeBallistic: 1.0 / 60},
		},
		Start:      [numModes]float64{ModeCV: 0.8, ModeBallistic: 0.1, ModeLift: 0.1},
		GateModels: []int{ModeCV, ModeLift},
	}
}

// TestPullUpContinuity is the continuity check through a manoeuvring
// re-entry (issue 13): on the flight of bmd-pullup.yaml, from 40 s after
// burnout through the pull-up and the four-minute glide to impact, the
// battle's filter with the lift model holds one confirmed track in at
// least 99% of runs. Without the lift model the track breaks at the
// pull-up (the battle split it in four to six tracks): the check must
// tell them apart. -short runs 40 runs, else 200.
func TestPullUpContinuity(t *testing.T) {
	g := newPullUp(t)
	runs := 200
	if testing.Short() {
		runs = 40
	}
	why := map[string]int{}
	bad := continuity(t, g, pullUpIMM(g.frame), runs, 3, why)
	t.Logf("confirmed tracks deleted before impact, by reason: %v", why)
	plain := &IMM{Models: []int{ModeCV, ModeBallistic}, Earth: &Earth{Frame: g.frame}, AccelNoise: 10, InitVelSigma: 1500}
	without := continuity(t, g, plain, runs, 3, nil)
	t.Logf("runs without one whole confirmed track: with the lift model %d/%d, without %d/%d", bad, runs, without, runs)
	if bad*100 > runs {
		t.Errorf("%d of %d runs split or lost the manoeuvring track; want at most 1%%", bad, runs)
	}
	if without <= bad {
		t.Errorf("without the lift model %d runs broke, with it %d: the check cannot tell them apart", without, bad)
	}
}

// flatGroundTracker is a tracker whose ground is the frame's plane
// z = 0, with a CV and ballistic IMM.
func flatGroundTracker(t *testing.T) (*IMM, *Tracker) {
	t.Helper()
	flat := func(p r3.Vec) (float64, r3.Vec) { return p.Z, r3.Vec{Z: 1} }
	f := &IMM{Models: []int{ModeCV, ModeBallistic}, Earth: &Earth{Frame: geo.NewFrame(geo.Deg(44, -70, 0))}, AccelNoise: 10, InitVelSigma: 100}
	tr, err := New(Config{AccelNoise: 10, GateProb: 0.999, ConfirmM: 2, ConfirmN: 3, MaxMisses: 3, InitVelSigma: 100, Ground: flat, Filter: f}, []Sensor{bmdSensor()})
	if err != nil {
		t.Fatal(err)
	}
	return f, tr
}

// TestAboveGroundIMM checks the ground conditioning of an IMM track: each
// model's estimate is truncated at the ground, and the combined height
// comes out as the truncated normal's mean, which the single-model
// truncation gives for the combined estimate when the models agree.
func TestAboveGroundIMM(t *testing.T) {
	f, tr := flatGroundTracker(t)
	var tk Track
	tk.X = [6]float64{1000, 2000, -50, 200, 0, -10}
	for i := range 6 {
		tk.P[i*6+i] = 100 * 100
	}
	f.Predict(&tk, 0) // builds the per-model states, all equal
	before := tk
	single := before
	single.ext = nil
	tr.aboveGround(&tk, false)
	tr.aboveGround(&single, false)
	// Truncated N(-50, 100²) at 0: mean -50 + 100 λ(0.5).
	alpha := 0.5
	lambda := math.Sqrt(2/math.Pi) * math.Exp(-alpha*alpha/2) / math.Erfc(alpha/math.Sqrt2)
	want := -50 + 100*lambda
	if math.Abs(tk.X[2]-want) > 1e-6 || math.Abs(single.X[2]-want) > 1e-6 {
		t.Errorf("conditioned height IMM %.6f, single model %.6f, want %.6f", tk.X[2], single.X[2], want)
	}
	st := tk.ext.(*immState)
	for _, j := range f.Models {
		if math.Abs(st.x[j][2]-want) > 1e-6 {
			t.Errorf("model %d height %.6f, want %.6f", j, st.x[j][2], want)
		}
	}
	if before.ext.(*immState).x[ModeCV][2] != -50 {
		t.Error("conditioning modified the IMM state the earlier track holds")
	}
}

// TestTruncatedMoments checks the mean and variance of a standard normal
// cut below at α against mpmath 1.3 at 50 digits, across the change
// from φ/erfc to the continued fraction (α = 4) and past where erfc
// underflows (α about 37.5: φ/erfc was 0/0 there):
//
//	python3 -c "
//	import mpmath as m; m.mp.dps=50
//	for a in ['0.5','3','10','30','37.5','38','40','100','1e4']:
//	  A=m.mpf(a); lam=m.npdf(A)/m.ncdf(-A)
//	  print('{%s, %s, %s},'%(a, m.nstr(lam,17), m.nstr(1+A*lam-lam**2,17)))"
//
// (scipy.stats.truncnorm(a, inf).stats(moments='mv') gives the same
// where its own float arithmetic holds.)
func TestTruncatedMoments(t *testing.T) {
	for _, c := range []struct{ alpha, mean, variance float64 }{
		{0.5, 1.1410777703680645, 0.26848040715587895},
		{3, 3.2830986549304365, 0.070559186785268117},
		{10, 10.098093233962512, 0.0094453778256562612},
		{30, 30.033259667433677, 0.001103771511890091},
		{37.5, 37.526628874883654, 0.00070809488542074585},
		{38, 38.026279466575869, 0.00068965975346625887},
		{40, 40.024968847207264, 0.00062266837859138877},
		{100, 100.00999800099926, 9.994004994826345e-5},
		{1e4, 10000.000099999998, 9.99999940000005e-9},
	} {
		lambda, v := truncatedMoments(c.alpha)
		if math.Abs(lambda-c.mean) > 1e-12*c.mean {
			t.Errorf("α = %g: mean %.17g, want %.17g", c.alpha, lambda, c.mean)
		}
		if math.Abs(v-c.variance) > 1e-11*c.variance {
			t.Errorf("α = %g: variance %.17g, want %.17g", c.alpha, v, c.variance)
		}
	}
}

// TestAboveGroundFarBelow: a model whose estimate lies far more sigmas
// under the ground than erfc can hold (a ballistic model of a low
// flyer, mixed-raid replication 34, bn1's track 53, 95 s) is cut to
// the truncated normal's moments, finite, and loses its weight; the
// track keeps the model that holds it above the ground. Before, φ/erfc
// was 0/0: the model came out NaN, was revived NaN by the switching,
// and the track was deleted as diverged.
func TestAboveGroundFarBelow(t *testing.T) {
	f, tr := flatGroundTracker(t)
	var tk Track
	tk.X = [6]float64{1000, 2000, 60, 250, 0, 0}
	for i := range 6 {
		tk.P[i*6+i] = 30 * 30
	}
	f.Predict(&tk, 0)
	st := tk.ext.(*immState)
	// The ballistic model 4 km under the ground at a 30 m sigma: α = 133.
	n := len(modeComps[ModeBallistic])
	st.x[ModeBallistic][2] = -4000
	st.mu = [numModes]float64{ModeCV: 0.9, ModeBallistic: 0.1}
	tr.aboveGround(&tk, true)
	st = tk.ext.(*immState)
	for j := range numModes {
		m := len(modeComps[j])
		for _, v := range st.x[j][:m] {
			if !finite(v) {
				t.Fatalf("model %d estimate %v after the cut, want finite", j, st.x[j][:m])
			}
		}
		for _, v := range st.p(j)[:m*m] {
			if !finite(v) {
				t.Fatalf("model %d covariance not finite after the cut", j)
			}
		}
	}
	lambda, v := truncatedMoments(4000.0 / 30)
	if want := -4000 + 30*lambda; math.Abs(st.x[ModeBallistic][2]-want) > 1e-6 {
		t.Errorf("ballistic height %.6f m, want the truncated mean %.6f", st.x[ModeBallistic][2], want)
	}
	if want := 900 * v; math.Abs(st.p(ModeBallistic)[2*n+2]-want) > 1e-6*want {
		t.Errorf("ballistic height variance %.6g m², want %.6g", st.p(ModeBallistic)[2*n+2], want)
	}
	if st.mu[ModeBallistic] != 0 || st.mu[ModeCV] != 1 {
		t.Errorf("model probabilities %v, want the ballistic model's weight gone", st.mu)
	}
	// The CV model, 2 sigmas above the ground, is cut too, a little.
	if l, _ := truncatedMoments(-2); math.Abs(tk.X[2]-(60+30*l)) > 1e-6 {
		t.Errorf("combined height %.6f m, want the CV model's %.6f m", tk.X[2], 60+30*l)
	}
}

// TestAboveGroundFarKeepsState: a track many sigma above the ground
// keeps its IMM state, the same one and not a copy; one within a few
// sigma of it is conditioned on a new state, the old one left as it was.
func TestAboveGroundFarKeepsState(t *testing.T) {
	f, tr := flatGroundTracker(t)
	for _, tc := range []struct {
		z    float64 // height, m, at 100 m 1-sigma
		keep bool
	}{{5000, true}, {601, true}, {300, false}, {20, false}} {
		var tk Track
		tk.X = [6]float64{1000, 2000, tc.z, 200, 0, -10}
		for i := range 6 {
			tk.P[i*6+i] = 100 * 100
		}
		f.Predict(&tk, 0)
		before := tk
		old := *before.ext.(*immState)
		tr.aboveGround(&tk, false)
		if kept := tk.ext == before.ext; kept != tc.keep {
			t.Errorf("height %g m: state kept %v, want %v", tc.z, kept, tc.keep)
		}
		if tc.keep && tk.X != before.X {
			t.Errorf("height %g m: estimate moved from %v to %v", tc.z, before.X, tk.X)
		}
		if *before.ext.(*immState) != old {
			t.Errorf("height %g m: conditioning modified the state the earlier track holds", tc.z)
		}
	}
}

// TestBallisticStiffDrag: a light body (κ = 0.0075 m²/kg, β = 133
// kg/m²) at 1000 m/s, level 200 m over the frame's origin, moved 1 s.
// Drag then damps its speed at ρκ|v| ≈ 9/s, and RK4 in one 1 s step
// multiplied the speed by thousands (a diverged track at 2e13 m/s). Its
// speed must follow the closed form of pure quadratic drag,
// v(t) = v0/(1 + c v0 t) with c = ρκ/2 at 200 m (gravity, level and
// across the path, changes it by parts in a thousand over 1 s), within
// 1%, mean and covariance finite.
func TestBallisticStiffDrag(t *testing.T) {
	e := &Earth{Frame: geo.NewFrame(geo.Deg(43.9, -69.9, 0))}
	const v0, kappa, h = 1000.0, 0.0075, 200.0
	x := [maxX]float64{0, 0, h, v0, 0, 0, kappa}
	var p [maxX * maxX]float64
	for i := range 7 {
		p[i*7+i] = 1
	}
	p[6*7+6] = 1e-8
	xm := x
	predictBallistic(e, &x, p[:], 1, 1, 1e-10)
	predictBallisticMean(e, &xm, 1)
	if x != xm {
		t.Errorf("mean %v, predictBallisticMean %v", x[:7], xm[:7])
	}
	alt := geo.FromECEF(e.Frame.FromENU(r3.Vec{X: x[0], Y: x[1], Z: x[2]})).Alt
	c := e.Atmosphere.Density((alt+h)/2) * kappa / 2
	want := v0 / (1 + c*v0)
	got := math.Sqrt(x[3]*x[3] + x[4]*x[4] + x[5]*x[5])
	if math.Abs(got-want) > 0.01*want {
		t.Errorf("speed after 1 s %.1f m/s, closed form %.1f", got, want)
	}
	for i, v := range p[:49] {
		if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e12 {
			t.Fatalf("covariance element %d = %g", i, v)
		}
	}
}

// TestDragEstimateByHeight measures the ballistic filter's estimate of
// κ = 1/β against the truth's, 1/5000 m²/kg, by the truth's height, on
// the lofted SRBM of newBMD (apogee 100 km) seen every second by a
// fire-control radar from 40 s after burnout to impact, 100 Monte Carlo
// runs with the filter's defaults (prior κ 0 ± 1e-3 m²/kg): the table of
// docs/bmd.md (go test ./track -run TestDragEstimateByHeight -v). Where
// the air is too thin to show the drag (above 60 km on the climb, 80 km
// on the way down, where it starts to) the estimate must
// stay at its prior, within a tenth of the prior's σ, with its variance
// near the prior's; in re-entry (below 20 km) it must converge on the
// truth, within 2%, its error within its own σ (mean normalised error²
// at most 2). Held at zero or above, the estimate climbed in the thin
// air to 0.4 of the prior's σ above its prior (the mean of a truncated
// Gaussian), β 2200 to 3100 kg/m² for 5000.
func TestDragEstimateByHeight(t *testing.T) {
	g := newBMD(t, 5000)
	s := bmdSensor()
	f := &Ballistic{Earth: Earth{Frame: g.frame}, AccelNoise: 1e-6, InitVelSigma: 500}
	prior := 1e-3 // InitDragSigma's default
	bands := []float64{100e3, 80e3, 60e3, 40e3, 30e3, 20e3, 10e3, 0}
	type sums struct{ n, est, err2, sig2, nees float64 }
	up, down := make([]sums, len(bands)-1), make([]sums, len(bands)-1)
	rng := rand.New(rand.NewPCG(21, 5))
	const runs = 100
	for range runs {
		var tk Track
		var prevAlt float64
		for at := 40.0; ; at++ {
			truth, ok := g.truth(at)
			if !ok {
				break
			}
			d := detectAny(t, &s, truth, rng)
			if at == 40 {
				x, p, err := f.Initiate(&s, d)
				if err != nil {
					t.Fatal(err)
				}
				tk = Track{X: x, P: p, T: at}
				continue // the filter's models start on the first Predict
			}
			f.Predict(&tk, at)
			if err := f.Update(&tk, &s, d); err != nil {
				t.Fatal(err)
			}
			p, _, _ := g.flight.State(at)
			alt := geo.FromECEF(p).Alt
			k, cov, ok := tk.Drag()
			if !ok {
				t.Fatal("no drag estimate")
			}
			side := down
			if alt > prevAlt {
				side = up
			}
			prevAlt = alt
			for b := range len(bands) - 1 {
				if alt <= bands[b] && alt > bands[b+1] {
					e := k - g.kappa
					side[b].n++
					side[b].est += k
					side[b].err2 += e * e
					side[b].sig2 += cov[6]
					side[b].nees += e * e / cov[6]
				}
			}
		}
	}
	t.Log("| height, km | leg | mean κ, m²/kg (β from it) | bias | RMS error | mean σ the filter gives | mean normalised error² |")
	t.Log("|---|---|---|---|---|---|---|")
	for _, leg := range []struct {
		name string
		s    []sums
	}{{"climb", up}, {"descent", down}} {
		for b, sm := range leg.s {
			if sm.n == 0 {
				continue
			}
			mean := sm.est / sm.n
			beta := "none"
			if mean > 0 {
				beta = fmt.Sprintf("%.0f", 1/mean)
			}
			t.Logf("| %.0f-%.0f | %s | %.2e (%s) | %+.2e | %.2e | %.2e | %.2f |", bands[b+1]/1000, bands[b]/1000, leg.name,
				mean, beta, mean-g.kappa, math.Sqrt(sm.err2/sm.n), math.Sqrt(sm.sig2/sm.n), sm.nees/sm.n)
			switch {
			case bands[b+1] >= 80e3 || leg.name == "climb" && bands[b+1] >= 60e3:
				if math.Abs(mean) > 0.1*prior {
					t.Errorf("%s, %.0f-%.0f km: mean κ %.2e, want the prior 0 within %.0e", leg.name, bands[b+1]/1000, bands[b]/1000, mean, 0.1*prior)
				}
				if sig := math.Sqrt(sm.sig2 / sm.n); sig < 0.8*prior {
					t.Errorf("%s, %.0f-%.0f km: κ's σ %.2e, want near the prior's %.0e where the air shows nothing", leg.name, bands[b+1]/1000, bands[b]/1000, sig, prior)
				}
			case bands[b] <= 20e3:
				if math.Abs(mean-g.kappa) > 0.02*g.kappa {
					t.Errorf("%s, %.0f-%.0f km: mean κ %.3e, want the truth %.3e within 2%%", leg.name, bands[b+1]/1000, bands[b]/1000, mean, g.kappa)
				}
				if nz := sm.nees / sm.n; nz > 2 {
					t.Errorf("%s, %.0f-%.0f km: mean normalised error² %.2f, want at most 2", leg.name, bands[b+1]/1000, bands[b]/1000, nz)
				}
			}
		}
	}
}

// TestDragPushBounded: an update leaves a negative κ where the air is
// too thin to feel it, and raises it where its push, -κ times the
// dynamic pressure, would pass maxDragPush. A fighter's track in dense
// air, whose ballistic model took the thrust holding its speed for a
// negative drag, flew to 5e12 m/s (random raid 13) before the bound.
func TestDragPushBounded(t *testing.T) {
	e := &Earth{Frame: geo.NewFrame(geo.Deg(44.8, 7.5, 0))}
	f := &IMM{Models: []int{ModeCV, ModeBallistic}, Earth: e}
	for _, c := range []struct {
		name      string
		alt, v, k float64
		kept      bool
	}{
		{"fighter at 5.5 km, 262 m/s", 5500, 262, -1e-3, false},
		{"re-entry at 30 km, 2 km/s", 30e3, 2000, -1e-4, false},
		{"midcourse at 90 km, 2 km/s", 90e3, 2000, -1e-3, true},
		{"positive at 5.5 km", 5500, 262, 2e-4, true},
	} {
		var st immState
		x := &st.x[ModeBallistic]
		x[2], x[3], x[6] = c.alt, c.v, c.k
		f.clampDrag(&st)
		alt := geo.FromECEF(e.Frame.FromENU(r3.Vec{Z: c.alt})).Alt
		q := e.Atmosphere.Density(alt) * c.v * c.v / 2
		switch {
		case c.kept && x[6] != c.k:
			t.Errorf("%s: κ %.3g moved to %.3g", c.name, c.k, x[6])
		case !c.kept && math.Abs(-x[6]*q-maxDragPush) > 1e-9:
			t.Errorf("%s: κ %.3g gives a push of %.3g m/s², want %g", c.name, x[6], -x[6]*q, maxDragPush)
		}
	}
}

// TestAboveGroundOwnedInPlace: a state the scan made itself is
// conditioned in place, with the same result, bit for bit, as the copy a
// state that others may hold gets.
func TestAboveGroundOwnedInPlace(t *testing.T) {
	f, tr := flatGroundTracker(t)
	for _, z := range []float64{5000, 300, 20, -50, -400} {
		var shared Track
		shared.X = [6]float64{1000, 2000, z, 200, 0, -10}
		for i := range 6 {
			shared.P[i*6+i] = 100 * 100
		}
		f.Predict(&shared, 0)
		f.Predict(&shared, 1) // the models now differ
		owned := shared
		st := new(immState)
		*st = *shared.ext.(*immState)
		owned.ext = st
		tr.aboveGround(&shared, false)
		tr.aboveGround(&owned, true)
		if owned.ext != any(st) {
			t.Errorf("height %g m: owned state replaced, want it conditioned in place", z)
		}
		if owned.X != shared.X || owned.P != shared.P || *st != *shared.ext.(*immState) {
			t.Errorf("height %g m: in place gave %v, the copy %v", z, owned.X, shared.X)
		}
	}
}

// predictLiftFD is predictLift as it was to session 7, its Jacobian by
// forward differences of the acceleration (steps of 10 m, 1 m/s and
// 1e-5 m²/kg), or with central, by central differences of steps a tenth
// of those: the references that the closed form's covariances are held
// to.
func predictLiftFD(e *Earth, x *[maxX]float64, p []float64, dt, q, qk float64, l liftNoise, central bool) {
	n := l.size()
	steps := e.steps(x, dt)
	h := dt / float64(steps)
	Q := freeNoise(q, qk, l, h)
	eps := [7]float64{10, 10, 10, 1, 1, 1, 1e-5}
	for range steps {
		d0 := e.deriv(x, l)
		mid := *x
		for i := range 6 {
			mid[i] += h / 2 * d0[i]
		}
		am := e.accel(&mid)
		A := l.motionJacobian()
		for k := range 7 {
			xk := mid
			if !central {
				xk[k] += eps[k]
				ak := e.accel(&xk)
				for i := range 3 {
					A[(i+3)*n+k] = (ak[i] - am[i]) / eps[k]
				}
				continue
			}
			h := eps[k] / 10
			xk[k] += h
			ap := e.accel(&xk)
			xk[k] -= 2 * h
			an := e.accel(&xk)
			for i := range 3 {
				A[(i+3)*n+k] = (ap[i] - an[i]) / (2 * h)
			}
		}
		propagateStep(p, n, &A, &Q, h)
		rk4State(e, x, h, d0, l)
	}
}

// TestClosedFormJacobianCovariance: the ballistic and Lift models'
// covariances over a revisit (1 s, 6 s and 12 s), from states along a
// re-entering flight of β = 3000 kg/m² (from apogee to the last 30 s in
// the air, κ = 1/3000 and a negative κ), with the closed-form Jacobian
// against the Jacobians by differences: the means identical (they do
// not use it); each covariance entry, over the geometric mean of its
// diagonal's, within 1e-6 of the central differences' and 1e-3 of the
// forward differences' that the closed form replaced. Those were off by
// about their velocity step over the speed (1 m/s at 2 km/s, 5e-4) in
// the drag, quadratic in the speed.
func TestClosedFormJacobianCovariance(t *testing.T) {
	g := newBMD(t, 3000)
	e := &Earth{Frame: g.frame}
	var worst [2]float64
	for _, l := range []liftNoise{{}, {sigma: 30, tau: 20}} {
		n := l.size()
		for _, at := range []float64{g.flight.End() / 2, g.flight.End() - 90, g.flight.End() - 30} {
			s, _ := g.truth(at)
			for _, kappa := range []float64{1.0 / 3000, -1e-4} {
				for _, dt := range []float64{1, 6, 12} {
					x0 := [maxX]float64{s[0], s[1], s[2], s[3], s[4], s[5], kappa, 1, -2, 3}
					var p0 [maxX * maxX]float64
					for i, sd := range []float64{300, 300, 300, 50, 50, 50, 1e-4, 10, 10, 10} {
						p0[i*n+i] = sd * sd
					}
					p0[0*n+3], p0[3*n+0] = 0.5*300*50, 0.5*300*50
					x, p := x0, p0
					predictLift(e, &x, p[:], dt, 1, 1e-10, l)
					for r, ref := range []struct {
						central bool
						tol     float64
					}{{true, 1e-6}, {false, 1e-3}} {
						xr, pr := x0, p0
						predictLiftFD(e, &xr, pr[:], dt, 1, 1e-10, l, ref.central)
						if x != xr {
							t.Fatalf("t %.0f, κ %g, dt %v: means differ: %v against %v", at, kappa, dt, x[:6], xr[:6])
						}
						for i := range n {
							for j := range n {
								d := math.Abs(p[i*n+j]-pr[i*n+j]) / math.Sqrt(pr[i*n+i]*pr[j*n+j])
								worst[r] = max(worst[r], d)
								if d > ref.tol {
									t.Errorf("lift %v, t %.0f, κ %g, dt %v: P[%d][%d] = %.9g, with differences (central %v) %.9g", l.on(), at, kappa, dt, i, j, p[i*n+j], ref.central, pr[i*n+j])
								}
							}
						}
					}
				}
			}
		}
	}
	t.Logf("largest change of a covariance entry over its diagonal's geometric mean: %.1e from the central differences', %.1e from the forward differences'", worst[0], worst[1])
}
