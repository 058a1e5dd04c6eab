package scenario

import (
	"fmt"
	"math"
	"sort"

	"github.com/goccy/go-yaml/ast"

	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// A scenario without terrain puts the ground on the WGS-84 ellipsoid. A
// file written for high ground (units at 1 560 m near Isfahan) with
// threats at 40 m "above the ground" then has its radars look down from
// a 1.5 km mountain at targets far below them, and see them at 200 km
// instead of 45. The reader cannot know the ground, but it can notice
// threats that fly far below every unit and site around them.
const (
	// LowThreatMargin is how far below the lowest unit or site within
	// LowThreatRadius a threat's route point above the ellipsoid may lie
	// before the file is warned about, m: more than any terrain-following
	// flyer dips below a valley floor, less than the plateaus that trip
	// users up.
	LowThreatMargin = 300.0
	// LowThreatRadius is the ground distance, m, within which units and
	// sites count as around a route point: about the radar horizon of a
	// low flyer, where a wrong ground changes what is seen.
	LowThreatRadius = 150e3
)

// routeHeight is one route point of a threat flying above the ellipsoid,
// with the node it was written at.
type routeHeight struct {
	threat string
	at     geo.LLA
	n      ast.Node
}

// groundMark is something that stands on the ground: a site or a unit's
// command post, radar or launcher, whose alt tells the ground's height.
type groundMark struct {
	what string
	at   geo.LLA
}

// lowThreats warns, once per threat, of a route point that lies more than
// LowThreatMargin below the lowest unit or site within LowThreatRadius,
// in a scenario without terrain.
func (d *decoder) lowThreats(s *Scenario) []Warning {
	var marks []groundMark
	for _, site := range s.Sites {
		marks = append(marks, groundMark{"site " + site.ID, site.At})
	}
	for _, u := range s.Units {
		marks = append(marks, groundMark{"command post " + u.CommandPost.ID, u.CommandPost.At})
		for _, r := range u.Radars {
			marks = append(marks, groundMark{"radar " + r.ID, r.At})
		}
		for _, l := range u.Launchers {
			marks = append(marks, groundMark{"launcher " + l.ID, l.At})
		}
	}
	feet := make([]r3.Vec, len(marks))
	for i, m := range marks {
		feet[i] = geo.LLA{Lat: m.at.Lat, Lon: m.at.Lon}.ECEF()
	}
	var out []Warning
	warned := map[string]bool{}
	for _, h := range d.heights {
		if warned[h.threat] {
			continue
		}
		foot := geo.LLA{Lat: h.at.Lat, Lon: h.at.Lon}.ECEF()
		lowest := -1
		for i, m := range marks {
			// The chord between the feet: within a few metres of the
			// ground distance at these ranges.
			if r3.Norm(r3.Sub(feet[i], foot)) <= LowThreatRadius &&
				(lowest < 0 || m.at.Alt < marks[lowest].at.Alt) {
				lowest = i
			}
		}
		if lowest < 0 {
			continue
		}
		m := marks[lowest]
		below := m.at.Alt - h.at.Alt
		if below <= LowThreatMargin {
			continue
		}
		warned[h.threat] = true
		line, col := pos(h.n)
		out = append(out, Warning{File: d.file, Line: line, Col: col, Msg: fmt.Sprintf(
			"threat %s flies at %.0f m above the ellipsoid at %.4f, %.4f, %.0f m below every unit and site within %.0f km (the lowest, %s, stands at %.0f m); "+
				"without terrain the ground is the ellipsoid, so radars there look down on it from %.1f km; "+
				"want terrain: {ground: %.0f m} with altitude_ref: ground on the threat, a terrain: {dem: [...]}, or route heights above the ellipsoid over the real ground",
			h.threat, h.at.Alt, h.at.LatDeg(), h.at.LonDeg(), below, LowThreatRadius/1e3, m.what, m.at.Alt,
			m.at.Alt/1e3, math.Round(m.at.Alt))})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].Col < out[j].Col
	})
	return out
}

// OffGroundMargin is how far a unit's command post, radar or launcher may
// stand above or below a level ground (terrain: {ground}) before the file
// is warned about, m: more than a berm or an alt rounded to the plateau,
// less than the hundreds of metres of a unit written for another place.
// Masts are antenna_height, on top of alt, and do not count.
const OffGroundMargin = 50.0

// offGround warns, once per unit, of the part that stands farthest off a
// level ground by more than OffGroundMargin. A level ground is the ground
// everywhere, so a unit 550 m above it stands on a 550 m tower: its
// radars look down on every low target, and below their minimum
// elevation (-1 deg for the 92N6E) they miss one near them: 550 m up,
// an engagement hole 37.6 km in radius around the unit that no real
// battalion on its plateau has. Below the ground, the ground hides what
// it would see.
func (d *decoder) offGround(s *Scenario) []Warning {
	g := s.Terrain.Ground
	var out []Warning
	for _, u := range s.Units {
		worst, what := 0.0, ""
		var at geo.LLA
		consider := func(kind, id string, p geo.LLA) {
			if off := p.Alt - g; math.Abs(off) > math.Abs(worst) {
				worst, what, at = off, kind+" "+id, p
			}
		}
		// The fire-control radar first, then the others: on a tie they
		// are the parts that matter.
		for _, fc := range []bool{true, false} {
			for _, r := range u.Radars {
				if (r.Role == RoleFireControl) == fc {
					consider("radar", r.ID, r.At)
				}
			}
		}
		for _, l := range u.Launchers {
			consider("launcher", l.ID, l.At)
		}
		consider("command post", u.CommandPost.ID, u.CommandPost.At)
		if math.Abs(worst) <= OffGroundMargin {
			continue
		}
		line, col := d.placeOf(at)
		how := fmt.Sprintf("%.0f m above the level ground at %.0f m: its radars look down on low targets from there and, below their minimum elevation, miss those near the unit", worst, g)
		if worst < 0 {
			how = fmt.Sprintf("%.0f m below the level ground at %.0f m: the ground hides what it would see", -worst, g)
		}
		out = append(out, Warning{File: d.file, Line: line, Col: col, Msg: fmt.Sprintf(
			"unit %s: %s stands at %.0f m above the ellipsoid, %s; want alt: %.0f m (the level ground) for what stands on it, or terrain: {ground: ...} at the units' height",
			u.ID, what, at.Alt, how, math.Round(g))})
	}
	return out
}

// placeOf is the line and column of the position read nearest to p at
// p's height: p's own, or the at of the battalion it was expanded from
// (whose parts stand at its height, around it).
func (d *decoder) placeOf(p geo.LLA) (line, col int) {
	best := math.Inf(1)
	line, col = 1, 1
	foot := geo.LLA{Lat: p.Lat, Lon: p.Lon}.ECEF()
	for _, pl := range d.places {
		if pl.Leg || pl.At.Alt != p.Alt {
			continue
		}
		if dist := r3.Norm(r3.Sub(geo.LLA{Lat: pl.At.Lat, Lon: pl.At.Lon}.ECEF(), foot)); dist < best {
			best, line, col = dist, pl.Pos.Line, pl.Pos.Col
		}
	}
	return line, col
}
