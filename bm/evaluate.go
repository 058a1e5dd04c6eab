package bm

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/motion"
)

// Track is what the battle manager knows of one target: the air
// picture's estimate at time T, in ECEF.
type Track struct {
	ID       int
	T        float64
	Pos, Vel r3.Vec
	VelSigma float64 // 1-sigma velocity uncertainty, worst axis, m/s
	// PosCov is the position covariance in ECEF, row-major, m². Zero means
	// unknown; it is needed only to correlate tracks of different units.
	PosCov [9]float64
	// Cov is the covariance of position and velocity in ECEF, row-major
	// 6×6 (m, m/s). Zero means unknown: PosCov and VelSigma stand in for
	// it. The impact prediction of a ballistic track flies its spread.
	Cov [36]float64
	// Drag is the tracker's estimate of the target's inverse ballistic
	// coefficient κ = 1/β, m²/kg (track.Track.Drag), and DragCov its
	// covariance with Pos and Vel (ECEF; DragCov[6] its variance): the
	// impact prediction flies a ballistic track through the air with
	// them. Zero DragCov means no estimate: the flight is then in vacuum,
	// or, with Drag above zero, at that drag exactly.
	Drag    float64
	DragCov [7]float64
	// Ground is the height above the WGS-84 ellipsoid of the ground under
	// the track, m, as the command post's map gives it (the scenario's
	// terrain); 0 where the ground is the ellipsoid. Classify measures a
	// track's height from it.
	Ground float64
	// Profile is what the command post has seen of the track's flight
	// so far, nil if it keeps none: Classify then goes by this estimate
	// alone.
	Profile *Profile
	// Updated is the time of the track's last detection: T - Updated is
	// how long it has coasted on its estimate (Doctrine.CoastLimit).
	Updated float64
	// Misses counts the looks in a row, by radars that have held the
	// track and cover it, that did not detect it.
	Misses int
	// TurnRate is the estimated rate at which the track's heading
	// turns, rad/s, positive turning right (clockwise seen from above,
	// as headings count); TurnSigma is its standard deviation and
	// TurnProb the probability that the track turns: the tracker's turn
	// model's (track.Track.Turn), or, once the command post has watched
	// the track's heading (Profile.WithTurn), its fit's confidence. Zero
	// TurnProb means no turn estimate. Evaluate predicts a turning
	// track's path along its turn (see Turning).
	TurnRate, TurnSigma, TurnProb float64
}

// Turning thresholds: a track is predicted along its turn when its turn
// is the likelier (TurnProb at least MinTurnProbability), and its turn
// rate is at least MinTurnRate and twice its own standard deviation.
// Below them the turn is noise on a straight flight, and a track flies
// on along its heading.
const (
	MinTurnProbability = 0.5
	// MinTurnRate, 0.01 rad/s (0.57°/s), is a turn of 25 km radius at
	// 250 m/s: a standard-rate turn is 3°/s, a cruise missile's turn
	// at a waypoint at 2 g and 250 m/s 4.5°/s.
	MinTurnRate = 0.01
	// MaxTurn bounds the predicted turn: a quarter turn, the sharpest
	// course change of an attack route at a waypoint. A track that
	// goes on turning circles; a circling drone thus threatens only a
	// site its nose comes onto within the next quarter turn, not every
	// site around it.
	MaxTurn = math.Pi / 2
)

// Turning reports whether Evaluate predicts tk's path along its turn
// (see the Turning thresholds).
func (tk Track) Turning() bool {
	w := math.Abs(tk.TurnRate)
	return tk.TurnProb >= MinTurnProbability && w >= MinTurnRate && w >= 2*tk.TurnSigma
}

// Site is a defended asset: a position, a value and the radius inside
// which a threat counts as having reached it.
type Site struct {
	ID     string
	Pos    r3.Vec
	Value  float64
	Radius float64
	// ground is Pos's ground point on the sphere, made once by NewSite:
	// a threat evaluation tests every track against every site, and the
	// geodetic conversion is most of a test. nil in a Site written as a
	// literal: it is then made at each test.
	ground *sitePoint
}

// NewSite is a site at pos (ECEF) with its ground point on the sphere
// made once for the threat evaluations that test tracks against it.
func NewSite(id string, pos r3.Vec, value, radius float64) Site {
	p := newSitePoint(pos)
	return Site{ID: id, Pos: pos, Value: value, Radius: radius, ground: &p}
}

// sitePoint is a site's geodetic position and its unit vector on the
// sphere (unitSphere), as the great-circle tests take them.
type sitePoint struct {
	at geo.LLA
	u  r3.Vec
}

func newSitePoint(pos r3.Vec) sitePoint {
	at := geo.FromECEF(pos)
	return sitePoint{at: at, u: unitSphere(at)}
}

// point is s's ground point, made now if NewSite did not make it.
func (s *Site) point() sitePoint {
	if s.ground != nil {
		return *s.ground
	}
	return newSitePoint(s.Pos)
}

// Threat is one ranked entry of a threat evaluation.
type Threat struct {
	Track    Track
	Class    string  // kinematic class, from Classify
	Site     string  // the site most threatened, "" if none is
	TimeToGo float64 // seconds until the track reaches Site's radius; +Inf if it does not
	Score    float64 // higher is more urgent
	// why holds the figures of the evaluation's reason, formatted by
	// Reason only when an event says it.
	why threatWhy
	// Impact is the predicted impact on Site of a ballistic track (nil
	// for other classes, or when no prediction could be made).
	Impact *Impact
	// Predicted says the track's impact was predicted: with Site empty,
	// it falls away from every site.
	Predicted bool
}

// threatWhy is why a threat evaluation ranks a track as it does, as
// the figures its text gives: a command post evaluates every track of
// its picture at every decision, and almost none of the reasons are
// written (only those of an engagement or a hold fire said), so they are
// formatted (Threat.Reason) only then. The zero value says nothing.
type threatWhy struct {
	form whyForm
	// site is the site the reason names: the site most threatened, or,
	// for a track heading for none, the one it would reach first.
	site          string
	value, radius float64 // the site's value and radius, m
	// dist is the track's distance from the site's radius, m (a track
	// heading for no site).
	dist float64
	// Impact on the site of a ballistic track: the mean impact's ground
	// distance from the site (m), the chance of falling within its
	// radius, the 1-sigma semi-axes of the impact ellipse (m), and the
	// time to impact (s).
	miss, p, major, minor, fall float64
	// turn is how much more a turning track turns until its nose comes
	// onto the site, rad; p is then the chance of rolling out onto it.
	turn float64
	// release is the doctrine's time to go within which the unit fired
	// into its reserve (Unit.Plan), s; released says it did.
	released bool
	release  float64
}

// whyForm is the form of a threat evaluation's reason.
type whyForm uint8

const (
	whyNone       whyForm = iota // no evaluation: no text
	whyHeading                   // flying straight on, the track reaches the site
	whyTurning                   // turning, its nose comes onto the site
	whyImpact                    // a ballistic track falls on the site
	whyNoSite                    // not heading for any site, and there is none
	whyAway                      // not heading for any site; the nearest by time
	whyImpactAway                // a ballistic track falling away from every site
)

// Reason is the text of th's evaluation, as events.jsonl writes it:
// which site the track threatens, and the figures that say how.
func (th Threat) Reason() string {
	w := &th.why
	var s string
	switch w.form {
	case whyNone:
		return ""
	case whyHeading:
		s = fmt.Sprintf("heading for %s (value %g), %.0f s to go", w.site, w.value, th.TimeToGo)
	case whyTurning:
		side := "left"
		if th.Track.TurnRate > 0 {
			side = "right"
		}
		s = fmt.Sprintf("turning %s towards %s (value %g), %.0f° more at %.1f°/s, P %.2f of rolling out onto it, %.0f s to go",
			side, w.site, w.value, w.turn*180/math.Pi, math.Abs(th.Track.TurnRate)*180/math.Pi, w.p, th.TimeToGo)
	case whyImpact:
		s = fmt.Sprintf("impact predicted %.1f km from %s (value %g), P %.2f within its %.1f km, ellipse %.0f x %.0f m (1 sigma), %.0f s to impact",
			w.miss/1000, w.site, w.value, w.p, w.radius/1000, w.major, w.minor, w.fall)
	case whyNoSite:
		s = "not heading for any site"
	case whyAway:
		s = fmt.Sprintf("not heading for any site; %.0f km from %s", w.dist/1000, w.site)
	case whyImpactAway:
		s = fmt.Sprintf("impact predicted %.1f km from %s, P %.2g within its %.1f km; %.0f km from it",
			w.miss/1000, w.site, w.p, w.radius/1000, w.dist/1000)
	}
	if w.released {
		s += fmt.Sprintf("; reserve released: a %s target %.0f s from %s, within the doctrine's %.0f s",
			th.Class, th.TimeToGo, th.Site, w.release)
	}
	return s
}

// MinImpactProbability is the least chance of falling within a site's
// radius at which a ballistic track threatens it: a warhead whose impact
// ellipse only grazes the site still draws fire, one that will fall
// kilometres away does not.
const MinImpactProbability = 0.01

// headingAwayWeight scales down tracks that, flying straight on, reach no
// site: they may still turn, so they are not ignored, but a threat bearing
// down on an asset always comes first.
const headingAwayWeight = 0.1

// Evaluate ranks tracks by urgency: the value of the site a track
// threatens divided by the time it needs to reach it. Where a track goes
// depends on how it flies:
//
//   - a ballistic track (Classify) falls where gravity takes it: its
//     impact point on each site's height is predicted with its error
//     ellipse (PredictImpacts), and it threatens the sites it falls
//     within the radius of with probability MinImpactProbability or more,
//     its score the value times that probability over the time until its
//     predicted trajectory enters the site's radius;
//   - any other track flies on at its height over the curved earth: it
//     threatens a site whose radius its straight path in space enters, or
//     whose radius its ground track (the great circle along its heading)
//     passes within. A straight line in space climbs away from the earth,
//     10 km in 360 km, and missed every site an aircraft at altitude or a
//     cruise missile far out was heading for;
//   - a track the tracker sees turning (Track.Turning) flies on along its
//     turn, a circular arc at its ground speed and turn rate, and may
//     roll out onto the great circle of its heading at any point of the
//     arc within MaxTurn: it threatens the sites its nose comes onto
//     (its heading's great circle from a point of the arc passes within
//     the site's radius, or the arc itself passes over it), its time to
//     go the time along the arc to the first such point and on along the
//     great circle. Where the turn ends is not known: every point of the
//     quarter turn is taken as equally likely, and a site is threatened
//     along the turn when the chance of rolling out onto it, the turn
//     model's probability times the share of the quarter turn over
//     which the nose points within the site's radius, is
//     MinImpactProbability or more (a 2 km site within about 230 km at a
//     turn probability of 0.9). A cruise missile turning at its last
//     waypoint for a site is "turning towards" it before it points at
//     it; a drone circling far from any site threatens none.
//
// A track threatening several sites is assessed against the one of
// highest value over time to go: the site most threatened.
//
// Every track threatening a site ranks above every track that is not;
// those are ranked among themselves by the value of a site over their
// straight-line flight time to it, weighted down. Ties go to the lower
// track id, so the ranking is deterministic.
func Evaluate(tracks []Track, sites []Site) []Threat {
	out := make([]Threat, 0, len(tracks))
	for _, tk := range tracks {
		out = append(out, EvaluateTrack(tk, sites))
	}
	Rank(out)
	return out
}

// EvaluateTrack is Evaluate's assessment of one track, before ranking: it
// depends on that track and the sites alone, so a command post can make
// it once for every unit whose picture holds the track.
func EvaluateTrack(tk Track, sites []Site) Threat {
	return evaluateTrack(tk, sites, nil)
}

// ImpactCarry carries one track's impact prediction from one evaluation
// to the next while no detection has updated the track (Track.Updated
// unchanged). The estimate then only coasts on the tracker's motion
// model: flying it down again from a later point of the same arc finds
// the same impact, differing only by the process noise the coast added
// to its spread, while each prediction flies 13 to 15 trajectories to
// the ground. A command post keeps one per track and evaluates it
// against the same sites each time; the zero value holds nothing yet.
type ImpactCarry struct {
	made    bool
	updated float64
	impacts []Impact
	ok      bool
	// work is the storage of the predictions, reused by the next.
	work impactWork
}

// Evaluate is EvaluateTrack with the impact prediction carried in c: a
// ballistic track's impacts are predicted again only when a detection
// has updated it since c's prediction. The time to go, score and reason
// are the current estimate's (the impact's time is absolute).
func (c *ImpactCarry) Evaluate(tk Track, sites []Site) Threat {
	return evaluateTrack(tk, sites, c)
}

// predict returns tk's impacts on sites, from c when c holds a
// prediction made since tk's last detection.
func (c *ImpactCarry) predict(tk Track, sites []Site) ([]Impact, bool) {
	if c == nil {
		return PredictImpacts(tk, sites)
	}
	if !c.made || c.updated != tk.Updated {
		c.impacts, c.ok = c.work.predict(tk, sites)
		c.made, c.updated = true, tk.Updated
	}
	return c.impacts, c.ok
}

// evaluateTrack is EvaluateTrack, with impacts carried in c unless c is
// nil.
func evaluateTrack(tk Track, sites []Site, c *ImpactCarry) Threat {
	best := Threat{Track: tk, TimeToGo: math.Inf(1), Class: Classify(tk)}
	impacts, ballistic := []Impact(nil), false
	if best.Class == ClassBallistic {
		impacts, ballistic = c.predict(tk, sites)
		best.Predicted = ballistic
	}
	// The track's ground track and turn are made at the first site its
	// straight path misses, the turn only if the track turns.
	var ground groundTrack
	var arc turnArc
	grounded, turning, arced := false, !ballistic && tk.Turning(), false
	for i, s := range sites {
		if ballistic {
			im := impacts[i]
			if im.P < MinImpactProbability {
				continue
			}
			ttg := max(min(im.Enter, im.T)-tk.T, 0)
			score := s.Value * im.P / math.Max(ttg, 1)
			if score > best.Score {
				major, minor := im.Axes()
				best.Site, best.TimeToGo, best.Score, best.Impact = s.ID, ttg, score, &impacts[i]
				best.why = threatWhy{form: whyImpact, site: s.ID, value: s.Value, radius: s.Radius,
					miss: im.Miss, p: im.P, major: major, minor: minor, fall: im.T - tk.T}
			}
			continue
		}
		ttg, ok := timeToRadius(tk.Pos, tk.Vel, s.Pos, s.Radius)
		if !ok {
			if !grounded {
				ground, grounded = newGroundTrack(tk.Pos, tk.Vel), true
			}
			ttg, ok = ground.toRadius(s.point(), s.Radius)
		}
		turn, p := 0.0, 1.0
		if !ok && turning && !arced {
			turning, arced = arc.init(tk), true
		}
		if !ok && turning {
			turn, ttg, p, ok = arc.toRadius(s)
			ok = ok && p >= MinImpactProbability
		}
		if !ok {
			continue
		}
		score := s.Value / math.Max(ttg, 1)
		if score > best.Score {
			best.Site, best.TimeToGo, best.Score = s.ID, ttg, score
			best.why = threatWhy{form: whyHeading, site: s.ID, value: s.Value}
			if turn > 0 {
				best.why.form, best.why.turn, best.why.p = whyTurning, turn, p
			}
		}
	}
	if best.Site == "" {
		speed := geo.Norm(tk.Vel)
		best.why = threatWhy{form: whyNoSite}
		first := true
		for i, s := range sites {
			d := math.Max(geo.Norm(r3.Sub(tk.Pos, s.Pos))-s.Radius, 0)
			t := math.Inf(1)
			if speed > 0 {
				t = d / speed
			}
			score := headingAwayWeight * s.Value / math.Max(t, 1)
			if first || score > best.Score {
				first = false
				best.Score = score
				best.why = threatWhy{form: whyAway, site: s.ID, dist: d}
				if ballistic {
					best.why = threatWhy{form: whyImpactAway, site: s.ID, radius: s.Radius, dist: d, miss: impacts[i].Miss, p: impacts[i].P}
				}
			}
		}
	}
	return best
}

// Rank orders assessed threats as Evaluate does: a track bearing down on
// a site first, then by score, then by track number. The order is total
// (track numbers differ), so any sort gives the same one; it sorts
// indices, not the threats, whose tracks carry their covariances.
func Rank(out []Threat) {
	idx := make([]int, len(out))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(i, j int) int {
		a, b := &out[i], &out[j]
		// A track bearing down on a site always outranks one that is not.
		if fa, fb := !math.IsInf(a.TimeToGo, 1), !math.IsInf(b.TimeToGo, 1); fa != fb {
			if fa {
				return -1
			}
			return 1
		}
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			if b.Score > a.Score {
				return 1
			}
			return 0
		}
		return cmp.Compare(a.Track.ID, b.Track.ID)
	})
	// Put out[idx[k]] at k in place, cycle by cycle: a copy of the
	// threats would be as large again as the picture.
	for k := range idx {
		if idx[k] == k {
			continue
		}
		first := out[k]
		j := k
		for idx[j] != k {
			next := idx[j]
			out[j] = out[next]
			idx[j] = j
			j = next
		}
		out[j] = first
		idx[j] = j
	}
}

// timeToRadius is the first time t >= 0 at which p + v t lies within r of
// c, or false if the straight path never comes that close.
func timeToRadius(p, v, c r3.Vec, r float64) (float64, bool) {
	d := r3.Sub(p, c)
	dd := r3.Dot(d, d)
	if dd <= r*r {
		return 0, true
	}
	vv := r3.Dot(v, v)
	dv := r3.Dot(d, v)
	if vv == 0 || dv >= 0 {
		return 0, false
	}
	disc := dv*dv - vv*(dd-r*r)
	if disc < 0 {
		return 0, false
	}
	return (-dv - math.Sqrt(disc)) / vv, true
}

// groundTrackToRadius is the time until a track flying on at its ground
// speed along the great circle of its heading (on a sphere of the
// earth's mean radius) comes within r of c's ground point, or false if
// its ground track never does, or leads away. Height is left out: a
// track flying at altitude towards a site is heading for it.
func groundTrackToRadius(p, v, c r3.Vec, r float64) (float64, bool) {
	g := newGroundTrack(p, v)
	return g.toRadius(newSitePoint(c), r)
}

// groundTrack is a track's ground point, heading and ground speed, made
// once for the tests of all sites (groundTrackToRadius).
type groundTrack struct {
	gs float64 // ground speed, m/s; the track has no ground track if not > 0
	p  arcPoint
}

func newGroundTrack(p, v r3.Vec) groundTrack {
	here := geo.FromECEF(p)
	east, north := horizontal(here, v)
	g := groundTrack{gs: geo.Hypot(east, north)}
	if g.gs > 0 {
		g.p = newArcPoint(here, math.Atan2(east, north))
	}
	return g
}

// sphereSlack is how far, in radians on the unit sphere, the dot
// products of groundTrack.toRadius's quick test stay from their limits
// before they decide alone: rounding errs by 1e-16, a slack of 1e-9
// (6 mm on the ground) leaves every case the trigonometry could decide
// otherwise to the trigonometry.
const sphereSlack = 1e-9

// toRadius is groundTrackToRadius for the site at site. Most sites of a
// country lie well off a track's great circle or behind it: the dot
// products of the site's unit vector with the track's (arcPoint) say so
// without the trigonometry, which decides every site they leave.
func (g *groundTrack) toRadius(site sitePoint, r float64) (float64, bool) {
	if !(g.gs > 0) {
		return 0, false
	}
	rr := r / motion.SphereRadius
	if r3.Dot(site.u, g.p.u) < math.Cos(rr)-sphereSlack {
		// Farther than r: the site must lie ahead and within r of the
		// great circle (|sin xt| = |site · n|, ahead: site · t > 0).
		if math.Abs(r3.Dot(site.u, g.p.n)) > math.Sin(rr)+sphereSlack || r3.Dot(site.u, g.p.t) < -sphereSlack {
			return 0, false
		}
	}
	d, ok := greatCircleToRadius(g.p.at, g.p.heading, site.at, r)
	return d / g.gs, ok
}

// greatCircleToRadius is the ground distance along the great circle
// from here on heading b12 (radians clockwise from north) until it comes
// within r of site, on a sphere of the earth's mean radius, or false if
// it never does, or leads away.
func greatCircleToRadius(here geo.LLA, b12 float64, site geo.LLA, r float64) (float64, bool) {
	const R = motion.SphereRadius
	// Angular distance and bearing to the site, then the cross-track
	// and along-track distances of the spherical triangle.
	d13 := centralAngle(here, site)
	if d13*R <= r {
		return 0, true
	}
	b13 := bearing(here, site)
	xt := math.Asin(math.Sin(d13) * math.Sin(b13-b12))
	if math.Abs(xt)*R > r || math.Cos(b13-b12) <= 0 {
		return 0, false
	}
	at := math.Acos(math.Min(math.Cos(d13)/math.Cos(xt), 1)) * R
	// Along the track the ground distance falls below r a chord's half
	// before the closest point (flat within the radius).
	return math.Max(at-math.Sqrt(r*r-xt*xt*R*R), 0), true
}

// horizontal returns the east and north components of v at p.
func horizontal(p geo.LLA, v r3.Vec) (east, north float64) {
	sLat, cLat := math.Sincos(p.Lat)
	sLon, cLon := math.Sincos(p.Lon)
	east = -sLon*v.X + cLon*v.Y
	north = -sLat*cLon*v.X - sLat*sLon*v.Y + cLat*v.Z
	return east, north
}

// centralAngle is the angle at the earth's centre between two points
// (haversine).
func centralAngle(a, b geo.LLA) float64 {
	s := math.Sin((b.Lat-a.Lat)/2)*math.Sin((b.Lat-a.Lat)/2) +
		math.Cos(a.Lat)*math.Cos(b.Lat)*math.Sin((b.Lon-a.Lon)/2)*math.Sin((b.Lon-a.Lon)/2)
	return 2 * math.Asin(math.Min(math.Sqrt(s), 1))
}

// bearing is the initial great-circle bearing from a to b, radians
// clockwise from north.
func bearing(a, b geo.LLA) float64 {
	y := math.Sin(b.Lon-a.Lon) * math.Cos(b.Lat)
	x := math.Cos(a.Lat)*math.Sin(b.Lat) - math.Sin(a.Lat)*math.Cos(b.Lat)*math.Cos(b.Lon-a.Lon)
	return math.Atan2(y, x)
}
