package weapon

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/internal/root"
)

// Missile is one interceptor type: its launch envelope, speed profile,
// guidance constants and warhead. The figures come from the catalogue; every
// one of them is a public claim or an assumption, so keep them as data.
type Missile struct {
	Name string

	MinRange, MaxRange float64 // ground range from the launcher to the intercept point, m
	// MinAltitude and MaxAltitude bound the intercept's height above the
	// ground under it, m (above the ellipsoid where there is no ground:
	// CheckEnvelope).
	MinAltitude, MaxAltitude float64

	// Reach, when set, scales MaxRange against the target's altitude
	// ([Missile.MaxRangeAt]): a kinematic missile reaches less far
	// against a low target ([DeriveReach]). Nil: MaxRange at every
	// altitude.
	Reach *ReachShape

	Profile // speed against time since launch

	MaxFlightTime   float64 // flight time at which the missile self-destructs, s
	MaxLateralAccel float64 // lateral acceleration limit (the g limit), m/s²
	NavRatio        float64 // effective navigation ratio N' of the proportional navigation

	// SeekerRange is the range to the target at which the missile stops
	// flying toward the predicted intercept point (mid-course) and homes on
	// the target with proportional navigation, m. Zero means no mid-course
	// phase: proportional navigation on the aim from launch.
	SeekerRange float64

	// SeekerNoise is the seeker's angle noise once locked on, rad, 1σ per
	// axis ([DefaultSeekerNoise] in the engine); zero measures without
	// error. The noise is drawn from the stream given to
	// [Interceptor.Seek].
	SeekerNoise float64

	// AutopilotLag is the time constant of the first-order lag between
	// the commanded and the achieved lateral acceleration of the
	// kinematic model, s, in dense air ([DefaultAutopilotLag] in the
	// engine; see airframe.go for how it grows in thin air). Zero: the
	// airframe answers at once.
	AutopilotLag float64

	// Lethality is the warhead: its lethal radius against aircraft, and
	// the vendor's kill probability claim PkMax, kept to compare with;
	// the kill probability the engine draws from is
	// [Lethality.KillProbabilityAgainst].
	Lethality

	MaxTargetSpeed float64 // fastest target the system is claimed to engage, m/s; 0 means no limit

	// Guidance is how the missile is guided, and so whether it needs the
	// engagement radar's track to the end ([GuidanceMode]).
	Guidance GuidanceMode

	// Model chooses how the missile flies: "" or [ModelKinematic] follows
	// the speed Profile; [ModelPointMass] integrates thrust, drag and
	// gravity with Motor and Aero (see [Derive3DOF] to make them). Both
	// use the Profile to predict intercepts.
	Model string
	Motor Motor // ModelPointMass only
	Aero  Aero  // ModelPointMass only

	// Augmented selects augmented proportional navigation ([AugProNav])
	// for the homing instead of [ProNav].
	Augmented bool

	// LAR, when set, is the missile's launch acceptability table: an
	// engagement planner asks it whether a shot reaches and how long it
	// takes, which for a 3-DOF lofted flight the straight-line
	// PredictIntercept cannot tell.
	LAR *LARTable
}

// The fly-out models a [Missile] can select.
const (
	ModelKinematic = "kinematic" // speed along the path from the Profile; the default
	ModelPointMass = "3dof"      // point mass under thrust, drag, lift and gravity
)

// pointMass reports whether m flies the 3-DOF model.
func (m *Missile) pointMass() bool { return m.Model == ModelPointMass }

// Validate reports every parameter that is out of range, all at once.
func (m Missile) Validate() error {
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	positive := func(name string, v float64) {
		if !(v > 0) || math.IsInf(v, 1) {
			add(fmt.Errorf("%s = %g, want a finite value > 0", name, v))
		}
	}
	finite := func(name string, v float64) bool {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			add(fmt.Errorf("%s = %g, want a finite value", name, v))
			return false
		}
		return true
	}
	if finite("MinRange", m.MinRange) && m.MinRange < 0 {
		add(fmt.Errorf("MinRange = %g, want a value >= 0", m.MinRange))
	}
	if finite("MaxRange", m.MaxRange) && !(m.MaxRange > m.MinRange) {
		add(fmt.Errorf("MaxRange = %g, want a value > MinRange (%g)", m.MaxRange, m.MinRange))
	}
	if finite("MinAltitude", m.MinAltitude) && finite("MaxAltitude", m.MaxAltitude) && !(m.MaxAltitude > m.MinAltitude) {
		add(fmt.Errorf("MaxAltitude = %g, want a value > MinAltitude (%g)", m.MaxAltitude, m.MinAltitude))
	}
	add(m.Reach.problems())
	add(m.Profile.problems())
	positive("MaxFlightTime", m.MaxFlightTime)
	positive("MaxLateralAccel", m.MaxLateralAccel)
	positive("NavRatio", m.NavRatio)
	if !(m.SeekerRange >= 0) {
		add(fmt.Errorf("SeekerRange = %g, want a value >= 0", m.SeekerRange))
	}
	if !(m.SeekerNoise >= 0 && m.SeekerNoise < 0.1) {
		add(fmt.Errorf("SeekerNoise = %g rad, want a value in [0, 0.1)", m.SeekerNoise))
	}
	if !(m.AutopilotLag >= 0) || math.IsInf(m.AutopilotLag, 1) {
		add(fmt.Errorf("AutopilotLag = %g s, want a finite value >= 0", m.AutopilotLag))
	}
	add(m.Lethality.problems())
	if !(m.MaxTargetSpeed >= 0) || math.IsInf(m.MaxTargetSpeed, 1) {
		add(fmt.Errorf("MaxTargetSpeed = %g, want a finite value >= 0 (0: no limit)", m.MaxTargetSpeed))
	}
	switch m.Model {
	case "", ModelKinematic:
	case ModelPointMass:
		add(m.Motor.problems())
		add(m.Aero.problems())
	default:
		add(fmt.Errorf("Model = %q, want %q or %q", m.Model, ModelKinematic, ModelPointMass))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("weapon: missile %q: %w", m.Name, err)
	}
	return nil
}

// TimeToFly is the time after launch at which the missile has flown a path
// length s. Unlike [Profile.TimeToFly] it knows the self-destruct: ok is
// false when s is negative or is not reached within MaxFlightTime.
func (m Missile) TimeToFly(s float64) (float64, bool) {
	t, ok := m.Profile.TimeToFly(s)
	if !ok || t > m.MaxFlightTime {
		return 0, false
	}
	return t, true
}

// PredictIntercept finds where a missile launched now from launcher meets a
// target that moves from tgtPos at the constant velocity tgtVel: the
// earliest time of flight tof in (0, MaxFlightTime] at which the target is
// Distance(tof) from the launcher. It returns the predicted intercept point
// (PIP), the target's position at tof, and tof; ok is false if there is no
// such time.
//
// It assumes a straight-line fly-out: the path length flown equals the
// straight distance from the launcher to the PIP. A real missile turns and
// may loft, so it flies further and arrives somewhat later; treat tof as a
// lower bound. Positions are ECEF, and the envelope limits (range, altitude,
// target speed) are checked separately by [Missile.CheckEnvelope].
func (m Missile) PredictIntercept(launcher, tgtPos, tgtVel r3.Vec) (pip r3.Vec, tof float64, ok bool) {
	return (&m).predict(launcher, 0, tgtPos, tgtVel, m.MaxFlightTime)
}

// predict solves |tgtPos + tgtVel τ - from| = Distance(t0+τ) - Distance(t0)
// for the earliest τ in (0, horizon]: the intercept as seen by a missile at
// from that has already flown t0 seconds.
//
// The root finder needs no guess and cannot step over a first crossing:
// f(τ) = |range to target| - path still to fly changes no faster than
// L = |tgtVel| + the top speed, so f cannot reach zero before τ + f/L. It
// strides by f/L (but at least minStride), then refines the first bracket.
// Only a grazing double root narrower than minStride can be missed.
func (m *Missile) predict(from r3.Vec, t0 float64, tgtPos, tgtVel r3.Vec, horizon float64) (r3.Vec, float64, bool) {
	p, ok := m.newPIPSearch(from, t0, m.Distance(t0), tgtPos, tgtVel, horizon)
	if !ok || p.flo <= 0 {
		return p.end(p.lo, ok)
	}
	return p.end(p.stride(0, p.flo, horizon))
}

// predictFrom is predict warm-started at guess, the time of flight still
// to go that the caller expects (the last step's, less the time since):
// a missile in flight asks for its intercept at every step, and the
// intercept moves little in a step, so striding from τ = 0 each time
// would repeat the same search. It returns the same root as predict,
// within the root tolerance (a micrometre of f), for any guess, good or
// bad: the guess only saves evaluations.
//
// Why the guess is safe: after burnout the path still to fly,
// Distance(t0+τ) - Distance(t0), is concave in τ (the coast's logarithm)
// and the range to a target at constant velocity is convex (the norm of
// an affine function), so f is convex there, and a convex f lies above
// its tangents. So where f falls at the guess, Newton's step from it
// lands at or before the first root, whichever side of it the guess is,
// and Newton's iteration from there climbs to the root without passing
// it (f > 0 all the way: no earlier root is stepped over); it converges
// quadratically, in one or two steps from the last step's intercept.
// Where f is positive and rising at the guess it has no root after it,
// and predict's strides search before it; where it is not positive and
// rising, the first root is bracketed between the guess and a point
// before it where f is positive. The boost, where the speed rises and f
// is not convex, is searched by predict's strides first, and a guess
// outside the coast leaves predict's search to do the work.
//
// s0 is the path flown by t0, m.Distance(t0), which a missile in flight
// has at hand from its step (Interceptor.distance).
func (m *Missile) predictFrom(from r3.Vec, t0, s0 float64, tgtPos, tgtVel r3.Vec, horizon, guess float64) (r3.Vec, float64, bool) {
	const minStride = 0.05 // s, as predict's
	p, ok := m.newPIPSearch(from, t0, s0, tgtPos, tgtVel, horizon)
	if !ok || p.flo <= 0 {
		return p.end(p.lo, ok)
	}
	a, fa := 0.0, p.flo
	if tb := m.BoostTime - t0; tb > 0 {
		// The boost by strides; a, fa: burnout, where f is still positive.
		if tau, ok := p.stride(0, fa, math.Min(tb, horizon)); ok {
			return p.end(tau, true)
		}
		if tb >= horizon {
			return p.end(0, false)
		}
		a, fa = tb, p.f(tb)
	}
	if !(guess > a && guess < horizon) {
		return p.end(p.stride(a, fa, horizon))
	}
	fg, dg := p.fdf(guess)
	switch {
	case dg < 0:
		// Newton from the guess, and on from the burnout if it
		// steps back past it (f falls from there to the root).
		x := guess - fg/dg
		if !(x > a) {
			return p.end(p.newton(a, horizon))
		}
		return p.end(p.newton(x, horizon))
	case fg > 0:
		// Rising: f stays above its tangent, so there is no root
		// after the guess; predict's search up to it.
		return p.end(p.stride(a, fa, guess))
	}
	// Not positive, and rising: back off from the guess, doubling, to a
	// point where f > 0.
	hi, fhi := guess, fg
	for back := minStride; ; back *= 2 {
		lo, flo := math.Max(a, hi-back), fa
		if lo > a {
			flo = p.f(lo)
		}
		if flo > 0 {
			return p.end(illinois(p.f, lo, hi, flo, fhi), true)
		}
		hi, fhi = lo, flo
	}
}

// newton climbs from x, where f is convex and at or before its first
// root, to that root by Newton's iteration, which neither passes it nor
// leaves a root behind; ok is false when f turns up before reaching
// zero, or the root lies beyond limit.
func (p *pipSearch) newton(x, limit float64) (float64, bool) {
	const tol = 1e-6 // m, as illinois's
	for range 100 {
		fx, dx := p.fdf(x)
		if fx <= tol {
			return x, x <= limit
		}
		if !(dx < 0) {
			return 0, false // the least of f is above zero
		}
		next := x - fx/dx
		if next > limit {
			return 0, false // f > 0 up to next
		}
		if !(next > x) {
			break // no progress left in the last bits
		}
		x = next
	}
	// Not converged (it does in a few steps): the strides from x, before
	// which there is no root.
	fx := p.f(x)
	if fx <= 0 {
		return x, true
	}
	return p.stride(x, fx, limit)
}

// pipSearch is the equation predict and predictFrom solve, for one
// geometry.
type pipSearch struct {
	m              *Missile
	r0, tgtPos, vt r3.Vec
	t0, s0, lip    float64
	lo, flo        float64 // τ = 0 and f(0)
}

// newPIPSearch sets up the equation and evaluates f(0); ok is false if
// there can be no intercept (no horizon, a NaN or infinite input, or a
// target already passed). s0 is m.Distance(t0).
func (m *Missile) newPIPSearch(from r3.Vec, t0, s0 float64, tgtPos, tgtVel r3.Vec, horizon float64) (pipSearch, bool) {
	p := pipSearch{m: m, r0: r3.Sub(tgtPos, from), tgtPos: tgtPos, vt: tgtVel, t0: t0}
	if !(horizon > 0) {
		return p, false
	}
	p.s0 = s0
	p.lip = norm(tgtVel) + m.maxSpeed()
	if !(p.lip > 0) || math.IsInf(p.lip, 1) {
		return p, false
	}
	// f(0), without Distance's logarithm: the path still to fly is
	// s0 - s0, zero (NaN for a NaN t0), and r0 + 0·vt is r0.
	p.flo = norm(p.r0) - (p.s0 - p.s0)
	if !(p.flo > 0) {
		return p, p.flo == 0 // at the target now, or a NaN input
	}
	return p, true
}

// f is the range to the target τ seconds on less the path flown by then.
func (p *pipSearch) f(tau float64) float64 {
	return norm(r3.Add(p.r0, r3.Scale(tau, p.vt))) - (p.m.Distance(p.t0+tau) - p.s0)
}

// fdf is f and df/dτ (the range rate less the missile's speed) at τ.
func (p *pipSearch) fdf(tau float64) (f, df float64) {
	r := r3.Add(p.r0, r3.Scale(tau, p.vt))
	n := norm(r)
	f = n - (p.m.Distance(p.t0+tau) - p.s0)
	df = -p.m.Speed(p.t0 + tau)
	if n > 0 {
		df += r3.Dot(r, p.vt) / n
	}
	return f, df
}

// stride searches [lo, limit] for the first root of f, f(lo) = flo > 0,
// by strides of f/L (at least minStride), and refines the first bracket.
func (p *pipSearch) stride(lo, flo, limit float64) (float64, bool) {
	const minStride = 0.05 // s
	for lo < limit {
		hi := math.Min(lo+math.Max(flo/p.lip, minStride), limit)
		fhi := p.f(hi)
		if fhi <= 0 {
			return illinois(p.f, lo, hi, flo, fhi), true
		}
		lo, flo = hi, fhi
	}
	return 0, false
}

// end is the intercept point at tof.
func (p *pipSearch) end(tof float64, ok bool) (r3.Vec, float64, bool) {
	if !ok {
		return r3.Vec{}, 0, false
	}
	return r3.Add(p.tgtPos, r3.Scale(tof, p.vt)), tof, true
}

// Reasons an intercept lies outside the missile's envelope. CheckEnvelope
// wraps them with the numbers, so test with errors.Is.
var (
	ErrTooClose      = errors.New("intercept inside minimum range")
	ErrTooFar        = errors.New("intercept beyond maximum range")
	ErrTooLow        = errors.New("intercept below minimum altitude")
	ErrTooHigh       = errors.New("intercept above maximum altitude")
	ErrTargetTooFast = errors.New("target faster than the missile can engage")
)

// CheckEnvelope says whether an intercept at pip (ECEF) of a target flying
// at tgtVel is inside the missile's published envelope: ground range from
// the launcher (up to MaxRangeAt the intercept's altitude), intercept
// altitude above the ellipsoid (a caller that knows the ground under pip
// measures from it instead, as the battle manager does) and target speed.
// It returns nil, or the first failing reason wrapping one of the Err
// values above.
//
// Ground range is the arc between the two points' feet on the ellipsoid,
// taken on a sphere whose radius is the mean of the feet's geocentric radii;
// over 400 km it agrees with the geodesic (GeographicLib) to about 1e-6.
func (m Missile) CheckEnvelope(launcher, pip, tgtVel r3.Vec) error {
	if v := norm(tgtVel); m.MaxTargetSpeed > 0 && v > m.MaxTargetSpeed {
		return fmt.Errorf("weapon: %s: %w: %.0f m/s > %.0f m/s", m.Name, ErrTargetTooFast, v, m.MaxTargetSpeed)
	}
	gr, alt := groundRange(launcher, pip)
	switch {
	case gr < m.MinRange:
		return fmt.Errorf("weapon: %s: %w: %.0f m < %.0f m", m.Name, ErrTooClose, gr, m.MinRange)
	case gr > m.MaxRangeAt(alt):
		return fmt.Errorf("weapon: %s: %w: %.0f m > %.0f m at %.0f m", m.Name, ErrTooFar, gr, m.MaxRangeAt(alt), alt)
	case alt < m.MinAltitude:
		return fmt.Errorf("weapon: %s: %w: %.0f m < %.0f m", m.Name, ErrTooLow, alt, m.MinAltitude)
	case alt > m.MaxAltitude:
		return fmt.Errorf("weapon: %s: %w: %.0f m > %.0f m", m.Name, ErrTooHigh, alt, m.MaxAltitude)
	}
	return nil
}

// groundRange is the surface distance from a to b and b's altitude.
func groundRange(a, b r3.Vec) (rng, altB float64) {
	la, lb := geo.FromECEF(a), geo.FromECEF(b)
	fa := geo.LLA{Lat: la.Lat, Lon: la.Lon}.ECEF()
	fb := geo.LLA{Lat: lb.Lat, Lon: lb.Lon}.ECEF()
	rad := 0.5 * (norm(fa) + norm(fb))
	chord := norm(r3.Sub(fb, fa))
	return 2 * rad * math.Asin(math.Min(1, chord/(2*rad))), lb.Alt
}

// illinois finds a root of f in [a, b], f(a) = fa > 0 >= f(b) = fb, by the
// Illinois variant of regula falsi (root.Illinois): it keeps a bracket
// like bisection but converges superlinearly. f is a distance in metres,
// so a micrometre is a root; else the end of the bracket where f <= 0.
func illinois(f func(float64) float64, a, b, fa, fb float64) float64 {
	const tol = 1e-6 // m
	r := root.Illinois(f, a, b, fa, fb, root.Tol{F: tol, X: 1e-12, Rel: 1e-12, Max: 100})
	if math.Abs(r.FX) <= tol {
		return r.X
	}
	return r.B
}

// norm is |v|. r3.Norm guards against overflow with math.Hypot, which
// costs several times more and is not needed at the scale of the earth;
// the fly-out calls it in its innermost loops.
func norm(v r3.Vec) float64 { return math.Sqrt(r3.Dot(v, v)) }
