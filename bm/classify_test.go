package bm_test

import (
	"math"
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

// TestClassifyAboveGround: heights are measured from the ground under
// the track (Track.Ground), as a terrain follower flies; and a track's
// profile (how it has flown so far) keeps a low flyer low through one
// high estimate. Before, a cruise missile 30 m over ground at 600 m was
// an "aircraft".
func TestClassifyAboveGround(t *testing.T) {
	flown := func(alt, speed float64) *bm.Profile {
		p := &bm.Profile{}
		p.Observe(bm.Track{T: 0, Pos: geo.Deg(44.3, -71.5, alt).ECEF(), Vel: r3.Vec{X: speed}, Ground: 600})
		return p
	}
	low, high := flown(630, 244), flown(9600, 244)
	slow := flown(1600, 51) // a Shahed-class drone 1 km up, as watched so far
	for _, tc := range []struct {
		name     string
		alt, gnd float64 // above the ellipsoid, m
		vel      r3.Vec  // ENU, m/s
		profile  *bm.Profile
		want     string
	}{
		{"Tomahawk class 30 m over the White Mountains (ground 600 m)", 630, 600, r3.Vec{X: 244}, nil, bm.ClassCruise},
		{"the same heights with the ground at the ellipsoid", 630, 0, r3.Vec{X: 244}, nil, bm.ClassAircraft},
		{"cruise missile 40 m over the Isfahan plateau (1570 m)", 1610, 1570, r3.Vec{Y: -244}, nil, bm.ClassCruise},
		{"fighter 8 km over the plateau", 9570, 1570, r3.Vec{X: 250}, nil, bm.ClassAircraft},
		{"fighter 250 m over the plateau", 1820, 1570, r3.Vec{X: 250}, nil, bm.ClassCruise},
		{"Shahed class 300 m over the plateau", 1870, 1570, r3.Vec{X: 51}, nil, bm.ClassDrone},
		{"SRBM diving onto the plateau", 5000, 1570, r3.Vec{X: 900, Z: -1500}, nil, bm.ClassBallistic},
		{"terrain follower estimated 450 m up over a ridge, flown low", 1050, 600, r3.Vec{X: 244}, low, bm.ClassCruise},
		{"the same estimate with no profile", 1050, 600, r3.Vec{X: 244}, nil, bm.ClassAircraft},
		{"the same estimate, flown high", 1050, 600, r3.Vec{X: 244}, high, bm.ClassAircraft},
		{"terrain follower estimated climbing 320 m/s, flown low", 700, 600, r3.Vec{X: 244, Z: 320}, low, bm.ClassCruise},
		{"the same climb with no profile", 700, 600, r3.Vec{X: 244, Z: 320}, nil, bm.ClassBallistic},
		{"flown low but now at 1.2 km/s", 700, 600, r3.Vec{X: 1200}, low, bm.ClassBallistic},
		// A young long-range track of a drone: one estimate at 110 m/s.
		{"drone estimated at 110 m/s, watched at 51 m/s", 1600, 600, r3.Vec{X: 110}, slow, bm.ClassDrone},
	} {
		p := geo.Deg(44.3, -71.5, tc.alt)
		f := geo.NewFrame(p)
		tk := bm.Track{ID: 1, Pos: p.ECEF(), Vel: f.RotateFromENU(tc.vel), Ground: tc.gnd, Profile: tc.profile}
		if got := bm.Classify(tk); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}

// TestClassifyUncertainSpeed: a young track's speed is uncertain; a
// drone's speed within twice its uncertainty classes it a drone, unless
// it is as fast as a cruise missile.
func TestClassifyUncertainSpeed(t *testing.T) {
	for _, tc := range []struct {
		speed, sigma float64 // m/s
		want         string
	}{
		{110, 25, bm.ClassDrone},
		{110, 5, bm.ClassAircraft},
		{130, 50, bm.ClassAircraft}, // a cruise missile's speed: not a drone
		{250, 50, bm.ClassAircraft},
		{60, 0, bm.ClassDrone},
	} {
		p := geo.Deg(44.3, -71.5, 2000)
		tk := bm.Track{Pos: p.ECEF(), Vel: geo.NewFrame(p).RotateFromENU(r3.Vec{Y: tc.speed}), VelSigma: tc.sigma}
		if got := bm.Classify(tk); got != tc.want {
			t.Errorf("%.0f m/s, sigma %.0f m/s, 2 km up: %s, want %s", tc.speed, tc.sigma, got, tc.want)
		}
	}
}

// TestProfileObserve: the profile's height follows the track's height
// above the ground with time constant ProfileTime, and takes each
// instant once.
func TestProfileObserve(t *testing.T) {
	at := func(tt, agl float64) bm.Track {
		return bm.Track{T: tt, Pos: geo.Deg(32.75, 51.86, 1570+agl).ECEF(), Ground: 1570}
	}
	var p bm.Profile
	p.Observe(at(0, 30))
	if math.Abs(p.Height-30) > 1e-6 {
		t.Fatalf("first height %.3f m, want 30", p.Height)
	}
	p.Observe(at(bm.ProfileTime, 630))
	want := 30 + 600*(1-math.Exp(-1)) // a first-order lag after one time constant
	if math.Abs(p.Height-want) > 1e-6 {
		t.Errorf("after one time constant %.3f m, want %.3f", p.Height, want)
	}
	p.Observe(at(bm.ProfileTime, 5000)) // the same instant, from another unit
	if math.Abs(p.Height-want) > 1e-6 {
		t.Errorf("a second estimate at one instant moved the profile to %.3f m", p.Height)
	}
}
