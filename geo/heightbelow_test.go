package geo

import (
	"testing"
)

// TestHeightBelow: the bound never exceeds Height, is within 1e-5 of it
// plus a millimetre outside the ellipsoid; across latitudes
// (the bound is loosest at 45°, where the normal and the radius part
// most) and heights from the ground to 2 000 km.
func TestHeightBelow(t *testing.T) {
	var loosest float64
	for lat := -90.0; lat <= 90; lat += 2.5 {
		for _, lon := range []float64{-170, -70, 0, 33, 120} {
			for _, h := range []float64{-2000, -1, 0, 0.5, 20, 1500, 30e3, 100e3, 500e3, 2e6} {
				v := Deg(lat, lon, h).ECEF()
				lb, exact := HeightBelow(v), Height(v)
				if lb > exact {
					t.Errorf("lat %g, lon %g, %g m: bound %.9f above the height %.9f", lat, lon, h, lb, exact)
				}
				if h < 0 {
					continue // inside: a bound, loose by the normal's tilt
				}
				if lb < exact*(1-1e-5)-1.001e-3 {
					t.Errorf("lat %g, lon %g, %g m: bound %.6f, more than 1e-5 + 1 mm below %.6f", lat, lon, h, lb, exact)
				}
				if h > 0 {
					loosest = max(loosest, (exact-lb-1e-3)/exact)
				}
			}
		}
	}
	t.Logf("bound below the height by at most %.3g of it, plus 1 mm", loosest)
}
