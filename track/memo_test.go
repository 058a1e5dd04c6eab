package track

import (
	"testing"
)

// TestSwitchMemo checks that the memo gives the matrices transition
// computes, bit for bit, for the same and for other sets of models, and
// after its entries have been overwritten more than once.
func TestSwitchMemo(t *testing.T) {
	for _, f := range []*IMM{
		{Models: []int{ModeCV, ModeCT}, Rates: [numModes][numModes]float64{
			ModeCV: {ModeCT: 0.05}, ModeCT: {ModeCV: 0.2}}},
		{Models: []int{ModeCV, ModeCT, ModeCA}, Sojourn: [numModes]float64{10, 5, 3}},
	} {
		f.memo = &switchMemo{}
		on, n := f.active()
		subsets := []bool{false, true}
		for k := range 3 * switchMemoSize {
			// Intervals that recur (k%5) among ones seen once.
			for _, a := range []float64{float64(k%5) * 0.1, 0.37 * float64(k)} {
				for _, sub := range subsets {
					o, m := on, n
					if sub {
						o[ModeCV], m = false, n-1
					}
					if got, want := f.memoized(o, m, a), f.transition(o, m, a); got != want {
						t.Fatalf("interval %g, models %v: memo %v, transition %v", a, o, got, want)
					}
				}
			}
		}
		if f.memo.used != switchMemoSize {
			t.Errorf("memo holds %d entries after %d intervals, want %d", f.memo.used, 3*switchMemoSize, switchMemoSize)
		}
	}
}
