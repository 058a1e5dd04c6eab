package motion

import (
	"fmt"
	"math"
	"sort"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/units"
	"gonum.org/v1/gonum/spatial/r3"
)

// StandardGravity is g₀, 9.80665 m/s² exactly (CGPM 1901; NIST SP 811
// Appendix B.8): the "g" of a load factor.
const StandardGravity = units.StandardG

// TurnAccel is the horizontal acceleration of a level coordinated turn at
// load factor n: the lift n·g tilted so that its vertical part holds the
// weight leaves g·√(n²−1) to turn the flight path. It is 0 for n ≤ 1.
func TurnAccel(n float64) float64 {
	if !(n > 1) {
		return 0
	}
	return StandardGravity * math.Sqrt(n*n-1)
}

// LoadFactor is the load factor of a level coordinated turn whose
// horizontal acceleration is a: √(1 + (a/g)²). It inverts TurnAccel.
func LoadFactor(a float64) float64 {
	return math.Hypot(1, a/StandardGravity)
}

// Flight flies a route as an aircraft or a winged missile does: it turns
// at a bounded rate, and it can break off its route on command.
//
// At each waypoint it flies over the point and then turns, at the
// horizontal acceleration a given to NewFlight, onto the direct course to
// the next waypoint: a level coordinated turn of radius v²/a and rate a/v
// (a = g·√(n²−1) at load factor n), in whichever direction gives the
// shorter path, followed by the geodesic from where the turn ends to the
// waypoint. Position and velocity are continuous; only the speed jumps
// where the scenario changes it. Flying over the waypoint and turning
// after it lengthens the next leg over Route's geodesic: by (π/2 − 1)R,
// about 0.57R, for a 90° turn onto a distant waypoint, and by πR for a
// reversal (TestFlightTurnDelay), so a Flight arrives a little later
// than a Route over the same waypoints: a fighter at 270 m/s and 9 g
// loses under 2 s in a 90° turn, a cruise missile at 245 m/s and 2 g
// about 7 s. A waypoint inside the circle of the shorter turn (close
// beside the body) is reached by turning the other way, the long way
// round; the two circles touch only at the body, so one always serves.
// Radius and speed are measured on the ellipsoid under the body, as
// Route's ground speed is: at height h both are (1 + h/6371 km) times
// larger in space, 0.13% at 8 km.
//
// The height changes linearly with the distance flown on each leg, the
// turn included. A turn is computed in the tangent plane at its start
// (its extent is a few kilometres, where the plane departs from the
// ellipsoid by millimetres horizontally) and ends where the geodesic to
// the next waypoint leaves along the turn's own heading, so the velocity
// does not jump at the join.
//
// Break makes the body evade: it turns at the break's acceleration onto a
// beam heading of a given point (a launcher), holds that heading level,
// and then rejoins its route by a turn onto the direct course to the
// waypoint it was flying to. See Break.
//
// State is deterministic; it may be asked for any time, in any order, but
// a Break replaces the path after its time, so the answer for a time after
// a break depends on whether the break was given first.
type Flight struct {
	start, end float64
	wps        []Waypoint
	accel      float64 // horizontal acceleration of route turns, m/s²; 0: instant turns
	segs       []segment
}

// segment is one piece of a Flight's path: a level coordinated turn
// (rate != 0) or a geodesic, flown at a constant ground speed and climb
// rate from time t0 to t1.
type segment struct {
	t0, t1 float64
	from   geo.LLA // position at t0; Alt the height there
	speed  float64 // ground speed on the ellipsoid, m/s
	climb  float64 // m/s
	// to is the index of the waypoint the segment is flying towards;
	// lands says the segment ends on it (the geodesic of a leg).
	to    int
	lands bool
	// A geodesic:
	line geo.Line
	// A turn: signed rate (rad/s, positive to the right, azimuth
	// increasing), the tangent plane at from, the heading in that plane
	// at t0, and the radius.
	rate   float64
	frame  geo.Frame
	psi0   float64
	radius float64
}

// NewFlight makes a flight that leaves the first waypoint at time start
// and turns at the waypoints with horizontal acceleration accel (m/s²);
// accel 0 turns instantly, as a Route does. The waypoints must satisfy
// NewRoute's conditions.
func NewFlight(start float64, wps []Waypoint, accel float64) (*Flight, error) {
	if !(accel >= 0) || math.IsInf(accel, 0) {
		return nil, fmt.Errorf("motion: turn acceleration %v m/s², want a finite value of 0 or more", accel)
	}
	// NewRoute checks the waypoints and the start.
	if _, err := NewRoute(start, wps); err != nil {
		return nil, err
	}
	f := &Flight{start: start, wps: append([]Waypoint(nil), wps...), accel: accel}
	_, azi, _ := geo.Inverse(wps[0].At, wps[1].At)
	f.plan(start, wps[0].At, azi, wps[0].Speed, 1, accel)
	return f, nil
}

// plan appends the path from position p (its Alt the height) flying on
// azimuth psi at time t, to waypoint k and then along the rest of the
// route; the turn onto each leg is at acceleration a. v is the speed of
// the leg to waypoint k.
func (f *Flight) plan(t float64, p geo.LLA, psi, v float64, k int, a float64) {
	for ; k < len(f.wps); k++ {
		to := f.wps[k].At
		c := turnTowards(p, psi, v, a, to)
		end, azi := p, 0.0
		if c.tau > 0 {
			end, azi = c.at(c.tau)
		}
		line, azi1, azi2 := geo.Inverse(end, to)
		if c.tau == 0 {
			azi = azi1 // no turn, or an instant one
		}
		// After a turn the geodesic leaves along the turn's final
		// heading, which the refinement in turnTowards made the course to
		// the waypoint to about 1e-13 rad: the velocity does not jump.
		climb := 0.0
		if length := v*c.tau + line; length > 0 {
			climb = v * (to.Alt - p.Alt) / length
		}
		if c.tau > 0 {
			f.segs = append(f.segs, segment{t0: t, t1: t + c.tau, from: p, speed: v, climb: climb, to: k,
				rate: c.rate, frame: c.frame, psi0: c.psi0, radius: c.radius})
			t += c.tau
			end.Alt = p.Alt + climb*c.tau
		}
		f.segs = append(f.segs, segment{t0: t, t1: t + line/v, from: end, speed: v, climb: climb, to: k, lands: true,
			line: geo.NewLine(end, azi)})
		t += line / v
		p, psi, v = to, azi2, f.wps[k].Speed
	}
	f.end = t
}

// arc is a level turn from a point: the tangent plane there, the signed
// rate, the heading in the plane at its start, radius and speed, and how
// long it lasts.
type arc struct {
	frame  geo.Frame
	from   geo.LLA
	psi0   float64
	rate   float64
	radius float64
	speed  float64
	tau    float64
}

// turnTowards is the turn at horizontal acceleration a that takes a body
// at p flying on azimuth psi at speed v onto the direct course to target:
// the shorter of the right and left turns whose circle leaves the target
// outside. Its tau is 0 when no turn is needed or a is 0 (and, were the
// target inside both circles, which touch only at p, an instant turn).
func turnTowards(p geo.LLA, psi, v, a float64, target geo.LLA) arc {
	c := newArc(p, psi, v, a, 1)
	if a <= 0 || !(v > 0) {
		return c
	}
	tgt := c.frame.ToENU(geo.LLA{Lat: target.Lat, Lon: target.Lon}.ECEF())
	best, bestLen := 0.0, math.Inf(1)
	for _, s := range []float64{1, -1} {
		// The centre is a radius to the side of the turn; the course
		// leaves the circle along the tangent to the target (see
		// tangentHeading).
		cx, cy := s*c.radius*math.Cos(psi), -s*c.radius*math.Sin(psi)
		wx, wy := tgt.X-cx, tgt.Y-cy
		d := math.Hypot(wx, wy)
		if d <= c.radius*(1+1e-12) {
			continue
		}
		beta := math.Atan2(wx, wy)
		psiT := beta + s*math.Asin(c.radius/d)
		turn := math.Mod(s*(psiT-psi), 2*math.Pi)
		if turn < 0 {
			turn += 2 * math.Pi
		}
		if turn < 1e-12 || turn > 2*math.Pi-1e-12 {
			return c // already on course
		}
		if l := c.radius*turn + math.Sqrt(d*d-c.radius*c.radius); l < bestLen {
			best, bestLen = s*turn, l
		}
	}
	if best == 0 {
		return c
	}
	s := math.Copysign(1, best)
	c = newArc(p, psi, v, a, s)
	c.tau = math.Abs(best) / math.Abs(c.rate)
	// On the ellipsoid the course to the target and the plane's heading
	// part by the convergence of the meridians: a few Newton steps on the
	// difference of the local azimuths close it.
	for range 6 {
		q, az := c.at(c.tau)
		_, toT, _ := geo.Inverse(q, target)
		diff := math.Remainder(toT-az, 2*math.Pi)
		c.tau = max(0, c.tau+diff/c.rate)
		if math.Abs(diff) < 1e-13 {
			break
		}
	}
	return c
}

// newArc is a turn from p on azimuth psi at speed v and horizontal
// acceleration a, to the right for s = 1, to the left for s = -1; its tau
// is 0.
func newArc(p geo.LLA, psi, v, a, s float64) arc {
	c := arc{frame: geo.NewFrame(geo.LLA{Lat: p.Lat, Lon: p.Lon}), from: p, psi0: psi, speed: v}
	if a > 0 && v > 0 {
		c.radius = v * v / a
		c.rate = s * a / v
	}
	return c
}

// at is the point (height that of the start) and the local azimuth of the
// velocity tau seconds into the turn.
//
// In the plane, with x east and y north, the heading ψ measured clockwise
// from north gives the direction (sin ψ, cos ψ) and the right-hand normal
// (cos ψ, −sin ψ). The centre lies at s·R·normal(ψ₀) from the start, and
// the body at centre − s·R·normal(ψ): its derivative in ψ is s·R times
// the direction, so with dψ/dt = s·ω the speed is R·ω = v.
func (c arc) at(tau float64) (geo.LLA, float64) {
	psi := c.psi0 + c.rate*tau
	s := math.Copysign(1, c.rate)
	x := s * c.radius * (math.Cos(c.psi0) - math.Cos(psi))
	y := s * c.radius * (math.Sin(psi) - math.Sin(c.psi0))
	ecef := c.frame.FromENU(r3.Vec{X: x, Y: y})
	q := geo.FromECEF(ecef)
	q.Alt = c.from.Alt
	sp, cp := math.Sincos(psi)
	dir := c.frame.RotateFromENU(r3.Vec{X: sp, Y: cp})
	local := geo.NewFrame(geo.LLA{Lat: q.Lat, Lon: q.Lon}).RotateToENU(dir)
	return q, math.Atan2(local.X, local.Y)
}

// Start is the time the flight leaves its first waypoint.
func (f *Flight) Start() float64 { return f.start }

// End is the time the flight reaches its last waypoint; a Break can move
// it.
func (f *Flight) End() float64 { return f.end }

// Accel is the horizontal acceleration of the route's turns, m/s².
func (f *Flight) Accel() float64 { return f.accel }

// State returns the ECEF position and velocity at time t. The velocity is
// the time derivative of the position, as Route's. At a join the later
// segment's velocity is given.
func (f *Flight) State(t float64) (pos, vel r3.Vec, ok bool) {
	if !(t >= f.start && t <= f.end) {
		return r3.Vec{}, r3.Vec{}, false
	}
	if sg, tau := f.segmentAt(t); sg.rate == 0 && !sg.landsAt(tau) {
		// Along a geodesic: from the sines of the point, not its angles.
		pos, vel = trigState(sg.line.Trig(tau*sg.speed), sg.from.Alt+sg.climb*tau, sg.speed, sg.climb)
		return pos, vel, true
	}
	p, azi, sg := f.at(t)
	pos, vel = geodeticState(p, azi, sg.speed, sg.climb)
	return pos, vel, true
}

// segmentAt is the segment flown at t, which must lie in [start, end],
// and the time into it.
func (f *Flight) segmentAt(t float64) (*segment, float64) {
	i := sort.Search(len(f.segs), func(i int) bool { return f.segs[i].t0 > t }) - 1
	sg := &f.segs[max(i, 0)]
	return sg, min(t, sg.t1) - sg.t0
}

// landsAt says the segment is at its waypoint tau into it.
func (sg *segment) landsAt(tau float64) bool { return sg.lands && tau == sg.t1-sg.t0 }

// at is the geodetic position, azimuth of travel and segment at t, which
// must lie in [start, end].
func (f *Flight) at(t float64) (geo.LLA, float64, *segment) {
	sg, tau := f.segmentAt(t)
	if sg.rate != 0 {
		p, azi := arc{frame: sg.frame, from: sg.from, psi0: sg.psi0, rate: sg.rate, radius: sg.radius}.at(tau)
		p.Alt = sg.from.Alt + sg.climb*tau
		return p, azi, sg
	}
	p, azi := sg.line.Position(tau * sg.speed)
	p.Alt = sg.from.Alt + sg.climb*tau
	if sg.landsAt(tau) {
		// Land exactly on the waypoint, not a few nanometres beside it.
		p = f.wps[sg.to].At
	}
	return p, azi, sg
}

// Break is an evasive manoeuvre: the classic "beam" against a radar-
// guided missile (e.g. Shaw, Fighter Combat: Tactics and Maneuvering,
// 1985, ch. 8 on defending against surface-to-air missiles; the "beam and
// notch" of current tactics texts). The body turns at Accel onto the
// heading square to the line of sight from Threat (of the two, the nearer
// its own heading): flying across the line of sight puts it at the beam
// of the launcher's radar, where a Doppler radar sees the least closing
// speed, and makes the missile fly a longer, harder-turning path. It
// holds that heading level until Hold seconds after At, or until the turn
// is done if that is later, then turns, at the route's acceleration (or
// Accel if the route turns instantly), onto the direct course to the
// waypoint it was flying to, and flies on along its route. The speed is
// held: the energy a sustained high-g turn bleeds is not modelled.
type Break struct {
	At     float64 // s
	Threat r3.Vec  // ECEF: the point whose beam the body seeks (the launcher)
	Accel  float64 // horizontal acceleration of the break turn, m/s²
	Hold   float64 // s from At until the body turns back to its route
}

// Break replaces the path from b.At on with the evasive manoeuvre b. It
// reports false, changing nothing, when b.At is not within the flight or
// b.Accel is not positive.
func (f *Flight) Break(b Break) bool {
	if !(b.At >= f.start && b.At < f.end) || !(b.Accel > 0) || math.IsInf(b.Accel, 0) {
		return false
	}
	p, psi, sg := f.at(b.At)
	v, resume := sg.speed, sg.to
	// Cut the path at b.At.
	i := sort.Search(len(f.segs), func(i int) bool { return f.segs[i].t0 > b.At }) - 1
	i = max(i, 0)
	f.segs = f.segs[:i+1]
	f.segs[i].t1 = b.At
	f.segs[i].lands = false
	if f.segs[i].t1 <= f.segs[i].t0 {
		f.segs = f.segs[:i]
	}

	_, los, _ := geo.Inverse(p, geo.FromECEF(b.Threat))
	beam := los + math.Pi/2
	if math.Abs(math.Remainder(beam-psi, 2*math.Pi)) > math.Pi/2 {
		beam = los - math.Pi/2
	}
	turn := math.Remainder(beam-psi, 2*math.Pi)
	t := b.At
	c := newArc(p, psi, v, b.Accel, math.Copysign(1, turn))
	c.tau = math.Abs(turn) / math.Abs(c.rate)
	heading := psi
	if c.tau > 0 {
		f.segs = append(f.segs, segment{t0: t, t1: t + c.tau, from: p, speed: v, to: resume,
			rate: c.rate, frame: c.frame, psi0: c.psi0, radius: c.radius})
		t += c.tau
		p, heading = c.at(c.tau)
	}
	if hold := b.At + b.Hold - t; hold > 0 {
		line := geo.NewLine(p, heading)
		f.segs = append(f.segs, segment{t0: t, t1: t + hold, from: p, speed: v, to: resume, line: line})
		t += hold
		p, heading = line.Position(v * hold)
	}
	a := f.accel
	if a == 0 {
		a = b.Accel
	}
	f.plan(t, p, heading, v, resume, a)
	return true
}

// Path samples the flight for drawing: every waypoint and join, with
// points at most 10 km apart along geodesics and 10° apart along turns.
func (f *Flight) Path() []geo.LLA {
	path := []geo.LLA{f.segs[0].from}
	for k := range f.segs {
		sg := &f.segs[k]
		n := 1
		if sg.rate != 0 {
			n = int(math.Ceil(math.Abs(sg.rate) * (sg.t1 - sg.t0) / (10 * math.Pi / 180)))
		} else {
			n = int(math.Ceil(sg.speed * (sg.t1 - sg.t0) / pathSpacing))
		}
		for j := 1; j <= n; j++ {
			p, _, _ := f.at(sg.t0 + (sg.t1-sg.t0)*float64(j)/float64(max(n, 1)))
			path = append(path, p)
		}
	}
	return path
}
