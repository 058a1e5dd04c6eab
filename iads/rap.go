package iads

import (
	"cmp"
	"math"
	"slices"

	"github.com/iadsim/iadsim/bm"
)

// SystemTrack is one track of the recognised air picture: one object as
// the command post knows it, fused from the unit tracks that correlate
// with it.
type SystemTrack struct {
	// Number names the object in the picture. It persists while the
	// object is held: a unit track that was part of a system track keeps
	// it, and a target whose unit tracks were all lost and started again
	// within Coast keeps it too.
	Number int
	// Track is the estimate of the first unit track gathered into it (a
	// representative, as Gather takes; the unit tracks' errors are
	// correlated through the objects' registration, so they are not
	// averaged).
	Track bm.Track
	// Keys are the unit tracks it fuses (Key), in the order of their
	// units and numbers.
	Keys []int
	// Since is when the number was given; Updated when a unit track last
	// held it.
	Since, Updated float64
}

// Coast is how long a system track that no unit track holds any more
// stays in the picture, s, carried on its last estimate: a target whose
// units drop their tracks and start new ones within it (a fade, a track
// swap at a crossing, a jammer burst) keeps its number.
const Coast = 20.0

// Picture is the recognised air picture: the system tracks and the
// numbers of the unit tracks they fuse, made again at each decision
// instant from the members' tracks (Update). The zero Picture is empty.
type Picture struct {
	at       float64
	tracks   []SystemTrack // held at at, in order of their first unit track
	coasting []SystemTrack // held by no unit track since Updated
	numberOf map[int]int   // unit track key -> system number, at at
	// home is the number each unit track votes for: its system track's,
	// or, while it sits in another system track (its target within the
	// correlation gate of another at a crossing), the number it had
	// before, as long as that number lives (held or coasting).
	home map[int]int
	// Scratch of Update, kept from instant to instant: the last
	// instant's home, system tracks by number, numbers taken and
	// coasting.
	spare        map[int]int
	last         map[int]*SystemTrack
	taken, coast map[int]bool
	next         int // the last number given
}

// Tracks are the system tracks held at the last update, in the order of
// their first unit track.
func (p *Picture) Tracks() []SystemTrack { return p.tracks }

// Number is the system track number of the unit track with key k at
// now, 0 if the picture was not made at now or does not hold it.
func (p *Picture) Number(k int, now float64) int {
	if p.numberOf == nil || p.at != now {
		return 0
	}
	return p.numberOf[k]
}

// Update makes the picture at now from the unit tracks ts (their
// estimates at now), gathered into one target each (of, as Gather
// gives). Each target keeps the number most of its unit tracks held in
// the last picture; two targets claiming one number (a system track that
// held two objects) leave it to the one with more of its tracks, then to
// the first. A target that inherits no number takes the number of a
// system track that lost its unit tracks within Coast and correlates
// with it (bm.Correlate, its last estimate carried on its velocity),
// and otherwise a new one.
//
// Two objects that pass within the correlation gate of each other are
// one target while they do, and that target takes one number; a unit
// track that moves into another system track keeps voting for the
// number it had as long as that number lives (held or coasting), so
// that when the objects part each takes its own number back.
func (p *Picture) Update(now float64, ts []bm.Track, of []int) {
	if p.last == nil {
		p.numberOf, p.home, p.spare = map[int]int{}, map[int]int{}, map[int]int{}
		p.last, p.taken, p.coast = map[int]*SystemTrack{}, map[int]bool{}, map[int]bool{}
	}
	// The last picture, held and coasting, by number; the slices it
	// points into are not changed below.
	old, last, taken := p.home, p.last, p.taken
	clear(last)
	clear(taken)
	for i := range p.coasting {
		last[p.coasting[i].Number] = &p.coasting[i]
	}
	for i := range p.tracks {
		last[p.tracks[i].Number] = &p.tracks[i]
	}
	n := 0
	for _, c := range of {
		n = max(n, c+1)
	}
	next := make([]SystemTrack, n)
	for i, c := range of {
		if next[c].Keys == nil {
			next[c].Track = ts[i]
		}
		next[c].Keys = append(next[c].Keys, ts[i].ID)
	}
	// Votes: how many of a target's unit tracks held each number.
	type vote struct{ target, number, count int }
	var votes []vote
	for c := range next {
		start := len(votes)
		for _, k := range next[c].Keys {
			num, ok := old[k]
			if st, held := last[num]; !ok || !held || now-st.Updated > Coast {
				continue
			}
			if i := slices.IndexFunc(votes[start:], func(v vote) bool { return v.number == num }); i >= 0 {
				votes[start+i].count++
				continue
			}
			votes = append(votes, vote{c, num, 1})
		}
	}
	slices.SortStableFunc(votes, func(a, b vote) int {
		return cmp.Or(b.count-a.count, a.target-b.target, a.number-b.number)
	})
	for _, v := range votes {
		if next[v.target].Number != 0 || taken[v.number] {
			continue
		}
		next[v.target].Number = v.number
		taken[v.number] = true
	}
	// Targets new to the picture: a lost system track they correlate
	// with, the closest, or a new number.
	var lost []*SystemTrack
	for _, st := range last {
		if !taken[st.Number] && now-st.Updated <= Coast {
			lost = append(lost, st)
		}
	}
	slices.SortFunc(lost, func(a, b *SystemTrack) int { return a.Number - b.Number })
	for c := range next {
		if next[c].Number != 0 {
			continue
		}
		best, bestD2 := -1, math.Inf(1)
		for i, st := range lost {
			if taken[st.Number] {
				continue
			}
			if same, d2 := bm.Correlate(next[c].Track, Carry(st.Track, now)); same && d2 < bestD2 {
				best, bestD2 = i, d2
			}
		}
		if best >= 0 {
			next[c].Number = lost[best].Number
		} else {
			p.next++
			next[c].Number = p.next
		}
		taken[next[c].Number] = true
	}
	var coasting []SystemTrack
	coasts := p.coast
	clear(coasts)
	for _, st := range lost {
		if !taken[st.Number] {
			coasting = append(coasting, *st)
			coasts[st.Number] = true
		}
	}
	home := p.spare
	clear(home)
	clear(p.numberOf)
	for c := range next {
		st := &next[c]
		st.Updated = now
		st.Since = now
		if prev, ok := last[st.Number]; ok {
			st.Since = prev.Since
		}
		for _, k := range st.Keys {
			p.numberOf[k] = st.Number
			home[k] = st.Number
			if h := old[k]; h != st.Number && (taken[h] || coasts[h]) {
				home[k] = h
			}
		}
	}
	p.home, p.spare = home, old
	p.tracks, p.coasting, p.at = next, coasting, now
}
