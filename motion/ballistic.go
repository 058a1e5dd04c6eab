package motion

import (
	"errors"
	"fmt"
	"math"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/internal/golden"
	"github.com/iadsim/iadsim/internal/root"
	"gonum.org/v1/gonum/spatial/r3"
)

// Constants of the earth models.
const (
	// EarthRate is the WGS-84 angular velocity of the earth, rad/s
	// (NIMA TR8350.2).
	EarthRate = 7.292115e-5
	// J2 is the earth's dynamic form factor, -√5 times the WGS-84 (EGM96)
	// normalised coefficient C̄2,0 = -0.484166774985e-3.
	J2 = 1.0826298213129219e-3
	// SphereRadius is the radius of the spherical check model, the mean
	// earth radius, m.
	SphereRadius = 6371e3
)

// BallisticOptions shape a ballistic trajectory. The zero value is a
// minimum-energy flight in vacuum over the rotating WGS-84 earth with J2
// gravity, integrated in 0.5 s steps.
type BallisticOptions struct {
	// ApogeeHeight, if positive, asks for the trajectory whose highest
	// point is this height above the ellipsoid, m (met to 1 cm): lofted
	// if above the minimum-energy apogee, depressed if below.
	ApogeeHeight float64
	// FlightTime, if positive, asks for the trajectory that takes this
	// long from burnout to impact, s (met to 0.1 ms). At most one of
	// ApogeeHeight and FlightTime may be set.
	FlightTime float64

	// BallisticCoeff is β = m / (Cd A) in kg/m²; drag decelerates the body
	// by ρ |v|² / (2β) against its velocity relative to the air, which
	// turns with the earth. Zero means no drag. Re-entry vehicles run from
	// about 1000 kg/m² (blunt) to 20 000 kg/m² (slender cones).
	BallisticCoeff float64
	// Atmosphere is the density model for drag.
	Atmosphere Atmosphere
	// PullUp, if set, makes the re-entry manoeuvre (it needs
	// BallisticCoeff): a quasi-ballistic flight.
	PullUp *PullUp

	// Spherical replaces the earth by a non-rotating sphere of radius
	// SphereRadius with point-mass gravity, where a vacuum flight is a
	// Kepler ellipse: the model for checks against closed forms. Positions
	// are then spherical coordinates: Lat and Lon geocentric, Alt above
	// the sphere, "ECEF" the sphere's Cartesian frame.
	Spherical bool
	// NoJ2 drops the J2 term, leaving point-mass gravity GM/r².
	NoJ2 bool
	// Step is the integration step, s; zero means 0.5 s. The trajectory
	// table has this spacing.
	Step float64
}

// PullUp is a manoeuvring re-entry, the quasi-ballistic ("aeroballistic")
// flight said of the Iskander (shared/reference/wave2-figures.yaml: a
// flatter trajectory, unpredictable, manoeuvring warhead; no public
// figures of the manoeuvre itself). Once the body descends through
// Height it flies at its trim angle of attack and its airframe gives
// lift L = (L/D)·D, D the drag ρ|v|²/(2β), up to MaxLoad, at right angles
// to its velocity relative to the air, in the vertical plane, upwards:
// it pulls out of its dive and glides, and falls farther and later than
// a ballistic body from the same state. It glides on until the air, as
// it slows, no longer holds it up, or, with DiveRange set, until it comes
// within DiveRange of its aim point: it then turns its lift downwards
// and pushes over, up to MaxLoad again, until its path points DiveAngle
// below the horizon, and falls onto the aim point without lift,
// steepening under gravity: a terminal dive. The shooting aims the whole flight,
// glide and dive included, at the aim point. A tracker's ballistic
// model, which knows only gravity and drag, sees the pull-up and the
// dive as an unknown acceleration of up to MaxLoad.
type PullUp struct {
	// Height is where the body starts to lift on its way down, m above
	// the ellipsoid (or the sphere).
	Height float64
	// LiftToDrag is the airframe's lift-to-drag ratio at its trim angle
	// of attack: about 1 to 2 for a slender body or a manoeuvring
	// re-entry vehicle, 3 and more for a glide vehicle.
	LiftToDrag float64
	// MaxLoad caps the lift acceleration, m/s², the airframe's or its
	// controls' limit; zero means no cap.
	MaxLoad float64
	// DiveRange, when above zero, makes the glide end in a terminal
	// dive: once the gliding body is within DiveRange of its aim point
	// (the great-circle distance on the sphere of the earth's mean
	// radius, m) it pushes over until its path points DiveAngle (rad,
	// above 0, at most π/2) below the horizon. The push-over's radius of
	// curvature is v²/(L + (g - v²/r) cos γ), L the lift. The shooting
	// then finds the arc whose glide reaches DiveRange at the height from
	// which the dive falls on the aim point, about DiveRange tan
	// DiveAngle less the push-over's drop. The range falls steadily as
	// the body closes on its aim, where its height, in a glide's
	// phugoid, does not: a dive from a height would start a whole
	// phugoid later for a slightly different shot, and a dive when the
	// aim point is seen DiveAngle down is never started by the glide
	// that falls on it at a shallower angle. Zero means no dive: the
	// glide goes on to the ground.
	DiveRange float64
	DiveAngle float64
}

func (p *PullUp) check(beta float64) error {
	switch {
	case !(p.Height > 0) || math.IsInf(p.Height, 0):
		return fmt.Errorf("PullUp.Height = %v, want a finite height above 0", p.Height)
	case !(p.LiftToDrag > 0) || math.IsInf(p.LiftToDrag, 0):
		return fmt.Errorf("PullUp.LiftToDrag = %v, want a finite ratio above 0", p.LiftToDrag)
	case !(p.MaxLoad >= 0) || math.IsInf(p.MaxLoad, 0):
		return fmt.Errorf("PullUp.MaxLoad = %v, want a finite acceleration >= 0", p.MaxLoad)
	case beta == 0:
		return errors.New("PullUp needs BallisticCoeff: the lift is the drag times L/D")
	case !(p.DiveRange >= 0) || math.IsInf(p.DiveRange, 0):
		return fmt.Errorf("PullUp.DiveRange = %v, want a finite range >= 0", p.DiveRange)
	case p.DiveRange > 0 && !(p.DiveAngle > 0 && p.DiveAngle <= math.Pi/2):
		return fmt.Errorf("PullUp.DiveAngle = %v, want an angle above 0 and at most π/2 for the dive", p.DiveAngle)
	case p.DiveRange == 0 && p.DiveAngle != 0:
		return fmt.Errorf("PullUp.DiveAngle = %v without a DiveRange to dive from", p.DiveAngle)
	}
	return nil
}

// Ballistic is an unpowered flight from burnout to impact.
//
// The flight starts at the launch point at burnout: there is no boost
// phase, so the body appears at the launch point with its full burnout
// velocity; with drag, give the launch point the burnout height (tens of
// kilometres for a real missile), or the body will start its coast at full
// speed in the dense air near the ground. It is integrated in the rotating
// ECEF frame, with gravity
// (GM/r² and, unless dropped, J2), the Coriolis and centrifugal
// accelerations of the earth's rotation at EarthRate, and optional drag,
// by the classical fourth-order Runge-Kutta method with a fixed step.
// The burnout velocity, relative to the earth, is found by shooting: for
// a burnout elevation, Newton's method on its speed and azimuth drives the
// two ground components of the miss at the impact height to zero (under
// 1 mm); the elevation is chosen by golden-section search for the least
// burnout speed (minimum energy), or by the secant method for the wanted
// apogee height or flight time. Impact is where the body descends through
// the impact point's height.
//
// The whole trajectory is kept as a table, one state per step, and State
// interpolates it with cubic Hermite polynomials, so it costs a few dozen
// flops and gives the same answer every time.
type Ballistic struct {
	start, dt, tof float64
	pos, vel       []r3.Vec
	apogee         float64
	burnout        float64
	spherical      bool
	// shot is the launch-to-impact problem solved, and gamma, psi the
	// burnout elevation and azimuth found: a body separating from this
	// one flies from the same burnout state (Separate).
	shot       *shooter
	gamma, psi float64
}

// Tolerances of the shooting.
const (
	missTol   = 1e-3 // m, ground miss at the aim point
	searchTol = 0.05 // m, ground miss while searching for minimum energy
	heightTol = 1e-6 // m, impact-height crossing
	maxFlight = 6 * 3600.0
)

// NewBallistic finds the trajectory from launch to impact starting at
// time start (burnout). Heights are above the ellipsoid (or the sphere).
// It fails when the points are invalid or closer than 1 m, when the
// options are inconsistent, or when no trajectory meets the request (an
// apogee too low or a flight time too short to reach, for example).
func NewBallistic(start float64, launch, impact geo.LLA, opts BallisticOptions) (*Ballistic, error) {
	if math.IsNaN(start) || math.IsInf(start, 0) {
		return nil, fmt.Errorf("motion: ballistic start time %v is not finite", start)
	}
	if err := checkLLA(launch); err != nil {
		return nil, fmt.Errorf("motion: ballistic launch point: %w", err)
	}
	if err := checkLLA(impact); err != nil {
		return nil, fmt.Errorf("motion: ballistic impact point: %w", err)
	}
	if err := opts.check(); err != nil {
		return nil, fmt.Errorf("motion: ballistic options: %w", err)
	}
	s := newShooter(launch, impact, opts)
	if s.theta*SphereRadius < 1 {
		return nil, errors.New("motion: ballistic launch and impact points coincide")
	}
	x, gamma, err := s.shoot(opts)
	if err != nil {
		return nil, fmt.Errorf("motion: ballistic from %.4f°, %.4f° to %.4f°, %.4f°: %w",
			launch.LatDeg(), launch.LonDeg(), impact.LatDeg(), impact.LonDeg(), err)
	}
	b := &Ballistic{start: start, dt: s.dt, burnout: x[0], spherical: opts.Spherical, shot: s, gamma: gamma, psi: x[1]}
	f, err := s.fly(x[0], gamma, x[1], b)
	if err != nil {
		// The same flight succeeded during the shooting.
		return nil, fmt.Errorf("motion: ballistic: internal error: %w", err)
	}
	b.tof = f.tof
	b.apogee = f.apogee
	return b, nil
}

func (o BallisticOptions) check() error {
	for _, v := range []struct {
		name string
		x    float64
	}{{"ApogeeHeight", o.ApogeeHeight}, {"FlightTime", o.FlightTime}, {"BallisticCoeff", o.BallisticCoeff}, {"Step", o.Step}} {
		if !(v.x >= 0) || math.IsInf(v.x, 0) {
			return fmt.Errorf("%s = %v, want a finite value >= 0", v.name, v.x)
		}
	}
	switch {
	case o.ApogeeHeight > 0 && o.FlightTime > 0:
		return errors.New("set at most one of ApogeeHeight and FlightTime")
	case o.Step > 10:
		return fmt.Errorf("Step = %v s, want at most 10 s", o.Step)
	case o.Atmosphere != Exponential && o.Atmosphere != ISA1976:
		return fmt.Errorf("unknown atmosphere %d", int(o.Atmosphere))
	}
	if o.PullUp != nil {
		return o.PullUp.check(o.BallisticCoeff)
	}
	return nil
}

// Separate returns the flight of a body that separates from b at
// burnout and falls on its own with ballistic coefficient beta (kg/m²;
// zero for none) in b's atmosphere: the spent booster or tank of a
// missile whose re-entry vehicle flies b. The two leave together with
// the same velocity (the push of the separation, a metre a second or so,
// is left out) and part only in the air, where the light, tumbling
// booster slows far sooner than the dense warhead: it falls short of the
// warhead's impact point, and later. Its flight ends where it descends
// through the height of b's impact point.
func (b *Ballistic) Separate(beta float64) (*Ballistic, error) {
	if !(beta >= 0) || math.IsInf(beta, 0) {
		return nil, fmt.Errorf("motion: separating body's ballistic coefficient %v, want a finite value >= 0", beta)
	}
	s := *b.shot
	s.m.beta = beta
	s.m.pull = nil // a spent booster tumbles: it has no lift
	// The booster may fall well short of the aim: let it fall to the
	// aim height wherever it is.
	s.hFloor = math.Min(s.hFloor, s.hI-1000)
	sep := &Ballistic{start: b.start, dt: b.dt, burnout: b.burnout, spherical: b.spherical, shot: &s, gamma: b.gamma, psi: b.psi}
	f, err := s.fly(b.burnout, b.gamma, b.psi, sep)
	if err != nil {
		return nil, fmt.Errorf("motion: separating body: %w", err)
	}
	sep.tof, sep.apogee = f.tof, f.apogee
	return sep, nil
}

// Start is the burnout time.
func (b *Ballistic) Start() float64 { return b.start }

// End is the impact time.
func (b *Ballistic) End() float64 { return b.start + b.tof }

// FlightTime is the time from burnout to impact, s.
func (b *Ballistic) FlightTime() float64 { return b.tof }

// Apogee is the greatest height above the ellipsoid (or sphere) on the
// trajectory, m.
func (b *Ballistic) Apogee() float64 { return b.apogee }

// BurnoutSpeed is the speed at burnout relative to the earth, m/s.
func (b *Ballistic) BurnoutSpeed() float64 { return b.burnout }

// State returns the ECEF position and velocity at time t, interpolated
// from the trajectory table by a cubic Hermite polynomial; the velocity is
// the polynomial's derivative, so the two agree.
func (b *Ballistic) State(t float64) (pos, vel r3.Vec, ok bool) {
	if !(t >= b.start && t <= b.End()) {
		return r3.Vec{}, r3.Vec{}, false
	}
	t = min(t-b.start, b.tof)
	last := len(b.pos) - 2
	i := min(int(t/b.dt), last)
	t0 := float64(i) * b.dt
	h := b.dt
	if i == last {
		h = b.tof - t0
	}
	if h <= 0 {
		return b.pos[i], b.vel[i], true
	}
	s := (t - t0) / h
	p0, p1 := b.pos[i], b.pos[i+1]
	v0, v1 := r3.Scale(h, b.vel[i]), r3.Scale(h, b.vel[i+1])
	s2, s3 := s*s, s*s*s
	h00, h10, h01, h11 := 2*s3-3*s2+1, s3-2*s2+s, -2*s3+3*s2, s3-s2
	d00, d10, d01, d11 := 6*s2-6*s, 3*s2-4*s+1, -6*s2+6*s, 3*s2-2*s
	pos = r3.Vec{
		X: h00*p0.X + h10*v0.X + h01*p1.X + h11*v1.X,
		Y: h00*p0.Y + h10*v0.Y + h01*p1.Y + h11*v1.Y,
		Z: h00*p0.Z + h10*v0.Z + h01*p1.Z + h11*v1.Z,
	}
	vel = r3.Vec{
		X: (d00*p0.X + d10*v0.X + d01*p1.X + d11*v1.X) / h,
		Y: (d00*p0.Y + d10*v0.Y + d01*p1.Y + d11*v1.Y) / h,
		Z: (d00*p0.Z + d10*v0.Z + d01*p1.Z + d11*v1.Z) / h,
	}
	return pos, vel, true
}

// Path samples the trajectory for drawing: at most about 400 points,
// launch and impact included.
func (b *Ballistic) Path() []geo.LLA {
	m := earthModel{spherical: b.spherical}
	stride := max(1, (len(b.pos)+399)/400)
	var path []geo.LLA
	for i := 0; i < len(b.pos)-1; i += stride {
		path = append(path, m.toLLA(b.pos[i]))
	}
	return append(path, m.toLLA(b.pos[len(b.pos)-1]))
}

// Phases of a manoeuvring re-entry.
const (
	phaseBallistic = iota // on the arc, before the pull-up
	phaseGlide            // lifting upwards
	phaseDive             // pushing over, lift downwards
	phaseFall             // dived: no lift to the ground
)

// next is the phase of a flight in phase at the start of a step at
// height h after hPrev: the pull-up starts with the first step that
// starts below Height on the way down (the same steps every time, so the
// table and the shooting agree). The dive's switches are found within a
// step (diveSwitch).
func (p *PullUp) next(phase int, h, hPrev float64) int {
	if phase == phaseBallistic && h < hPrev && h < p.Height {
		return phaseGlide
	}
	return phase
}

// diveLeft is how far a body at pos moving at vel in phase is from its
// dive's next switch, positive before it: in the glide its ground range
// to the aim point beyond DiveRange, m; in the push-over how much
// shallower than DiveAngle below the horizon (the geocentric one, as
// the lift's) its path points, in sines. ok is false in phases without
// such a switch.
func (p *PullUp) diveLeft(m *earthModel, phase int, pos, vel r3.Vec) (float64, bool) {
	switch {
	case phase == phaseGlide && p.DiveRange > 0:
		u, a := r3.Unit(pos), r3.Unit(m.aim)
		return math.Atan2(r3.Norm(r3.Cross(u, a)), r3.Dot(u, a))*SphereRadius - p.DiveRange, true
	case phase == phaseDive:
		return r3.Dot(vel, r3.Unit(pos))/r3.Norm(vel) + math.Sin(p.DiveAngle), true
	}
	return 0, false
}

// step is one integration step of a flight from (pos, vel) in phase,
// which may switch to phase after at tau into it.
type step struct {
	m            *earthModel
	pos, vel     r3.Vec
	phase, after int
	tau          float64
	pm, vm       r3.Vec // the state at the switch
}

// newStep starts a step of length dt from (pos, vel) in phase and finds,
// by bisection to a nanosecond, where in it the dive starts or ends: a
// switch at a step boundary would make the landing point jump as the
// shooting varies the shot, and stall it metres from the aim point.
func newStep(m *earthModel, pos, vel r3.Vec, phase int, dt float64) step {
	st := step{m: m, pos: pos, vel: vel, phase: phase, after: phase, tau: dt}
	p := m.pull
	if p == nil {
		return st
	}
	left := func(tau float64) float64 {
		m.setPhase(phase)
		pt, vt := m.rk4(pos, vel, tau)
		f, _ := p.diveLeft(m, phase, pt, vt)
		return f
	}
	f0, ok := p.diveLeft(m, phase, pos, vel)
	switch {
	case !ok:
		return st
	case f0 <= 0:
		st.tau = 0
	case left(dt) > 0:
		return st
	default:
		lo, hi := 0.0, dt
		for hi-lo > 1e-9 {
			if mid := (lo + hi) / 2; left(mid) > 0 {
				lo = mid
			} else {
				hi = mid
			}
		}
		st.tau = hi
	}
	st.after = phase + 1 // glide to dive, dive to fall
	m.setPhase(phase)
	st.pm, st.vm = m.rk4(pos, vel, st.tau)
	return st
}

// at is the state tau into the step.
func (st *step) at(tau float64) (r3.Vec, r3.Vec) {
	if tau <= st.tau || st.after == st.phase {
		st.m.setPhase(st.phase)
		return st.m.rk4(st.pos, st.vel, tau)
	}
	st.m.setPhase(st.after)
	return st.m.rk4(st.pm, st.vm, tau-st.tau)
}

// setPhase sets the lift of a phase.
func (m *earthModel) setPhase(phase int) {
	m.lifting, m.diving = phase == phaseGlide, phase == phaseDive
}

// earthModel is the earth a ballistic body flies over: its shape, its
// gravity, its rotation and its air.
type earthModel struct {
	spherical bool
	j2        bool
	omega     float64
	beta      float64
	atm       Atmosphere
	// pull is the manoeuvring re-entry, if any; lifting says the body
	// glides (it has come down through the pull-up height) and diving
	// that it pushes over into its terminal dive: the flight's phase,
	// which fly sets.
	pull    *PullUp
	lifting bool
	diving  bool
	aim     r3.Vec // the aim point, whose range starts the dive
}

func (m *earthModel) toECEF(p geo.LLA) r3.Vec {
	if !m.spherical {
		return p.ECEF()
	}
	sLat, cLat := math.Sincos(p.Lat)
	sLon, cLon := math.Sincos(p.Lon)
	r := SphereRadius + p.Alt
	return r3.Vec{X: r * cLat * cLon, Y: r * cLat * sLon, Z: r * sLat}
}

func (m *earthModel) toLLA(v r3.Vec) geo.LLA {
	if !m.spherical {
		return geo.FromECEF(v)
	}
	return geo.LLA{
		Lat: math.Atan2(v.Z, math.Hypot(v.X, v.Y)),
		Lon: math.Atan2(v.Y, v.X),
		Alt: r3.Norm(v) - SphereRadius,
	}
}

func (m *earthModel) height(v r3.Vec) float64 {
	if m.spherical {
		return r3.Norm(v) - SphereRadius
	}
	return geo.Height(v)
}

// accel is the acceleration in the earth-fixed frame of a body at r
// moving at v relative to the earth.
func (m *earthModel) accel(r, v r3.Vec) r3.Vec {
	r2 := r.X*r.X + r.Y*r.Y + r.Z*r.Z
	rn := math.Sqrt(r2)
	a := m.gravity(r, v, r2, rn)
	if m.beta > 0 {
		// Height for the density from the geocentric radius: the ellipsoid
		// radius along r is b / sqrt(1 - e² cos² φc). This differs from
		// the geodetic height by metres at most, a fraction of a percent
		// in density.
		h := rn - SphereRadius
		if !m.spherical {
			h = ellipsoidHeight(r, r2, rn)
		}
		vn := math.Sqrt(v.X*v.X + v.Y*v.Y + v.Z*v.Z)
		d := -m.atm.Density(h) * vn / (2 * m.beta)
		a.X += d * v.X
		a.Y += d * v.Y
		a.Z += d * v.Z
		switch {
		case m.lifting && vn > 0:
			a = r3.Add(a, m.lift(r, v, -d*vn))
		case m.diving && vn > 0:
			a = r3.Sub(a, m.lift(r, v, -d*vn))
		}
	}
	return a
}

// gravity is the acceleration without the air in the earth-fixed frame
// of a body at r, r2 = |r|², rn = |r|, moving at v relative to the
// earth: the point mass, J2 and the earth's rotation as the model has
// them.
func (m *earthModel) gravity(r, v r3.Vec, r2, rn float64) r3.Vec {
	k := -geo.GM / (r2 * rn)
	a := r3.Vec{X: k * r.X, Y: k * r.Y, Z: k * r.Z}
	if m.j2 {
		// Vallado, Fundamentals of Astrodynamics, eq. 8-30.
		z2 := r.Z * r.Z / r2
		f := 1.5 * J2 * geo.A * geo.A / r2
		a.X *= 1 + f*(1-5*z2)
		a.Y *= 1 + f*(1-5*z2)
		a.Z *= 1 + f*(3-5*z2)
	}
	if w := m.omega; w != 0 {
		// -2 ω×v - ω×(ω×r), ω along +Z.
		a.X += w*w*r.X + 2*w*v.Y
		a.Y += w*w*r.Y - 2*w*v.X
	}
	return a
}

// ellipsoidHeight is the height for the density of the WGS-84 model at
// r, r2 = |r|², rn = |r|: above the ellipsoid along the geocentric
// radius, whose length there is b / sqrt(1 - e² cos² φc).
func ellipsoidHeight(r r3.Vec, r2, rn float64) float64 {
	c2 := (r.X*r.X + r.Y*r.Y) / r2
	return rn - geo.B/math.Sqrt(1-geo.E2*c2)
}

// lift is the pull-up's lift acceleration on a body at r moving at v
// relative to the air with drag deceleration drag: L/D times the drag,
// capped at MaxLoad, along the component of the local vertical at right
// angles to v. The vertical is r's direction: the geocentric vertical,
// within 0.2° of the geodetic, which tilts the lift by as little.
func (m *earthModel) lift(r, v r3.Vec, drag float64) r3.Vec {
	l := m.pull.LiftToDrag * drag
	if m.pull.MaxLoad > 0 {
		l = min(l, m.pull.MaxLoad)
	}
	vh := r3.Unit(v)
	up := r3.Unit(r)
	dir := r3.Sub(up, r3.Scale(r3.Dot(up, vh), vh))
	n := r3.Norm(dir)
	if n == 0 {
		return r3.Vec{} // straight down: no plane to lift in
	}
	return r3.Scale(l/n, dir)
}

// EarthAccel returns the acceleration, in the rotating WGS-84 earth-fixed
// frame, of a body at r (ECEF, m) moving at v (m/s) relative to the
// earth, as the ballistic flights here feel it: gravity with J2, the
// Coriolis and centrifugal accelerations at EarthRate, and, when
// invBeta = 1/β > 0 (m²/kg), drag ρ|v|²/(2β) in the atmosphere atm
// against the velocity relative to the air. A tracker's ballistic model
// uses it so that it predicts the flights this package makes.
func EarthAccel(r, v r3.Vec, invBeta float64, atm Atmosphere) r3.Vec {
	m := earthModel{j2: true, omega: EarthRate, atm: atm}
	if invBeta > 0 {
		m.beta = 1 / invBeta
	}
	return m.accel(r, v)
}

// EarthAccelJacobian returns the derivatives of EarthAccel's
// acceleration a(r, v, κ), κ = invBeta, in closed form: dr[3i+j] =
// ∂a_i/∂r_j, dv[3i+j] = ∂a_i/∂v_j, and dk = ∂a/∂κ. The drag is taken as
// linear in κ, -κρ(h)|v|v/2, for κ of either sign (a κ ≤ 0 gives
// EarthAccel no drag: its derivative in κ there is this one's at zero
// only from above). The terms, with r = |r|:
//
//   - point mass, -GM r/r³: -GM/r³ (I - 3 r̂r̂ᵀ);
//   - J2, each axis i scaled by g_i = 1 + f(c_i - 5s), f = 3/2 J2 A²/r²,
//     s = z²/r², c = (1, 1, 3): ∇g_i = (c_i - 5s)∇f - 5f∇s with
//     ∇f = -2f r/r² and ∇s = 2(z e_z - s r)/r²;
//   - the earth's rotation ω about z: ω² on the x and y diagonal of dr
//     (centrifugal), ±2ω across vx and vy in dv (Coriolis);
//   - drag: ∂/∂v = -κρ/2 (|v|I + v vᵀ/|v|), ∂/∂κ = -ρ|v|v/2, and through
//     the density's slope ρ'(h) at EarthAccel's height h = r - b/√(1 -
//     e²c), c = (x² + y²)/r², ∂/∂r = -κρ'|v|v ∇hᵀ/2 with ∇h = r̂ -
//     (b e²/2)(1 - e²c)^(-3/2) ∇c and ∇c = 2((x, y, 0) - c r)/r².
//
// A tracker propagates its ballistic model's covariance with it; seven
// finite differences of EarthAccel cost seven accelerations a step.
func EarthAccelJacobian(r, v r3.Vec, invBeta float64, atm Atmosphere) (dr, dv [9]float64, dk r3.Vec) {
	p := NewEarthPoint(r, v, atm)
	return p.Jacobian(invBeta)
}

// EarthPoint is a body's position and velocity in the earth-fixed frame
// with what EarthAccel and EarthAccelJacobian both compute from them
// alone: the radius, the gravity and the speed, and the height and the
// air density once they are asked for. A tracker's ballistic model asks for the
// acceleration and its Jacobian at the same point at each step (the
// Jacobian's midpoint is the second Runge-Kutta stage's point), and for
// the acceleration of two drags at one point where its drag estimate is
// negative; from one EarthPoint each gives the numbers its function
// gives, bit for bit.
type EarthPoint struct {
	r, v         r3.Vec
	atm          Atmosphere
	r2, rn, h    float64
	vn           float64
	gravity      r3.Vec
	rho          float64
	densityKnown bool
}

// NewEarthPoint returns the point of a body at r (ECEF, m) moving at v
// (m/s) relative to the earth, in the atmosphere atm.
func NewEarthPoint(r, v r3.Vec, atm Atmosphere) EarthPoint {
	p := EarthPoint{r: r, v: v, atm: atm}
	p.r2 = r.X*r.X + r.Y*r.Y + r.Z*r.Z
	p.rn = math.Sqrt(p.r2)
	m := earthModel{j2: true, omega: EarthRate}
	p.gravity = m.gravity(r, v, p.r2, p.rn)
	p.vn = math.Sqrt(v.X*v.X + v.Y*v.Y + v.Z*v.Z)
	return p
}

// density returns the air density at the point, found once with the
// height it is read at.
func (p *EarthPoint) density() float64 {
	if !p.densityKnown {
		p.h = ellipsoidHeight(p.r, p.r2, p.rn)
		p.rho, p.densityKnown = p.atm.Density(p.h), true
	}
	return p.rho
}

// Accel returns EarthAccel(r, v, invBeta, atm) at the point.
func (p *EarthPoint) Accel(invBeta float64) r3.Vec {
	a := p.gravity
	if invBeta > 0 {
		// EarthAccel's drag: earthModel.accel of β = 1/κ.
		d := -p.density() * p.vn / (2 * (1 / invBeta))
		a.X += d * p.v.X
		a.Y += d * p.v.Y
		a.Z += d * p.v.Z
	}
	return a
}

// Jacobian returns EarthAccelJacobian(r, v, invBeta, atm) at the point.
func (p *EarthPoint) Jacobian(invBeta float64) (dr, dv [9]float64, dk r3.Vec) {
	r, v := p.r, p.v
	pos := [3]float64{r.X, r.Y, r.Z}
	r2, rn := p.r2, p.rn
	k := -geo.GM / (r2 * rn)
	s := r.Z * r.Z / r2
	f := 1.5 * J2 * geo.A * geo.A / r2
	c := [3]float64{1, 1, 3}
	for i := range 3 {
		g := 1 + f*(c[i]-5*s)
		for j := range 3 {
			var dij, zj float64
			if i == j {
				dij = 1
			}
			if j == 2 {
				zj = r.Z
			}
			df := -2 * f * pos[j] / r2
			ds := 2 * (zj - s*pos[j]) / r2
			dg := (c[i]-5*s)*df - 5*f*ds
			dr[3*i+j] = g*k*(dij-3*pos[i]*pos[j]/r2) + k*pos[i]*dg
		}
	}
	w := EarthRate
	dr[0] += w * w
	dr[4] += w * w
	dv[1] += 2 * w
	dv[3] -= 2 * w

	q := [3]float64{v.X, v.Y, v.Z}
	vn := p.vn
	cc := (r.X*r.X + r.Y*r.Y) / r2
	rho := p.density()
	dk = r3.Vec{X: -rho * vn * v.X / 2, Y: -rho * vn * v.Y / 2, Z: -rho * vn * v.Z / 2}
	if invBeta == 0 {
		return dr, dv, dk
	}
	slope := p.atm.densitySlope(p.h, rho)
	inner := geo.B * geo.E2 / 2 / math.Pow(1-geo.E2*cc, 1.5)
	var gradH [3]float64
	for j := range 3 {
		xy := pos[j]
		if j == 2 {
			xy = 0
		}
		gradH[j] = pos[j]/rn - inner*2*(xy-cc*pos[j])/r2
	}
	for i := range 3 {
		for j := range 3 {
			dr[3*i+j] -= invBeta * slope * vn * q[i] * gradH[j] / 2
			if vn > 0 {
				var dij float64
				if i == j {
					dij = 1
				}
				dv[3*i+j] -= invBeta * rho / 2 * (vn*dij + q[i]*q[j]/vn)
			}
		}
	}
	return dr, dv, dk
}

// rk4 advances (r, v) by one Runge-Kutta step of length h.
func (m *earthModel) rk4(r, v r3.Vec, h float64) (r3.Vec, r3.Vec) {
	a1 := m.accel(r, v)
	r2, v2 := r3.Add(r, r3.Scale(h/2, v)), r3.Add(v, r3.Scale(h/2, a1))
	a2 := m.accel(r2, v2)
	r3_, v3 := r3.Add(r, r3.Scale(h/2, v2)), r3.Add(v, r3.Scale(h/2, a2))
	a3 := m.accel(r3_, v3)
	r4, v4 := r3.Add(r, r3.Scale(h, v3)), r3.Add(v, r3.Scale(h, a3))
	a4 := m.accel(r4, v4)
	dr := r3.Add(r3.Add(v, v4), r3.Scale(2, r3.Add(v2, v3)))
	dv := r3.Add(r3.Add(a1, a4), r3.Scale(2, r3.Add(a2, a3)))
	return r3.Add(r, r3.Scale(h/6, dr)), r3.Add(v, r3.Scale(h/6, dv))
}

// shooter holds one launch-to-impact problem.
type shooter struct {
	m            earthModel
	dt           float64
	r0           r3.Vec // launch point
	e0, n0, u0   r3.Vec // launch ENU axes
	rI           r3.Vec // aim point
	eI, nI       r3.Vec // aim-point east and north axes
	hI, hFloor   float64
	theta, psi0  float64 // range angle (rad) and initial azimuth
	jac          [2][2]float64
	jacOK        bool
	launchRadius float64
}

func newShooter(launch, impact geo.LLA, o BallisticOptions) *shooter {
	s := &shooter{
		m: earthModel{
			spherical: o.Spherical,
			j2:        !o.Spherical && !o.NoJ2,
			beta:      o.BallisticCoeff,
			atm:       o.Atmosphere,
			pull:      o.PullUp,
		},
		dt: o.Step,
		hI: impact.Alt,
	}
	if !o.Spherical {
		s.m.omega = EarthRate
	}
	if s.dt == 0 {
		s.dt = 0.5
	}
	s.r0 = s.m.toECEF(launch)
	s.rI = s.m.toECEF(impact)
	s.m.aim = s.rI
	s.launchRadius = r3.Norm(s.r0)
	s.e0, s.n0, s.u0 = enuAxes(launch)
	s.eI, s.nI, _ = enuAxes(impact)
	s.hFloor = math.Min(launch.Alt, impact.Alt) - 1000
	if o.Spherical {
		sl1, cl1 := math.Sincos(launch.Lat)
		sl2, cl2 := math.Sincos(impact.Lat)
		sdl, cdl := math.Sincos(impact.Lon - launch.Lon)
		s.psi0 = math.Atan2(sdl*cl2, cl1*sl2-sl1*cl2*cdl)
		s.theta = math.Atan2(math.Hypot(cl2*sdl, cl1*sl2-sl1*cl2*cdl), sl1*sl2+cl1*cl2*cdl)
	} else {
		d, azi, _ := geo.Inverse(launch, impact)
		s.psi0 = azi
		s.theta = d / SphereRadius
	}
	return s
}

// enuAxes are the east, north and up unit vectors at p; for the sphere
// the same formulas give the radial frame.
func enuAxes(p geo.LLA) (e, n, u r3.Vec) {
	sLat, cLat := math.Sincos(p.Lat)
	sLon, cLon := math.Sincos(p.Lon)
	return r3.Vec{X: -sLon, Y: cLon},
		r3.Vec{X: -sLat * cLon, Y: -sLat * sLon, Z: cLat},
		r3.Vec{X: cLat * cLon, Y: cLat * sLon, Z: sLat}
}

// flight is what one trial trajectory tells the shooting.
type flight struct {
	miss   [2]float64 // east and north of the landing point from the aim point, m
	tof    float64
	apogee float64
}

// fly integrates from burnout at speed v, elevation gamma and azimuth psi
// until the descent through the aim height. With rec set it records the
// trajectory table there.
func (s *shooter) fly(v, gamma, psi float64, rec *Ballistic) (flight, error) {
	sg, cg := math.Sincos(gamma)
	sp, cp := math.Sincos(psi)
	vel := r3.Add(r3.Add(r3.Scale(v*cg*sp, s.e0), r3.Scale(v*cg*cp, s.n0)), r3.Scale(v*sg, s.u0))
	pos := s.r0
	h := s.m.height(pos)
	if rec != nil {
		rec.pos = append(rec.pos[:0], pos)
		rec.vel = append(rec.vel[:0], vel)
	}
	// The highest sample and its neighbours, for a parabolic apogee.
	hm := [3]float64{h, h, h}
	hPrev := h
	phase := phaseBallistic
	for k := 0; ; k++ {
		if float64(k)*s.dt > maxFlight {
			return flight{}, fmt.Errorf("no impact within %v s", maxFlight)
		}
		if p := s.m.pull; p != nil {
			phase = p.next(phase, h, hPrev)
		}
		st := newStep(&s.m, pos, vel, phase, s.dt)
		p1, v1 := st.at(s.dt)
		h1 := s.m.height(p1)
		if h1 <= h && h >= hPrev && h > hm[1] {
			hm = [3]float64{hPrev, h, h1}
		}
		if h > s.hI && h1 <= s.hI {
			tau, pc, vc := s.crossing(&st, h, h1)
			if rec != nil {
				rec.pos = append(rec.pos, pc)
				rec.vel = append(rec.vel, vc)
			}
			f := flight{tof: float64(k)*s.dt + tau, apogee: hm[1]}
			if den := hm[0] + hm[2] - 2*hm[1]; den < 0 {
				f.apogee -= (hm[2] - hm[0]) * (hm[2] - hm[0]) / (8 * den)
			}
			d := r3.Sub(pc, s.rI)
			f.miss = [2]float64{r3.Dot(d, s.eI), r3.Dot(d, s.nI)}
			return f, nil
		}
		if h1 < s.hFloor {
			return flight{}, errors.New("falls back without reaching the aim height")
		}
		if r3.Norm2(p1) > 1e18 {
			return flight{}, errors.New("escapes the earth")
		}
		if rec != nil {
			rec.pos = append(rec.pos, p1)
			rec.vel = append(rec.vel, v1)
		}
		hPrev, h = h, h1
		pos, vel = p1, v1
		phase = st.after
	}
}

// crossing finds, by the Illinois variant of false position
// (root.Illinois), the part tau of the step from (pos, vel) where the
// height falls through the aim height, and the state there.
func (s *shooter) crossing(st *step, h0, h1 float64) (float64, r3.Vec, r3.Vec) {
	tau := math.NaN()
	var pc, vc r3.Vec
	height := func(t float64) float64 {
		tau = t
		pc, vc = st.at(t)
		return s.m.height(pc) - s.hI
	}
	r := root.Illinois(height, 0, s.dt, h0-s.hI, h1-s.hI, root.Tol{F: heightTol, X: 1e-12, Max: 60})
	if tau != r.X {
		pc, vc = st.at(r.X) // an end of the step, no point evaluated
	}
	return r.X, pc, vc
}

// solve finds the burnout speed and azimuth x = (v, psi) that land within
// tol metres of the aim point for elevation gamma, starting from x, by Newton's method with
// a finite-difference Jacobian that is kept while it still halves the miss
// at each step (the chord method), and recomputed otherwise.
func (s *shooter) solve(gamma float64, x [2]float64, tol float64) ([2]float64, flight, error) {
	f, err := s.fly(x[0], gamma, x[1], nil)
	if err != nil {
		return x, f, err
	}
	fresh := false
	for range 50 {
		miss := math.Hypot(f.miss[0], f.miss[1])
		if miss < tol {
			return x, f, nil
		}
		if !s.jacOK {
			if err := s.jacobian(gamma, x, f); err != nil {
				return x, f, err
			}
			fresh = true
		}
		j := s.jac
		det := j[0][0]*j[1][1] - j[0][1]*j[1][0]
		if det == 0 || math.IsNaN(det) {
			return x, f, errors.New("shooting: singular Jacobian")
		}
		dx := [2]float64{
			-(j[1][1]*f.miss[0] - j[0][1]*f.miss[1]) / det,
			-(-j[1][0]*f.miss[0] + j[0][0]*f.miss[1]) / det,
		}
		accepted := false
		for lam := 1.0; lam > 1.0/1024; lam /= 2 {
			xn := [2]float64{x[0] + lam*dx[0], x[1] + lam*dx[1]}
			if xn[0] <= 0 {
				continue
			}
			fn, err := s.fly(xn[0], gamma, xn[1], nil)
			if err == nil && math.Hypot(fn.miss[0], fn.miss[1]) < (1-lam/2)*miss {
				s.broyden([2]float64{xn[0] - x[0], xn[1] - x[1]}, [2]float64{fn.miss[0] - f.miss[0], fn.miss[1] - f.miss[1]})
				x, f, accepted = xn, fn, true
				break
			}
			if !fresh {
				break // an old Jacobian: renew it before damping
			}
		}
		if !accepted {
			if fresh {
				return x, f, fmt.Errorf("shooting stalls %.3g m from the aim point", miss)
			}
			s.jacOK = false
			continue
		}
		fresh = false
	}
	return x, f, errors.New("shooting does not converge")
}

// broyden updates the Jacobian with the secant condition J dx = df
// (Broyden's "good" rank-one update), with the speed scaled to the
// azimuth's size so that both count alike.
func (s *shooter) broyden(dx, df [2]float64) {
	const w = 1e-6 // rad per m/s
	n := w*w*dx[0]*dx[0] + dx[1]*dx[1]
	if n == 0 {
		return
	}
	for i := range 2 {
		r := df[i] - s.jac[i][0]*dx[0] - s.jac[i][1]*dx[1]
		s.jac[i][0] += r * w * w * dx[0] / n
		s.jac[i][1] += r * dx[1] / n
	}
}

// jacobian sets the derivative of the miss with respect to burnout speed
// and azimuth by forward differences.
func (s *shooter) jacobian(gamma float64, x [2]float64, f flight) error {
	dv, dpsi := 1e-6*x[0], 1e-7
	fv, err := s.fly(x[0]+dv, gamma, x[1], nil)
	if err != nil {
		return err
	}
	fp, err := s.fly(x[0], gamma, x[1]+dpsi, nil)
	if err != nil {
		return err
	}
	for i := range 2 {
		s.jac[i][0] = (fv.miss[i] - f.miss[i]) / dv
		s.jac[i][1] = (fp.miss[i] - f.miss[i]) / dpsi
	}
	s.jacOK = true
	return nil
}

// keplerSpeed is the burnout speed of a vacuum flight over a
// non-rotating sphere from radius r back to radius r across range angle
// theta at elevation gamma: v² = (GM/r) sin(θ/2) / (cos γ sin(γ + θ/2)),
// from the conic through both points. It seeds the shooting.
func keplerSpeed(r, theta, gamma float64) float64 {
	return math.Sqrt(geo.GM / r * math.Sin(theta/2) / (math.Cos(gamma) * math.Sin(gamma+theta/2)))
}

// keplerApogeeTime gives the apogee radius and flight time of that flight.
func keplerApogeeTime(r, theta, gamma float64) (ra, tof float64) {
	nu := math.Sin(theta/2) / (math.Cos(gamma) * math.Sin(gamma+theta/2))
	cg2 := math.Cos(gamma) * math.Cos(gamma)
	e := math.Sqrt(1 + nu*(nu-2)*cg2)
	p := r * nu * cg2
	a := r / (2 - nu)
	ra = p / (1 - e)
	// Launch at true anomaly π - θ/2; the flight is symmetric about apogee.
	ecc := 2 * math.Atan(math.Sqrt((1-e)/(1+e))*math.Tan((math.Pi-theta/2)/2))
	mean := ecc - e*math.Sin(ecc)
	return ra, 2 * (math.Pi - mean) * math.Sqrt(a*a*a/geo.GM)
}

// shoot finds the burnout speed, azimuth and elevation for the request.
func (s *shooter) shoot(o BallisticOptions) (x [2]float64, gamma float64, err error) {
	guess := func(g float64) [2]float64 {
		return [2]float64{keplerSpeed(s.launchRadius, s.theta, g), s.psi0}
	}
	gMin := math.Pi/4 - s.theta/4 // minimum energy on a sphere
	switch {
	case o.ApogeeHeight > 0:
		return s.secant(func(g float64) float64 {
			ra, _ := keplerApogeeTime(s.launchRadius, s.theta, g)
			return ra - s.launchRadius
		}, func(f flight) float64 { return f.apogee }, o.ApogeeHeight, 0.01, guess)
	case o.FlightTime > 0:
		return s.secant(func(g float64) float64 {
			_, t := keplerApogeeTime(s.launchRadius, s.theta, g)
			return t
		}, func(f flight) float64 { return f.tof }, o.FlightTime, 1e-4, guess)
	}

	// Minimum energy: golden-section search on the elevation for the
	// least burnout speed. Each trial starts from the Kepler speed for its
	// elevation times the ratio of model to Kepler speed, and from the
	// azimuth, extrapolated along the line through the last two trials.
	vk := func(g float64) float64 { return keplerSpeed(s.launchRadius, s.theta, g) }
	type trial struct{ g, ratio, psi float64 }
	last := trial{gMin, 1, s.psi0}
	prev := trial{g: math.NaN()}
	speed := func(g float64) float64 {
		ratio, psi := last.ratio, last.psi
		if !math.IsNaN(prev.g) {
			k := (g - last.g) / (last.g - prev.g)
			ratio += (last.ratio - prev.ratio) * k
			psi += (last.psi - prev.psi) * k
		}
		xs, _, err := s.solve(g, [2]float64{ratio * vk(g), psi}, searchTol)
		if err != nil {
			s.jacOK = false
			return math.Inf(1)
		}
		prev, last = last, trial{g, xs[0] / vk(g), xs[1]}
		return xs[0]
	}
	lo, hi := math.Max(gMin-0.2, gMin/2), math.Min(gMin+0.2, 1.5)
	sec := golden.Search(speed, lo, hi, 1e-4, nil)
	gamma, least := sec.Least()
	if math.IsInf(least, 1) {
		return x, 0, errors.New("no trajectory found")
	}
	x, _, err = s.solve(gamma, [2]float64{last.ratio * vk(gamma), last.psi}, missTol)
	return x, gamma, err
}

// secant finds the elevation at which the flight's measure (apogee height
// or flight time) equals want, to within tol, starting from the elevation
// at which the Kepler flight has it.
func (s *shooter) secant(kepler func(float64) float64, measure func(flight) float64, want, tol float64,
	guess func(float64) [2]float64) ([2]float64, float64, error) {

	const gLo, gHi = 1e-3, math.Pi/2 - 1e-3
	// The Kepler measure grows with the elevation: bisect for the seed.
	a, b := gLo, gHi
	for range 60 {
		if m := (a + b) / 2; kepler(m) < want {
			a = m
		} else {
			b = m
		}
	}
	g0 := (a + b) / 2
	x0, f0, err := s.solve(g0, guess(g0), missTol)
	if err != nil {
		return x0, g0, fmt.Errorf("cannot meet the requested apogee or flight time: no trajectory near elevation %.2f°: %w", g0/degree, err)
	}
	y0 := measure(f0) - want
	if math.Abs(y0) < tol {
		return x0, g0, nil
	}
	g := g0 + 0.01
	if g > gHi {
		g = g0 - 0.01
	}
	for range 60 {
		start := x0
		start[0] *= keplerSpeed(s.launchRadius, s.theta, g) / keplerSpeed(s.launchRadius, s.theta, g0)
		x, f, err := s.solve(g, start, missTol)
		if err != nil {
			// Too far: go halfway back to the last good elevation.
			s.jacOK = false
			g = (g0 + g) / 2
			continue
		}
		y := measure(f) - want
		if math.Abs(y) < tol {
			return x, g, nil
		}
		if y == y0 {
			break
		}
		step := -y * (g - g0) / (y - y0)
		g0, y0, x0 = g, y, x
		g = math.Max(gLo, math.Min(gHi, g+math.Max(-0.1, math.Min(0.1, step))))
	}
	return x0, g0, errors.New("cannot meet the requested apogee or flight time")
}

const degree = math.Pi / 180
