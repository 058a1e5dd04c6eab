package radar

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestStrobes: a jammer whose main-beam J/N reaches StrobeJN gives a
// strobe on its bearing, scattered by the radar's azimuth noise; a
// weaker one, or one outside the sector, gives none. The J/N is the
// one-way range equation's in the main beam (TestJamToNoiseClosedForm),
// so the threshold falls at the ERP that equation puts there.
func TestStrobes(t *testing.T) {
	c := jamConfig(3)
	r := mustNew(t, c)
	pos := at(r, 70, 2, 250e3)
	// The ERP that puts the main-beam J/N at StrobeJN exactly.
	unit := r.Jamming([]Jammer{{Pos: pos, ERP: 1, Bandwidth: 200e6}})
	erp0 := StrobeJN / unit.src[0].jn
	rng := rand.New(rand.NewPCG(3, 4))
	rngFor := func(int) *rand.Rand { return rng }
	for _, tc := range []struct {
		name  string
		erp   float64
		want  bool
		setup func(*Config)
	}{
		{"at the threshold", erp0 * 1.001, true, nil},
		{"just below it", erp0 * 0.999, false, nil},
		{"strong, outside the sector", erp0 * 100, false, func(c *Config) { c.Sector = Sector{Azimuth: math.Pi, HalfWidth: math.Pi / 3} }},
		{"strong, inside the sector", erp0 * 100, true, func(c *Config) { c.Sector = Sector{Azimuth: math.Pi / 3, HalfWidth: math.Pi / 3} }},
	} {
		rr := r
		if tc.setup != nil {
			cc := c
			tc.setup(&cc)
			rr = mustNew(t, cc)
		}
		jm := rr.Jamming([]Jammer{{Pos: at(rr, 90, 5, 100e3), ERP: 1e-9, Bandwidth: 1e9}, {Pos: pos, ERP: tc.erp, Bandwidth: 200e6}})
		got := rr.Strobes(5, jm, rngFor)
		if (len(got) == 1) != tc.want || len(got) > 1 {
			t.Errorf("%s: %d strobes, want %v", tc.name, len(got), tc.want)
			continue
		}
		if tc.want && (got[0].Jammer != 1 || math.Abs(got[0].TrueAz-70*math.Pi/180) > 1e-9 || got[0].T != 5) {
			t.Errorf("%s: strobe %+v, want jammer 1 at 70°", tc.name, got[0])
		}
	}
	// The bearings scatter with the radar's azimuth sigma.
	jm := r.Jamming([]Jammer{{Pos: pos, ERP: erp0 * 10, Bandwidth: 200e6}})
	var sum, sum2 float64
	const n = 4000
	for range n {
		s := r.Strobes(0, jm, rngFor)[0]
		d := math.Remainder(s.Az-s.TrueAz, 2*math.Pi)
		sum += d
		sum2 += d * d
	}
	mean := sum / n
	sd := math.Sqrt(sum2/n - mean*mean)
	if math.Abs(sd/c.SigmaAz-1) > 0.05 || math.Abs(mean) > 4*c.SigmaAz/math.Sqrt(n) {
		t.Errorf("bearing error mean %.2g, sd %.3g rad; want 0 and %.3g", mean, sd, c.SigmaAz)
	}
}
