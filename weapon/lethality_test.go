package weapon

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/integrate/quad"
)

// Check (g): Pk is non-increasing in the miss distance, equals PkMax at zero
// and PkMax e^(-1/2) at the lethal radius.
func TestKillProbability(t *testing.T) {
	l := Lethality{LethalRadius: 12, PkMax: 0.9}
	if got := l.KillProbability(0); got != 0.9 {
		t.Errorf("Pk(0) = %g", got)
	}
	if got, want := l.KillProbability(12), 0.9*math.Exp(-0.5); math.Abs(got-want) > 1e-15 {
		t.Errorf("Pk(LethalRadius) = %g, want %g", got, want)
	}
	prev := math.Inf(1)
	for miss := 0.0; miss < 200; miss += 0.25 {
		pk := l.KillProbability(miss)
		if pk > prev || pk < 0 || pk > l.PkMax {
			t.Fatalf("Pk(%g) = %g after %g", miss, pk, prev)
		}
		prev = pk
	}
	if got := l.KillProbability(-5); got != l.KillProbability(5) {
		t.Errorf("Pk(-5) = %g, Pk(5) = %g", got, l.KillProbability(5))
	}
	if got := l.KillProbability(math.NaN()); got != 0 {
		t.Errorf("Pk(NaN) = %g", got)
	}
}

// The Carleton form D0 exp(-π D0 r²/A_L) has lethal area A_L = ∫ Pk dA.
// Integrating our Pk over the plane numerically must give 2π PkMax σ², the
// lethal area the documented correspondence claims.
func TestKillProbabilityLethalArea(t *testing.T) {
	l := Lethality{LethalRadius: 20, PkMax: 0.7}
	ring := func(r float64) float64 { return 2 * math.Pi * r * l.KillProbability(r) }
	area := quad.Fixed(ring, 0, 20*l.LethalRadius, 400, quad.Legendre{}, 0)
	want := 2 * math.Pi * l.PkMax * l.LethalRadius * l.LethalRadius
	if math.Abs(area-want) > 1e-9*want {
		t.Errorf("lethal area %g, want %g", area, want)
	}
	// And with that A_L and D0 the Carleton expression equals ours.
	for _, r := range []float64{0, 5, 20, 47} {
		carleton := l.PkMax * math.Exp(-math.Pi*l.PkMax*r*r/want)
		if got := l.KillProbability(r); math.Abs(got-carleton) > 1e-15 {
			t.Errorf("Pk(%g) = %g, Carleton %g", r, got, carleton)
		}
	}
}
