package geo

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
)

// exactNorm is √(Σ x²) correctly rounded to a float64: the squares and
// their sum carried in 400 bits (exact for any two or three doubles whose
// exponents differ by less than about 290), the root to 400 bits and
// then rounded once more, to nearest.
func exactNorm(xs ...float64) float64 {
	sum := new(big.Float).SetPrec(400)
	for _, x := range xs {
		b := new(big.Float).SetPrec(400).SetFloat64(x)
		sum.Add(sum, b.Mul(b, b))
	}
	r, _ := new(big.Float).SetPrec(400).Sqrt(sum).Float64()
	return r
}

// ulps is how many doubles lie between a and b, both finite and >= 0.
func ulps(a, b float64) uint64 {
	x, y := math.Float64bits(a), math.Float64bits(b)
	if x > y {
		return x - y
	}
	return y - x
}

// inside says whether Hypot and Norm take a sum of squares s as it is.
func inside(s float64) bool { return s >= normLow && s <= normHigh }

// logUniform draws a magnitude between 10^lo and 10^hi with a random sign.
func logUniform(rng *rand.Rand, lo, hi float64) float64 {
	x := math.Pow(10, lo+(hi-lo)*rng.Float64())
	if rng.IntN(2) == 0 {
		return -x
	}
	return x
}

// TestHypotExact holds Hypot and Norm within an ulp of the correctly
// rounded root (math/big's Sqrt, exact to 400 bits) where the sum of
// squares is taken as it is, over the magnitudes the simulation has,
// metres and sines alike, and equal to math.Hypot and r3.Norm over the
// extremes where they fall back to them; the worst cases are logged,
// math.Hypot's beside them (2 ulp where Hypot's is 1).
func TestHypotExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 10))
	ranges := []struct {
		name   string
		lo, hi float64
	}{
		{"metres", -3, 9},
		{"sines", -17, 0},
		{"near-overflow", 250, 307},
		{"near-underflow", -307, -250},
		{"any", -300, 300},
	}
	for _, r := range ranges {
		var worstH, worstN, worstMath uint64
		for range 20000 {
			x, y, z := logUniform(rng, r.lo, r.hi), logUniform(rng, r.lo, r.hi), logUniform(rng, r.lo, r.hi)
			if rng.IntN(4) == 0 {
				y = x * (1 + 1e-3*rng.Float64()) // components alike in size
			}
			want := exactNorm(x, y)
			if math.IsInf(want, 0) {
				continue
			}
			worstH = max(worstH, ulps(Hypot(x, y), want))
			worstMath = max(worstMath, ulps(math.Hypot(x, y), want))
			if got := Hypot(x, y); inside(x*x+y*y) && ulps(got, want) > 1 {
				t.Errorf("%s: Hypot(%g, %g) = %g, want %g within an ulp", r.name, x, y, got, want)
			} else if !inside(x*x+y*y) && got != math.Hypot(x, y) {
				t.Errorf("%s: Hypot(%g, %g) = %g, want math.Hypot's %g", r.name, x, y, got, math.Hypot(x, y))
			}
			v := r3.Vec{X: x, Y: y, Z: z}
			if want := exactNorm(x, y, z); !math.IsInf(want, 0) {
				worstN = max(worstN, ulps(Norm(v), want))
				if got := Norm(v); inside(r3.Norm2(v)) && ulps(got, want) > 1 {
					t.Errorf("%s: Norm(%v) = %g, want %g within an ulp", r.name, v, got, want)
				} else if !inside(r3.Norm2(v)) && got != r3.Norm(v) {
					t.Errorf("%s: Norm(%v) = %g, want r3.Norm's %g", r.name, v, got, r3.Norm(v))
				}
			}
		}
		t.Logf("%s: worst Hypot %d ulp, Norm %d ulp, math.Hypot %d ulp", r.name, worstH, worstN, worstMath)
	}
}

// TestHypotSpecial checks the cases math.Hypot spells out, and lengths
// whose squares underflow or overflow though the length does not.
func TestHypotSpecial(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	cases := []struct{ x, y, want float64 }{
		{0, 0, 0},
		{-3, 4, 5},
		{3e-200, 4e-200, 5e-200},
		{1e-200, 0, 1e-200},
		{0, -1e-310, 1e-310},
		{3e200, -4e200, 5e200},
		{1e308, 1e308, math.Sqrt2 * 1e308},
		{inf, 1, inf},
		{1, -inf, inf},
		{inf, nan, inf},
		{nan, -inf, inf},
		{nan, 1, nan},
		{1, nan, nan},
	}
	same := func(a, b float64) bool {
		return a == b || math.IsNaN(a) && math.IsNaN(b) || ulps(a, b) <= 1
	}
	for _, c := range cases {
		if got := Hypot(c.x, c.y); !same(got, c.want) {
			t.Errorf("Hypot(%g, %g) = %g, want %g", c.x, c.y, got, c.want)
		}
		for _, v := range []r3.Vec{{X: c.x, Y: c.y}, {Y: c.x, Z: c.y}, {X: c.y, Z: c.x}} {
			if got := Norm(v); !same(got, c.want) {
				t.Errorf("Norm(%v) = %g, want %g", v, got, c.want)
			}
		}
	}
}

var sinkNorm float64

func BenchmarkHypot(b *testing.B) {
	x, y := 6.4e6, 1.2e5
	for b.Loop() {
		sinkNorm = Hypot(x, y)
		x += 0.5
	}
}

func BenchmarkMathHypot(b *testing.B) {
	x, y := 6.4e6, 1.2e5
	for b.Loop() {
		sinkNorm = math.Hypot(x, y)
		x += 0.5
	}
}

func BenchmarkNorm(b *testing.B) {
	v := r3.Vec{X: 4.1e6, Y: 3.2e6, Z: 4.0e6}
	for b.Loop() {
		sinkNorm = Norm(v)
		v.X += 0.5
	}
}

func BenchmarkR3Norm(b *testing.B) {
	v := r3.Vec{X: 4.1e6, Y: 3.2e6, Z: 4.0e6}
	for b.Loop() {
		sinkNorm = r3.Norm(v)
		v.X += 0.5
	}
}
