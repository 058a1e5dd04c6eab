package iads

import (
	"github.com/iadsim/iadsim/bm"
	"gonum.org/v1/gonum/spatial/r3"
)

// Sight is the air picture unit u decides on at now: its own confirmed
// tracks and, while the IADS stands, the confirmed tracks of the other
// members that none of its own correlates with (the shared picture) and
// that are within its reach (Unit.Beyond): a battalion far from the
// action decides on its own tracks alone, and its decisions cost nothing
// for the targets of the others. It says no hold_fire for a shared track
// beyond its reach: it could not engage it.
//
// When the command post made its recognised air picture at now (one post,
// no command levels; given.go), the shared part is that picture: one
// track of each of its targets that u holds no track of, not one per
// member that holds it. With command levels it is the picture of u's
// own post, of the tracks of the units directly under it (levels.go).
func (s *System) Sight(u Unit, now float64) []UnitTrack {
	return s.AppendSight(nil, u, now)
}

// AppendSight appends Sight's picture to dst and returns the result: a
// caller that decides at every instant reuses one buffer of these
// 500-byte tracks instead of growing a new one each time.
func (s *System) AppendSight(dst []UnitTrack, u Unit, now float64) []UnitTrack {
	own := s.tracksOf(u, now)
	out := append(dst, own...)
	if !s.Shares(u) {
		return out
	}
	if g := s.givenAt(now); g != nil {
		return s.appendGiven(out, g, u, own)
	}
	if s.grid != nil {
		if n, lv := s.grid.levelOf(s, u, now); lv != nil {
			return s.appendLevel(out, n, lv, u, own)
		}
	}
	s.own = s.own[:0]
	for _, t := range own {
		s.own = append(s.own, t.Track)
	}
	s.ownNear.Reset(s.own)
	for _, v := range s.members {
		if v == u || !s.sees(u, v) {
			continue
		}
		theirs := s.tracksOf(v, now)
		for i := range theirs {
			t := &theirs[i]
			if u.Beyond(t.Track.Pos, t.Track.Vel) || s.correlates(t.Track) {
				continue
			}
			out = append(out, *t)
		}
	}
	return out
}

// reported is what one member reported at one instant and state of the
// trackers (Unit.Tracks): every unit's picture at that instant and the
// allocation take the member's tracks from it, so that a member is
// asked once an instant, not once for every unit that decides then.
type reported struct {
	t      float64
	gen    int
	made   bool
	tracks []UnitTrack
}

// tracksOf is v.Tracks(now), asked of v once per instant and state of
// the trackers (TracksChanged). The slice is shared: not to be changed.
func (s *System) tracksOf(v Unit, now float64) []UnitTrack {
	i := v.Index()
	for len(s.reported) <= i {
		s.reported = append(s.reported, reported{})
	}
	r := &s.reported[i]
	if !r.made || r.t != now || r.gen != s.gen {
		r.tracks = v.Tracks(now, r.tracks[:0])
		r.t, r.gen, r.made = now, s.gen, true
	}
	return r.tracks
}

// correlates reports whether track t correlates with one of the
// deciding unit's own tracks, s.own, indexed in s.ownNear.
func (s *System) correlates(t bm.Track) bool {
	s.cand = s.ownNear.Candidates(t, s.cand[:0])
	for _, i := range s.cand {
		o := s.own[i]
		if bm.Apart(t, o) {
			continue
		}
		if same, _ := bm.Correlate(t, o); same {
			return true
		}
	}
	return false
}

// Gather is the correlation of the units' tracks into targets: the
// target of each track, numbered in order of first appearance. A track
// joins the first target whose first track (its representative) it
// correlates with (bm.Correlate), or starts a new one.
// The representatives are indexed by place (bm.Near): a track is tested
// only against those near it, in the same order.
func Gather(tracks []bm.Track) []int {
	of := make([]int, len(tracks))
	var reps []int // track index of each target's representative
	var near bm.Near
	var cand []int
	for i, t := range tracks {
		of[i] = -1
		cand = near.Candidates(t, cand[:0])
		for _, c := range cand {
			r := reps[c]
			if bm.Apart(t, tracks[r]) {
				continue
			}
			if same, _ := bm.Correlate(t, tracks[r]); same {
				of[i] = c
				break
			}
		}
		if of[i] < 0 {
			of[i] = len(reps)
			near.Add(len(reps), t)
			reps = append(reps, i)
		}
	}
	return of
}

// Carry is estimate tk carried to time t on its velocity, its position
// uncertainty grown by its velocity uncertainty over the gap: the best
// estimate of a target whose track is lost.
func Carry(tk bm.Track, t float64) bm.Track {
	dt := t - tk.T
	tk.T = t
	tk.Pos = r3.Add(tk.Pos, r3.Scale(dt, tk.Vel))
	grow := tk.VelSigma * dt
	for i := 0; i < 3; i++ {
		tk.PosCov[4*i] += grow * grow
	}
	return tk
}
