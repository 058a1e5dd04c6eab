package bm

import (
	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/weapon"
)

// ballisticLimits says why missile m from launcher l may not meet the
// ballistic threat th at pip, or "": against a ballistic target a
// system's reach is far shorter than against aircraft (the S-400's 60 km
// against its 250 km and more), for the interceptor must meet a warhead
// falling at kilometres a second head-on, and the doctrine may forbid
// intercepts so low that the warhead's debris falls on what the unit
// defends. Other classes pass.
func (u *Unit) ballisticLimits(m *weapon.Missile, l *Launcher, th Threat, pip r3.Vec) rejection {
	if th.Class != ClassBallistic {
		return rejection{}
	}
	if th.Predicted && th.Site == "" {
		// A ballistic body does not turn: one that falls away from every
		// site (a spent booster, a missile aimed elsewhere) is not worth
		// a round.
		return rejectf("%s: impact predicted away from every defended site", text(m.Name))
	}
	if r := u.Doctrine.BallisticRange; r > 0 {
		if d, _, _ := geo.Inverse(l.At, geo.FromECEF(pip)); d > r {
			return rejectf("%s: intercept %.0f km out, beyond the unit's %.0f km against ballistic targets", text(m.Name), figure(d/1000), figure(r/1000))
		}
	}
	if h := u.Doctrine.BallisticMinAltitude; h > 0 {
		if alt := geo.Height(pip) - th.Track.Ground; alt < h {
			return rejectf("%s: intercept at %.1f km, below the doctrine's %.1f km against ballistic targets (debris)", text(m.Name), figure(alt/1000), figure(h/1000))
		}
	}
	return rejection{}
}
