package iads

import (
	"testing"

	"github.com/iadsim/iadsim/bm"
	"gonum.org/v1/gonum/spatial/r3"
)

// TestSightOneTrackPerTarget checks a unit's picture, once the command
// post has made its recognised air picture, against the truth of the
// crossing: it holds every track of the unit's own, and of each target
// the unit holds no track of but other members do, exactly one track,
// except where the recognised air picture itself splits a target into
// two system tracks (its correlation missed) or joins it with another
// (a crossing within the gate). Before, a unit's picture took every
// other member's track that none of its own correlated with: a target
// three members held came three times, and the unit evaluated and
// weighed it three times (issue 16).
func TestSightOneTrackPerTarget(t *testing.T) {
	c := newCrossing(5)
	sys := c.system()
	var once, twice, split, pictures int
	for k := 0; k < c.steps; k++ {
		now := float64(k)
		for u, fu := range c.units {
			fu.tracks = c.tracksAt[k][u]
		}
		sys.Allocate(now)
		// Targets the picture splits (two system tracks) or joins (one
		// system track of two targets) at this step.
		numbers := map[int]map[int]bool{} // target -> system numbers
		targets := map[int]map[int]bool{} // system number -> targets
		for key, tg := range c.tagOf[k] {
			n := sys.Number(key, now)
			if n == 0 {
				t.Fatalf("step %d: track %x not in the picture", k, key)
			}
			if numbers[tg] == nil {
				numbers[tg] = map[int]bool{}
			}
			if targets[n] == nil {
				targets[n] = map[int]bool{}
			}
			numbers[tg][n], targets[n][tg] = true, true
		}
		plain := func(tg int) bool {
			if len(numbers[tg]) != 1 {
				return false
			}
			for n := range numbers[tg] {
				return len(targets[n]) == 1
			}
			return false
		}
		for _, u := range sys.members {
			pictures++
			own := map[int]bool{}
			for _, tk := range u.(*fakeUnit).tracks {
				own[c.tagOf[k][tk.Track.ID]] = true
			}
			got := sys.Sight(u, now)
			if n := len(u.(*fakeUnit).tracks); len(got) < n {
				t.Fatalf("step %d, unit %s: %d tracks in its picture, fewer than its own %d", k, u.ID(), len(got), n)
			}
			seen := map[int]int{}
			for i, tk := range got {
				if i < len(u.(*fakeUnit).tracks) {
					if tk != u.(*fakeUnit).tracks[i] {
						t.Fatalf("step %d, unit %s: its own track %d is not first in its picture", k, u.ID(), i)
					}
					continue
				}
				if v, _ := SplitKey(tk.Track.ID); v == u.Index() {
					t.Fatalf("step %d, unit %s: its own track %x given again", k, u.ID(), tk.Track.ID)
				}
				seen[c.tagOf[k][tk.Track.ID]]++
			}
			// Every target another member holds and u does not.
			others := map[int]bool{}
			for _, v := range c.units {
				if v.Index() == u.Index() {
					continue
				}
				for _, tk := range v.tracks {
					others[c.tagOf[k][tk.Track.ID]] = true
				}
			}
			for tg := range others {
				if own[tg] {
					continue
				}
				if !plain(tg) {
					split++
					continue
				}
				switch seen[tg] {
				case 1:
					once++
				case 0:
					t.Errorf("step %d, unit %s: target %d, held by others only, missing from its picture", k, u.ID(), tg)
				default:
					twice++
					t.Errorf("step %d, unit %s: target %d comes %d times in its picture", k, u.ID(), tg, seen[tg])
				}
			}
		}
	}
	t.Logf("%d pictures: %d targets of others once, %d twice or more, %d split or joined by the picture", pictures, once, twice, split)
	if once == 0 {
		t.Fatal("no picture held a target of the others only: the shared part went untested")
	}
}

// TestBestPlacesTargetBest checks Best against its definition: every
// unit track of a system track is evaluated on the same track, the one
// of least position variance among them, the first of equals.
func TestBestPlacesTargetBest(t *testing.T) {
	c := newCrossing(7)
	sys := c.system()
	checked := 0
	for k := 0; k < c.steps; k += 3 {
		now := float64(k)
		for u, fu := range c.units {
			fu.tracks = c.tracksAt[k][u]
		}
		if _, ok := sys.Best(c.units[0].index<<32, now); ok && len(c.tracksAt[k][0]) == 0 {
			t.Fatalf("step %d: Best answered before the picture was made", k)
		}
		sys.Allocate(now)
		byKey := map[int]bm.Track{}
		for _, fu := range c.units {
			for _, tk := range fu.tracks {
				byKey[tk.Track.ID] = tk.Track
			}
		}
		for _, st := range sys.Picture().Tracks() {
			want := byKey[st.Keys[0]]
			for _, key := range st.Keys[1:] {
				if tr := byKey[key]; quality(tr) < quality(want) {
					want = tr
				}
			}
			for _, key := range st.Keys {
				got, ok := sys.Best(key, now)
				if !ok || got.ID != want.ID {
					t.Fatalf("step %d, system track %d: Best(%x) = %x, %v, want %x", k, st.Number, key, got.ID, ok, want.ID)
				}
				checked++
			}
		}
		if _, ok := sys.Best(-1, now); ok {
			t.Fatalf("step %d: Best of a key in no system track answered", k)
		}
		// A tracker that changes after the picture was made makes it
		// stale: Best no longer answers.
		sys.TracksChanged()
		if len(sys.Picture().Tracks()) > 0 {
			if _, ok := sys.Best(sys.Picture().Tracks()[0].Keys[0], now); ok {
				t.Fatalf("step %d: Best answered on a picture made before a tracker changed", k)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no system track checked")
	}
}

// TestUnassigned checks who awaits the command post: a unit holds at a
// target the allocation gives to no unit, unless in self-defence; it
// does not for a target given to it or to another (Allocated says
// that), nor once the post is lost.
func TestUnassigned(t *testing.T) {
	pos := r3.Vec{X: 3.9e6, Y: 3.9e6, Z: 3.3e6}
	a := &armedUnit{index: 0, id: "a", shots: 1, pk: map[int]float64{1: 0.8, 2: 0.7}, targets: map[int]r3.Vec{1: pos, 2: r3.Add(pos, r3.Vec{X: 50e3})}}
	b := &armedUnit{index: 1, id: "b", shots: 0, pk: map[int]float64{1: 0.9}, targets: map[int]r3.Vec{1: pos}}
	c := &armedUnit{index: 2, id: "c", shots: 1, pk: map[int]float64{}, targets: map[int]r3.Vec{3: r3.Add(pos, r3.Vec{Y: 50e3})}}
	sys := New(Config{CommandPost: "cp", Members: []Unit{a, b, c}, PerTarget: 1,
		Evaluate: func(tk bm.Track) bm.Threat { return bm.Threat{Track: tk, Score: 1} },
		Stream:   newCrossing(1).system().cfg.Stream})
	const now = 10.0
	sys.Allocate(now)
	threat := func(u Unit, tag int) bm.Threat {
		for _, tk := range u.Tracks(now, nil) {
			if tk.Tag == tag {
				return bm.Threat{Track: tk.Track}
			}
		}
		t.Fatalf("unit %s holds no track of target %d", u.ID(), tag)
		return bm.Threat{}
	}
	// a has one shot and the better Pk against target 1, but the
	// assignment gives it target 1 or 2, not both; c can kill nothing.
	given1 := sys.Assigned(a, Key(0, 1), now)
	given2 := sys.Assigned(a, Key(0, 2), now)
	if given1 == given2 {
		t.Fatalf("unit a with one shot was given targets 1 %v and 2 %v", given1, given2)
	}
	for _, tc := range []struct {
		name string
		u    Unit
		tag  int
		self bool
		want bm.Kind
	}{
		{"given to it", a, map[bool]int{true: 1, false: 2}[given1], false, bm.KindNone},
		{"given to no unit", a, map[bool]int{true: 2, false: 1}[given1], false, bm.KindAwait},
		{"given to no unit, self-defence", a, map[bool]int{true: 2, false: 1}[given1], true, bm.KindNone},
		{"given to no unit, no shot", c, 3, false, bm.KindAwait},
	} {
		got := sys.Unassigned(tc.u, threat(tc.u, tc.tag), tc.self)
		if got.Kind != tc.want {
			t.Errorf("%s: Unassigned = %v %q, want kind %v", tc.name, got.Kind, got.String(), tc.want)
		}
	}
	// Target 1 given to a: b (no shot) is told by Allocated, not here.
	if given1 {
		if got := sys.Unassigned(b, threat(b, 1), false); got.Holds() {
			t.Errorf("target given to another: Unassigned = %q, want no reason (Allocated's)", got.String())
		}
		if got := sys.Allocated(b, threat(b, 1)); got.Kind != bm.KindAssigned {
			t.Errorf("target given to another: Allocated = %v, want KindAssigned", got.Kind)
		}
	}
	sys.PostLost()
	if got := sys.Unassigned(c, threat(c, 3), false); got.Holds() {
		t.Errorf("post lost: Unassigned = %q, want no reason (the unit fights alone)", got.String())
	}
	if _, ok := sys.Best(Key(0, 1), now); ok {
		t.Error("post lost: Best still answers (the unit evaluates its own tracks)")
	}
}
