package iads

import (
	"math/rand/v2"
	"testing"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// TestGatherPurityCompleteness (issue 16): the correlation of many
// units' tracks into the picture's targets, scored against truth. Twelve
// units each hold a track of each of 60 targets flying in crossing pairs
// (the two of a pair at the same height, sep apart at the instant of the
// picture, as two routes crossing; correlation tests positions only).
// Each track's position errs by its
// filter's covariance (150 m, 1-sigma per axis) plus its radar's
// registration error (bm.RegistrationSigma per axis), the model
// bm.Correlate is built on. Purity: the share of the picture's targets
// whose tracks are all of one true target. Completeness: the share of
// true targets whose tracks all land in one target of the picture.
//
// Reference, the chi-square distribution with 3 degrees of freedom
// (survival function in closed form, erfc(√(x/2)) + √(2x/π)·e^(-x/2)): a
// track and its target's representative differ by two registration
// errors and two filter errors, 2(150² + 250²) m² per axis, while
// bm.Correlate allows 2·150² + 250²; so a true pair's d² is 1.58 times
// a chi-square variable, beyond the gate (16.27) with probability
// P(χ²₃ > 10.29) = 0.016. With 11 tracks of each target tested against
// its representative, 1 - (1 - 0.016)^11 = 16.5% of targets would split
// were the tests independent (they are not: a unit's error is shared by
// its tracks, so fewer split): completeness at least 0.8. Two targets
// merge only when their separation is within the gate of the summed
// covariances, about sqrt(16.3·(2·150² + 250²)) = 1.3 km here, so pairs
// 5 km apart stay distinct (purity 1 but for chance) and pairs 300 m
// apart merge.
func TestGatherPurityCompleteness(t *testing.T) {
	const (
		units   = 12
		pairs   = 30
		sigma   = 150.0
		reg     = bm.RegistrationSigma
		minPure = 0.98
	)
	for _, c := range []struct {
		sep              float64
		purity, complete float64 // at least
		merged           bool    // pairs this close are expected to merge
	}{
		{sep: 5000, purity: minPure, complete: 0.8},
		{sep: 10000, purity: minPure, complete: 0.8},
		{sep: 300, merged: true},
	} {
		rng := rand.New(rand.NewPCG(16, uint64(c.sep)))
		centre := geo.Deg(35.7, 51.4, 3000)
		frame := geo.NewFrame(centre)
		var truth []r3.Vec
		for p := 0; p < pairs; p++ {
			// Pairs 30 km apart on a line; the two of a pair sep apart.
			mid := r3.Vec{X: float64(p-pairs/2) * 30e3, Y: 20e3 * float64(p%3)}
			truth = append(truth, frame.FromENU(r3.Add(mid, r3.Vec{X: -c.sep / 2})), frame.FromENU(r3.Add(mid, r3.Vec{X: c.sep / 2})))
		}
		cov := [9]float64{sigma * sigma, 0, 0, 0, sigma * sigma, 0, 0, 0, sigma * sigma}
		var tracks []bm.Track
		var tags []int
		for u := 0; u < units; u++ {
			// The unit's registration error: one offset for all its tracks.
			bias := r3.Vec{X: reg * rng.NormFloat64(), Y: reg * rng.NormFloat64(), Z: reg * rng.NormFloat64()}
			// Each unit reports its tracks in its own order.
			for _, k := range rng.Perm(len(truth)) {
				noise := r3.Vec{X: sigma * rng.NormFloat64(), Y: sigma * rng.NormFloat64(), Z: sigma * rng.NormFloat64()}
				tracks = append(tracks, bm.Track{ID: u<<32 | k, Pos: r3.Add(truth[k], r3.Add(bias, noise)), PosCov: cov})
				tags = append(tags, k)
			}
		}
		of := Gather(tracks)
		members := map[int]map[int]bool{} // picture target -> true targets in it
		homes := map[int]map[int]bool{}   // true target -> picture targets holding it
		for i, g := range of {
			if members[g] == nil {
				members[g] = map[int]bool{}
			}
			members[g][tags[i]] = true
			if homes[tags[i]] == nil {
				homes[tags[i]] = map[int]bool{}
			}
			homes[tags[i]][g] = true
		}
		pure := 0
		for _, m := range members {
			if len(m) == 1 {
				pure++
			}
		}
		whole := 0
		for _, h := range homes {
			if len(h) == 1 {
				whole++
			}
		}
		purity := float64(pure) / float64(len(members))
		completeness := float64(whole) / float64(len(truth))
		t.Logf("sep %.0f m: %d tracks of %d targets into %d: purity %.3f, completeness %.3f", c.sep, len(tracks), len(truth), len(members), purity, completeness)
		if c.merged {
			if purity > 0.5 {
				t.Errorf("sep %.0f m, within the gate: purity %.3f, want the pairs merged (< 0.5): the gate is not what the model says", c.sep, purity)
			}
			continue
		}
		if purity < c.purity {
			t.Errorf("sep %.0f m: purity %.3f, want >= %.2f", c.sep, purity, c.purity)
		}
		if completeness < c.complete {
			t.Errorf("sep %.0f m: completeness %.3f, want >= %.2f", c.sep, completeness, c.complete)
		}
	}
}
