package track

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/geo"
)

// TestBeyondReachHoldsTheTwoPointGate: the bound that lets a scan leave
// a new track unpredicted never rules out a detection that the two-point
// test itself (shellDistance) lets through, over random displacements
// and error ellipsoids, thin discs among them, near the speed bound
// where the two part. It must also rule out some: a bound that never
// does saves nothing.
func TestBeyondReachHoldsTheTwoPointGate(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 7))
	gate := 16.27 // chi-square, 3 degrees of freedom, 0.999
	var passed, ruledOut int
	for range 20000 {
		c := randomCov(rng)
		if rng.IntN(3) == 0 {
			// A long-range radar's disc: one axis a hundred times
			// the others.
			for k := range 3 {
				c[k] *= 1e4
				c[3*k] *= 1e4
			}
		}
		scale := math.Pow(10, 3*rng.Float64())
		for k := range c {
			c[k] *= scale * scale
		}
		trC := c[0] + c[4] + c[8]
		rMax := math.Sqrt(trC) * 10 * rng.Float64()
		rMin := rMax * rng.Float64() * 0.5
		n := rMax + math.Sqrt(trC)*(8*rng.Float64()-1)
		u := r3.Unit(r3.Vec{X: rng.NormFloat64(), Y: rng.NormFloat64(), Z: rng.NormFloat64()})
		delta := [3]float64{n * u.X, n * u.Y, n * u.Z}
		d2 := shellDistance(delta, c, rMin, rMax)
		beyond := beyondReach(math.Sqrt(delta[0]*delta[0]+delta[1]*delta[1]+delta[2]*delta[2]), rMax, trC, gate)
		if d2 <= gate {
			passed++
			if beyond {
				t.Fatalf("delta %v, C %v, shell [%g, %g]: the gate passes it (d² %g) but the bound rules it out", delta, c, rMin, rMax, d2)
			}
		}
		if beyond {
			ruledOut++
		}
	}
	if passed == 0 || ruledOut == 0 {
		t.Errorf("%d passed the gate, %d ruled out: the cases miss one side", passed, ruledOut)
	}
}

// countingIMM counts the full predictions of an IMM (PredictState is
// its own, not counted).
type countingIMM struct {
	*IMM
	predicts int
}

func (f *countingIMM) Predict(tk *Track, t float64) {
	f.predicts++
	f.IMM.Predict(tk, t)
}

// scanPlan is one scan of a two-radar picture: a search radar every
// 10 s over everything, a fire-control radar every second over the
// quadrant x > 0, y > 0, each with false alarms.
type scanPlan struct {
	t      float64
	sensor int
	dets   []Detection
}

func twoRadarPicture(t *testing.T, s []Sensor) []scanPlan {
	rng := rand.New(rand.NewPCG(2026, 21))
	// Three aircraft at 250 m/s: two crossing the fire-control quadrant,
	// one outside it.
	targets := [][6]float64{
		{60e3, 20e3, 6e3, -150, 200, 0},
		{30e3, 80e3, 3e3, 200, -150, 0},
		{-50e3, -40e3, 8e3, 0, 250, 0},
	}
	var plan []scanPlan
	for k := range 181 {
		tt := float64(k)
		for i := range 2 {
			if i == 0 && k%10 != 0 {
				continue
			}
			var dets []Detection
			for j, x := range targets {
				for a := range 3 {
					x[a] += tt * x[a+3]
				}
				if i == 1 && !(x[0] > 0 && x[1] > 0) || rng.Float64() > 0.9 {
					continue
				}
				d := detect(t, &s[i], x, rng)
				d.Tag = j
				dets = append(dets, d)
			}
			for range 4 + 8*(1-i) {
				// False alarms over the radar's coverage, up to 120 km.
				az := rng.Float64() * 2 * math.Pi
				if i == 1 {
					az = rng.Float64() * math.Pi / 2
				}
				dets = append(dets, Detection{Range: 10e3 + 110e3*rng.Float64(), Az: az, El: 0.2 * rng.Float64(), Tag: -1})
			}
			plan = append(plan, scanPlan{t: tt, sensor: i, dets: dets})
		}
	}
	return plan
}

// TestPredictOnlyWhatTheScanTouches runs one two-radar picture, targets
// and false alarms, through a tracker that predicts every track to
// every scan (PredictAll) and one that leaves new tracks unpredicted
// until a scan may give them their second detection. The second must
// predict a third less often at least, the false alarms' tracks being
// most of the tracks, and give the same air picture: the same tracks
// started and confirmed at the same scans, the confirmed ones ended at
// the same scans for the same reasons and with estimates within a
// hundredth of their own spread, and at most 1% of the tentative ones
// ended apart (their misses are judged at the mean of one longer
// prediction), by no more than a revisit of the slower radar.
func TestPredictOnlyWhatTheScanTouches(t *testing.T) {
	s := []Sensor{searchSensor(), originSensor()}
	s[1].ID = "fc"
	plan := twoRadarPicture(t, s)
	fcCovers := func(p r3.Vec) bool { return p.X > 0 && p.Y > 0 }
	// A change and the time of the scan that made it (a track ended
	// while unpredicted stands at its last prediction).
	type scanChange struct {
		Change
		t float64
	}
	run := func(all bool) ([]scanChange, []Track, int) {
		f := &countingIMM{IMM: &IMM{AccelNoise: 10, InitVelSigma: 300}}
		cfg := testConfig()
		cfg.Filter, cfg.PredictAll, cfg.ConfirmAfterFirst, cfg.MaxCoast = f, all, true, 30
		tr, err := New(cfg, s)
		if err != nil {
			t.Fatal(err)
		}
		var changes []scanChange
		for _, sc := range plan {
			var covered func(r3.Vec) bool
			if sc.sensor == 1 {
				covered = fcCovers
			}
			for _, c := range tr.Scan(sc.t, sc.sensor, sc.dets, covered) {
				changes = append(changes, scanChange{c, sc.t})
			}
		}
		return changes, tr.Tracks(), f.predicts
	}
	allCh, allTk, allN := run(true)
	lazyCh, lazyTk, lazyN := run(false)
	t.Logf("predictions: every track %d, touched ones %d; changes %d and %d", allN, lazyN, len(allCh), len(lazyCh))
	if !(3*lazyN < 2*allN) {
		t.Errorf("%d predictions, want a third fewer than %d", lazyN, allN)
	}
	// Each track's life: when it started, was confirmed and ended, and
	// why.
	type life struct {
		start, confirmed, end float64
		reason                string
	}
	lives := func(ch []scanChange) map[int]*life {
		m := map[int]*life{}
		for _, c := range ch {
			l := m[c.Track.ID]
			if l == nil {
				l = &life{start: math.NaN(), confirmed: math.NaN(), end: math.NaN()}
				m[c.Track.ID] = l
			}
			switch c.Kind {
			case TrackInitiated:
				l.start = c.t
			case TrackConfirmed:
				l.confirmed = c.t
			case TrackDeleted:
				l.end, l.reason = c.t, c.Reason
			}
		}
		return m
	}
	same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
	a, b := lives(allCh), lives(lazyCh)
	if len(a) != len(b) {
		t.Errorf("%d tracks, want the %d of PredictAll", len(b), len(a))
	}
	confirmed, moved := 0, 0
	for id, x := range a {
		y, ok := b[id]
		if !ok {
			t.Errorf("track %d of PredictAll (%+v) missing", id, *x)
			continue
		}
		if !same(x.start, y.start) || !same(x.confirmed, y.confirmed) {
			t.Errorf("track %d: started %v, confirmed %v; PredictAll %v, %v", id, y.start, y.confirmed, x.start, x.confirmed)
		}
		if !math.IsNaN(x.confirmed) {
			confirmed++
			if !same(x.end, y.end) || x.reason != y.reason {
				t.Errorf("confirmed track %d ended at %v (%s); PredictAll %v (%s)", id, y.end, y.reason, x.end, x.reason)
			}
			continue
		}
		if same(x.end, y.end) && x.reason == y.reason {
			continue
		}
		// A tentative track may end a revisit apart: its miss is judged
		// at the mean of one longer prediction (see Config.PredictAll).
		moved++
		if !(math.Abs(x.end-y.end) <= 10) {
			t.Errorf("tentative track %d ended at %v (%s); PredictAll %v (%s)", id, y.end, y.reason, x.end, x.reason)
		}
	}
	t.Logf("%d tracks, %d confirmed; %d tentative ones ended a revisit apart", len(a), confirmed, moved)
	if 100*moved > len(a) {
		t.Errorf("%d of %d tracks ended apart from PredictAll's, want at most 1%%", moved, len(a))
	}
	if len(allTk) != len(lazyTk) {
		t.Fatalf("%d live tracks, want the %d of PredictAll", len(lazyTk), len(allTk))
	}
	for k := range allTk {
		x, y := allTk[k], lazyTk[k]
		if x.ID != y.ID || x.Status != y.Status {
			t.Errorf("track %d (%v), PredictAll %d (%v)", y.ID, y.Status, x.ID, x.Status)
			continue
		}
		if x.Status != Confirmed {
			continue
		}
		sigma := math.Sqrt((x.P[0] + x.P[7] + x.P[14]) / 3)
		if d := r3.Norm(r3.Sub(x.Pos(), y.Pos())); !(d < 0.01*sigma) {
			t.Errorf("track %d: %.3g m from PredictAll's estimate, %.3g of its spread", x.ID, d, d/sigma)
		}
	}
}

// TestCatchUpIsPredictAll: a search radar's new track near the ground,
// left unpredicted by five fire-control scans whose detections are far
// from it, then given its second detection by the sixth, has the
// estimate, covariance and model probabilities of a tracker that
// predicted it at every scan, bit for bit: the scans it skipped are
// replayed with their ground conditioning before it is gated.
func TestCatchUpIsPredictAll(t *testing.T) {
	s := []Sensor{searchSensor(), originSensor()}
	s[1].ID = "fc"
	target := func(tt float64) r3.Vec { return r3.Vec{X: 30e3 + 250*tt, Y: 40e3, Z: 60} }
	run := func(all bool) (Track, int) {
		f := &countingIMM{IMM: &IMM{Models: []int{ModeCV, ModeBallistic}, Earth: &Earth{Frame: geo.NewFrame(geo.Deg(44, -70, 0))}, AccelNoise: 10, InitVelSigma: 300}}
		cfg := testConfig()
		cfg.Filter, cfg.PredictAll, cfg.ConfirmAfterFirst, cfg.Ground = f, all, true, flat
		tr, err := New(cfg, s)
		if err != nil {
			t.Fatal(err)
		}
		tr.Scan(0, 0, []Detection{exact(&s[0], target(0), 1)}, nil)
		for k := 1; k <= 5; k++ {
			far := r3.Vec{X: -60e3, Y: 10e3 * float64(k), Z: 3e3}
			tr.Scan(float64(k), 1, []Detection{exact(&s[1], far, 2)}, nil)
		}
		tr.Scan(6, 1, []Detection{exact(&s[1], target(6), 1)}, nil)
		tk, ok := tr.Track(1)
		if !ok {
			t.Fatalf("PredictAll %v: the target's track is gone", all)
		}
		return tk, f.predicts
	}
	want, allN := run(true)
	got, lazyN := run(false)
	if got.Hits != 2 || want.Hits != 2 {
		t.Fatalf("hits %d, PredictAll %d: want the second detection taken", got.Hits, want.Hits)
	}
	if got.X != want.X || got.P != want.P || !slices.Equal(got.Mode, want.Mode) || got.T != want.T {
		t.Errorf("caught up: x %v, modes %v\nPredictAll:  x %v, modes %v", got.X, got.Mode, want.X, want.Mode)
	}
	if !(lazyN < allN) {
		t.Errorf("%d predictions, PredictAll %d: want fewer", lazyN, allN)
	}
}
