package track

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
)

var identity = [9]float64{1, 0, 0, 0, 1, 0, 0, 0, 1}

func testConfig() Config {
	return Config{
		AccelNoise: 10, GateProb: 0.999, ConfirmM: 2, ConfirmN: 3,
		MaxMisses: 3, InitVelSigma: 300, MaxSpeed: 1000,
	}
}

// newTestTracker is a tracker of testConfig over originSensor, and that
// sensor.
func newTestTracker(tb testing.TB) (*Tracker, Sensor) {
	tb.Helper()
	s := originSensor()
	tr, err := New(testConfig(), []Sensor{s})
	if err != nil {
		tb.Fatal(err)
	}
	return tr, s
}

func originSensor() Sensor {
	return Sensor{ID: "r1", Rot: identity, SigmaRange: 30, SigmaAz: 1.5e-3, SigmaEl: 1.5e-3}
}

func TestNewErrors(t *testing.T) {
	good := testConfig()
	tests := []struct {
		name    string
		mod     func(*Config, *Sensor)
		wantErr string
	}{
		{"good", func(*Config, *Sensor) {}, ""},
		{"gate", func(c *Config, _ *Sensor) { c.GateProb = 1 }, "GateProb"},
		{"M>N", func(c *Config, _ *Sensor) { c.ConfirmM = 4 }, "ConfirmM"},
		{"misses", func(c *Config, _ *Sensor) { c.MaxMisses = 0 }, "MaxMisses"},
		{"q", func(c *Config, _ *Sensor) { c.AccelNoise = math.NaN() }, "AccelNoise"},
		{"vel", func(c *Config, _ *Sensor) { c.InitVelSigma = 0 }, "InitVelSigma"},
		{"min speed", func(c *Config, _ *Sensor) { c.MinSpeed = 2000 }, "MinSpeed"},
		{"sigma", func(_ *Config, s *Sensor) { s.SigmaAz = 0 }, "sigmas"},
		{"not orthonormal", func(_ *Config, s *Sensor) { s.Rot[0] = 2 }, "orthonormal"},
		{"reflection", func(_ *Config, s *Sensor) { s.Rot[8] = -1 }, "reflection"},
	}
	for _, tt := range tests {
		c, s := good, originSensor()
		tt.mod(&c, &s)
		_, err := New(c, []Sensor{s})
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("%s: New error %v, want one mentioning %q", tt.name, err, tt.wantErr)
		}
	}
}

// exact returns the noise-free detection of position p by sensor s.
func exact(s *Sensor, p r3.Vec, tag int) Detection {
	x := [6]float64{p.X, p.Y, p.Z}
	z, _, _ := measure(s, &x)
	return Detection{Range: z[0], Az: z[1], El: z[2], Tag: tag}
}

func kinds(ch []Change) string {
	var b []string
	for _, c := range ch {
		b = append(b, fmt.Sprintf("%s %d", c.Kind, c.Track.ID))
	}
	return strings.Join(b, ", ")
}

// TestMofN drives one stationary target through hit (H) and miss (.)
// patterns and checks each scan's changes: 2-of-3 confirmation, deletion
// of a tentative track as soon as 2 of 3 is out of reach, and deletion of
// a confirmed track on the third consecutive miss.
func TestMofN(t *testing.T) {
	tests := []struct {
		pattern string
		want    []string // changes per scan
	}{
		{"HH", []string{"initiated 1", "confirmed 1"}},
		{"H.H", []string{"initiated 1", "", "confirmed 1"}},
		{"H..", []string{"initiated 1", "", "deleted 1"}},
		{"HH..H", []string{"initiated 1", "confirmed 1", "", "", ""}},
		{"HH...", []string{"initiated 1", "confirmed 1", "", "", "deleted 1"}},
		{"HHH.H..H", []string{"initiated 1", "confirmed 1", "", "", "", "", "", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			s := originSensor()
			tr, err := New(testConfig(), []Sensor{s})
			if err != nil {
				t.Fatal(err)
			}
			p := r3.Vec{X: 20e3, Y: 10e3, Z: 1e3}
			for k, c := range tt.pattern {
				var dets []Detection
				if c == 'H' {
					dets = []Detection{exact(&s, p, 7)}
				}
				got := kinds(tr.Scan(float64(k), 0, dets, nil))
				if got != tt.want[k] {
					t.Errorf("scan %d: changes %q, want %q", k, got, tt.want[k])
				}
			}
			if tk, ok := tr.Track(1); ok && (tk.Tag != 7 || tk.Status != Confirmed || tk.Confirmed != 1 && tk.Confirmed != 2) {
				t.Errorf("track %+v", tk)
			}
		})
	}
}

// TestCoverage flies a target east out of a sensor's coverage (x > 50 km).
// While the caller says the track is not covered its misses do not count,
// so it lives on; with covered nil it is deleted after MaxMisses.
func TestCoverage(t *testing.T) {
	s := originSensor()
	covered := func(p r3.Vec) bool { return p.X < 50e3 }
	for _, tc := range []struct {
		name    string
		covered func(r3.Vec) bool
		alive   bool
	}{{"coverage", covered, true}, {"nil", nil, false}} {
		tr, err := New(testConfig(), []Sensor{s})
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(3, 4))
		var deleted float64
		for k := range 60 {
			tt := float64(k) * 2
			truth := [6]float64{40e3 + 250*tt, 5e3, 3e3, 250}
			var dets []Detection
			if covered(r3.Vec{X: truth[0]}) {
				dets = append(dets, detect(t, &s, truth, rng))
			}
			for _, c := range tr.Scan(tt, 0, dets, tc.covered) {
				if c.Kind == TrackDeleted {
					deleted = tt
				}
			}
		}
		tk, ok := tr.Track(1)
		if ok != tc.alive || len(tr.Tracks()) != map[bool]int{true: 1, false: 0}[tc.alive] {
			t.Fatalf("%s: track 1 alive = %v (tracks %d), want %v", tc.name, ok, len(tr.Tracks()), tc.alive)
		}
		if ok {
			// 40 km + 250 m/s·118 s; the coasting track is where the
			// target is, give or take its growing uncertainty. The
			// track may count a miss at the edge, never MaxMisses.
			if d := math.Abs(tk.X[0] - (40e3 + 250*118)); tk.Status != Confirmed || tk.Misses >= 3 || d > 3*math.Sqrt(tk.P[0]) {
				t.Errorf("coasting track %v misses %d x error %.0f m (σ %.0f)", tk.Status, tk.Misses, d, math.Sqrt(tk.P[0]))
			}
		} else if deleted != 44 {
			// Last hit at t=38 (x = 49.5 km), misses at 40, 42 and 44.
			t.Errorf("%s: deleted at t=%v, want 44 (third miss)", tc.name, deleted)
		}
	}
}

// TestCrossing flies two targets across each other at right angles, 500 m
// apart in height, under measurement noise, and checks that GNN keeps
// each target on its own track: every track's Tag stays the same for its
// whole life, no track is dropped, and no third track starts.
func TestCrossing(t *testing.T) {
	s := originSensor()
	cfg := testConfig()
	tr, err := New(cfg, []Sensor{s})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(11, 12))
	// Both pass over (40 km, 0) at t = 60 s.
	targets := []struct {
		p0, v [3]float64
		tag   int
	}{
		{[3]float64{40e3, -15e3, 3000}, [3]float64{0, 250, 0}, 1},
		{[3]float64{25e3, 0, 3500}, [3]float64{250, 0, 0}, 2},
	}
	tags := map[int]int{}
	for k := range 60 {
		tt := float64(k) * 2
		var dets []Detection
		for _, g := range targets {
			x := [6]float64{g.p0[0] + g.v[0]*tt, g.p0[1] + g.v[1]*tt, g.p0[2]}
			d := detect(t, &s, x, rng)
			d.Tag = g.tag
			dets = append(dets, d)
		}
		if k%2 == 1 { // present them in either order
			dets[0], dets[1] = dets[1], dets[0]
		}
		tr.Scan(tt, 0, dets, nil)
		for _, tk := range tr.Tracks() {
			if old, ok := tags[tk.ID]; ok && old != tk.Tag {
				t.Fatalf("t=%v: track %d switched from target %d to %d", tt, tk.ID, old, tk.Tag)
			}
			tags[tk.ID] = tk.Tag
		}
	}
	got := tr.Tracks()
	if len(got) != 2 || len(tags) != 2 || got[0].Tag == got[1].Tag ||
		got[0].Status != Confirmed || got[1].Status != Confirmed {
		t.Errorf("tracks at the end %+v, ever %v; want two confirmed, one per target", got, tags)
	}
}

// TestNorthWrap flies a target across the sensor's north, where the
// measured azimuth jumps from 2π to 0: the track must follow it.
func TestNorthWrap(t *testing.T) {
	tr, s := newTestTracker(t)
	rng := rand.New(rand.NewPCG(8, 9))
	for k := range 40 {
		tt := float64(k) * 2
		x := [6]float64{-10e3 + 250*tt, 60e3, 5e3, 250}
		tr.Scan(tt, 0, []Detection{detect(t, &s, x, rng)}, nil)
	}
	got := tr.Tracks()
	if len(got) != 1 || got[0].ID != 1 || got[0].Hits != 40 || math.Abs(got[0].X[3]-250) > 20 {
		t.Errorf("tracks %+v; want track 1 with 40 hits at 250 m/s east", got)
	}
}

// BenchmarkScan times one scan of 50 detections against 50 confirmed
// tracks (the detections are drawn inside the loop, a few percent of the
// time). The targets sit on a grid 2 km apart and hover, so the picture
// stays the same however long the benchmark runs.
func BenchmarkScan(b *testing.B) {
	tr, s := newTestTracker(b)
	rng := rand.New(rand.NewPCG(1, 1))
	truth := make([][6]float64, 50)
	for i := range truth {
		truth[i] = [6]float64{40e3 + 2e3*float64(i%10), 2e3 * float64(i/10), 3e3}
	}
	dets := make([]Detection, len(truth))
	scan := func(tt float64) {
		for i, x := range truth {
			dets[i] = detect(b, &s, x, rng)
			dets[i].Tag = i
		}
		tr.Scan(tt, 0, dets, nil)
	}
	for k := range 5 {
		scan(float64(k))
	}
	if n := len(tr.Tracks()); n != 50 {
		b.Fatalf("%d tracks, want 50", n)
	}
	tt := 5.0
	for b.Loop() {
		scan(tt)
		tt++
	}
	if n := len(tr.Tracks()); n != 50 {
		b.Fatalf("%d tracks after the run, want 50", n)
	}
}

// FuzzScan feeds arbitrary detections, times and coverage answers to a
// tracker and checks that it neither panics nor lets a NaN into a live
// track, and that the IDs stay sorted.
func FuzzScan(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
	f.Add([]byte{0xff, 0xf0, 0, 0, 0, 0, 0, 0, 0x7f, 0xf8, 0, 0, 0, 0, 0, 1})
	f.Add([]byte{3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})
	f.Add([]byte{6, 0xff, 0xf0, 0, 0, 0, 0, 0, 0, 0x7f, 0xf8, 0, 0, 0, 0, 0, 1})
	f.Add([]byte{12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg := testConfig()
		if len(data) > 0 {
			// The first byte picks the filter and the associator.
			k := data[0]
			data = data[1:]
			cfg.Filter = []Filter{nil, &UKF{AccelNoise: 10, InitVelSigma: 300}, &IMM{AccelNoise: 1, InitVelSigma: 300}}[k%3]
			if k/3%2 == 1 {
				cfg.Associator = &JPDA{}
				cfg.ClutterDensity = 1e-6
			}
			if k/6%2 == 1 {
				// The kinematic rules: speed bounds, a flat ground,
				// confirmation after the first instant, a coast limit.
				cfg.MinSpeed, cfg.Ground, cfg.ConfirmAfterFirst, cfg.MaxCoast = 50, flat, true, 5
			}
		}
		tr, err := New(cfg, []Sensor{originSensor(), testSensor()})
		if err != nil {
			t.Fatal(err)
		}
		next := func() float64 {
			if len(data) < 2 {
				return 0
			}
			v := float64(int16(uint16(data[0])<<8 | uint16(data[1])))
			data = data[2:]
			return v
		}
		for scan := 0; len(data) > 0 && scan < 20; scan++ {
			tt := float64(scan) + next()/1000
			var dets []Detection
			for n := int(next()) & 7; n > 0; n-- {
				// Ranges from about -3 km to 3000 km, angles well past 2π.
				r := next() * 100
				if int(r)%7 == 3 {
					r = math.Inf(1)
				}
				dets = append(dets, Detection{Range: r, Az: next() / 1000, El: next() / 20000, Tag: n})
			}
			cov := next() > 0
			tr.Scan(tt, scan%3, dets, func(r3.Vec) bool { return cov })
			last := 0
			for _, tk := range tr.Tracks() {
				if tk.ID <= last {
					t.Fatalf("track IDs out of order: %d after %d", tk.ID, last)
				}
				last = tk.ID
				for _, v := range append(tk.X[:], tk.P[:]...) {
					if math.IsNaN(v) {
						t.Fatalf("track %d has NaN: %+v", tk.ID, tk)
					}
				}
			}
		}
	})
}

// TestSilentSensorCountsNoMisses: a second sensor that covers the target
// but has never detected it (a fire-control radar too short-ranged for a
// small target) scans ten times as often; its silence must not delete the
// track the first sensor holds. Once it has detected the target, its
// misses count.
func TestSilentSensorCountsNoMisses(t *testing.T) {
	a := originSensor()
	b := originSensor()
	b.ID = "fc"
	b.Pos = r3.Vec{X: 1000}
	tr, err := New(testConfig(), []Sensor{a, b})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for k := range 100 {
		tt := float64(k)
		truth := [6]float64{30e3 + 200*tt, 10e3, 3e3, 200}
		if k%10 == 0 {
			for _, c := range tr.Scan(tt, 0, []Detection{detect(t, &a, truth, rng)}, nil) {
				if c.Kind == TrackDeleted {
					t.Fatalf("t=%v: track %d deleted", tt, c.Track.ID)
				}
			}
		}
		for _, c := range tr.Scan(tt, 1, nil, nil) {
			if c.Kind == TrackDeleted {
				t.Fatalf("t=%v: the silent sensor's scans deleted track %d", tt, c.Track.ID)
			}
		}
	}
	if tk, ok := tr.Track(1); !ok || tk.Status != Confirmed {
		t.Fatalf("track 1: %+v, %v", tk, ok)
	}
	// Now the second sensor sees it once, then goes silent: its misses count.
	truth := [6]float64{30e3 + 200*100, 10e3, 3e3, 200}
	tr.Scan(100, 1, []Detection{detect(t, &b, truth, rng)}, nil)
	deleted := false
	for k := 101; k <= 103; k++ {
		for _, c := range tr.Scan(float64(k), 1, nil, nil) {
			deleted = deleted || c.Kind == TrackDeleted
		}
	}
	if !deleted {
		t.Error("three misses by a sensor that has seen the track did not delete it")
	}
}

// TestMaxCoast: with MaxCoast, a confirmed track survives a run of
// misses shorter than MaxCoast and is deleted once it has gone MaxCoast
// without a detection.
func TestMaxCoast(t *testing.T) {
	s := originSensor()
	cfg := testConfig()
	cfg.MaxCoast = 10
	tr, err := New(cfg, []Sensor{s})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 8))
	deletedAt := -1.0
	for k := range 40 {
		tt := float64(k)
		truth := [6]float64{30e3 + 200*tt, 10e3, 3e3, 200}
		var dets []Detection
		if k < 5 || (k >= 12 && k < 15) { // seen, a 7 s gap, seen, then gone
			dets = append(dets, detect(t, &s, truth, rng))
		}
		for _, c := range tr.Scan(tt, 0, dets, nil) {
			if c.Kind == TrackDeleted && deletedAt < 0 {
				deletedAt = tt
			}
		}
	}
	// Last detection at 14 s: 3 misses by 17 s, 10 s of silence at 24 s.
	if deletedAt != 24 {
		t.Fatalf("deleted at %v s, want 24 s (3 misses and 10 s without a detection)", deletedAt)
	}
	if _, err := New(Config{MaxCoast: -1}, []Sensor{s}); err == nil {
		t.Error("negative MaxCoast accepted")
	}
}

// TestMaxCoastOutOfCoverage: a track that coasts out of every sensor's
// coverage counts no misses (TestCoverage), but with MaxCoast it still
// ends MaxCoast after its last detection: a track of a target that is
// gone must not coast on forever (issue 11: tracks of destroyed threats
// coasted underground to the end of a run).
func TestMaxCoastOutOfCoverage(t *testing.T) {
	s := originSensor()
	cfg := testConfig()
	cfg.MaxCoast = 30
	tr, err := New(cfg, []Sensor{s})
	if err != nil {
		t.Fatal(err)
	}
	covered := func(p r3.Vec) bool { return p.X < 50e3 }
	rng := rand.New(rand.NewPCG(3, 4))
	deleted := -1.0
	for k := range 60 {
		tt := float64(k) * 2
		truth := [6]float64{40e3 + 250*tt, 5e3, 3e3, 250}
		var dets []Detection
		if covered(r3.Vec{X: truth[0]}) {
			dets = append(dets, detect(t, &s, truth, rng))
		}
		for _, c := range tr.Scan(tt, 0, dets, covered) {
			if c.Kind == TrackDeleted && deleted < 0 {
				deleted = tt
				if c.Track.Updated != 38 {
					t.Errorf("deleted track's last detection at %v s, want 38 s", c.Track.Updated)
				}
			}
		}
	}
	// Last detection at 38 s (x = 49.5 km); 30 s later, at 68 s.
	if deleted != 68 {
		t.Fatalf("deleted at %v s, want 68 s (30 s after the last detection at 38 s)", deleted)
	}
}

// TestDrop: a dropped track is gone at once, its number is not given
// again, and the next detection of its target starts a new track.
func TestDrop(t *testing.T) {
	tr, s := newTestTracker(t)
	rng := rand.New(rand.NewPCG(9, 10))
	truth := func(tt float64) [6]float64 { return [6]float64{30e3 + 200*tt, 10e3, 3e3, 200} }
	for k := range 5 {
		tr.Scan(float64(k), 0, []Detection{detect(t, &s, truth(float64(k)), rng)}, nil)
	}
	tk, ok := tr.Drop(1)
	if !ok || tk.ID != 1 || tk.Status != Deleted || tk.Updated != 4 {
		t.Fatalf("Drop(1) = %+v, %v; want track 1, deleted, last detection at 4 s", tk, ok)
	}
	if _, ok := tr.Track(1); ok || len(tr.Tracks()) != 0 {
		t.Fatalf("track 1 still live after Drop: %d tracks", len(tr.Tracks()))
	}
	if _, ok := tr.Drop(1); ok {
		t.Error("a second Drop(1) found the track")
	}
	ch := tr.Scan(5, 0, []Detection{detect(t, &s, truth(5), rng)}, nil)
	if len(ch) != 1 || ch[0].Kind != TrackInitiated || ch[0].Track.ID != 2 {
		t.Fatalf("after Drop the next detection gave %v, want track 2 initiated", ch)
	}
}

// TestFind: the search by ID finds every live track and places the
// others where they would go, at the ends and between.
func TestFind(t *testing.T) {
	tr := &Tracker{tracks: []entry{{Track: Track{ID: 2}}, {Track: Track{ID: 5}}, {Track: Track{ID: 9}}}}
	for _, tc := range []struct {
		id, at int
		ok     bool
	}{{1, 0, false}, {2, 0, true}, {3, 1, false}, {5, 1, true}, {8, 2, false}, {9, 2, true}, {10, 3, false}} {
		if at, ok := tr.find(tc.id); at != tc.at || ok != tc.ok {
			t.Errorf("find(%d) = %d, %v; want %d, %v", tc.id, at, ok, tc.at, tc.ok)
		}
	}
	if _, ok := (&Tracker{}).find(1); ok {
		t.Error("find in no tracks found one")
	}
}
