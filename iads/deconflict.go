package iads

import (
	"github.com/iadsim/iadsim/bm"
)

// Deconflict says why unit u must hold fire on a threat that is already
// being engaged: by u itself under another track number (two tracks of
// one target, as when a track is dropped and started again while its
// missiles fly), or by other units of its IADS, as many as the IADS
// allows on one target. It returns no reason if u may fire.
func (s *System) Deconflict(u Unit, th bm.Threat) bm.Reason {
	shared := s.Shares(u)
	d := s.deconfliction(u, th.Track.T, shared)
	var by []string
	d.cand = d.near.Candidates(th.Track, d.cand[:0])
	for _, i := range d.cand {
		e, est := d.engs[i], d.ests[i]
		own := e.Shooter() == u
		if own && e.Key() == th.Track.ID {
			continue
		}
		if bm.Apart(th.Track, est) {
			continue
		}
		same, d2 := bm.Correlate(th.Track, est)
		if !same {
			continue
		}
		if own {
			return bm.EngagedHere(e.TrackID(), d2)
		}
		by = append(by, e.Shooter().ID())
	}
	if shared && len(by) >= s.perTarget {
		return bm.EngagedBy(by, s.perTarget)
	}
	return bm.Reason{}
}

// deconfliction is what one unit deconflicts against at one instant:
// the engagements under way of the unit and, in a standing IADS, of
// its members, with their targets' estimates, indexed by place (bm.Near)
// so that a track is tested only against the engagements near it, not
// against every engagement of the grid.
type deconfliction struct {
	u           Unit
	t           float64
	gen, engGen int
	shared, ok  bool
	engs        []Engagement // in order of decision
	ests        []bm.Track   // their targets at t
	near        bm.Near
	cand        []int
}

// deconfliction is u's deconfliction at t, made on the first question
// of an instant and state of the trackers and engagements. It estimates
// every engagement's target that Deconflict would (targetOf, which
// carries the last estimate forward once a track is dropped), in the
// same order, so that the record does not depend on the index.
func (s *System) deconfliction(u Unit, t float64, shared bool) *deconfliction {
	d := &s.deconf
	if d.ok && d.u == u && d.t == t && d.gen == s.gen && d.engGen == s.engGen && d.shared == shared {
		return d
	}
	d.u, d.t, d.gen, d.engGen, d.shared, d.ok = u, t, s.gen, s.engGen, shared, true
	d.engs, d.ests = d.engs[:0], d.ests[:0]
	for _, x := range s.engs {
		if sh := x.e.Shooter(); sh != u && (!shared || !s.Together(u, sh)) {
			continue
		}
		est, ok := s.targetOf(x, t)
		if !ok {
			continue
		}
		d.engs = append(d.engs, x.e)
		d.ests = append(d.ests, est)
	}
	d.near.Reset(d.ests)
	return d
}

// engaged is every engagement under way at one instant with its
// target's estimate, indexed by place.
type engaged struct {
	engs []Engagement
	ests []bm.Track
	near bm.Near
	cand []int
}

// engagedAt estimates the target of every engagement under way at t
// (targetOf), in their order, and indexes them.
func (s *System) engagedAt(t float64) *engaged {
	d := &engaged{}
	for _, x := range s.engs {
		if est, ok := s.targetOf(x, t); ok {
			d.engs = append(d.engs, x.e)
			d.ests = append(d.ests, est)
		}
	}
	d.near.Reset(d.ests)
	return d
}

// engagedBy counts the units engaging the target of track t now, of the
// engagements under way indexed in d (engagedAt).
func (d *engaged) engagedBy(t bm.Track) int { return engagedAmong(d, t, nil) }

func contains(us []Unit, u Unit) bool {
	for _, v := range us {
		if v == u {
			return true
		}
	}
	return false
}
