package weapon

import (
	"math"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/internal/golden"
	"github.com/iadsim/iadsim/internal/root"
)

// Shot is a standard engagement for envelopes and launch acceptability
// tables: at launch the target is Range metres of ground range from the
// launcher at Altitude, and it flies level along the great circle through
// the launcher at Speed, positive toward the launcher (inbound), negative
// away. The launcher is at 45° N, 0° E on the ellipsoid; the earth is a
// sphere through the launcher for the target's path, which puts the
// target within about 50 m of its nominal altitude over 400 km.
//
// Cross adds a level velocity across the line of sight (m/s, positive
// toward the east at the target's start, which is north of the
// launcher): the target then flies the great circle along its initial
// velocity, Speed toward the launcher and Cross across.
type Shot struct {
	Range, Altitude, Speed float64 // m, m, m/s
	Cross                  float64 // m/s
}

// Outcome is how a [Shot] ended.
type Outcome struct {
	Kind     ResultKind // Fuzed or SelfDestruct
	TOF      float64    // time of flight to the fuzing or the self-destruct, s
	Miss     float64    // miss distance, m (the distance at the end for a self-destruct)
	Range    float64    // ground range of the missile from the launcher at the end, m
	Altitude float64    // missile altitude at the end, m
	Speed    float64    // missile speed at the end, m/s
	Accel    float64    // lateral acceleration available at the end, m/s²

	// Margin is the smallest of the end-game margins, each relative and
	// clamped to [-1, 1]: (LethalRadius - Miss)/LethalRadius, and for
	// ModelPointMass (Speed - MinSpeed)/MinSpeed and
	// (Accel - EndgameAccel)/EndgameAccel when those are set. Reached is
	// Kind == Fuzed && Margin >= 0. At the edge of the envelope the speed
	// or the acceleration margin binds, and those change smoothly with
	// the shot, which is what lets [LARTable] interpolate the margin.
	Margin  float64
	Reached bool
}

// shotSite is where Fly puts the launcher.
func shotSite() geo.LLA { return geo.Deg(45, 0, 0) }

// shotGeometry is the launcher and the target's path of a Shot.
type shotGeometry struct {
	launcher, centre r3.Vec // centre of the sphere through the launcher
	u0, e            r3.Vec // unit radial to the target's start, unit initial direction
	rr               float64
	rate             float64 // angular rate along the great circle, rad/s
}

func newShotGeometry(s Shot) shotGeometry {
	site := shotSite()
	l := site.ECEF()
	fr := geo.NewFrame(site)
	up := r3.Unit(l)
	north := fr.RotateFromENU(r3.Vec{Y: 1})
	north = r3.Unit(perpendicular(north, up))
	east := r3.Cross(north, up)
	r := norm(l)
	th := s.Range / r
	sn, cs := math.Sincos(th)
	u0 := r3.Add(r3.Scale(cs, up), r3.Scale(sn, north))
	along := r3.Add(r3.Scale(-sn, up), r3.Scale(cs, north))
	rr := r + s.Altitude
	g := shotGeometry{launcher: l, centre: r3.Sub(l, r3.Scale(r, up)), u0: u0, rr: rr, e: along}
	if v := math.Hypot(s.Speed, s.Cross); v > 0 {
		g.e = r3.Unit(r3.Add(r3.Scale(-s.Speed, along), r3.Scale(s.Cross, east)))
		g.rate = v / rr
	}
	return g
}

// at is the target t seconds after launch, acceleration included (the
// centripetal acceleration of level flight over a round earth).
func (g *shotGeometry) at(t float64) TargetState {
	s, c := math.Sincos(g.rate * t)
	radial := r3.Add(r3.Scale(c, g.u0), r3.Scale(s, g.e))
	along := r3.Add(r3.Scale(-s, g.u0), r3.Scale(c, g.e))
	return TargetState{
		Pos: r3.Add(g.centre, r3.Scale(g.rr, radial)),
		Vel: r3.Scale(g.rr*g.rate, along),
		Acc: r3.Scale(-g.rr*g.rate*g.rate, radial),
	}
}

// Fly launches m at a [Shot] with a perfect track (the aim is the truth),
// stepping by dt seconds (0.05 s if dt is not positive), and scores the
// end. The launch is toward [Missile.LaunchDirection] of the intercept
// point [Missile.PredictIntercept] gives, or of the target if it gives
// none. m must have passed [Missile.Validate].
//
// A ModelPointMass missile that has burnt out and is falling slower than
// min(200 m/s, MinSpeed/2) is stopped there as a self-destruct: it will
// not reach, and drifting on to MaxFlightTime would only cost time.
func (m *Missile) Fly(s Shot, dt float64) Outcome {
	if !(dt > 0) {
		dt = 0.05
	}
	g := newShotGeometry(s)
	t0 := g.at(0)
	pip := t0.Pos
	if s.Speed != 0 || s.Cross != 0 {
		if p, _, ok := m.PredictIntercept(g.launcher, t0.Pos, t0.Vel); ok {
			pip = p
		}
	}
	i := Launch(m, 0, g.launcher, m.LaunchDirection(g.launcher, pip))
	spent := math.Min(200, 0.5*m.Aero.MinSpeed)
	var r Result
	for {
		t, p, v := i.State()
		a, b := g.at(t), g.at(t+dt)
		// A point mass that has burnt out and falls slower than any
		// end-game speed will not reach: stop it rather than let it drift
		// to its self-destruct.
		if m.pointMass() && t > m.Motor.BurnTime() && norm(v) < spent && r3.Dot(v, p) < 0 {
			r = Result{Kind: SelfDestruct, T: t, Pos: p, Miss: norm(r3.Sub(a.Pos, p))}
			break
		}
		r = i.Step(dt, a, b, a)
		if r.Kind != Flying {
			break
		}
	}
	_, pos, vel := i.State()
	o := Outcome{Kind: r.Kind, TOF: r.T, Miss: r.Miss, Speed: norm(vel),
		Accel: m.AvailableAccel(r.T, pos, vel)}
	o.Range, o.Altitude = groundRange(g.launcher, pos)
	clamp := func(x float64) float64 { return math.Max(-1, math.Min(1, x)) }
	o.Margin = clamp((m.LethalRadius - o.Miss) / m.LethalRadius)
	if m.pointMass() {
		if v := m.Aero.MinSpeed; v > 0 {
			o.Margin = math.Min(o.Margin, clamp((o.Speed-v)/v))
		}
		if a := m.Aero.EndgameAccel; a > 0 {
			o.Margin = math.Min(o.Margin, clamp((o.Accel-a)/a))
		}
	}
	o.Reached = o.Kind == Fuzed && o.Margin >= 0
	return o
}

// MaxGroundRange is the farthest ground range at which m reaches a
// stationary target at altitude alt (see [Missile.Fly]), with the loft
// that reaches farthest, and that loft. For ModelPointMass the loft is
// the pitch angle [Aero.Loft]
// searched over [0, 1.4] rad by golden section (to 0.03); the kinematic model has no
// loft. The range is found to 0.3%. dt is the fly-out step.
func (m *Missile) MaxGroundRange(alt, dt float64) (rng, loft float64) {
	if !m.pointMass() {
		return m.maxRangeAt(alt, dt), 0
	}
	return m.bestLoft(alt, dt, 0, 1.4)
}

// bestLoft is MaxGroundRange with the programme searched in [lo, hi]: a
// scan every 0.1 rad, since the range is not unimodal in it (a shallow
// boost through dense air reaches nothing, so the range is zero over a
// wide span), then golden section to 0.03 rad around the best point.
func (m *Missile) bestLoft(alt, dt, lo, hi float64) (rng, loft float64) {
	mm := *m
	eval := func(l float64) float64 {
		mm.Aero.Loft = l
		return mm.maxRangeAt(alt, dt)
	}
	n := max(1, int(math.Ceil((hi-lo)/0.1)))
	step := (hi - lo) / float64(n)
	best, bestL := -1.0, lo
	for k := 0; k <= n; k++ {
		l := lo + float64(k)*step
		if r := eval(l); r > best {
			best, bestL = r, l
		}
	}
	// The farthest reach is the least of its negative.
	sec := golden.Search(func(l float64) float64 { return -eval(l) }, math.Max(lo, bestL-step), math.Min(hi, bestL+step), 0.03, nil)
	for _, p := range [][2]float64{{-sec.F1, sec.X1}, {-sec.F2, sec.X2}} {
		if p[0] > best {
			best, bestL = p[0], p[1]
		}
	}
	return best, bestL
}

// maxRangeAt is the edge of reach against a stationary target at alt with
// m's own programme: the first root of the margin in ground range beyond
// half of MaxRange.
func (m *Missile) maxRangeAt(alt, dt float64) float64 {
	f := func(r float64) float64 { return m.Fly(Shot{Range: r, Altitude: alt}, dt).Margin }
	// Start inside the envelope's far half, where the edge is: nearer
	// shots are not what this measures.
	var lo, flo float64
	for _, k := range []float64{0.5, 0.25, 0.1} {
		lo = math.Max(m.MinRange, k*m.MaxRange)
		if flo = f(lo); flo >= 0 {
			break
		}
	}
	if flo < 0 {
		return 0
	}
	// Walk out in steps of a tenth of MaxRange to the first shot that
	// fails, then refine: the region need not be convex (a longer shot
	// dives from higher and may arrive faster), and the edge wanted is
	// the first one, where reach stops being continuous from the inside.
	hi, fhi := lo, flo
	for fhi >= 0 && hi < 8*m.MaxRange {
		lo, flo = hi, fhi
		hi += 0.1 * m.MaxRange
		fhi = f(hi)
	}
	if fhi >= 0 {
		return hi
	}
	return rootBracket(f, lo, hi, flo, fhi, 3e-3)
}

// Ceiling is the highest altitude at which m reaches a stationary target
// ([Missile.Fly]) at any of the ground ranges 0.1, 0.3, 0.6, 1 and 1.5
// times the altitude, found to 0.2%. dt is the fly-out step.
func (m *Missile) Ceiling(dt float64) float64 {
	f := func(h float64) float64 {
		best := math.Inf(-1)
		for _, k := range []float64{0.1, 0.3, 0.6, 1, 1.5} {
			best = math.Max(best, m.Fly(Shot{Range: k * h, Altitude: h}, dt).Margin)
		}
		return best
	}
	lo, hi := 1000.0, 2*m.MaxAltitude
	flo, fhi := f(lo), f(hi)
	if flo < 0 {
		return 0
	}
	for fhi >= 0 && hi < 300e3 {
		lo, flo = hi, fhi
		hi *= 2
		fhi = f(hi)
	}
	if fhi >= 0 {
		return hi
	}
	return rootBracket(f, lo, hi, flo, fhi, 2e-3)
}

// rootBracket finds where f crosses zero in [a, b], f(a) = fa >= 0 > f(b)
// = fb, to a relative width rel, by the Illinois variant of regula falsi
// (root.Illinois): the margins it is used on are smooth but not linear.
// A margin of zero is met: it counts as positive, so that the bracket
// closes on where the margin runs out, not on a point where it is only
// just met.
func rootBracket(f func(float64) float64, a, b, fa, fb, rel float64) float64 {
	met := func(x float64) float64 { return max(x, math.SmallestNonzeroFloat64) }
	g := func(x float64) float64 {
		m := f(x)
		if m < 0 {
			return m
		}
		return met(m)
	}
	r := root.Illinois(g, a, b, met(fa), fb, root.Tol{Rel: rel, Max: 60})
	return 0.5 * (r.A + r.B)
}
