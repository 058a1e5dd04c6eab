package catalog

import (
	"math"
	"math/rand/v2"
	"testing"
)

func closeTo(a, b, rel float64) bool {
	return math.Abs(a-b) <= rel*math.Max(math.Abs(a), math.Abs(b)) || a == b
}

// Conversion factors are the exact definitions of NIST SP 811 (2008),
// appendix B: 1 ft = 0.3048 m, 1 nmi = 1852 m, 1 mi = 1609.344 m, standard
// gravity 9.80665 m/s²; dBsm is 10 log10(σ / 1 m²).
func TestSIConversion(t *testing.T) {
	tests := []struct {
		value float64
		unit  string
		want  float64
	}{
		{400, "km", 400e3},
		{5, "m", 5},
		{1000, "ft", 304.8},
		{1, "nmi", 1852},
		{880, "km/h", 244.44444444444446},
		{550, "mph", 245.872},
		{1, "kn", 0.5144444444444445},
		{1900, "m/s", 1900},
		{0.5, "m2", 0.5},
		{10, "dBsm", 10},
		{0, "dBsm", 1},
		{-20, "dBsm", 0.01},
		{-19.1, "dBsm", 0.012302687708123815}, // jstage multirotor low end, quoted as 0.012 m²
		{12, "s", 12},
		{5, "min", 300},
		{2, "h", 7200},
		{180, "deg", math.Pi},
		{0.05, "deg", 0.05 * math.Pi / 180},
		{1, "rad", 1},
		{20, "g", 196.133},
		{9.5, "m/s2", 9.5},
		{143, "kg", 143},
		{0.93, "", 0.93},
	}
	for _, tt := range tests {
		f := Figure{Key: "x", Nominal: tt.value, Unit: tt.unit}
		got, lo, hi, err := f.SI()
		if err != nil {
			t.Errorf("SI(%g %s): %v", tt.value, tt.unit, err)
			continue
		}
		if !closeTo(got, tt.want, 1e-12) || lo != got || hi != got {
			t.Errorf("SI(%g %s) = %v [%v, %v], want %v", tt.value, tt.unit, got, lo, hi, tt.want)
		}
	}
}

func TestSIErrors(t *testing.T) {
	for _, f := range []Figure{
		{Key: "band", Text: "X"},
		{Key: "speed", Nominal: 1, Unit: "furlong/fortnight"},
	} {
		if _, _, _, err := f.SI(); err == nil {
			t.Errorf("SI(%+v): want an error", f)
		}
		if v := f.Value(Nominal, nil); !math.IsNaN(v) {
			t.Errorf("Value(%+v) = %v, want NaN", f, v)
		}
	}
}

func TestSIRange(t *testing.T) {
	f := Figure{Key: "max_range", Nominal: 195, Min: 150, Max: 250, HasRange: true, Unit: "km"}
	n, lo, hi, err := f.SI()
	if err != nil || n != 195e3 || lo != 150e3 || hi != 250e3 {
		t.Errorf("SI = %v %v %v %v, want 195e3 150e3 250e3", n, lo, hi, err)
	}
}

// Reference quantiles of the triangular distribution from SciPy 1.10.1:
//
//	/usr/bin/python3 -c "from scipy.stats import triang; \
//	  print(triang.ppf(q, (c-a)/(b-a), loc=a, scale=b-a))"
func TestTriangularQuantiles(t *testing.T) {
	tests := []struct{ a, c, b, q, want float64 }{
		{0.5, 0.8, 0.93, 0.0, 0.5},
		{0.5, 0.8, 0.93, 0.1, 0.6135781669160055},
		{0.5, 0.8, 0.93, 0.25, 0.6795828499606797},
		{0.5, 0.8, 0.93, 0.5, 0.7539685019840059},
		{0.5, 0.8, 0.93, 0.9, 0.855233697429925},
		{0.5, 0.8, 0.93, 0.999, 0.9225233697429925},
		{150, 195, 250, 0.05, 165.0},
		{150, 195, 250, 0.45, 195.0},
		{150, 195, 250, 0.95, 233.416876048223},
		{36, 36, 40, 0.3, 36.653359893863694},
		{36, 36, 40, 0.7, 37.80910976997934},
		{2, 6, 6, 0.2, 3.7888543819998315},
		{2, 6, 6, 0.8, 5.577708763999663},
	}
	for _, tt := range tests {
		if got := triangular(tt.a, tt.c, tt.b, tt.q); !closeTo(got, tt.want, 1e-12) {
			t.Errorf("triangular(%g, %g, %g, %g) = %v, want %v", tt.a, tt.c, tt.b, tt.q, got, tt.want)
		}
	}
	if got := triangular(3, 3, 3, 0.5); got != 3 {
		t.Errorf("degenerate triangular = %v, want 3", got)
	}
}

func TestValueModes(t *testing.T) {
	f := Figure{Key: "max_range", Nominal: 195, Min: 150, Max: 250, HasRange: true, Unit: "km"}
	for _, tt := range []struct {
		mode Draw
		want float64
	}{{Nominal, 195e3}, {Low, 150e3}, {High, 250e3}, {Sample, 195e3}, {Uniform, 195e3}} {
		// A nil rng gives the nominal value for the random modes.
		if got := f.Value(tt.mode, nil); got != tt.want {
			t.Errorf("Value(%v, nil) = %v, want %v", tt.mode, got, tt.want)
		}
	}
	point := Figure{Key: "max_range", Nominal: 200, Min: 200, Max: 200, Unit: "km"}
	for _, mode := range []Draw{Nominal, Low, High, Sample, Uniform} {
		if got := point.Value(mode, rand.New(rand.NewPCG(1, 2))); got != 200e3 {
			t.Errorf("point figure Value(%v) = %v, want 200e3", mode, got)
		}
	}
}

func TestValueSampleInRangeAndDeterministic(t *testing.T) {
	figs := []Figure{
		{Key: "max_range", Nominal: 195, Min: 150, Max: 250, HasRange: true, Unit: "km"},
		{Key: "pk", Nominal: 0.8, Min: 0.5, Max: 0.93, HasRange: true, Unit: ""},
		{Key: "rcs", Nominal: -10, Min: -30, Max: 0, HasRange: true, Unit: "dBsm"},
		{Key: "targets_engaged", Nominal: 36, Min: 36, Max: 40, HasRange: true, Unit: ""},
	}
	for _, mode := range []Draw{Sample, Uniform} {
		for _, f := range figs {
			_, lo, hi, _ := f.SI()
			r1 := rand.New(rand.NewPCG(42, 7))
			r2 := rand.New(rand.NewPCG(42, 7))
			var sum float64
			const n = 20000
			for i := range n {
				a, b := f.Value(mode, r1), f.Value(mode, r2)
				if a != b {
					t.Fatalf("%s %v draw %d: %v != %v with the same seed", f.Key, mode, i, a, b)
				}
				if a < lo || a > hi {
					t.Fatalf("%s %v draw %d: %v outside [%v, %v]", f.Key, mode, i, a, lo, hi)
				}
				sum += a
			}
			// The mean in the figure's own unit is (a+b+c)/3 for the
			// triangular and (a+b)/2 for the uniform distribution; check it
			// where the unit is linear. σ of the mean is < (b-a)/(2√3)/√n.
			if f.Unit == "dBsm" {
				continue
			}
			u, _ := lookupUnit(f.Unit)
			want := (f.Min + f.Max) / 2
			if mode == Sample {
				want = (f.Min + f.Nominal + f.Max) / 3
			}
			want = u.toSI(want)
			tol := 5 * (hi - lo) / (2 * math.Sqrt(3)) / math.Sqrt(n)
			if got := sum / n; math.Abs(got-want) > tol {
				t.Errorf("%s %v: mean %v, want %v ± %v", f.Key, mode, got, want, tol)
			}
		}
	}
}

// Every random draw takes exactly one number from the stream, with or
// without a range, so adding a range to one figure cannot shift the others.
func TestValueConsumesOneDraw(t *testing.T) {
	withRange := Figure{Key: "x", Nominal: 1, Min: 0, Max: 2, HasRange: true, Unit: ""}
	without := Figure{Key: "x", Nominal: 1, Unit: ""}
	r1 := rand.New(rand.NewPCG(3, 4))
	r2 := rand.New(rand.NewPCG(3, 4))
	withRange.Value(Sample, r1)
	without.Value(Sample, r2)
	if a, b := r1.Uint64(), r2.Uint64(); a != b {
		t.Errorf("streams diverged: %d != %d", a, b)
	}
}

func TestDrawString(t *testing.T) {
	for d, want := range map[Draw]string{Nominal: "nominal", Low: "low", High: "high", Sample: "sample", Uniform: "uniform", Draw(9): "Draw(9)"} {
		if got := d.String(); got != want {
			t.Errorf("Draw(%d).String() = %q, want %q", int(d), got, want)
		}
	}
}

func BenchmarkValueSample(b *testing.B) {
	f := Figure{Key: "max_range", Nominal: 195, Min: 150, Max: 250, HasRange: true, Unit: "km"}
	rng := rand.New(rand.NewPCG(1, 1))
	var s float64
	for b.Loop() {
		s += f.Value(Sample, rng)
	}
	_ = s
}

func BenchmarkSI(b *testing.B) {
	f := Figure{Key: "rcs", Nominal: -10, Min: -30, Max: 0, HasRange: true, Unit: "dBsm"}
	var s float64
	for b.Loop() {
		n, _, _, _ := f.SI()
		s += n
	}
	_ = s
}
