package wta

import "slices"

// state is a solution under change, with what the moves need to be priced
// in constant time: each target's survival probability, kept as the
// product of its shots' nonzero miss probabilities and a count of shots
// that kill for certain (q = 0), so a shot can be taken out by a division
// without losing a zero.
type state struct {
	m, n  int
	w     []float64
	p, q  []float64 // p[i*n+j] and q = 1 - p
	chans []int     // distinct targets per weapon, -1 for no limit
	// barred is set when some pair is forbidden or some channel or
	// shots-per-target limit is set, so a shot may find no target.
	barred bool
	maxSh  []int // shots per target, -1 for no limit

	first []int   // weapon i's shots are first[i] .. first[i+1]-1
	shotW []int32 // weapon of each shot, fixed
	shotT []int32 // target of each shot, -1 when the shot is not fired

	cnt   []int32 // cnt[i*n+j]: shots of weapon i at target j
	dist  []int32 // distinct targets of each weapon
	tcnt  []int32 // shots at each target
	prod  []float64
	zeros []int32
	val   []float64 // w[j] times target j's survival probability
	obj   float64

	log []move // moves applied since the log was last cleared, for undo
}

type move struct{ s, from int32 }

func newState(in *Instance) *state {
	m, n := len(in.Cap), len(in.Value)
	st := &state{
		m: m, n: n, w: in.Value,
		p: make([]float64, m*n), q: make([]float64, m*n),
		chans: make([]int, m), maxSh: make([]int, n),
		cnt: make([]int32, m*n), dist: make([]int32, m), tcnt: make([]int32, n),
		prod: make([]float64, n), zeros: make([]int32, n), val: make([]float64, n),
	}
	for i := range m {
		copy(st.p[i*n:], in.P[i])
		for j := range n {
			st.q[i*n+j] = 1 - in.P[i][j]
		}
		st.chans[i] = -1
		st.first = append(st.first, len(st.shotW))
		if in.Channels != nil && in.Channels[i] >= 0 {
			st.chans[i] = in.Channels[i]
		}
		for range in.Cap[i] {
			st.shotW = append(st.shotW, int32(i))
			st.shotT = append(st.shotT, -1)
		}
	}
	st.first = append(st.first, len(st.shotW))
	st.barred = in.Channels != nil || in.MaxShots != nil
	for _, p := range st.p {
		if p == 0 {
			st.barred = true
		}
	}
	for j := range n {
		st.maxSh[j] = -1
		if in.MaxShots != nil && in.MaxShots[j] >= 0 {
			st.maxSh[j] = in.MaxShots[j]
		}
	}
	st.refresh()
	return st
}

// refresh recomputes every count and product from shotT, removing the
// rounding that divisions leave behind.
func (st *state) refresh() {
	clear(st.cnt)
	clear(st.dist)
	clear(st.tcnt)
	clear(st.zeros)
	for j := range st.prod {
		st.prod[j] = 1
	}
	for s, t := range st.shotT {
		if t < 0 {
			continue
		}
		i, j := int(st.shotW[s]), int(t)
		if st.cnt[i*st.n+j] == 0 {
			st.dist[i]++
		}
		st.cnt[i*st.n+j]++
		st.tcnt[j]++
		if q := st.q[i*st.n+j]; q == 0 {
			st.zeros[j]++
		} else {
			st.prod[j] *= q
		}
	}
	st.obj = 0
	for j := range st.val {
		st.val[j] = st.w[j] * st.surv(j)
		st.obj += st.val[j]
	}
}

func (st *state) surv(j int) float64 {
	if st.zeros[j] > 0 {
		return 0
	}
	return st.prod[j]
}

// without returns target j's value once one shot of weapon i is taken
// from it.
func (st *state) without(i, j int) float64 {
	q := st.q[i*st.n+j]
	z := st.zeros[j]
	if q == 0 {
		z--
	}
	if z > 0 {
		return 0
	}
	if q == 0 {
		return st.w[j] * st.prod[j]
	}
	return st.w[j] * st.prod[j] / q
}

// canMove reports whether a shot of weapon i may move from target from
// (-1 for a shot not fired) to target to.
func (st *state) canMove(i, from, to int) bool {
	k := i*st.n + to
	if st.p[k] == 0 {
		return false
	}
	if st.maxSh[to] >= 0 && st.tcnt[to] >= int32(st.maxSh[to]) {
		return false
	}
	if c := st.chans[i]; c >= 0 && st.cnt[k] == 0 {
		d := st.dist[i]
		if from >= 0 && st.cnt[i*st.n+from] == 1 {
			d--
		}
		if d >= int32(c) {
			return false
		}
	}
	return true
}

// canSwap reports whether shot a of weapon i at target j and shot b of
// weapon l at target k may trade targets.
func (st *state) canSwap(i, j, l, k int) bool {
	n := st.n
	if st.p[i*n+k] == 0 || st.p[l*n+j] == 0 {
		return false
	}
	if c := st.chans[i]; c >= 0 && st.cnt[i*n+k] == 0 && st.cnt[i*n+j] > 1 && st.dist[i] >= int32(c) {
		return false
	}
	if c := st.chans[l]; c >= 0 && st.cnt[l*n+j] == 0 && st.cnt[l*n+k] > 1 && st.dist[l] >= int32(c) {
		return false
	}
	return true
}

// apply moves shot s to target to (-1: not fired) and logs the move.
func (st *state) apply(s, to int) {
	from := int(st.shotT[s])
	if from == to {
		return
	}
	i := int(st.shotW[s])
	if from >= 0 {
		st.take(i, from)
	}
	if to >= 0 {
		st.put(i, to)
	}
	st.shotT[s] = int32(to)
	st.log = append(st.log, move{int32(s), int32(from)})
}

func (st *state) take(i, j int) {
	k := i*st.n + j
	st.cnt[k]--
	if st.cnt[k] == 0 {
		st.dist[i]--
	}
	st.tcnt[j]--
	if q := st.q[k]; q == 0 {
		st.zeros[j]--
	} else {
		st.prod[j] /= q
	}
	st.setVal(j)
}

func (st *state) put(i, j int) {
	k := i*st.n + j
	if st.cnt[k] == 0 {
		st.dist[i]++
	}
	st.cnt[k]++
	st.tcnt[j]++
	if q := st.q[k]; q == 0 {
		st.zeros[j]++
	} else {
		st.prod[j] *= q
	}
	st.setVal(j)
}

func (st *state) setVal(j int) {
	v := st.w[j] * st.surv(j)
	st.obj += v - st.val[j]
	st.val[j] = v
}

// undo reverts the logged moves, newest first, and clears the log.
func (st *state) undo() {
	st.undoTo(0)
	st.refresh()
}

// undoTo reverts the moves logged after mark, newest first.
func (st *state) undoTo(mark int) {
	for k := len(st.log) - 1; k >= mark; k-- {
		mv := st.log[k]
		st.shotT[mv.s], mv.from = mv.from, st.shotT[mv.s]
		i := int(st.shotW[mv.s])
		if mv.from >= 0 {
			st.take(i, int(mv.from))
		}
		if t := st.shotT[mv.s]; t >= 0 {
			st.put(i, int(t))
		}
	}
	st.log = st.log[:mark]
}

// feasible reports whether the channel and shots-per-target limits hold.
func (st *state) feasible() bool {
	for i, c := range st.chans {
		if c >= 0 && st.dist[i] > int32(c) {
			return false
		}
	}
	for j, c := range st.maxSh {
		if c >= 0 && st.tcnt[j] > int32(c) {
			return false
		}
	}
	return true
}

// set replaces the solution by a, which must be feasible.
func (st *state) set(a Assignment) {
	for i, shots := range a {
		for s := st.first[i]; s < st.first[i+1]; s++ {
			t := int32(-1)
			if k := s - st.first[i]; k < len(shots) {
				t = int32(shots[k])
			}
			st.shotT[s] = t
		}
	}
	st.log = st.log[:0]
	st.refresh()
}

// assignment returns the solution in Assignment form.
func (st *state) assignment() Assignment {
	a := make(Assignment, st.m)
	for i := range a {
		a[i] = []int{}
	}
	for s, t := range st.shotT {
		if t >= 0 {
			i := st.shotW[s]
			a[i] = append(a[i], int(t))
		}
	}
	for _, shots := range a {
		slices.Sort(shots)
	}
	return a
}
