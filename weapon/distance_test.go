package weapon

import (
	"math"
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
