package weapon

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/spatial/r3"
)

// The airframe of the kinematic model: what turns the command into a
// lateral acceleration. None of these figures is published for the
// catalogue's missiles; each is an assumption (U), stated here once.
//
// Lateral acceleration limit. The wings give at most q S CNMax / m, with
// q = ρv²/2 the dynamic pressure, so the limit is
//
//	a_max = min(MaxLateralAccel, q CNMax / (m/S) + a_TVC),
//
// the structural limit of the catalogue, or the lift. m/S is the mass
// per reference area of the burnt-out round, 3,600 kg/m²: the 9,000
// kg/m² at launch that [Derive3DOF] assumes (about the widely quoted
// 1,800 kg and 0.515 m of the 48N6) with 60% of the mass burnt; CNMax is
// 8, as there. During the boost a_TVC = sin 10° (dv/dt + g0) adds what a
// thrust deflected by 10° gives (the thrust being at least what the
// profile's acceleration and gravity need): it is what turns a cold-launched
// round over while it is slow. The density is the standard atmosphere at
// the missile's height. With these, a round at 1,500 m/s can pull 20 g
// up to about 20 km, 10 g at 25 km and 5 g at 30 km: high up and slow,
// it cannot follow a manoeuvring target.
//
// Autopilot lag. The achieved lateral acceleration follows the limited
// command through a first-order lag, dn/dt = (n_c - n)/T, the single-lag
// guidance system of Zarchan (Tactical and Strategic Missile Guidance,
// ch. 3), which lumps the seeker's noise filter, the autopilot and the
// airframe. T is Missile.AutopilotLag while the dynamic pressure is at
// least 50 kPa (Mach 2 at 12 km), and grows as √(50 kPa/q) below it, up
// to 4 times: the airframe's weathercock frequency scales as √q, so in
// thin air it answers more slowly. [DefaultAutopilotLag] is 0.2 s, in
// Zarchan's 0.1-0.5 s span for a guidance system time constant.
const (
	kinematicLoading = 3600.0             // m/S of the burnt-out round, kg/m²
	kinematicCNMax   = 8.0                // largest usable normal-force coefficient
	kinematicTVC     = 10 * math.Pi / 180 // thrust deflection during the boost, rad
	lagRefQ          = 50e3               // Pa: at or above it the lag is AutopilotLag
	lagMaxFactor     = 4.0                // the lag grows at most this much in thin air

	// DefaultAutopilotLag is the engine's autopilot time constant, s (U).
	DefaultAutopilotLag = 0.2
)

// airframe is what the kinematic airframe can do at one instant.
type airframe struct {
	aMax float64 // lateral acceleration limit, m/s²
	lag  float64 // autopilot time constant, s; 0 for none
}

// airframeAt is the kinematic airframe tf seconds after launch at p
// (ECEF), flying at the profile's speed.
func (m *Missile) airframeAt(tf float64, p r3.Vec) airframe {
	v := m.Speed(tf)
	rho, _ := atmosphere(altitude(p))
	q := 0.5 * rho * v * v
	a := q * kinematicCNMax / kinematicLoading
	if tf < m.BoostTime {
		a += math.Sin(kinematicTVC) * ((m.BurnoutSpeed-m.LaunchSpeed)/m.BoostTime + isaG0)
	}
	f := airframe{aMax: math.Min(m.MaxLateralAccel, a), lag: m.AutopilotLag}
	if f.lag > 0 && q < lagRefQ {
		f.lag *= math.Min(lagMaxFactor, math.Sqrt(lagRefQ/q)) // q = 0 gives the cap
	}
	return f
}

// The seeker. Missile.SeekerRange is the catalogue's seeker_range, read
// as the lock-on range against a target of SeekerRefRCS. By the radar
// equation the received power at a fixed threshold goes as σ/R⁴, so the
// lock-on range against a target of radar cross section σ is
//
//	R_lock = SeekerRange (σ / SeekerRefRCS)^(1/4)
//
// ([Missile.LockRange]). This holds for an active seeker; a semi-active
// or track-via-missile seeker, whose target is lit by the ground radar,
// would scale as σ^(1/2) at a fixed illuminator range, and is treated the
// same here (a simplification). Once locked, the seeker measures the
// direction to the true target with two errors, each Gaussian per axis
// across the line of sight, drawn afresh every seekerFrame seconds and
// held between:
//
//   - an angle error of Missile.SeekerNoise (1σ): [DefaultSeekerNoise]
//     is 1 mrad (U), a few times the thermal-noise floor of a small radar
//     seeker and well inside its beamwidth. It shrinks in metres as the
//     range closes, so it leaves misses of tens of centimetres;
//   - glint, the wander of the apparent centre of reflection across the
//     target (Zarchan ch. 6: the noise that does not shrink with range
//     and sets the miss of a radar homing missile): 1σ of a sixth of the
//     target's span, by its class (U): aircraft 2 m (a 12 m fighter),
//     drone and cruise missile 0.5 m (3 m), ballistic RV 0.25 m (1.5 m).
//
// The relative velocity is taken without error, as a tracking filter
// would smooth it.
const (
	// SeekerRefRCS is the radar cross section at which the seeker locks
	// on at SeekerRange, m²: the catalogue's small fighter (2 m²,
	// Skolnik's Table 2.2), an assumption (U), since no source says
	// against what the seeker_range figures hold.
	SeekerRefRCS = 2.0

	// DefaultSeekerNoise is the engine's seeker angle noise, rad, 1σ per
	// axis (U).
	DefaultSeekerNoise = 1e-3

	seekerFrame = 0.05 // s between the seeker's measurements (20 Hz, U)
)

// LockRange is the range at which the seeker locks on to a target of
// radar cross section rcs (m²): SeekerRange (rcs/SeekerRefRCS)^(1/4). It
// is zero without a seeker, and SeekerRange for an rcs that is not a
// positive number (unknown: the reference).
func (m *Missile) LockRange(rcs float64) float64 {
	if !(rcs > 0) || math.IsInf(rcs, 1) {
		return m.SeekerRange
	}
	return m.SeekerRange * math.Sqrt(math.Sqrt(rcs/SeekerRefRCS))
}

// seeker is an interceptor's seeker and its lock on one target.
type seeker struct {
	lockRange float64
	rng       *rand.Rand // nil: no noise
	locked    bool
	glint     float64    // 1σ glint per axis, m
	next      float64    // flight time of the next measurement
	err       [2]float64 // the held angle errors, rad
	wander    [2]float64 // the held glint, m
}

// glint is the seeker's glint against a target of class c, m (1σ per
// axis): a sixth of its span (U).
func (c TargetClass) glint() float64 {
	switch c {
	case Drone, CruiseMissile:
		return 0.5
	case BallisticRV:
		return 0.25
	}
	return 2
}

// Seek sets what the seeker is up against: the target's radar cross
// section rcs (m²), which sets the lock-on range ([Missile.LockRange]),
// its class, which sets the glint, and the random stream the angle noise
// and the glint are drawn from (nil: neither). Without it the seeker
// locks on at SeekerRange and measures without error. Call it before the
// first Step; a missile without a seeker (SeekerRange = 0) ignores it.
func (i *Interceptor) Seek(rcs float64, c TargetClass, rng *rand.Rand) {
	i.seek.lockRange = i.m.LockRange(rcs)
	i.seek.glint = c.glint()
	i.seek.rng = rng
}

// Locked reports whether the seeker has locked on to the target. Once
// locked it stays locked.
func (i *Interceptor) Locked() bool { return i.seek.locked }

// guide is what guidance steers at this step: the seeker's measurement
// of the true target tgt once it is locked on, which it does when the
// target comes within its lock-on range; else the caller's aim.
func (i *Interceptor) guide(tf float64, tgt, aim TargetState) TargetState {
	s := &i.seek
	if i.m.SeekerRange == 0 {
		return aim
	}
	los := r3.Sub(tgt.Pos, i.pos)
	rng := norm(los)
	if !s.locked {
		if !(rng <= s.lockRange) {
			return aim
		}
		s.locked, i.homing = true, true
		s.next = tf
	}
	if s.rng == nil || rng == 0 {
		return tgt
	}
	if tf >= s.next {
		s.err[0] = i.m.SeekerNoise * s.rng.NormFloat64()
		s.err[1] = i.m.SeekerNoise * s.rng.NormFloat64()
		s.wander[0] = s.glint * s.rng.NormFloat64()
		s.wander[1] = s.glint * s.rng.NormFloat64()
		s.next = tf + seekerFrame
	}
	// Two unit vectors across the line of sight.
	e1 := r3.Cross(los, i.dir)
	if n := norm(e1); n > 1e-9*rng {
		e1 = r3.Scale(1/n, e1)
	} else {
		e1 = unitNormal(los)
	}
	e2 := r3.Scale(1/rng, r3.Cross(los, e1))
	off := r3.Add(r3.Scale(rng*s.err[0]+s.wander[0], e1), r3.Scale(rng*s.err[1]+s.wander[1], e2))
	return TargetState{Pos: r3.Add(tgt.Pos, off), Vel: tgt.Vel, Acc: tgt.Acc}
}

// unitNormal is a unit vector normal to v (v not zero).
func unitNormal(v r3.Vec) r3.Vec {
	a := r3.Vec{X: 1}
	if math.Abs(v.X) > math.Abs(v.Y) {
		a = r3.Vec{Y: 1}
	}
	return r3.Unit(r3.Cross(v, a))
}

// clampNorm is a scaled down to length at most limit.
func clampNorm(a r3.Vec, limit float64) r3.Vec {
	if n := norm(a); n > limit {
		return r3.Scale(limit/n, a)
	}
	return a
}
