package battle

import (
	"fmt"
	"iter"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/iads"
	"github.com/iadsim/iadsim/track"
	"gonum.org/v1/gonum/spatial/r3"
)

// This file wires the units of a run to its integrated air-defence
// system (package iads): what a unit offers the IADS (member), and what
// an engagement does (engagement's iads.Engagement methods). The IADS's
// own logic, the picture, deconfliction, allocation and emission control,
// is in package iads.

// trackRef names one track of one unit's air picture: the tracker that
// holds it and its number there. A unit in an IADS may engage a track
// another unit holds.
type trackRef struct {
	src *unit
	id  int
	tag int // the threat of its last detection (truth, for the record only)
}

// key is the track's number in a battle manager, unique across units.
func (r trackRef) key() int { return iads.Key(r.src.index, r.id) }

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
	if bt := u.predicted.at(r.id, t); bt != nil {
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

// member is a unit as its IADS sees it (iads.Unit): the battle manager's
// state, the tracker's confirmed tracks in ECEF, and the doctrine's
// answer to "can you engage this".
type member struct {
	w *world
	u *unit
}

func (m *member) ID() string { return m.u.spec.ID }
func (m *member) Index() int { return m.u.index }

func (m *member) Tracks(t float64, dst []iads.UnitTrack) []iads.UnitTrack {
	u := m.u
	for i := range u.tracker.NumTracks() {
		tk := u.tracker.TrackAt(i)
		if tk.Status != track.Confirmed {
			continue
		}
		bt := u.ecefTrack(*tk, t)
		bt.ID = iads.Key(u.index, tk.ID)
		dst = append(dst, iads.UnitTrack{Track: bt, Tag: tk.Tag})
	}
	return dst
}

func (m *member) Beyond(pos, vel r3.Vec) bool {
	return m.u.reach.beyond(m.u.bm.FC.Pos, pos, vel)
}
func (m *member) Busy(k int) bool { return m.u.bm.Busy(k) }
func (m *member) Silent() bool    { return m.u.fc.silent }

func (m *member) Shots() int {
	b := m.u.bm
	return min(b.FreeChannels(), b.FreeGuided(), b.Available())
}

func (m *member) Kill(now float64, th bm.Threat) (float64, bool) {
	if m.w.leftToPointDefence(m.u, th) != "" {
		return 0, false
	}
	// Nearly every question (94% in a 16-battalion grid under
	// regiments, 99% in a flat 64-battalion one) is about another
	// battalion's track, which the unit's fire-control radar does not
	// hold (notHeld): a doctrine that launches on its own radar's tracks
	// only has no shot at it, whatever Feasible would weigh first, and
	// the answer needs no reason built.
	if !m.u.bm.Doctrine.RemoteTracks && m.w.refOf(th.Track.ID).src != m.u {
		return 0, false
	}
	pk, ok := m.u.bm.Feasible(now, th)
	if !ok {
		return 0, false
	}
	return iads.SalvoPk(pk, m.u.bm.Doctrine.SalvoFor(th.Class)), true
}

// engagement is one fire unit's commitment against one track, from the
// decision to the assessment of its result.
type engagement struct {
	shooter *unit
	ref     trackRef
	// first is the track engaged, ref's until a handover moves the
	// guidance to another track of the target; the battle manager keeps
	// the engagement under its number, key.
	first   trackRef
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
}

// The engagement as its IADS deconflicts against it (iads.Engagement).
func (e *engagement) Shooter() iads.Unit                { return e.shooter.member }
func (e *engagement) Key() int                          { return e.key }
func (e *engagement) TrackID() int                      { return e.ref.id }
func (e *engagement) Target(t float64) (bm.Track, bool) { return e.target(t) }

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
	return iads.Carry(e.last, t), true
}

// newIADS is the run's IADS over its units (one with no members when the
// scenario has none).
func (w *world) newIADS() *iads.System {
	cfg := iads.Config{Evaluate: w.evaluateTarget, Stream: w.stream}
	if spec := w.s.IADS; spec != nil {
		cfg.CommandPost, cfg.PerTarget = spec.CommandPost, spec.EngagementsPerTarget
		for _, id := range spec.Units {
			for _, u := range w.units {
				if u.spec.ID == id {
					cfg.Members = append(cfg.Members, u.member)
				}
			}
		}
		for _, c := range spec.Commands {
			cmd := iads.Command{ID: c.ID, Kind: c.Kind, Post: c.CommandPost, Units: c.Units,
				Link:     iads.Link{Latency: c.Link.Latency, Capacity: c.Link.Capacity},
				UnitLink: iads.Link{Latency: c.UnitLink.Latency, Capacity: c.UnitLink.Capacity}}
			if sec := c.Sector; sec != nil {
				cmd.Over = func(p r3.Vec) bool { return sec.Contains(geo.FromECEF(p)) }
			}
			cfg.Commands = append(cfg.Commands, cmd)
		}
	}
	return iads.New(cfg)
}

// linkNotices records the data links of the IADS whose backlog of track
// reports began or ended at the last decision instant.
func (w *world) linkNotices() {
	for _, n := range w.iads.Notices() {
		e := event.Event{T: n.T, Type: event.LinkBacklog, Level: n.FromLevel, Backlog: n.Backlog}
		if n.FromLevel == iads.LevelBattalion {
			e.Unit = n.From
		} else {
			e.Command = n.From
		}
		switch {
		case n.Backlog == 1:
			e.Reason = fmt.Sprintf("1 track report from %s waits on its link to %s (%g reports a second)", n.From, n.To, n.Capacity)
		case n.Backlog > 1:
			e.Reason = fmt.Sprintf("%d track reports from %s wait on its link to %s (%g reports a second)", n.Backlog, n.From, n.To, n.Capacity)
		default:
			e.Reason = fmt.Sprintf("the link from %s to %s is clear: at most %d track report(s) waited, from %.0f s", n.From, n.To, n.Peak, n.Since)
		}
		w.emit(e)
	}
}

// decidedBy fills in, in an IADS with command levels, the level and
// command that took a unit's decision: the post whose order or sector
// held it (why), or the battalion itself.
func (w *world) decidedBy(e *event.Event, why bm.Reason) {
	if !w.iads.Leveled() {
		return
	}
	e.Level = iads.LevelBattalion
	if level, cmd, ok := iads.Decider(why); ok {
		e.Level, e.Command = level, cmd
	}
}

// shares reports whether u fights inside a standing IADS.
func (w *world) shares(u *unit) bool { return w.iads.Shares(u.member) }

// tracksChanged counts a change of a unit's tracker (a scan, a track
// dropped): every estimate made before it is stale.
func (w *world) tracksChanged() {
	w.trackGen++
	w.iads.TracksChanged()
}

// radiate decides whether a radar under emission control starts
// radiating now (iads.Emcon).
func (w *world) radiate(u *unit, sn *sensor, now float64) bool {
	ec := iads.Emcon{Until: sn.spec.Emcon.Until, Range: sn.spec.Emcon.Range}
	why := ec.Lifted(sn.r.Frame().OriginECEF(), now, w.threatsAt(now))
	if why == "" {
		return false
	}
	sn.silent = false
	w.emit(event.Event{T: now, Type: event.RadarActive, Unit: u.spec.ID, Radar: sn.spec.ID, Reason: why})
	return true
}

// threatsAt is the threats in the air at now, by id and true position.
func (w *world) threatsAt(now float64) iter.Seq2[string, r3.Vec] {
	return func(yield func(string, r3.Vec) bool) {
		for _, th := range w.threats {
			if !th.alive {
				continue
			}
			if pos, _, ok := th.mover.State(now); ok && !yield(th.spec.ID, pos) {
				return
			}
		}
	}
}

// commandPostLost takes out of the IADS the command posts at site, which
// threat th reached: what they commanded fights on without them.
func (w *world) commandPostLost(th *threat, site string, now float64) {
	for _, l := range w.iads.LosePost(site) {
		w.emit(event.Event{T: now, Type: event.CommandPostLost, Site: site, Level: l.Level, Command: l.Command,
			Threat: th.spec.ID, ThreatType: th.spec.Type, Reason: l.Reason})
	}
}

// evaluate is the threat evaluation of track tk of u's picture at now.
// Under a standing IADS whose command post made its recognised air
// picture at now, it is the evaluation of tk's system track, made once
// for every unit that holds a track of the target (assess of the system
// track's estimate), with tk as its track: the unit plans on its own
// estimate, ranked as the command post ranks the target. With command
// levels, the evaluation of the best of the tracks the units under its
// own post hold of the target of that post's picture. Otherwise (no
// IADS, the unit fights alone, tk not in its post's picture yet) the
// unit evaluates tk itself.
func (w *world) evaluate(u *unit, tk bm.Track, now float64) bm.Threat {
	best, ok := w.iads.Represent(u.member, tk.ID, now)
	return w.assessAs(tk, best, ok)
}

// evaluateTarget is the command post's threat evaluation of a target of
// its picture, on track tk of it: the evaluation of the members' track
// that places the target best (iads.System.Best), the one its units
// share, with tk as its track.
func (w *world) evaluateTarget(tk bm.Track) bm.Threat {
	best, ok := w.iads.Best(tk.ID, tk.T)
	return w.assessAs(tk, best, ok)
}

// assessAs is the evaluation of track best, if ok, given as tk's:
// the threat's figures are best's, its track tk.
func (w *world) assessAs(tk, best bm.Track, ok bool) bm.Threat {
	if !ok || best.ID == tk.ID {
		return w.assess(tk)
	}
	th := w.assess(best)
	th.Track = tk
	return th
}

// unassigned says why u holds fire at a threat its IADS's allocation
// gives to no unit now (iads.System.Unassigned): unless its own radars
// hold the threat and it heads for a defended site (self-defence), the
// unit awaits the command post. A point-defence unit (protects) never
// awaits it: it defends its battalion by its own doctrine.
func (w *world) unassigned(u *unit, th bm.Threat) bm.Reason {
	self := u.spec.Protects != "" || th.Site != "" && w.refOf(th.Track.ID).src == u
	return w.iads.Unassigned(u.member, th, self)
}
