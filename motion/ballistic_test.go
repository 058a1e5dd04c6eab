package motion

import (
	"math"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// Closed forms for an unpowered flight in vacuum over a non-rotating
// spherical earth (a Kepler ellipse), from burnout at radius r back to
// radius r over range angle θ = 2φ, burnout speed v, elevation (flight-path
// angle) γ, ν = v² r / GM. Bate, Mueller & White, Fundamentals of
// Astrodynamics (Dover 1971), sec. 6.2, the free-flight range equation:
//
//	ν = sin φ / (cos γ sin(γ + φ))                  speed for (θ, γ)
//	ν_min = 2 sin φ / (1 + sin φ), γ = π/4 - θ/4    minimum energy
//
// and the conic itself: p = r ν cos²γ, e² = 1 + ν(ν-2)cos²γ, apogee radius
// p/(1-e), a = r/(2-ν); launch at true anomaly π - φ, so the flight time is
// twice the time from there to apoapsis by Kepler's equation.
func keplerNu(theta, gamma float64) float64 {
	phi := theta / 2
	return math.Sin(phi) / (math.Cos(gamma) * math.Sin(gamma+phi))
}

func keplerMinEnergySpeed(r, theta float64) float64 {
	s := math.Sin(theta / 2)
	return math.Sqrt(geo.GM / r * 2 * s / (1 + s))
}

func keplerFlight(r, theta, gamma float64) (apogeeRadius, tof float64) {
	nu := keplerNu(theta, gamma)
	c2 := math.Cos(gamma) * math.Cos(gamma)
	e := math.Sqrt(1 + nu*(nu-2)*c2)
	p := r * nu * c2
	a := r / (2 - nu)
	f := math.Pi - theta/2
	// Eccentric anomaly from the true anomaly, in the right half-turn.
	E := math.Atan2(math.Sqrt(1-e*e)*math.Sin(f), e+math.Cos(f))
	M := E - e*math.Sin(E)
	return p / (1 - e), 2 * (math.Pi - M) * math.Sqrt(a*a*a/geo.GM)
}

// equatorPair gives a launch at (0°, 20°) and an impact range metres east
// along the equator of the sphere.
func equatorPair(rng float64) (geo.LLA, geo.LLA) {
	l := geo.Deg(0, 20, 0)
	return l, geo.LLA{Lon: l.Lon + rng/SphereRadius}
}

// burnoutElevation is the angle of the burnout velocity above the local
// horizontal (the sphere's, in the spherical model).
func burnoutElevation(b *Ballistic) float64 {
	pos, vel, _ := b.State(b.Start())
	return math.Asin(r3.Dot(r3.Unit(pos), vel) / r3.Norm(vel))
}

// TestMinimumEnergyBurnoutSpeed checks the minimum-energy burnout speed on
// the spherical, non-rotating earth against the closed form above and
// against public-figures.yaml threats.ballistic.physics_burnout_speed_m_s
// (rounded to 1 m/s there).
func TestMinimumEnergyBurnoutSpeed(t *testing.T) {
	cases := []struct{ rangeKm, published float64 }{
		{150, 1207}, {300, 1696}, {500, 2173}, {1000, 3016}, {2000, 4113},
	}
	for _, c := range cases {
		l, im := equatorPair(c.rangeKm * 1e3)
		b, err := NewBallistic(0, l, im, BallisticOptions{Spherical: true})
		if err != nil {
			t.Fatal(err)
		}
		theta := c.rangeKm * 1e3 / SphereRadius
		want := keplerMinEnergySpeed(SphereRadius, theta)
		if d := b.BurnoutSpeed() - want; math.Abs(d) > 0.01 {
			t.Errorf("%v km: burnout speed %.4f m/s, closed form %.4f", c.rangeKm, b.BurnoutSpeed(), want)
		}
		if d := b.BurnoutSpeed() - c.published; math.Abs(d) > 0.5 {
			t.Errorf("%v km: burnout speed %.2f m/s, public figure %v", c.rangeKm, b.BurnoutSpeed(), c.published)
		}
		if g, want := burnoutElevation(b), math.Pi/4-theta/4; math.Abs(g-want) > 1e-3 {
			t.Errorf("%v km: burnout elevation %.4f°, minimum energy %.4f°", c.rangeKm, g/degree, want/degree)
		}
	}
}

// TestKeplerFlight checks flight time, apogee and burnout speed on the
// sphere against the Kepler ellipse through the model's own burnout
// elevation, for the minimum-energy, lofted, depressed and timed cases.
func TestKeplerFlight(t *testing.T) {
	const rng = 300e3
	theta := rng / SphereRadius
	cases := []struct {
		name string
		o    BallisticOptions
	}{
		{"minimum energy", BallisticOptions{}},
		{"lofted", BallisticOptions{ApogeeHeight: 160e3}},
		{"depressed", BallisticOptions{ApogeeHeight: 40e3}},
		{"timed", BallisticOptions{FlightTime: 320}},
	}
	for _, c := range cases {
		c.o.Spherical = true
		l, im := equatorPair(rng)
		b, err := NewBallistic(0, l, im, c.o)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		g := burnoutElevation(b)
		v := math.Sqrt(keplerNu(theta, g) * geo.GM / SphereRadius)
		ra, tof := keplerFlight(SphereRadius, theta, g)
		if math.Abs(b.BurnoutSpeed()-v) > 0.01 {
			t.Errorf("%s: burnout speed %.4f, Kepler %.4f", c.name, b.BurnoutSpeed(), v)
		}
		if math.Abs(b.FlightTime()-tof) > 0.01 {
			t.Errorf("%s: flight time %.4f s, Kepler %.4f", c.name, b.FlightTime(), tof)
		}
		if math.Abs(b.Apogee()-(ra-SphereRadius)) > 1 {
			t.Errorf("%s: apogee %.2f m, Kepler %.2f", c.name, b.Apogee(), ra-SphereRadius)
		}
		if c.o.ApogeeHeight > 0 && math.Abs(b.Apogee()-c.o.ApogeeHeight) > 0.1 {
			t.Errorf("%s: apogee %.3f m, asked %v", c.name, b.Apogee(), c.o.ApogeeHeight)
		}
		if c.o.FlightTime > 0 && math.Abs(b.FlightTime()-c.o.FlightTime) > 1e-3 {
			t.Errorf("%s: flight time %.6f s, asked %v", c.name, b.FlightTime(), c.o.FlightTime)
		}
	}
}

// wgs84Cases are flights over the rotating WGS-84 earth.
func wgs84Cases() []struct {
	name           string
	launch, impact geo.LLA
	o              BallisticOptions
} {
	return []struct {
		name           string
		launch, impact geo.LLA
		o              BallisticOptions
	}{
		{"300 km east", geo.Deg(44.0, 40.0, 200), geo.Deg(44.1, 43.75, 50), BallisticOptions{}},
		{"1000 km north-west, point mass", geo.Deg(35.0, 50.0, 1000), geo.Deg(42.0, 43.0, 0), BallisticOptions{NoJ2: true}},
		{"across the dateline, south", geo.Deg(-10, 179.5, 0), geo.Deg(-18, -178.0, 300), BallisticOptions{}},
		{"lofted 500 km", geo.Deg(55.0, 37.0, 150), geo.Deg(54.0, 30.0, 150), BallisticOptions{ApogeeHeight: 600e3}},
		{"timed", geo.Deg(55.0, 37.0, 150), geo.Deg(54.0, 30.0, 150), BallisticOptions{FlightTime: 380}},
		{"drag, exponential", geo.Deg(32.0, 51.0, 50e3), geo.Deg(32.5, 47.0, 20), BallisticOptions{BallisticCoeff: 3000}},
		{"drag, ISA", geo.Deg(32.0, 51.0, 50e3), geo.Deg(32.5, 47.0, 20), BallisticOptions{BallisticCoeff: 3000, Atmosphere: ISA1976, Step: 0.25}},
		{"near the pole", geo.Deg(88.0, 0, 0), geo.Deg(87.0, 150.0, 0), BallisticOptions{}},
	}
}

// TestImpactWGS84 checks that the rotating-earth flight leaves from the
// launch point and lands within 1 m of the aim point.
func TestImpactWGS84(t *testing.T) {
	for _, c := range wgs84Cases() {
		b, err := NewBallistic(10, c.launch, c.impact, c.o)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		p0, _, ok := b.State(b.Start())
		if !ok || r3.Norm(r3.Sub(p0, c.launch.ECEF())) > 1e-6 {
			t.Errorf("%s: starts %.3g m from the launch point", c.name, r3.Norm(r3.Sub(p0, c.launch.ECEF())))
		}
		pe, _, ok := b.State(b.End())
		if !ok {
			t.Fatalf("%s: State(End()) not ok", c.name)
		}
		hit := geo.FromECEF(pe)
		miss, _, _ := geo.Inverse(hit, c.impact)
		if miss > 1 || math.Abs(hit.Alt-c.impact.Alt) > 1 {
			t.Errorf("%s: lands %.3f m from the aim point, %.3f m above it", c.name, miss, hit.Alt-c.impact.Alt)
		}
		if c.o.ApogeeHeight > 0 && math.Abs(b.Apogee()-c.o.ApogeeHeight) > 0.1 {
			t.Errorf("%s: apogee %.3f m, asked %v", c.name, b.Apogee(), c.o.ApogeeHeight)
		}
		if c.o.FlightTime > 0 && math.Abs(b.FlightTime()-c.o.FlightTime) > 1e-3 {
			t.Errorf("%s: flight time %.6f, asked %v", c.name, b.FlightTime(), c.o.FlightTime)
		}
		if b.End() != b.Start()+b.FlightTime() {
			t.Errorf("%s: End %v != Start %v + FlightTime %v", c.name, b.End(), b.Start(), b.FlightTime())
		}
		t.Logf("%s: burnout %.1f m/s, flight %.1f s, apogee %.1f km, miss %.2g m", c.name, b.BurnoutSpeed(), b.FlightTime(), b.Apogee()/1e3, miss)
	}
}

// TestRotatingFrame integrates the same flight in an inertial frame, with
// a step ten times finer, and checks that rotating the end point back into
// the earth's frame finds the model's impact: a check on the signs of the
// Coriolis and centrifugal terms. (J2 is symmetric about the spin axis, so
// it is the same in both frames.)
func TestRotatingFrame(t *testing.T) {
	launch, impact := geo.Deg(30, 60, 0), geo.Deg(38, 48, 0)
	b, err := NewBallistic(0, launch, impact, BallisticOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r, v, _ := b.State(0)
	w := r3.Vec{Z: EarthRate}
	v = r3.Add(v, r3.Cross(w, r)) // inertial velocity at t = 0
	grav := func(r r3.Vec) r3.Vec {
		m := earthModel{j2: true}
		return m.accel(r, r3.Vec{})
	}
	n := int(math.Ceil(b.FlightTime() / 0.05))
	h := b.FlightTime() / float64(n)
	for range n {
		a1 := grav(r)
		a2 := grav(r3.Add(r, r3.Scale(h/2, v)))
		a3 := grav(r3.Add(r3.Add(r, r3.Scale(h/2, v)), r3.Scale(h*h/4, a1)))
		a4 := grav(r3.Add(r3.Add(r, r3.Scale(h, v)), r3.Scale(h*h/2, a2)))
		// RK4 for r'' = a(r) (Nyström form).
		r = r3.Add(r3.Add(r, r3.Scale(h, v)), r3.Scale(h*h/6, r3.Add(r3.Add(a1, a2), a3)))
		v = r3.Add(v, r3.Scale(h/6, r3.Add(r3.Add(a1, a4), r3.Scale(2, r3.Add(a2, a3)))))
	}
	s, c := math.Sincos(-EarthRate * b.FlightTime())
	end := r3.Vec{X: c*r.X - s*r.Y, Y: s*r.X + c*r.Y, Z: r.Z}
	pe, _, _ := b.State(b.End())
	d := r3.Norm(r3.Sub(end, pe))
	if d > 1 {
		t.Errorf("inertial integration lands %.3f m from the rotating-frame impact", d)
	}
	t.Logf("inertial and rotating-frame impacts %.3g m apart", d)
}

// TestBallisticVelocity compares State's velocity with the central
// difference of its position, and with the drag-free energy budget.
func TestBallisticVelocity(t *testing.T) {
	l, im := geo.Deg(44.0, 40.0, 0), geo.Deg(44.1, 43.75, 0)
	b, err := NewBallistic(5, l, im, BallisticOptions{})
	if err != nil {
		t.Fatal(err)
	}
	const h = 1e-3
	for k := 1; k < 100; k++ {
		tt := b.Start() + b.FlightTime()*float64(k)/100
		_, vel, _ := b.State(tt)
		p1, _, _ := b.State(tt - h)
		p2, _, _ := b.State(tt + h)
		fd := r3.Scale(1/(2*h), r3.Sub(p2, p1))
		if d := r3.Norm(r3.Sub(vel, fd)); d > 1e-4 {
			t.Errorf("t=%v: velocity %v, finite difference %v (%.3g m/s)", tt, vel, fd, d)
		}
	}
	for _, tt := range []float64{b.Start() - 1e-9, b.End() + 1e-9, math.NaN()} {
		if _, _, ok := b.State(tt); ok {
			t.Errorf("State(%v) ok outside [%v, %v]", tt, b.Start(), b.End())
		}
	}
	path := b.Path()
	if len(path) < 2 || len(path) > 402 {
		t.Errorf("Path has %d points", len(path))
	}
	if d := r3.Norm(r3.Sub(path[0].ECEF(), l.ECEF())); d > 1e-6 {
		t.Errorf("Path starts %.3g m from the launch point", d)
	}
}

func TestBallisticDeterministic(t *testing.T) {
	c := wgs84Cases()[0]
	b1, err1 := NewBallistic(0, c.launch, c.impact, c.o)
	b2, err2 := NewBallistic(0, c.launch, c.impact, c.o)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	for k := range 50 {
		tt := b1.FlightTime() * float64(k) / 49
		p1, v1, _ := b1.State(tt)
		p2, v2, _ := b2.State(tt)
		if p1 != p2 || v1 != v2 {
			t.Fatalf("t=%v: two builds differ", tt)
		}
	}
}

func TestNewBallisticErrors(t *testing.T) {
	a, b := geo.Deg(44, 40, 0), geo.Deg(44.1, 43.75, 0)
	cases := []struct {
		name  string
		start float64
		l, i  geo.LLA
		o     BallisticOptions
		want  string
	}{
		{"coincident", 0, a, geo.Deg(44, 40, 500), BallisticOptions{}, "coincide"},
		{"both lofts", 0, a, b, BallisticOptions{ApogeeHeight: 1e5, FlightTime: 300}, "at most one"},
		{"negative beta", 0, a, b, BallisticOptions{BallisticCoeff: -1}, "BallisticCoeff"},
		{"NaN apogee", 0, a, b, BallisticOptions{ApogeeHeight: math.NaN()}, "ApogeeHeight"},
		{"huge step", 0, a, b, BallisticOptions{Step: 60}, "Step"},
		{"atmosphere", 0, a, b, BallisticOptions{Atmosphere: 7}, "atmosphere"},
		{"bad launch", 0, geo.LLA{Lat: math.NaN()}, b, BallisticOptions{}, "launch"},
		{"bad impact", 0, a, geo.LLA{Alt: math.Inf(1)}, BallisticOptions{}, "impact"},
		{"NaN start", math.NaN(), a, b, BallisticOptions{}, "start"},
		{"too quick", 0, a, b, BallisticOptions{FlightTime: 20}, "apogee or flight time"},
	}
	for _, c := range cases {
		_, err := NewBallistic(c.start, c.l, c.i, c.o)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one mentioning %q", c.name, err, c.want)
		}
	}
}

// TestISA1976 checks densities against the U.S. Standard Atmosphere, 1976
// (NOAA-S/T 76-1562), Table I, geometric altitude, as reprinted in
// engineering handbooks (kg/m³, five significant figures).
func TestISA1976(t *testing.T) {
	table := []struct{ h, rho float64 }{
		{0, 1.2250},
		{1000, 1.1117},
		{5000, 0.73643},
		{10000, 0.41351},
		{11000, 0.36480},
		{15000, 0.19476},
		{20000, 0.088910},
		{30000, 0.018410},
		{40000, 0.0039957},
		{50000, 0.0010269},
		{60000, 3.0968e-4},
		{70000, 8.2829e-5},
		{80000, 1.8458e-5},
	}
	for _, c := range table {
		got := ISA1976.Density(c.h)
		if math.Abs(got/c.rho-1) > 5e-4 {
			t.Errorf("ISA1976 density at %v m: %.5g, table %.5g", c.h, got, c.rho)
		}
	}
	// Continuous and falling all the way up and a little below sea level.
	prev := math.Inf(1)
	for h := -5000.0; h < 200e3; h += 10 {
		d := ISA1976.Density(h)
		if !(d < prev) || d <= 0 {
			t.Fatalf("ISA1976 density at %v m is %v after %v", h, d, prev)
		}
		prev = d
	}
	if d := Exponential.Density(7200); math.Abs(d-1.225/math.E) > 1e-12 {
		t.Errorf("exponential density at one scale height: %v", d)
	}
}

// TestSeparate: a booster separating from a 300 km missile at a 30 km
// burnout leaves with it and parts in the air. With the warhead's β it
// is the warhead's flight; with β = 500 kg/m² (a tumbling tank)
// against the warhead's 5000 it falls short and later, and the warhead,
// dense, still hits its aim point within the shooting's tolerance.
func TestSeparate(t *testing.T) {
	launch, aim := geo.Deg(42.0, -72.4, 30e3), geo.Deg(43.8925, -69.9386, 20)
	rv, err := NewBallistic(0, launch, aim, BallisticOptions{ApogeeHeight: 100e3, BallisticCoeff: 5000})
	if err != nil {
		t.Fatal(err)
	}
	same, err := rv.Separate(5000)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(same.End()-rv.End()) > 1e-9 {
		t.Errorf("same β: impact at %.6f s, the warhead's at %.6f s", same.End(), rv.End())
	}
	tank, err := rv.Separate(500)
	if err != nil {
		t.Fatal(err)
	}
	pr, _, _ := rv.State(rv.End())
	pt, _, _ := tank.State(tank.End())
	short, _, _ := geo.Inverse(geo.FromECEF(pt), aim)
	if d := r3.Norm(r3.Sub(pr, aim.ECEF())); d > 1 {
		t.Errorf("warhead lands %.2f m from its aim", d)
	}
	if !(short > 1000) || !(tank.End() > rv.End()) {
		t.Errorf("tank lands %.0f m short at %.1f s; the warhead at %.1f s: want it short and later", short, tank.End(), rv.End())
	}
	// They leave together: a second after burnout, at 30 km where the
	// air still slows the tank by 30 m/s², they are tens of metres apart.
	p1, _, _ := rv.State(1)
	p2, _, _ := tank.State(1)
	if d := r3.Norm(r3.Sub(p1, p2)); d > 50 {
		t.Errorf("apart by %.0f m a second after burnout", d)
	}
	t.Logf("tank %.1f km short, %.1f s after the warhead", short/1000, tank.End()-rv.End())
}

// TestExponentialTable: the exponential atmosphere's density by table is
// math.Exp's to 1e-14 everywhere, from where it is held below sea level
// to above the table, and exactly its value at every node.
func TestExponentialTable(t *testing.T) {
	worst := 0.0
	for h := -5000.0; h < 250e3; h += 0.731 {
		want := 1.225 * math.Exp(-h/7200)
		worst = max(worst, math.Abs(Exponential.Density(h)/want-1))
	}
	if worst > 1e-14 {
		t.Errorf("density off math.Exp's by %.2g, want within 1e-14", worst)
	}
	for i := range 100 {
		h := -5000 + float64(i)*2000
		if got, want := Exponential.Density(h), 1.225*math.Exp(-h/7200); got != want {
			t.Errorf("density at the node %g m: %v, math.Exp %v", h, got, want)
		}
	}
	if got, want := Exponential.Density(-6000), Exponential.Density(-5000); got != want {
		t.Errorf("density at -6 km %v, want the -5 km %v", got, want)
	}
	t.Logf("worst relative difference from math.Exp %.2g", worst)
}

func BenchmarkExponentialDensity(b *testing.B) {
	var sum float64
	for b.Loop() {
		for h := 0.0; h < 100e3; h += 1000.37 {
			sum += Exponential.Density(h)
		}
	}
	_ = sum
}

// TestShotAllocatesNothing: a trial trajectory of the shooting (made
// once a batch, a few thousand steps each) allocates nothing a step,
// with or without the dive's switches searched in each step.
func TestShotAllocatesNothing(t *testing.T) {
	launch, impact := geo.Deg(30, 50, 0), geo.Deg(31.5, 50.5, 0)
	for _, pull := range []*PullUp{nil, {Height: 30e3, LiftToDrag: 1.5, MaxLoad: 20 * 9.80665, DiveRange: 15e3, DiveAngle: 0.5}} {
		s := newShooter(launch, impact, BallisticOptions{Step: 0.5, PullUp: pull})
		if _, err := s.fly(1800, 0.7, s.psi0, nil); err != nil {
			t.Fatalf("pull-up %v: trial shot: %v", pull != nil, err)
		}
		if n := testing.AllocsPerRun(3, func() { s.fly(1800, 0.7, s.psi0, nil) }); n != 0 {
			t.Errorf("pull-up %v: %g allocations a trial shot, want 0", pull != nil, n)
		}
	}
}
