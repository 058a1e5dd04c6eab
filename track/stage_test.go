package track

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
)

// TestTentativeStage: an IMM tracker with TentativeCV estimates a
// tentative track with the CV model alone (Tentative), which leaves the
// track no model probabilities, and builds its models when the track
// is confirmed; without it every model runs from the first detection.
func TestTentativeStage(t *testing.T) {
	for _, whole := range []bool{false, true} {
		s := originSensor()
		cfg := testConfig()
		cfg.ConfirmAfterFirst = true
		cfg.Filter = &IMM{AccelNoise: 10, TurnAccelNoise: 10, JerkNoise: 1, InitVelSigma: 300, TentativeCV: !whole}
		tr, err := New(cfg, []Sensor{s})
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(1, 1))
		for k := range 6 {
			tt := float64(k)
			tr.Scan(tt, 0, []Detection{detect(t, &s, [6]float64{20e3 + 200*tt, 10e3, 2e3, 200}, rng)}, nil)
			tks := tr.Tracks()
			if len(tks) != 1 {
				t.Fatalf("whole %v, t=%v: %d tracks, want 1", whole, tt, len(tks))
			}
			tk := tks[0]
			hasModes := tk.Mode != nil
			want := tk.Status == Confirmed || whole && tt > 0
			if hasModes != want {
				t.Errorf("whole %v, t=%v, %v track: model probabilities %v, want them %v", whole, tt, tk.Status, tk.Mode, want)
			}
		}
		if tk := tr.Tracks()[0]; tk.Status != Confirmed || math.Abs(tk.Vel().X-200) > 30 {
			t.Errorf("whole %v: track %v at %v m/s, want confirmed near 200 m/s east", whole, tk.Status, tk.Vel())
		}
	}
}

// TestConfirmNeedsTightGate (ConfirmSpread 3) is the ghost of grid-regional's drone
// columns (kharg-bn): a search radar's plot of one drone starts a
// track, the fire-control radar's plot a second later gives it a
// velocity uncertain by hundreds of m/s (the search plot is 300 m wide
// across the beam), and the search radar's next plot, 11 s later, is of
// another drone 2.6 km on. That plot fell in a gate kilometres wide and
// confirmed the track at 750 m/s among 50 m/s drones; it tests nothing,
// and must not confirm. The same track whose later plots fall where its
// own drone is stays alive on them, and is confirmed once a plot has
// fallen where a velocity known well enough put it: the search radar's
// next look, 12 s on.
func TestConfirmNeedsTightGate(t *testing.T) {
	search := Sensor{ID: "search", Rot: identity, SigmaRange: 100, SigmaAz: 0.3 * math.Pi / 180, SigmaEl: 0.5 * math.Pi / 180}
	fc := Sensor{ID: "fc", Rot: identity, SigmaRange: 20, SigmaAz: 0.05 * math.Pi / 180, SigmaEl: 0.05 * math.Pi / 180}
	cfg := testConfig()
	cfg.ConfirmAfterFirst = true
	cfg.MaxSpeed, cfg.InitVelSigma, cfg.MaxCoast = 2700, 1350, 36
	cfg.ConfirmSpread = 3
	drone := func(tt float64) r3.Vec { return r3.Vec{X: 50 * tt, Y: 60e3, Z: 300} }
	for _, c := range []struct {
		name  string
		plots []r3.Vec // the search radar's at 12 s and 24 s
		when  float64  // confirmed at, or 0 for never
	}{
		{"another drone 2.6 km on", []r3.Vec{r3.Add(drone(12), r3.Vec{X: 2.6e3})}, 0},
		{"its own drone", []r3.Vec{drone(12), drone(24)}, 24},
	} {
		tr, err := New(cfg, []Sensor{search, fc})
		if err != nil {
			t.Fatal(err)
		}
		// The search plot 300 m off across the beam, as its errors allow.
		tr.Scan(0, 0, []Detection{exact(&search, r3.Add(drone(0), r3.Vec{X: 300}), 1)}, nil)
		tr.Scan(1, 1, []Detection{exact(&fc, drone(1), 1)}, nil)
		var when float64
		for k, p := range c.plots {
			tt := float64(12 * (k + 1))
			for _, ch := range tr.Scan(tt, 0, []Detection{exact(&search, p, 2)}, nil) {
				if ch.Kind == TrackConfirmed {
					when = tt
				}
			}
		}
		if when != c.when || len(tr.Tracks()) != 1 {
			t.Errorf("%s: confirmed at %v s (0: never) with %d tracks, want at %v s, one track", c.name, when, len(tr.Tracks()), c.when)
		}
	}
}
