package bm

import (
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/geo"
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

// Constants of the impact prediction.
const (
	impactStep    = 1.0    // s, RK4 step of the free flight
	impactHorizon = 1800.0 // s: a track that has not come down by then is not ballistic
)

// flightPath is one free flight, from a state to the lowest height asked.
// The exact height of a step (geo.Height) is taken only where a
// question is close to it: each step keeps a cheap lower bound
// (geo.HeightBelow), and its exact height, NaN until asked for. A fall
// from 100 km asks for the exact height of its last step or two.
type flightPath struct {
	t      []float64
	pos    []r3.Vec
	height []float64 // exact, or NaN until heightAt computes it
	low    []float64 // at most height
}

// heightAt returns the exact height of step k.
func (f *flightPath) heightAt(k int) float64 {
	if math.IsNaN(f.height[k]) {
		f.height[k] = geo.Height(f.pos[k])
	}
	return f.height[k]
}

// below reports whether step k is below h: by its bound when that is
// at or above h, else by its exact height.
func (f *flightPath) below(k int, h float64) bool {
	return f.low[k] < h && f.heightAt(k) < h
}

// fly integrates a free flight (gravity, the earth's rotation, and drag
// with inverse ballistic coefficient kappa in the exponential atmosphere
// the threats fly in; kappa 0 is vacuum) from p, v at time t0 until it
// falls below floor, or for impactHorizon. The path is made with room
// for n steps: the sigma points of one track fall in about as many
// steps as the first of them.
func fly(p, v r3.Vec, t0, floor, kappa float64, n int) (flightPath, bool) {
	f := flightPath{t: make([]float64, 0, n), pos: make([]r3.Vec, 0, n), height: make([]float64, 0, n), low: make([]float64, 0, n)}
	// add appends a step and reports whether it is below floor.
	add := func(t float64, p r3.Vec) bool {
		f.t, f.pos = append(f.t, t), append(f.pos, p)
		f.height, f.low = append(f.height, math.NaN()), append(f.low, geo.HeightBelow(p))
		return f.below(len(f.t)-1, floor)
	}
	t := t0
	if add(t, p) {
		return f, true
	}
	acc := func(p, v r3.Vec) r3.Vec { return motion.EarthAccel(p, v, kappa, motion.Exponential) }
	for t < t0+impactHorizon {
		h := impactStep
		a1 := acc(p, v)
		p2, v2 := r3.Add(p, r3.Scale(h/2, v)), r3.Add(v, r3.Scale(h/2, a1))
		a2 := acc(p2, v2)
		p3, v3 := r3.Add(p, r3.Scale(h/2, v2)), r3.Add(v, r3.Scale(h/2, a2))
		a3 := acc(p3, v3)
		p4, v4 := r3.Add(p, r3.Scale(h, v3)), r3.Add(v, r3.Scale(h, a3))
		a4 := acc(p4, v4)
		p = r3.Add(p, r3.Scale(h/6, r3.Add(r3.Add(v, v4), r3.Scale(2, r3.Add(v2, v3)))))
		v = r3.Add(v, r3.Scale(h/6, r3.Add(r3.Add(a1, a4), r3.Scale(2, r3.Add(a2, a3)))))
		t += h
		if add(t, p) {
			return f, true
		}
	}
	return f, false
}

// crossing returns where and when the flight first descends through
// height h, by linear interpolation between its steps (a step of a
// second bends a fall by metres).
func (f *flightPath) crossing(h float64) (r3.Vec, float64, bool) {
	for k := 1; k < len(f.t); k++ {
		if f.below(k, h) && !f.below(k-1, h) {
			h0, h1 := f.heightAt(k-1), f.heightAt(k)
			s := (h0 - h) / (h0 - h1)
			return r3.Add(f.pos[k-1], r3.Scale(s, r3.Sub(f.pos[k], f.pos[k-1]))), f.t[k-1] + s*(f.t[k]-f.t[k-1]), true
		}
	}
	if len(f.t) == 1 && f.below(0, h) {
		return f.pos[0], f.t[0], true
	}
	return r3.Vec{}, 0, false
}

// enter returns the first time the flight comes within r of c.
func (f *flightPath) enter(c r3.Vec, r float64) float64 {
	for k := range f.t {
		if r3.Norm(r3.Sub(f.pos[k], c)) <= r {
			if k == 0 {
				return f.t[0]
			}
			// Within the step, the straight chord's entry.
			if ttg, ok := timeToRadius(f.pos[k-1], r3.Scale(1/(f.t[k]-f.t[k-1]), r3.Sub(f.pos[k], f.pos[k-1])), c, r); ok {
				return f.t[k-1] + ttg
			}
			return f.t[k]
		}
	}
	return math.Inf(1)
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
	if len(sites) == 0 {
		return nil, false
	}
	floor := math.Inf(1)
	for _, s := range sites {
		floor = min(floor, geo.FromECEF(s.Pos).Alt)
	}
	n := 6
	if tk.DragCov[6] > 0 {
		n = 7
	}
	mean := [7]float64{tk.Pos.X, tk.Pos.Y, tk.Pos.Z, tk.Vel.X, tk.Vel.Y, tk.Vel.Z, tk.Drag}
	points := [][7]float64{mean}
	weights := []float64{1}
	c6 := tk.covariance()
	cov := make([]float64, n*n)
	for i := range 6 {
		copy(cov[i*n:i*n+6], c6[i*6:i*6+6])
	}
	if n == 7 {
		for i := range 7 {
			cov[6*n+i], cov[i*n+6] = tk.DragCov[i], tk.DragCov[i]
		}
	}
	var ch mat.Cholesky
	if ch.Factorize(mat.NewSymDense(n, cov)) {
		var l mat.TriDense
		ch.LTo(&l)
		points, weights = points[:0], weights[:0]
		for j := range n {
			for _, sgn := range []float64{1, -1} {
				x := mean
				for i := range n {
					x[i] += sgn * math.Sqrt(float64(n)) * l.At(i, j)
				}
				points = append(points, x)
				weights = append(weights, 1/float64(2*n))
			}
		}
	}
	paths := make([]flightPath, len(points))
	steps := 64
	for k, x := range points {
		f, down := fly(r3.Vec{X: x[0], Y: x[1], Z: x[2]}, r3.Vec{X: x[3], Y: x[4], Z: x[5]}, tk.T, floor, max(x[6], 0), steps)
		if !down {
			return nil, false
		}
		paths[k] = f
		steps = max(steps, len(f.t)+len(f.t)/8)
	}
	var meanPath flightPath
	if len(points) > 1 {
		var down bool
		meanPath, down = fly(tk.Pos, tk.Vel, tk.T, floor, max(tk.Drag, 0), steps)
		if !down {
			return nil, false
		}
	} else {
		meanPath = paths[0]
	}
	impacts = make([]Impact, len(sites))
	for i, s := range sites {
		frame := geo.NewFrame(geo.FromECEF(s.Pos))
		h := geo.FromECEF(s.Pos).Alt
		var im Impact
		en := make([][2]float64, len(paths))
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

// expUnderflow is a q above which math.Exp(-q/2) returns exactly 0: Exp
// underflows to zero below -745.13 (math.Exp's documentation).
const expUnderflow = 1491.0

// discProbability returns the probability that a 2-D Gaussian of mean m
// and covariance c (row-major) falls within r of the origin, by the
// midpoint rule in polar coordinates about the origin, or 0 or 1 where
// the disc lies more than eight standard deviations outside or inside.
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
	case d-r > 8*sMax:
		return 0
	case d+8*sMax < r:
		return 1
	}
	inv := [4]float64{c[3] / det, -c[1] / det, -c[2] / det, c[0] / det}
	norm := 1 / (2 * math.Pi * math.Sqrt(det))
	// Resolve the smaller of the disc and the ellipse: at least 8 cells
	// per standard deviation of the narrower axis across the disc.
	sMin := math.Sqrt(max(min(c[0], c[3]), det/max(c[0], c[3])))
	nr := min(max(64, int(8*r/sMin)), 1024)
	const nt = 128
	var sum float64
	dr := r / float64(nr)
	dt := 2 * math.Pi / nt
	// The angles are the same on every ring: their sines and cosines are
	// taken once.
	var sins, coss [nt]float64
	for j := range nt {
		sins[j], coss[j] = math.Sincos((float64(j) + 0.5) * dt)
	}
	for i := range nr {
		rho := (float64(i) + 0.5) * dr
		for j := range nt {
			x, y := rho*coss[j]-m[0], rho*sins[j]-m[1]
			q := inv[0]*x*x + 2*inv[1]*x*y + inv[3]*y*y
			if q > expUnderflow {
				// exp(-q/2) is exactly 0 in float64 here: adding it
				// changes nothing, and costs most where the ellipse is
				// small beside the disc.
				continue
			}
			sum += math.Exp(-q/2) * rho
		}
	}
	return min(sum*norm*dr*dt, 1)
}
