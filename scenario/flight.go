package scenario

import (
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/iadsim/iadsim/motion"
)

// MotionWaypoints are a route's waypoints as the motion package
// takes them: a scenario gives each waypoint the speed flown towards it,
// a motion leg the speed flown from its first point.
func MotionWaypoints(route []Waypoint) []motion.Waypoint {
	n := len(route)
	wps := make([]motion.Waypoint, n)
	for j, wp := range route {
		wps[j] = motion.Waypoint{At: wp.At, Speed: route[min(j+1, n-1)].Speed}
	}
	return wps
}

// BallisticOptions shape a ballistic threat's arc: its apogee or flight
// time and its ballistic coefficient.
func (t *Threat) BallisticOptions() motion.BallisticOptions {
	return motion.BallisticOptions{ApogeeHeight: t.Apogee, FlightTime: t.FlightTime, BallisticCoeff: t.BallisticCoeff, PullUp: t.PullUp}
}

// checkFlight builds the threat's flight as a run does, and reports what
// the motion package refuses (waypoints that coincide, such as lon 180
// and -180; a ballistic arc that no shot meets) at the route or the
// launch point: a file that validates must not fail to run. A booster's
// flight is its missile's, checked with it.
func (d *decoder) checkFlight(t *Threat, routeNode, launchNode ast.Node) {
	switch {
	case t.Launch != nil && t.Impact != nil && t.BoosterOf == "":
		if _, err := motion.NewBallistic(t.Start, *t.Launch, *t.Impact, t.BallisticOptions()); err != nil {
			d.errorf(launchNode, "ballistic flight cannot be shot: %s; want a launch point apart from the impact, and an apogee or flight_time that an arc between them meets", motionReason(err))
		}
	case len(t.Route) >= 2:
		var err error
		if t.TurnAccel > 0 || t.Evade != nil {
			_, err = motion.NewFlight(t.Start, MotionWaypoints(t.Route), t.TurnAccel)
		} else {
			_, err = motion.NewRoute(t.Start, MotionWaypoints(t.Route))
		}
		if err != nil {
			d.errorf(routeNode, "route cannot be flown: %s; want waypoints apart from each other (lon 180 and -180 are one meridian), with speeds above zero", motionReason(err))
		}
	}
}

// motionReason is a motion error without the package's prefix, which
// says nothing to the author of a scenario.
func motionReason(err error) string {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "motion: ")
	return strings.TrimPrefix(msg, "ballistic ")
}
