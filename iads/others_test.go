package iads

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/iadsim/iadsim/bm"
)

// givenByDefinition is the track a unit with index me that holds none
// of system track i's target is given, by the definition appendGiven
// had before it was made once an instant: a scan of the system track's
// keys in order, keeping the first track of another member until a
// strictly better one (quality) comes.
func givenByDefinition(s *System, g *given, i, me int) int {
	best := -1
	for _, k := range s.rap.tracks[i].Keys {
		v, _ := SplitKey(k)
		j, ok := g.of[k]
		if v == me || !ok || v >= len(s.member) || !s.member[v] {
			continue
		}
		if best < 0 || quality(s.reports[j].Track) < quality(s.reports[best].Track) {
			best = j
		}
	}
	return best
}

// TestGivenOnceMatchesDefinition checks the choice made once an instant
// (choose, given) against the definition, for every unit, on random
// system tracks whose qualities tie often, are sometimes NaN or
// infinite, whose keys are sometimes not reported, and whose units are
// sometimes no longer members.
func TestGivenOnceMatchesDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 16))
	qualities := []float64{1, 2, 2, 3, math.Inf(1), math.NaN()}
	const units = 5
	var slowSeen, checked int
	for trial := 0; trial < 2000; trial++ {
		s := &System{member: make([]bool, units)}
		for v := range s.member {
			s.member[v] = rng.IntN(6) > 0
		}
		g := &given{of: map[int]int{}}
		for i := 0; i < 4; i++ {
			var st SystemTrack
			for n := rng.IntN(7); n > 0; n-- {
				k := Key(rng.IntN(units), len(s.reports)+100*i)
				st.Keys = append(st.Keys, k)
				if rng.IntN(8) == 0 {
					continue // in the picture, not reported now
				}
				q := qualities[rng.IntN(len(qualities)-1)]
				if rng.IntN(20) == 0 {
					q = math.NaN()
				}
				g.of[k] = len(s.reports)
				s.reports = append(s.reports, UnitTrack{Track: bm.Track{ID: k, PosCov: [9]float64{q}}})
			}
			s.rap.tracks = append(s.rap.tracks, st)
		}
		s.makeOthers(g)
		for i := range s.rap.tracks {
			for me := -1; me <= units; me++ {
				got := g.others[i].given(me)
				if got == slow {
					slowSeen++
					got = bestOther(s.rap.tracks[i].Keys, g.of, s.reports, s.joined, me)
				}
				if want := givenByDefinition(s, g, i, me); got != want {
					t.Fatalf("trial %d, system track %d %x, unit %d: given %d, want %d (qualities %v)",
						trial, i, s.rap.tracks[i].Keys, me, got, want, qualitiesOf(s, g, i))
				}
				checked++
			}
		}
	}
	if slowSeen == 0 {
		t.Fatal("no target with a NaN quality: the slow path went untested")
	}
	t.Logf("%d choices checked, %d by the definition (NaN)", checked, slowSeen)
}

func qualitiesOf(s *System, g *given, i int) []float64 {
	var qs []float64
	for _, k := range s.rap.tracks[i].Keys {
		if j, ok := g.of[k]; ok {
			qs = append(qs, quality(s.reports[j].Track))
		} else {
			qs = append(qs, -1)
		}
	}
	return qs
}

// TestSightMatchesDefinition checks units' pictures on the crossing,
// where every track has the same covariance (every quality ties) and
// with qualities drawn at random, against the definition: each unit's
// own tracks, then of each system track it holds none of, in order,
// givenByDefinition's track. Halfway, a member leaves the IADS between
// two units' pictures of one instant.
func TestSightMatchesDefinition(t *testing.T) {
	for _, random := range []bool{false, true} {
		c := newCrossing(11)
		rng := rand.New(rand.NewPCG(3, 4))
		if random {
			for k := range c.tracksAt {
				for u := range c.tracksAt[k] {
					for i := range c.tracksAt[k][u] {
						f := []float64{0.5, 1, 1, 2}[rng.IntN(4)]
						for a := range c.tracksAt[k][u][i].Track.PosCov {
							c.tracksAt[k][u][i].Track.PosCov[a] *= f
						}
					}
				}
			}
		}
		sys := c.system()
		var given int
		for k := 0; k < c.steps; k++ {
			now := float64(k)
			for u, fu := range c.units {
				fu.tracks = c.tracksAt[k][u]
			}
			sys.Allocate(now)
			for n, u := range sys.Members() {
				if k == c.steps/2 && n == 2 {
					sys.Leave(c.units[0])
				}
				got := sys.Sight(u, now)
				g := sys.givenAt(now)
				if g == nil {
					t.Fatalf("step %d: no picture given", k)
				}
				own := u.Tracks(now, nil)
				want := append([]UnitTrack(nil), own...)
				mine := map[int]bool{}
				for _, tk := range own {
					if i, ok := g.in[tk.Track.ID]; ok {
						mine[i] = true
					}
				}
				for i := range sys.rap.tracks {
					if !sys.Shares(u) {
						break // it left: it fights alone on its own tracks
					}
					if j := givenByDefinition(sys, g, i, u.Index()); !mine[i] && j >= 0 {
						want = append(want, sys.reports[j])
					}
				}
				if len(got) != len(want) {
					t.Fatalf("random %v, step %d, unit %s: %d tracks, want %d", random, k, u.ID(), len(got), len(want))
				}
				for i := range got {
					if got[i].Track.ID != want[i].Track.ID {
						t.Fatalf("random %v, step %d, unit %s: track %d is %x, want %x", random, k, u.ID(), i, got[i].Track.ID, want[i].Track.ID)
					}
				}
				given += len(got) - len(own)
			}
		}
		if given == 0 {
			t.Fatalf("random %v: no track given: the shared part went untested", random)
		}
	}
}
