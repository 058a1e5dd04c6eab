package bm_test

import (
	"testing"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// TestClassify puts catalogue-like threats through the kinematic
// classifier: speeds and heights from shared/reference/public-figures.yaml.
func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		name string
		alt  float64
		vel  r3.Vec // ENU, m/s
		want string
	}{
		{"Tomahawk class, 880 km/h at 30 m", 30, r3.Vec{X: 244}, bm.ClassCruise},
		{"Shahed-136 class, 185 km/h at 500 m", 500, r3.Vec{Y: 51.4}, bm.ClassDrone},
		{"Shahed-136 class low, 185 km/h at 50 m", 50, r3.Vec{Y: 51.4}, bm.ClassDrone},
		{"fighter, Mach 0.85 at 10 km", 10000, r3.Vec{X: -250}, bm.ClassAircraft},
		{"fighter low and fast", 200, r3.Vec{X: 300, Y: 20}, bm.ClassCruise},
		{"SRBM re-entry, 1.7 km/s diving", 30000, r3.Vec{X: 800, Z: -1500}, bm.ClassBallistic},
		{"SRBM climbing slowly at burnout speed 1.2 km/s", 5000, r3.Vec{X: 900, Z: 800}, bm.ClassBallistic},
		{"slow steep climber", 2000, r3.Vec{X: 100, Z: 350}, bm.ClassBallistic},
		{"AWACS, 800 km/h at 9 km", 9000, r3.Vec{Y: 222}, bm.ClassAircraft},
	} {
		p := geo.Deg(43.9, -69.9, tc.alt)
		f := geo.NewFrame(p)
		tk := bm.Track{ID: 1, Pos: p.ECEF(), Vel: f.RotateFromENU(tc.vel)}
		if got := bm.Classify(tk); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}
