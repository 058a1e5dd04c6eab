package bm

import (
	"math"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/internal/root"
	"github.com/iadsim/iadsim/motion"
)

// turnSteps is the number of steps in which a turnArc samples its
// quarter turn: one every 5°. A site's window on the arc (the turn over
// which the nose points within its radius) is often narrower than a
// step, 2r/D radians for a site of radius r at D; toRadius finds it
// between samples by the sign change of the site's cross-track distance.
const turnSteps = 18

// turnArc is the predicted ground path of a turning track (Evaluate): a
// circle at its ground speed and turn rate from where it is, at most
// MaxTurn long, from any point of which it may roll out along the great
// circle of its heading there.
//
// The arc is drawn in the track's tangent plane and laid on a sphere of
// the earth's mean radius as the great-circle distance and bearing of
// each of its points: its radius, the ground speed over the turn rate,
// is at most tens of kilometres above MinTurnRate, over which the plane
// departs from the sphere by metres. The heading at a point of the arc
// is the plane's, turned by the convergence of the meridians between
// the two (the chord's final bearing less its initial one).
type turnArc struct {
	here   geo.LLA
	h0     float64 // heading now, rad clockwise from north
	rate   float64 // heading rate, rad/s, positive to the right
	prob   float64 // of the tracker's turn model
	speed  float64 // ground speed, m/s
	radius float64 // of the turn, m
	pts    [turnSteps + 1]arcPoint
	made   int // pts[:made] are made (at)
}

// arcPoint is a point of a turnArc and the track's heading there, with
// the unit vectors, on the sphere, of the point (u), of the heading (t)
// and of the normal of the heading's great circle (n = u × t): a site's
// distance, cross-track distance and whether it lies ahead are then dot
// products.
type arcPoint struct {
	at      geo.LLA
	heading float64
	u, t, n r3.Vec
}

// newArcPoint is the arcPoint at at on heading.
func newArcPoint(at geo.LLA, heading float64) arcPoint {
	u := unitSphere(at)
	sLat, cLat := math.Sincos(at.Lat)
	sLon, cLon := math.Sincos(at.Lon)
	sh, ch := math.Sincos(heading)
	east := r3.Vec{X: -sLon, Y: cLon}
	north := r3.Vec{X: -sLat * cLon, Y: -sLat * sLon, Z: cLat}
	t := r3.Add(r3.Scale(sh, east), r3.Scale(ch, north))
	return arcPoint{at: at, heading: heading, u: u, t: t, n: r3.Cross(u, t)}
}

// unitSphere is the unit vector of p on the sphere, its latitude taken
// as the sphere's, as centralAngle and bearing take it.
func unitSphere(p geo.LLA) r3.Vec {
	sLat, cLat := math.Sincos(p.Lat)
	sLon, cLon := math.Sincos(p.Lon)
	return r3.Vec{X: cLat * cLon, Y: cLat * sLon, Z: sLat}
}

// init makes a the arc of tk's turn, and reports false if tk has no
// ground speed or turn rate. The arc's points are made as toRadius
// comes to them (at): a track heading straight for a site never asks
// for them, and one whose nose comes onto the first site early in the
// turn asks for the first few.
func (a *turnArc) init(tk Track) bool {
	here := geo.FromECEF(tk.Pos)
	east, north := horizontal(here, tk.Vel)
	gs := geo.Hypot(east, north)
	if !(gs > 0) || tk.TurnRate == 0 {
		return false
	}
	*a = turnArc{here: here, h0: math.Atan2(east, north), rate: tk.TurnRate, prob: tk.TurnProb, speed: gs, radius: gs / math.Abs(tk.TurnRate)}
	return true
}

// at returns the arc's k-th point, after turning k MaxTurn/turnSteps,
// made now if it has not been.
func (a *turnArc) at(k int) *arcPoint {
	for ; a.made <= k; a.made++ {
		a.pts[a.made] = a.point(MaxTurn * float64(a.made) / turnSteps)
	}
	return &a.pts[k]
}

// point is where the track is, and its heading, after turning psi.
func (a *turnArc) point(psi float64) arcPoint {
	if psi == 0 {
		return newArcPoint(a.here, a.h0)
	}
	s := math.Copysign(1, a.rate)
	h := a.h0 + s*psi
	// In the tangent plane (east, north) the turn's centre lies a radius
	// to the turning side, s ρ (cos h0, -sin h0), and the track a
	// radius from it on the other side of its heading.
	sh0, ch0 := math.Sincos(a.h0)
	sh, ch := math.Sincos(h)
	east := s * a.radius * (ch0 - ch)
	north := s * a.radius * (sh - sh0)
	b0 := math.Atan2(east, north)
	at := destination(a.here, b0, math.Hypot(east, north))
	// The chord arrives at the point on the reverse of the bearing back.
	bf := bearing(at, a.here) + math.Pi
	return newArcPoint(at, h+bf-b0)
}

// destination is the point at distance d along the great circle from p
// on initial bearing b (radians clockwise from north), on a sphere of
// the earth's mean radius.
func destination(p geo.LLA, b, d float64) geo.LLA {
	delta := d / motion.SphereRadius
	sd, cd := math.Sincos(delta)
	sl, cl := math.Sincos(p.Lat)
	sb, cb := math.Sincos(b)
	lat := math.Asin(sl*cd + cl*sd*cb)
	lon := p.Lon + math.Atan2(sb*sd*cl, cd-sl*math.Sin(lat))
	return geo.LLA{Lat: lat, Lon: lon, Alt: p.Alt}
}

// toRadius finds the least turn psi (0 < psi <= MaxTurn) after which
// the track, rolling out on its heading, comes within r of site, the
// time to go there (along the arc, then along the great circle) and the
// chance p that it rolls out onto the site: the turn model's probability
// times the share of the quarter turn over which the nose points within
// the site's radius, all points of the turn taken as equally likely to
// end it. ok is false if no point of the arc leads there. The straight
// path (psi = 0) is Evaluate's to try first.
func (a *turnArc) toRadius(s Site) (psi, ttg, p float64, ok bool) {
	sp := s.point()
	site, sv := sp.at, sp.u
	r := s.Radius
	// The samples are tried with dot products alone: within the radius
	// where cos d >= cos(r/R), and, ahead, a cross-track sine of at most
	// sin(r/R). The bracket found is then refined, and the time to go
	// taken, with the same spherical trigonometry as the straight path.
	cr, sr := math.Cos(r/motion.SphereRadius), math.Sin(r/motion.SphereRadius)
	near := func(p *arcPoint) bool {
		return r3.Dot(sv, p.u) >= cr || r3.Dot(sv, p.t) > 0 && math.Abs(r3.Dot(sv, p.n)) <= sr
	}
	// short is how far outside the site's reach the track is after
	// turning psi: the least of its distance beyond the radius and, if
	// the site is ahead, its cross-track distance beyond it; at most 0
	// exactly where greatCircleToRadius finds the site.
	const R = motion.SphereRadius
	short := func(psi float64) float64 {
		q := a.point(psi)
		d13 := centralAngle(q.at, site)
		out := d13*R - r
		if db := bearing(q.at, site) - q.heading; out > 0 && math.Cos(db) > 0 {
			out = min(out, math.Abs(math.Asin(math.Sin(d13)*math.Sin(db)))*R-r)
		}
		return out
	}
	step := MaxTurn / turnSteps
	for k := 1; k <= turnSteps; k++ {
		lo, hi := step*float64(k-1), step*float64(k)
		if !near(a.at(k)) {
			// The nose may sweep across the site between two samples:
			// its cross-track distance changes sign while the site is
			// ahead. Then the bracket ends where it is zero.
			p0, p1 := a.at(k-1), a.at(k)
			x0, x1 := r3.Dot(sv, p0.n), r3.Dot(sv, p1.n)
			if r3.Dot(sv, p0.t) <= 0 || r3.Dot(sv, p1.t) <= 0 || (x0 < 0) == (x1 < 0) {
				continue
			}
			hi = falsePosition(func(psi float64) float64 { q := a.point(psi); return r3.Dot(sv, q.n) }, lo, hi, x0, x1)
		}
		fhi := short(hi)
		if fhi > 0 {
			continue // on the rim, where the dot products and the trigonometry differ in the last bits
		}
		// The first hit lies in (lo, hi], lo a miss and hi a hit.
		hi = falsePosition(short, lo, hi, short(lo), fhi)
		p := a.point(hi)
		d, _ := greatCircleToRadius(p.at, p.heading, site, r)
		// The nose points within the site's radius over 2 asin(r/D) of
		// the turn, D the site's distance from where it comes onto it.
		window := math.Pi
		if D := centralAngle(p.at, site) * motion.SphereRadius; D > r {
			window = 2 * math.Asin(r/D)
		}
		return hi, hi/math.Abs(a.rate) + d/a.speed, a.prob * math.Min(window/MaxTurn, 1), true
	}
	return 0, 0, 0, false
}

// falsePosition narrows [lo, hi], f(lo) = flo and f(hi) = fhi of
// opposite signs, to the root of f between them (root.Illinois), to
// 1e-9 rad of turn (millimetres along the arc), and returns the end on
// fhi's side: a few evaluations of the arc where bisection takes thirty.
func falsePosition(f func(float64) float64, lo, hi, flo, fhi float64) float64 {
	return root.Illinois(f, lo, hi, flo, fhi, root.Tol{X: 1e-9}).B
}
