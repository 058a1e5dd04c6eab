package wta

import (
	"math"
	"math/rand/v2"
	"testing"
)

// bruteLAP returns the least total cost of assigning every row to a
// distinct column over the edges given (inf marks a missing edge), by
// trying every injection.
func bruteLAP(cost [][]float64, c int) float64 {
	used := make([]bool, c)
	var rec func(i int) float64
	rec = func(i int) float64 {
		if i == len(cost) {
			return 0
		}
		best := math.Inf(1)
		for j := range c {
			if used[j] || math.IsInf(cost[i][j], 1) {
				continue
			}
			used[j] = true
			best = min(best, cost[i][j]+rec(i+1))
			used[j] = false
		}
		return best
	}
	return rec(0)
}

func TestLAPBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var s lap
	var colOf []int
	for trial := range 3000 {
		r := 1 + rng.IntN(6)
		c := r + rng.IntN(4)
		sparse := trial%2 == 1
		cost := make([][]float64, r)
		s.reset()
		for i := range r {
			cost[i] = make([]float64, c)
			for j := range c {
				cost[i][j] = math.Inf(1)
				if sparse && rng.IntN(3) == 0 {
					continue
				}
				// Few distinct values, so ties are common.
				cost[i][j] = float64(rng.IntN(7) - 5)
				if trial%3 == 0 {
					cost[i][j] = rng.NormFloat64()
				}
				s.add(j, cost[i][j])
			}
			s.endRow()
		}
		want := bruteLAP(cost, c)
		// Half the trials start from arbitrary column prices (some
		// positive, some columns left out), which must not change the
		// optimum.
		var v0 []float64
		if trial%4 >= 2 {
			v0 = make([]float64, rng.IntN(c+1))
			for j := range v0 {
				v0[j] = 3 * rng.NormFloat64()
			}
		}
		var ok bool
		colOf, ok = s.solve(c, colOf, v0)
		if math.IsInf(want, 1) {
			if ok {
				t.Fatalf("trial %d: solved an infeasible problem %v", trial, cost)
			}
			continue
		}
		if !ok {
			t.Fatalf("trial %d: no solution found, brute force %g, %v", trial, want, cost)
		}
		got := 0.0
		seen := map[int]bool{}
		for i, j := range colOf {
			if seen[j] || math.IsInf(cost[i][j], 1) {
				t.Fatalf("trial %d: bad assignment %v for %v", trial, colOf, cost)
			}
			seen[j] = true
			got += cost[i][j]
		}
		if math.Abs(got-want) > 1e-9 {
			t.Fatalf("trial %d: cost %g, brute force %g, %v -> %v", trial, got, want, cost, colOf)
		}
	}
}
