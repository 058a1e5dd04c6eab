package terrain

import (
	"math"

	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// DefaultK is the effective-earth factor of the standard atmosphere (ITU-R
// P.453): radio rays bend toward the ground as if the earth's radius were
// 4/3 as large and rays were straight. A refraction coefficient n (the
// ratio of the ray's curvature to the earth's, 0.13 in geodesy, 1/7 in
// GDAL's default) is the factor k = 1/(1-n); GDAL's -cc curvature
// coefficient is 1/k.
const DefaultK = 4.0 / 3.0

// site is the observer's end of a line of sight: its local axes, radii of
// curvature and height, and the effective earth.
type site struct {
	up, east, north r3.Vec  // unit vectors at the observer
	m, n            float64 // meridian and prime-vertical radii of curvature
	z0              float64 // observer height above the datum
	k, radius       float64 // effective-earth factor; fixed radius or 0
}

func newSite(lat, lon, z0, k, radius float64) site {
	if k == 0 {
		k = DefaultK
	}
	sLat, cLat := math.Sincos(lat)
	sLon, cLon := math.Sincos(lon)
	w := 1 - geo.E2*sLat*sLat
	n := geo.A / math.Sqrt(w)
	return site{
		up:     r3.Vec{X: cLat * cLon, Y: cLat * sLon, Z: sLat},
		east:   r3.Vec{X: -sLon, Y: cLon},
		north:  r3.Vec{X: -sLat * cLon, Y: -sLat * sLon, Z: cLat},
		m:      n * (1 - geo.E2) / w,
		n:      n,
		z0:     z0,
		k:      k,
		radius: radius,
	}
}

// normal is the unit normal of the ellipsoid at a geodetic position.
func normal(lat, lon float64) r3.Vec {
	sLat, cLat := math.Sincos(lat)
	sLon, cLon := math.Sincos(lon)
	return r3.Vec{X: cLat * cLon, Y: cLat * sLon, Z: sLat}
}

// polar gives the azimuth of a point from the site (clockwise from north)
// and the angle theta between its ellipsoid normal u and the site's, plus
// the earth radius R in that azimuth: the ground distance is R theta.
func (s *site) polar(u r3.Vec) (az, theta, R float64) {
	e, n, v := r3.Dot(u, s.east), r3.Dot(u, s.north), r3.Dot(u, s.up)
	h := math.Hypot(e, n)
	return math.Atan2(e, n), math.Atan2(h, v), s.radiusAlong(e, n, h)
}

// radiusAlong is Euler's radius of curvature 1/R = cos²α/M + sin²α/N in
// the azimuth whose east and north components are e and n (h = hypot),
// or the fixed radius.
func (s *site) radiusAlong(e, n, h float64) float64 {
	switch {
	case s.radius > 0:
		return s.radius
	case h == 0:
		return math.Sqrt(s.m * s.n)
	}
	return s.m * s.n * h * h / (s.n*n*n + s.m*e*e)
}

// slope is the tangent of the elevation angle, on the effective earth of
// radius re = kR, of a point at height z whose central angle from the
// site on that earth is psi (= theta/k), with 1-cos psi given as vers to
// keep its digits. It is exact for straight rays over a sphere.
func (s *site) slope(re, z, vers, sin float64) float64 {
	r := re + z
	return ((z - s.z0) - r*vers) / (r * sin)
}

func versin(psi float64) float64 {
	h := math.Sin(psi / 2)
	return 2 * h * h
}

// ray walks the ellipsoid normal from the site along an azimuth:
// the normal at central angle theta is cos(theta) up + sin(theta) t.
type ray struct {
	s  *site
	t  r3.Vec
	r  float64 // earth radius in the azimuth
	re float64 // effective radius k r
}

func (s *site) ray(az float64) ray {
	sa, ca := math.Sincos(az)
	t := r3.Add(r3.Scale(ca, s.north), r3.Scale(sa, s.east))
	r := s.radiusAlong(sa, ca, 1)
	return ray{s: s, t: t, r: r, re: s.k * r}
}

// at gives the geodetic position at ground distance d along the ray.
func (r *ray) at(d float64) (lat, lon float64) {
	st, ct := math.Sincos(d / r.r)
	u := r3.Add(r3.Scale(ct, r.s.up), r3.Scale(st, r.t))
	return math.Asin(max(-1, min(1, u.Z))), math.Atan2(u.Y, u.X)
}

// LOS is terrain line of sight over a Surface on the effective earth; it
// implements radar.Masker. The line from one point to another is clear
// when no sample of the ground between them, taken every Step along the
// ground track, rises above it: precisely, when no sample has a steeper
// elevation slope from the first point (see the package doc). Samples
// within Step of the second point are not taken, samples where the surface
// has no data do not block, and the smooth earth itself is left to the
// caller (radar.AboveHorizon), as radar.Masker asks.
//
// Heights of the points are above the ellipsoid, and the surface's are
// above its own datum: GeoidHeight is that datum's height above the
// ellipsoid (the geoid undulation, for SRTM and DTED; about -28 m over New
// England, +40 m over the Caspian), taken as constant over the area.
//
// An LOS holds no mutable state: it is safe for concurrent use when its
// Surface is.
type LOS struct {
	Surface     Surface
	K           float64 // effective-earth factor; 0 means DefaultK
	Radius      float64 // earth radius, m; 0 means WGS-84's Euler radius at the first point in the azimuth of the second
	Step        float64 // ground sample spacing, m; 0 means half the surface's post spacing
	GeoidHeight float64 // surface datum above the ellipsoid, m
}

// Visible reports whether the straight (refracted) line between two ECEF
// points clears the terrain.
func (l *LOS) Visible(from, to r3.Vec) bool {
	a, b := geo.FromECEF(from), geo.FromECEF(to)
	s := newSite(a.Lat, a.Lon, a.Alt-l.GeoidHeight, l.K, l.Radius)
	az, theta, _ := s.polar(normal(b.Lat, b.Lon))
	rr := s.ray(az)
	step := l.Step
	if !(step > 0) {
		step = l.Surface.Spacing() / 2
	}
	d := rr.r * theta
	if !(d > step) {
		return true
	}
	psi := theta / s.k
	ts := s.slope(rr.re, b.Alt-l.GeoidHeight, versin(psi), math.Sin(psi))
	for k := 1; float64(k)*step <= d-step; k++ {
		x := float64(k) * step
		lat, lon := rr.at(x)
		z, ok := l.Surface.Elevation(lat, lon)
		if !ok {
			continue
		}
		p := x / rr.re
		if s.slope(rr.re, z, versin(p), math.Sin(p)) > ts {
			return false
		}
	}
	return true
}
