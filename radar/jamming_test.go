package radar

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// textbookRadar is a radar given as a textbook gives one: peak power pt
// (W), main-beam gain g, frequency f (Hz), loss (a ratio) and receiver
// bandwidth b (Hz), with a sidelobe level sl relative to the beam. Its
// reference point is where the range equation gives the SNR of Pd 0.5 at
// Pfa 1e-6 (Swerling 0) on rcs; its noise figure is 1, which cancels in
// every J/S.
func textbookRadar(t *testing.T, pt, g, f, loss, b, rcs, sl float64) *Radar {
	t.Helper()
	lambda := SpeedOfLight / f
	need := SNRSwerling0(0.5, 1e-6)
	// SNR(R) = Pt G² λ² σ / ((4π)³ R⁴ k T0 B L).
	r4 := pt * g * g * lambda * lambda * rcs / (fourPiCubed * Boltzmann * T0 * b * loss * need)
	return mustNew(t, Config{
		ID: "textbook", Site: geo.Deg(0, 0, 10),
		RefRange: math.Sqrt(math.Sqrt(r4)), RefRCS: rcs, RefPd: 0.5, Pfa: 1e-6,
		Environment: Environment{Frequency: f, BeamwidthAz: 2 * math.Pi / 180, BeamwidthEl: 2 * math.Pi / 180, Sidelobe: sl},
		Receiver:    Receiver{NoiseFigure: 1, Bandwidth: b, Gain: g},
	})
}

// at is the ECEF point rng metres from the radar at azimuth az and
// elevation el (degrees).
func at(r *Radar, az, el, rng float64) r3.Vec {
	a, e := az*math.Pi/180, el*math.Pi/180
	return r.Frame().FromENU(r3.Vec{X: rng * math.Cos(e) * math.Sin(a), Y: rng * math.Cos(e) * math.Cos(a), Z: rng * math.Sin(e)})
}

// jamToSignal is J/S on a target of the radar's reference cross section at
// range rng, due north, under jammers js.
func jamToSignal(r *Radar, js []Jammer, rng float64) float64 {
	jn := r.JamToNoise(r.Jamming(js), at(r, 0, 5, rng))
	return jn / r.SNR(rng, r.Config().RefRCS)
}

// TestStandOffCrossover is the stand-off jammer worked example of Mahafza
// (Radar Systems Analysis and Design Using MATLAB, Fig. 3.17 script; the
// inputs and the 1,431 m crossover range are recorded in
// /work/shared/reference/wave2-figures.yaml, standoff_jamming.
// textbook_worked_examples.mahafza_soj_crossover): a 10 kW, 35 dB, 5.6
// GHz radar with 0.5 MHz bandwidth and 0.01 dB loss against a 1 kW, 30 dB
// jammer (0.3 dB loss, 0.5 MHz) 22.2 km away in a 10 dB sidelobe, on a
// 10 m² target. The crossover range is where J = S:
//
//	R_co = (Pt G² σ Bj Lj Rj² / (4π Pj Gj G' B L))^(1/4).
func TestStandOffCrossover(t *testing.T) {
	g := FromDB(35)
	r := textbookRadar(t, 1e4, g, 5.6e9, FromDB(0.01), 5e5, 10, FromDB(10)/g)
	erp := 1e3 * FromDB(30) / FromDB(0.3)
	js := []Jammer{{ID: "soj", Pos: at(r, 90, 10, 22.2e3), ERP: erp, Bandwidth: 5e5}}
	// J/S grows as R⁴ with the jammer fixed: J/S = 1 at R₁ (J/S)^(-1/4).
	const r1 = 1000.0
	got := r1 * math.Pow(jamToSignal(r, js, r1), -0.25)
	if math.Abs(got-1431) > 1 {
		t.Errorf("crossover range %.1f m, want 1431 m (Mahafza)", got)
	}
}

// TestBurnThroughHarrison is the burn-through example of Harrison
// (Introduction to Radar Using Python and MATLAB, Artech 2019, ch. 11,
// burn_through_range_example; inputs and ranges recorded in
// wave2-figures.yaml, harrison_burn_through): a 100 kW radar with 20 dB
// gain, 100 MHz bandwidth and 3 dB loss, a 3 dBsm target, a 10 MHz jammer
// of ERP 0 to 15 dBW, J/S of -20 dB required; an escort jammer 100 km
// out seen through a sidelobe gain of -20 dBi (40 dB under the beam).
//
// The book scales the jamming by Br/Bj even when the jammer is narrower
// than the receiver (here 10 times): it puts more power in the receiver
// than the jammer radiates. Here a narrow jammer puts all its power in,
// no more, so J is 10 times less and the ranges are the book's times
// √10 (self-screening, R² ∝ S/J) and 10^(1/4) (escort, R⁴ ∝ S/J).
func TestBurnThroughHarrison(t *testing.T) {
	g := FromDB(20)
	r := textbookRadar(t, 1e5, g, 3e9, FromDB(3), 1e8, FromDB(3), FromDB(-20)/g)
	jsReq := FromDB(-20)
	for _, c := range []struct {
		erpDBW             float64
		selfScreen, escort float64 // the book's ranges, m
	}{
		{0, 28.2, 16796}, {5, 15.9, 12595}, {10, 8.9, 9445}, {15, 5.0, 7083},
	} {
		erp := FromDB(c.erpDBW)
		// Self-screening: the jammer rides on the target; J/S ∝ R².
		const r1 = 1000.0
		self := []Jammer{{Pos: at(r, 0, 5, r1), ERP: erp, Bandwidth: 1e7}}
		gotSelf := r1 * math.Sqrt(jsReq/jamToSignal(r, self, r1))
		if want := c.selfScreen * math.Sqrt(10); math.Abs(gotSelf-want) > 0.06*math.Sqrt(10) {
			t.Errorf("ERP %g dBW: self-screening burn-through %.2f m, want %.2f m (book %.1f m × √10)", c.erpDBW, gotSelf, want, c.selfScreen)
		}
		// Escort: a fixed jammer off the beam; J/S ∝ R⁴.
		escort := []Jammer{{Pos: at(r, 120, 5, 100e3), ERP: erp, Bandwidth: 1e7}}
		gotEsc := r1 * math.Pow(jsReq/jamToSignal(r, escort, r1), 0.25)
		if want := c.escort * math.Pow(10, 0.25); math.Abs(gotEsc-want) > 1e-3*want {
			t.Errorf("ERP %g dBW: escort burn-through %.0f m, want %.0f m (book %.0f m × 10^¼)", c.erpDBW, gotEsc, want, c.escort)
		}
	}
}

// TestJamToNoiseClosedForm checks J/N against the one-way range equation
// computed here, for a jammer in the main beam and off it, wider and
// narrower than the receiver, with the gain and bandwidth derived from
// the beamwidths and the range resolution.
func TestJamToNoiseClosedForm(t *testing.T) {
	c := jamConfig(4)
	r := mustNew(t, c)
	g, br := r.ReceiverFigures()
	if want := 26000 / (1.5 * 2.0); math.Abs(g-want) > 1e-9*want {
		t.Errorf("gain %g, want 26000/(1.5 × 2) = %g", g, want)
	}
	if want := SpeedOfLight / 300; math.Abs(br-want) > 1e-6 {
		t.Errorf("bandwidth %g Hz, want c/(2 × 150 m) = %g", br, want)
	}
	lambda := SpeedOfLight / 3e9
	closed := func(erp, gain, rj, bj float64) float64 {
		return erp * gain * lambda * lambda / (16 * math.Pi * math.Pi * rj * rj * Boltzmann * T0 * FromDB(4) * math.Max(bj, br))
	}
	target := at(r, 30, 3, 150e3)
	for _, tc := range []struct {
		name       string
		az, el, rj float64
		bj, gain   float64
	}{
		{"main beam, wide jammer", 30, 3, 250e3, 100e6, g},
		{"main beam, narrow jammer", 30, 3, 250e3, 1e5, g},
		{"sidelobe", 80, 3, 250e3, 100e6, g * FromDB(-30)},
		{"half power, azimuth", 30 + 0.75/math.Cos(3*math.Pi/180), 3, 250e3, 100e6, g / 2},
		{"half power, elevation", 30, 4, 250e3, 100e6, g / 2},
	} {
		js := []Jammer{{Pos: at(r, tc.az, tc.el, tc.rj), ERP: 1e4, Bandwidth: tc.bj}}
		got := r.JamToNoise(r.Jamming(js), target)
		want := closed(1e4, tc.gain, tc.rj, tc.bj)
		if math.Abs(got-want) > 1e-3*want {
			t.Errorf("%s: J/N %.4g, want %.4g", tc.name, got, want)
		}
	}
}

type wall struct{}

func (wall) Visible(from, to r3.Vec) bool { return false }

// TestJammerNotHeard: a jammer off the radar's frequency, below its
// horizon or behind terrain adds nothing; one of several bands that
// covers the frequency is heard; a radar without a Receiver hears none.
func TestJammerNotHeard(t *testing.T) {
	c := testConfig()
	c.Environment = Environment{Frequency: 3e9, BeamwidthAz: 0.02, BeamwidthEl: 0.03, Sidelobe: 1e-3, RangeResolution: 150}
	c.Receiver = Receiver{NoiseFigure: 2}
	r := mustNew(t, c)
	x, _ := ParseFrequencyBand("X")
	s, _ := ParseFrequencyBand("s")
	target := at(r, 0, 5, 100e3)
	heard := func(r *Radar, j Jammer) bool { return r.JamToNoise(r.Jamming([]Jammer{j}), target) > 0 }
	up := Jammer{Pos: at(r, 10, 5, 200e3), ERP: 100, Bandwidth: 1e8}
	if !heard(r, up) {
		t.Fatal("a jammer in view and in band is not heard")
	}
	xOnly := up
	xOnly.Bands = []FrequencyBand{x}
	if heard(r, xOnly) {
		t.Error("an X-band jammer jams an S-band radar")
	}
	both := up
	both.Bands = []FrequencyBand{x, s}
	if !heard(r, both) {
		t.Error("an X- and S-band jammer does not jam an S-band radar")
	}
	low := up
	low.Pos = at(r, 10, -1, 400e3) // under the horizon of a 30 m antenna
	if heard(r, low) {
		t.Error("a jammer below the horizon is heard")
	}
	c.Mask = wall{}
	if heard(mustNew(t, c), up) {
		t.Error("a jammer behind terrain is heard")
	}
	c.Mask, c.Receiver = nil, Receiver{}
	if heard(mustNew(t, c), up) {
		t.Error("a radar without a receiver figure is jammed")
	}
}

// TestLookJammed: a look under jamming reports S/(N+J) and J/N, and
// draws as many random numbers as an unjammed look, so the same stream
// gives the same noise.
func TestLookJammed(t *testing.T) {
	c := testConfig()
	c.Swerling = 0
	c.Environment = Environment{Frequency: 3e9, BeamwidthAz: 0.02, BeamwidthEl: 0.03, Sidelobe: 1e-3, RangeResolution: 150}
	c.Receiver = Receiver{NoiseFigure: 2}
	r := mustNew(t, c)
	tg := []Target{{ID: 1, Pos: at(r, 0, 5, 50e3), RCS: 5}}
	js := []Jammer{{Pos: at(r, 0, 5, 300e3), ERP: 10, Bandwidth: 1e8}}
	jm := r.Jamming(js)
	rng := func(int) *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }
	clear := r.Look(0, tg, rng)
	dets := r.LookJammed(0, tg, jm, rng)
	if len(clear) != 1 || len(dets) != 1 {
		t.Fatalf("detections %d clear, %d jammed; want 1 and 1 at 50 km", len(clear), len(dets))
	}
	d := dets[0]
	jn := r.JamToNoise(jm, tg[0].Pos)
	if !(jn > 1) || math.Abs(d.JN-jn) > 1e-12*jn {
		t.Errorf("JN %g, want %g (> 1)", d.JN, jn)
	}
	if want := r.SNR(d.TrueRange, 5) / (1 + jn); math.Abs(d.SNR-want) > 1e-9*want {
		t.Errorf("SNR %g, want S/(N+J) = %g", d.SNR, want)
	}
	if d.Range != clear[0].Range || d.Az != clear[0].Az || clear[0].JN != 0 {
		t.Errorf("jammed look drew other noise (%v vs %v) or clear look has JN %g", d.Range, clear[0].Range, clear[0].JN)
	}
}

func TestReceiverValidation(t *testing.T) {
	for _, tc := range []struct {
		name   string
		modify func(*Config)
		want   string
	}{
		{"noise figure below 1", func(c *Config) { c.Receiver.NoiseFigure = 0.5 }, "noise figure"},
		{"no frequency", func(c *Config) { c.Frequency = 0 }, "frequency"},
		{"no bandwidth", func(c *Config) { c.RangeResolution = 0 }, "bandwidth or the range resolution"},
		{"no beamwidth", func(c *Config) { c.BeamwidthAz = 0 }, "azimuth beamwidth"},
		{"negative gain", func(c *Config) { c.Receiver.Gain = -1 }, "antenna gain"},
	} {
		c := testConfig()
		c.Environment = Environment{Frequency: 3e9, BeamwidthAz: 0.02, RangeResolution: 150}
		c.Receiver = Receiver{NoiseFigure: 2}
		tc.modify(&c)
		_, err := New(c)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one mentioning %q", tc.name, err, tc.want)
		}
	}
	if _, err := ParseFrequencyBand("W"); err == nil {
		t.Error("ParseFrequencyBand accepts W, which is not an IEEE 521 band here")
	}
	if err := ValidateJammer(Jammer{ID: "j", ERP: 0, Bandwidth: 1e6, Bands: []FrequencyBand{{2, 1}}}); err == nil ||
		!strings.Contains(err.Error(), "ERP") || !strings.Contains(err.Error(), "band") {
		t.Errorf("ValidateJammer: %v, want ERP and band errors", err)
	}
}

// TestSidelobeCancellation: a sidelobe canceller of C takes C off the J/N
// of a jammer in the sidelobes and nothing off one in the main beam or at
// its half-power point; a cancellation below 1 is refused.
func TestSidelobeCancellation(t *testing.T) {
	c := jamConfig(3)
	plain := mustNew(t, c)
	c.Receiver.SidelobeCancellation = FromDB(25)
	slc := mustNew(t, c)
	target := at(plain, 30, 3, 150e3)
	for _, tc := range []struct {
		name   string
		az     float64
		factor float64 // J/N with the canceller over J/N without
	}{
		{"main beam", 30, 1},
		{"half power", 30 + 0.75/math.Cos(3*math.Pi/180), 1},
		{"sidelobe", 80, FromDB(-25)},
		{"behind", 210, FromDB(-25)},
	} {
		js := []Jammer{{Pos: at(plain, tc.az, 3, 250e3), ERP: 1e4, Bandwidth: 1e8}}
		without := plain.JamToNoise(plain.Jamming(js), target)
		with := slc.JamToNoise(slc.Jamming(js), target)
		if got := with / without; math.Abs(got/tc.factor-1) > 1e-9 {
			t.Errorf("%s: J/N %.4g with the canceller, %.4g without: ratio %.4g, want %.4g", tc.name, with, without, got, tc.factor)
		}
	}
	c.Receiver.SidelobeCancellation = 0.5
	if _, err := New(c); err == nil || !strings.Contains(err.Error(), "sidelobe cancellation") {
		t.Errorf("cancellation 0.5: error %v, want one about the sidelobe cancellation", err)
	}
}

// jamConfig is testConfig as an S-band search radar against jammers, the
// 91N6E's catalogue figures: 3 GHz, beams 1.5° × 2°, sidelobes -30 dB,
// 150 m range cells, and a noise figure of nfDB.
func jamConfig(nfDB float64) Config {
	c := testConfig()
	c.Environment = Environment{Frequency: 3e9, BeamwidthAz: 1.5 * math.Pi / 180, BeamwidthEl: 2 * math.Pi / 180,
		Sidelobe: FromDB(-30), RangeResolution: 150}
	c.Receiver = Receiver{NoiseFigure: FromDB(nfDB)}
	return c
}
