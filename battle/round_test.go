package battle

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The record's quanta: every q round is called with.
var roundQuanta = []float64{1, 0.1, 0.01, 1e-4, 1e-6, 1e-7}

// sameRound says whether round and roundText agree bit for bit (NaN
// with NaN).
func sameRound(t *testing.T, x, q float64) {
	t.Helper()
	d := int(math.Max(0, math.Round(-math.Log10(q))))
	got, want := round(x, q), roundText(x, d)
	if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
		t.Fatalf("round(%v (%#x), %g) = %v (%#x), the text says %v (%#x)",
			x, math.Float64bits(x), q, got, math.Float64bits(got), want, math.Float64bits(want))
	}
}

func TestRoundDigits(t *testing.T) {
	for _, q := range append(roundQuanta, 1e-2, 0.001, 1e-5, 1e-8, 1e-12, 1e-22, 1e-23, 10, 1000) {
		if got, want := roundDigits(q), int(math.Max(0, math.Round(-math.Log10(q)))); got != want {
			t.Errorf("roundDigits(%g) = %d, want %d", q, got, want)
		}
	}
}

// TestRoundMatchesText checks the arithmetic path of round against its
// definition through strconv (FormatFloat then ParseFloat, the standard
// library's correctly rounded conversions) on values chosen to break it:
// exact and near halves of the last digit, 1e-7 steps of degrees as the
// record's positions take, ranges, negatives, zeros, the edge of 2^52,
// huge, tiny and non-finite values, and random values at every scale.
func TestRoundMatchesText(t *testing.T) {
	special := []float64{0, math.Copysign(0, -1), 0.5, -0.5, 1.5, 2.5, -2.5, 0.05, 0.15, 0.25, 0.35, 0.45,
		0.125, 0.375, 1.005, 2.675, 44.842449, 44.8424490, -44.8424495, 1e-7, 5e-8, -5e-8, 4.9999999e-8,
		math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64, math.MaxFloat64, -math.MaxFloat64,
		1 << 52, 1<<52 + 0.5, 1<<53 + 2, 4503599627370495.5, 1e15 + 0.3, 1e300, -1e300, 1e22, 1e23,
		math.Inf(1), math.Inf(-1), math.NaN()}
	for _, q := range roundQuanta {
		for _, x := range special {
			sameRound(t, x, q)
			sameRound(t, math.Nextafter(x, math.Inf(1)), q)
			sameRound(t, math.Nextafter(x, math.Inf(-1)), q)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, q := range roundQuanta {
		d := int(math.Max(0, math.Round(-math.Log10(q))))
		p := math.Pow10(d)
		for range 20000 {
			// A half of the last digit, at every magnitude up to where the
			// fast path ends, and its neighbours a few ulps away.
			k := math.Floor(r.Float64() * math.Pow(2, float64(r.IntN(53))))
			if r.IntN(2) == 0 {
				k = -k
			}
			h := (k + 0.5) / p
			sameRound(t, h, q)
			for range 3 {
				h = math.Nextafter(h, math.Inf(1))
				sameRound(t, h, q)
			}
			h = (k + 0.5) / p
			for range 3 {
				h = math.Nextafter(h, math.Inf(-1))
				sameRound(t, h, q)
			}
		}
		for range 20000 {
			// Any double at a random scale, and any bit pattern.
			x := (r.Float64()*2 - 1) * math.Pow(10, float64(r.IntN(40)-20))
			sameRound(t, x, q)
			sameRound(t, math.Float64frombits(r.Uint64()), q)
		}
	}
	// Latitudes, longitudes and altitudes as positions give them: steps of
	// the last kept digit from random starts, and a third of a step.
	for range 200 {
		lat := r.Float64()*180 - 90
		for i := range 500 {
			x := lat + float64(i)*1e-7
			sameRound(t, x, 1e-7)
			sameRound(t, x+1e-7/3, 1e-7)
			sameRound(t, x*1e3, 1e-2)
		}
	}
}

// FuzzRound checks round against roundText on any double and quantum of
// ten's power.
func FuzzRound(f *testing.F) {
	for _, x := range []float64{0, 0.5, -2.5, 44.8424490, 1e-7, 5e-8, 1 << 52, 1e300, math.Inf(1), math.NaN()} {
		f.Add(x, uint8(7))
		f.Add(x, uint8(1))
	}
	f.Fuzz(func(t *testing.T, x float64, d uint8) {
		sameRound(t, x, math.Pow10(-int(d%30)))
	})
}

// BenchmarkRound is round over a position's and a detection's numbers;
// BenchmarkRoundText the same through text.
func BenchmarkRound(b *testing.B) {
	xs := []float64{44.842449012345, 51.39871234567, 1573.2345678, 123456.789, 12.34567891, -3.2109876, 18.7654321}
	qs := []float64{1e-7, 1e-7, 1e-2, 0.1, 1e-4, 1e-4, 0.01}
	var sum float64
	for b.Loop() {
		for i, x := range xs {
			sum += round(x, qs[i])
		}
	}
	_ = sum
}

func BenchmarkRoundText(b *testing.B) {
	xs := []float64{44.842449012345, 51.39871234567, 1573.2345678, 123456.789, 12.34567891, -3.2109876, 18.7654321}
	ds := []int{7, 7, 2, 1, 4, 4, 2}
	var sum float64
	for b.Loop() {
		for i, x := range xs {
			sum += roundText(x, ds[i])
		}
	}
	_ = sum
}
