package weapon

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/integrate/quad"
)

// testProfiles cover a cold launch with a long coast, a hot launch, a motor
// whose speed falls during the "boost" (a sustainer slower than the
// booster), and the 48N6E2 public figure "1,900 m/s in 12 s"
// (public-figures.yaml, s400_triumf.missiles.48N6E2.speed; FAS) with an
// assumed coast constant.
var testProfiles = []struct {
	name string
	p    Profile
}{
	{"48N6E2-like", Profile{LaunchSpeed: 30, BurnoutSpeed: 1900, BoostTime: 12, CoastTimeConstant: 60}},
	{"hot launch", Profile{LaunchSpeed: 300, BurnoutSpeed: 1200, BoostTime: 4, CoastTimeConstant: 25}},
	{"falling boost", Profile{LaunchSpeed: 900, BurnoutSpeed: 700, BoostTime: 10, CoastTimeConstant: 200}},
	{"constant", Profile{LaunchSpeed: 1000, BurnoutSpeed: 1000, BoostTime: 30, CoastTimeConstant: 1e6}},
}

// Check (e): Distance and TimeToFly are inverse functions.
func TestProfileInverse(t *testing.T) {
	for _, tc := range testProfiles {
		t.Run(tc.name, func(t *testing.T) {
			for _, tt := range []float64{0, 1e-6, 0.3, 1, tc.p.BoostTime - 1e-9, tc.p.BoostTime, tc.p.BoostTime + 1e-9, 17, 60, 250, 1000} {
				s := tc.p.Distance(tt)
				got, ok := tc.p.TimeToFly(s)
				if !ok {
					t.Fatalf("TimeToFly(%g) not ok", s)
				}
				if math.Abs(got-tt) > 1e-9*math.Max(1, tt) {
					t.Errorf("TimeToFly(Distance(%g)) = %.15g", tt, got)
				}
			}
			for _, s := range []float64{0, 1, 100, 5e3, 5e4, 2e5, 4e5} {
				tt, _ := tc.p.TimeToFly(s)
				if got := tc.p.Distance(tt); math.Abs(got-s) > 1e-9*math.Max(1, s) {
					t.Errorf("Distance(TimeToFly(%g)) = %.15g", s, got)
				}
			}
			if _, ok := tc.p.TimeToFly(-1); ok {
				t.Error("TimeToFly(-1) ok")
			}
			if _, ok := tc.p.TimeToFly(math.NaN()); ok {
				t.Error("TimeToFly(NaN) ok")
			}
		})
	}
}

// Check (e): Distance is the integral of Speed, by Gauss-Legendre quadrature
// (gonum) on each phase separately, since the speed has a kink at burnout.
func TestProfileDistanceIsIntegralOfSpeed(t *testing.T) {
	for _, tc := range testProfiles {
		t.Run(tc.name, func(t *testing.T) {
			tb := tc.p.BoostTime
			for _, tt := range []float64{0.5, tb / 2, tb, tb + 3, 100, 400} {
				var s float64
				if tt <= tb {
					s = quad.Fixed(tc.p.Speed, 0, tt, 20, quad.Legendre{}, 0)
				} else {
					s = quad.Fixed(tc.p.Speed, 0, tb, 20, quad.Legendre{}, 0) +
						quad.Fixed(tc.p.Speed, tb, tt, 200, quad.Legendre{}, 0)
				}
				if got := tc.p.Distance(tt); math.Abs(got-s) > 1e-7*s {
					t.Errorf("Distance(%g) = %.10g, quadrature %.10g", tt, got, s)
				}
			}
		})
	}
}

// The coast speed solves dv/dt = -v²/(Vb τ): integrate that ODE by RK4 from
// burnout and compare with the closed form.
func TestProfileCoastSolvesDragODE(t *testing.T) {
	p := testProfiles[0].p
	k := 1 / (p.BurnoutSpeed * p.CoastTimeConstant)
	f := func(v float64) float64 { return -k * v * v }
	v, h := p.BurnoutSpeed, 1e-3
	for n := 1; n <= 200000; n++ {
		k1 := f(v)
		k2 := f(v + h/2*k1)
		k3 := f(v + h/2*k2)
		k4 := f(v + h*k3)
		v += h / 6 * (k1 + 2*k2 + 2*k3 + k4)
		if n%20000 == 0 {
			tt := p.BoostTime + float64(n)*h
			if got := p.Speed(tt); math.Abs(got-v) > 1e-9*v {
				t.Errorf("Speed(%g) = %.12g, ODE %.12g", tt, got, v)
			}
		}
	}
	// The coast constant is the time for the speed to halve.
	if got := p.Speed(p.BoostTime + p.CoastTimeConstant); got != p.BurnoutSpeed/2 {
		t.Errorf("speed one τ after burnout = %g, want %g", got, p.BurnoutSpeed/2)
	}
}

func TestProfileValidate(t *testing.T) {
	good := testProfiles[0].p
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		mod  func(*Profile)
	}{
		{"negative launch speed", func(p *Profile) { p.LaunchSpeed = -1 }},
		{"NaN burnout", func(p *Profile) { p.BurnoutSpeed = math.NaN() }},
		{"negative boost", func(p *Profile) { p.BoostTime = -1 }},
		{"infinite tau", func(p *Profile) { p.CoastTimeConstant = math.Inf(1) }},
	} {
		p := good
		tc.mod(&p)
		if p.Validate() == nil {
			t.Errorf("%s: Validate() = nil", tc.name)
		}
	}
}

// FuzzProfileInverse throws arbitrary profiles and times at the closed
// forms: whenever the profile validates, TimeToFly must invert Distance.
func FuzzProfileInverse(f *testing.F) {
	f.Add(30.0, 1900.0, 12.0, 60.0, 40.0)
	f.Add(900.0, 700.0, 10.0, 200.0, 3.0)
	f.Add(1e-3, 1e4, 1e-3, 1e5, 1e4)
	f.Fuzz(func(t *testing.T, v0, vb, tb, tau, tt float64) {
		p := Profile{LaunchSpeed: v0, BurnoutSpeed: vb, BoostTime: tb, CoastTimeConstant: tau}
		if p.Validate() != nil || !(tt >= 0) || tt > 1e6 || v0 > 1e5 || vb > 1e5 || tb > 1e5 || tau > 1e7 {
			return
		}
		s := p.Distance(tt)
		got, ok := p.TimeToFly(s)
		if !ok || math.IsNaN(got) {
			t.Fatalf("%+v: TimeToFly(Distance(%g) = %g) = %g, %v", p, tt, s, got, ok)
		}
		// Compare in distance: where the speed is tiny, time is ill-conditioned.
		if back := p.Distance(got); math.Abs(back-s) > 1e-9*math.Max(s, 1) {
			t.Fatalf("%+v: Distance(TimeToFly(%g)) = %g", p, s, back)
		}
	})
}
