package iads

import "github.com/iadsim/iadsim/bm"

// This file is what a fire unit under a command post of the grid
// (command levels, command.go) decides on: the picture its own post
// gives it, as given.go's unit of a single post decides on that post's.
//
// A unit's post, a regiment's or the national one, correlates the
// reports of what it commands into its picture (node.targets) at each
// instant; it passes its units each other's tracks. Of each target of
// that picture that a unit holds no track of, the unit takes one track:
// of the tracks the other units under the post hold of it now, the one
// that places it best (quality), not one per unit that holds it. And a
// target is evaluated once, on the track that places it best of all
// those the units under the post hold of it (Represent): every unit of
// the post that holds or is given a track of it ranks it alike.
//
// The post's picture is made of reports that crossed its links, so a
// track another unit started less than a link's latency ago (up to the
// post) is not yet in it: the unit is given it once it is, as the
// post's own picture has it. A unit's own track of such a target is
// not duplicated: a track it is given that correlates with one of its
// own is left out, as before levels gave it a picture.
//
// When its post is lost a unit fights alone (Shares); when the post
// above is lost the post decides on its own picture (allocate), and its
// units on what it gives them, as before.

// levelGiven is what a post gives the units directly under it at one
// instant and state of the trackers and of the membership.
type levelGiven struct {
	at         float64
	gen        int
	membership int
	made       bool
	in         map[int]int // unit track key -> its target's place in node.targets
	of         map[int]int // unit track key -> its place in tracks
	tracks     []UnitTrack // the tracks the members under the post hold now
	others     []other     // by target
	mine       []int       // by target: == stamp, held by the unit whose sight is made
	stamp      int
}

// levelOf is the post of unit u and the picture it gives u at now, or
// nil when u's post does not stand or did not make its picture at now
// (the grid has not stepped then): u then decides as without it.
func (g *grid) levelOf(s *System, u Unit, now float64) (*node, *levelGiven) {
	n := g.parent[u]
	if n == nil || !n.alive || !s.Member(u) || !g.stepped || g.last != now {
		return nil, nil
	}
	lv := &n.given
	if lv.made && lv.at == now && lv.gen == s.gen && lv.membership == s.membership {
		return n, lv
	}
	lv.at, lv.gen, lv.membership, lv.made = now, s.gen, s.membership, true
	if lv.in == nil {
		lv.in, lv.of = map[int]int{}, map[int]int{}
	}
	clear(lv.in)
	clear(lv.of)
	lv.tracks = lv.tracks[:0]
	for _, c := range n.children {
		if c.cmd != nil || !s.Member(c.unit) {
			continue
		}
		for _, t := range s.tracksOf(c.unit, now) {
			lv.of[t.Track.ID] = len(lv.tracks)
			lv.tracks = append(lv.tracks, t)
		}
	}
	lv.others = lv.others[:0]
	for j, t := range n.targets {
		for _, k := range t.keys {
			lv.in[k] = j
		}
		lv.others = append(lv.others, choose(t.keys, lv.of, lv.tracks, under))
	}
	return n, lv
}

// under is choose's test of the units whose tracks a post gives: every
// track of levelGiven.tracks is of a member directly under it.
func under(int) bool { return true }

// appendLevel appends to dst, after u's own tracks own (already in
// dst), one track of each target of the picture lv of u's post n that u
// holds no track of, is within u's reach and correlates with none of
// u's own tracks.
func (s *System) appendLevel(dst []UnitTrack, n *node, lv *levelGiven, u Unit, own []UnitTrack) []UnitTrack {
	s.own = s.own[:0]
	for _, t := range own {
		s.own = append(s.own, t.Track)
	}
	s.ownNear.Reset(s.own)
	lv.mine = resize(lv.mine, len(n.targets))
	lv.stamp++
	for _, t := range own {
		if j, ok := lv.in[t.Track.ID]; ok {
			lv.mine[j] = lv.stamp
		}
	}
	me := u.Index()
	for j := range n.targets {
		if lv.mine[j] == lv.stamp {
			continue
		}
		b := lv.others[j].given(me)
		if b == slow {
			b = bestOther(n.targets[j].keys, lv.of, lv.tracks, under, me)
		}
		if b < 0 {
			continue
		}
		if t := &lv.tracks[b]; !u.Beyond(t.Track.Pos, t.Track.Vel) && !s.correlates(t.Track) {
			dst = append(dst, *t)
		}
	}
	return dst
}

// represent is Represent under command levels: the track that places
// best the target of u's post's picture that holds the unit track with
// key k, of all the tracks the units under the post hold of it now.
func (g *grid) represent(s *System, u Unit, k int, now float64) (bm.Track, bool) {
	n, lv := g.levelOf(s, u, now)
	if lv == nil {
		return bm.Track{}, false
	}
	j, ok := lv.in[k]
	if !ok {
		return bm.Track{}, false
	}
	b := lv.others[j].first
	if b == slow {
		b = bestOther(n.targets[j].keys, lv.of, lv.tracks, under, -1)
	}
	if b < 0 {
		return bm.Track{}, false
	}
	return lv.tracks[b].Track, true
}
