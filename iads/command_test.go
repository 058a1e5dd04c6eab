package iads

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// armedUnit is a fire unit with shots and a kill probability against
// each target, that holds a track of each target a test gives it (the
// track's number is the target's).
type armedUnit struct {
	index   int
	id      string
	shots   int
	pk      map[int]float64 // by target
	targets map[int]r3.Vec  // by target: where it is (ECEF)
	silent  bool
}

func (u *armedUnit) ID() string { return u.id }
func (u *armedUnit) Index() int { return u.index }
func (u *armedUnit) Tracks(t float64, dst []UnitTrack) []UnitTrack {
	for tag := 1; tag <= 9; tag++ {
		if pos, ok := u.targets[tag]; ok {
			dst = append(dst, UnitTrack{Track: bm.Track{ID: Key(u.index, tag), T: t, Updated: t, Pos: pos,
				PosCov: [9]float64{1e4, 0, 0, 0, 1e4, 0, 0, 0, 1e4}, VelSigma: 10}, Tag: tag})
		}
	}
	return dst
}
func (u *armedUnit) Beyond(_, _ r3.Vec) bool { return false }
func (u *armedUnit) Busy(int) bool           { return false }
func (u *armedUnit) Silent() bool            { return u.silent }
func (u *armedUnit) Shots() int              { return u.shots }
func (u *armedUnit) Kill(_ float64, th bm.Threat) (float64, bool) {
	_, tag := SplitKey(th.Track.ID)
	pk, ok := u.pk[tag]
	return pk, ok && pk > 0
}

// box is a sector of responsibility from lat0 to lat1 north, 50 to 52
// east, as the run's sectors are tested (scenario.Sector.Contains).
func box(lat0, lat1 float64) func(r3.Vec) bool {
	return func(p r3.Vec) bool {
		g := geo.FromECEF(p)
		lat, lon := g.LatDeg(), g.LonDeg()
		return lat >= lat0 && lat <= lat1 && lon >= 50 && lon <= 52
	}
}

// The hand-worked grid: two regiments under the national post adoc, r1
// (units a and b) over the north, lat 35 to 36.5, r2 (unit c) over the
// south, lat 34 to 35.3, their sectors overlapping from 35 to 35.3, and
// unit d directly under adoc. Every unit holds a track of each of four
// targets: T1 at lat 36 (r1's sector only), T2 at 34.5 (r2's only), T3
// at 35.15 (both), T4 at 37 (neither).
//
// By hand, with one unit per target and every unit able to give two
// shots: adoc gives T1 to r1 and T2 to r2 by sector; T3, over both,
// to the better of the two by the assignment, r2 (c's Pk 0.9 against
// r1's best, a's 0.5); T4, over neither, to the best of all, d (Pk 0.8
// against r1's 0.6 and r2's 0.3). r1 gives T1 to b (0.95 against a's
// 0.7); r2 gives T2 and T3 to c.
func handGrid(unitLatency, capacity float64) (*System, map[string]*armedUnit) {
	at := map[int]r3.Vec{
		1: geo.Deg(36, 51, 3000).ECEF(), 2: geo.Deg(34.5, 51, 3000).ECEF(),
		3: geo.Deg(35.15, 51, 3000).ECEF(), 4: geo.Deg(37, 51, 3000).ECEF(),
	}
	us := map[string]*armedUnit{
		"a": {index: 0, id: "a", shots: 2, pk: map[int]float64{1: 0.7, 2: 0.2, 3: 0.5, 4: 0.6}},
		"b": {index: 1, id: "b", shots: 2, pk: map[int]float64{1: 0.95, 3: 0.4, 4: 0.4}},
		"c": {index: 2, id: "c", shots: 2, pk: map[int]float64{1: 0.1, 2: 0.8, 3: 0.9, 4: 0.3}},
		"d": {index: 3, id: "d", shots: 2, pk: map[int]float64{3: 0.2, 4: 0.8}},
	}
	var members []Unit
	for _, id := range []string{"a", "b", "c", "d"} {
		us[id].targets = at
		members = append(members, us[id])
	}
	s := New(Config{
		CommandPost: "adoc", Members: members, PerTarget: 1,
		Evaluate: func(tk bm.Track) bm.Threat { return bm.Threat{Track: tk, Score: 1} },
		Stream:   func(names ...string) *rand.Rand { return rand.New(rand.NewPCG(1, uint64(len(names)))) },
		Commands: []Command{
			{ID: "r1", Kind: "regiment", Post: "r1-cp", Units: []string{"a", "b"}, Over: box(35, 36.5),
				UnitLink: Link{Latency: unitLatency, Capacity: capacity}},
			{ID: "r2", Kind: "regiment", Post: "r2-cp", Units: []string{"c"}, Over: box(34, 35.3)},
		},
	})
	return s, us
}

// hold is the reason unit u holds at target tag on its own track at
// now, "" for none.
func hold(s *System, u *armedUnit, tag int, now float64) string {
	r := s.Allocated(u, bm.Threat{Track: bm.Track{ID: Key(u.index, tag), T: now}})
	if !r.Holds() {
		return ""
	}
	return r.String()
}

func TestGridAllocationByLevel(t *testing.T) {
	s, us := handGrid(0, 0)
	s.Allocate(0)
	for _, c := range []struct {
		unit string
		tag  int
		want string // the reason to hold, "" to engage
		by   string // level/command that gave it, for an engagement
	}{
		{"b", 1, "", "regiment/r1"},
		{"a", 1, "allocated by r1 (regiment) to b (Pk 0.95)", ""},
		{"c", 1, "allocated by adoc (national) to r1 (Pk 0.95); outside the sector of responsibility of r2 (regiment)", ""},
		{"d", 1, "allocated by adoc (national) to r1 (Pk 0.95)", ""},
		{"c", 2, "", "regiment/r2"},
		{"a", 2, "allocated by adoc (national) to r2 (Pk 0.80); outside the sector of responsibility of r1 (regiment)", ""},
		{"c", 3, "", "regiment/r2"},
		{"a", 3, "allocated by adoc (national) to r2 (Pk 0.90)", ""},
		{"b", 3, "allocated by adoc (national) to r2 (Pk 0.90)", ""},
		{"d", 4, "", "national/adoc"},
		{"a", 4, "allocated by adoc (national) to d (Pk 0.80); outside the sector of responsibility of r1 (regiment)", ""},
		{"c", 4, "allocated by adoc (national) to d (Pk 0.80); outside the sector of responsibility of r2 (regiment)", ""},
	} {
		u := us[c.unit]
		if got := hold(s, u, c.tag, 0); got != c.want {
			t.Errorf("%s on T%d: hold %q, want %q", c.unit, c.tag, got, c.want)
		}
		level, cmd, _, ok := s.AssignedBy(u, Key(u.index, c.tag), 0)
		if got := level + "/" + cmd; ok != (c.by != "") || ok && got != c.by {
			t.Errorf("%s on T%d: assigned by %q (%v), want %q", c.unit, c.tag, got, ok, c.by)
		}
	}
	for _, c := range []struct {
		unit string
		tag  int
		how  string
	}{
		{"b", 1, "by weapon-target assignment, given to r1 by adoc (national) over its sector of responsibility"},
		{"c", 3, "by weapon-target assignment, given to r2 by adoc (national) by weapon-target assignment"},
		{"d", 4, "by weapon-target assignment"},
	} {
		u := us[c.unit]
		if _, _, how, _ := s.AssignedBy(u, Key(u.index, c.tag), 0); how != c.how {
			t.Errorf("%s on T%d: given %q, want %q", c.unit, c.tag, how, c.how)
		}
	}
	r := s.Allocated(us["a"], bm.Threat{Track: bm.Track{ID: Key(0, 4), T: 0}})
	if level, cmd, ok := Decider(r); !ok || level != "national" || cmd != "adoc" {
		t.Errorf("Decider of a's hold on T4: %q %q %v, want the national post adoc", level, cmd, ok)
	}
	if n := len(s.Picture().Tracks()); n != 4 {
		t.Errorf("the national picture has %d system tracks, want 4", n)
	}
}

// TestGridOrderLatency: a's tracks reach r1 the unit link's latency
// after a reports them, and r1's order on them reaches a exactly the
// latency after r1 gives it: r1 first decides on T1 at L, a first holds
// for it at 2L, awaiting r1's orders until then.
func TestGridOrderLatency(t *testing.T) {
	for _, latency := range []float64{0, 1, 3} {
		s, us := handGrid(latency, 0)
		r1 := s.grid.nodes[1]
		given, first := -1.0, -1.0
		for now := 0.0; now <= 10; now++ {
			s.Allocate(now)
			if o := r1.ordersAt(now); given < 0 && o != nil && o.of[Key(0, 1)] != nil {
				given = now
			}
			why := hold(s, us["a"], 1, now)
			switch {
			case strings.HasPrefix(why, "allocated by r1 (regiment) to b"):
				if first < 0 {
					first = now
				}
			case first < 0 && why != "awaiting the orders of r1 (regiment)":
				t.Errorf("latency %g s: a holds on T1 at %g s for %q, want it awaiting r1's orders", latency, now, why)
			}
		}
		if given != latency || first != 2*latency {
			t.Errorf("latency %g s: r1 gave T1 at %g s and a had it at %g s, want %g s and %g s", latency, given, first, latency, 2*latency)
		}
	}
}

// TestGridReportLatency: a post decides on its units' reports as they
// were a link's latency ago. r1's link to adoc is 2 s: a target only
// r1's units see reaches adoc's picture 2 s after they first report it.
func TestGridReportLatency(t *testing.T) {
	a := &armedUnit{index: 0, id: "a", shots: 2, targets: map[int]r3.Vec{}}
	b := &armedUnit{index: 1, id: "b", shots: 2, targets: map[int]r3.Vec{}}
	s := New(Config{CommandPost: "adoc", Members: []Unit{a, b}, PerTarget: 1,
		Evaluate: func(tk bm.Track) bm.Threat { return bm.Threat{Track: tk, Score: 1} },
		Stream:   func(names ...string) *rand.Rand { return rand.New(rand.NewPCG(1, 2)) },
		Commands: []Command{{ID: "r1", Kind: "regiment", Post: "cp", Units: []string{"a"}, Link: Link{Latency: 2}}},
	})
	a.targets[1] = geo.Deg(36, 51, 3000).ECEF()
	seen := -1.0
	for now := 10.0; now <= 15; now++ {
		s.Allocate(now)
		if len(s.Picture().Tracks()) > 0 && seen < 0 {
			seen = now
		}
	}
	if seen != 12 {
		t.Errorf("adoc first holds a's track at %g s, want 12 s (reported at 10 s, 2 s on the link)", seen)
	}
}

// TestGridCapacity: r1's link from a carries 2 reports a second; a
// reports 5 tracks each second. Its post holds 2 at 0 s, 4 at 1 s and 5
// at 2 s; the backlog (3 at 0 s) is noticed when it begins and, when a
// reports one track only, when it ends.
func TestGridCapacity(t *testing.T) {
	a := &armedUnit{index: 0, id: "a", shots: 2, targets: map[int]r3.Vec{}}
	b := &armedUnit{index: 1, id: "b", shots: 2, targets: map[int]r3.Vec{}}
	for tag := 1; tag <= 5; tag++ {
		a.targets[tag] = geo.Deg(35+0.2*float64(tag), 51, 3000).ECEF()
	}
	s := New(Config{CommandPost: "adoc", Members: []Unit{a, b}, PerTarget: 1,
		Evaluate: func(tk bm.Track) bm.Threat { return bm.Threat{Track: tk, Score: 1} },
		Stream:   func(names ...string) *rand.Rand { return rand.New(rand.NewPCG(1, 2)) },
		Commands: []Command{{ID: "r1", Kind: "regiment", Post: "cp", Units: []string{"a", "b"}, UnitLink: Link{Capacity: 2}}},
	})
	r1 := s.grid.nodes[1]
	var notices []Notice
	for now, want := range []int{2, 4, 5} {
		s.Allocate(float64(now))
		notices = append(notices, s.Notices()...)
		if got := len(r1.targets); got != want {
			t.Errorf("at %d s r1 holds %d targets, want %d", now, got, want)
		}
	}
	if len(notices) != 1 || notices[0].From != "a" || notices[0].To != "r1" || notices[0].Backlog != 3 || notices[0].T != 0 {
		t.Fatalf("notices %+v, want a's backlog of 3 to r1 from 0 s", notices)
	}
	// Four tracks end: a sends one report and four ends a second, and
	// its queue, ever refilled with its track's report, empties once
	// the ends have gone.
	for tag := 2; tag <= 5; tag++ {
		delete(a.targets, tag)
	}
	var end *Notice
	for now := 3.0; now <= 8 && end == nil; now++ {
		s.Allocate(now)
		for _, n := range s.Notices() {
			if n.Backlog == 0 {
				end = &n
			}
		}
	}
	if end == nil || end.Peak != 3 || end.Since != 0 {
		t.Fatalf("end of the backlog %+v, want one with peak 3 since 0 s", end)
	}
	if got := len(r1.targets); got != 1 {
		t.Errorf("r1 holds %d targets after the ends, want 1", got)
	}
}

// TestGridFallback: when a post is lost, the level below takes over.
func TestGridFallback(t *testing.T) {
	t.Run("regiment", func(t *testing.T) {
		s, us := handGrid(0, 0)
		s.Allocate(0)
		losses := s.LosePost("r1-cp")
		if len(losses) != 1 || losses[0].Level != "regiment" || losses[0].Command != "r1" ||
			losses[0].Reason != "units a, b now fight alone: no shared picture, no deconfliction" {
			t.Fatalf("losses %+v", losses)
		}
		s.Allocate(1)
		if s.Shares(us["a"]) || s.Together(us["a"], us["b"]) || s.Together(us["c"], us["a"]) {
			t.Error("a still shares a picture after its regiment's post is lost")
		}
		if !s.Together(us["c"], us["d"]) {
			t.Error("c and d no longer share a picture: their posts stand")
		}
		if got := hold(s, us["a"], 1, 1); got != "" {
			t.Errorf("a holds on T1 for %q: alone, it takes no orders", got)
		}
		// adoc gives T1, over r1's sector, to the best it can: c.
		if got := hold(s, us["d"], 1, 1); got != "allocated by adoc (national) to r2 (Pk 0.10)" {
			t.Errorf("d on T1: %q", got)
		}
	})
	t.Run("national", func(t *testing.T) {
		s, us := handGrid(0, 0)
		s.Allocate(0)
		losses := s.LosePost("adoc")
		if len(losses) != 1 || losses[0].Level != "national" || losses[0].Command != "adoc" ||
			losses[0].Reason != "commands r1, r2 now allocate on their own pictures; units d now fight alone: no shared picture, no deconfliction" {
			t.Fatalf("losses %+v", losses)
		}
		if s.Standing() {
			t.Error("the IADS stands without its national post")
		}
		s.Allocate(1)
		// r1, on its own, takes T4 (outside its sector) and gives it to a.
		if got := hold(s, us["b"], 4, 1); got != "allocated by r1 (regiment) to a (Pk 0.60)" {
			t.Errorf("b on T4: %q", got)
		}
		if level, cmd, _, ok := s.AssignedBy(us["a"], Key(0, 4), 1); !ok || level != "regiment" || cmd != "r1" {
			t.Errorf("a on T4: assigned by %s %s %v", level, cmd, ok)
		}
		if s.Shares(us["d"]) || !s.Together(us["a"], us["b"]) || s.Together(us["a"], us["c"]) {
			t.Error("after adoc's loss d should fight alone, a with b only")
		}
	})
}

// TestGridLinkFraction: a link of 0.5 reports a second sends one report
// every 2 s, none banked while it is idle.
func TestGridLinkFraction(t *testing.T) {
	l := &Link{Capacity: 0.5}
	var sentAt []float64
	for now := 0.0; now < 8; now++ {
		l.send([]report{{key: 1}, {key: 2}})
		l.pump(now, 1)
		for range l.arrived(now) {
			sentAt = append(sentAt, now)
		}
	}
	if got := len(sentAt); got != 4 {
		t.Errorf("sent %d reports in 8 s, want 4: %v", got, sentAt)
	}
	idle := &Link{Capacity: 2}
	for now := 0.0; now < 10; now++ {
		idle.pump(now, 1)
	}
	idle.send([]report{{key: 1}, {key: 2}, {key: 3}, {key: 4}, {key: 5}})
	idle.pump(10, 1)
	if got := len(idle.arrived(10)); got != 2 {
		t.Errorf("an idle link sent %d at once, want 2: it banks no room", got)
	}
}

func TestFlatHasNoLevels(t *testing.T) {
	u, v := &armedUnit{index: 0, id: "a"}, &armedUnit{index: 1, id: "b"}
	s := New(Config{CommandPost: "cp", Members: []Unit{u, v}, PerTarget: 1})
	if s.Leveled() {
		t.Fatal("an IADS without commands has levels")
	}
	losses := s.LosePost("cp")
	if len(losses) != 1 || losses[0].Level != "" || !strings.HasPrefix(losses[0].Reason, "units a, b now fight alone") {
		t.Fatalf("losses %+v", losses)
	}
}

// TestGridEvaluatesUnderItsOwnNames: a post evaluates the reports that
// reached it, a unit track's estimate of seconds ago carried to the
// instant. The run keeps its evaluations, and each track's history of
// flight, by track number (battle's assess and profiles), so a post must
// not pass them under the unit track's key: the unit deciding at the
// same instant on its own, newer estimate would take the post's (a bug
// of the first levels: holds on a unit's own track heading for another
// site at another priority when a link was slowed). Each post has its
// own number for each track, none a unit's, the same from instant to
// instant.
func TestGridEvaluatesUnderItsOwnNames(t *testing.T) {
	s, us := handGrid(0, 0)
	seen := map[int]bool{}
	s.cfg.Evaluate = func(tk bm.Track) bm.Threat {
		seen[tk.ID] = true
		return bm.Threat{Track: tk, Score: 1}
	}
	s.Allocate(0)
	first := len(seen)
	s.Allocate(1)
	if first == 0 || len(seen) != first {
		t.Fatalf("%d numbers at the first instant, %d after the second: want some, and the same", first, len(seen))
	}
	for id := range seen {
		for _, u := range us {
			if unit, _ := SplitKey(id); id >= 0 && unit == u.index {
				t.Errorf("a post evaluated a report under unit %s's track key %d", u.id, id)
			}
		}
	}
	// adoc, r1 and r2 each evaluate the targets they own: T1, T2, T4
	// and T3 at adoc; T1 at r1; T2 and T3 at r2.
	if first != 7 {
		t.Errorf("%d numbers, want 7: one per post and target it weighs", first)
	}
}

// TestGatherHeldInKeyOrder: a post reads what it holds of each child in
// increasing order of track key, as it did when it sorted its reports
// each instant, now that it keeps the keys sorted as reports come and
// go (child.hold), and what it holds is what crossed the link, unchanged
// by the instants after it was sent (gather's, reports' and the link's
// buffers are reused). Units under two regiments, links of 0 to 2 s,
// each unit's tracks appearing and ending at random over 60 instants.
func TestGatherHeldInKeyOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 6))
	at := map[int]r3.Vec{}
	for tag := 1; tag <= 9; tag++ {
		at[tag] = geo.Deg(34+0.3*float64(tag), 51, 3000).ECEF()
	}
	var us []*armedUnit
	var members []Unit
	for i := range 5 {
		u := &armedUnit{index: i, id: string(rune('a' + i)), shots: 2, targets: map[int]r3.Vec{}}
		us, members = append(us, u), append(members, u)
	}
	latency := map[string]float64{"a": 0, "b": 1, "c": 2, "d": 1, "e": 0}
	s := New(Config{
		CommandPost: "adoc", Members: members, PerTarget: 1,
		Evaluate: func(tk bm.Track) bm.Threat { return bm.Threat{Track: tk, Score: 1} },
		Stream:   func(names ...string) *rand.Rand { return rand.New(rand.NewPCG(1, uint64(len(names)))) },
		Commands: []Command{
			{ID: "r1", Kind: "regiment", Post: "r1-cp", Units: []string{"a", "b"}, UnitLink: Link{Latency: 1}, Link: Link{Latency: 1}},
			{ID: "r2", Kind: "regiment", Post: "r2-cp", Units: []string{"c", "d"}, UnitLink: Link{Latency: 2}},
		},
	})
	// The unit links of a command are alike; set each its own latency.
	for _, n := range s.grid.nodes {
		for _, c := range n.children {
			if c.unit != nil {
				c.link.Latency = latency[c.unit.ID()]
				n.keepFor = max(n.keepFor, c.link.Latency)
			}
		}
	}
	checked := 0
	for now := 0.0; now < 60; now++ {
		for _, u := range us {
			for tag := 1; tag <= 9; tag++ {
				if rng.IntN(4) == 0 {
					if _, ok := u.targets[tag]; ok {
						delete(u.targets, tag)
					} else {
						u.targets[tag] = at[tag]
					}
				}
			}
		}
		s.Allocate(now)
		for _, n := range s.grid.nodes {
			var want []report
			for _, c := range n.children {
				var keys []int
				for k := range c.held {
					keys = append(keys, k)
				}
				slices.Sort(keys)
				if !slices.Equal(keys, c.order) {
					t.Fatalf("%g s, %s under %s: order %v, want the held keys %v", now, c.id(), n.id, c.order, keys)
				}
				for _, k := range keys {
					want = append(want, c.held[k])
				}
				if c.unit == nil {
					continue
				}
				for _, k := range keys {
					// A unit's report left it a link's latency ago, with
					// the track of then.
					r := c.held[k]
					if r.track.T > now-c.link.Latency || len(r.keys) != 1 || r.keys[0] != k || r.track.ID != k {
						t.Fatalf("%g s, %s under %s: holds track %d of %g s with keys %v, want one sent by %g s, keys [%d]",
							now, c.id(), n.id, k, r.track.T, r.keys, now-c.link.Latency, k)
					}
					checked++
				}
			}
			if len(want) != len(n.held) {
				t.Fatalf("%g s, %s: gathered %d reports, want %d", now, n.id, len(n.held), len(want))
			}
			for i := range want {
				if want[i].key != n.held[i].key || want[i].track != n.held[i].track {
					t.Fatalf("%g s, %s: report %d is track %d, want %d", now, n.id, i, n.held[i].key, want[i].key)
				}
			}
		}
	}
	if checked < 500 {
		t.Fatalf("%d unit reports checked, want hundreds", checked)
	}
}
