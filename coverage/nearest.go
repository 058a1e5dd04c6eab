package coverage

import (
	"fmt"
	"math"

	"github.com/iadsim/iadsim/radar"
)

// nearestStep is the ground-distance step, m, at which nearest looks for
// the first distance a radar sees a target at, before bisecting it.
const nearestStep = 10.0

// nearest is the smallest ground distance, m, at which a radar whose
// antenna stands h1 above a smooth earth sees a target h2 above it
// within its range and elevation limits (minRange, slant; minEl and
// maxEl, rad), searched out to far; +Inf if nowhere up to far. why says
// which limit keeps it blind nearer, "" when it sees from the foot of
// the antenna on.
//
// It is the inner edge of the radar's coverage over level ground, and
// the cause of a hole at its centre: a cone of silence above a radar
// that does not look up to the zenith (a target at 10 km and an 85 deg
// ceiling: 0.9 km), and, below a radar standing above its target's
// ground, a look-down limit: an antenna 575 m above the ground that looks
// down no more than 1 deg does not see a target 30 m up within 31 km.
//
// Elevation is geometric, as radar.Radar.Covers takes it in the
// antenna's local frame: on a sphere of radius R, with θ = d/R, the
// target lies at x = (R+h₂) sin θ along the ground and z = (R+h₂) cos θ -
// (R+h₁) above the antenna's horizontal, elevation atan2(z, x) and slant
// range √(x² + z²). The sphere is radar.EarthRadius; the ellipsoid's
// radii of curvature move the edge by well under a cell.
func nearest(h1, h2, minRange, minEl, maxEl, far float64) (d float64, why string) {
	const R = radar.EarthRadius
	geom := func(d float64) (el, slant float64) {
		s, c := math.Sincos(d / R)
		x, z := (R+h2)*s, (R+h2)*c-(R+h1)
		return math.Atan2(z, x), math.Hypot(x, z)
	}
	ok := func(d float64) bool {
		el, slant := geom(d)
		return slant >= minRange && el >= minEl && el <= maxEl
	}
	if ok(0) {
		return 0, ""
	}
	prev := 0.0
	for d := nearestStep; d <= far; d += nearestStep {
		if !ok(d) {
			prev = d
			continue
		}
		lo, hi := prev, d
		for hi-lo > 0.01 {
			if mid := (lo + hi) / 2; ok(mid) {
				hi = mid
			} else {
				lo = mid
			}
		}
		el, slant := geom(lo)
		switch {
		case el < minEl:
			why = fmt.Sprintf("its antenna %.0f m above the ground looks down no more than %.3g°", h1, -minEl*180/math.Pi)
			if minEl > 0 {
				why = fmt.Sprintf("it looks no lower than %.3g° above the horizontal", minEl*180/math.Pi)
			}
		case el > maxEl:
			why = fmt.Sprintf("it looks up no more than %.3g° (a cone of silence)", maxEl*180/math.Pi)
		case slant < minRange:
			why = fmt.Sprintf("its minimum range is %.3g km", minRange/1e3)
		}
		return hi, why
	}
	return math.Inf(1), ""
}
