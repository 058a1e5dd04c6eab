package motion

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// Waypoint is a point of a route and the ground speed of the leg that
// starts there.
type Waypoint struct {
	// At is the waypoint; At.Alt is the height above the ellipsoid there.
	At geo.LLA
	// Speed is the ground speed in m/s along the leg that starts at this
	// waypoint, measured on the ellipsoid. The last waypoint's is unused.
	Speed float64
}

// Route flies from waypoint to waypoint along geodesics of the WGS-84
// ellipsoid (the shortest paths, as a navigation system flies them). Along
// a leg the ground speed is constant and the height changes linearly with
// the distance flown, so the body climbs or dives at a constant angle. The
// turn at a waypoint is instantaneous: the velocity jumps there.
type Route struct {
	start, end float64
	length     float64
	legs       []leg
}

// leg is one geodesic leg with its schedule.
type leg struct {
	line      geo.Line
	from, to  geo.LLA
	t0        float64 // time at from
	length    float64 // geodesic length, m
	speed     float64 // ground speed, m/s
	climbRate float64 // height change per metre flown
}

// NewRoute makes a route that leaves the first waypoint at time start. It
// needs at least two waypoints, a positive finite speed on every leg, valid
// positions, and no two consecutive waypoints on the same spot (closer
// than 1 mm on the ground).
func NewRoute(start float64, wps []Waypoint) (*Route, error) {
	if len(wps) < 2 {
		return nil, fmt.Errorf("motion: route needs at least 2 waypoints, got %d", len(wps))
	}
	if math.IsNaN(start) || math.IsInf(start, 0) {
		return nil, fmt.Errorf("motion: route start time %v is not finite", start)
	}
	for i, w := range wps {
		if err := checkLLA(w.At); err != nil {
			return nil, fmt.Errorf("motion: waypoint %d: %w", i, err)
		}
	}
	r := &Route{start: start, legs: make([]leg, 0, len(wps)-1)}
	t := start
	for i := range len(wps) - 1 {
		from, to := wps[i], wps[i+1]
		if !(from.Speed > 0) || math.IsInf(from.Speed, 0) {
			return nil, fmt.Errorf("motion: waypoint %d: speed %v m/s, want a positive finite speed", i, from.Speed)
		}
		s12, azi1, _ := geo.Inverse(from.At, to.At)
		if s12 < 1e-3 {
			return nil, fmt.Errorf("motion: waypoints %d and %d coincide (%.3g m apart)", i, i+1, s12)
		}
		r.legs = append(r.legs, leg{
			line:      geo.NewLine(from.At, azi1),
			from:      from.At,
			to:        to.At,
			t0:        t,
			length:    s12,
			speed:     from.Speed,
			climbRate: (to.At.Alt - from.At.Alt) / s12,
		})
		t += s12 / from.Speed
		r.length += s12
	}
	r.end = t
	return r, nil
}

func checkLLA(p geo.LLA) error {
	switch {
	case !(math.Abs(p.Lat) <= math.Pi/2):
		return fmt.Errorf("latitude %v rad outside [-π/2, π/2]", p.Lat)
	case math.IsNaN(p.Lon) || math.IsInf(p.Lon, 0):
		return errors.New("longitude is not finite")
	case math.IsNaN(p.Alt) || math.IsInf(p.Alt, 0):
		return errors.New("height is not finite")
	}
	return nil
}

// Start is the time the route leaves its first waypoint.
func (r *Route) Start() float64 { return r.start }

// End is the time the route reaches its last waypoint.
func (r *Route) End() float64 { return r.end }

// Length is the ground length of the route along the ellipsoid, m.
func (r *Route) Length() float64 { return r.length }

// State returns the ECEF position and velocity at time t. The velocity is
// the time derivative of the position: the ground speed along the
// geodesic, scaled by (R + h)/R for the height above the ellipsoid, plus
// the climb rate. At a waypoint the later leg's velocity is given.
func (r *Route) State(t float64) (pos, vel r3.Vec, ok bool) {
	if !(t >= r.start && t <= r.end) {
		return r3.Vec{}, r3.Vec{}, false
	}
	// The first leg starting after t, less one.
	i := sort.Search(len(r.legs), func(i int) bool { return r.legs[i].t0 > t }) - 1
	l := &r.legs[max(i, 0)]
	s := (t - l.t0) * l.speed
	s = min(s, l.length)
	if s == l.length {
		// Land exactly on the waypoint, not a few nanometres beside it.
		_, azi := l.line.Position(s)
		pos, vel = geodeticState(l.to, azi, l.speed, l.speed*l.climbRate)
		return pos, vel, true
	}
	pos, vel = trigState(l.line.Trig(s), l.from.Alt+l.climbRate*s, l.speed, l.speed*l.climbRate)
	return pos, vel, true
}

// geodeticState gives the ECEF position of p and the ECEF velocity of a
// body there moving over the ellipsoid with ground speed v (measured on
// the ellipsoid surface) on azimuth azi while climbing at climb m/s.
//
// On the surface, dlat/ds = cos(azi)/M and dlon/ds = sin(azi)/(N cos(lat)),
// M and N the meridian and prime-vertical radii of curvature; at height h
// the same angular rates sweep (M + h) and (N + h) cos(lat) metres.
func geodeticState(p geo.LLA, azi, v, climb float64) (pos, vel r3.Vec) {
	sLat, cLat := math.Sincos(p.Lat)
	sLon, cLon := math.Sincos(p.Lon)
	sAz, cAz := math.Sincos(azi)
	return trigState(geo.Trig{SinLat: sLat, CosLat: cLat, SinLon: sLon, CosLon: cLon, SinAzi: sAz, CosAzi: cAz}, p.Alt, v, climb)
}

// trigState is geodeticState of a point given by the sines and cosines
// of its latitude, longitude and azimuth (geo.Line.Trig), at height alt.
func trigState(tr geo.Trig, alt, v, climb float64) (pos, vel r3.Vec) {
	w2 := 1 - geo.E2*tr.SinLat*tr.SinLat
	n := geo.A / math.Sqrt(w2)
	m := n * (1 - geo.E2) / w2
	pos = r3.Vec{
		X: (n + alt) * tr.CosLat * tr.CosLon,
		Y: (n + alt) * tr.CosLat * tr.SinLon,
		Z: (n*(1-geo.E2) + alt) * tr.SinLat,
	}
	ve := v * tr.SinAzi * (n + alt) / n
	vn := v * tr.CosAzi * (m + alt) / m
	vel = r3.Vec{
		X: -tr.SinLon*ve - tr.SinLat*tr.CosLon*vn + tr.CosLat*tr.CosLon*climb,
		Y: tr.CosLon*ve - tr.SinLat*tr.SinLon*vn + tr.CosLat*tr.SinLon*climb,
		Z: tr.CosLat*vn + tr.SinLat*climb,
	}
	return pos, vel
}

// pathSpacing is the largest gap between drawn points: at 10 km a geodesic
// strays from the straight line between samples by well under a pixel on
// any regional map.
const pathSpacing = 10e3

// Path samples the route for drawing: every waypoint, with points at most
// 10 km apart between them.
func (r *Route) Path() []geo.LLA {
	path := []geo.LLA{r.legs[0].from}
	for _, l := range r.legs {
		n := int(math.Ceil(l.length / pathSpacing))
		for k := 1; k < n; k++ {
			s := l.length * float64(k) / float64(n)
			p, _ := l.line.Position(s)
			p.Alt = l.from.Alt + l.climbRate*s
			path = append(path, p)
		}
		path = append(path, l.to)
	}
	return path
}
