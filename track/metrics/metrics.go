// Package metrics measures how well a set of tracks matches the truth:
// the OSPA and GOSPA distances between the sets of estimated and true
// positions at one time, and the SIAP measures of an air picture over a
// run.
//
// OSPA (D. Schuhmacher, B.-T. Vo and B.-N. Vo, "A consistent metric for
// performance evaluation of multi-object filters", IEEE Trans. Signal
// Processing 56(8), 2008) is the mean, per element of the larger set, of
// the cut-off distance min(d, c)^p over the best pairing, with c^p for
// each unpaired element, to the power 1/p.
//
// GOSPA with α = 2 (A. S. Rahmathullah, Á. F. García-Fernández and
// L. Svensson, "Generalized optimal sub-pattern assignment metric",
// FUSION 2017) is not normalised, and splits into the localisation error
// of the properly paired targets, c^p/2 for each missed target and c^p/2
// for each false one:
//
//	d = (Σ_paired d(x, y)^p + c^p/2 (missed + false))^(1/p),
//
// minimised over pairings, where a pair is only "proper" when d < c (a
// pair at c or farther costs no less as a miss and a false target).
//
// Both are found by optimal assignment (package assign) on the cut-off
// distances, and both are metrics on finite sets of points for 1 ≤ p < ∞.
package metrics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/track/assign"
)

func checkCP(c, p float64) error {
	if !(c > 0) || math.IsInf(c, 0) {
		return fmt.Errorf("metrics: cut-off c = %v, want a finite c > 0", c)
	}
	if !(p >= 1) || math.IsInf(p, 0) {
		return fmt.Errorf("metrics: order p = %v, want a finite p ≥ 1", p)
	}
	return nil
}

// pairing solves the assignment of x to y on min(d, c)^p.
func pairing(x, y []r3.Vec, c, p float64) (xToY []int, dist []float64, err error) {
	cost := make([]float64, len(x)*len(y))
	dist = make([]float64, len(x)*len(y))
	for i := range x {
		for j := range y {
			d := r3.Norm(r3.Sub(x[i], y[j]))
			dist[i*len(y)+j] = d
			cost[i*len(y)+j] = math.Pow(min(d, c), p)
		}
	}
	xToY, _, err = assign.Solve(cost, len(x), len(y))
	return xToY, dist, err
}

func finiteSet(v []r3.Vec) error {
	for i, p := range v {
		if math.IsNaN(p.X+p.Y+p.Z) || math.IsInf(p.X+p.Y+p.Z, 0) {
			return fmt.Errorf("metrics: point %d %v is not finite", i, p)
		}
	}
	return nil
}

// OSPA returns the OSPA distance of order p with cut-off c (m) between
// the point sets x and y: 0 when both are empty, c when one is.
func OSPA(x, y []r3.Vec, c, p float64) (float64, error) {
	if err := checkCP(c, p); err != nil {
		return 0, err
	}
	if err := finiteSet(x); err != nil {
		return 0, err
	}
	if err := finiteSet(y); err != nil {
		return 0, err
	}
	n := max(len(x), len(y))
	if n == 0 {
		return 0, nil
	}
	xToY, dist, err := pairing(x, y, c, p)
	if err != nil {
		return 0, err
	}
	var sum float64
	paired := 0
	for i, j := range xToY {
		if j >= 0 {
			sum += math.Pow(min(dist[i*len(y)+j], c), p)
			paired++
		}
	}
	sum += math.Pow(c, p) * float64(n-paired)
	return math.Pow(sum/float64(n), 1/p), nil
}

// GOSPAResult is the GOSPA distance (α = 2) and its split. The three
// parts are in the units of d^p (m^p) and add up to Distance^p.
type GOSPAResult struct {
	Distance     float64 // m
	Localisation float64 // Σ d^p over the properly paired targets
	Missed       float64 // c^p/2 per missed true target
	False        float64 // c^p/2 per false estimate
	// Counts of properly paired, missed and false points.
	Paired, NMissed, NFalse int
	// TruthToEst gives, per true point, the index of its paired estimate
	// or -1.
	TruthToEst []int
}

// GOSPA returns the GOSPA distance of order p with cut-off c (m) and
// α = 2 between the true points and the estimates.
func GOSPA(truth, est []r3.Vec, c, p float64) (GOSPAResult, error) {
	var r GOSPAResult
	if err := checkCP(c, p); err != nil {
		return r, err
	}
	if err := finiteSet(truth); err != nil {
		return r, err
	}
	if err := finiteSet(est); err != nil {
		return r, err
	}
	toEst, dist, err := pairing(truth, est, c, p)
	if err != nil {
		return r, err
	}
	half := math.Pow(c, p) / 2
	r.TruthToEst = make([]int, len(truth))
	for i, j := range toEst {
		r.TruthToEst[i] = -1
		if j >= 0 && dist[i*len(est)+j] < c {
			r.TruthToEst[i] = j
			r.Localisation += math.Pow(dist[i*len(est)+j], p)
			r.Paired++
		}
	}
	r.NMissed = len(truth) - r.Paired
	r.NFalse = len(est) - r.Paired
	r.Missed = half * float64(r.NMissed)
	r.False = half * float64(r.NFalse)
	r.Distance = math.Pow(r.Localisation+r.Missed+r.False, 1/p)
	return r, nil
}
