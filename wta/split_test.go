package wta

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// merge puts a and b side by side in one instance, with no allowed pair
// between them, their weapons and targets shuffled together; it returns
// the instance and where each of a's and b's weapons and targets went.
func merge(rng *rand.Rand, a, b *Instance) (in *Instance, wa, ta, wb, tb []int) {
	m, n := len(a.Cap)+len(b.Cap), len(a.Value)+len(b.Value)
	wperm, tperm := rng.Perm(m), rng.Perm(n)
	in = &Instance{Value: make([]float64, n), Cap: make([]int, m), P: make([][]float64, m)}
	if a.MaxShots != nil || b.MaxShots != nil {
		in.MaxShots = make([]int, n)
		for j := range in.MaxShots {
			in.MaxShots[j] = -1
		}
	}
	if a.Channels != nil || b.Channels != nil {
		in.Channels = make([]int, m)
		for i := range in.Channels {
			in.Channels[i] = -1
		}
	}
	for i := range in.P {
		in.P[i] = make([]float64, n)
	}
	place := func(x *Instance, w0, t0 int) (ws, ts []int) {
		for j := range x.Value {
			ts = append(ts, tperm[t0+j])
			in.Value[ts[j]] = x.Value[j]
			if x.MaxShots != nil {
				in.MaxShots[ts[j]] = x.MaxShots[j]
			}
		}
		for i := range x.Cap {
			ws = append(ws, wperm[w0+i])
			in.Cap[ws[i]] = x.Cap[i]
			if x.Channels != nil {
				in.Channels[ws[i]] = x.Channels[i]
			}
			for j, p := range x.P[i] {
				in.P[ws[i]][ts[j]] = p
			}
		}
		return ws, ts
	}
	wa, ta = place(a, 0, 0)
	wb, tb = place(b, len(a.Cap), len(a.Value))
	return in, wa, ta, wb, tb
}

// The optimum of a whole instance is the optima of its parts plus the
// value of the targets in none (Exact, itself checked against brute
// force), and the parts' plans joined are a feasible plan of the whole.
func TestSplitExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for trial := range 300 {
		in, _, _, _, _ := merge(rng, randomTiny(rng), randomTiny(rng))
		whole, err := Exact(in, Options{})
		if err != nil || !whole.Optimal {
			t.Fatalf("trial %d: whole: %v, optimal %v", trial, err, whole.Optimal)
		}
		parts := Split(in)
		sum := 0.0
		inPart := make([]bool, len(in.Value))
		plans := make([]Assignment, len(parts))
		for k, p := range parts {
			if err := p.Instance.Validate(); err != nil {
				t.Fatalf("trial %d: part %d: %v", trial, k, err)
			}
			for _, j := range p.Targets {
				if inPart[j] {
					t.Fatalf("trial %d: target %d in two parts", trial, j)
				}
				inPart[j] = true
			}
			r, err := Exact(p.Instance, Options{})
			if err != nil || !r.Optimal {
				t.Fatalf("trial %d: part %d: %v, optimal %v", trial, k, err, r.Optimal)
			}
			sum += r.Objective
			plans[k] = r.Assignment
		}
		for j, w := range in.Value {
			if !inPart[j] {
				sum += w
			}
		}
		if math.Abs(sum-whole.Objective) > 1e-9*(1+whole.Objective) {
			t.Fatalf("trial %d: parts' optima sum to %.12g, whole's optimum %.12g (%+v)", trial, sum, whole.Objective, *in)
		}
		joined := Join(in, parts, plans)
		if err := in.Check(joined); err != nil {
			t.Fatalf("trial %d: joined plan: %v", trial, err)
		}
		if got := in.Objective(joined); math.Abs(got-whole.Objective) > 1e-9*(1+whole.Objective) {
			t.Fatalf("trial %d: joined plan %.12g, optimum %.12g", trial, got, whole.Objective)
		}
	}
}

// Two published instances shuffled together split back into themselves,
// and the parts searched one by one come within the 0.5% of the
// sum of their best known values.
func TestSplitData(t *testing.T) {
	a, b := loadData(t, "wta_50x100x1"), loadData(t, "wta_50x100x2")
	in, wa, ta, wb, tb := merge(rand.New(rand.NewPCG(3, 4)), a, b)
	parts := Split(in)
	if len(parts) != 2 {
		t.Fatalf("%d parts, want 2", len(parts))
	}
	slices.Sort(wa)
	slices.Sort(ta)
	slices.Sort(wb)
	slices.Sort(tb)
	p, q := parts[0], parts[1]
	if p.Targets[0] != ta[0] {
		p, q = q, p
	}
	if !slices.Equal(p.Weapons, wa) || !slices.Equal(p.Targets, ta) || !slices.Equal(q.Weapons, wb) || !slices.Equal(q.Targets, tb) {
		t.Fatalf("parts %v / %v and %v / %v, want %v / %v and %v / %v", p.Weapons, p.Targets, q.Weapons, q.Targets, wa, ta, wb, tb)
	}
	rng := rand.New(rand.NewPCG(1, 7))
	plans := make([]Assignment, len(parts))
	for k, p := range parts {
		r, err := LocalSearch(p.Instance, Options{MaxIter: 100, Rand: rng})
		if err != nil {
			t.Fatal(err)
		}
		plans[k] = r.Assignment
	}
	joined := Join(in, parts, plans)
	if err := in.Check(joined); err != nil {
		t.Fatal(err)
	}
	best := 1734.3023 + 123.8384
	got := in.Objective(joined)
	gap := (got - best) / best
	t.Logf("parts searched apart: %.4f, %+.4f%% from the best known sum %.4f", got, 100*gap, best)
	if gap > 0.005 || gap < -1e-6 {
		t.Errorf("objective %.4f, %.3f%% from the best known sum %.4f", got, 100*gap, best)
	}
}

// Targets no weapon can reach, targets that may take no shot and weapons
// with no shot are in no part.
func TestSplitLeavesOut(t *testing.T) {
	in := &Instance{
		Value:    []float64{5, 7, 9, 11},
		Cap:      []int{2, 0, 1},
		P:        [][]float64{{0.5, 0, 0.5, 0}, {0.9, 0.9, 0.9, 0.9}, {0, 0, 0, 0.5}},
		MaxShots: []int{-1, -1, 0, 1},
	}
	parts := Split(in)
	if len(parts) != 2 {
		t.Fatalf("%d parts, want 2: %+v", len(parts), parts)
	}
	if !slices.Equal(parts[0].Weapons, []int{0}) || !slices.Equal(parts[0].Targets, []int{0}) ||
		!slices.Equal(parts[1].Weapons, []int{2}) || !slices.Equal(parts[1].Targets, []int{3}) {
		t.Fatalf("parts %+v, want weapon 0 on target 0 and weapon 2 on target 3", parts)
	}
}
