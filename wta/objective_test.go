package wta

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestObjectiveExact: every solver reports the objective of the
// assignment it returns as Objective computes it, never a sum drifted
// below zero (greedy printed "objective -0.000000" when every target was
// destroyed for sure).
func TestObjectiveExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 11))
	solvers := map[string]func(*Instance) (Result, error){
		"greedy":       Greedy,
		"local-search": func(in *Instance) (Result, error) { return LocalSearch(in, Options{MaxIter: 50}) },
		"exact":        func(in *Instance) (Result, error) { return Exact(in, Options{MaxIter: 10000}) },
	}
	// Three targets of values whose sum rounds, each destroyed for sure.
	sure := &Instance{Value: []float64{0.1, 0.2, 0.3}, Cap: []int{3}, P: [][]float64{{1, 1, 1}}}
	for k := range 300 {
		in := sure
		if k > 0 {
			in = randomTiny(rng)
			for j := range in.Value {
				in.Value[j] /= 7
			}
		}
		for name, solve := range solvers {
			res, err := solve(in)
			if err != nil {
				t.Fatal(err)
			}
			if want := in.Objective(res.Assignment); res.Objective != want || math.Signbit(res.Objective) {
				t.Fatalf("%s on %+v: objective %v, want %v, the assignment's", name, in, res.Objective, want)
			}
		}
	}
}
