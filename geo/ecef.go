package geo

import (
	"math"

	"gonum.org/v1/gonum/spatial/r3"
)

// WGS-84 defining constants (NIMA TR8350.2).
const (
	A  = 6378137.0         // semi-major axis, m
	F  = 1 / 298.257223563 // flattening
	B  = A * (1 - F)       // semi-minor axis, m
	E2 = F * (2 - F)       // first eccentricity squared
	GM = 3.986004418e14    // earth's gravitational parameter, m^3/s^2
)

// LLA is a geodetic position: latitude and longitude in radians, height in
// metres above the WGS-84 ellipsoid.
type LLA struct {
	Lat, Lon, Alt float64
}

// Deg makes an LLA from degrees and metres, the way positions are written.
func Deg(latDeg, lonDeg, alt float64) LLA {
	return LLA{Lat: latDeg * math.Pi / 180, Lon: lonDeg * math.Pi / 180, Alt: alt}
}

// LatDeg and LonDeg give the position in degrees.
func (p LLA) LatDeg() float64 { return p.Lat * 180 / math.Pi }

// LonDeg gives the longitude in degrees.
func (p LLA) LonDeg() float64 { return p.Lon * 180 / math.Pi }

// ECEF converts a geodetic position to earth-centred earth-fixed
// Cartesian coordinates.
func (p LLA) ECEF() r3.Vec {
	sLat, cLat := math.Sincos(p.Lat)
	sLon, cLon := math.Sincos(p.Lon)
	n := A / math.Sqrt(1-E2*sLat*sLat) // prime vertical radius of curvature
	return r3.Vec{
		X: (n + p.Alt) * cLat * cLon,
		Y: (n + p.Alt) * cLat * sLon,
		Z: (n*(1-E2) + p.Alt) * sLat,
	}
}

// FromECEF converts ECEF coordinates to a geodetic position. It uses
// Vermeille's closed form (J. Geodesy 2011), exact to well under a
// millimetre from the earth's centre region out past geostationary orbit,
// with no iteration.
func FromECEF(v r3.Vec) LLA {
	lon := math.Atan2(v.Y, v.X)
	d, hyp, alt, _, ok := vermeille(v)
	if !ok {
		// The centre of the earth: any answer is as good; pick the pole.
		return LLA{Lat: math.Pi / 2, Lon: 0, Alt: -B}
	}
	lat := 2 * math.Atan2(v.Z, d+hyp)
	return LLA{Lat: lat, Lon: lon, Alt: alt}
}

// FromECEFUp is FromECEF(v), bit for bit, with the ellipsoid's unit
// normal through v as HeightUp gives it: for the ground under a point,
// which wants its latitude and longitude to look up the terrain and its
// vertical, without the sines of the angles.
func FromECEFUp(v r3.Vec) (LLA, r3.Vec) {
	d, hyp, alt, scale, ok := vermeille(v)
	if !ok || hyp == 0 {
		return FromECEF(v), r3.Vec{Z: 1}
	}
	lla := LLA{Lat: 2 * math.Atan2(v.Z, d+hyp), Lon: math.Atan2(v.Y, v.X), Alt: alt}
	return lla, vertical(v, scale, hyp)
}

// Height is the height above the ellipsoid of an ECEF point:
// FromECEF(v).Alt, bit for bit, without the two arctangents of latitude
// and longitude, for loops that only ask how high a point is (a free
// flight falling to the ground).
func Height(v r3.Vec) float64 {
	_, _, alt, _, ok := vermeille(v)
	if !ok {
		return -B
	}
	return alt
}

// HeightUp is Height(v), bit for bit, with the ellipsoid's unit normal
// through v: the local vertical, (cos φ cos λ, cos φ sin λ, sin φ) at
// FromECEF(v)'s latitude φ and longitude λ, to a few ulps. Vermeille's
// solution gives the normal as it gives the height, along (s x, s y, z)
// with s = k/(k + e²), so a test of a line of sight or an effective
// earth, which wants the vertical, not the angles, costs neither the
// arctangents of FromECEF nor the sines that would undo them. At the
// earth's centre it is FromECEF's pole.
func HeightUp(v r3.Vec) (float64, r3.Vec) {
	_, hyp, alt, scale, ok := vermeille(v)
	if !ok || hyp == 0 {
		return -B, r3.Vec{Z: 1}
	}
	return alt, vertical(v, scale, hyp)
}

// vertical is the unit normal through v from vermeille's scale and hyp.
func vertical(v r3.Vec, scale, hyp float64) r3.Vec {
	return r3.Vec{X: scale * v.X / hyp, Y: scale * v.Y / hyp, Z: v.Z / hyp}
}

// HeightBelow is a lower bound of Height(v), m, for loops that only ask
// whether a point is above some height and want the exact one near it:
// within 1e-5 of the height plus a millimetre, from two square roots
// where Height takes two cube roots and six. A point at distance d
// outside the ellipsoid along its radius is at least d cos δ from it,
// δ the angle between the radius and the ellipsoid's normal there: the
// ellipsoid is convex, so it lies behind its tangent plane, and δ, the
// difference of geodetic and geocentric latitudes, is at most 0.1924°
// (cos δ > 1 - 5.7e-6). A point inside the ellipsoid is no deeper than
// its radial distance to it, so there d itself bounds the height.
func HeightBelow(v r3.Vec) float64 {
	r := math.Sqrt(v.X*v.X + v.Y*v.Y + v.Z*v.Z)
	s := math.Sqrt((v.X*v.X+v.Y*v.Y)/(A*A) + v.Z*v.Z/(B*B))
	if s == 0 {
		return -B // the centre, as Height
	}
	d := r * (1 - 1/s)
	return d - 1e-5*max(d, 0) - 1e-3
}

// vermeille is the part of Vermeille's closed form that FromECEF, Height
// and HeightUp share: d, the distance from the polar axis scaled to the
// ellipsoid's normal, hyp = hypot(d, z), the height, and scale = d / √(x² +
// y²), the scale of the normal's horizontal part; ok is false at the
// earth's centre.
func vermeille(v r3.Vec) (d, hyp, alt, scale float64, ok bool) {
	p2 := v.X*v.X + v.Y*v.Y
	a2 := A * A
	pp := p2 / a2
	q := (1 - E2) / a2 * v.Z * v.Z
	r := (pp + q - E2*E2) / 6
	if pp == 0 && q == 0 {
		return 0, 0, 0, 0, false
	}
	e4 := E2 * E2
	ev := 8*r*r*r + e4*pp*q
	var u float64
	if ev > 0 {
		root := math.Sqrt(ev)
		s := math.Sqrt(e4 * pp * q)
		// Vermeille's u = r + (∛((root+s)²) + ∛((root-s)²))/2; as
		// (root+s)(root-s) = ev - e⁴pq = 8r³, the second cube root is
		// 4r² over the first: one cube root fewer, and no cancellation in
		// root - s.
		c := math.Cbrt((root + s) * (root + s))
		u = r + 0.5*c + 2*r*r/c
	} else {
		// Deep inside the earth near the equatorial plane.
		root := math.Sqrt(e4 * pp * q)
		s := math.Sqrt(-ev)
		ang := 2.0 / 3.0 * math.Atan2(root, s+math.Sqrt(-8*r*r*r))
		u = -4 * r * math.Sin(ang) * math.Cos(math.Pi/6+ang)
	}
	vv := math.Sqrt(u*u + e4*q)
	w := E2 * (u + vv - q) / (2 * vv)
	k := (u + vv) / (math.Sqrt(w*w+u+vv) + w)
	d = k * math.Sqrt(p2) / (k + E2)
	hyp = Hypot(d, v.Z)
	return d, hyp, (k + E2 - 1) / k * hyp, k / (k + E2), true
}
