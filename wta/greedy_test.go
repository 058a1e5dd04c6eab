package wta

import (
	"math"
	"testing"
)

// The README of ../../shared/data gives the greedy (maximum marginal
// return) objective of the three 50x100 instances to two decimals.
func TestGreedyReadmeFigures(t *testing.T) {
	for _, tc := range []struct {
		name string
		want float64
	}{
		{"wta_50x100x1", 1801.73},
		{"wta_50x100x2", 159.15},
		{"wta_50x100x3", 25.25},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := loadData(t, tc.name)
			res, err := Greedy(in)
			if err != nil {
				t.Fatal(err)
			}
			if err := in.Check(res.Assignment); err != nil {
				t.Fatal(err)
			}
			if got := in.Objective(res.Assignment); math.Abs(got-res.Objective) > 1e-9*got {
				t.Errorf("tracked objective %.12g, recomputed %.12g", res.Objective, got)
			}
			if math.Abs(res.Objective-tc.want) > 0.005 {
				t.Errorf("greedy objective %.4f, README says %.2f", res.Objective, tc.want)
			}
		})
	}
}
