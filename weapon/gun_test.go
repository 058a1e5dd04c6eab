package weapon

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
)

// gun30 is a 30 mm mount with the Pantsir-S1 catalogue's figures.
var gun30 = Gun{Name: "2A38M", Rate: 80, BurstTime: 1, Rounds: 1400, MuzzleVelocity: 960,
	DecayLength: DecayLengthOf(0.39, 0.030, 0.3, 1.225), MinRange: 200, MaxRange: 4000, MaxAltitude: 3000,
	Dispersion: 2e-3, PkHit: 0.3}

// TestGunTimeOfFlight: the closed form t(s) = (L/v0)(e^(s/L) - 1) against
// a step-by-step integration of dv/dt = -v²/L (the drag deceleration
// ρ Cd A v²/2m), and v(s) = v0 e^(-s/L) with it, within 0.1%.
func TestGunTimeOfFlight(t *testing.T) {
	g := gun30
	if math.Abs(g.DecayLength-2*0.39/(1.225*0.3*math.Pi*0.03*0.03/4)) > 1e-9 {
		t.Fatalf("decay length %g", g.DecayLength)
	}
	const dt = 1e-4
	var s, v, tm = 0.0, g.MuzzleVelocity, 0.0
	for _, at := range []float64{500, 1000, 2000, 4000} {
		for s < at {
			// Midpoint step of ds/dt = v, dv/dt = -v²/L.
			vm := v - v*v/g.DecayLength*dt/2
			s += vm * dt
			v -= vm * vm / g.DecayLength * dt
			tm += dt
		}
		if got := g.TimeOfFlight(s); math.Abs(got-tm) > 1e-3*tm {
			t.Errorf("time of flight to %.0f m: closed form %.4f s, integrated %.4f s", s, got, tm)
		}
		if got := g.SpeedAt(s); math.Abs(got-v) > 1e-3*v {
			t.Errorf("speed at %.0f m: closed form %.2f m/s, integrated %.2f", s, got, v)
		}
	}
}

// TestGunLead: the lead point lies where the target will be after the
// time of flight, and the rounds take that time to reach it; a point
// beyond the gun's reach is refused.
func TestGunLead(t *testing.T) {
	g := gun30
	gun := r3.Vec{}
	p, v := r3.Vec{X: 3500, Y: 500, Z: 100}, r3.Vec{X: -700, Y: 0, Z: -20}
	aim, tof, ok := g.Lead(gun, p, v)
	if !ok {
		t.Fatal("no solution at 3.5 km")
	}
	if d := r3.Norm(r3.Sub(aim, r3.Add(p, r3.Scale(tof, v)))); d > 1e-6 {
		t.Errorf("aim is %.3g m off the target's position after %.3f s", d, tof)
	}
	if got := g.TimeOfFlight(r3.Norm(aim)); math.Abs(got-tof) > 1e-3 {
		t.Errorf("tof %.4f s, rounds take %.4f s to the aim point", tof, got)
	}
	if _, _, ok := g.Lead(gun, r3.Vec{X: 9000}, r3.Vec{X: 100}); ok {
		t.Error("a receding target at 9 km: want no solution")
	}
}

// TestGunHitProbability: the rounds Burst draws hit at the closed-form
// rate. Centred (bias 0) the disc's hit probability is the Rayleigh CDF
// 1 - exp(-A/2πσ²), exact; off-centre and small (A = 0.02·2πσ²) it is
// the density at the bias times the area. The kill rate of whole bursts
// is 1 - (1 - PkHit·P_H)^n. Each within four binomial standard
// deviations of 100 000 rounds or 20 000 bursts.
func TestGunHitProbability(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const sigma = 8.0
	for _, c := range []struct{ a, bias float64 }{
		{0.5, 0}, {20, 0}, {400, 0}, {0.02 * 2 * math.Pi * sigma * sigma, 1.5 * sigma}, {0.02 * 2 * math.Pi * sigma * sigma, 0.5 * sigma},
	} {
		const n = 100000
		hits, _ := Burst(n, c.a, sigma, c.bias*0.6, c.bias*0.8, 1, rng.NormFloat64, rng.Float64)
		want := HitProbability(c.a, sigma, c.bias)
		if c.bias == 0 {
			if exact := 1 - math.Exp(-c.a/(2*math.Pi*sigma*sigma)); math.Abs(want-exact) > 1e-12 {
				t.Errorf("A %g: P_H %g, want 1 - exp(-A/2πσ²) = %g", c.a, want, exact)
			}
		}
		got := float64(hits) / n
		if tol := 4 * math.Sqrt(want*(1-want)/n); math.Abs(got-want) > tol {
			t.Errorf("A %g m², bias %g m: hit rate %.5f, want %.5f ± %.5f", c.a, c.bias, got, want, tol)
		}
	}
	const bursts, rounds, a, pkHit = 20000, 40, 0.6, 0.3
	kills := 0
	for range bursts {
		if _, k := Burst(rounds, a, sigma, 3, -4, pkHit, rng.NormFloat64, rng.Float64); k {
			kills++
		}
	}
	want := BurstKillProbability(rounds, a, sigma, 5, pkHit)
	if alt := 1 - math.Pow(1-pkHit*HitProbability(a, sigma, 5), rounds); math.Abs(want-alt) > 1e-12 {
		t.Errorf("P_K %g, want 1 - (1 - PkHit P_H)^n = %g", want, alt)
	}
	got := float64(kills) / bursts
	if tol := 4 * math.Sqrt(want*(1-want)/bursts); math.Abs(got-want) > tol {
		t.Errorf("burst kill rate %.4f, want %.4f ± %.4f", got, want, tol)
	}
}

// TestPresentedArea: end on a cylinder shows its disc, side on its
// rectangle; a Tomahawk-class body (5.6 m x 0.52 m) at 30° off its axis.
func TestPresentedArea(t *testing.T) {
	for _, c := range []struct{ cos, want float64 }{
		{1, math.Pi * 0.52 * 0.52 / 4}, {0, 5.6 * 0.52}, {-1, math.Pi * 0.52 * 0.52 / 4},
		{math.Cos(math.Pi / 6), math.Pi*0.52*0.52/4*math.Cos(math.Pi/6) + 5.6*0.52*0.5},
	} {
		if got := PresentedArea(5.6, 0.52, c.cos); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("cos %g: %g m², want %g", c.cos, got, c.want)
		}
	}
}

func TestGunValidate(t *testing.T) {
	if err := gun30.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := gun30
	bad.PkHit, bad.Rounds, bad.MinRange = 0, 0, 5000
	if err := bad.Validate(); err == nil {
		t.Error("want errors for pk per hit 0, no rounds, min range beyond max")
	}
}
