package wta

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// Exact solves in by depth-first branch and bound. It assigns the shots
// one at a time, weapon by weapon, each weapon's shots to targets in
// non-decreasing order (so no two orders of the same shots are both
// searched), the most valuable target first; a shot may also stay
// unfired. A node is cut when its bound is no better than the best
// solution known, which starts as LocalSearch's.
//
// The bound relaxes the remaining shots: each may hit target j as well as
// the best remaining weapon can, with miss probability qmin[j]; that
// problem, min sum_j v[j] qmin[j]^x[j] with sum_j x[j] at most the shots
// left, is separable and convex, so firing the relaxed shots greedily by
// marginal return solves it exactly (the bound of the maximum marginal
// return relaxation; see Ahuja et al., 2007, section 3).
//
// Exact is for small instances: the tree grows as targets^shots. It stops
// after Options.MaxIter nodes (DefaultNodes if neither MaxIter nor
// TimeLimit is set) or at Options.TimeLimit, and sets Result.Optimal only
// when the search finished.
func Exact(in *Instance, opt Options) (Result, error) { return exact(in, opt, true) }

// exact is Exact, starting from no solution at all when warm is false
// (for tests of the search alone).
func exact(in *Instance, opt Options, warm bool) (Result, error) {
	now := opt.clock()
	t0 := now()
	if err := in.Validate(); err != nil {
		return Result{}, err
	}
	rng := opt.Rand
	if rng == nil {
		rng = rand.New(rand.NewPCG(1, 2))
	}
	start, err := LocalSearch(in, Options{MaxIter: 20, TimeLimit: opt.TimeLimit, Rand: rng, Start: opt.Start, now: opt.now})
	if err != nil {
		return Result{}, err
	}
	limit := opt.MaxIter
	if limit == 0 && opt.TimeLimit == 0 {
		limit = DefaultNodes
	}
	b := newBnB(in)
	b.t0, b.now, b.timeLimit, b.limit, b.progress = t0, now, opt.TimeLimit, limit, opt.Progress
	b.st.set(start.Assignment)
	b.best = append([]int32(nil), b.st.shotT...)
	b.bestObj = start.Objective
	if !warm {
		b.bestObj = math.Inf(1)
	}
	for s := range b.st.shotT {
		b.st.shotT[s] = -1
	}
	b.st.refresh()
	if opt.Progress != nil {
		opt.Progress(Result{Assignment: start.Assignment, Objective: start.Objective, Elapsed: now().Sub(t0)})
	}
	b.dfs(0)
	copy(b.st.shotT, b.best)
	b.st.refresh()
	a := b.st.assignment()
	return Result{Assignment: a, Objective: in.Objective(a), Optimal: !b.stopped, Iter: b.nodes, Elapsed: now().Sub(t0)}, nil
}

type bnb struct {
	st       *state
	qmin     [][]float64 // qmin[i][j]: least miss probability at j of weapons i and later
	best     []int32
	bestObj  float64
	nodes    int
	limit    int
	stopped  bool
	t0       time.Time
	now      func() time.Time
	progress func(Result)

	timeLimit time.Duration
	kids      [][]cand // per depth
	v         []float64
	room      []int
}

func newBnB(in *Instance) *bnb {
	st := newState(in)
	m, n := st.m, st.n
	b := &bnb{st: st, qmin: make([][]float64, m+1), kids: make([][]cand, len(st.shotT)+1),
		v: make([]float64, n), room: make([]int, n)}
	b.qmin[m] = make([]float64, n)
	for j := range n {
		b.qmin[m][j] = 1
	}
	for i := m - 1; i >= 0; i-- {
		b.qmin[i] = slices.Clone(b.qmin[i+1])
		if in.Cap[i] == 0 {
			continue
		}
		for j := range n {
			if q := st.q[i*n+j]; st.p[i*n+j] > 0 && q < b.qmin[i][j] {
				b.qmin[i][j] = q
			}
		}
	}
	return b
}

func (b *bnb) tol() float64 {
	if math.IsInf(b.bestObj, 1) {
		return 0
	}
	return 1e-12 * (1 + b.bestObj)
}

// bound returns a lower bound on the objective of every completion of
// the shots before d.
func (b *bnb) bound(d int) float64 {
	st := b.st
	left := len(st.shotT) - d
	qmin := b.qmin[st.shotW[d]]
	copy(b.v, st.val)
	for j := range b.room {
		b.room[j] = left
		if c := st.maxSh[j]; c >= 0 {
			b.room[j] = c - int(st.tcnt[j])
		}
	}
	for range left {
		bj, bg := -1, 0.0
		for j, v := range b.v {
			if g := v * (1 - qmin[j]); g > bg && b.room[j] > 0 {
				bj, bg = j, g
			}
		}
		if bj < 0 {
			break
		}
		b.v[bj] *= qmin[bj]
		b.room[bj]--
	}
	lb := 0.0
	for _, v := range b.v {
		lb += v
	}
	return lb
}

func (b *bnb) dfs(d int) {
	st := b.st
	if d == len(st.shotT) {
		if st.obj < b.bestObj-b.tol() {
			b.bestObj = st.obj
			copy(b.best, st.shotT)
			if b.progress != nil {
				b.progress(Result{Assignment: st.assignment(), Objective: st.obj, Iter: b.nodes, Elapsed: b.now().Sub(b.t0)})
			}
		}
		return
	}
	if b.stopped {
		return
	}
	b.nodes++
	if b.limit > 0 && b.nodes > b.limit || b.timeLimit > 0 && b.now().Sub(b.t0) >= b.timeLimit {
		// Checked at every node: a node's bound costs shots times
		// targets, far more than reading the clock.
		b.stopped = true
		return
	}
	if b.bound(d) >= b.bestObj-b.tol() {
		return
	}
	i := int(st.shotW[d])
	lo := 0
	if d > st.first[i] {
		lo = int(st.shotT[d-1])
		if lo < 0 { // the weapon's earlier shot stayed unfired: so do the rest
			b.dfs(d + 1)
			return
		}
	}
	kids := b.kids[d][:0]
	for j := lo; j < st.n; j++ {
		if st.canMove(i, -1, j) {
			kids = append(kids, cand{j, st.val[j] * st.p[i*st.n+j]})
		}
	}
	slices.SortFunc(kids, func(x, y cand) int {
		if x.g != y.g {
			if x.g > y.g {
				return -1
			}
			return 1
		}
		return x.j - y.j
	})
	b.kids[d] = kids
	for _, k := range kids {
		st.apply(d, k.j)
		b.dfs(d + 1)
		st.apply(d, -1)
		if b.stopped {
			break
		}
	}
	st.log = st.log[:0]
	b.dfs(d + 1) // the shot stays unfired
}
