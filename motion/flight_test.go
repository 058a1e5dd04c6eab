package motion

import (
	"math"
	"testing"

	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// azimuthOf is the azimuth of an ECEF velocity at ECEF position pos.
func azimuthOf(pos, vel r3.Vec) float64 {
	d := geo.NewFrame(geo.FromECEF(pos)).RotateToENU(vel)
	return math.Atan2(d.X, d.Y)
}

// ground is the point on the ellipsoid under pos: a Flight's turn radius
// and speed are measured there.
func ground(pos r3.Vec) r3.Vec {
	p := geo.FromECEF(pos)
	p.Alt = 0
	return p.ECEF()
}

// fighterLeg is a fighter at 270 m/s, 8 km up at 45° N, flying north to a
// waypoint and then to one 60 km east of it: a right turn of about 90°.
func fighterLeg(t *testing.T, accel float64) *Flight {
	t.Helper()
	wp1 := geo.Deg(45, 10, 8000)
	wps := []Waypoint{
		{At: geo.Deg(44.8, 10, 8000), Speed: 270},
		{At: wp1, Speed: 270},
		{At: geo.Deg(45, 10.76, 8000), Speed: 270},
		{At: geo.Deg(44.7, 10.9, 2000), Speed: 1},
	}
	f, err := NewFlight(0, wps, accel)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestTurnAccelLoadFactor(t *testing.T) {
	tests := []struct{ n, want float64 }{
		{1, 0},
		{0.5, 0},
		{math.Sqrt2, StandardGravity},       // 45° bank
		{2, StandardGravity * math.Sqrt(3)}, // 60° bank
		{9, StandardGravity * math.Sqrt(80)},
	}
	for _, tt := range tests {
		if got := TurnAccel(tt.n); math.Abs(got-tt.want) > 1e-12*max(1, tt.want) {
			t.Errorf("TurnAccel(%g) = %.15g, want %.15g", tt.n, got, tt.want)
		}
		if tt.n >= 1 {
			if got := LoadFactor(TurnAccel(tt.n)); math.Abs(got-tt.n) > 1e-12 {
				t.Errorf("LoadFactor(TurnAccel(%g)) = %.15g", tt.n, got)
			}
		}
	}
}

// TestFlightWithoutTurnsIsRoute: with no turn limit a Flight is a Route.
func TestFlightWithoutTurnsIsRoute(t *testing.T) {
	r, wps := testRoute(t)
	f, err := NewFlight(r.Start(), wps, 0)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(f.End()-r.End()) > 1e-9 {
		t.Fatalf("End %v, Route's %v", f.End(), r.End())
	}
	for k := 0; k <= 1000; k++ {
		tt := r.Start() + (r.End()-r.Start())*float64(k)/1000
		p1, v1, _ := r.State(tt)
		p2, v2, ok := f.State(tt)
		if !ok {
			t.Fatalf("t=%v: not ok", tt)
		}
		if d := r3.Norm(r3.Sub(p1, p2)); d > 1e-6 {
			t.Errorf("t=%v: %.3g m from the Route", tt, d)
		}
		if d := r3.Norm(r3.Sub(v1, v2)); d > 1e-9 {
			t.Errorf("t=%v: velocity %.3g m/s from the Route's", tt, d)
		}
	}
}

// TestFlightTurnCircle checks the waypoint turn against the closed forms
// of a level coordinated turn at load factor 9 and 270 m/s: radius
// R = v²/(g√(n²−1)) = 831.1 m, rate ω = g√(n²−1)/v = 0.3249 rad/s. Every
// point of the turn lies R from the centre, a radius to the right of the
// waypoint, and the heading turns at ω.
func TestFlightTurnCircle(t *testing.T) {
	const n, v = 9.0, 270.0
	a := TurnAccel(n)
	R, omega := v*v/(StandardGravity*math.Sqrt(n*n-1)), StandardGravity*math.Sqrt(n*n-1)/v
	if math.Abs(R-831.1) > 0.1 || math.Abs(omega-0.3249) > 1e-4 {
		t.Fatalf("closed forms R %.2f m, ω %.5f rad/s", R, omega)
	}
	f := fighterLeg(t, a)
	var turn *segment
	for k := range f.segs {
		if f.segs[k].rate != 0 {
			turn = &f.segs[k]
			break
		}
	}
	if turn == nil {
		t.Fatal("no turn")
	}
	if math.Abs(turn.radius-R) > 1e-9*R || math.Abs(turn.rate-omega) > 1e-12 {
		t.Errorf("turn radius %.4f m rate %.6f rad/s, want %.4f, %.6f (right)", turn.radius, turn.rate, R, omega)
	}
	// The turn of a right-hand turn from north is about 90° plus the
	// tangent correction asin(R/D).
	if got := (turn.t1 - turn.t0) * omega; got < math.Pi/2 || got > math.Pi/2+0.05 {
		t.Errorf("turned %.4f rad, want a little over π/2", got)
	}
	fr := geo.NewFrame(geo.Deg(45, 10, 0))
	centre := r3.Vec{X: R}
	for k := 0; k <= 20; k++ {
		tt := turn.t0 + (turn.t1-turn.t0)*float64(k)/20
		pos, vel, _ := f.State(tt)
		e := fr.ToENU(ground(pos))
		if d := math.Hypot(e.X-centre.X, e.Y-centre.Y); math.Abs(d-R) > 0.05 {
			t.Errorf("t=%.2f: %.3f m from the centre, want R = %.3f", tt, d, R)
		}
		// The heading at time τ into the turn is ω·τ.
		want := omega * (tt - turn.t0)
		if got := azimuthOf(pos, vel); math.Abs(math.Remainder(got-want, 2*math.Pi)) > 2e-4 {
			t.Errorf("t=%.2f: heading %.5f rad, want ωτ = %.5f", tt, got, want)
		}
	}
}

// TestFlightJoinsAreContinuous: position and velocity do not jump where
// one segment meets the next, and each leg lands exactly on its waypoint.
func TestFlightJoinsAreContinuous(t *testing.T) {
	for _, c := range []struct {
		name string
		f    *Flight
	}{
		{"fighter 9 g", fighterLeg(t, TurnAccel(9))},
		{"fighter 2 g", fighterLeg(t, TurnAccel(2))},
		{"dateline", func() *Flight {
			_, wps := testRoute(t)
			f, err := NewFlight(100, wps, 2*StandardGravity)
			if err != nil {
				t.Fatal(err)
			}
			return f
		}()},
	} {
		checkContinuous(t, c.name, c.f)
		for _, sg := range c.f.segs {
			if !sg.lands {
				continue
			}
			pos, _, _ := c.f.State(sg.t1)
			if d := r3.Norm(r3.Sub(pos, c.f.wps[sg.to].At.ECEF())); d > 1e-6 {
				t.Errorf("%s: leg to waypoint %d ends %.3g m from it", c.name, sg.to, d)
			}
		}
		last := c.f.wps[len(c.f.wps)-1].At.ECEF()
		if pos, _, _ := c.f.State(c.f.End()); r3.Norm(r3.Sub(pos, last)) > 1e-6 {
			t.Errorf("%s: ends away from the last waypoint", c.name)
		}
	}
}

// checkContinuous compares the state just before and just after every
// join, and bounds the heading rate between them by the turn's.
func checkContinuous(t *testing.T, name string, f *Flight) {
	t.Helper()
	const h = 1e-6
	for k := 1; k < len(f.segs); k++ {
		tj := f.segs[k].t0
		if tj <= f.start+h || tj >= f.end-h {
			continue
		}
		p0, v0, _ := f.State(tj - h)
		p1, v1, _ := f.State(tj + h)
		if d := r3.Norm(r3.Sub(p1, p0)); d > h*(r3.Norm(v0)+r3.Norm(v1))+1e-6 {
			t.Errorf("%s: join %d at %.3f s: position jumps %.3g m", name, k, tj, d)
		}
		// Only the speed and the climb may change at a waypoint; the
		// heading not.
		if d := math.Remainder(azimuthOf(p1, v1)-azimuthOf(p0, v0), 2*math.Pi); math.Abs(d) > 1e-6 {
			t.Errorf("%s: join %d at %.3f s: heading jumps by %.3g rad", name, k, tj, d)
		}
	}
	// The heading never turns faster than the fastest turn.
	rate := 0.0
	for _, sg := range f.segs {
		rate = max(rate, math.Abs(sg.rate))
	}
	const dt = 0.05
	for tt := f.start; tt+dt <= f.end; tt += dt {
		p0, v0, _ := f.State(tt)
		p1, v1, _ := f.State(tt + dt)
		got := math.Abs(math.Remainder(azimuthOf(p1, v1)-azimuthOf(p0, v0), 2*math.Pi)) / dt
		// The meridians converge: a geodesic's azimuth drifts by up to
		// v·tan(lat)/R_earth, some 1e-4 rad/s here.
		if got > rate*(1+1e-6)+2e-4 {
			t.Errorf("%s: t=%.2f: heading turns at %.4g rad/s, above the limit %.4g", name, tt, got, rate)
			return
		}
	}
}

// TestFlightTurnDelay: flying over a waypoint and then turning onto the
// direct course to a far waypoint lengthens the path by (π/2 − 1)R for a
// 90° turn and by πR for a reversal, to first order in R/D.
func TestFlightTurnDelay(t *testing.T) {
	const v = 245.0
	a := 2 * StandardGravity
	R := v * v / a
	for _, c := range []struct {
		name  string
		third geo.LLA
		extra float64
	}{
		{"90°", geo.Deg(45, 12, 0), (math.Pi/2 - 1) * R},
		{"reversal", geo.Deg(43, 10.0001, 0), math.Pi * R},
	} {
		wps := []Waypoint{{At: geo.Deg(44.5, 10, 0), Speed: v}, {At: geo.Deg(45, 10, 0), Speed: v}, {At: c.third, Speed: v}}
		r, _ := NewRoute(0, wps)
		f, err := NewFlight(0, wps, a)
		if err != nil {
			t.Fatal(err)
		}
		got := (f.End() - r.End()) * v
		if math.Abs(got-c.extra) > 0.03*c.extra {
			t.Errorf("%s: path %.1f m longer than the Route's, want about %.1f m", c.name, got, c.extra)
		}
		checkContinuous(t, c.name, f)
	}
}

// TestFlightInsideTurnCircle: a waypoint just to the right, inside the
// circle of a right turn, is reached by turning left, the long way round.
// (No waypoint lies inside both circles: they touch only at the body.)
func TestFlightInsideTurnCircle(t *testing.T) {
	wps := []Waypoint{
		{At: geo.Deg(44.9, 10, 0), Speed: 250},
		{At: geo.Deg(45, 10, 0), Speed: 250},
		{At: geo.Deg(45, 10.005, 0), Speed: 250}, // 390 m east
		{At: geo.Deg(45.2, 10.005, 0), Speed: 250},
	}
	f, err := NewFlight(0, wps, 2*StandardGravity) // R = 3.2 km
	if err != nil {
		t.Fatal(err)
	}
	turned := 0.0
	for _, sg := range f.segs {
		if sg.to == 2 {
			turned += sg.rate * (sg.t1 - sg.t0)
		}
	}
	if !(turned < -math.Pi) {
		t.Errorf("turned %.3f rad towards the waypoint inside the right circle; want a left turn of over π", turned)
	}
	if pos, _, _ := f.State(f.End()); r3.Norm(r3.Sub(pos, wps[3].At.ECEF())) > 1e-6 {
		t.Error("does not end on the last waypoint")
	}
	checkContinuous(t, "inside", f)
}

// TestFlightBreak: the break turns at its rate onto the beam of the
// threat, holds it, and rejoins the route; the quarter circle of a 90°
// break displaces the body R forward and R to the side.
func TestFlightBreak(t *testing.T) {
	const v = 270.0
	a := TurnAccel(9)
	R, omega := v*v/a, a/v
	f := fighterLeg(t, a)
	end0 := f.End()
	tb := 20.0 // on the first leg, flying north
	p0, v0, _ := f.State(tb)
	// The launcher straight ahead: either beam is a 90° turn.
	ahead := geo.FromECEF(r3.Add(p0, r3.Scale(200, v0)))
	if !f.Break(Break{At: tb, Threat: ahead.ECEF(), Accel: a, Hold: 15}) {
		t.Fatal("break refused")
	}
	quarter := math.Pi / 2 / omega
	p1, v1, _ := f.State(tb + quarter)
	fr := geo.NewFrame(geo.FromECEF(ground(p0)))
	d := fr.ToENU(ground(p1))
	fwd := r3.Unit(fr.RotateToENU(v0))
	along := d.X*fwd.X + d.Y*fwd.Y
	side := math.Abs(d.X*fwd.Y - d.Y*fwd.X)
	if math.Abs(along-R) > 0.5 || math.Abs(side-R) > 0.5 {
		t.Errorf("after a 90° break: %.2f m forward, %.2f m aside; want R = %.2f both", along, side, R)
	}
	if cos := r3.Dot(r3.Unit(v0), r3.Unit(v1)); math.Abs(cos) > 1e-3 {
		t.Errorf("after %.3f s the heading is not square to the old one (cos %.4f)", quarter, cos)
	}
	// Held on the beam, level.
	p2, v2, _ := f.State(tb + 14)
	if cos := r3.Dot(r3.Unit(v1), r3.Unit(v2)); cos < 1-1e-6 {
		t.Errorf("beam heading not held: cos %.8f", cos)
	}
	if h1, h2 := geo.FromECEF(p1).Alt, geo.FromECEF(p2).Alt; math.Abs(h2-h1) > 1e-6 {
		t.Errorf("height changed on the beam: %.3f to %.3f m", h1, h2)
	}
	if !(f.End() > end0) {
		t.Errorf("End %.2f not later than before the break (%.2f)", f.End(), end0)
	}
	checkContinuous(t, "break", f)
	if pos, _, _ := f.State(f.End()); r3.Norm(r3.Sub(pos, f.wps[len(f.wps)-1].At.ECEF())) > 1e-6 {
		t.Error("does not end on the last waypoint after the break")
	}
	// A second break, on the beam already, does not fail and keeps the
	// path continuous.
	if !f.Break(Break{At: tb + 10, Threat: ahead.ECEF(), Accel: a, Hold: 5}) {
		t.Fatal("second break refused")
	}
	checkContinuous(t, "second break", f)
	if f.Break(Break{At: f.End() + 1, Threat: ahead.ECEF(), Accel: a}) {
		t.Error("break after the end accepted")
	}
}

// TestFlightDeterministic: the same flight and break give the same bytes.
func TestFlightDeterministic(t *testing.T) {
	run := func() []r3.Vec {
		f := fighterLeg(t, TurnAccel(6))
		f.Break(Break{At: 30, Threat: geo.Deg(45.5, 10.3, 0).ECEF(), Accel: TurnAccel(9), Hold: 10})
		var out []r3.Vec
		for tt := 0.0; tt <= f.End(); tt += 0.7 {
			p, v, _ := f.State(tt)
			out = append(out, p, v)
		}
		return out
	}
	a, b := run(), run()
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("sample %d differs: %v vs %v", i, a[i], b[i])
		}
	}
}
