package radar

import (
	"math"
	"math/rand/v2"
	"testing"
)

// faConfig is testConfig with the figures that set its cells: 1000 range
// cells of 150 m out to 150 km, and 240 beams of 1.5° round the circle.
func faConfig() Config {
	c := testConfig()
	c.MaxRange = 150e3
	c.RangeResolution = 150
	c.BeamwidthAz = 1.5 * math.Pi / 180
	c.MinElevation, c.MaxElevation = -2*math.Pi/180, 60*math.Pi/180
	return c
}

func TestCells(t *testing.T) {
	tests := []struct {
		name         string
		modify       func(*Config)
		wantR, wantB int
	}{
		{"all round", func(*Config) {}, 1000, 240},
		{"min range", func(c *Config) { c.MinRange = 30e3 }, 800, 240},
		{"sector", func(c *Config) { c.Sector = Sector{Azimuth: 1, HalfWidth: math.Pi / 3} }, 1000, 80},
		{"no range resolution", func(c *Config) { c.RangeResolution = 0 }, 0, 0},
		{"no beamwidth", func(c *Config) { c.BeamwidthAz = 0 }, 0, 0},
		{"no instrumented range", func(c *Config) { c.MaxRange = 0 }, 0, 0},
	}
	for _, tt := range tests {
		c := faConfig()
		tt.modify(&c)
		nr, nb := mustNew(t, c).Cells()
		if nr != tt.wantR || nb != tt.wantB {
			t.Errorf("%s: Cells() = %d, %d, want %d, %d", tt.name, nr, nb, tt.wantR, tt.wantB)
		}
	}
}

// TestFalseAlarmRate checks the count of false alarms over many scans
// against Pfa times the cells: the total is binomial B(scans·n, Pfa), so
// it must lie within 4.5 standard deviations of its mean (a miss once in
// 150,000 seeds), and the per-scan counts must have the binomial's
// variance n·Pfa(1-Pfa) within the sampling error of a variance.
func TestFalseAlarmRate(t *testing.T) {
	tests := []struct {
		name     string
		pfa      float64
		from, to float64
		sector   Sector
		scans    int
	}{
		{"full scan", 1e-4, 0, 1, Sector{}, 2000},
		{"catalogue Pfa", 1e-6, 0, 1, Sector{}, 20000},
		{"search slice", 1e-4, 0.25, 0.5, Sector{}, 4000},
		{"wrapping slice of a sector", 1e-4, 0.9, 1.15, Sector{Azimuth: 0.3, HalfWidth: math.Pi / 3}, 6000},
	}
	for _, tt := range tests {
		c := faConfig()
		c.Pfa, c.Sector = tt.pfa, tt.sector
		r := mustNew(t, c)
		nr, nb := r.Cells()
		slice := math.Round((tt.to - tt.from) * float64(nb))
		n := float64(nr) * slice
		rng := rand.New(rand.NewPCG(1, 2))
		var sum, sumSq float64
		for s := 0; s < tt.scans; s++ {
			dets := r.FalseAlarms(float64(s), tt.from, tt.to, rng)
			for _, d := range dets {
				if d.TargetID != -1 || !(d.Range >= c.MinRange && d.Range <= c.MaxRange) ||
					!(d.El >= c.MinElevation && d.El <= c.MaxElevation) || d.Pd != c.Pfa ||
					!(d.SNR >= -math.Log(c.Pfa)) {
					t.Fatalf("%s: false alarm %+v outside the radar's cells", tt.name, d)
				}
				// The azimuth lies in the slice.
				x := r.Sector().Across(d.Az)
				if x < tt.from-1e-9 {
					x++
				}
				if !(x >= tt.from-1e-9 && x <= tt.to+1e-9) {
					t.Fatalf("%s: false alarm at azimuth %.4f rad, across %.4f, outside the slice [%v, %v]", tt.name, d.Az, x, tt.from, tt.to)
				}
			}
			k := float64(len(dets))
			sum += k
			sumSq += k * k
		}
		mean := n * tt.pfa
		want := mean * float64(tt.scans)
		sd := math.Sqrt(want * (1 - tt.pfa))
		if math.Abs(sum-want) > 4.5*sd {
			t.Errorf("%s: %v false alarms in %d scans of %v cells at Pfa %v, want %.0f ± %.0f (4.5σ)", tt.name, sum, tt.scans, n, tt.pfa, want, 4.5*sd)
		}
		// The sample variance of a Poisson-like count has a standard
		// error of about sqrt((2λ² + λ)/scans).
		m := sum / float64(tt.scans)
		v := sumSq/float64(tt.scans) - m*m
		se := math.Sqrt((2*mean*mean + mean) / float64(tt.scans))
		if math.Abs(v-mean*(1-tt.pfa)) > 5*se {
			t.Errorf("%s: per-scan variance %.3f, want the binomial's %.3f ± %.3f (5 SE)", tt.name, v, mean*(1-tt.pfa), 5*se)
		}
	}
}

// TestFalseAlarmsUniform checks that false alarms fall evenly over range,
// azimuth and elevation: each half of each holds half of them within 4.5σ.
func TestFalseAlarmsUniform(t *testing.T) {
	c := faConfig()
	c.Pfa = 1e-3
	r := mustNew(t, c)
	rng := rand.New(rand.NewPCG(3, 4))
	var n, near, east, low float64
	for s := 0; s < 200; s++ {
		for _, d := range r.FalseAlarms(0, 0, 1, rng) {
			n++
			if d.Range < c.MaxRange/2 {
				near++
			}
			if d.Az < math.Pi {
				east++
			}
			if d.El < (c.MinElevation+c.MaxElevation)/2 {
				low++
			}
		}
	}
	for _, h := range []struct {
		name string
		k    float64
	}{{"near half of the range", near}, {"eastern half", east}, {"lower half of the elevation", low}} {
		if sd := math.Sqrt(n / 4); math.Abs(h.k-n/2) > 4.5*sd {
			t.Errorf("%s: %v of %v false alarms, want %v ± %.0f", h.name, h.k, n, n/2, 4.5*sd)
		}
	}
}

func TestFalseAlarmsNone(t *testing.T) {
	c := faConfig()
	c.RangeResolution = 0
	if d := mustNew(t, c).FalseAlarms(0, 0, 1, rand.New(rand.NewPCG(1, 1))); d != nil {
		t.Errorf("a radar without a range resolution drew %d false alarms, want none (no cells)", len(d))
	}
	// A tiny Pfa over a small slice: the skip far exceeds the cells.
	c = faConfig()
	c.Pfa = 1e-15
	if d := mustNew(t, c).FalseAlarms(0, 0, 0.01, rand.New(rand.NewPCG(1, 1))); len(d) != 0 {
		t.Errorf("Pfa 1e-15 on a few thousand cells drew %d false alarms", len(d))
	}
}

func BenchmarkFalseAlarms(b *testing.B) {
	c := faConfig()
	r, err := New(c)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for b.Loop() {
		r.FalseAlarms(0, 0, 1, rng)
	}
}
