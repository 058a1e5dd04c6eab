// Package motion moves threats: a body's position and velocity as
// functions of time, in earth-centred earth-fixed (ECEF) coordinates,
// with time in seconds since the scenario start.
//
// Three movers are here. A Route flies waypoint to waypoint along
// geodesics of the WGS-84 ellipsoid at a set ground speed per leg, with
// the height changing linearly along each leg, and turns instantly at the
// waypoints. A Flight flies the same waypoints as an aircraft, a drone or
// a winged missile does: it turns at a rate its g limit allows (a level
// coordinated turn), and on command breaks off its route to evade a
// missile and then rejoins it. A Ballistic flies an unpowered arc from burnout to impact under
// gravity, the earth's rotation and optionally drag; its launch velocity
// is found by shooting so that it lands on the aim point.
//
// Both precompute what they can when built, so that State, called by the
// simulation every time step for every threat, is cheap and gives the same
// answer for the same time every time.
package motion

import "gonum.org/v1/gonum/spatial/r3"

// Mover gives a body's state over time.
type Mover interface {
	// State returns ECEF position and velocity at time t. ok is false
	// before the start or after the end.
	State(t float64) (pos, vel r3.Vec, ok bool)
	// Start is the time the body starts moving.
	Start() float64
	// End is the arrival at the last waypoint, or impact.
	End() float64
}
