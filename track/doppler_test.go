package track

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
)

// formationGhosts flies two aircraft side by side, 1.5 km apart across
// the beam at 100 km from a search radar, one closing at 250 m/s and the
// other at 150 m/s (one turning away), for 40 scans 2 s apart, with a
// speed bound and velocity prior raised for a ballistic missile in the
// raid (MaxSpeed 2 km/s). It returns how many tracks ever held both
// aircraft's detections (a ghost, or a swap), over trials raids, with the
// radar measuring range rate with sigmaRR (0: not at all).
func formationGhosts(t *testing.T, sigmaRR float64, trials int) int {
	t.Helper()
	s := searchSensor()
	s.SigmaRangeRate = sigmaRR
	cfg := testConfig()
	cfg.MaxSpeed, cfg.InitVelSigma = 2000, 1000
	rng := rand.New(rand.NewPCG(15, 1))
	ghosts := 0
	for range trials {
		tr, err := New(cfg, []Sensor{s})
		if err != nil {
			t.Fatal(err)
		}
		// Start side by side, both flying south (towards the radar
		// at the origin, north of it) with B turned off the axis so
		// that it closes slower.
		a0, b0 := r3.Vec{X: 0, Y: 100e3, Z: 8e3}, r3.Vec{X: 1.5e3, Y: 100e3, Z: 8e3}
		va := r3.Vec{Y: -250}
		vb := r3.Vec{X: 200, Y: -150}
		tags := map[int]map[int]bool{}
		for k := range 40 {
			tk := float64(2 * k)
			var dets []Detection
			for i, p := range [][2]r3.Vec{{a0, va}, {b0, vb}} {
				tag := i + 1
				pos := r3.Add(p[0], r3.Scale(tk, p[1]))
				d := exact(&s, pos, tag)
				d.Range += s.SigmaRange * rng.NormFloat64()
				d.Az += s.SigmaAz * rng.NormFloat64()
				d.El += s.SigmaEl * rng.NormFloat64()
				if sigmaRR > 0 {
					d.RangeRate = r3.Dot(p[1], r3.Unit(pos)) + sigmaRR*rng.NormFloat64()
				}
				dets = append(dets, d)
			}
			tr.Scan(tk, 0, dets, nil)
			for _, tk := range tr.Tracks() {
				if tags[tk.ID] == nil {
					tags[tk.ID] = map[int]bool{}
				}
				tags[tk.ID][tk.Tag] = true
			}
		}
		for _, seen := range tags {
			if len(seen) > 1 {
				ghosts++
			}
		}
	}
	return ghosts
}

// TestDopplerSeparatesFormation: with a raid's speed bound as high as a
// ballistic missile's, two aircraft side by side in one beam make tracks
// that take both aircraft's detections: the two-point test lets a cross
// pair through (1.5 km in 2 s is 750 m/s), and it costs the same as the
// true pairs. A radar that measures radial speed (2 m/s) tells them
// apart: a track started on one aircraft's detection knows its radial
// speed, and the other's, 100 m/s off, falls out of its gate.
func TestDopplerSeparatesFormation(t *testing.T) {
	const trials = 40
	without := formationGhosts(t, 0, trials)
	with := formationGhosts(t, 2, trials)
	t.Logf("tracks holding both aircraft in %d raids: %d without range rate, %d with", trials, without, with)
	if without == 0 {
		t.Errorf("no track held both aircraft without range rate: the test does not show the problem")
	}
	if with != 0 {
		t.Errorf("%d tracks held both aircraft with range rate measured, want none", with)
	}
}

// TestRangeRateGateWidth: a one-point track started on a detection with
// range rate (σ 2 m/s) gates out a second detection 60 m/s off in range
// rate (with the 20 m²/s² the motion model adds over 2 s, some 10 σ),
// and takes one 2 m/s off; without range rate it takes both.
func TestRangeRateGateWidth(t *testing.T) {
	for _, c := range []struct {
		sigma, off float64
		want       int // tracks after the second scan
	}{
		{2, 2, 1}, {2, 60, 2}, {0, 60, 1},
	} {
		s := searchSensor()
		s.SigmaRangeRate = c.sigma
		cfg := testConfig()
		cfg.MaxSpeed, cfg.InitVelSigma = 2000, 1000
		tr, err := New(cfg, []Sensor{s})
		if err != nil {
			t.Fatal(err)
		}
		p := r3.Vec{Y: 100e3, Z: 8e3}
		d0 := exact(&s, p, 1)
		d0.RangeRate = -250
		tr.Scan(0, 0, []Detection{d0}, nil)
		p1 := r3.Add(p, r3.Scale(2, r3.Scale(-250, r3.Unit(p))))
		d1 := exact(&s, p1, 1)
		d1.RangeRate = -250 + c.off
		tr.Scan(2, 0, []Detection{d1}, nil)
		if got := len(tr.Tracks()); got != c.want {
			t.Errorf("sigma %v m/s, second detection %v m/s off: %d tracks, want %d", c.sigma, c.off, got, c.want)
		}
	}
}
