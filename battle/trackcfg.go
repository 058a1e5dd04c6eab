package battle

import (
	"math"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/motion"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/track"
	"gonum.org/v1/gonum/spatial/r3"
)

// speedMargin is how much faster than the scenario's fastest threat a
// track may be believed to fly, and how much slower than its slowest: a
// quarter, for the speed a manoeuvre or the tracker's own lag adds or
// takes away.
const speedMargin = 1.25

// speedSamples is how many points of each threat's flight threatSpeeds
// looks at, besides the speeds the scenario writes.
const speedSamples = 400

// threatSpeeds returns the lowest and highest speeds, m/s, the world's
// threats fly: the written waypoint speeds, a ballistic missile's
// burnout speed, and the speed at evenly spaced points of each flight
// (climbs, dives, a terrain follower's hops, the slow top of a ballistic
// arc, a re-entry). Both are zero without threats.
func (w *world) threatSpeeds() (slowest, fastest float64) {
	slowest = math.Inf(1)
	note := func(v float64) {
		slowest, fastest = min(slowest, v), max(fastest, v)
	}
	for _, th := range w.threats {
		for _, wp := range th.spec.Route {
			note(wp.Speed)
		}
		if b, ok := th.mover.(*motion.Ballistic); ok {
			note(b.BurnoutSpeed())
		}
		t0, t1 := th.mover.Start(), th.mover.End()
		for k := range speedSamples + 1 {
			if _, vel, ok := th.mover.State(t0 + (t1-t0)*float64(k)/speedSamples); ok {
				note(r3.Norm(vel))
			}
		}
	}
	if math.IsInf(slowest, 1) {
		return 0, 0
	}
	return slowest, fastest
}

// trackerLimits are the figures of a unit's tracker that follow from the
// scenario rather than from its tracker block: what no target can do.
type trackerLimits struct {
	maxSpeed     float64 // m/s; 0 when the scenario has no threat
	minSpeed     float64 // m/s; 0 when the scenario has no threat
	initVelSigma float64 // m/s, 1σ per axis
}

// limits derives the tracker limits of the world's units, once. The speed
// bounds are the fastest and the slowest threat with speedMargin; a new
// track's velocity prior is zero with a standard deviation of half the
// bound (one-point initiation: Bar-Shalom, Li and Kirubarajan 2001,
// §5.5.3).
func (w *world) limits() trackerLimits {
	if w.lim != nil {
		return *w.lim
	}
	slowest, fastest := w.threatSpeeds()
	l := trackerLimits{maxSpeed: speedMargin * fastest, minSpeed: slowest / speedMargin, initVelSigma: initVelSigma}
	if l.maxSpeed > 0 {
		l.initVelSigma = l.maxSpeed / 2
	}
	w.lim = &l
	return l
}

// ground is the tracker's Ground of a unit whose tracker frame is f: a
// position's height above the ground (Terrain.Ground: the terrain, the
// scenario's level ground, or the ellipsoid of a smooth earth) and the
// local vertical in the frame's axes.
func (w *world) ground(f geo.Frame) func(p r3.Vec) (float64, r3.Vec) {
	return func(p r3.Vec) (float64, r3.Vec) {
		lla := geo.FromECEF(f.FromENU(p))
		floor := w.terrain.Ground(lla.Lat, lla.Lon)
		sLat, cLat := math.Sincos(lla.Lat)
		sLon, cLon := math.Sincos(lla.Lon)
		up := f.RotateToENU(r3.Vec{X: cLat * cLon, Y: cLat * sLon, Z: sLat})
		return lla.Alt - floor, up
	}
}

// modelSojourn is the mean time, s, a track's target is believed to keep
// to each model of trackFilter: a quarter of an hour, for an aircraft
// does not turn into a ballistic missile nor one into an aircraft. With
// the IMM's default of 30 s, a low flyer coasting half a minute behind a
// ridge drifted to the ballistic model, fell under its own prediction and
// was pulled back by the ground, losing a quarter of its speed.
var modelSojourn = [4]float64{track.ModeCV: 900, track.ModeBallistic: 900}

// modelStart is the prior of a new track: most targets are not ballistic.
var modelStart = [4]float64{track.ModeCV: 0.8, track.ModeBallistic: 0.2}

// trackFilter is the filter of a unit's tracker whose frame is f: an IMM
// of the constant-velocity model, with the tracker block's accel_noise,
// and the ballistic model (gravity, the earth's rotation and drag with
// an estimated ballistic coefficient), so that one track follows a
// ballistic missile from burnout to impact and an aircraft or a cruise
// missile as before. The constant-velocity model alone sees gravity as
// noise, misses a ballistic target by half a kilometre over a 10 s
// revisit and splits its track in several.
func trackFilter(ts scenario.TrackerSpec, f geo.Frame, lim trackerLimits) track.Filter {
	return &track.IMM{
		Models:     []int{track.ModeCV, track.ModeBallistic},
		Earth:      &track.Earth{Frame: f},
		AccelNoise: ts.AccelNoise, InitVelSigma: lim.initVelSigma,
		Sojourn: modelSojourn, Start: modelStart,
	}
}
