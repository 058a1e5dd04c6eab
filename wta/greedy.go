package wta

import (
	"fmt"
	"time"
)

// Greedy solves in by maximum marginal return: it fires one shot at a
// time, always the one that lowers the expected surviving value the most,
// w[j] * S[j] * p[i][j] where S[j] is target j's current survival
// probability, among the weapons with shots left and the pairs the
// constraints allow; ties go to the lower weapon, then the lower target.
// It stops when no shot can be fired. For a single weapon it is optimal;
// in general it is the usual starting point (den Broeder, Ellison and
// Emerling, 1959).
func Greedy(in *Instance) (Result, error) {
	t0 := time.Now()
	if err := in.Validate(); err != nil {
		return Result{}, err
	}
	st := newState(in)
	st.fill(allShots(st))
	// st.obj is a running sum, which drifts by rounding (to -0.000000
	// when every target is destroyed for sure): report the plan's own.
	a := st.assignment()
	return Result{Assignment: a, Objective: in.Objective(a), Iter: 1, Elapsed: time.Since(t0)}, nil
}

func allShots(st *state) []int {
	s := make([]int, len(st.shotT))
	for k := range s {
		s[k] = k
	}
	return s
}

// filler holds the scratch space of fill, reused across calls.
type filler struct {
	idle  [][]int   // per weapon, its shots not fired
	best  []int     // per weapon, the best target, -1 if none
	gain  []float64 // per weapon, the best target's marginal return
	order []int     // weapons with idle shots
}

// fill fires the idle shots in shots greedily by maximum marginal
// return; shots that can go nowhere stay idle.
func (st *state) fill(shots []int) {
	var f filler
	st.fillWith(&f, shots)
}

func (st *state) fillWith(f *filler, shots []int) {
	if f.idle == nil {
		f.idle = make([][]int, st.m)
		f.best = make([]int, st.m)
		f.gain = make([]float64, st.m)
	}
	f.order = f.order[:0]
	for _, s := range shots {
		if st.shotT[s] >= 0 {
			panic(fmt.Sprintf("wta: fill: shot %d is fired", s))
		}
		i := int(st.shotW[s])
		if len(f.idle[i]) == 0 {
			f.order = append(f.order, i)
		}
		f.idle[i] = append(f.idle[i], s)
	}
	for _, i := range f.order {
		st.bestTarget(f, i)
	}
	for {
		bi := -1
		for _, i := range f.order {
			if len(f.idle[i]) == 0 || f.best[i] < 0 {
				continue
			}
			if bi < 0 || f.gain[i] > f.gain[bi] || f.gain[i] == f.gain[bi] && i < bi {
				bi = i
			}
		}
		if bi < 0 {
			break
		}
		j := f.best[bi]
		s := f.idle[bi][len(f.idle[bi])-1]
		f.idle[bi] = f.idle[bi][:len(f.idle[bi])-1]
		st.apply(s, j)
		// Only target j's value fell, so only the weapons that wanted j
		// (and bi, whose channels may now be full) need a new best.
		for _, i := range f.order {
			if len(f.idle[i]) > 0 && (i == bi || f.best[i] == j) {
				st.bestTarget(f, i)
			}
		}
	}
	for _, i := range f.order {
		f.idle[i] = f.idle[i][:0]
	}
}

func (st *state) bestTarget(f *filler, i int) {
	f.best[i], f.gain[i] = -1, 0
	row := st.p[i*st.n : (i+1)*st.n]
	for j, p := range row {
		g := st.val[j] * p
		if g > f.gain[i] && st.canMove(i, -1, j) {
			f.best[i], f.gain[i] = j, g
		}
	}
}
