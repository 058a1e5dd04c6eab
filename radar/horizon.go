package radar

import (
	"math"

	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// DefaultK is the effective-earth factor of the standard atmosphere: a
// refractivity gradient of about -39 N-units per km bends radio rays
// toward the ground as if the earth's radius were 4/3 as large and rays
// straight (ITU-R P.453, P.834).
const DefaultK = 4.0 / 3.0

// EarthRadius is the mean earth radius used by HorizonRange, 6371 km (the
// IUGG mean radius R₁ = 6371.0088 km, rounded as the horizon rule of thumb
// 4.12 (√h₁ + √h₂) km assumes).
const EarthRadius = 6371e3

// effectiveK gives k with 0 standing for DefaultK, and reports whether it
// is usable: finite and positive.
func effectiveK(k float64) (float64, bool) {
	if k == 0 {
		return DefaultK, true
	}
	return k, k > 0 && !math.IsInf(k, 1)
}

// HorizonRange is the radar horizon in metres for an antenna at height h1
// and a target at height h2 (metres above the surface) over a smooth
// spherical earth of radius EarthRadius with effective-earth factor k
// (0 means DefaultK):
//
//	d = √(2 k R h₁) + √(2 k R h₂)
//
// the sum of the two tangent distances, dropping h² against 2kRh (a
// relative error of h/(4kR), 0.03 % at 10 km height). It is both the
// ground distance and, to the same order, the slant range. Negative
// heights count as zero; a negative or infinite k gives NaN.
func HorizonRange(h1, h2, k float64) float64 {
	k, ok := effectiveK(k)
	if !ok {
		return math.NaN()
	}
	re := k * EarthRadius
	return math.Sqrt(2*re*math.Max(h1, 0)) + math.Sqrt(2*re*math.Max(h2, 0))
}

// AboveHorizon reports whether the straight line from radar to target
// (both ECEF) clears a smooth, refracting earth with effective-earth
// factor k (0 means DefaultK; a negative or infinite k gives false).
//
// The earth near the radar is taken as the sphere that osculates the
// WGS-84 ellipsoid at the radar in the direction of the target: its radius
// is Euler's radius of curvature R_α = M N/(N cos²α + M sin²α) for the
// azimuth α of the target, between 6335 km and 6400 km. Each end keeps its
// height above the ellipsoid and the angle θ between the two ellipsoid
// normals (the ground distance is R_α θ). Refraction is modelled by the
// effective earth: radius k R_α and central angle θ/k, so the ground
// distance is unchanged, with straight rays. The line is clear when its
// closest approach to the centre of that sphere is at least k R_α.
//
// Heights below the ellipsoid count as on it, so a site whose ground lies
// below the ellipsoid (the geoid dips to -106 m) still sees its surface
// horizon. Terrain is not modelled here; see Masker.
func AboveHorizon(radar, target r3.Vec, k float64) bool {
	k, ok := effectiveK(k)
	if !ok {
		return false
	}
	s := newSite(geo.FromECEF(radar))
	alt, up := geo.HeightUp(target)
	return s.clear(alt, up, r3.Sub(target, radar), k, 0)
}

// site caches what the horizon test needs of the radar end.
type site struct {
	h           float64 // height above the ellipsoid
	up          r3.Vec  // ellipsoid normal
	east, north r3.Vec  // local horizontal axes
	m, n        float64 // meridian and prime-vertical radii of curvature
}

func newSite(p geo.LLA) site {
	sLat, cLat := math.Sincos(p.Lat)
	sLon, cLon := math.Sincos(p.Lon)
	w2 := 1 - geo.E2*sLat*sLat
	n := geo.A / math.Sqrt(w2)
	return site{
		h:     p.Alt,
		up:    r3.Vec{X: cLat * cLon, Y: cLat * sLon, Z: sLat},
		east:  r3.Vec{X: -sLon, Y: cLon},
		north: r3.Vec{X: -sLat * cLon, Y: -sLat * sLon, Z: cLat},
		m:     n * (1 - geo.E2) / w2,
		n:     n,
	}
}

// clear is the effective-earth line-of-sight test from the site to a
// target at height alt above the ellipsoid, whose normal there is up
// (geo.HeightUp), d being the ECEF vector from site to target (used for
// the azimuth), over a surface at height h0 above the ellipsoid.
func (s site) clear(alt float64, up, d r3.Vec, k, h0 float64) bool {
	theta, rAlpha := s.arc(up, d)
	return clears(k*rAlpha, math.Max(s.h-h0, 0), math.Max(alt-h0, 0), theta/k)
}

// arc gives the angle between the ellipsoid normals at the site and at
// the target, up2, and Euler's radius of curvature in the target's
// azimuth (1/R = cos²α/M + sin²α/N), whose product is the ground
// distance.
func (s site) arc(up2, d r3.Vec) (theta, rAlpha float64) {
	theta = math.Atan2(geo.Norm(r3.Cross(s.up, up2)), r3.Dot(s.up, up2))
	e, nn := r3.Dot(d, s.east), r3.Dot(d, s.north)
	h2 := e*e + nn*nn
	if h2 == 0 {
		return theta, math.Sqrt(s.m * s.n) // straight up or down: any azimuth
	}
	return theta, s.m * s.n * h2 / (s.n*nn*nn + s.m*e*e)
}

// clears reports whether the segment between two points at heights h1 and
// h2 above a sphere of radius re, seen from its centre at angle phi apart,
// stays outside the sphere.
func clears(re, h1, h2, phi float64) bool {
	if phi >= math.Pi {
		return false
	}
	r1, r2 := re+h1, re+h2
	sp, cp := math.Sincos(phi)
	// A = (r1, 0), B = (r2 cos φ, r2 sin φ); closest point A + t (B - A).
	dx, dy := r2*cp-r1, r2*sp
	t := -r1 * dx / (dx*dx + dy*dy)
	if t <= 0 || t >= 1 || math.IsNaN(t) {
		return true // the closest point is an end, and both ends are on or above the sphere
	}
	// Distance from the centre to the line is |A × B| / |B - A|.
	return r1*r2*sp >= re*geo.Hypot(dx, dy)
}
