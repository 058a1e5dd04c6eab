package assign

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestAuctionMatchesSolve checks the auction's total against the
// Jonker-Volgenant optimum of Solve (itself checked against SciPy) on
// random square and rectangular matrices with forbidden entries: never
// below it, and above it by at most n·ε; with integer costs and
// ε < 1/n, equal to it.
func TestAuctionMatchesSolve(t *testing.T) {
	rng := rand.New(rand.NewPCG(1988, 4))
	tried := 0
	for trial := range 3000 {
		rows, cols := 1+rng.IntN(30), 1+rng.IntN(30)
		if trial%3 == 0 {
			cols = rows
		}
		integer := trial%2 == 0
		cost := randomCost(rng, rows, cols, []float64{0, 0.2, 0.5}[trial%3], integer)
		want, wantTotal, err := Solve(cost, rows, cols)
		if err != nil {
			t.Fatal(err)
		}
		full := 0
		for _, j := range want {
			if j >= 0 {
				full++
			}
		}
		n := max(rows, cols)
		eps := 1e-6
		if integer {
			eps = 0.5 / float64(n)
		}
		got, total, err := Auction(cost, rows, cols, eps)
		if full < min(rows, cols) {
			if !errors.Is(err, ErrInfeasible) {
				t.Fatalf("trial %d: infeasible problem gave %v, %v", trial, got, err)
			}
			continue
		}
		tried++
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		if k := checkValid(t, cost, rows, cols, got, total); k != min(rows, cols) {
			t.Fatalf("trial %d: %d pairs, want %d", trial, k, min(rows, cols))
		}
		bound := float64(n) * eps
		if integer {
			bound = 0
		}
		if total < wantTotal-1e-9*max(1, math.Abs(wantTotal)) || total > wantTotal+bound+1e-9*max(1, math.Abs(wantTotal)) {
			t.Fatalf("trial %d %dx%d integer=%v: auction %.12g, JV %.12g, allowed n·ε = %g", trial, rows, cols, integer, total, wantTotal, bound)
		}
	}
	if tried < 1000 {
		t.Fatalf("only %d feasible trials", tried)
	}
}

func TestAuctionErrors(t *testing.T) {
	if _, _, err := Auction([]float64{1, 2}, 2, 2, 0); err == nil {
		t.Error("wrong length accepted")
	}
	if _, _, err := Auction([]float64{math.NaN()}, 1, 1, 0); err == nil {
		t.Error("NaN accepted")
	}
	if _, _, err := Auction([]float64{inf, inf, 1, 2}, 2, 2, 0); !errors.Is(err, ErrInfeasible) {
		t.Errorf("row with no allowed column: %v", err)
	}
}

func BenchmarkAuction(b *testing.B) {
	for _, n := range []int{10, 100, 500} {
		b.Run(fmt.Sprintf("%dx%d", n, n), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(uint64(n), 1))
			cost := randomCost(rng, n, n, 0, false)
			for b.Loop() {
				if _, _, err := Auction(cost, n, n, 1e-6); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
