package radar

import (
	"math"
	"testing"
)

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// MathWorks radareqpow documentation example (checks.md, "Radar range
// equation"): λ for 1 GHz, R 50 km, SNR 6 dB, τ 1 µs, σ 1 m², 20 dB gain on
// transmit and receive, T 290 K, no losses → P_t = 2.1996e5 W.
func TestRadareqpowExample(t *testing.T) {
	const c = 299792458.0
	lambda := c / 1e9
	g := FromDB(20)
	tau := 1e-6
	pt := PeakPower(FromDB(6), g, g, lambda, 1, 50e3, 1, 290, 1/tau)
	if !near(pt, 2.1996e5, 0.00005e5) {
		t.Errorf("PeakPower = %.6g W, want 2.1996e5 W", pt)
	}
	// The forward equation must give back 6 dB at that power.
	pr := ReceivedPower(pt, g, g, lambda, 1, 50e3, 1)
	if snr := DB(SNR(pr, 290, 1/tau)); !near(snr, 6, 1e-9) {
		t.Errorf("SNR at P_t = %.6g W is %.12f dB, want 6", pt, snr)
	}
}

// The range equation itself, term by term: P_r ∝ P_t G_t G_r λ² σ / (R⁴ L).
func TestReceivedPowerScaling(t *testing.T) {
	base := ReceivedPower(1e6, 1000, 500, 0.1, 2, 100e3, 2)
	// Direct evaluation with (4π)³ written out.
	want := 1e6 * 1000 * 500 * 0.01 * 2 / (math.Pow(4*math.Pi, 3) * math.Pow(100e3, 4) * 2)
	if !near(base/want, 1, 1e-14) {
		t.Fatalf("ReceivedPower = %g, want %g", base, want)
	}
	tests := []struct {
		name string
		got  float64
		want float64
	}{
		{"double range", ReceivedPower(1e6, 1000, 500, 0.1, 2, 200e3, 2), base / 16},
		{"double rcs", ReceivedPower(1e6, 1000, 500, 0.1, 4, 100e3, 2), base * 2},
		{"double lambda", ReceivedPower(1e6, 1000, 500, 0.2, 2, 100e3, 2), base * 4},
		{"double loss", ReceivedPower(1e6, 1000, 500, 0.1, 2, 100e3, 4), base / 2},
	}
	for _, tt := range tests {
		if !near(tt.got/tt.want, 1, 1e-14) {
			t.Errorf("%s: %g, want %g", tt.name, tt.got, tt.want)
		}
	}
}

// checks.md, "Radar range equation": a 5 m² target detected at 400 km
// means 1 m² at 267.5 km and 0.01 m² at 84.6 km.
func TestScaleRange(t *testing.T) {
	tests := []struct{ rcs, wantKm float64 }{
		{5, 400},
		{1, 267.5},
		{0.01, 84.6},
	}
	for _, tt := range tests {
		if got := ScaleRange(400e3, 5, tt.rcs) / 1e3; !near(got, tt.wantKm, 0.05) {
			t.Errorf("ScaleRange(400 km, 5 m², %g m²) = %.2f km, want %.1f", tt.rcs, got, tt.wantKm)
		}
	}
}

func TestDB(t *testing.T) {
	for _, x := range []float64{1e-3, 0.5, 1, 2, 1e6} {
		if got := FromDB(DB(x)); !near(got/x, 1, 1e-14) {
			t.Errorf("FromDB(DB(%g)) = %g", x, got)
		}
	}
	if got := DB(100); got != 20 {
		t.Errorf("DB(100) = %g, want 20", got)
	}
}
