package bm

import (
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/spatial/r3"
)

// Near is a spatial index of tracks for Correlate: asked for the tracks
// that may be of one target with a given track, it returns a superset of
// those Correlate joins with it, and skips most of the others without
// looking at them. The picture, deconfliction and allocation of a grid
// of many battalions test every track against every other; with Near a
// test costs in proportion to the tracks near it, not to all of them.
//
// The bound is Apart's: for a positive definite summed covariance S the
// squared Mahalanobis distance is at least |d|²/trace(S), so a pair whose
// ECEF x coordinates alone differ by more than √(SameTargetGate·trace(S))
// is outside the gate; and a pair within Correlate's 1 km fallback sphere
// is always a candidate. Tracks are kept sorted by x; a query bounds
// trace(S) by its own trace, the largest of the index's and the
// registration error, and visits the tracks within that distance in x,
// keeping those within the pair's own bound on the whole distance.
// Tracks whose covariance is not clearly positive definite, or whose
// gate is wider than wideGate, are candidates of every query, so that
// one lost track's growing covariance does not widen every window.
type Near struct {
	byX    []nearEntry // sorted by x, then index
	wide   []int
	maxTr  float64 // the largest trace of a covariance in byX
	tracks int
}

type nearEntry struct {
	x   float64
	i   int
	tr  float64
	pos r3.Vec
}

// wideGate is the gate radius² (SameTargetGate·trace) beyond which a track
// is a candidate of every query rather than in the sorted index: 50 km.
const wideGate = 50e3 * 50e3

// Reset indexes tracks; the indices Candidates returns are positions in
// tracks.
func (n *Near) Reset(tracks []Track) {
	n.byX, n.wide, n.maxTr, n.tracks = n.byX[:0], n.wide[:0], 0, 0
	for i, t := range tracks {
		n.add(i, t)
	}
	// The order is total (indices differ), so any sort gives the one
	// order; slices.SortFunc takes no reflection's swapper from the heap.
	slices.SortFunc(n.byX, func(a, b nearEntry) int {
		switch {
		case a.less(b):
			return -1
		case b.less(a):
			return 1
		}
		return 0
	})
}

// Add indexes one more track under index i, which must exceed every
// index added before (a picture that grows as it is built).
func (n *Near) Add(i int, t Track) {
	if tr, ok := indexable(t); ok {
		e := nearEntry{x: t.Pos.X, i: i, tr: tr, pos: t.Pos}
		k := sort.Search(len(n.byX), func(k int) bool { return e.less(n.byX[k]) })
		n.byX = slices.Insert(n.byX, k, e)
		n.maxTr = max(n.maxTr, tr)
	} else {
		n.wide = append(n.wide, i)
	}
	n.tracks++
}

func (n *Near) add(i int, t Track) {
	if tr, ok := indexable(t); ok {
		n.byX = append(n.byX, nearEntry{x: t.Pos.X, i: i, tr: tr, pos: t.Pos})
		n.maxTr = max(n.maxTr, tr)
	} else {
		n.wide = append(n.wide, i)
	}
	n.tracks++
}

func (a nearEntry) less(b nearEntry) bool { return a.x < b.x || a.x == b.x && a.i < b.i }

// Candidates appends to dst, in increasing order, the indices of the
// indexed tracks that Correlate may join with t: every one it joins, and
// some it does not.
func (n *Near) Candidates(t Track, dst []int) []int {
	start := len(dst)
	tr, ok := indexable(t)
	if !ok {
		for i := 0; i < n.tracks; i++ {
			dst = append(dst, i)
		}
		return dst
	}
	const r2 = RegistrationSigma * RegistrationSigma
	// A margin far above rounding keeps the bound one-sided.
	gate := 1.001 * max(1e6, SameTargetGate*(tr+n.maxTr+3*r2))
	half := math.Sqrt(gate)
	lo := sort.Search(len(n.byX), func(k int) bool { return n.byX[k].x >= t.Pos.X-half })
	for k := lo; k < len(n.byX) && n.byX[k].x <= t.Pos.X+half; k++ {
		// Within the slab, the pair's own bound on the whole distance.
		e := &n.byX[k]
		d := r3.Sub(e.pos, t.Pos)
		if r3.Dot(d, d) > 1.001*max(1e6, SameTargetGate*(tr+e.tr+3*r2)) {
			continue
		}
		dst = append(dst, e.i)
	}
	dst = append(dst, n.wide...)
	slices.Sort(dst[start:])
	return dst
}

// indexable is the trace of t's position covariance, and whether the
// covariance is clearly positive definite (its smallest eigenvalue above
// 1e-9 of its trace, by its leading minors) with a gate within wideGate.
// The sum of two such covariances and the registration error is positive
// definite beyond rounding, so Apart's bound holds for the pair.
func indexable(t Track) (float64, bool) {
	c := t.PosCov
	tr := c[0] + c[4] + c[8]
	minor2 := c[0]*c[4] - c[1]*c[3]
	det := c[0]*(c[4]*c[8]-c[5]*c[7]) + c[1]*(c[5]*c[6]-c[3]*c[8]) + c[2]*(c[3]*c[7]-c[4]*c[6])
	const eps = 1e-9
	ok := tr > 0 && c[0] > eps*tr && minor2 > eps*tr*tr && det > eps*tr*tr*tr && SameTargetGate*tr <= wideGate &&
		!math.IsInf(tr, 0) && !math.IsNaN(t.Pos.X)
	return tr, ok
}
