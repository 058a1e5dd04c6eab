package iads

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/iadsim/iadsim/wta"
)

// An instance that is one piece is solved as it always was: the same
// plan from the same stream.
func TestSolveOnePieceAsBefore(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	in := &wta.Instance{Value: make([]float64, 12), Cap: []int{3, 2, 4}, P: make([][]float64, 3)}
	for j := range in.Value {
		in.Value[j] = 1 + 10*rng.Float64()
	}
	for i := range in.P {
		in.P[i] = make([]float64, len(in.Value))
		for j := range in.P[i] {
			in.P[i][j] = 0.1 + 0.8*rng.Float64()
		}
	}
	got, err := solve(in, rand.New(rand.NewPCG(7, 7)))
	if err != nil {
		t.Fatal(err)
	}
	want, err := search(in, rand.New(rand.NewPCG(7, 7)))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("solve %v, the whole searched %v", got, want)
	}
}

// Two battalions far apart, each with the targets within its reach, and
// a target within no one's: each battalion's shots go to its own
// targets, the plan keeps every constraint, and it is at least as good as
// the whole searched at once with the same budget.
func TestSolveByPieces(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	n := 21
	in := &wta.Instance{Value: make([]float64, n), Cap: []int{4, 4}, P: [][]float64{make([]float64, n), make([]float64, n)},
		MaxShots: make([]int, n)}
	for j := range n {
		in.Value[j] = 1 + 10*rng.Float64()
		in.MaxShots[j] = 1
		switch {
		case j == n-1: // beyond both
		case j%2 == 0:
			in.P[0][j] = 0.3 + 0.6*rng.Float64()
		default:
			in.P[1][j] = 0.3 + 0.6*rng.Float64()
		}
	}
	plan, err := solve(in, rand.New(rand.NewPCG(5, 5)))
	if err != nil {
		t.Fatal(err)
	}
	if err := in.Check(plan); err != nil {
		t.Fatal(err)
	}
	for i, shots := range plan {
		if len(shots) != in.Cap[i] {
			t.Errorf("battalion %d fires %d of its %d shots", i, len(shots), in.Cap[i])
		}
		for _, j := range shots {
			if j%2 != i {
				t.Errorf("battalion %d given target %d, out of its reach", i, j)
			}
		}
	}
	whole, err := search(in, rand.New(rand.NewPCG(5, 5)))
	if err != nil {
		t.Fatal(err)
	}
	if got, w := in.Objective(plan), in.Objective(whole); got > w+1e-9 {
		t.Errorf("by pieces %.6f, whole %.6f", got, w)
	}
}
