package coverage

import (
	"math"
	"strings"
	"testing"
)

// TestNearest: the inner edge of a radar's coverage against closed
// forms on a sphere of radius R = 6371 km (flat-earth limits to first
// order, with the sphere's drop d²/2R where it counts).
func TestNearest(t *testing.T) {
	const deg = math.Pi / 180
	for _, tt := range []struct {
		name                       string
		h1, h2, minR, minEl, maxEl float64
		want, tol                  float64
		why                        string
	}{
		// Minimum range only: slant² = d² + (h₂-h₁)² to first order.
		{"min range", 25, 30, 1000, -deg, 85 * deg, math.Sqrt(1000*1000 - 25), 0.5, "minimum range is 1 km"},
		// A cone of silence: x = (h₂-h₁)/tan 85° at the target's height,
		// where a ground distance d spans d (R+h₂)/R; the drop d²/2R is
		// negligible.
		{"cone of silence", 25, 10000, 1000, -deg, 85 * deg, (10000 - 25) / math.Tan(85*deg) / (1 + 10000/6371e3), 0.05, "cone of silence"},
		// Looking down 1°: (h₁-h₂)/d + d/2R = tan 1° (the target's drop
		// below the horizontal adds to the depression), the root
		// d = R (tan 1° - √(tan² 1° - 2 (h₁-h₂)/R)).
		{"look-down", 575, 30, 1000, -deg, 85 * deg,
			6371e3 * (math.Tan(deg) - math.Sqrt(math.Tan(deg)*math.Tan(deg)-2*545/6371e3)), 30, "looks down no more than 1°"},
		// No minimum range and up to the zenith: seen from the foot on.
		{"no limit", 25, 30, 0, -deg, 90 * deg, 0, 0, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, why := nearest(tt.h1, tt.h2, tt.minR, tt.minEl, tt.maxEl, 500e3)
			if math.Abs(d-tt.want) > tt.tol || !strings.Contains(why, tt.why) {
				t.Errorf("nearest %.2f m (%s), want %.2f m ± %g (%s)", d, why, tt.want, tt.tol, tt.why)
			}
		})
	}
	if d, _ := nearest(575, 30, 0, 2*deg, 85*deg, 100e3); !math.IsInf(d, 1) {
		t.Errorf("a radar looking no lower than +2° at a target below it: nearest %.0f m, want none", d)
	}
}
