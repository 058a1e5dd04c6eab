package bm

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/internal/golden"
	"github.com/iadsim/iadsim/internal/root"
	"github.com/iadsim/iadsim/motion"
)

// Impact is where a ballistic track will fall on one site's height, as
// predicted from its estimate: the mean of its sigma points' impacts,
// their spread, and the chance of falling inside the site's radius.
type Impact struct {
	Pos r3.Vec  // mean impact point, ECEF, at the site's height
	T   float64 // mean time of impact, s (the track's clock)
	// Enter is the time the mean trajectory first comes within the site's
	// radius (its sphere), or +Inf: the battle counts a leak there.
	Enter float64
	// Miss is the mean impact point's ground distance from the site, m.
	Miss float64
	// Cov is the impact points' horizontal covariance in the site's
	// east-north axes, m², row-major 2×2.
	Cov [4]float64
	// P is the probability that the warhead falls within the site's
	// radius, the impact density integrated over its disc.
	P float64
}

// Axes returns the 1-sigma semi-axes of the impact ellipse, m, major
// first.
func (im Impact) Axes() (major, minor float64) {
	a, b, d := im.Cov[0], im.Cov[1], im.Cov[3]
	m := (a + d) / 2
	r := math.Sqrt(max((a-d)*(a-d)/4+b*b, 0))
	return math.Sqrt(max(m+r, 0)), math.Sqrt(max(m-r, 0))
}

// Constants of the impact prediction's free flight.
const (
	impactHorizon = 1800.0 // s: a track that has not come down by then is not ballistic
	// The Dormand-Prince pair's tolerances on one step: the difference
	// of its fifth- and fourth-order positions and velocities. A fall of
	// 230 s in vacuum takes 10 steps, one of 220 s through the air at
	// β 5000 kg/m² 16 (the fixed 1 s RK4 before took 233 and 217, of
	// four accelerations each to the pair's six), and each lands within
	// 0.2 m and 0.1 ms of SciPy's DOP853 at rtol 1e-12
	// (TestFreeFlightRecordedSciPy).
	flightTolPosition = 1.0  // m
	flightTolVelocity = 0.01 // m/s
	// A step is at most maxFlightStep, and no longer than the body
	// takes to descend through its height above the lowest site at its
	// rate of descent, nor less than minFlightStep: the last step before
	// the ground ends near it, and the sites' spheres and heights are
	// found on it (crossing, enter). A step's length bounded by the
	// height (at the speed, not the rate of descent) had the fall come
	// down in four steps or more, each a third of the one before, over
	// the last 5 km: a third of a prediction's steps.
	maxFlightStep = 60.0 // s
	minFlightStep = 0.25 // s
)

// The Dormand-Prince 5(4) pair (Dormand and Prince 1980; Hairer,
// Nørsett and Wanner, Solving Ordinary Differential Equations I,
// table 5.2): each row of dpA gives a stage's state from the slopes
// before it, the last row the fifth-order solution, whose slope is the
// next step's first (first same as last); dpE is the difference of the
// fifth- and fourth-order weights, the step's error estimate.
var (
	dpA = [7][6]float64{
		{},
		{1.0 / 5},
		{3.0 / 40, 9.0 / 40},
		{44.0 / 45, -56.0 / 15, 32.0 / 9},
		{19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
		{9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
		{35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84},
	}
	dpE = [7]float64{71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40}
)

// flightPath is one free flight, from a state to the lowest height asked:
// its steps' times, positions and velocities. Between two steps the path
// is the cubic Hermite polynomial of their positions and velocities
// (at), as good as the integration within a step. The exact height of a
// step (geo.Height) is taken only where a question is close to it: each
// step keeps a cheap lower bound (geo.HeightBelow), and its exact
// height, NaN until asked for.
type flightPath struct {
	steps []pathStep
}

// pathStep is one step of a flightPath.
type pathStep struct {
	t        float64
	pos, vel r3.Vec
	height   float64 // exact, or NaN until heightAt computes it
	low      float64 // at most height
}

// heightAt returns the exact height of step k.
func (f *flightPath) heightAt(k int) float64 {
	st := &f.steps[k]
	if math.IsNaN(st.height) {
		st.height = geo.Height(st.pos)
	}
	return st.height
}

// below reports whether step k is below h: by its bound when that is
// at or above h, else by its exact height.
func (f *flightPath) below(k int, h float64) bool {
	return f.steps[k].low < h && f.heightAt(k) < h
}

// at returns the position a fraction s of the way from step k-1 to step
// k, by cubic Hermite interpolation.
func (f *flightPath) at(k int, s float64) r3.Vec {
	a, b := &f.steps[k-1], &f.steps[k]
	dt := b.t - a.t
	s2, s3 := s*s, s*s*s
	h00, h10, h01, h11 := 2*s3-3*s2+1, s3-2*s2+s, 3*s2-2*s3, s3-s2
	return r3.Add(r3.Add(r3.Scale(h00, a.pos), r3.Scale(h10*dt, a.vel)),
		r3.Add(r3.Scale(h01, b.pos), r3.Scale(h11*dt, b.vel)))
}

// time returns the time a fraction s of the way from step k-1 to step k.
func (f *flightPath) time(k int, s float64) float64 {
	return f.steps[k-1].t + s*(f.steps[k].t-f.steps[k-1].t)
}

// zeroIn returns the s in [0, 1] where g, positive at 0 (g0) and not
// at 1 (g1), comes to zero within tol (root.Illinois).
func zeroIn(g func(float64) float64, g0, g1, tol float64) float64 {
	return root.Illinois(g, 0, 1, g0, g1, root.Tol{F: tol, X: 1e-12, Max: 50}).X
}

// fly integrates a free flight (gravity, the earth's rotation, and drag
// with inverse ballistic coefficient kappa in the exponential atmosphere
// the threats fly in; kappa 0 is vacuum) from p, v at time t0 until it
// falls below floor, or for impactHorizon, by the Dormand-Prince 5(4)
// pair with a step set by its own error estimate: long in the near
// vacuum of the arc, short where the air brakes the fall. The path
// replaces f's, in f's storage: a track's impact is predicted again at
// each detection of it, and its sigma points' flights reuse the last
// prediction's steps (impactWork).
func (f *flightPath) fly(p, v r3.Vec, t0, floor, kappa float64) bool {
	if f.steps == nil {
		f.steps = make([]pathStep, 0, 64)
	}
	f.steps = f.steps[:0]
	// add appends a step and reports whether it is below floor.
	add := func(t float64, p, v r3.Vec) bool {
		f.steps = append(f.steps, pathStep{t: t, pos: p, vel: v, height: math.NaN(), low: geo.HeightBelow(p)})
		return f.below(len(f.steps)-1, floor)
	}
	t := t0
	if add(t, p, v) {
		return true
	}
	var kv, ka [7]r3.Vec // the stages' slopes: velocity and acceleration
	kv[0], ka[0] = v, motion.EarthAccel(p, v, kappa, motion.Exponential)
	h := 10.0
	rejected := false
	for t < t0+impactHorizon {
		// No longer than the descent to the floor.
		reach := max(minFlightStep, (f.steps[len(f.steps)-1].low-floor)/max(-r3.Dot(v, r3.Scale(1/geo.Norm(p), p)), 1))
		h = min(h, reach, maxFlightStep)
		ps, vs, ep, ev := dpStep(p, v, h, kappa, &kv, &ka)
		err, grow := stepControl(ep, ev)
		if rejected {
			grow = min(grow, 1)
		}
		rejected = err > 1 && h > minFlightStep
		if rejected {
			h = max(h*grow, minFlightStep)
			continue
		}
		p, v, t = ps, vs, t+h
		kv[0], ka[0] = kv[6], ka[6]
		if add(t, p, v) {
			return true
		}
		// Never below the least step: a step there is taken whatever its
		// error, and a flight whose error wants less would crawl.
		h = max(h*grow, minFlightStep)
	}
	return false
}

// dpStep takes one Dormand-Prince step of length h from p, v, whose
// first slopes are kv[0] (the velocity) and ka[0] (the acceleration
// there, with inverse ballistic coefficient kappa): it fills
// the stages' slopes and returns the fifth-order solution and the error
// estimate, position and velocity. It is the tableau (dpA, dpE) written
// out, row by row and term by term in the tableau's order, so that its
// sums are the same to the last bit as a loop over the tableau's rows
// makes them (TestDPStepIsTheTableau), without the loop: the constants
// folded, the zero terms gone.
func dpStep(p, v r3.Vec, h, kappa float64, kv, ka *[7]r3.Vec) (ps, vs, ep, ev r3.Vec) {
	acc := func(p, v r3.Vec) r3.Vec { return motion.EarthAccel(p, v, kappa, motion.Exponential) }
	// add is x + f y, as r3.Add(x, r3.Scale(f, y)) makes it.
	add := func(x r3.Vec, f float64, y r3.Vec) r3.Vec {
		return r3.Vec{X: x.X + f*y.X, Y: x.Y + f*y.Y, Z: x.Z + f*y.Z}
	}
	var f [6]float64 // h times a row's coefficients
	f[0] = h * (1.0 / 5)
	ps, vs = add(p, f[0], kv[0]), add(v, f[0], ka[0])
	kv[1], ka[1] = vs, acc(ps, vs)
	f[0], f[1] = h*(3.0/40), h*(9.0/40)
	ps, vs = add(add(p, f[0], kv[0]), f[1], kv[1]), add(add(v, f[0], ka[0]), f[1], ka[1])
	kv[2], ka[2] = vs, acc(ps, vs)
	f[0], f[1], f[2] = h*(44.0/45), h*(-56.0/15), h*(32.0/9)
	ps = add(add(add(p, f[0], kv[0]), f[1], kv[1]), f[2], kv[2])
	vs = add(add(add(v, f[0], ka[0]), f[1], ka[1]), f[2], ka[2])
	kv[3], ka[3] = vs, acc(ps, vs)
	f[0], f[1], f[2], f[3] = h*(19372.0/6561), h*(-25360.0/2187), h*(64448.0/6561), h*(-212.0/729)
	ps = add(add(add(add(p, f[0], kv[0]), f[1], kv[1]), f[2], kv[2]), f[3], kv[3])
	vs = add(add(add(add(v, f[0], ka[0]), f[1], ka[1]), f[2], ka[2]), f[3], ka[3])
	kv[4], ka[4] = vs, acc(ps, vs)
	f[0], f[1], f[2], f[3], f[4] = h*(9017.0/3168), h*(-355.0/33), h*(46732.0/5247), h*(49.0/176), h*(-5103.0/18656)
	ps = add(add(add(add(add(p, f[0], kv[0]), f[1], kv[1]), f[2], kv[2]), f[3], kv[3]), f[4], kv[4])
	vs = add(add(add(add(add(v, f[0], ka[0]), f[1], ka[1]), f[2], ka[2]), f[3], ka[3]), f[4], ka[4])
	kv[5], ka[5] = vs, acc(ps, vs)
	// The last row, the fifth-order solution (its second weight is 0).
	f[0], f[2], f[3], f[4], f[5] = h*(35.0/384), h*(500.0/1113), h*(125.0/192), h*(-2187.0/6784), h*(11.0/84)
	ps = add(add(add(add(add(p, f[0], kv[0]), f[2], kv[2]), f[3], kv[3]), f[4], kv[4]), f[5], kv[5])
	vs = add(add(add(add(add(v, f[0], ka[0]), f[2], ka[2]), f[3], ka[3]), f[4], ka[4]), f[5], ka[5])
	kv[6], ka[6] = vs, acc(ps, vs)
	// The error: the weights' differences (dpE), from zero, in order.
	var e [7]float64
	e[0], e[2], e[3], e[4], e[5], e[6] = h*(71.0/57600), h*(-71.0/16695), h*(71.0/1920), h*(-17253.0/339200), h*(22.0/525), h*(-1.0/40)
	for _, i := range [...]int{0, 2, 3, 4, 5, 6} {
		ep, ev = add(ep, e[i], kv[i]), add(ev, e[i], ka[i])
	}
	return ps, vs, ep, ev
}

// stepControl returns the error of a step whose fifth- and fourth-order
// solutions differ by ep in position and ev in velocity, as a fraction
// of the tolerances (above 1: rejected), and the factor by which the
// next step grows: the step for the error asked, with the usual safety
// factor and bounds on its change (Hairer, Nørsett and Wanner, II.4).
//
// A step whose error is below growFullError grows by the most, fivefold,
// whatever its error exactly: the squared norms, 1% below that bound or
// more, say so without the norms and the power, which otherwise take
// half the time of a step of the arc, where two in five steps are that
// accurate. The error returned is then 0.
func stepControl(ep, ev r3.Vec) (err, grow float64) {
	const tp, tv = flightTolPosition, flightTolVelocity
	if max(r3.Norm2(ep)/(tp*tp), r3.Norm2(ev)/(tv*tv)) < growFullError*growFullError {
		return 0, 5
	}
	err = max(geo.Norm(ep)/tp, geo.Norm(ev)/tv)
	return err, min(5, max(0.2, 0.9*math.Pow(err, -0.2)))
}

// growFullError is an error below which a step grows fivefold:
// 0.9 err^-0.2 is 5 at err = 0.18^5 = 1.8896e-4, and 5.05 here, far
// beyond the rounding of the squared norms that test it.
const growFullError = 1.8e-4

// crossing returns where and when the flight first descends through
// height h, on the Hermite polynomial of the step it crosses h in.
func (f *flightPath) crossing(h float64) (r3.Vec, float64, bool) {
	for k := 1; k < len(f.steps); k++ {
		if f.below(k, h) && !f.below(k-1, h) {
			s := zeroIn(func(s float64) float64 { return geo.Height(f.at(k, s)) - h }, f.heightAt(k-1)-h, f.heightAt(k)-h, 1e-4)
			return f.at(k, s), f.time(k, s), true
		}
	}
	if len(f.steps) == 1 && f.below(0, h) {
		return f.steps[0].pos, f.steps[0].t, true
	}
	return r3.Vec{}, 0, false
}

// enter returns the first time the flight comes within r of c: within
// the first step that ends inside, or that passes through the sphere
// between two ends outside it, on that step's Hermite polynomial. A step
// of the last kilometres may be longer than the sphere is wide, and the
// one that crosses the ground ends below it, beyond the sphere of a site
// on the ground: the step's chord says whether the polynomial can come
// within r (it strays from the chord by at most 4/27 of the step's time
// times its ends' velocities off the chord's), and the polynomial,
// sampled, where it does.
func (f *flightPath) enter(c r3.Vec, r float64) float64 {
	d0 := geo.Norm(r3.Sub(f.steps[0].pos, c)) - r
	if d0 <= 0 {
		return f.steps[0].t
	}
	for k := 1; k < len(f.steps); k++ {
		g := func(s float64) float64 { return geo.Norm(r3.Sub(f.at(k, s), c)) - r }
		d := geo.Norm(r3.Sub(f.steps[k].pos, c)) - r
		if d <= 0 {
			return f.time(k, zeroIn(g, d0, d, 1e-4))
		}
		if s, gs, ok := f.passes(k, c, r, g); ok {
			return f.time(k, s*zeroIn(func(x float64) float64 { return g(x * s) }, d0, gs, 1e-4))
		}
		d0 = d
	}
	return math.Inf(1)
}

// enterSamples is how many points of a step passes samples before it
// looks for the closest point of the step's path about the nearest.
const enterSamples = 16

// passes reports whether step k, both of whose ends lie outside the
// sphere of radius r about c, passes through it, and if so a fraction s
// of the step inside it, before which the path first enters, where g
// (the distance from the sphere, negative inside) is gs. A step of the
// arc in near vacuum may be tens of seconds long and inside a site's
// sphere for a fifteenth of it: the path's closest point to c is found
// by golden-section search about its nearest sample.
func (f *flightPath) passes(k int, c r3.Vec, r float64, g func(float64) float64) (s, gs float64, ok bool) {
	a, b := &f.steps[k-1], &f.steps[k]
	dt := b.t - a.t
	chord := r3.Sub(b.pos, a.pos)
	u := r3.Scale(1/dt, chord)
	stray := 4.0 / 27 * dt * (geo.Norm(r3.Sub(a.vel, u)) + geo.Norm(r3.Sub(b.vel, u)))
	// The chord's closest point to c.
	x := 0.0
	if cc := r3.Dot(chord, chord); cc > 0 {
		x = min(max(r3.Dot(r3.Sub(c, a.pos), chord)/cc, 0), 1)
	}
	if geo.Norm(r3.Sub(r3.Add(a.pos, r3.Scale(x, chord)), c)) > r+stray {
		return 0, 0, false
	}
	best, gBest := 0, math.Inf(1)
	for i := 1; i < enterSamples; i++ {
		s := float64(i) / enterSamples
		gs := g(s)
		if gs <= 0 {
			return s, gs, true
		}
		if gs < gBest {
			best, gBest = i, gs
		}
	}
	// Golden-section search for the least distance between the samples
	// either side of the nearest.
	lo, hi := float64(best-1)/enterSamples, float64(best+1)/enterSamples
	if sec := golden.Search(g, lo, hi, 1e-9, func(v float64) bool { return v <= 0 }); sec.Stopped {
		return sec.X1, sec.F1, true
	}
	return 0, 0, false
}

// covariance returns the track's position and velocity covariance in
// ECEF: Cov, or, where the picture gives none, PosCov and VelSigma on
// each axis.
func (tk *Track) covariance() [36]float64 {
	if tk.Cov != ([36]float64{}) {
		return tk.Cov
	}
	var c [36]float64
	for i := range 3 {
		for j := range 3 {
			c[i*6+j] = tk.PosCov[i*3+j]
		}
		c[(i+3)*6+i+3] = tk.VelSigma * tk.VelSigma
	}
	return c
}

// PredictImpacts predicts where a ballistic track falls on each site's
// height: its estimate's unscented sigma points (Julier and Uhlmann
// 2004, with κ = 0: ±√n times the columns of the covariance's Cholesky
// factor, equal weights) are flown in free flight over the rotating
// WGS-84 earth to the lowest site's height, and each site reads where
// they cross its own. The state is position and velocity (n = 6) and,
// when the tracker estimates it (Track.DragCov), the inverse ballistic
// coefficient (n = 7): each point then flies through the exponential
// atmosphere with its own drag, no less than none, so the spread of the
// impact carries what the tracker does not yet know of β. The impact's
// mean and covariance are the points' weighted moments; P integrates
// the Gaussian of that mean and covariance over the site's disc. A
// track that does not come down within half an hour, or whose
// covariance is not positive definite, gets no prediction (ok false): it
// is flown as its mean alone then, with no spread.
func PredictImpacts(tk Track, sites []Site) (impacts []Impact, ok bool) {
	var w impactWork
	return w.predict(tk, sites)
}

// impactWork is the working storage of an impact prediction: the sigma
// points, their flights, and the factor of the covariance they are drawn
// from. An ImpactCarry keeps one for its track, so that the prediction
// made again at each detection of the track reuses the last one's
// storage: the 13 to 15 flights of tens of steps each were a sixth of
// the bytes a replication of the example allocated.
type impactWork struct {
	points  [][7]float64
	weights []float64
	paths   []flightPath
	mean    flightPath
	en      [][2]float64
	// cov is the covariance factorized, one for each size of state (6
	// without a drag estimate, 7 with), made at its first use.
	cov  [2]*mat.SymDense
	chol mat.Cholesky
	l    mat.TriDense
}

// predict is PredictImpacts in w's storage. The impacts returned are
// new: a threat keeps a pointer to its own.
func (w *impactWork) predict(tk Track, sites []Site) (impacts []Impact, ok bool) {
	if len(sites) == 0 {
		return nil, false
	}
	floor := math.Inf(1)
	for _, s := range sites {
		floor = min(floor, geo.Height(s.Pos))
	}
	n := 6
	if tk.DragCov[6] > 0 {
		n = 7
	}
	mean := [7]float64{tk.Pos.X, tk.Pos.Y, tk.Pos.Z, tk.Vel.X, tk.Vel.Y, tk.Vel.Z, tk.Drag}
	points := append(w.points[:0], mean)
	weights := append(w.weights[:0], 1)
	c6 := tk.covariance()
	sym := w.cov[n-6]
	if sym == nil {
		sym = mat.NewSymDense(n, nil)
		w.cov[n-6] = sym
	}
	cov := sym.RawSymmetric().Data
	for i := range 6 {
		copy(cov[i*n:i*n+6], c6[i*6:i*6+6])
	}
	if n == 7 {
		for i := range 7 {
			cov[6*n+i], cov[i*n+6] = tk.DragCov[i], tk.DragCov[i]
		}
	}
	if w.chol.Factorize(sym) {
		w.l.Reset()
		w.chol.LTo(&w.l)
		points, weights = points[:0], weights[:0]
		for j := range n {
			for _, sgn := range [...]float64{1, -1} {
				x := mean
				for i := range n {
					x[i] += sgn * math.Sqrt(float64(n)) * w.l.At(i, j)
				}
				points = append(points, x)
				weights = append(weights, 1/float64(2*n))
			}
		}
	}
	w.points, w.weights = points, weights
	if len(w.paths) < len(points) {
		w.paths = append(w.paths, make([]flightPath, len(points)-len(w.paths))...)
	}
	paths := w.paths[:len(points)]
	for k, x := range points {
		if !paths[k].fly(r3.Vec{X: x[0], Y: x[1], Z: x[2]}, r3.Vec{X: x[3], Y: x[4], Z: x[5]}, tk.T, floor, max(x[6], 0)) {
			return nil, false
		}
	}
	meanPath := &paths[0]
	if len(points) > 1 {
		meanPath = &w.mean
		if !meanPath.fly(tk.Pos, tk.Vel, tk.T, floor, max(tk.Drag, 0)) {
			return nil, false
		}
	}
	impacts = make([]Impact, len(sites))
	en := slices.Grow(w.en[:0], len(paths))[:len(paths)]
	w.en = en
	for i, s := range sites {
		frame := geo.NewFrame(geo.FromECEF(s.Pos))
		h := geo.Height(s.Pos)
		var im Impact
		for k := range paths {
			p, t, ok := paths[k].crossing(h)
			if !ok {
				return nil, false
			}
			e := frame.ToENU(p)
			en[k] = [2]float64{e.X, e.Y}
			im.Pos = r3.Add(im.Pos, r3.Scale(weights[k], p))
			im.T += weights[k] * t
		}
		var m [2]float64
		for k := range en {
			m[0] += weights[k] * en[k][0]
			m[1] += weights[k] * en[k][1]
		}
		for k := range en {
			dx, dy := en[k][0]-m[0], en[k][1]-m[1]
			im.Cov[0] += weights[k] * dx * dx
			im.Cov[1] += weights[k] * dx * dy
			im.Cov[3] += weights[k] * dy * dy
		}
		im.Cov[2] = im.Cov[1]
		im.Miss = math.Hypot(m[0], m[1])
		im.P = discProbability(m, im.Cov, s.Radius)
		im.Enter = meanPath.enter(s.Pos, s.Radius)
		impacts[i] = im
	}
	return impacts, true
}

// Gauss-Legendre's four nodes on [-1, 1] and their weights (Abramowitz
// and Stegun, table 25.4).
var (
	gl4Node   = [4]float64{-0.8611363115940526, -0.3399810435848563, 0.3399810435848563, 0.8611363115940526}
	gl4Weight = [4]float64{0.3478548451374538, 0.6521451548625461, 0.6521451548625461, 0.3478548451374538}
)

// discProbability returns the probability that a 2-D Gaussian of mean m
// and covariance c (row-major) falls within r of the origin, or 0 or 1
// where the disc lies more than eight standard deviations outside or
// inside. In the ellipse's own axes, u along its major axis and w along
// its minor, the two are independent, and the chance of falling within
// the disc's chord at u is a difference of two normal cdfs in w: P is
// then the integral over u across the disc of the density in u times
// that difference. With u = r sin θ, the chord's half-length is r cos θ
// and the integrand is smooth up to the disc's edge; it is integrated in
// θ by four-point Gauss-Legendre on panels of at most the minor axis's
// standard deviation, over the part of the disc within eight standard
// deviations of the mean in u: a few hundred normal densities and cdfs,
// where a grid over the disc took thousands of exponentials. It agrees
// with SciPy's dblquad to 3e-8 (TestDiscProbabilityRecordedSciPy).
func discProbability(m [2]float64, c [4]float64, r float64) float64 {
	d := math.Hypot(m[0], m[1])
	det := c[0]*c[3] - c[1]*c[2]
	sMax := math.Sqrt(max(c[0], c[3], 0))
	if !(det > 0) {
		// A point mass (no spread): in or out.
		if d <= r {
			return 1
		}
		return 0
	}
	switch {
	case !(r > 0) || d-r > 8*sMax:
		return 0
	case d+8*sMax < r:
		return 1
	}
	// The principal axes: variances l1 >= l2 > 0, the major axis at phi
	// from the first axis.
	half := math.Hypot((c[0]-c[3])/2, c[1])
	l1 := (c[0]+c[3])/2 + half
	l2 := det / l1
	sp, cp := math.Sincos(math.Atan2(2*c[1], c[0]-c[3]) / 2)
	mu, mw := cp*m[0]+sp*m[1], -sp*m[0]+cp*m[1]
	s1, s2 := math.Sqrt(l1), math.Sqrt(l2)
	ua, ub := max(-r, mu-8*s1), min(r, mu+8*s1)
	if !(ua < ub) {
		return 0
	}
	ta, tb := math.Asin(ua/r), math.Asin(ub/r)
	// Panels no wider than s2 in u or in the chord's ends: the arc r dθ
	// bounds both.
	panels := min(max(4, int(math.Ceil(r*(tb-ta)/s2))), 1024)
	h := (tb - ta) / float64(panels)
	var sum float64
	for k := range panels {
		mid := ta + (float64(k)+0.5)*h
		for i, x := range gl4Node {
			st, ct := math.Sincos(mid + x*h/2)
			u, chord := r*st, r*ct
			z := (u - mu) / s1
			sum += gl4Weight[i] * math.Exp(-z*z/2) * normalBetween((-chord-mw)/s2, (chord-mw)/s2) * ct
		}
	}
	p := sum * h / 2 * r / (s1 * math.Sqrt(2*math.Pi))
	return min(max(p, 0), 1)
}

// normalBetween is Φ(b) - Φ(a) for a <= b, Φ the standard normal cdf,
// from the tail on the side away from the mean, so that two values far
// out on one side keep their digits.
func normalBetween(a, b float64) float64 {
	switch {
	case a > 0:
		return (math.Erfc(a/math.Sqrt2) - math.Erfc(b/math.Sqrt2)) / 2
	case b < 0:
		return (math.Erfc(-b/math.Sqrt2) - math.Erfc(-a/math.Sqrt2)) / 2
	}
	return (math.Erf(b/math.Sqrt2) - math.Erf(a/math.Sqrt2)) / 2
}
