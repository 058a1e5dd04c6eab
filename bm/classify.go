package bm

import (
	"math"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/geo"
)

// Kinematic classes of a track, as a command post tells them apart from
// the air picture alone: it does not know what a target is, only how it
// flies.
const (
	ClassBallistic = "ballistic" // fast and steep: a ballistic missile on its arc
	ClassCruise    = "cruise"    // low and fast: a cruise missile hugging the ground
	ClassDrone     = "drone"     // slow: a one-way attack drone or a small UAV
	ClassAircraft  = "aircraft"  // everything else: fighters, bombers, support aircraft
)

// Thresholds of the classifier. They are parameters of the model, chosen
// to split the threat classes of the catalogue: ballistic missiles fly
// above 1 km/s or climb and dive steeply; cruise missiles fly below 300 m
// above the ground (30 to 100 m over land, public figures); drones below
// 70 m/s (250 km/h).
const (
	ballisticSpeed   = 1000.0 // m/s
	ballisticClimb   = 300.0  // m/s of climb or dive
	cruiseMaxHeight  = 300.0  // m above the ground (Track.Ground)
	droneMaxSpeed    = 70.0   // m/s
	cruiseMinSpeedMS = 120.0  // m/s: slower low flyers are drones or helicopters
	// ballisticHeight is above every aircraft's ceiling (the highest
	// flown, about 26 km): what flies there is on a ballistic arc, at its
	// apogee as slow as 1 km/s and level.
	ballisticHeight = 30e3 // m above the ellipsoid
)

// ProfileTime is the time constant, s, over which a Profile smooths a
// track's height above the ground: longer than the few seconds a terrain
// follower takes to cross a ridge, shorter than an aircraft's descent.
const ProfileTime = 10.0

// Profile is a track's flight as a command post has watched it, decision
// after decision: its height above the ground smoothed over ProfileTime,
// and its ground headings over the last TurnWindow, from which Turn fits
// the rate of its turn.
// A cruise missile following the ground is low on average even when one
// estimate puts it 400 m up (a ridge under it, a noisy elevation angle),
// and a track that has flown low and level is no ballistic missile
// however steeply its estimate climbs for a moment. The zero value is an
// empty profile.
type Profile struct {
	T      float64 // time of the last estimate taken in, s
	Height float64 // smoothed height above the ground, m
	Speed  float64 // smoothed speed, m/s
	seen   bool
	// headings are the ground headings of the last TurnWindow, from
	// which Turn fits the track's turn rate.
	headings []headingSample
	// fit is Turn's fit of headings, kept until they change: a track
	// is evaluated at every decision, and its headings change only at
	// a detection of it (observeHeading).
	fit turnFit
}

// turnFit is a Profile's fitted turn (Turn) and whether it is of the
// headings as they stand.
type turnFit struct {
	rate, sigma float64
	ok, made    bool
}

// Observe takes in the track's estimate at tk.T (its height above
// tk.Ground). Estimates at or before the last one are ignored, so a
// track seen by several units at one instant counts once.
func (p *Profile) Observe(tk Track) {
	h := geo.Height(tk.Pos) - tk.Ground
	v := geo.Norm(tk.Vel)
	switch {
	case !p.seen:
		p.Height, p.Speed, p.seen = h, v, true
	case tk.T > p.T:
		a := -math.Expm1(-(tk.T - p.T) / ProfileTime)
		p.Height += a * (h - p.Height)
		p.Speed += a * (v - p.Speed)
	default:
		return
	}
	p.T = tk.T
	p.observeHeading(tk)
}

// slow reports whether the profile or the estimate (speed v, its 1-sigma
// error sv) says the track flies at a drone's speed: a young track's
// velocity, from a long-range search radar's elevation noise, is off by
// tens of m/s, so a 50 m/s drone's estimate reads 100 m/s for a moment
// while its profile and its uncertainty both still allow a drone.
func (p *Profile) slow(v, sv float64) bool {
	if p != nil && p.seen && p.Speed < droneMaxSpeed {
		return true
	}
	return v-2*sv < droneMaxSpeed && v < cruiseMinSpeedMS
}

// low reports whether the profile is of a track that has flown below the
// cruise ceiling.
func (p *Profile) low() bool { return p != nil && p.seen && p.Height < cruiseMaxHeight }

// Classify gives the kinematic class of a track from its speed, climb
// rate and height above the ground (Track.Ground), and from its profile
// (Track.Profile) when it has one: a track is low when its estimate or
// its profile is below the cruise ceiling, and a low one is ballistic by
// its speed alone. A track is a drone when its speed, its smoothed speed,
// or its speed less twice its uncertainty (below the cruise missiles'
// least speed) is a drone's. Radar cross section is not used: the battle manager
// knows only what its radars measure, and one look's SNR of a
// fluctuating target (Swerling 1) spreads over more than 10 dB, more than
// the gap between a cruise missile and a fighter.
func Classify(tk Track) string {
	// The height and the ellipsoid's vertical, for the climb rate,
	// without the angles of latitude and longitude and their sines.
	alt, up := geo.HeightUp(tk.Pos)
	climb := r3.Dot(up, tk.Vel)
	speed := geo.Norm(tk.Vel)
	low := alt-tk.Ground < cruiseMaxHeight || tk.Profile.low()
	switch {
	case speed >= ballisticSpeed || alt > ballisticHeight || math.Abs(climb) >= ballisticClimb && !tk.Profile.low():
		return ClassBallistic
	case speed < droneMaxSpeed || tk.Profile.slow(speed, tk.VelSigma):
		return ClassDrone
	case low && speed >= cruiseMinSpeedMS:
		return ClassCruise
	}
	return ClassAircraft
}
