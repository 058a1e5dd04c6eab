package iads

import "github.com/iadsim/iadsim/bm"

// This file is what a fire unit of a standing IADS with one command post
// (no command levels) decides on: the recognised air picture rather
// than every member's track of every target (issue 16).
//
// The command post's picture (Picture) already gathers the members'
// tracks into one system track per target, and its threat evaluation
// of that target does not depend on which unit asks: it is made once,
// on the members' track that places the target best, and shared
// (Represent). A unit's picture (Sight)
// holds its own tracks and, of each target it does not hold itself, one
// track: the members' track that places it best, not one per member.
// And a unit under the post's positive control engages what the
// allocation gives it; of the targets the allocation gives to no unit
// at an instant it engages on its own only a threat to a defended site
// that its own radars hold (self-defence), and holds at the others
// awaiting the post (Unassigned). So a battalion's decisions cost its
// own tracks and the targets of the picture, not the members' tracks of
// them, and the planner weighs a shot only at what it may engage.

// given is the recognised air picture of one instant indexed for the
// units' sights: it is made from the tracks the members reported at that
// instant (System.reports), and stands while no tracker changes.
type given struct {
	at   float64
	gen  int
	made bool
	ok   bool        // the reports are the members' tracks at (at, gen)
	of   map[int]int // unit track key -> its place in s.reports
	in   map[int]int // unit track key -> its system track's place in the picture
	best []int       // system track's place -> its best unit track's place in s.reports
	// others are, by system track's place, the tracks a unit that holds
	// none of the target is given (others.go): made once an instant and
	// state of the membership, for every unit that decides then.
	others     []other
	othersMade bool
	othersOf   int // s.membership when made
	// mine marks, by system track's place, the targets of the unit
	// whose sight is being made: mine[i] == stamp.
	mine  []int
	stamp int
}

// givenAt is the picture of now indexed, if the command post made it at
// now from the members' tracks as they stand: nil otherwise (the IADS
// has command levels or does not stand, or a tracker changed since).
func (s *System) givenAt(now float64) *given {
	if s.grid != nil || !s.alive || s.rap.at != now || s.rap.numberOf == nil {
		return nil
	}
	g := &s.given
	if g.made && g.at == now && g.gen == s.gen {
		if !g.ok {
			return nil
		}
		return g
	}
	g.at, g.gen, g.made, g.ok = now, s.gen, true, false
	if s.reportsGen != s.gen {
		return nil // a tracker changed since the post gathered the picture
	}
	if g.of == nil {
		g.of, g.in = map[int]int{}, map[int]int{}
	}
	g.othersMade = false
	clear(g.of)
	clear(g.in)
	for i, r := range s.reports {
		g.of[r.Track.ID] = i
	}
	g.best = g.best[:0]
	for i := range s.rap.tracks {
		best := -1
		for _, k := range s.rap.tracks[i].Keys {
			g.in[k] = i
			if j, ok := g.of[k]; ok && (best < 0 || quality(s.reports[j].Track) < quality(s.reports[best].Track)) {
				best = j
			}
		}
		g.best = append(g.best, best)
	}
	g.ok = true
	return g
}

// appendGiven appends to dst, after u's own tracks own (already in dst),
// one track of each target of the picture g that u does not hold itself
// and that is within its reach: of its system track's unit tracks held
// by other members, the one that places it best (quality), the first of
// equals in the order of the system track's keys.
//
// Which track that is depends on u only when u holds the best track of
// all, so it is found once an instant for every unit (g.others): a battalion
// far from the action pays a look at each target, not at each member's
// track of it (issue 16: 40 battalions deciding on 1 000 targets).
func (s *System) appendGiven(dst []UnitTrack, g *given, u Unit, own []UnitTrack) []UnitTrack {
	s.makeOthers(g)
	g.mine = resize(g.mine, len(s.rap.tracks))
	g.stamp++
	for _, t := range own {
		if i, ok := g.in[t.Track.ID]; ok {
			g.mine[i] = g.stamp
		}
	}
	me := u.Index()
	for i := range s.rap.tracks {
		if g.mine[i] == g.stamp {
			continue
		}
		best := g.others[i].given(me)
		if best == slow {
			best = bestOther(s.rap.tracks[i].Keys, g.of, s.reports, s.joined, me)
		}
		if best >= 0 && !u.Beyond(s.reports[best].Track.Pos, s.reports[best].Track.Vel) {
			dst = append(dst, s.reports[best])
		}
	}
	return dst
}

// quality is how well a unit track places its target, the lower the
// better: the trace of its position covariance, m². Of the members'
// tracks of one target, the one that places it best speaks for it (as a
// data link gives the reporting responsibility for a target to the unit
// whose track of it is of the highest quality); the first of equals.
func quality(t bm.Track) float64 { return t.PosCov[0] + t.PosCov[4] + t.PosCov[8] }

// Represent is the track whose threat evaluation serves the unit track
// with key k at now, for unit u: of the members' tracks gathered into
// its target (its system track's), the one that places it best
// (quality). With command levels, of the tracks the units directly
// under u's post hold of the target of that post's picture (levels.go).
// ok is false when u evaluates its tracks itself: it fights alone, the
// track is not in its post's picture, or the picture was not made at now
// as the trackers stand.
func (s *System) Represent(u Unit, k int, now float64) (bm.Track, bool) {
	if !s.Shares(u) {
		return bm.Track{}, false
	}
	if s.grid != nil {
		return s.grid.represent(s, u, k, now)
	}
	return s.Best(k, now)
}

// Best is, of the members' tracks gathered into the target of the unit
// track with key k at now, the one that places it best (quality): the
// track on which the command post evaluates the target, for its
// allocation and for every unit that holds a track of it. ok is false
// when the IADS has command levels or does not stand, or the picture
// was not made at now as the trackers stand.
func (s *System) Best(k int, now float64) (bm.Track, bool) {
	g := s.givenAt(now)
	if g == nil {
		return bm.Track{}, false
	}
	i, ok := g.in[k]
	if !ok || g.best[i] < 0 {
		return bm.Track{}, false
	}
	return s.reports[g.best[i]].Track, true
}

// formatUnassigned is the text of Unassigned's reason; Name is the
// command post's site.
func formatUnassigned(r bm.Reason) string {
	return "awaiting the orders of the command post " + r.Name + ": it gives this target to no unit now " +
		"(its units' free shots went to more urgent targets, or none can engage it yet), and under its control " +
		"a unit engages on its own only a threat to a defended site that its own radars hold"
}

// Unassigned says why unit u, under this instant's allocation, holds
// fire at a threat the allocation gives to no unit: u engages on its own
// only in self-defence (selfDefence: its own track of a threat to a
// defended site), and otherwise awaits the command post. No reason when
// the allocation gives the target to u or to others (Allocated says
// that), does not know it, or u fights alone.
func (s *System) Unassigned(u Unit, th bm.Threat, selfDefence bool) bm.Reason {
	a := s.alloc
	if selfDefence || s.grid != nil || a == nil || a.t != th.Track.T || !s.Shares(u) {
		return bm.Reason{}
	}
	j, ok := a.clusterOf[th.Track.ID]
	if !ok || a.assigned[u][j] || len(a.owners[j]) > 0 {
		return bm.Reason{}
	}
	return bm.Reason{Kind: bm.KindAwait, Format: formatUnassigned, Name: s.post}
}
