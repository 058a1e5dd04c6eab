package golden

import (
	"math"
	"testing"
)

// TestSearchClosedForms finds minima known in closed form: a parabola's
// vertex, cos's least value at π, and x·ln x's at 1/e, each to the
// tolerance asked, with the number of evaluations golden-section search
// takes: 2 + ⌈ln(tol/w) / ln 0.618⌉ for an interval of width w.
func TestSearchClosedForms(t *testing.T) {
	tests := []struct {
		name     string
		f        func(float64) float64
		lo, hi   float64
		tol      float64
		want, fx float64
	}{
		{"parabola", func(x float64) float64 { return (x - 0.3) * (x - 0.3) }, -1, 2, 1e-9, 0.3, 0},
		{"cos", math.Cos, 2, 4.5, 1e-8, math.Pi, -1},
		{"x ln x", func(x float64) float64 { return x * math.Log(x) }, 0.05, 1, 1e-7, 1 / math.E, -1 / math.E},
		{"vertex at an end", func(x float64) float64 { return x }, 0, 1, 1e-6, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 0
			f := func(x float64) float64 { n++; return tt.f(x) }
			s := Search(f, tt.lo, tt.hi, tt.tol, nil)
			x, fx := s.Least()
			if math.Abs(x-tt.want) > tt.tol {
				t.Errorf("least at %.12g, want %.12g within %g", x, tt.want, tt.tol)
			}
			if math.Abs(fx-tt.fx) > tt.tol {
				t.Errorf("least value %.12g, want %.12g", fx, tt.fx)
			}
			if s.X1 >= s.X2 || s.Stopped {
				t.Errorf("section %+v: want X1 < X2, not stopped", s)
			}
			want := 2 + int(math.Ceil(math.Log(tt.tol/(tt.hi-tt.lo))/math.Log(ratio)))
			if n < want-1 || n > want+1 {
				t.Errorf("%d evaluations, want about %d", n, want)
			}
		})
	}
}

// TestSearchStops ends at the first interior point the rule accepts,
// lower point first, and does not stop when no point qualifies.
func TestSearchStops(t *testing.T) {
	dist := func(x float64) float64 { return math.Abs(x-0.7) - 0.05 } // inside within 0.05 of 0.7
	s := Search(dist, 0, 1, 1e-9, func(v float64) bool { return v <= 0 })
	if !s.Stopped || dist(s.X1) != s.F1 || s.F1 > 0 || s.X2 != s.X1 {
		t.Errorf("section %+v: want stopped at a point within 0.05 of 0.7", s)
	}
	// The first two points, 0.382 and 0.618, both lie within 0.25 of 0.5:
	// the lower one is taken.
	s = Search(func(x float64) float64 { return math.Abs(x-0.5) - 0.25 }, 0, 1, 1e-9, func(v float64) bool { return v <= 0 })
	if !s.Stopped || math.Abs(s.X1-(1-ratio)) > 1e-15 {
		t.Errorf("section %+v: want stopped at the lower first point %.6f", s, 1-ratio)
	}
	s = Search(func(x float64) float64 { return math.Abs(x-0.7) + 1 }, 0, 1, 1e-9, func(v float64) bool { return v <= 0 })
	if s.Stopped || math.Abs(s.X1-0.7) > 1e-9 {
		t.Errorf("section %+v: want the least point 0.7, not stopped", s)
	}
}

// TestSearchInfTowardsLo: where f fails (+Inf) on both interior points,
// a tie keeps the lower part, so the search reaches a finite minimum
// that lies low in the interval.
func TestSearchInfTowardsLo(t *testing.T) {
	f := func(x float64) float64 {
		if x > 0.2 {
			return math.Inf(1)
		}
		return (x - 0.1) * (x - 0.1)
	}
	x, fx := Search(f, 0, 1, 1e-8, nil).Least()
	if math.Abs(x-0.1) > 1e-8 || math.IsInf(fx, 1) {
		t.Errorf("least at %g (f %g), want 0.1", x, fx)
	}
}
