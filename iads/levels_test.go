package iads

import (
	"math/rand/v2"
	"testing"

	"github.com/iadsim/iadsim/bm"
)

// crossingGrid is the crossing's six units under two regiments, r1 over
// units 0 to 2 and r2 over 3 to 5, with no sectors, under the national
// post adoc; their units' links have latency (s).
func crossingGrid(c *crossing, latency float64) *System {
	units := make([]Unit, len(c.units))
	for i, u := range c.units {
		units[i] = u
	}
	return New(Config{CommandPost: "adoc", Members: units, PerTarget: 1,
		Evaluate: func(tk bm.Track) bm.Threat { return bm.Threat{Track: tk} },
		Stream:   func(...string) *rand.Rand { return rand.New(rand.NewPCG(1, 2)) },
		Commands: []Command{
			{ID: "r1", Kind: "regiment", Post: "r1-cp", Units: []string{"u0", "u1", "u2"}, UnitLink: Link{Latency: latency}},
			{ID: "r2", Kind: "regiment", Post: "r2-cp", Units: []string{"u3", "u4", "u5"}, UnitLink: Link{Latency: latency}},
		}})
}

// TestLevelSightByDefinition checks the picture a unit under a regiment
// decides on against its definition, at every step of the crossing,
// with links of no latency and of 2 s: its own tracks, then, of each
// target of its post's picture in order that it holds no track of now, the
// track that places it best of those the other units under the post
// hold now (the first of equals), unless that track correlates with one
// of its own; never a track of a unit of the other regiment, never two
// tracks of one target of the post's picture. Represent evaluates a
// track on the best of the tracks the units under the post hold of its
// target. Then the fallback: r1's post lost, its units decide on their
// own tracks alone while r2's go on; adoc lost too, r2's go on.
func TestLevelSightByDefinition(t *testing.T) {
	for _, latency := range []float64{0, 2} {
		c := newCrossing(5)
		s := crossingGrid(c, latency)
		var given, before int
		for k := 0; k < c.steps; k++ {
			now := float64(k)
			for u, fu := range c.units {
				fu.tracks = c.tracksAt[k][u]
			}
			switch k {
			case c.steps / 2:
				s.LosePost("r1-cp")
			case 3 * c.steps / 4:
				s.LosePost("adoc")
			}
			s.Allocate(now)
			for _, u := range s.Members() {
				fu := u.(*fakeUnit)
				got := s.Sight(u, now)
				want := append([]UnitTrack(nil), fu.tracks...)
				n := s.grid.parent[u]
				if s.Shares(u) {
					current := map[int]UnitTrack{}
					for _, v := range c.units {
						if v != fu && s.grid.parent[v] == n {
							for _, tk := range v.tracks {
								current[tk.Track.ID] = tk
							}
						}
					}
					for _, tg := range n.targets {
						mine := false
						best, found := UnitTrack{}, false
						for _, key := range tg.keys {
							for _, own := range fu.tracks {
								mine = mine || own.Track.ID == key // a track it holds now
							}
							if tk, ok := current[key]; ok && (!found || quality(tk.Track) < quality(best.Track)) {
								best, found = tk, true
							}
						}
						if mine || !found || correlatesAny(best.Track, fu.tracks) {
							continue
						}
						want = append(want, best)
					}
					// What the unit took before: every track of the other
					// units under its post that none of its own correlates with.
					for id := range current {
						if !correlatesAny(current[id].Track, fu.tracks) {
							before++
						}
					}
				}
				if len(got) != len(want) {
					t.Fatalf("latency %g, step %d, unit %s: %d tracks, want %d", latency, k, u.ID(), len(got), len(want))
				}
				for i := range got {
					if got[i].Track.ID != want[i].Track.ID {
						t.Fatalf("latency %g, step %d, unit %s: track %d is %x, want %x", latency, k, u.ID(), i, got[i].Track.ID, want[i].Track.ID)
					}
				}
				given += len(got) - len(fu.tracks)
				for _, tk := range fu.tracks {
					rep, ok := s.Represent(u, tk.Track.ID, now)
					j, in := -1, false
					if s.Shares(u) {
						for x, tg := range n.targets {
							for _, key := range tg.keys {
								if key == tk.Track.ID {
									j, in = x, true
								}
							}
						}
					}
					if !in {
						if ok {
							t.Fatalf("latency %g, step %d, unit %s: track %x not in its post's picture evaluated on %x", latency, k, u.ID(), tk.Track.ID, rep.ID)
						}
						continue
					}
					var want bm.Track
					found := false
					for _, key := range n.targets[j].keys {
						v, _ := SplitKey(key)
						for _, w := range c.units {
							if w.index != v || s.grid.parent[w] != n {
								continue
							}
							for _, x := range w.tracks {
								if x.Track.ID == key && (!found || quality(x.Track) < quality(want)) {
									want, found = x.Track, true
								}
							}
						}
					}
					if !ok || rep.ID != want.ID {
						t.Fatalf("latency %g, step %d, unit %s: track %x evaluated on %x %v, want %x", latency, k, u.ID(), tk.Track.ID, rep.ID, ok, want.ID)
					}
				}
			}
		}
		if given == 0 {
			t.Fatalf("latency %g: no track given: the shared part went untested", latency)
		}
		t.Logf("latency %g: %d tracks given to units by their posts; %d before (one per other unit's track)", latency, given, before)
	}
}

func correlatesAny(t bm.Track, own []UnitTrack) bool {
	for _, o := range own {
		if same, _ := bm.Correlate(t, o.Track); same {
			return true
		}
	}
	return false
}
