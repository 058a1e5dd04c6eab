package bm

import (
	"math"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/motion"
)

// turnSteps is the number of steps in which a turnArc samples its
// quarter turn: one a degree. A site's window on the arc (the turn over
// which the nose points within its radius) can be narrower than a step,
// 2r/D radians for a site of radius r at D; toRadius finds it between
// samples by the sign change of the site's cross-track distance.
const turnSteps = 90

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
}

// arcPoint is a point of a turnArc and the track's heading there.
type arcPoint struct {
	at      geo.LLA
	heading float64
}

// newTurnArc is the arc of tk's turn, or nil if tk has no ground speed.
func newTurnArc(tk Track) *turnArc {
	here := geo.FromECEF(tk.Pos)
	east, north := horizontal(here, tk.Vel)
	gs := math.Hypot(east, north)
	if !(gs > 0) || tk.TurnRate == 0 {
		return nil
	}
	a := &turnArc{here: here, h0: math.Atan2(east, north), rate: tk.TurnRate, prob: tk.TurnProb, speed: gs, radius: gs / math.Abs(tk.TurnRate)}
	for k := range a.pts {
		a.pts[k] = a.point(MaxTurn * float64(k) / turnSteps)
	}
	return a
}

// side names the direction of the turn.
func (a *turnArc) side() string {
	if a.rate > 0 {
		return "right"
	}
	return "left"
}

// point is where the track is, and its heading, after turning psi.
func (a *turnArc) point(psi float64) arcPoint {
	if psi == 0 {
		return arcPoint{a.here, a.h0}
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
	return arcPoint{at, h + bf - b0}
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
	site := geo.FromECEF(s.Pos)
	r := s.Radius
	hit := func(p arcPoint) bool {
		_, ok := greatCircleToRadius(p.at, p.heading, site, r)
		return ok
	}
	step := MaxTurn / turnSteps
	for k := 1; k <= turnSteps; k++ {
		lo, hi := step*float64(k-1), step*float64(k)
		if !hit(a.pts[k]) {
			// The nose may sweep across the site between two samples:
			// its cross-track distance changes sign while the site is
			// ahead. Then the bracket ends where it is zero.
			x0, ahead0 := crossTrack(a.pts[k-1], site)
			x1, ahead1 := crossTrack(a.pts[k], site)
			if !ahead0 || !ahead1 || (x0 < 0) == (x1 < 0) {
				continue
			}
			for b := lo; hi-b > 0; {
				mid := (b + hi) / 2
				if mid == b || mid == hi {
					break
				}
				if x, _ := crossTrack(a.point(mid), site); (x < 0) == (x0 < 0) {
					b = mid
				} else {
					hi = mid
				}
			}
		}
		// The first hit lies in (lo, hi], lo a miss and hi a hit: bisect
		// to it, to the last bit.
		for {
			mid := (lo + hi) / 2
			if mid == lo || mid == hi {
				break
			}
			if hit(a.point(mid)) {
				hi = mid
			} else {
				lo = mid
			}
		}
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

// crossTrack is the angular distance of site from the great circle
// through p along its heading, positive to the right, and whether the
// site lies ahead.
func crossTrack(p arcPoint, site geo.LLA) (float64, bool) {
	d13 := centralAngle(p.at, site)
	db := bearing(p.at, site) - p.heading
	return math.Asin(math.Sin(d13) * math.Sin(db)), math.Cos(db) > 0
}
