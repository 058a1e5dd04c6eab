package bm

import (
	"math"

	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
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
// above 1 km/s or climb and dive steeply; cruise missiles fly below 300 m;
// drones below 70 m/s (250 km/h).
const (
	ballisticSpeed   = 1000.0 // m/s
	ballisticClimb   = 300.0  // m/s of climb or dive
	cruiseMaxHeight  = 300.0  // m above the ellipsoid
	droneMaxSpeed    = 70.0   // m/s
	cruiseMinSpeedMS = 120.0  // m/s: slower low flyers are drones or helicopters
)

// Classify gives the kinematic class of a track from its speed, climb rate
// and height.
func Classify(tk Track) string {
	p := geo.FromECEF(tk.Pos)
	up := geo.NewFrame(p).RotateToENU(tk.Vel)
	speed := r3.Norm(tk.Vel)
	switch {
	case speed >= ballisticSpeed || math.Abs(up.Z) >= ballisticClimb:
		return ClassBallistic
	case speed < droneMaxSpeed:
		return ClassDrone
	case p.Alt < cruiseMaxHeight && speed >= cruiseMinSpeedMS:
		return ClassCruise
	}
	return ClassAircraft
}
