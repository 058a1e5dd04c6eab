package battle

import (
	"fmt"
	"strings"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/track"
	"gonum.org/v1/gonum/spatial/r3"
)

// trackRef names one track of one unit's air picture: the tracker that
// holds it and its number there. A unit in an IADS may engage a track
// another unit holds.
type trackRef struct {
	src *unit
	id  int
	tag int // the threat of its last detection (truth, for the record only)
}

// key is the track's number in a battle manager, unique across units.
func (r trackRef) key() int { return r.src.index<<32 | r.id }

// foreign is the id of the unit holding the track, when not u.
func (r trackRef) foreign(u *unit) string {
	if r.src == u {
		return ""
	}
	return r.src.spec.ID
}

// estimate is the track's state at time t, if the track still exists.
func (r trackRef) estimate(t float64) (bm.Track, bool) {
	tk, ok := r.src.tracker.Track(r.id)
	if !ok || tk.Status == track.Deleted {
		return bm.Track{}, false
	}
	return r.src.ecefTrack(tk, t), true
}

// stateAt is the track's position and velocity at time t in ECEF, the
// same as estimate's, if the track still exists. A filter that can
// predict its mean alone (track.IMM.PredictState) is spared the
// covariance: guidance asks this of every interceptor at every step.
func (r trackRef) stateAt(t float64) (pos, vel r3.Vec, ok bool) {
	u := r.src
	if bt, ok := u.predicted[r.id]; ok && bt.T == t {
		return bt.Pos, bt.Vel, true
	}
	tk, ok := u.tracker.Track(r.id)
	if !ok || tk.Status == track.Deleted {
		return r3.Vec{}, r3.Vec{}, false
	}
	sp, ok := u.filter.(interface {
		PredictState(tk *track.Track, t float64) [6]float64
	})
	if !ok {
		bt := u.ecefTrack(tk, t)
		return bt.Pos, bt.Vel, true
	}
	x := sp.PredictState(&tk, t)
	return u.frame.FromENU(r3.Vec{X: x[0], Y: x[1], Z: x[2]}), u.frame.RotateFromENU(r3.Vec{X: x[3], Y: x[4], Z: x[5]}), true
}

type pictureTrack struct {
	track bm.Track
	ref   trackRef
}

// picture is the air picture unit u decides on: its own confirmed tracks
// and, while its IADS stands, the confirmed tracks of the other units that
// none of its own correlates with (the shared picture) and that are
// within its reach (unit.reach): a battalion far from the action decides
// on its own tracks alone, and its decisions cost nothing for the
// targets of the others. It says no hold_fire for a shared track beyond
// its reach: it could not engage it.
func (w *world) picture(u *unit, now float64) []pictureTrack {
	var out []pictureTrack
	add := func(v *unit, own []bm.Track) []bm.Track {
		v.tracksNow = v.tracker.AppendTracks(v.tracksNow[:0])
		for _, tk := range v.tracksNow {
			if tk.Status != track.Confirmed {
				continue
			}
			ref := trackRef{src: v, id: tk.ID, tag: tk.Tag}
			bt := v.ecefTrack(tk, now)
			if v != u && (u.reach.beyond(u.bm.FC.Pos, bt) || w.correlates(bt, own)) {
				continue
			}
			bt.ID = ref.key()
			out = append(out, pictureTrack{bt, ref})
			if v == u {
				own = append(own, bt)
			}
		}
		return own
	}
	own := add(u, nil)
	if w.iads.shares(u) {
		w.ownNear.Reset(own)
		for _, v := range w.units {
			if v != u && w.iads.member[v] {
				add(v, own)
			}
		}
	}
	return out
}

// correlates reports whether track t correlates with one of own, the
// deciding unit's tracks, indexed in w.ownNear.
func (w *world) correlates(t bm.Track, own []bm.Track) bool {
	w.cand = w.ownNear.Candidates(t, w.cand[:0])
	for _, i := range w.cand {
		o := own[i]
		if bm.Apart(t, o) {
			continue
		}
		if same, _ := bm.Correlate(t, o); same {
			return true
		}
	}
	return false
}

// engagement is one fire unit's commitment against one track, from the
// decision to the assessment of its result.
type engagement struct {
	shooter *unit
	ref     trackRef
	key     int // the track in the shooter's battle manager
	th      *threat
	pending int // rounds not yet fuzed, destroyed or called off
	// launched counts the rounds that left their launchers; aborted is
	// why the last round called off was; resolvedAt is when the last
	// interceptor fuzed or destroyed itself.
	launched   int
	aborted    string
	resolvedAt float64
	last       bm.Track
	hasLast    bool
	// seen is the target as last estimated for deconfliction (targetOf),
	// at seenAt while the trackers stood at seenGen.
	seen    bm.Track
	seenOK  bool
	seenAt  float64
	seenGen int
}

// targetOf is e.target(t), estimated once per instant and state of the
// trackers: deconfliction asks it for every track of every unit that
// decides at t, and the answer cannot change until a tracker scans or
// drops a track (w.trackGen) or the clock moves.
func (w *world) targetOf(e *engagement, t float64) (bm.Track, bool) {
	if e.seenGen == w.trackGen && e.seenAt == t && w.trackGen > 0 {
		return e.seen, e.seenOK
	}
	e.seen, e.seenOK = e.target(t)
	e.seenAt, e.seenGen = t, w.trackGen
	return e.seen, e.seenOK
}

// target is the engagement's best estimate of its target at time t: its
// track, or, once the track is dropped while missiles still fly, the last
// estimate carried forward on its velocity with its uncertainty grown.
func (e *engagement) target(t float64) (bm.Track, bool) {
	if est, ok := e.ref.estimate(t); ok {
		e.last, e.hasLast = est, true
		return est, true
	}
	if !e.hasLast {
		return bm.Track{}, false
	}
	dt := t - e.last.T
	est := e.last
	est.T = t
	est.Pos = r3.Add(est.Pos, r3.Scale(dt, est.Vel))
	grow := est.VelSigma * dt
	for i := 0; i < 3; i++ {
		est.PosCov[4*i] += grow * grow
	}
	return est, true
}

// iads is the state of the scenario's integrated air-defence system.
type iads struct {
	post      string // site id of the command post
	member    map[*unit]bool
	perTarget int
	alive     bool
}

func newIADS(spec *scenario.IADS, units []*unit) *iads {
	if spec == nil {
		return nil
	}
	s := &iads{post: spec.CommandPost, member: map[*unit]bool{}, perTarget: spec.EngagementsPerTarget, alive: true}
	for _, id := range spec.Units {
		for _, u := range units {
			if u.spec.ID == id {
				s.member[u] = true
			}
		}
	}
	return s
}

// shares reports whether u fights inside a standing IADS.
func (s *iads) shares(u *unit) bool { return s != nil && s.alive && s.member[u] }

// deconflict says why unit u must hold fire on a threat that is already
// being engaged: by u itself under another track number (two tracks of one
// target, as when a track is dropped and started again while its missiles
// fly), or by other units of its IADS. It returns no reason if u may
// fire.
func (w *world) deconflict(u *unit, th bm.Threat) bm.Reason {
	shared := w.iads.shares(u)
	d := w.deconfliction(u, th.Track.T, shared)
	var by []string
	d.cand = d.near.Candidates(th.Track, d.cand[:0])
	for _, i := range d.cand {
		e, est := d.engs[i], d.ests[i]
		own := e.shooter == u
		if own && e.key == th.Track.ID {
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
			return bm.EngagedHere(e.ref.id, d2)
		}
		by = append(by, e.shooter.spec.ID)
	}
	if shared && len(by) >= w.iads.perTarget {
		return bm.EngagedBy(by, w.iads.perTarget)
	}
	return bm.Reason{}
}

// deconfliction is what one unit deconflicts against at one instant:
// the engagements under way of the unit and, in a standing IADS, of
// its members, with their targets' estimates, indexed by place (bm.Near)
// so that a track is tested only against the engagements near it, not
// against every engagement of the grid.
type deconfliction struct {
	u           *unit
	t           float64
	gen, engGen int
	shared, ok  bool
	engs        []*engagement // in order of decision
	ests        []bm.Track    // their targets at t
	near        bm.Near
	cand        []int
}

// deconfliction is u's deconfliction at t, made on the first question
// of an instant and state of the trackers and engagements. It estimates
// every engagement's target that deconflict would (targetOf, which
// carries the last estimate forward once a track is dropped), in the
// same order, so that the record does not depend on the index.
func (w *world) deconfliction(u *unit, t float64, shared bool) *deconfliction {
	d := &w.deconf
	if d.ok && d.u == u && d.t == t && d.gen == w.trackGen && d.engGen == w.engagementGen && d.shared == shared {
		return d
	}
	d.u, d.t, d.gen, d.engGen, d.shared, d.ok = u, t, w.trackGen, w.engagementGen, shared, true
	d.engs, d.ests = d.engs[:0], d.ests[:0]
	for _, e := range w.engagements {
		if e.shooter != u && (!shared || !w.iads.member[e.shooter]) {
			continue
		}
		est, ok := w.targetOf(e, t)
		if !ok {
			continue
		}
		d.engs = append(d.engs, e)
		d.ests = append(d.ests, est)
	}
	d.near.Reset(d.ests)
	return d
}

// radiate decides whether a radar under emission control starts
// radiating now: when the clock reaches its Until or a threat comes
// within its Range.
func (w *world) radiate(u *unit, sn *sensor, now float64) bool {
	ec := sn.spec.Emcon
	why := ""
	if ec.Until > 0 && now >= ec.Until {
		why = fmt.Sprintf("emission control ends at %.0f s", ec.Until)
	}
	if why == "" && ec.Range > 0 {
		site := sn.r.Frame().OriginECEF()
		for _, th := range w.threats {
			if !th.alive {
				continue
			}
			pos, _, ok := th.mover.State(now)
			if ok && r3.Norm(r3.Sub(pos, site)) <= ec.Range {
				why = fmt.Sprintf("%s within %.0f km", th.spec.ID, ec.Range/1000)
				break
			}
		}
	}
	if why == "" {
		return false
	}
	sn.silent = false
	w.emit(event.Event{T: now, Type: event.RadarActive, Unit: u.spec.ID, Radar: sn.spec.ID, Reason: why})
	return true
}

// commandPostLost drops the IADS: its units fight on alone.
func (w *world) commandPostLost(th *threat, now float64) {
	w.iads.alive = false
	var ids []string
	for _, u := range w.units {
		if w.iads.member[u] {
			ids = append(ids, u.spec.ID)
		}
	}
	w.emit(event.Event{T: now, Type: event.CommandPostLost, Site: w.iads.post, Threat: th.spec.ID, ThreatType: th.spec.Type,
		Reason: "units " + strings.Join(ids, ", ") + " now fight alone: no shared picture, no deconfliction"})
}
