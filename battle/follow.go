package battle

import (
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/motion"
	"gonum.org/v1/gonum/spatial/r3"
)

// groundFollower flies a route at its heights above the ground instead of
// above the ellipsoid, as a cruise missile follows the terrain: the
// route's height at each moment (interpolated between its waypoints) is
// added to the ground's height under it (Terrain.Ground: the terrain's
// bilinear surface, sea level where it has no data, or the scenario's
// level ground). A real terrain
// follower smooths its profile over the ground ahead; this one follows
// the surface post by post, which is the harder target for a tracker.
type groundFollower struct {
	route  pathMover
	ground func(lat, lon float64) float64 // above the ellipsoid, m
}

// pathMover is a routed threat's mover: a motion.Route, or a
// motion.Flight when it turns at a finite rate or evades.
type pathMover interface {
	motion.Mover
	Path() []geo.LLA
}

// velocityStep is the time step of the central difference that gives the
// climb rate over the ground.
const velocityStep = 0.25

func (g *groundFollower) Start() float64 { return g.route.Start() }
func (g *groundFollower) End() float64   { return g.route.End() }

func (g *groundFollower) at(t float64) (r3.Vec, bool) {
	pos, _, ok := g.route.State(t)
	if !ok {
		return r3.Vec{}, false
	}
	p := geo.FromECEF(pos)
	p.Alt += g.ground(p.Lat, p.Lon)
	return p.ECEF(), true
}

// State is the route's state lifted onto the ground; the velocity is a
// central difference, one-sided at the ends of the route.
func (g *groundFollower) State(t float64) (pos, vel r3.Vec, ok bool) {
	pos, ok = g.at(t)
	if !ok {
		return pos, vel, false
	}
	t0, t1 := max(t-velocityStep, g.Start()), min(t+velocityStep, g.End())
	p0, ok0 := g.at(t0)
	p1, ok1 := g.at(t1)
	if ok0 && ok1 && t1 > t0 {
		vel = r3.Scale(1/(t1-t0), r3.Sub(p1, p0))
	}
	return pos, vel, true
}

// Path is the route drawn on a map (heights do not matter there).
func (g *groundFollower) Path() []geo.LLA { return g.route.Path() }
