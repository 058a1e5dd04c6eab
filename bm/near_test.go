package bm

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
)

// randomTracks are n tracks within spread (m) of a point 4 000 km from
// the Earth's centre, with covariances from LLᵀ of sizes up to sigma (m),
// some of them (unless proper) none, degenerate or far too wide to index.
func randomTracks(r *rand.Rand, n int, spread, sigma float64, proper bool) []Track {
	out := make([]Track, n)
	for i := range out {
		t := Track{Pos: r3.Vec{X: 4e6 + spread*r.NormFloat64(), Y: 3e6 + spread*r.NormFloat64(), Z: 3e6 + spread*r.NormFloat64()}}
		kind := r.IntN(10)
		if proper {
			kind = 3
		}
		switch kind {
		case 0: // no covariance
		case 1: // rank one
			v := [3]float64{sigma * r.NormFloat64(), sigma * r.NormFloat64(), sigma * r.NormFloat64()}
			for a := 0; a < 3; a++ {
				for b := 0; b < 3; b++ {
					t.PosCov[3*a+b] = v[a] * v[b]
				}
			}
		case 2: // a coasting track's 100 km
			for a := 0; a < 3; a++ {
				t.PosCov[4*a] = 1e10
			}
		default:
			l := [9]float64{sigma * r.Float64(), 0, 0, sigma * r.NormFloat64(), sigma * r.Float64(), 0,
				sigma * r.NormFloat64(), sigma * r.NormFloat64(), sigma * r.Float64()}
			for a := 0; a < 3; a++ {
				for b := 0; b < 3; b++ {
					for k := 0; k < 3; k++ {
						t.PosCov[3*a+b] += l[3*a+k] * l[3*b+k]
					}
				}
			}
		}
		out[i] = t
	}
	return out
}

// TestNearKeepsEveryCorrelatedPair: for clouds of tracks dense and
// sparse, every pair Correlate joins is among Near's candidates, built
// at once (Reset) or track by track (Add); and the index is not
// vacuous: in a sparse cloud it skips most pairs.
func TestNearKeepsEveryCorrelatedPair(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 1))
	for _, c := range []struct {
		spread, sigma float64
		proper        bool
		maxShare      float64 // the largest share of pairs returned
	}{{2e3, 300, false, 1}, {100e3, 300, false, 0.6}, {100e3, 300, true, 0.1}, {300e3, 2000, true, 0.1}} {
		tracks := randomTracks(r, 300, c.spread, c.sigma, c.proper)
		var all, grown Near
		all.Reset(tracks)
		for i, tk := range tracks {
			grown.Add(i, tk)
		}
		pairs := 0
		var got, got2 []int
		for i, a := range tracks {
			got = all.Candidates(a, got[:0])
			got2 = grown.Candidates(a, got2[:0])
			if !slices.Equal(got, got2) {
				t.Fatalf("spread %g: Reset and Add index differently", c.spread)
			}
			if !slices.IsSorted(got) {
				t.Fatalf("candidates not in order: %v", got)
			}
			pairs += len(got)
			for j, b := range tracks {
				if same, d2 := Correlate(a, b); same {
					if _, found := slices.BinarySearch(got, j); !found {
						t.Fatalf("spread %g: tracks %d and %d correlate (d² %.1f) and Near leaves %d out", c.spread, i, j, d2, j)
					}
				}
			}
		}
		if share := float64(pairs) / float64(len(tracks)*len(tracks)); share > c.maxShare {
			t.Errorf("spread %g km: %.2f of the pairs are candidates, want at most %.2f", c.spread/1e3, share, c.maxShare)
		}
	}
}

// FuzzNear: for any two clouds, Near never leaves out a pair Correlate
// joins.
func FuzzNear(f *testing.F) {
	f.Add(uint64(1), 5e3, 300.0)
	f.Add(uint64(2), 1e5, 3000.0)
	f.Add(uint64(3), 10.0, 1.0)
	f.Fuzz(func(t *testing.T, seed uint64, spread, sigma float64) {
		if math.IsNaN(spread) || math.IsNaN(sigma) || math.Abs(spread) > 1e7 || math.Abs(sigma) > 1e6 {
			t.Skip()
		}
		r := rand.New(rand.NewPCG(seed, 2))
		tracks := randomTracks(r, 40, spread, sigma, false)
		var n Near
		n.Reset(tracks)
		var got []int
		for i, a := range tracks {
			got = n.Candidates(a, got[:0])
			for j, b := range tracks {
				if same, _ := Correlate(a, b); same {
					if _, found := slices.BinarySearch(got, j); !found {
						t.Fatalf("tracks %d and %d correlate and Near leaves %d out", i, j, j)
					}
				}
			}
		}
	})
}
