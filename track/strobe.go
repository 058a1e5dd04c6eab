package track

import (
	"math"

	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// Strobe fixes.
//
// A jammer's strobe gives its bearing and nothing of its range. Two radars
// far enough apart that see the same jammer give two lines of bearing,
// and the jammer lies where they cross. A bearing measured in a radar's
// local frame puts the jammer in the vertical plane through the radar
// along that bearing, whatever its height; two such planes meet in a line
// that stands almost upright over the jammer, and where that line meets
// the ellipsoid is the point under it. Its height stays unknown.
//
// The fix is as good as the geometry: with bearing errors σ1 and σ2 (rad)
// at ranges r1 and r2, each line is off sideways by about rᵢσᵢ, and two
// lines crossing at angle γ put the fix off by
//
//	σ_fix = sqrt((r1 σ1)² + (r2 σ2)²) / sin γ
//
// in root mean square (the two equations nᵢ·e = εᵢ, nᵢ the lines'
// normals, solve to |e|² whose mean is that). Lines crossing at a
// shallow angle make a long thin error ellipse: Triangulate refuses
// crossings below MinCrossing.

// MinCrossing is the least angle, rad, at which two lines of bearing make
// a fix: 5°. Stated assumption: below it the fix's error is more than
// eleven times the lines' own (1/sin 5°), so two radars of one battalion,
// a few km apart, fix no jammer 100 km away, and radars of units tens of
// km apart do.
const MinCrossing = 5 * math.Pi / 180

// Bearing is a line of bearing: a radar's site, the bearing it measured
// (clockwise from north in the site's ENU frame, rad) and its 1-sigma
// error (rad).
type Bearing struct {
	Site  geo.LLA
	Az    float64
	Sigma float64
}

// Fix is where two lines of bearing cross.
type Fix struct {
	Pos      r3.Vec  // ECEF, on the ellipsoid under the crossing, m
	Sigma    float64 // root-mean-square error of Pos over the ground, m
	Crossing float64 // angle at which the lines cross, rad
	R1, R2   float64 // distances from the sites to Pos, m
}

// Triangulate crosses lines of bearing a and b. It reports false when
// they cross at less than MinCrossing, or behind either radar.
func Triangulate(a, b Bearing) (Fix, bool) {
	fa, fb := geo.NewFrame(a.Site), geo.NewFrame(b.Site)
	pa, pb := fa.OriginECEF(), fb.OriginECEF()
	da := fa.RotateFromENU(r3.Vec{X: math.Sin(a.Az), Y: math.Cos(a.Az)})
	db := fb.RotateFromENU(r3.Vec{X: math.Sin(b.Az), Y: math.Cos(b.Az)})
	na := r3.Cross(fa.RotateFromENU(r3.Vec{Z: 1}), da) // normal of a's vertical plane
	nb := r3.Cross(fb.RotateFromENU(r3.Vec{Z: 1}), db)
	u := r3.Cross(na, nb)
	uu := r3.Dot(u, u)
	if !(uu > 0) {
		return Fix{}, false
	}
	// The point of both planes na·x = ha, nb·x = hb nearest the origin's
	// line, then along u to the ellipsoid.
	ha, hb := r3.Dot(na, pa), r3.Dot(nb, pb)
	p0 := r3.Scale(1/uu, r3.Add(r3.Scale(ha, r3.Cross(nb, u)), r3.Scale(hb, r3.Cross(u, na))))
	a2, b2 := geo.A*geo.A, geo.B*geo.B
	qa := (u.X*u.X+u.Y*u.Y)/a2 + u.Z*u.Z/b2
	qb := 2 * ((p0.X*u.X+p0.Y*u.Y)/a2 + p0.Z*u.Z/b2)
	qc := (p0.X*p0.X+p0.Y*p0.Y)/a2 + p0.Z*p0.Z/b2 - 1
	disc := qb*qb - 4*qa*qc
	if disc < 0 {
		return Fix{}, false
	}
	for _, sgn := range []float64{1, -1} {
		t := (-qb + sgn*math.Sqrt(disc)) / (2 * qa)
		x := r3.Add(p0, r3.Scale(t, u))
		ra, rb := r3.Sub(x, pa), r3.Sub(x, pb)
		if r3.Dot(ra, da) <= 0 || r3.Dot(rb, db) <= 0 {
			continue // behind a radar: the other root, or no crossing
		}
		la, lb := r3.Norm(ra), r3.Norm(rb)
		g := math.Acos(math.Max(-1, math.Min(1, r3.Dot(ra, rb)/(la*lb))))
		if g < MinCrossing || g > math.Pi-MinCrossing {
			return Fix{}, false
		}
		s := math.Hypot(la*a.Sigma, lb*b.Sigma) / math.Sin(g)
		return Fix{Pos: x, Sigma: s, Crossing: g, R1: la, R2: lb}, true
	}
	return Fix{}, false
}
