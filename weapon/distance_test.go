package weapon

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
)

// TestInterceptorDistance holds the interceptor's remembered path flown
// to the profile's: asked again at the same time, at another, back at an
// earlier one, across the burnout, and at NaN (which must not stick).
func TestInterceptorDistance(t *testing.T) {
	m := testMissile()
	i := Launch(&m, 100, r3.Vec{X: 6.4e6}, r3.Vec{Z: 1})
	for _, tf := range []float64{0, 0, 0.1, 0.1, m.BoostTime, m.BoostTime + 0.1, 0.05, math.NaN(), math.NaN(), 30, 30, 29.9, 0} {
		got, want := i.distance(tf), m.Distance(tf)
		if got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("distance(%g) = %v, want Distance = %v", tf, got, want)
		}
	}
}

// TestSincosSineIsSin: a step takes the sine of its half turn from
// math.Sincos, which it needs for the mid-arc direction, where it took
// math.Sin before; the two must agree to the bit (they share Cody and
// Waite's reduction and polynomial in Go's math package) or the step's
// chord would move with the toolchain. Angles of every size a step
// turns through, either sign, and the special values.
func TestSincosSineIsSin(t *testing.T) {
	same := func(x float64) bool {
		s, _ := math.Sincos(x)
		w := math.Sin(x)
		return math.Float64bits(s) == math.Float64bits(w) || math.IsNaN(s) && math.IsNaN(w)
	}
	for _, x := range []float64{0, math.Copysign(0, -1), 5e-324, 1e-300, 1e-8, math.Pi / 4, math.Pi / 2, math.Pi, 1e9, 1e300, math.Inf(1), math.Inf(-1), math.NaN()} {
		if !same(x) {
			t.Errorf("Sincos(%v)'s sine is not Sin's", x)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 1000000 {
		if x := math.Ldexp(2*rng.Float64()-1, rng.IntN(40)-30); !same(x) {
			t.Fatalf("Sincos(%v)'s sine is not Sin's", x)
		}
	}
}
