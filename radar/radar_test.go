package radar

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// testConfig is a long-range surveillance radar in the form public figures
// take: 5 m² at 400 km with Pd 0.9 (checks.md's scaling example).
func testConfig() Config {
	return Config{
		ID:             "big-bird",
		Site:           geo.Deg(55.75, 37.6, 30),
		RefRange:       400e3,
		RefRCS:         5,
		RefPd:          0.9,
		Pfa:            1e-6,
		Swerling:       1,
		ScanPeriod:     10,
		SigmaRange:     50,
		SigmaAz:        2e-3,
		SigmaEl:        3e-3,
		SigmaRangeRate: 5,
	}
}

func mustNew(t testing.TB, c Config) *Radar {
	t.Helper()
	r, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestNewValidation(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*Config)
		want   string
	}{
		{"empty ID", func(c *Config) { c.ID = "" }, "ID is empty"},
		{"latitude", func(c *Config) { c.Site.Lat = 2 }, "site"},
		{"NaN altitude", func(c *Config) { c.Site.Alt = math.NaN() }, "site"},
		{"reference range", func(c *Config) { c.RefRange = 0 }, "reference range"},
		{"reference RCS", func(c *Config) { c.RefRCS = -1 }, "reference RCS"},
		{"Pfa", func(c *Config) { c.Pfa = 1 }, "Pfa"},
		{"Pd below Pfa", func(c *Config) { c.RefPd = 1e-7 }, "reference Pd"},
		{"Pd one", func(c *Config) { c.RefPd = 1 }, "reference Pd"},
		{"Swerling", func(c *Config) { c.Swerling = 3 }, "Swerling"},
		{"range limits", func(c *Config) { c.MinRange, c.MaxRange = 10e3, 5e3 }, "range limits"},
		{"negative min range", func(c *Config) { c.MinRange = -1 }, "range limits"},
		{"elevation limits", func(c *Config) { c.MinElevation, c.MaxElevation = 0.5, 0.1 }, "elevation limits"},
		{"elevation beyond zenith", func(c *Config) { c.MaxElevation = 2 }, "elevation limits"},
		{"scan period", func(c *Config) { c.ScanPeriod = -1 }, "scan period"},
		{"sigma", func(c *Config) { c.SigmaAz = math.NaN() }, "azimuth sigma"},
		{"k", func(c *Config) { c.K = -1 }, "effective-earth factor"},
	}
	for _, tt := range tests {
		c := testConfig()
		tt.modify(&c)
		_, err := New(c)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one mentioning %q", tt.name, err, tt.want)
		}
	}
	// All problems at once.
	c := testConfig()
	c.RefRange, c.Pfa, c.Swerling = -1, 0, 7
	_, err := New(c)
	for _, want := range []string{`radar "big-bird"`, "reference range", "Pfa", "Swerling"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("several problems: error %v does not mention %q", err, want)
		}
	}
}

func TestNewDefaults(t *testing.T) {
	r := mustNew(t, testConfig())
	c := r.Config()
	if c.K != DefaultK || !math.IsInf(c.MaxRange, 1) || c.MinElevation != -math.Pi/2 || c.MaxElevation != math.Pi/2 {
		t.Errorf("defaults not filled in: K %v, MaxRange %v, elevation [%v, %v]", c.K, c.MaxRange, c.MinElevation, c.MaxElevation)
	}
	if r.Frame().Origin != c.Site {
		t.Errorf("frame origin %v, want site %v", r.Frame().Origin, c.Site)
	}
}

// The reference point reproduces itself, and DetectionRange follows the
// σ^(1/4) law of checks.md: 5 m² at 400 km → 1 m² at 267.5 km, 0.01 m² at
// 84.6 km.
func TestReferenceAndDetectionRange(t *testing.T) {
	for _, sw := range []int{0, 1} {
		c := testConfig()
		c.Swerling = sw
		r := mustNew(t, c)
		if got := r.Pd(c.RefRange, c.RefRCS); !near(got, c.RefPd, 1e-10) {
			t.Errorf("Swerling %d: Pd at the reference point %.12f, want %g", sw, got, c.RefPd)
		}
		for _, tt := range []struct{ rcs, wantKm float64 }{{5, 400}, {1, 267.5}, {0.01, 84.6}} {
			if got := r.DetectionRange(tt.rcs, 0.9) / 1e3; !near(got, tt.wantKm, 0.05) {
				t.Errorf("Swerling %d: DetectionRange(%g m², 0.9) = %.2f km, want %.1f", sw, tt.rcs, got, tt.wantKm)
			}
		}
		// Another Pd at the reference RCS: the range where Pd is reached.
		rng := r.DetectionRange(5, 0.5)
		if got := r.Pd(rng, 5); !near(got, 0.5, 1e-9) {
			t.Errorf("Swerling %d: Pd at DetectionRange(5, 0.5) = %v", sw, got)
		}
		if !math.IsInf(r.DetectionRange(5, 1e-7), 1) || r.DetectionRange(5, 1) != 0 ||
			r.DetectionRange(0, 0.9) != 0 || !math.IsNaN(r.DetectionRange(-1, 0.9)) || !math.IsNaN(r.DetectionRange(1, 2)) {
			t.Errorf("Swerling %d: DetectionRange edge cases wrong", sw)
		}
	}
	// Swerling 1 needs 8 dB more than Swerling 0 at Pd 0.9, so for the
	// same reference a steady target is seen as far only at Pd 0.9.
	r0 := mustNew(t, func() Config { c := testConfig(); c.Swerling = 0; return c }())
	r1 := mustNew(t, testConfig())
	if r0.Pd(300e3, 5) <= r1.Pd(300e3, 5) {
		t.Error("inside the reference range a steady target should be likelier to be seen")
	}
}

// place returns the ECEF point at the given azimuth, elevation and range
// from the radar.
func place(r *Radar, az, el, rng float64) r3.Vec {
	return r.Frame().FromENU(geo.AERToENU(geo.AER{Az: az, El: el, Range: rng}))
}

// Over 20000 looks at a fixed SNR the detection fraction matches Pd within
// 3 binomial sigmas, and the measurement errors have the configured sigma
// within 3 % (the sample standard deviation of 20000 normals has a
// relative spread of 0.5 %) and no bias beyond 4 standard errors.
func TestLookStatistics(t *testing.T) {
	const n = 20000
	for _, sw := range []int{0, 1} {
		c := testConfig()
		c.Swerling = sw
		r := mustNew(t, c)
		az, el, rng := 1.0, 0.05, r.DetectionRange(2, 0.6)
		pos := place(r, az, el, rng)
		los := r3.Unit(r3.Sub(pos, r.Frame().OriginECEF()))
		vel := r3.Add(r3.Scale(-200, los), r3.Vec{X: 30, Y: -40, Z: 10})
		wantRR := r3.Dot(vel, los)
		tg := []Target{{ID: 7, Pos: pos, Vel: vel, RCS: 2}}
		src := rand.New(rand.NewPCG(1, 2))
		rngFor := func(int) *rand.Rand { return src }

		var hits int
		var sum, sum2 [4]float64
		wantPd := r.Pd(rng, 2)
		for i := range n {
			dets := r.Look(float64(i), tg, rngFor)
			if len(dets) == 0 {
				continue
			}
			d := dets[0]
			if d.TargetID != 7 || d.Radar != c.ID || d.T != float64(i) || !near(d.Pd, wantPd, 1e-9) || !near(d.TrueRange, rng, 1e-6) || !d.HasRangeRate {
				t.Fatalf("detection %+v", d)
			}
			hits++
			e := [4]float64{d.Range - rng, d.Az - az, d.El - el, d.RangeRate - wantRR}
			for j, v := range e {
				sum[j] += v
				sum2[j] += v * v
			}
		}
		p := float64(hits) / n
		if sd := math.Sqrt(wantPd * (1 - wantPd) / n); math.Abs(p-wantPd) > 3*sd {
			t.Errorf("Swerling %d: detected %.4f of looks, Pd %.4f ± %.4f", sw, p, wantPd, 3*sd)
		}
		for j, sigma := range []float64{c.SigmaRange, c.SigmaAz, c.SigmaEl, c.SigmaRangeRate} {
			m := sum[j] / float64(hits)
			std := math.Sqrt(sum2[j]/float64(hits) - m*m)
			if math.Abs(std/sigma-1) > 0.03 {
				t.Errorf("Swerling %d: measurement %d sample std %.5g, sigma %.5g", sw, j, std, sigma)
			}
			if math.Abs(m) > 4*sigma/math.Sqrt(float64(hits)) {
				t.Errorf("Swerling %d: measurement %d biased: mean error %.3g", sw, j, m)
			}
		}
	}
}

// Nothing is detected beyond the horizon or outside the limits, and Covers
// agrees with Look. The radar sits on the equator and targets lie on the
// equator east of it, where the effective-earth horizon has the exact
// closed form of TestAboveHorizonEquatorExact; more targets scatter in
// every direction for the range and elevation limits.
func TestLookCoverage(t *testing.T) {
	c := testConfig()
	c.Site = geo.Deg(0, 0, 25)
	c.RefRCS, c.RefRange, c.RefPd = 1000, 2000e3, 0.99 // see everything in range
	c.MinRange, c.MaxRange = 20e3, 450e3
	c.MinElevation, c.MaxElevation = -0.02, 0.5
	r := mustNew(t, c)
	re := DefaultK * geo.A

	src := rand.New(rand.NewPCG(3, 4))
	var targets []Target
	for i := range 4000 {
		var p geo.LLA
		if i%2 == 0 { // on the equator
			p = geo.LLA{Lon: src.Float64() * 0.08, Alt: src.Float64() * 12000}
		} else {
			p = geo.Deg(src.Float64()*10-5, src.Float64()*10-5, src.Float64()*400e3)
		}
		targets = append(targets, Target{ID: i, Pos: p.ECEF(), RCS: 1000})
	}
	streams := map[int]*rand.Rand{}
	rngFor := func(id int) *rand.Rand {
		if streams[id] == nil {
			streams[id] = rand.New(rand.NewPCG(5, uint64(id)))
		}
		return streams[id]
	}
	detected := map[int]bool{}
	for look := range 5 {
		for _, d := range r.Look(float64(look), targets, rngFor) {
			detected[d.TargetID] = true
		}
	}
	var seen, hidden, outside int
	for i, tg := range targets {
		a := r.Frame().AER(tg.Pos)
		inLimits := a.Range >= c.MinRange && a.Range <= c.MaxRange && a.El >= c.MinElevation && a.El <= c.MaxElevation
		if !inLimits {
			outside++
		}
		visible := true
		if i%2 == 0 {
			p := geo.FromECEF(tg.Pos)
			s := geo.A * p.Lon
			visible = s <= re*(math.Acos(re/(re+25))+math.Acos(re/(re+p.Alt)))
			if !visible {
				hidden++
			}
		}
		if detected[i] && (!inLimits || !visible) {
			t.Errorf("target %d detected at range %.0f m, el %.4f, visible %v", i, a.Range, a.El, visible)
		}
		if detected[i] && !r.Covers(tg.Pos) {
			t.Errorf("target %d detected but not covered", i)
		}
		if inLimits && visible && r.Covers(tg.Pos) {
			seen++
			if !detected[i] {
				t.Errorf("target %d covered at %.0f m but never detected in 5 looks at Pd %.3f", i, a.Range, r.Pd(a.Range, tg.RCS))
			}
		}
	}
	t.Logf("%d seen, %d beyond the horizon, %d outside the limits", seen, hidden, outside)
	// The test must have exercised every case.
	if seen < 200 || hidden < 200 || outside < 200 {
		t.Errorf("weak test: %d seen, %d beyond the horizon, %d outside the limits", seen, hidden, outside)
	}
}

// The draws for a target do not depend on the other targets: adding a
// target or reordering the slice leaves the others' detections unchanged,
// and detections come in the order of the targets.
func TestLookIndependentDraws(t *testing.T) {
	r := mustNew(t, testConfig())
	mk := func(id int, rng float64) Target {
		return Target{ID: id, Pos: place(r, float64(id), 0.02, rng), RCS: 1}
	}
	a, b, c := mk(1, 250e3), mk(2, 260e3), mk(3, 270e3)
	fresh := func(id int) *rand.Rand { return rand.New(rand.NewPCG(11, uint64(id))) }
	run := func(ts ...Target) map[int][]Detection {
		streams := map[int]*rand.Rand{}
		out := map[int][]Detection{}
		order := map[int]int{} // target ID → index in ts
		for i, tg := range ts {
			order[tg.ID] = i
		}
		for look := range 200 {
			dets := r.Look(float64(look), ts, func(id int) *rand.Rand {
				if streams[id] == nil {
					streams[id] = fresh(id)
				}
				return streams[id]
			})
			for i := 1; i < len(dets); i++ {
				if order[dets[i].TargetID] < order[dets[i-1].TargetID] {
					t.Fatalf("detections out of target order")
				}
			}
			for _, d := range dets {
				out[d.TargetID] = append(out[d.TargetID], d)
			}
		}
		return out
	}
	alone := run(a, c)
	with := run(c, b, a)
	for _, id := range []int{1, 3} {
		if len(alone[id]) == 0 || len(alone[id]) == 200 {
			t.Fatalf("target %d detected %d of 200 times; want a Pd strictly between", id, len(alone[id]))
		}
		if len(alone[id]) != len(with[id]) {
			t.Fatalf("target %d: %d detections alone, %d with another target", id, len(alone[id]), len(with[id]))
		}
		for i := range alone[id] {
			if alone[id][i] != with[id][i] {
				t.Fatalf("target %d look %d differs: %+v vs %+v", id, i, alone[id][i], with[id][i])
			}
		}
	}
}

// blockAll is a Masker of a wall around the radar.
type blockAll struct {
	from  r3.Vec
	calls int
}

func (m *blockAll) Visible(from, to r3.Vec) bool {
	m.from = from
	m.calls++
	return false
}

func TestLookMaskAndNoRangeRate(t *testing.T) {
	c := testConfig()
	c.SigmaRangeRate = 0
	r := mustNew(t, c)
	tg := []Target{{ID: 1, Pos: place(r, 0.3, 0.1, 50e3), RCS: 5}}
	rngFor := func(int) *rand.Rand { return rand.New(rand.NewPCG(1, 1)) }
	dets := r.Look(0, tg, rngFor)
	if len(dets) != 1 || dets[0].HasRangeRate || dets[0].RangeRate != 0 {
		t.Fatalf("close target: %+v", dets)
	}
	m := &blockAll{}
	c.Mask = m
	r = mustNew(t, c)
	if dets := r.Look(0, tg, rngFor); len(dets) != 0 || r.Covers(tg[0].Pos) {
		t.Errorf("masked target detected or covered: %+v", dets)
	}
	if m.calls == 0 || m.from != r.Frame().OriginECEF() {
		t.Errorf("mask called %d times from %v", m.calls, m.from)
	}
}

func benchmarkLook(b *testing.B, swerling int) {
	c := testConfig()
	c.Swerling = swerling
	benchmarkLookOver(b, c, 0.1, 50e3, 400e3)
}

// benchmarkLookOver looks at 100 targets at random azimuths, elevations
// up to maxEl and ranges from r0 to r0+span.
func benchmarkLookOver(b *testing.B, c Config, maxEl, r0, span float64) {
	r := mustNew(b, c)
	src := rand.New(rand.NewPCG(1, 2))
	targets := make([]Target, 100)
	for i := range targets {
		targets[i] = Target{
			ID:  i,
			Pos: place(r, src.Float64()*2*math.Pi, src.Float64()*maxEl, r0+src.Float64()*span),
			Vel: r3.Vec{X: 200, Y: 10},
			RCS: 0.1 + src.Float64()*5,
		}
	}
	streams := make([]*rand.Rand, len(targets))
	for i := range streams {
		streams[i] = rand.New(rand.NewPCG(9, uint64(i)))
	}
	rngFor := func(id int) *rand.Rand { return streams[id] }
	for b.Loop() {
		r.Look(0, targets, rngFor)
	}
}

func BenchmarkLook100Swerling1(b *testing.B) { benchmarkLook(b, 1) }
func BenchmarkLook100Swerling0(b *testing.B) { benchmarkLook(b, 0) }
