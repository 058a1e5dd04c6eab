package weapon

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/spatial/r3"
)

// TargetState is a target's position, velocity and acceleration (ECEF, m,
// m/s and m/s²). Only [AccelGuidance] laws use Acc; zero means none known.
type TargetState struct {
	Pos, Vel, Acc r3.Vec
}

// ResultKind says how a step of an [Interceptor] ended.
type ResultKind int

// The ends of a step.
const (
	Flying       ResultKind = iota // still in flight
	Fuzed                          // the proximity fuze fired at closest approach
	SelfDestruct                   // reached MaxFlightTime without fuzing
)

func (k ResultKind) String() string {
	switch k {
	case Flying:
		return "flying"
	case Fuzed:
		return "fuzed"
	case SelfDestruct:
		return "self-destruct"
	}
	return "ResultKind(?)"
}

// Result is the outcome of one [Interceptor.Step].
type Result struct {
	Kind ResultKind
	T    float64 // time of the end of the step, the fuzing or the self-destruct, s
	Pos  r3.Vec  // missile position at T (ECEF)
	// Miss is, when Fuzed, the distance of closest approach to the true
	// target; otherwise the distance to the true target at T.
	Miss float64
}

// Interceptor is one missile in flight: with the kinematic model, a point
// whose speed follows the missile's [Profile] and whose velocity turns
// under the guidance command, limited to MaxLateralAccel (see the package
// documentation for the assumptions); with [ModelPointMass], the 3-DOF
// point mass of pointmass.go, whose guidance phases differ as documented
// there (pitch programme and ballistic arc mid-course, fuze armed only
// when homing). What follows describes the kinematic model. Positions are ECEF; any Cartesian frame works, since
// nothing here depends on the earth.
//
// Guidance runs in two phases when Missile.SeekerRange > 0: mid-course, the
// law steers toward the predicted intercept point, computed each step from
// the aim (the track estimate) and the missile's remaining speed profile
// and treated as a stationary target; once the aim is within SeekerRange,
// or the seeker has locked on, the missile homes and stays homing. With
// SeekerRange = 0 it homes on the aim from launch.
//
// What the aim is (a track estimate, the truth) is the caller's choice,
// step by step, until the seeker locks on: it does when the true target
// comes within its lock-on range ([Interceptor.Seek], [Missile.LockRange]),
// and from then on guidance steers at the seeker's noisy measurement of
// the true target instead (airframe.go). A seeker that never locks leaves
// the missile flying at the aim to the end, and its miss is what the
// aim's error leaves.
//
// The kinematic airframe cannot turn at once nor at any rate: the
// achieved lateral acceleration follows the command through the autopilot
// lag (Missile.AutopilotLag) and is limited by the structure and by the
// lift the dynamic pressure gives (airframe.go).
type Interceptor struct {
	// Guidance is the law that makes the lateral acceleration command;
	// Launch sets ProNav{N: NavRatio}, or AugProNav when the missile is
	// Augmented. Replace it before the first Step to
	// fly another law.
	Guidance Guidance

	m        Missile
	launchT  float64 // scenario time of launch
	t        float64 // scenario time now
	pos, vel r3.Vec
	dir      r3.Vec // unit heading; kept apart from vel, which is zero at a standing launch
	acc      r3.Vec // lateral acceleration flown over the last step (its mean), after the limit
	lat      r3.Vec // lateral acceleration achieved at the end of the last step: the autopilot lag's state
	seek     seeker
	homing   bool
	loft     float64 // the pitch programme chosen at the first mid-course step (ModelPointMass)
	loftSet  bool
	planTOF  float64 // planned time of flight from launch, s (ModelPointMass, moving aim)
	planned  bool
	replanT  float64 // flight time of the next replan
	// tgo is the time of flight still to go at the last mid-course
	// prediction, made at flight time tgoAt (when tgoOK): it starts the
	// next step's search ([Missile.predictFrom]).
	tgo, tgoAt float64
	tgoOK      bool
	// dist is the path flown by flight time distT, m.Distance(distT),
	// when distOK: the last one asked for (distance).
	distT, dist float64
	distOK      bool
	end         Result // the last result once fuzed or destroyed
	over        bool   // fuzed or destroyed
}

// Launch puts a missile of type m in flight at scenario time t from pos
// (ECEF), flying along dir, which need not be unit length: for example
// toward the point from [Missile.PredictIntercept]. A zero or non-finite
// dir launches along the geocentric vertical. m must have passed
// [Missile.Validate]. The missile is copied, so later changes to *m do not
// reach a missile in flight.
func Launch(m *Missile, t float64, pos, dir r3.Vec) *Interceptor {
	u := dir
	if n := norm(u); n > 0 && !math.IsInf(n, 0) {
		u = r3.Scale(1/n, u)
	} else if n := norm(pos); n > 0 && !math.IsInf(n, 0) {
		u = r3.Scale(1/n, pos)
	} else {
		u = r3.Vec{Z: 1}
	}
	var law Guidance = ProNav{N: m.NavRatio}
	if m.Augmented {
		law = AugProNav{N: m.NavRatio}
	}
	mc := *m
	mc.Aero.Cd0 = slices.Clone(m.Aero.Cd0)
	if mc.pointMass() && mc.Aero.Cd0 == nil {
		mc.Aero.Cd0 = DefaultCd0()
	}
	return &Interceptor{
		Guidance: law,
		m:        mc,
		launchT:  t,
		t:        t,
		pos:      pos,
		vel:      r3.Scale(m.Speed(0), u),
		dir:      u,
		seek:     seeker{lockRange: m.SeekerRange},
	}
}

// State is the missile's scenario time, position and velocity now.
func (i *Interceptor) State() (t float64, pos, vel r3.Vec) {
	return i.t, i.pos, i.vel
}

// Accel is the lateral acceleration flown during the last step (its mean
// over the step, behind the autopilot lag), after the g limit, m/s².
func (i *Interceptor) Accel() r3.Vec { return i.acc }

// Step advances the missile by dt seconds, or to its self-destruct time if
// that comes first. tgt0 and tgt1 are the target's true states at the
// start and end of the step, for the fuze; aim is what guidance sees.
//
// Guidance: the command is computed once from the state at the start of
// the step and held, limited to what the airframe can fly there; the
// autopilot lag's response to it is exact over the step, and the missile
// flies its mean: the velocity turns at the constant rate |a|/v about
// the axis v × a, and the missile moves along that arc by the path length
// the profile gives for the step, so position and speed stay consistent
// with the profile at any dt.
//
// Fuze: the missile and the target are each interpolated across the step
// by a cubic Hermite polynomial through both ends' positions and
// velocities, which is exact for straight-line motion at constant
// velocity. If the range rate turns from closing to opening within the
// step, the time at which it is zero is found by bisection and the step
// ends there as Fuzed, with the distance at that time as Miss. The fuze
// has no range gate: a missile that is outrun or outturned also ends as
// Fuzed at its closest approach, with a large Miss whose kill probability
// is near zero. A missile whose range never closes flies on until
// MaxFlightTime.
//
// Once a step has returned Fuzed or SelfDestruct, later steps return the
// same result.
func (i *Interceptor) Step(dt float64, tgt0, tgt1, aim TargetState) Result {
	if i.over {
		return i.end
	}
	if !(dt > 0) || math.IsInf(dt, 1) {
		return Result{Kind: Flying, T: i.t, Pos: i.pos, Miss: norm(r3.Sub(tgt0.Pos, i.pos))}
	}
	tf := i.t - i.launchT
	aim = i.guide(tf, tgt0, aim)
	if i.m.pointMass() {
		return i.stepPointMass(dt, tgt0, tgt1, aim)
	}
	h := math.Min(dt, i.m.MaxFlightTime-tf)
	last := h < dt || tf+h >= i.m.MaxFlightTime
	if h < 0 {
		h = 0
	}

	af := i.m.airframeAt(tf, i.pos)
	a := clampNorm(perpendicular(i.command(tf, aim), i.dir), af.aMax)
	if math.IsNaN(a.X + a.Y + a.Z) {
		a = r3.Vec{} // a NaN aim must not poison the missile
	}
	if af.lag > 0 && h > 0 {
		// The lag's exact response to a command held over the step,
		// n(s) = n_c + (n0 - n_c) e^(-s/T); the missile flies its mean.
		a0 := perpendicular(i.lat, i.dir)
		d := r3.Sub(a0, a)
		e := math.Exp(-h / af.lag)
		i.lat = r3.Add(a, r3.Scale(e, d))
		a = r3.Add(a, r3.Scale(af.lag/h*(1-e), d))
		i.lat = clampNorm(i.lat, af.aMax)
		a = clampNorm(a, af.aMax) // the limit may have fallen since n0 was flown
	} else {
		i.lat = a
	}
	an := norm(a)
	i.acc = a

	u0 := i.dir
	s0 := i.distance(tf)
	ds := i.distance(tf+h) - s0
	u1, step := u0, r3.Scale(ds, u0)
	if an > 0 && h > 0 {
		n := r3.Scale(1/an, a)
		theta := an * h / i.m.Speed(tf+h/2)
		turn := func(s, c float64) r3.Vec {
			return r3.Add(r3.Scale(c, u0), r3.Scale(s, n))
		}
		u1 = turn(math.Sincos(theta))
		// The chord of an arc of length ds turning through theta points
		// along the mid-arc direction and is ds·sin(θ/2)/(θ/2) long.
		// (Sincos's sine is Sin's to the bit: the same reduction and
		// polynomial.)
		half := theta / 2
		sh, ch := math.Sincos(half)
		chord := ds
		if half > 1e-8 {
			chord = ds * sh / half
		}
		step = r3.Scale(chord, turn(sh, ch))
	}
	p0, v0 := i.pos, i.vel
	p1 := r3.Add(p0, step)
	v1 := r3.Scale(i.m.Speed(tf+h), u1)

	rel := relMotion{
		r0: r3.Sub(tgt0.Pos, p0),
		dm: step, vm0: v0, vm1: v1, h: h,
		dt: r3.Sub(tgt1.Pos, tgt0.Pos), vt0: tgt0.Vel, vt1: tgt1.Vel, ht: dt,
	}
	if s, ok := rel.closestApproach(); ok {
		off, vm := hermite(step, v0, v1, h, s)
		r, _ := rel.at(s)
		i.t, i.pos, i.vel = i.t+s, r3.Add(p0, off), vm
		i.end, i.over = Result{Kind: Fuzed, T: i.t, Pos: i.pos, Miss: norm(r)}, true
		return i.end
	}

	i.t, i.pos, i.vel, i.dir = i.t+h, p1, v1, u1
	r, _ := rel.end()
	res := Result{Kind: Flying, T: i.t, Pos: p1, Miss: norm(r)}
	if last {
		res.Kind = SelfDestruct
		i.end, i.over = res, true
	}
	return res
}

// distance is i.m.Distance(tf), from the last call when that was at tf.
// A step asks for the path flown at its start, for the intercept
// equation and for its own length, and at its end; the end's flight
// time, t + h - launchT, is most often the next start's, t' - launchT,
// to the bit, and then the coast's logarithm is not taken again.
func (i *Interceptor) distance(tf float64) float64 {
	if !i.distOK || tf != i.distT {
		i.distT, i.dist, i.distOK = tf, i.m.Distance(tf), true
	}
	return i.dist
}

// command is the guidance law's demand for this step, before the g limit.
func (i *Interceptor) command(tf float64, aim TargetState) r3.Vec {
	if i.m.SeekerRange > 0 && !i.homing {
		if norm(r3.Sub(aim.Pos, i.pos)) <= i.m.SeekerRange {
			i.homing = true
		} else {
			guess := math.NaN()
			if i.tgoOK {
				guess = i.tgo - (tf - i.tgoAt)
			}
			pip, tgo, ok := i.m.predictFrom(i.pos, tf, i.distance(tf), aim.Pos, aim.Vel, i.m.MaxFlightTime-tf, guess)
			i.tgo, i.tgoAt, i.tgoOK = tgo, tf, ok
			if ok {
				return i.Guidance.Command(i.pos, i.vel, pip, r3.Vec{})
			}
		}
	}
	return i.home(aim)
}

// home is the homing command on the aim, with the target's acceleration
// if the law uses it.
func (i *Interceptor) home(aim TargetState) r3.Vec {
	if g, ok := i.Guidance.(AccelGuidance); ok {
		return g.CommandAccel(i.pos, i.vel, aim.Pos, aim.Vel, aim.Acc)
	}
	return i.Guidance.Command(i.pos, i.vel, aim.Pos, aim.Vel)
}

// relMotion is the target's motion relative to the missile across one
// step, each interpolated by its own cubic Hermite polynomial: the missile
// over h, the target over ht ≥ h (the missile's step is cut short at
// self-destruct).
type relMotion struct {
	r0           r3.Vec  // target minus missile at the start
	dm, vm0, vm1 r3.Vec  // missile displacement over h and end velocities
	h            float64 // missile step
	dt, vt0, vt1 r3.Vec  // target displacement over ht and end velocities
	ht           float64 // target step
}

// at is the relative position and velocity s seconds into the step.
func (q *relMotion) at(s float64) (r, v r3.Vec) {
	om, vm := hermite(q.dm, q.vm0, q.vm1, q.h, s)
	ot, vt := hermite(q.dt, q.vt0, q.vt1, q.ht, s)
	return r3.Add(q.r0, r3.Sub(ot, om)), r3.Sub(vt, vm)
}

// start is at(0) for a step of h > 0: a Hermite cubic leaves from its
// start's offset, zero, with its start's velocity. The basis functions
// are exactly 0 and 1 there (x = 0), so for finite inputs this is at(0)
// to the bit, but for the sign of a zero, and it costs no polynomial.
func (q *relMotion) start() (r, v r3.Vec) {
	return q.r0, r3.Sub(q.vt0, q.vm0)
}

// end is at(h): the missile's cubic arrives at its displacement dm with
// its end velocity vm1 (x = s/h is exactly 1 there, and the basis
// functions exactly 0 and 1), and so does the target's when its step ht
// is the missile's; for finite inputs this is at(h) to the bit, but for
// the sign of a zero. A step cut short at the self-destruct evaluates
// the target's cubic, and a step of h = 0 is at(0) itself.
func (q *relMotion) end() (r, v r3.Vec) {
	if !(q.h > 0) {
		return q.at(q.h)
	}
	ot, vt := q.dt, q.vt1
	if q.ht != q.h {
		ot, vt = hermite(q.dt, q.vt0, q.vt1, q.ht, q.h)
	}
	return r3.Add(q.r0, r3.Sub(ot, q.dm)), r3.Sub(vt, q.vm1)
}

// closestApproach finds the time s in (0, h] at which the range stops
// closing, if it does within the step, by bisection on r·r' (half the
// derivative of the squared range).
func (q *relMotion) closestApproach() (float64, bool) {
	if !(q.h > 0) {
		return 0, false
	}
	// The step's ends decide whether it holds the closest approach; a
	// step that does not, nearly every one, takes no polynomial.
	if r, v := q.start(); !(r3.Dot(r, v) < 0) {
		return 0, false
	}
	if r, v := q.end(); !(r3.Dot(r, v) >= 0) {
		return 0, false
	}
	return q.bisect(), true
}

// bisect is the time in (0, h] at which r·r' turns from negative to
// not, for a step whose range closes at its start and not at its end.
func (q *relMotion) bisect() float64 {
	lo, hi := 0.0, q.h
	for range 80 {
		mid := 0.5 * (lo + hi)
		if mid == lo || mid == hi {
			break
		}
		if r, v := q.at(mid); r3.Dot(r, v) < 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return 0.5 * (lo + hi)
}

// hermite evaluates at s in [0, h] the cubic that leaves its start with
// velocity v0 and arrives d further on at h with velocity v1, returning the
// offset from the start and the velocity. Working with offsets keeps ECEF
// magnitudes (6e6 m) out of the differences.
func hermite(d, v0, v1 r3.Vec, h, s float64) (off, vel r3.Vec) {
	x := s / h
	x2, x3 := x*x, x*x*x
	h10, h01, h11 := x3-2*x2+x, -2*x3+3*x2, x3-x2
	d10, d01, d11 := 3*x2-4*x+1, -6*x2+6*x, 3*x2-2*x
	off = r3.Add(r3.Scale(h01, d), r3.Add(r3.Scale(h10*h, v0), r3.Scale(h11*h, v1)))
	vel = r3.Add(r3.Scale(d01/h, d), r3.Add(r3.Scale(d10, v0), r3.Scale(d11, v1)))
	return off, vel
}
