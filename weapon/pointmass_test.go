package weapon

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/geo"
)

// ballistic is a ModelPointMass missile with no thrust and no air: with
// RefArea this small and no motor it feels gravity alone.
func ballistic() Missile {
	m := testMissile()
	m.Model = ModelPointMass
	m.MaxFlightTime = 1e5
	m.SeekerRange = 1 // mid-course all the way: the fuze stays unarmed
	m.Motor = Motor{LaunchMass: 1000, Boost: Burn{Thrust: 0, Time: 1, Propellant: 0}}
	m.Aero = Aero{RefArea: 1e-300, CdScale: 1, CNAlpha: 20, CNMax: 8}
	return m
}

// Check: with thrust and drag off and no guidance the integrator flies a
// Kepler orbit in the central field, so the specific mechanical energy
// v²/2 - GM/r is conserved. Over a 3,000 s suborbital arc that climbs to
// about 1,000 km (steps of 0.5 s, substeps of 0.1 s) RK4 keeps it to 1e-6.
func TestPointMassEnergyConserved(t *testing.T) {
	m := ballistic()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	site := geo.Deg(30, 40, 100e3)
	fr := geo.NewFrame(site)
	p0 := site.ECEF()
	v0 := fr.RotateFromENU(r3.Vec{X: 5000, Z: 3000})
	energy := func(p, v r3.Vec) float64 { return 0.5*r3.Dot(v, v) - geo.GM/r3.Norm(p) }
	e0 := energy(p0, v0)
	i := Launch(&m, 0, p0, v0)
	i.vel = v0 // a launch at orbital speed, not at the profile's launch speed
	i.Guidance = noGuidance{}
	far := TargetState{Pos: r3.Scale(-1, p0)} // on the far side of the earth: never closing
	worst, top := 0.0, 0.0
	for k := 0; k < 6000; k++ {
		r := i.Step(0.5, far, far, far)
		if r.Kind != Flying {
			t.Fatalf("%v at %g s", r.Kind, r.T)
		}
		_, p, v := i.State()
		worst = math.Max(worst, math.Abs(energy(p, v)/e0-1))
		top = math.Max(top, altitude(p))
	}
	if worst > 1e-6 {
		t.Errorf("specific energy drifted by %.3g relative", worst)
	}
	t.Logf("energy drift %.2g relative over 3000 s, apogee %.0f km", worst, top/1e3)
}

// The motor's mass falls linearly in each phase, and the flight's speed
// at burnout follows from thrust, mass, drag and gravity: in vacuum and
// without gravity it is the rocket equation, Isp g0 ln(m0/m1).
func TestPointMassRocketEquation(t *testing.T) {
	m := ballistic()
	const isp = 250.0
	m.Motor = Motor{LaunchMass: 1000,
		Boost:   Burn{Thrust: isp * isaG0 * 400 / 10, Time: 10, Propellant: 400},
		Sustain: Burn{Thrust: isp * isaG0 * 100 / 20, Time: 20, Propellant: 100}}
	if th, mass := m.Motor.At(5); th != m.Motor.Boost.Thrust || mass != 800 {
		t.Errorf("At(5) = %g N, %g kg", th, mass)
	}
	if th, mass := m.Motor.At(20); th != m.Motor.Sustain.Thrust || mass != 550 {
		t.Errorf("At(20) = %g N, %g kg", th, mass)
	}
	if th, mass := m.Motor.At(40); th != 0 || mass != 500 {
		t.Errorf("At(40) = %g N, %g kg", th, mass)
	}
	// Far out in space gravity is about GM/r² = 1e-3 m/s²: negligible.
	p0 := r3.Vec{X: 6e8}
	i := Launch(&m, 0, p0, r3.Vec{Y: 1})
	i.Guidance = noGuidance{}
	far := TargetState{Pos: r3.Vec{X: -6e8}}
	for range 300 {
		i.Step(0.1, far, far, far)
	}
	_, _, v := i.State()
	want := m.LaunchSpeed + isp*isaG0*math.Log(1000.0/500)
	if got := r3.Norm(v); math.Abs(got-want) > 0.05 {
		t.Errorf("speed after the burn %.4f m/s, rocket equation %.4f", got, want)
	}
}

// DefaultCd0 is Fleeman's build-up at its nodes and linear between.
func TestDefaultCd0(t *testing.T) {
	tab := DefaultCd0()
	for _, p := range tab {
		if got := interp(tab, p.Mach); got != p.Cd || p.Cd != fleemanCd0(p.Mach) {
			t.Errorf("Cd0(%g) = %g, build-up %g", p.Mach, got, fleemanCd0(p.Mach))
		}
	}
	a, b := tab[3], tab[4]
	if got, want := interp(tab, 0.5*(a.Mach+b.Mach)), 0.5*(a.Cd+b.Cd); math.Abs(got-want) > 1e-15 {
		t.Errorf("midpoint %g, want %g", got, want)
	}
	if interp(tab, 0) != tab[0].Cd || interp(tab, 20) != tab[len(tab)-1].Cd {
		t.Error("not held outside the table")
	}
	// The shape the documentation promises: a transonic peak.
	peak := 0
	for i, p := range tab {
		if p.Cd > tab[peak].Cd {
			peak = i
		}
	}
	if m := tab[peak].Mach; m < 0.95 || m > 1.15 {
		t.Errorf("peak at Mach %g", m)
	}
	t.Logf("Cd0: %v", tab)
}

// APN adds N'/2 times the target acceleration normal to the line of
// sight to the PN command (Zarchan): on a collision course PN commands
// nothing, so the command is N'/2 a_T⊥ exactly.
func TestAugProNav(t *testing.T) {
	g := AugProNav{N: 4}
	mPos, mVel := r3.Vec{}, r3.Vec{X: 1000}
	tPos, tVel := r3.Vec{X: 10e3}, r3.Vec{X: -300}
	aT := r3.Vec{X: 50, Y: 30, Z: -20}
	got := g.CommandAccel(mPos, mVel, tPos, tVel, aT)
	want := r3.Vec{Y: 60, Z: -40}
	if r3.Norm(r3.Sub(got, want)) > 1e-12 {
		t.Errorf("APN command %v, want %v", got, want)
	}
	if pn := (ProNav{N: 4}).Command(mPos, mVel, r3.Vec{X: 10e3, Y: 500}, tVel); g.Command(mPos, mVel, r3.Vec{X: 10e3, Y: 500}, tVel) != pn {
		t.Error("APN without a target acceleration is not PN")
	}
	// Opening range: nothing.
	if got := g.CommandAccel(mPos, mVel, tPos, r3.Vec{X: 2000}, aT); got != (r3.Vec{}) {
		t.Errorf("opening range gives %v", got)
	}
}

func TestPointMassValidate(t *testing.T) {
	m := ballistic()
	m.Motor.Boost.Propellant = 2000
	m.Aero.CdScale = 0
	m.Aero.Loft = 2
	m.Aero.Cd0 = []MachCd{{1, 0.5}, {0.5, 0.4}}
	err := m.Validate()
	if err == nil {
		t.Fatal("Validate() = nil")
	}
	for _, want := range []string{"propellant", "CdScale", "Loft", "Cd0[1]"} {
		if !contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
	m = ballistic()
	m.Model = "6dof"
	if m.Validate() == nil {
		t.Error("unknown model accepted")
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// A derived missile is at its burnout speed at the end of the boost
// (within 2%) and hits targets in the far part of its envelope, stationary,
// inbound and receding, with PN and with APN, up to 200 km and 20 km
// (the lofted arrival in thin air that the planned PIP must lead).
func TestDerivedMissileHits(t *testing.T) {
	if testing.Short() {
		t.Skip("calibrates the catalogue's missiles")
	}
	m := derivedMissile(t, "48N6E2")
	if v := m.speedAt(Shot{Range: m.MaxRange, Altitude: 10e3}, m.BoostTime, 0.05); math.Abs(v/m.BurnoutSpeed-1) > 0.02 {
		t.Errorf("speed at burnout %.0f m/s, want %.0f", v, m.BurnoutSpeed)
	}
	for _, aug := range []bool{false, true} {
		m.Augmented = aug
		for _, s := range []Shot{
			{Range: 150e3, Altitude: 10e3},
			{Range: 190e3, Altitude: 12e3},
			{Range: 200e3, Altitude: 20e3, Speed: 100},
			{Range: 160e3, Altitude: 10e3, Speed: -100},
		} {
			o := m.Fly(s, 0.05)
			if !o.Reached || o.Miss > 1 {
				t.Errorf("APN %v %+v: %+v", aug, s, o)
			}
			t.Logf("APN %-5v %+v: miss %.2f m at %.1f s, %.0f m/s, margin %.2f", aug, s, o.Miss, o.TOF, o.Speed, o.Margin)
		}
	}
}

func benchmarkStep3(b *testing.B, seeker float64) {
	m := pointMassTestMissile(seeker)
	benchmarkFlight(b, m, m.LaunchDirection)
}

// pointMassTestMissile is the test missile flown by the point-mass model
// with a seeker of the given range.
func pointMassTestMissile(seeker float64) Missile {
	m := testMissile()
	m.SeekerRange = seeker
	m.Model = ModelPointMass
	m.Motor = Motor{LaunchMass: 1000, Boost: Burn{Thrust: 130e3, Time: 12, Propellant: 640}}
	m.Aero = Aero{RefArea: 0.111, CdScale: 2.5, CNAlpha: 20, CNMax: 8, TVCAngle: 0.17, Loft: 1.3, MinSpeed: 500}
	return m
}

func BenchmarkStep3DOFHoming(b *testing.B)    { benchmarkStep3(b, 0) }
func BenchmarkStep3DOFMidcourse(b *testing.B) { benchmarkStep3(b, 1e3) }
