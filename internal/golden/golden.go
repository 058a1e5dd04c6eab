// Package golden finds where a function of one variable is least within
// an interval by golden-section search (Kiefer, Proc. AMS 4, 1953): the
// elevation that needs the least burnout speed, the loft that reaches
// farthest, the point of a flight's step nearest a site.
//
// Each step keeps the two interior points at the golden ratio of the
// interval, so one of them is reused and each step costs one evaluation
// and narrows the interval by 0.618. It needs no derivative and never
// leaves the interval, which suits functions that cost a flight each and
// are only known to be unimodal where they are searched.
package golden

// ratio is (√5 - 1) / 2, the fraction of the interval each step keeps.
const ratio = 0.6180339887498949

// Section is where Search stopped: the two interior points X1 < X2 it
// ended with and f there. When Stopped, X1 and F1 are the point at
// which the stop rule held, and X2, F2 repeat them.
type Section struct {
	X1, F1, X2, F2 float64
	Stopped        bool
}

// Least is the better of the two points, X1 on a tie.
func (s Section) Least() (x, fx float64) {
	if s.F2 < s.F1 {
		return s.X2, s.F2
	}
	return s.X1, s.F1
}

// Search narrows [lo, hi] around the least value of f until it is no
// wider than tol. On a tie between the interior points it keeps the
// lower part, so a function that is +Inf where it fails (a trajectory
// not found) is searched towards lo. stop, if not nil, ends the search at
// the first interior point whose value it accepts: a search for a point
// inside a sphere need not find the nearest one. Stop is asked of the
// points a step starts from, lower one first.
func Search(f func(float64) float64, lo, hi, tol float64, stop func(fx float64) bool) Section {
	x1, x2 := hi-ratio*(hi-lo), lo+ratio*(hi-lo)
	f1, f2 := f(x1), f(x2)
	for hi-lo > tol {
		if stop != nil {
			if stop(f1) {
				return Section{X1: x1, F1: f1, X2: x1, F2: f1, Stopped: true}
			}
			if stop(f2) {
				return Section{X1: x2, F1: f2, X2: x2, F2: f2, Stopped: true}
			}
		}
		if f1 <= f2 {
			hi, x2, f2 = x2, x1, f1
			x1 = hi - ratio*(hi-lo)
			f1 = f(x1)
		} else {
			lo, x1, f1 = x1, x2, f2
			x2 = lo + ratio*(hi-lo)
			f2 = f(x2)
		}
	}
	return Section{X1: x1, F1: f1, X2: x2, F2: f2}
}
