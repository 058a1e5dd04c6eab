// Package root finds where a function of one variable crosses zero
// within a bracket: the moment a flight falls through a height or
// enters a sphere, the turn at which a heading comes onto a site, the
// range at which a margin runs out.
//
// Illinois is the Illinois variant of false position (Dowell and
// Jarratt, BIT 11, 1971): like bisection it keeps the root bracketed,
// and like the secant method it converges superlinearly on a smooth
// function (order about 1.44), where plain false position stalls with
// one end fixed. The functions it serves cost a flight's interpolation,
// a geodetic height or an arc's geometry each; a root to a millimetre
// takes a handful of them where bisection takes thirty.
package root

import "math"

// Tol says when Illinois stops: at a point where |f| is at most F, or
// once the bracket is no wider than X plus Rel times its end's
// magnitude, or after Max evaluations of f (100 if Max is 0). A zero F,
// X or Rel does not stop it.
type Tol struct {
	F, X, Rel float64
	Max       int
}

// Result is where Illinois stopped: its last point X and f there, and
// the bracket [A, B] it had narrowed the root to, B on the side of the
// bracket's f(b) (FB has its sign, or is zero), A on the other.
type Result struct {
	X, FX  float64
	A, B   float64
	FA, FB float64
}

// Illinois narrows the bracket from a to b, f(a) = fa and f(b) = fb of
// opposite signs (either may be zero, a > b is allowed), to a root of f.
// Each step takes the secant's zero between the ends, or the midpoint
// where rounding puts that on an end; an end kept twice running has its
// value halved, the Illinois step that moves it. A zero at an end is
// returned without an evaluation, and the search stops when no number
// lies between the ends.
func Illinois(f func(float64) float64, a, b, fa, fb float64, tol Tol) Result {
	r := Result{X: b, FX: fb, A: a, B: b, FA: fa, FB: fb}
	if fb == 0 {
		return r
	}
	if fa == 0 {
		r.X, r.FX, r.B, r.FB = a, fa, a, fa
		return r
	}
	n := tol.Max
	if n == 0 {
		n = 100
	}
	negB := fb < 0
	side := 0 // +1: the last step moved A, -1: it moved B
	for range n {
		if w := math.Abs(r.B - r.A); w <= tol.X+tol.Rel*math.Abs(r.B) {
			break
		}
		lo, hi := min(r.A, r.B), max(r.A, r.B)
		x := r.B - r.FB*(r.B-r.A)/(r.FB-r.FA)
		if !(x > lo && x < hi) {
			x = (r.A + r.B) / 2
			if !(x > lo && x < hi) {
				break // no number between the ends: the bracket is exact
			}
		}
		fx := f(x)
		r.X, r.FX = x, fx
		if math.Abs(fx) <= tol.F {
			if fx == 0 || (fx < 0) == negB {
				r.B, r.FB = x, fx
			} else {
				r.A, r.FA = x, fx
			}
			break
		}
		if (fx < 0) == negB {
			r.B, r.FB = x, fx
			if side == -1 {
				r.FA /= 2
			}
			side = -1
		} else {
			r.A, r.FA = x, fx
			if side == 1 {
				r.FB /= 2
			}
			side = 1
		}
	}
	return r
}
