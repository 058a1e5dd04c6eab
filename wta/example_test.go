package wta_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/iadsim/iadsim/wta"
)

// A battle manager's decision cycle: two fire units against three threats.
// Unit A has 4 rounds left and 2 free fire channels, unit B 2 rounds and
// 1 channel; doctrine allows at most 2 missiles per threat this cycle.
// Unit B cannot reach threat 0 (outside its launch envelope): p = 0.
// Threat 2 already has a missile in flight at it with kill probability
// 0.6, so its value counts only the 40% chance that it survives.
func Example_decisionCycle() {
	in := &wta.Instance{
		Value:    []float64{100, 60, 80 * 0.4},
		Cap:      []int{4, 2},
		P:        [][]float64{{0.7, 0.5, 0.6}, {0, 0.8, 0.9}},
		Channels: []int{2, 1},
		MaxShots: []int{2, 2, 2},
	}
	res, err := wta.LocalSearch(in, wta.Options{MaxIter: 20, Rand: rand.New(rand.NewPCG(1, 1))})
	if err != nil {
		fmt.Println(err)
		return
	}
	opt, err := wta.Exact(in, wta.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, shots := range res.Assignment {
		fmt.Printf("unit %c fires at threats %v\n", 'A'+i, shots)
	}
	fmt.Printf("expected surviving value %.2f (optimal %.2f, proven %v)\n", res.Objective, opt.Objective, opt.Optimal)
	// By hand: 100*0.3^2 + 60*0.2^2 + 32*0.4^2 = 9 + 2.4 + 5.12.

	// Output:
	// unit A fires at threats [0 0 2 2]
	// unit B fires at threats [1 1]
	// expected surviving value 16.52 (optimal 16.52, proven true)
}
