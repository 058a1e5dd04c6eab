package motion

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/geo"
)

// TestDivePolarIntegration flies a pull-up with a terminal dive through
// the ECEF model and through the planar entry equations in polar form
// (as TestPullUpPolarIntegration; Vinh, Busemann and Culp 1980, ch. 2),
// in which the dive is the lift's sign: v dγ/dt = -L - (g - v²/r) cos γ
// from where the gliding body comes within 30 km of an aim point 90 km
// downrange until γ reaches -DiveAngle, then L = 0. Both must agree on where and when the body
// falls, to 0.05%, and on the impact angle, to 0.1° (the last step overshoots the ground
// by up to 0.05 s, over which the push-over turns the path by 0.1°).
func TestDivePolarIntegration(t *testing.T) {
	const (
		beta, ld, maxLoad = 5000.0, 1.5, 30.0
		h0, v0, g0        = 40e3, 2000.0, -25 * math.Pi / 180
	)
	const aimAt = 90e3 / SphereRadius // rad downrange
	for _, dive := range []float64{30, 60} {
		pull := &PullUp{Height: 35e3, LiftToDrag: ld, MaxLoad: maxLoad, DiveRange: 30e3, DiveAngle: dive * math.Pi / 180}
		m := earthModel{spherical: true, beta: beta, atm: Exponential, pull: pull,
			aim: r3.Vec{X: SphereRadius * math.Cos(aimAt), Y: SphereRadius * math.Sin(aimAt)}}
		pos := r3.Vec{X: SphereRadius + h0}
		vel := r3.Vec{X: v0 * math.Sin(g0), Y: v0 * math.Cos(g0)}
		const dt = 0.05
		var tm float64
		phase, h, hPrev := phaseBallistic, h0, h0
		dived := false
		for r3.Norm(pos) > SphereRadius {
			phase = pull.next(phase, h, hPrev)
			st := newStep(&m, pos, vel, phase, dt)
			pos, vel = st.at(dt)
			phase = st.after
			dived = dived || phase >= phaseDive
			hPrev, h = h, r3.Norm(pos)-SphereRadius
			tm += dt
		}
		if !dived {
			t.Fatalf("dive %.0f°: the body never dived", dive)
		}
		gotRange := math.Atan2(pos.Y, pos.X) * SphereRadius
		gotAngle := -math.Asin(r3.Dot(r3.Unit(vel), r3.Unit(pos))) * 180 / math.Pi

		// The polar equations, with the pull-up at the same step
		// boundary and the dive's switches at the first substep past
		// them (a tenth of a step).
		sign := 0.0
		f := func(y [4]float64) [4]float64 {
			r, v, g := y[0], y[2], y[3]
			rho := expRho0 * math.Exp(-(r-SphereRadius)/expH)
			d := rho * v * v / (2 * beta)
			gr := geo.GM / (r * r)
			l := sign * min(ld*d, maxLoad)
			return [4]float64{v * math.Sin(g), v * math.Cos(g) / r, -d - gr*math.Sin(g), (l - (gr-v*v/r)*math.Cos(g)) / v}
		}
		y := [4]float64{SphereRadius + h0, 0, v0, g0}
		const hs = dt / 10
		var tp float64
		stage, yPrev := 0, y[0]
		for k := 0; y[0] > SphereRadius; k++ {
			if k%10 == 0 {
				if stage == 0 && y[0] < yPrev && y[0]-SphereRadius < pull.Height {
					stage, sign = 1, 1
				}
				yPrev = y[0]
			}
			switch {
			case stage == 1 && (aimAt-y[1])*SphereRadius <= pull.DiveRange:
				stage, sign = 2, -1
			case stage == 2 && y[3] <= -pull.DiveAngle:
				stage, sign = 3, 0
			}
			y = rk4Polar(f, y, hs)
			tp += hs
		}
		wantRange, wantAngle := y[1]*SphereRadius, -y[3]*180/math.Pi
		t.Logf("dive %.0f°: ECEF %.3f km in %.2f s at %.2f°; polar %.3f km in %.2f s at %.2f°", dive, gotRange/1e3, tm, gotAngle, wantRange/1e3, tp, wantAngle)
		if math.Abs(gotRange-wantRange) > 5e-4*wantRange || math.Abs(tm-tp) > 5e-4*tp+dt || math.Abs(gotAngle-wantAngle) > 0.1 {
			t.Errorf("dive %.0f°: ECEF %.3f km in %.2f s at %.2f°; polar %.3f km in %.2f s at %.2f°", dive, gotRange/1e3, tm, gotAngle, wantRange/1e3, tp, wantAngle)
		}
		if stage != 3 || gotAngle < dive {
			t.Errorf("dive %.0f°: impact %.2f° below the horizon, stage %d at impact; want the push-over done and the impact at least as steep", dive, gotAngle, stage)
		}
	}
}

// TestNewBallisticDive shoots the quasi-ballistic missile of
// battle/testdata/bmd-pullup.yaml (a depressed 300 km arc to 50 km from
// a 30 km burnout, β 5000 kg/m², pulling up below 30 km at L/D 1.5 up
// to 20 g) with a terminal dive from 15 km to 60° over the rotating
// WGS-84 earth, and checks it against closed forms:
//
//   - it lands on the aim point (within 1 cm: the shooting's tolerance
//     is 1 mm), the dive cutting the glide short;
//   - in the push-over the path's radius of curvature, measured from
//     three points of the flight's table, is v²/(L + (g - v²/r) cos γ)
//     with L = min((L/D)·ρv²/(2β), MaxLoad), within 1% (the earth's
//     rotation, left out of the closed form, bends the path by 2Ωv,
//     0.1 m/s² against tens);
//   - it strikes at least the dive angle below the horizon and, falling
//     without lift, steeper by no more than gravity can turn its path
//     from the end of the push-over: ∫ g cos γ / v dt.
func TestNewBallisticDive(t *testing.T) {
	launch, aim := geo.Deg(42.0, -72.4, 30e3), geo.Deg(43.8925, -69.9386, 20)
	const g0 = 9.80665
	pull := PullUp{Height: 30e3, LiftToDrag: 1.5, MaxLoad: 20 * g0}
	glide, err := NewBallistic(0, launch, aim, BallisticOptions{ApogeeHeight: 50e3, BallisticCoeff: 5000, PullUp: &pull})
	if err != nil {
		t.Fatal(err)
	}
	pull.DiveRange, pull.DiveAngle = 20e3, 45*math.Pi/180
	b, err := NewBallistic(0, launch, aim, BallisticOptions{ApogeeHeight: 50e3, BallisticCoeff: 5000, PullUp: &pull})
	if err != nil {
		t.Fatal(err)
	}
	end, vEnd, _ := b.State(b.End())
	if d := r3.Norm(r3.Sub(end, aim.ECEF())); d > 0.01 {
		t.Errorf("lands %.3f m from the aim point", d)
	}
	angle := func(p, v r3.Vec) float64 { return -math.Asin(r3.Dot(r3.Unit(v), r3.Unit(p))) }
	impact := angle(end, vEnd)
	// Walk the flight: the push-over is where the path steepens from
	// the glide 20 km from the aim point; the fall after it.
	atm := Exponential
	var checked int
	var worst, turnAfter float64
	pushing, fell, since := false, false, 0
	const dt = 0.5
	for at := b.Start() + dt; at < b.End()-dt; at += dt {
		p, v, _ := b.State(at)
		h := geo.FromECEF(p).Alt
		gam := angle(p, v)
		if d, _, _ := geo.Inverse(geo.FromECEF(p), aim); !pushing && !fell && d < pull.DiveRange {
			pushing = true
		}
		if pushing && gam >= pull.DiveAngle {
			pushing, fell = false, true
		}
		vn, rn := r3.Norm(v), r3.Norm(p)
		gr := geo.GM / (rn * rn)
		if fell {
			turnAfter += gr * math.Cos(gam) / vn * dt
			continue
		}
		if pushing {
			since++
		}
		// Leave out the samples whose three points straddle a switch:
		// the table's Hermite cubics smooth the step in the lift.
		if !pushing || since < 3 || gam > pull.DiveAngle-0.05 {
			continue
		}
		// The circle through three points of the table, 0.5 s apart.
		pa, _, _ := b.State(at - dt)
		pc, _, _ := b.State(at + dt)
		ab, bc, ca := r3.Norm(r3.Sub(p, pa)), r3.Norm(r3.Sub(pc, p)), r3.Norm(r3.Sub(pa, pc))
		area := r3.Norm(r3.Cross(r3.Sub(p, pa), r3.Sub(pc, pa))) / 2
		got := ab * bc * ca / (4 * area)
		l := min(pull.LiftToDrag*atm.Density(h)*vn*vn/(2*5000), pull.MaxLoad)
		want := vn * vn / (l + (gr-vn*vn/rn)*math.Cos(gam))
		worst = max(worst, math.Abs(got-want)/want)
		checked++
	}
	t.Logf("flight %.1f s (glide alone %.1f s), burnout %.0f m/s; %d push-over samples, worst radius error %.2f%%; impact %.2f° below the horizon, gravity turns the fall by up to %.2f°",
		b.FlightTime(), glide.FlightTime(), b.BurnoutSpeed(), checked, 100*worst, impact*180/math.Pi, turnAfter*180/math.Pi)
	if checked < 3 || worst > 0.01 {
		t.Errorf("%d push-over samples, radius of curvature off the closed form by up to %.2f%%", checked, 100*worst)
	}
	// The sum of gravity's turn starts at the first sample past the
	// push-over: a sample's turn, g/v·0.5 s, 0.01 rad, of slack.
	if impact < pull.DiveAngle || impact > pull.DiveAngle+turnAfter+0.01 {
		t.Errorf("impact %.2f° below the horizon; want from the dive's %.0f° to %.2f°", impact*180/math.Pi, pull.DiveAngle*180/math.Pi, (pull.DiveAngle+turnAfter)*180/math.Pi)
	}
	if _, err := NewBallistic(0, launch, aim, BallisticOptions{ApogeeHeight: 50e3, BallisticCoeff: 5000,
		PullUp: &PullUp{Height: 30e3, LiftToDrag: 1.5, DiveRange: 15e3, DiveAngle: 2}}); err == nil {
		t.Error("a dive steeper than vertical: no error")
	}
}
