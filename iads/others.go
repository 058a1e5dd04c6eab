package iads

import "math"

// This file finds, once an instant, the track each unit is given of a
// target it holds no track of (appendGiven): of the target's unit tracks
// held by the other members, the one that places it best (quality), the
// first of equals in the order of its system track's keys.
//
// Excluding one unit's tracks changes that choice only when the unit
// holds the best track of all: then it is the best of the tracks of the
// other units. So two places per target answer every unit: the first
// best of all the members' tracks (first), and the first best of those
// not of first's unit (second). The scan that defines the choice keeps
// its first track until a strictly better one comes, which is the first
// least only under a total order: a target any of whose qualities is NaN
// is marked slow, and each unit scans it as the definition does
// (bestOther).

// other is the choice for one target: first and second are places in
// System.reports, -1 for none, or slow.
type other struct {
	first, second int
	firstUnit     int // the unit that holds first
}

// slow marks a target whose choice each unit makes by the definition.
const slow = -2

// given is the place of the track a unit with index me that holds none
// of the target is given, -1 for none, or slow.
func (o other) given(me int) int {
	if o.first == slow || o.first < 0 || o.firstUnit != me {
		return o.first
	}
	return o.second
}

// makeOthers fills g.others for the picture g, once an instant and state
// of the membership.
func (s *System) makeOthers(g *given) {
	if g.othersMade && g.othersOf == s.membership {
		return
	}
	g.othersMade, g.othersOf = true, s.membership
	g.others = g.others[:0]
	for i := range s.rap.tracks {
		g.others = append(g.others, choose(s.rap.tracks[i].Keys, g.of, s.reports, s.joined))
	}
}

// choose is the choice for the target of unit track keys, of the tracks
// reported now (of: key -> place in reports) by units that joined
// says take part.
func choose(keys []int, of map[int]int, reports []UnitTrack, joined func(k int) bool) other {
	o := other{first: -1, second: -1, firstUnit: -1}
	var q1 float64
	for _, k := range keys {
		j, ok := of[k]
		if !ok || !joined(k) {
			continue
		}
		q := quality(reports[j].Track)
		if math.IsNaN(q) {
			return other{first: slow, second: slow, firstUnit: -1}
		}
		if o.first < 0 || q < q1 {
			o.first, q1 = j, q
			o.firstUnit, _ = SplitKey(k)
		}
	}
	// The best of the tracks of units other than first's: a second pass,
	// so that a track of first's unit that led before first came does
	// not hide the others.
	var q2 float64
	for _, k := range keys {
		j, ok := of[k]
		if v, _ := SplitKey(k); !ok || v == o.firstUnit || !joined(k) {
			continue
		}
		if q := quality(reports[j].Track); o.second < 0 || q < q2 {
			o.second, q2 = j, q
		}
	}
	return o
}

// joined reports whether the unit of track key k is a member now.
func (s *System) joined(k int) bool {
	v, _ := SplitKey(k)
	return v >= 0 && v < len(s.member) && s.member[v]
}

// bestOther is the choice by its definition for the unit with index me:
// of the target's unit tracks (keys) that units other than me that
// joined says take part reported, the first that no later one places
// strictly better than.
func bestOther(keys []int, of map[int]int, reports []UnitTrack, joined func(k int) bool, me int) int {
	best := -1
	for _, k := range keys {
		v, _ := SplitKey(k)
		j, ok := of[k]
		if v == me || !ok || !joined(k) {
			continue
		}
		if best < 0 || quality(reports[j].Track) < quality(reports[best].Track) {
			best = j
		}
	}
	return best
}

// resize is s with length n, its contents kept up to n.
func resize(s []int, n int) []int {
	if cap(s) < n {
		return append(s[:cap(s)], make([]int, n-cap(s))...)
	}
	return s[:n]
}
