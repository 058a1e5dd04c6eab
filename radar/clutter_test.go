package radar

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// σ0 against recorded values. The MathWorks seareflectivity example is
// read in its documentation (shared/reference/wave2-figures.yaml,
// clutter_references.sea_clutter_nrl_model.mathworks_example, V); the
// others were computed from the NRL report's formula when that file was
// made, and the land values from MathWorks surfacegamma's table.
func TestReflectivity(t *testing.T) {
	deg := math.Pi / 180
	for _, c := range []struct {
		name   string
		got    float64
		wantDB float64
		tol    float64
	}{
		{"NRL: MathWorks example, SS2 10° 30 GHz", SeaReflectivity(10*deg, 30e9, 2), -36.67, 0.01},
		{"NRL: SS3 1° 3 GHz", SeaReflectivity(1*deg, 3e9, 3), -52.6, 0.05},
		{"NRL: SS5 10° 9.3 GHz", SeaReflectivity(10*deg, 9.3e9, 5), -32.5, 0.05},
		{"NRL: SS1 3° 3 GHz", SeaReflectivity(3*deg, 3e9, 1), -58.7, 0.05},
		{"gamma: flatland 1° 1 GHz", Gamma(Flatland, 1e9) * math.Sin(1*deg), -42.58, 0.01},
		{"gamma: wooded hill 1° 3 GHz", Gamma(WoodedHill, 3e9) * math.Sin(1*deg), -30.20, 0.01},
		{"gamma: metropolitan 1° 10 GHz", Gamma(Metropolitan, 10e9) * math.Sin(1*deg), -17.58, 0.01},
	} {
		if got := DB(c.got); math.Abs(got-c.wantDB) > c.tol {
			t.Errorf("%s: σ0 %.3f dB, want %.2f", c.name, got, c.wantDB)
		}
	}
}

// clutterConfig is an S-band radar on a 25 m mast by the sea.
func clutterConfig() Config {
	c := testConfig()
	c.Site = geo.Deg(43.9, -70, 25)
	c.MinElevation, c.MaxElevation = 0, 0
	c.Environment = Environment{
		Surface:         Surface{Kind: SurfaceSea, SeaState: 3},
		Frequency:       3e9,
		BeamwidthAz:     1 * math.Pi / 180,
		RangeResolution: 150,
		MTIImprovement:  FromDB(40),
		MinRadialSpeed:  3,
		PRF:             1000,
	}
	return c
}

// The signal-to-clutter ratio of a pulse-limited cell, with a beam broad
// in elevation, is Skolnik's (Introduction to Radar Systems, 3rd ed.,
// §7.5):
//
//	S/C = σt / (σ0 R θaz (cτ/2) sec ψ)
//
// For 25 m over a 4/3 earth at 5 km, ψ = 0.2696°, A = 13090 m², σ0 (NRL,
// SS3, 3 GHz) = -60.87 dB: S/C = 19.70 dB on 1 m²; over farmland
// (γ = -15 dB at 10 GHz, σ0 = -40.89 dB) it is -0.28 dB. Values computed
// independently (Python) from those formulas.
func TestSignalToClutter(t *testing.T) {
	for _, c := range []struct {
		surface Surface
		wantDB  float64
	}{
		{Surface{Kind: SurfaceSea, SeaState: 3}, 19.700},
		{Surface{Kind: SurfaceLand, Land: Farmland}, -0.281},
	} {
		cfg := clutterConfig()
		cfg.Surface = c.surface
		r := mustNew(t, cfg)
		a := geo.AER{Range: 5e3, El: 0.01}
		cnr := r.ClutterToNoise(a)
		scr := r.SNR(5e3, 1) / cnr
		if math.Abs(DB(scr)-c.wantDB) > 0.01 {
			t.Errorf("%+v: S/C %.3f dB on 1 m² at 5 km, want %.3f", c.surface, DB(scr), c.wantDB)
		}
		if cnr := r.ClutterToNoise(geo.AER{Range: 30e3}); cnr != 0 {
			t.Errorf("%+v: clutter %v beyond the surface's 20.6 km horizon", c.surface, cnr)
		}
	}
}

// MTI blind speeds v_n = n λ PRF/2 (Skolnik, §3.2): a target in clutter
// closing at a blind speed, or hovering, is never detected; one 10 m/s off
// is, at the Pd its signal-to-interference ratio gives.
func TestBlindSpeeds(t *testing.T) {
	r := mustNew(t, clutterConfig())
	lambda := SpeedOfLight / 3e9
	blind := lambda * 1000 / 2 // 49.965 m/s
	pos := place(r, 1, 0.004, 8e3)
	los := r3.Unit(r3.Sub(pos, r.Frame().OriginECEF()))
	if cnr := r.ClutterToNoise(r.Frame().AER(pos)); !(cnr > 1) {
		t.Fatalf("test target not in clutter: CNR %v", cnr)
	}
	src := rand.New(rand.NewPCG(3, 4))
	rngFor := func(int) *rand.Rand { return src }
	for _, c := range []struct {
		speed    float64
		detected bool
	}{
		{0, false}, {-blind, false}, {2 * blind, false}, {-blind + 1, false},
		{-blind - 10, true}, {blind + 10, true}, {-5, true},
	} {
		tg := []Target{{ID: 1, Pos: pos, Vel: r3.Scale(c.speed, los), RCS: 1}}
		n := 0
		for range 100 {
			n += len(r.Look(0, tg, rngFor))
		}
		if c.detected && n < 90 || !c.detected && n != 0 {
			t.Errorf("radial speed %.2f m/s (blind speed %.3f): %d detections in 100 looks, want detected %v", c.speed, blind, n, c.detected)
		}
	}
}

// Over the sea the SNR of a look is the free-space one times F⁴: at a
// lobe peak +12 dB, in a null nothing.
func TestLookMultipath(t *testing.T) {
	c := clutterConfig()
	c.Frequency = 9.5e9
	c.Surface = Surface{Kind: SurfaceSea} // calm: reflects fully, little clutter
	c.MTIImprovement = FromDB(60)
	r := mustNew(t, c)
	src := rand.New(rand.NewPCG(3, 4))
	rngFor := func(int) *rand.Rand { return src }
	// A target 40 km out, 200 m over the sea, flying radially.
	g0 := c.Site
	for _, h := range []float64{150, 150.5, 151, 151.5, 152} {
		pos := geo.LLA{Lat: g0.Lat + 40e3/6371e3, Lon: g0.Lon, Alt: h}.ECEF()
		a := r.Frame().AER(pos)
		los := r3.Unit(r3.Sub(pos, r.Frame().OriginECEF()))
		tg := []Target{{ID: 1, Pos: pos, Vel: r3.Scale(-250, los), RCS: 1}}
		dets := r.Look(0, tg, rngFor)
		f, ok := r.see(pos, a)
		if !ok {
			t.Fatalf("h %v: not covered", h)
		}
		if len(dets) == 1 {
			want := r.SNR(a.Range, 1) * math.Pow(f, 4) / (1 + r.ClutterToNoise(a)/c.MTIImprovement)
			if math.Abs(dets[0].SNR/want-1) > 1e-12 {
				t.Errorf("h %v: SNR %v, want %v", h, dets[0].SNR, want)
			}
		}
		if !(f >= 0 && f <= 2) {
			t.Errorf("h %v: F %v outside [0, 2]", h, f)
		}
	}
}

// BenchmarkLook100Sea looks over a sea, most targets low and near the
// horizon, where the propagation factor costs most.
func BenchmarkLook100Sea(b *testing.B) { benchmarkLookOver(b, clutterConfig(), 0.02, 5e3, 100e3) }

// TestClutterToNoiseMathWorks takes MathWorks' surfclutterrcs example
// (documentation, after Richards, Fundamentals of Radar Signal
// Processing, 2005, pp. 57-63): σ0 = 1 at 1 km, beam 1° by 3°, grazing
// 10°, a 10 µs pulse, λ = 1 cm, 5 kW: the clutter cross section is
// 5.2627e+03 m² (beam-limited: the pulse is longer than the footprint)
// and radareqsnr gives its clutter-to-noise ratio as 75.2006 dB (its
// defaults: 20 dB gain, 290 K, no loss). With a 1 µs pulse the cell is
// pulse-limited: R θaz (cτ/2) sec ψ = 2656.54 m², the smaller (closed form).
func TestClutterToNoiseMathWorks(t *testing.T) {
	const c = 299792458.0
	psi, az, el := 10*deg, 1*deg, 3*deg
	area := cellArea(1000, psi, az, el, c*10e-6/2)
	if math.Abs(area-5262.7) > 0.05 {
		t.Errorf("beam-limited clutter cell %.2f m², want 5262.7 (MathWorks surfclutterrcs)", area)
	}
	g := FromDB(20)
	cnr := DB(SNR(ReceivedPower(5000, g, g, 0.01, 1*area, 1000, 1), 290, 1/10e-6))
	if math.Abs(cnr-75.2006) > 0.0005 {
		t.Errorf("CNR %.4f dB, want 75.2006 (MathWorks radareqsnr)", cnr)
	}
	pulse := 1000 * az * (c * 1e-6 / 2) / math.Cos(psi)
	if got := cellArea(1000, psi, az, el, c*1e-6/2); math.Abs(got-pulse) > 1e-9*pulse || math.Abs(got-2656.54) > 0.005 {
		t.Errorf("pulse-limited clutter cell %.2f m², want %.2f", got, pulse)
	}
	// A fan beam (no elevation width) is pulse-limited whatever the pulse.
	if got, want := cellArea(1000, psi, az, 0, c*10e-6/2), 1000*az*(c*10e-6/2)/math.Cos(psi); got != want {
		t.Errorf("fan beam: %v m², want the pulse-limited %v", got, want)
	}
}
