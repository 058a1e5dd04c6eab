package wta

import (
	"math/rand/v2"
	"testing"
)

// tinyPlan returns a small instance with forbidden pairs and, half the
// time, channel and shots-per-target limits, and a random feasible plan
// of it loaded into a searcher.
func tinyPlan(rng *rand.Rand) (*Instance, *searcher) {
	m, n := 1+rng.IntN(3), 2+rng.IntN(3)
	in := &Instance{Value: make([]float64, n), Cap: make([]int, m), P: make([][]float64, m)}
	for j := range n {
		in.Value[j] = float64(1 + rng.IntN(20))
	}
	for i := range m {
		in.Cap[i] = 1 + rng.IntN(3)
		in.P[i] = make([]float64, n)
		for j := range n {
			if rng.IntN(4) > 0 {
				in.P[i][j] = 0.05 + 0.9*rng.Float64()
			}
		}
	}
	if rng.IntN(2) == 0 {
		in.Channels = make([]int, m)
		for i := range m {
			in.Channels[i] = rng.IntN(3) - 1
		}
		in.MaxShots = make([]int, n)
		for j := range n {
			in.MaxShots[j] = rng.IntN(4) - 1
		}
	}
	st := newState(in)
	for s := range st.shotT {
		i := int(st.shotW[s])
		if j := rng.IntN(n + 1); j < n && st.canMove(i, -1, j) {
			st.apply(s, j)
		}
	}
	st.log = st.log[:0]
	st.refresh()
	return in, &searcher{st: st, rng: rng}
}

// The exchange with shots on top never worsens the plan and keeps every
// constraint; and when it finds nothing (and rejected nothing), no
// reassignment of the same picked shots in its neighbourhood is better:
// checked by trying every one, each picked or idle shot sent to a target
// that gave up its shot, on top of a target whose shot stays, or nowhere.
func TestExchangePlusBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	checked := 0
	for trial := range 3000 {
		in, ls := tinyPlan(rng)
		st := ls.st
		before := st.obj
		full := trial%2 == 0
		improved := ls.exchange(full, true)
		st.refresh()
		a := st.assignment()
		if err := in.Check(a); err != nil {
			t.Fatalf("trial %d: infeasible after the exchange: %v", trial, err)
		}
		if got := in.Objective(a); st.obj > before+1e-9 || abs(got-st.obj) > 1e-9 {
			t.Fatalf("trial %d: objective %g -> %g (recomputed %g)", trial, before, st.obj, got)
		}
		if improved || ls.rejected || !full {
			continue
		}
		checked++
		rows := append([]int(nil), ls.rows...)
		orig := append([]int32(nil), st.shotT...)
		// dest[k]: target of row k, or -1.
		dest := make([]int, len(rows))
		var rec func(k int)
		rec = func(k int) {
			if k == len(rows) {
				copy(st.shotT, orig)
				for r, s := range rows {
					st.shotT[s] = int32(dest[r])
				}
				st.refresh()
				if !st.feasible() {
					return
				}
				// At most one shot arrives at each target, whether its
				// own picked shot stays (column n + j) or leaves
				// (column j).
				arrive := make([]int, st.n)
				for r, s := range rows {
					if j := dest[r]; j >= 0 && int(orig[s]) != j {
						arrive[j]++
						if arrive[j] > 1 {
							return
						}
					}
				}
				for r, s := range rows {
					if p := in.P[st.shotW[s]][max(dest[r], 0)]; dest[r] >= 0 && p == 0 {
						return
					}
				}
				if st.obj < before-1e-9 {
					t.Fatalf("trial %d: exchange found nothing, but %v gives %g < %g", trial, dest, st.obj, before)
				}
				return
			}
			for j := -1; j < st.n; j++ {
				dest[k] = j
				rec(k + 1)
			}
		}
		rec(0)
		copy(st.shotT, orig)
		st.refresh()
	}
	if checked < 100 {
		t.Errorf("only %d local optima checked", checked)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// descendCounts re-matches weapons to targets: it never worsens the plan,
// keeps every constraint, and never adds a shot to a target that has
// some (a target's count may fall, or rise from zero to one).
func TestDescendCountsKeepsCounts(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := range 2000 {
		in, ls := tinyPlan(rng)
		st := ls.st
		before := st.obj
		counts := append([]int32(nil), st.tcnt...)
		ls.descendCounts()
		st.refresh()
		if err := in.Check(st.assignment()); err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		if st.obj > before+1e-9 {
			t.Fatalf("trial %d: objective %g -> %g", trial, before, st.obj)
		}
		for j, c := range st.tcnt {
			if c > counts[j] && (counts[j] > 0 || c > 1) {
				t.Fatalf("trial %d: target %d count %d -> %d", trial, j, counts[j], c)
			}
		}
	}
}
