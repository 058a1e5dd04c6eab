package track

import (
	"fmt"
	"math"
)

// JPDA is joint probabilistic data association (T. E. Fortmann,
// Y. Bar-Shalom and M. Scheffe, "Sonar tracking of multiple targets
// using joint probabilistic data association", IEEE J. Oceanic Eng.
// 8(3), 1983), parametric form with a Poisson clutter density.
//
// Per cluster of tracks linked by shared gated detections, a joint event
// gives each track at most one detection and each detection at most one
// track. Its weight is the product over tracks of g_ik = PD·N(ν_ik; 0,
// S_ik)/β_FA for a track given detection k, or 1 - PD·PG for a track
// given none. The marginal β_ik is the sum of the weights of the events
// that pair i with k over the sum of all. Each track is then updated
// with all its gated detections by PDA (see PDA), not with one.
//
// The events are enumerated exactly, depth first, while a cluster has at
// most MaxHypotheses of them (most clusters of an air picture have one to
// a few tracks). A bigger cluster falls back to the "cheap JPDA" of
// R. J. Fitzgerald ("Development of practical PDA logic for multitarget
// tracking by microprocessor", American Control Conference, 1986):
// β_ik = g_ik / (Σ_l g_il + Σ_j g_jk - g_ik + B) with B = 1 - PD·PG,
// which keeps each detection's shares among tracks and each track's
// shares among detections in the right proportions at linear cost.
type JPDA struct {
	// MaxHypotheses caps the joint events enumerated per cluster (and
	// the search at eight times as many partial events); 0 means 10000.
	MaxHypotheses int
}

// Associate gives the hard assignment of GNN, for callers that need one
// detection per track.
func (JPDA) Associate(cost []float64, tracks, dets int) ([]int, error) {
	return GNN{}.Associate(cost, tracks, dets)
}

// Marginals returns the association probabilities of a cluster. g is
// the tracks×dets row-major matrix of likelihood ratios g_ik ≥ 0 (0 for
// a pair outside the gate) and miss the weight 1 - PD·PG of a track that
// gets no detection. beta is tracks×(dets+1): beta[i*(dets+1)] is the
// probability that track i got none of the detections, and
// beta[i*(dets+1)+1+k] that it got detection k. exact is false when the
// cluster had more joint events than MaxHypotheses and the cheap JPDA
// approximation was used.
func (j JPDA) Marginals(g []float64, tracks, dets int, miss float64) (beta []float64, exact bool, err error) {
	if tracks < 0 || dets < 0 || len(g) != tracks*dets {
		return nil, false, fmt.Errorf("track: JPDA: %d likelihoods for %d×%d", len(g), tracks, dets)
	}
	if !(miss > 0) || math.IsInf(miss, 0) {
		return nil, false, fmt.Errorf("track: JPDA: miss weight %v, want > 0", miss)
	}
	for _, v := range g {
		if !(v >= 0) || math.IsInf(v, 0) {
			return nil, false, fmt.Errorf("track: JPDA: likelihood ratio %v, want finite ≥ 0", v)
		}
	}
	rows := make([][]jEntry, tracks)
	for i := range tracks {
		for k := range dets {
			if v := g[i*dets+k]; v > 0 {
				rows[i] = append(rows[i], jEntry{k, v})
			}
		}
	}
	beta0, sparse, exact := j.sparse(rows, dets, miss)
	w := dets + 1
	beta = make([]float64, tracks*w)
	for i := range tracks {
		beta[i*w] = beta0[i]
		for n, e := range rows[i] {
			beta[i*w+1+e.d] = sparse[i][n]
		}
	}
	return beta, exact, nil
}

// jEntry is one gated detection of a track and its likelihood ratio.
type jEntry struct {
	d int
	g float64
}

// sparse computes the marginals of a cluster given, per track, its gated
// detections: beta0[i] for no detection and beta[i][n] for rows[i][n].
// The work and memory are linear in the number of gated pairs outside
// the exact enumeration, so that a large cluster costs no dense matrix.
func (j JPDA) sparse(rows [][]jEntry, dets int, miss float64) (beta0 []float64, beta [][]float64, exact bool) {
	limit := j.MaxHypotheses
	if limit <= 0 {
		limit = 10000
	}
	tracks := len(rows)
	beta0 = make([]float64, tracks)
	beta = make([][]float64, tracks)
	// Scaling a track's row, miss included, scales every joint event by
	// the same factor (each event takes exactly one entry of each row),
	// so the marginals do not change; it keeps the products in range.
	scale := make([]float64, tracks)
	for i, row := range rows {
		beta[i] = make([]float64, len(row))
		top := miss
		for _, e := range row {
			top = max(top, e.g)
		}
		scale[i] = top
	}
	e := enumerator{rows: rows, scale: scale, miss: miss, beta0: beta0, beta: beta,
		used: make([]bool, dets), choice: make([]int, tracks), limit: limit}
	if e.run(0, 1) && e.total > 0 {
		for i := range tracks {
			beta0[i] /= e.total
			for n := range beta[i] {
				beta[i][n] /= e.total
			}
		}
		return beta0, beta, true
	}
	cheapJPDA(rows, dets, miss, beta0, beta)
	return beta0, beta, false
}

// enumerator walks the joint association events depth first.
type enumerator struct {
	rows   [][]jEntry
	scale  []float64
	miss   float64
	beta0  []float64 // unnormalised marginals
	beta   [][]float64
	total  float64
	used   []bool
	choice []int // entry chosen by each track so far, -1 for none
	events int
	nodes  int
	limit  int
}

// run extends the event with a choice for track i, whose weight so far
// is weight; it reports false when the search passed its limits.
func (e *enumerator) run(i int, weight float64) bool {
	// Branches whose weight underflowed end without an event; count the
	// partial events too, so that a wide cluster cannot search on.
	if e.nodes++; e.nodes > 8*e.limit {
		return false
	}
	if weight == 0 {
		return true
	}
	if i == len(e.rows) {
		e.events++
		if e.events > e.limit {
			return false
		}
		e.total += weight
		for t, c := range e.choice {
			if c < 0 {
				e.beta0[t] += weight
			} else {
				e.beta[t][c] += weight
			}
		}
		return true
	}
	s := e.scale[i]
	e.choice[i] = -1
	if !e.run(i+1, weight*e.miss/s) {
		return false
	}
	for n, en := range e.rows[i] {
		if e.used[en.d] {
			continue
		}
		e.used[en.d] = true
		e.choice[i] = n
		ok := e.run(i+1, weight*en.g/s)
		e.used[en.d] = false
		if !ok {
			return false
		}
	}
	return true
}

// cheapJPDA fills beta0 and beta by Fitzgerald's approximation from the
// likelihood ratios, with the miss weight as its bias B.
func cheapJPDA(rows [][]jEntry, dets int, miss float64, beta0 []float64, beta [][]float64) {
	colSum := make([]float64, dets)
	for _, row := range rows {
		for _, e := range row {
			colSum[e.d] += e.g
		}
	}
	for i, row := range rows {
		var rowSum float64
		for _, e := range row {
			rowSum += e.g
		}
		var sum float64
		for n, e := range row {
			b := e.g / (rowSum + colSum[e.d] - e.g + miss)
			beta[i][n] = b
			sum += b
		}
		// The approximation need not leave a probability for the miss;
		// where it does not, share the row out in proportion.
		if sum > 1 {
			for n := range row {
				beta[i][n] /= sum
			}
			sum = 1
		}
		beta0[i] = 1 - sum
	}
}
