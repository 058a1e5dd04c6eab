package weapon

import (
	"math"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/geo"
)

// The 3-DOF point-mass model ([ModelPointMass]). The state is position and
// velocity in ECEF, integrated by the classical fourth-order Runge-Kutta
// method in substeps of at most maxSubstep:
//
//	dv/dt = (T cos δ - D)/m v̂ + a_lat + g,   g = -GM r/|r|³,
//
// with T and m from the [Motor], D the drag of [Aero] in the standard
// atmosphere ([Atmosphere]) at the height above the ellipsoid, and a_lat
// the guidance command normal to the velocity, cut to the g limit that
// [Aero] describes. ECEF is taken as inertial: the earth's rotation is
// ignored, as in the kinematic model (the Coriolis term 2Ωv is about
// 0.3 m/s² at 2 km/s, the centrifugal term below 0.034 m/s²), so that a
// flight with thrust and drag off conserves v²/2 - GM/r exactly, which
// the tests check.
//
// Guidance, from the state at the start of each step and held over it:
//
//   - mid-course (aim farther than SeekerRange): command guidance toward
//     the predicted intercept point (PIP) from the aim (the fire-control
//     track), in two parts. During the boost, a pitch programme holds
//     the flight-path angle [Missile.LoftAngle] chosen at launch by
//     flying the model in fast time (the programme that arrives fastest,
//     between flat and Aero.Loft) in the vertical plane through the PIP,
//     or the flat arc's angle at burnout speed if that is steeper: like
//     the vertical launch it stands for, it takes the boost of a long or
//     low shot out of the dense air. After the boost the missile steers onto the vacuum ballistic
//     arc through a point above the PIP, on the line rising from it at
//     loftAim times the programme's slope: with v its speed, d and Δh
//     that point's horizontal distance and height in the missile's local
//     level frame and g the local gravity, the flight-path angles of the
//     arcs through the point are
//
//     tan γ = (v² ± sqrt(v⁴ - g (g d² + 2 Δh v²))) / (g d),
//
//     and it takes the one nearer its own, but the lofted one only if it
//     is no steeper than the programme + 0.15 rad (a steep arc to a near point
//     would climb for minutes), or, when the point is beyond every arc,
//     the angle of the longest, γ = 45° + atan(Δh/d)/2.
//     In thin air the arc is flown without control, which is why the
//     mid-course aims for an arc and not a shape: a missile that cannot
//     turn stays on it. Drag makes the arc fall short, and the guidance,
//     re-solving every step, corrects in the denser air of the descent.
//     The velocity is turned toward the commanded direction with time
//     constant midcourseTau. Against a moving aim the PIP is where the
//     aim will be at the planned time of flight, which solves
//     T = TOF(aim at T) with the fast-time model at launch and is
//     corrected at the end of the burn and halfway through each
//     remaining time of flight (planFlight, replan); without a plan,
//     the [Profile]'s PIP re-timed to the missile's actual speed;
//
//   - terminal (aim within SeekerRange, or SeekerRange = 0): the
//     Guidance law, PN or APN, on the aim, with gravity compensation
//     (the part of -g normal to the velocity), and the fuze armed.
const (
	maxSubstep   = 0.1 // s
	midcourseTau = 2.0 // s
)

// altitude is the height of p above the WGS-84 ellipsoid, measured along
// the geocentric radius: |p| minus the ellipsoid's radius b/sqrt(1 - e²
// cos²φc) at the geocentric latitude φc. Below 100 km it differs from the
// geodetic height by less than a metre (the radius and the normal part by
// at most 0.19°), and it costs one square root instead of an iteration.
func altitude(p r3.Vec) float64 {
	r2 := r3.Dot(p, p)
	r := math.Sqrt(r2)
	if r == 0 {
		return -geo.B
	}
	c2 := (p.X*p.X + p.Y*p.Y) / r2
	return r - geo.B/math.Sqrt(1-geo.E2*c2)
}

// gravity is the central-field acceleration -GM r/|r|³.
func gravity(p r3.Vec) r3.Vec {
	r2 := r3.Dot(p, p)
	return r3.Scale(-geo.GM/(r2*math.Sqrt(r2)), p)
}

// forces is what the air and the motor allow at one instant.
type forces struct {
	thrust, mass float64
	q            float64 // dynamic pressure, Pa
	mach         float64
	aeroMax      float64 // q S CNMax / m
	tvcMax       float64 // T sin(TVCAngle) / m
	aMax         float64 // the g limit
}

func (m *Missile) forcesAt(tf float64, p, v r3.Vec) forces {
	return m.forcesIn(tf, tf, p, v)
}

// forcesIn is forcesAt with the thrust of the motor phase that holds the
// time ref: an integration substep never straddles a phase boundary (see
// rk4), and its end stages must see the thrust of the phase they close.
func (m *Missile) forcesIn(tf, ref float64, p, v r3.Vec) forces {
	var f forces
	f.thrust, _ = m.Motor.At(ref)
	_, f.mass = m.Motor.At(tf)
	rho, a := atmosphere(altitude(p))
	v2 := r3.Dot(v, v)
	f.q = 0.5 * rho * v2
	f.mach = math.Sqrt(v2) / a
	f.aeroMax = f.q * m.Aero.RefArea * m.Aero.CNMax / f.mass
	f.tvcMax = f.thrust * math.Sin(m.Aero.TVCAngle) / f.mass
	f.aMax = math.Min(m.MaxLateralAccel, f.aeroMax+f.tvcMax)
	return f
}

// AvailableAccel is the lateral acceleration a [ModelPointMass] missile
// can fly tf seconds after launch at position p (ECEF) and velocity v: its
// g limit (see [Aero]). It is MaxLateralAccel for the kinematic model.
func (m *Missile) AvailableAccel(tf float64, p, v r3.Vec) float64 {
	if !m.pointMass() {
		return m.MaxLateralAccel
	}
	return m.forcesAt(tf, p, v).aMax
}

// accel is dv/dt for the point mass flying the lateral command cmd (held
// over the step, re-projected normal to v and limited at each stage); u is
// the heading to use when v is (nearly) zero. It also returns the lateral
// acceleration flown.
func (m *Missile) accel(tf, ref float64, p, v, u, cmd r3.Vec) (acc, lat r3.Vec) {
	f := m.forcesIn(tf, ref, p, v)
	sp := norm(v)
	if sp > 1e-3 {
		u = r3.Scale(1/sp, v)
	}
	lat = r3.Sub(cmd, r3.Scale(r3.Dot(cmd, u), u))
	ln := norm(lat)
	if ln > f.aMax {
		lat = r3.Scale(f.aMax/ln, lat)
		ln = f.aMax
	}
	if !(ln > 0) || sp <= 1e-3 {
		lat, ln = r3.Vec{}, 0
	}
	aAero := math.Min(ln, f.aeroMax)
	cosDelta := 1.0
	if aTVC := ln - aAero; aTVC > 0 && f.thrust > 0 {
		s := math.Min(1, aTVC*f.mass/f.thrust)
		cosDelta = math.Sqrt(1 - s*s)
	}
	ae := m.Aero
	drag := f.q * ae.RefArea * ae.CdScale * interp(ae.Cd0, f.mach)
	if aAero > 0 {
		// q S CN²/CNα with CN = m a/(q S).
		drag += f.mass * f.mass * aAero * aAero / (f.q * ae.RefArea * ae.CNAlpha)
	}
	axial := (f.thrust*cosDelta - drag) / f.mass
	acc = r3.Add(r3.Add(r3.Scale(axial, u), lat), gravity(p))
	return acc, lat
}

// rk4 advances position and velocity by h from time tf after launch. The
// thrust jumps at the ends of the motor's phases, which would cost RK4 its
// order (an error of h/6 times the jump); a substep that straddles one is
// split there.
func (m *Missile) rk4(tf, h float64, p, v, u, cmd r3.Vec) (r3.Vec, r3.Vec) {
	for _, tb := range [2]float64{m.Motor.Boost.Time, m.Motor.BurnTime()} {
		if tb > tf && tb < tf+h && m.pointMass() {
			p, v = m.rk4Phase(tf, tb-tf, p, v, u, cmd)
			return m.rk4(tb, tf+h-tb, p, v, u, cmd)
		}
	}
	return m.rk4Phase(tf, h, p, v, u, cmd)
}

// rk4Phase is one classical RK4 step within one motor phase.
func (m *Missile) rk4Phase(tf, h float64, p, v, u, cmd r3.Vec) (r3.Vec, r3.Vec) {
	ref := tf + h/2
	a1, _ := m.accel(tf, ref, p, v, u, cmd)
	p2, v2 := r3.Add(p, r3.Scale(h/2, v)), r3.Add(v, r3.Scale(h/2, a1))
	a2, _ := m.accel(tf+h/2, ref, p2, v2, u, cmd)
	p3, v3 := r3.Add(p, r3.Scale(h/2, v2)), r3.Add(v, r3.Scale(h/2, a2))
	a3, _ := m.accel(tf+h/2, ref, p3, v3, u, cmd)
	p4, v4 := r3.Add(p, r3.Scale(h, v3)), r3.Add(v, r3.Scale(h, a3))
	a4, _ := m.accel(tf+h, ref, p4, v4, u, cmd)
	dp := r3.Add(r3.Add(v, v4), r3.Scale(2, r3.Add(v2, v3)))
	dv := r3.Add(r3.Add(a1, a4), r3.Scale(2, r3.Add(a2, a3)))
	return r3.Add(p, r3.Scale(h/6, dp)), r3.Add(v, r3.Scale(h/6, dv))
}

// stepPointMass is Step for ModelPointMass: the same contract, with the
// fuze searched substep by substep.
func (i *Interceptor) stepPointMass(dt float64, tgt0, tgt1, aim TargetState) Result {
	start := i.t
	tf := start - i.launchT
	h := math.Min(dt, i.m.MaxFlightTime-tf)
	last := h < dt || tf+h >= i.m.MaxFlightTime
	if h < 0 {
		h = 0
	}
	cmd := i.commandPointMass(tf, aim)
	if math.IsNaN(cmd.X + cmd.Y + cmd.Z) {
		cmd = r3.Vec{} // a NaN aim must not poison the missile
	}
	_, i.acc = i.m.accel(tf, tf, i.pos, i.vel, i.dir, cmd)

	n := max(1, int(math.Ceil(h/maxSubstep-1e-9)))
	hs := h / float64(n)
	dT := r3.Sub(tgt1.Pos, tgt0.Pos)
	for k := range n {
		s0 := float64(k) * hs
		p0, v0 := i.pos, i.vel
		p1, v1 := i.m.rk4(tf+s0, hs, p0, v0, i.dir, cmd)
		ot0, vt0 := hermite(dT, tgt0.Vel, tgt1.Vel, dt, s0)
		ot1, vt1 := hermite(dT, tgt0.Vel, tgt1.Vel, dt, s0+hs)
		rel := relMotion{
			r0: r3.Sub(r3.Add(tgt0.Pos, ot0), p0),
			dm: r3.Sub(p1, p0), vm0: v0, vm1: v1, h: hs,
			dt: r3.Sub(ot1, ot0), vt0: vt0, vt1: vt1, ht: hs,
		}
		if s, ok := rel.closestApproach(); ok && i.armed() {
			off, vm := hermite(rel.dm, v0, v1, hs, s)
			r, _ := rel.at(s)
			i.t, i.pos, i.vel = start+s0+s, r3.Add(p0, off), vm
			i.end, i.over = Result{Kind: Fuzed, T: i.t, Pos: i.pos, Miss: norm(r)}, true
			return i.end
		}
		i.pos, i.vel = p1, v1
		if sp := norm(v1); sp > 1e-3 {
			i.dir = r3.Scale(1/sp, v1)
		}
		if k == n-1 {
			r, _ := rel.end()
			i.t = start + h
			res := Result{Kind: Flying, T: i.t, Pos: p1, Miss: norm(r)}
			if last {
				res.Kind = SelfDestruct
				i.end, i.over = res, true
			}
			return res
		}
	}
	// h = 0: at the self-destruct already.
	i.end, i.over = Result{Kind: SelfDestruct, T: i.t, Pos: i.pos, Miss: norm(r3.Sub(tgt0.Pos, i.pos))}, true
	return i.end
}

// armed says whether the fuze may fire: a lofted missile passes its
// closest approach to a target far below it during the mid-course, so the
// fuze arms with the seeker (at once when SeekerRange is zero).
func (i *Interceptor) armed() bool { return i.m.SeekerRange == 0 || i.homing }

// commandPointMass is the lateral acceleration demanded for this step,
// gravity compensation included, before the g limit.
func (i *Interceptor) commandPointMass(tf float64, aim TargetState) r3.Vec {
	m := &i.m
	if m.SeekerRange > 0 && !i.homing && norm(r3.Sub(aim.Pos, i.pos)) <= m.SeekerRange {
		i.homing = true
	}
	u := i.dir
	sp := norm(i.vel)
	if m.SeekerRange == 0 || i.homing {
		a := i.home(aim)
		return r3.Sub(a, perpendicular(gravity(i.pos), u))
	}
	if !i.loftSet {
		i.planFlight(tf, aim)
	} else if i.planned && tf >= i.replanT {
		i.replan(tf, aim)
	}
	pip := i.pipPointMass(tf, aim)
	want := m.midcourseDirection(tf, i.pos, u, sp, pip, i.loft)
	e := perpendicular(want, u)
	if r3.Dot(want, u) < 0 { // the direction is behind: turn at the full rate
		if en := norm(e); en > 0 {
			e = r3.Scale(1/en, e)
		}
	}
	return r3.Scale(math.Max(sp, 1)/midcourseTau, e)
}

// midcourseDirection is the unit direction the mid-course steers the
// velocity to: the pitch programme loft (see [Missile.LoftAngle]) while
// the motor burns, then the ballistic arc through pip.
func (m *Missile) midcourseDirection(tf float64, pos, u r3.Vec, sp float64, pip r3.Vec, loft float64) r3.Vec {
	up := r3.Scale(1/norm(pos), pos)
	rel := r3.Sub(pip, pos)
	dh := r3.Dot(rel, up)
	hor := r3.Sub(rel, r3.Scale(dh, up))
	d := norm(hor)
	if d < 1 {
		return r3.Unit(rel)
	}
	hor = r3.Scale(1/d, hor)
	g := geo.GM / r3.Dot(pos, pos)
	var gamma float64
	if tf < m.Motor.Boost.Time {
		// The programme chosen at launch, never below the flat arc at
		// burnout speed.
		flat, _, _ := arcs(m.BurnoutSpeed, d, dh, g)
		gamma = math.Max(flat, loft)
	} else {
		// The arc aims above the PIP, on the line that rises from it at
		// loftAim times the programme's slope: a lofted missile stays high, in
		// thin air, and comes down on the PIP in a dive along that line
		// instead of flying the flat arc into the dense air.
		lo, hi, ok := arcs(sp, d, dh+loftAim*d*math.Tan(loft), g)
		own := math.Asin(math.Max(-1, math.Min(1, r3.Dot(u, up))))
		gamma = lo
		if ok && math.Abs(hi-own) < math.Abs(lo-own) && hi < loft+0.15 {
			gamma = hi
		}
	}
	c, s := math.Cos(gamma), math.Sin(gamma)
	return r3.Add(r3.Scale(c, hor), r3.Scale(s, up))
}

// planFlight makes the mid-course plan once, at the first mid-course
// step, as the fire control does at launch: the programme
// ([Missile.LoftAngle], from the missile's state) and, against a moving
// aim, the planned time of flight T, which leads the PIP by the model's
// own time of flight instead of the Profile's: T solves
// T = TOF(aim at T), the fast-time fly-out's arrival at the aim's
// position at T (see solveTOF).
func (i *Interceptor) planFlight(tf float64, aim TargetState) {
	m := &i.m
	i.loftSet = true
	pip := i.pipPointMass(tf, aim)
	_, t0, ok := m.predict(i.pos, tf, aim.Pos, aim.Vel, m.MaxFlightTime-tf)
	if aim.Vel == (r3.Vec{}) || !ok {
		i.loft, _, _ = m.chooseLoft(tf, i.pos, i.vel, pip)
		return
	}
	// The Profile's time of flight starts the search; the programme is
	// chosen at its PIP.
	if loft, tof, ok := i.solveTOF(tf, aim, 0, tf+t0, true); ok {
		i.loft, i.planTOF, i.planned = loft, tof, true
		i.replanT = math.Max(m.Motor.BurnTime(), 0.5*(tf+tof))
	} else {
		i.loft, _, _ = m.chooseLoft(tf, i.pos, i.vel, pip)
	}
}

// solveTOF solves g(T) = TOF(aim at T) - T = 0 for the planned time of
// flight T (from launch), starting at t0, by the secant method: g falls
// with T for an inbound target and rises for an outbound one, more
// steeply than 1 when the target is about as fast as the missile, which
// is why the plain iteration T <- TOF(aim at T) is not used (it
// oscillates against a fast inbound target). With choose, the programme
// is chosen at the first PIP, the aim at t0; then it is held.
func (i *Interceptor) solveTOF(tf float64, aim TargetState, loft, t0 float64, choose bool) (float64, float64, bool) {
	m := &i.m
	eval := func(t float64, choose bool) (float64, bool) {
		pip := r3.Add(aim.Pos, r3.Scale(math.Max(0, t-tf), aim.Vel))
		var tof float64
		var ok bool
		if choose {
			loft, tof, ok = m.chooseLoft(tf, i.pos, i.vel, pip)
		} else {
			_, tof, ok = m.predictArrival(tf, i.pos, i.vel, pip, loft)
		}
		return tof - t, ok
	}
	a := t0
	ga, ok := eval(a, choose)
	if !ok {
		return loft, 0, false
	}
	b := a + ga
	gb, ok := eval(b, false)
	for range 4 {
		if !ok {
			return loft, 0, false
		}
		if math.Abs(gb) < 0.1 || gb == ga {
			break
		}
		c := b - gb*(b-a)/(gb-ga)
		c = math.Max(tf+predictStep, math.Min(c, 2*m.MaxFlightTime))
		a, ga = b, gb
		b = c
		gb, ok = eval(b, false)
	}
	return loft, b + gb, ok
}

// replan corrects the planned time of flight from the missile's state
// now (solveTOF, the programme held): the plan made at launch drifts
// (the fast-time steps, the terminal homing it leaves out, a target
// that turns), and an error of a few seconds puts the PIP a kilometre
// along the track, more than a lofted missile diving through thin air
// can make up. It is done at the end of the burn and then halfway
// through each remaining time of flight while that is above minReplan,
// so its cost is about that of one more plan.
func (i *Interceptor) replan(tf float64, aim TargetState) {
	if _, tof, ok := i.solveTOF(tf, aim, i.loft, i.planTOF, false); ok {
		i.planTOF = tof
	}
	i.replanT = math.Inf(1)
	if rest := i.planTOF - tf; rest > minReplan {
		i.replanT = tf + 0.5*rest
	}
}

// pipPointMass predicts the intercept for the mid-course: once the
// flight is planned, where the aim will be at the planned time of flight
// (the aim's velocity held); before, or once that time has passed, the
// Profile's prediction. The Profile is
// re-timed: after the boost, the profile time used is the one at which the
// profile's coast is as fast as the missile now, so that a lofted missile
// that has kept its speed is not taken for a slower one.
func (i *Interceptor) pipPointMass(tf float64, aim TargetState) r3.Vec {
	if aim.Vel == (r3.Vec{}) {
		return aim.Pos
	}
	if tgo := i.planTOF - tf; i.planned && tgo > 0 {
		return r3.Add(aim.Pos, r3.Scale(tgo, aim.Vel))
	}
	m := &i.m
	t0 := tf
	if tf > m.BoostTime {
		sp := norm(i.vel)
		t0 = m.BoostTime
		if sp > 0 && sp < m.BurnoutSpeed {
			t0 += m.CoastTimeConstant * (m.BurnoutSpeed/sp - 1)
		}
	}
	if pip, _, ok := m.predict(i.pos, t0, aim.Pos, aim.Vel, m.MaxFlightTime-tf); ok {
		return pip
	}
	return aim.Pos
}

// arcs are the flight-path angles of the flat and the lofted vacuum arcs
// from speed v to a point d ahead and dh above under gravity g; ok is
// false, and both are the angle of the longest arc, when no arc gets
// there.
func arcs(v, d, dh, g float64) (flat, lofted float64, ok bool) {
	v2 := v * v
	disc := v2*v2 - g*(g*d*d+2*dh*v2)
	if disc < 0 {
		a := math.Pi/4 + 0.5*math.Atan2(dh, d)
		return a, a, false
	}
	sq := math.Sqrt(disc)
	return math.Atan((v2 - sq) / (g * d)), math.Atan((v2 + sq) / (g * d)), true
}

// LaunchDirection is the direction in which to launch m from launcher
// (ECEF) toward a predicted intercept point pip: straight at it for the
// kinematic model, or for a missile without mid-course; for
// [ModelPointMass] with a pitch programme at the programme's angle above
// the horizontal, toward the PIP, so that the missile needs no turn at
// launch. (The turn-over after a cold vertical launch is not modelled:
// the missile leaves along this direction.)
func (m *Missile) LaunchDirection(launcher, pip r3.Vec) r3.Vec {
	d := r3.Sub(pip, launcher)
	if !m.pointMass() || m.Aero.Loft == 0 || m.SeekerRange == 0 || norm(d) <= m.SeekerRange {
		return d
	}
	up := r3.Unit(launcher)
	hor := perpendicular(d, up)
	if norm(hor) == 0 {
		return d
	}
	return m.midcourseDirection(0, launcher, r3.Unit(d), 0, pip, m.LoftAngle(launcher, pip))
}

// loftAim is the slope of the post-boost aim line over the PIP, per
// tan(programme).
const loftAim = 0.15

// Energy management of the mid-course: the programme is chosen among
// loftCandidates+1 angles evenly spaced from 0 to Aero.Loft by a
// fast-time fly-out of the model (predictArrival) in steps of
// predictStep.
const (
	loftCandidates = 4
	predictStep    = 0.5  // s
	minReplan      = 10   // s: the shortest remaining time of flight that is replanned
	maxPredictMiss = 300  // m: a programme that passes farther from the PIP is not taken
	timerSlack     = 0.02 // of MaxFlightTime: see chooseLoft
)

// LoftAngle is the flight-path angle of the boost programme a
// [ModelPointMass] missile launched from launcher (ECEF) flies toward the
// predicted intercept point pip, chosen at launch as a fire-control
// computer would: it flies the missile's own model in fast time
// (thrust, drag, lift, gravity and the mid-course guidance, steps of
// 0.5 s, the target held at pip) with each of the programmes 0, 1/4,
// ..., 4/4 of Aero.Loft, and takes the one that arrives fastest. A
// programme that does not pass within max(1 km, 5%) of pip before
// MaxFlightTime, or stalls, is not taken; if none arrives, it is 0.
//
// This is the energy management of a long-range SAM's mid-course: a
// flat shot through dense air at Mach 5-7 loses its speed within a few
// tens of kilometres (the drag of a burnt-out round is some tens of g
// low down), so against a low or distant target the missile climbs out
// of the dense air and comes down on the PIP; a short or high shot is
// flown direct, where the climb would cost more than the air saves.
// What wins depends on the target's altitude as well as its distance,
// and on the motor, which is why it is computed from the model and not
// from a rule. It is 0 for the kinematic model or when Aero.Loft is 0.
func (m *Missile) LoftAngle(launcher, pip r3.Vec) float64 {
	if !m.pointMass() || m.Aero.Loft == 0 {
		return 0
	}
	loft, _, _ := m.chooseLoft(0, launcher, r3.Vec{}, pip)
	return loft
}

// chooseLoft is LoftAngle for a missile tf seconds into its flight at
// pos with velocity vel (a zero vel: a standing launch along each
// programme), and the planned time of flight (from launch) of the
// programme taken; ok is false when no programme arrives.
func (m *Missile) chooseLoft(tf float64, pos, vel, pip r3.Vec) (loft, tof float64, ok bool) {
	mm := *m
	if mm.Aero.Cd0 == nil {
		mm.Aero.Cd0 = DefaultCd0()
	}
	// Arriving before the self-destruct comes first, then speed. The
	// fast-time flight is allowed timerSlack over the timer: it is not
	// exact, and the timer of a derived missile is the time of flight of
	// its max-range shot, which must keep the programme it was set with.
	best, inTime := 0.0, false
	for k := range loftCandidates + 1 {
		l := m.Aero.Loft * float64(k) / loftCandidates
		v0 := vel
		if v0 == (r3.Vec{}) {
			v0 = r3.Scale(m.LaunchSpeed, m.midcourseDirection(0, pos, r3.Unit(r3.Sub(pip, pos)), 0, pip, l))
		}
		sp, t, arrives := mm.predictArrival(tf, pos, v0, pip, l)
		if !arrives {
			continue
		}
		in := t <= (1+timerSlack)*m.MaxFlightTime
		if in && !inTime || in == inTime && sp > best {
			best, inTime, loft, tof, ok = sp, in, l, t, true
		}
	}
	return loft, tof, ok
}

// predictArrival flies m in fast time from tf seconds after launch at
// pos and vel toward a stationary pip with the programme loft, and
// returns its speed where it passes pip and the time after launch;
// arrives is false if it passes wide, stalls or runs out of flight
// time. Mid-course guidance all the way: the terminal PN of the real
// flight, on a collision course already, turns little.
func (m *Missile) predictArrival(tf float64, pos, vel, pip r3.Vec, loft float64) (speed, tof float64, arrives bool) {
	u := r3.Unit(vel)
	spent := math.Min(200, 0.5*m.Aero.MinSpeed)
	// The timer bounds the flight, not the choice (see chooseLoft): a
	// programme that arrives a little late is still weighed.
	horizon := 1.25 * m.MaxFlightTime
	for t := tf; t < horizon; t += predictStep {
		rel := r3.Sub(pip, pos)
		sp := norm(vel)
		if r3.Dot(rel, vel) <= 0 {
			// Passed: the miss is the distance of pip from the line of
			// flight, which the last step brackets.
			miss := norm(r3.Cross(rel, r3.Scale(1/sp, vel)))
			return sp, t, miss <= maxPredictMiss
		}
		if sp > 1e-3 {
			u = r3.Scale(1/sp, vel)
		}
		if t > m.Motor.BurnTime() && sp < spent && r3.Dot(vel, pos) < 0 {
			return sp, t, false
		}
		want := m.midcourseDirection(t, pos, u, sp, pip, loft)
		e := perpendicular(want, u)
		if r3.Dot(want, u) < 0 {
			if en := norm(e); en > 0 {
				e = r3.Scale(1/en, e)
			}
		}
		cmd := r3.Scale(math.Max(sp, 1)/midcourseTau, e)
		pos, vel = m.rk4(t, predictStep, pos, vel, u, cmd)
	}
	return norm(vel), horizon, false
}
