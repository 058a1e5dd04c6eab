package wta

import (
	"math"
	"math/rand/v2"
	"testing"
)

// randomTiny returns a random instance small enough for brute force, with
// forbidden pairs and, for some, channel and shots-per-target limits.
func randomTiny(rng *rand.Rand) *Instance {
	m, n := 1+rng.IntN(3), 1+rng.IntN(4)
	in := &Instance{Value: make([]float64, n), Cap: make([]int, m), P: make([][]float64, m)}
	for j := range n {
		in.Value[j] = float64(1 + rng.IntN(100))
	}
	for i := range m {
		in.Cap[i] = rng.IntN(3)
		in.P[i] = make([]float64, n)
		for j := range n {
			switch rng.IntN(6) {
			case 0: // forbidden
			case 1:
				in.P[i][j] = 1
			default:
				in.P[i][j] = rng.Float64()
			}
		}
	}
	if rng.IntN(3) == 0 {
		in.Channels = make([]int, m)
		for i := range m {
			in.Channels[i] = rng.IntN(3) - 1
		}
	}
	if rng.IntN(3) == 0 {
		in.MaxShots = make([]int, n)
		for j := range n {
			in.MaxShots[j] = rng.IntN(3) - 1
		}
	}
	return in
}

// bruteForce tries every assignment: for each weapon every multiset of at
// most Cap[i] targets, kept when Check accepts it.
func bruteForce(in *Instance) float64 {
	m, n := len(in.Cap), len(in.Value)
	a := make(Assignment, m)
	best := math.Inf(1)
	var weapon func(i int)
	var shot func(i, lo int)
	weapon = func(i int) {
		if i == m {
			if in.Check(a) == nil {
				best = min(best, in.Objective(a))
			}
			return
		}
		shot(i, 0)
	}
	shot = func(i, lo int) {
		weapon(i + 1)
		if len(a[i]) == in.Cap[i] {
			return
		}
		for j := lo; j < n; j++ {
			a[i] = append(a[i], j)
			shot(i, j)
			a[i] = a[i][:len(a[i])-1]
		}
	}
	weapon(0)
	return best
}

func TestExactEqualsBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for trial := range 400 {
		in := randomTiny(rng)
		want := bruteForce(in)
		res, err := Exact(in, Options{Rand: rand.New(rand.NewPCG(uint64(trial), 1))})
		if err != nil {
			t.Fatal(err)
		}
		cold, err := exact(in, Options{}, false)
		if err != nil {
			t.Fatal(err)
		}
		if !cold.Optimal || math.Abs(cold.Objective-want) > 1e-9*(1+want) || in.Check(cold.Assignment) != nil {
			t.Fatalf("trial %d: from no start: %.12g (optimal %v), brute force %.12g %+v %v", trial, cold.Objective, cold.Optimal, want, *in, cold.Assignment)
		}
		if err := in.Check(res.Assignment); err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		if !res.Optimal {
			t.Fatalf("trial %d: not proven optimal after %d nodes", trial, res.Iter)
		}
		if math.Abs(res.Objective-want) > 1e-9*(1+want) {
			t.Fatalf("trial %d: exact %.12g, brute force %.12g, instance %+v", trial, res.Objective, want, in)
		}
		// The heuristics must give feasible plans no better than the optimum.
		for name, solve := range map[string]func(*Instance) (Result, error){
			"greedy": Greedy,
			"local":  func(in *Instance) (Result, error) { return LocalSearch(in, Options{MaxIter: 5}) },
		} {
			r, err := solve(in)
			if err != nil {
				t.Fatal(err)
			}
			if err := in.Check(r.Assignment); err != nil {
				t.Fatalf("trial %d: %s: %v", trial, name, err)
			}
			if r.Objective < want-1e-9*(1+want) {
				t.Fatalf("trial %d: %s %.12g below the optimum %.12g", trial, name, r.Objective, want)
			}
		}
	}
}

// The search alone, from no start, must find and prove the optimum of
// instances with 8 shots over 5 targets.
func TestExactMedium(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := range 10 {
		m, n := 4, 5
		in := &Instance{Value: make([]float64, n), Cap: make([]int, m), P: make([][]float64, m)}
		for j := range n {
			in.Value[j] = float64(1 + rng.IntN(100))
		}
		for i := range m {
			in.Cap[i] = 2
			in.P[i] = make([]float64, n)
			for j := range n {
				in.P[i][j] = 0.2 + 0.7*rng.Float64()
			}
		}
		res, err := exact(in, Options{}, false)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Optimal {
			t.Fatalf("trial %d: not proven after %d nodes", trial, res.Iter)
		}
		if want := bruteForce(in); math.Abs(res.Objective-want) > 1e-9*(1+want) {
			t.Fatalf("trial %d: exact %.12g, brute force %.12g", trial, res.Objective, want)
		}
	}
}
