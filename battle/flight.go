package battle

import (
	"fmt"
	"math"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/sim"
	"github.com/iadsim/iadsim/track"
	"github.com/iadsim/iadsim/weapon"
	"gonum.org/v1/gonum/spatial/r3"
)

// minLaunchElevation keeps a vertical-launch missile's first direction
// above the horizon even against a target on the deck: the missile climbs
// out, then guidance turns it down onto the target.
const minLaunchElevation = 15 * math.Pi / 180

func (w *world) launch(eng *engagement, o bm.Order, now float64) {
	u, th := eng.shooter, eng.th
	why := w.callOff(eng, now)
	if u.lost[o.Launcher] {
		why = fmt.Sprintf("launcher %s destroyed", o.Launcher.ID)
	}
	if why == "" && o.Remote == "" {
		// Launched on its own radar's track, the round needs it still.
		est, _ := eng.ref.estimate(now)
		why = w.notHeld(u, bm.Threat{Track: bm.Track{ID: eng.ref.key(), T: now, Pos: est.Pos}}).String()
	}
	if why != "" {
		u.bm.Unfired(o)
		u.toLaunch[o.Launcher]--
		w.emit(event.Event{T: now, Type: event.LaunchAborted, Unit: u.spec.ID, Launcher: o.Launcher.ID,
			Missile: o.Missile.Name, Track: eng.ref.id, TrackUnit: eng.ref.foreign(u),
			Threat: threatID(th), ThreatType: threatType(th), Reason: why})
		eng.aborted = why
		w.settle(eng, now)
		return
	}
	// The round flies at what the track follows now: in a column, another
	// target's detections may have taken the track over since the
	// decision. On the unit's own track the fire-control radar's last
	// plot is of that target (notHeld above).
	if tk, ok := eng.ref.src.tracker.Track(eng.ref.id); ok {
		if cur := w.threatOfTag(tk.Tag); cur != nil {
			eng.th, th = cur, cur
		}
	}
	// The round is launched on the solution of the moment, from the
	// track as it is now (bm.Unit.Aim), not as it was at the decision.
	if est, ok := eng.ref.estimate(now); ok {
		if pip, tof, ok := u.bm.Aim(now, o, est); ok {
			o.PIP, o.TOF = pip, tof
		}
	}
	eng.launched++
	u.flights++
	id := fmt.Sprintf("%s-m%03d", u.spec.ID, u.flights)
	lp := o.Launcher.At.ECEF()
	dir := launchDirection(o.Launcher, lp, o.PIP)
	if o.Missile.Model == weapon.ModelPointMass {
		dir = o.Missile.LaunchDirection(lp, o.PIP)
	}
	icpt := weapon.Launch(o.Missile, now, lp, dir)
	if th != nil {
		icpt.Seek(th.spec.RCS, targetClass(th.spec), w.stream("seeker", id))
	}
	e := event.Event{T: now, Type: event.Launch, Unit: u.spec.ID, Launcher: o.Launcher.ID,
		Missile: o.Missile.Name, Interceptor: id, Track: eng.ref.id, TrackUnit: eng.ref.foreign(u),
		Threat: threatID(th), ThreatType: threatType(th), Decoy: th != nil && th.spec.Decoy, Pos: w.position(lp), PIP: w.position(o.PIP)}
	if o.Remote != "" {
		e.Reason = "launch on remote: " + o.Remote
	}
	if th != nil && th.killed {
		// The unit's picture cannot know yet (callOff would have found
		// the track dropped): the record must say so.
		e.Reason = fmt.Sprintf("target destroyed at %.1f s by %s, not yet assessed by this unit", th.killedAt, th.killedBy)
	}
	w.emit(e)
	w.warn(th, u, o.Launcher, id, now)
	w.reloadIfEmpty(u, o.Launcher, now)
	f := &flight{id: id, u: u, eng: eng, order: o, th: th, icpt: icpt, launchedAt: now,
		link: uplink{aim: weapon.TargetState{Pos: o.PIP}, updated: math.NaN()}}
	if o.Missile.SeekerRange > 0 {
		f.link.period = u.fc.spec.ScanPeriod
	}
	w.flyoutLaunched(f)
	if bt, ok := eng.ref.estimate(now); ok {
		f.link.aim = weapon.TargetState{Pos: bt.Pos, Vel: bt.Vel}
		f.link.t = now
	}
	dt := w.s.Step
	// The engine ticks at now + k·dt (sim.Engine.Every); a step ends
	// where the next tick starts, which now + dt, added at each tick, can
	// miss in the last bit: the target's true state there is then made
	// twice (truthAt).
	start, k := now, 0
	_ = w.eng.Every(start, dt, sim.Engage, func(t float64) bool {
		k++
		return w.fly(f, t, start+float64(k)*dt, dt)
	})
}

func launchDirection(l *bm.Launcher, lp, pip r3.Vec) r3.Vec {
	f := l.Frame()
	d := r3.Unit(f.RotateToENU(r3.Sub(pip, lp)))
	if el := math.Asin(d.Z); el < minLaunchElevation {
		h := math.Hypot(d.X, d.Y)
		if h == 0 {
			h = 1
		}
		c, s := math.Cos(minLaunchElevation), math.Sin(minLaunchElevation)
		d = r3.Vec{X: d.X / h * c, Y: d.Y / h * c, Z: s}
	}
	return f.RotateFromENU(d)
}

type flight struct {
	id         string
	u          *unit
	order      bm.Order
	th         *threat
	icpt       *weapon.Interceptor
	eng        *engagement
	launchedAt float64
	link       uplink // the track's state as last sent to the interceptor (uplink.go)
	truth      truthAt

	// The fly-out's samples (flyoutsample.go).
	flyoutState
}

// callOff says why a round of an engagement must not leave its launcher
// now, or "" if it may: the engagement's track is no longer in the
// unit's picture (its target assessed destroyed, or lost), or it is
// coasting. Between the decision and the launch lies the unit's reaction
// time, 9 s or more: enough for another unit to destroy the target and
// the IADS to say so.
func (w *world) callOff(eng *engagement, now float64) string {
	est, ok := eng.ref.estimate(now)
	if !ok {
		return fmt.Sprintf("track %d is no longer in the picture", eng.ref.id)
	}
	return eng.shooter.bm.Doctrine.Coasting(est)
}

// goneReason is why an interceptor destroys itself because its target is
// no longer there.
func goneReason(f *flight) string {
	th := f.th
	switch {
	case th == nil:
		return "no target: the track was not of a threat"
	case !th.killed:
		return "target gone: " + th.gone
	case f.launchedAt > th.killedAt:
		return fmt.Sprintf("target already destroyed at %.1f s by %s, before this launch at %.1f s; not yet assessed by this unit",
			th.killedAt, th.killedBy, f.launchedAt)
	}
	return fmt.Sprintf("target already destroyed at %.1f s by %s", th.killedAt, th.killedBy)
}

func threatID(th *threat) string {
	if th == nil {
		return ""
	}
	return th.spec.ID
}

func threatType(th *threat) string {
	if th == nil {
		return ""
	}
	return th.spec.Type
}

// fly advances one interceptor by one step of dt, from now to end (the
// engine's next tick, now + dt to the last bit); it returns false once
// the interceptor is gone.
func (w *world) fly(f *flight, now, end, dt float64) bool {
	if f.th == nil || f.th.done {
		_, pos, _ := f.icpt.State()
		w.emit(event.Event{T: now, Type: event.SelfDestruct, Unit: f.u.spec.ID, Interceptor: f.id,
			Missile: f.order.Missile.Name, Threat: threatID(f.th), Pos: w.position(pos), Reason: goneReason(f)})
		w.resolved(f, now)
		return false
	}
	if why := w.guidanceLost(f, now); why != "" {
		_, pos, _ := f.icpt.State()
		w.emit(event.Event{T: now, Type: event.SelfDestruct, Unit: f.u.spec.ID, Interceptor: f.id,
			Missile: f.order.Missile.Name, Threat: threatID(f.th), Pos: w.position(pos), Reason: why})
		w.resolved(f, now)
		return false
	}
	p0, v0, ok0 := f.truth.state(w, f.th, now)
	p1, v1, ok1 := f.truth.state(w, f.th, end)
	if !ok0 {
		p0, v0 = f.th.lastAt, r3.Vec{}
	}
	if !ok1 {
		p1, v1 = p0, v0
	}
	tgt0 := weapon.TargetState{Pos: p0, Vel: v0}
	tgt1 := weapon.TargetState{Pos: p1, Vel: v1}

	aim := w.aim(f, now)
	w.flyoutStepping(f)
	res := f.icpt.Step(dt, tgt0, tgt1, aim)
	switch res.Kind {
	case weapon.Fuzed:
		w.eng.At(res.T, sim.Assess, func(t float64) { w.fuze(f, res, t) })
		return false
	case weapon.SelfDestruct:
		w.eng.At(res.T, sim.Assess, func(t float64) {
			w.emit(event.Event{T: t, Type: event.SelfDestruct, Unit: f.u.spec.ID, Interceptor: f.id,
				Missile: f.order.Missile.Name, Threat: threatID(f.th), Pos: w.position(res.Pos), Reason: "maximum time of flight"})
			w.resolved(f, t)
		})
		return false
	}
	return true
}

// truthAt keeps the last true state of an interceptor's target that its
// step asked for: a step asks for the target's state at its start and
// its end, and the end of one is most often the start of the next.
type truthAt struct {
	t        float64
	moves    int // world.moves then: a break, a kill or a launch since makes it stale
	pos, vel r3.Vec
	ok, set  bool
}

// state is th.mover.State(t), from the last call when that was at t
// and nothing has moved since.
func (c *truthAt) state(w *world, th *threat, t float64) (pos, vel r3.Vec, ok bool) {
	if c.set && c.t == t && c.moves == w.moves {
		return c.pos, c.vel, c.ok
	}
	c.pos, c.vel, c.ok = th.mover.State(t)
	c.t, c.moves, c.set = t, w.moves, true
	return c.pos, c.vel, c.ok
}

// aim is what guidance steers at until the seeker locks on: the unit's
// track of the target as the command uplink last sent it (uplink.go),
// else the last state sent, extrapolated. Once the seeker has locked on
// (when the true target comes within its lock-on range, which falls with
// the target's RCS), the interceptor steers at its own noisy measurement
// of the truth instead (weapon.Interceptor.Seek) and stays locked: the
// track is not asked for then, since guidance would not read it.
func (w *world) aim(f *flight, now float64) weapon.TargetState {
	if f.icpt.Locked() {
		return f.link.aim
	}
	ref := f.eng.ref
	status, updated, ok := ref.src.tracker.TrackStatus(ref.id)
	if ok && status != track.Deleted && f.link.due(ref, updated, now) {
		if pos, vel, ok := ref.stateAt(now); ok {
			f.link.send(ref, updated, now, weapon.TargetState{Pos: pos, Vel: vel})
			return f.link.aim
		}
	}
	return f.link.at(now)
}

// fuze is the interceptor's closest approach: the warhead's kill is drawn
// from the kill probability at the achieved miss distance against the
// threat's class (weapon.Lethality.KillProbabilityAgainst), not from the
// vendor's claim.
func (w *world) fuze(f *flight, res weapon.Result, now float64) {
	m := f.order.Missile
	pk := m.KillProbabilityAgainst(targetClass(f.th.spec), res.Miss)
	killed := false
	if !f.th.done {
		// One stream per interceptor: the draw does not depend on any other shot.
		killed = w.stream("kill", f.id).Float64() < pk
	}
	e := event.Event{T: now, Type: event.Intercept, Unit: f.u.spec.ID, Interceptor: f.id, Missile: m.Name,
		Threat: f.th.spec.ID, ThreatType: f.th.spec.Type, Decoy: f.th.spec.Decoy, Track: f.eng.ref.id, TrackUnit: f.eng.ref.foreign(f.u), Pos: w.position(res.Pos),
		Miss: ptr(round(res.Miss, 0.01)), Pk: round(pk, 1e-4), Killed: &killed}
	w.emit(e)
	if killed {
		f.th.alive, f.th.done = false, true
		w.moves++
		pos, _, ok := f.th.mover.State(now)
		if !ok {
			pos = f.th.lastAt
		}
		f.th.killed, f.th.killedAt, f.th.killedBy, f.th.killedPos = true, now, f.id, pos
		w.emit(event.Event{T: now, Type: event.Kill, Unit: f.u.spec.ID, Interceptor: f.id, Missile: m.Name,
			Threat: f.th.spec.ID, ThreatType: f.th.spec.Type, Decoy: f.th.spec.Decoy, Pos: w.position(pos)})
	}
	w.resolved(f, now)
}

// resolved counts one interceptor of an engagement as done.
func (w *world) resolved(f *flight, now float64) {
	w.flyoutEnded(f, now)
	f.u.bm.Resolved()
	f.eng.resolvedAt = now
	w.settle(f.eng, now)
}

// settle counts one round of an engagement as done (resolved, or called
// off); when the last one is, the unit looks at the result after its look
// time. An engagement whose every round was called off has nothing to
// look at: it ends at once.
func (w *world) settle(e *engagement, now float64) {
	e.pending--
	if e.pending > 0 {
		return
	}
	u := e.shooter
	if e.launched == 0 {
		w.engagementOver(e, now, false, "no round launched: "+e.aborted)
		return
	}
	w.eng.At(now+u.lookTime, sim.Assess, func(t float64) {
		// Kill assessment is perfect: the unit sees whether its target,
		// or the false track it fired at, is gone.
		killed := e.th == nil || e.th.killed
		w.engagementOver(e, t, killed, "")
		if killed {
			w.killAssessed(e, t)
		}
	})
}

// engagementOver frees the engagement's fire channel and records it.
func (w *world) engagementOver(e *engagement, now float64, killed bool, why string) {
	u := e.shooter
	u.bm.Assessed(e.key, killed)
	w.iads.Over(e)
	w.emit(event.Event{T: now, Type: event.EngagementOver, Unit: u.spec.ID, Track: e.ref.id, TrackUnit: e.ref.foreign(u),
		Radar: u.bm.FC.ID, Threat: threatID(e.th), ThreatType: threatType(e.th), Killed: &killed, Reason: why})
}

// killAssessed ends the tracks of a target the shooter of e has assessed
// destroyed. The kill report is where and when the target was destroyed
// (the fire-control radar saw its interceptor burst there). The shooter
// drops the track it engaged, and every confirmed track of its own that
// has had no detection since the kill and, predicted back to the kill,
// correlates with the kill point (bm.Correlate: the track's own
// uncertainty and the radars' registration error); while its IADS stands, the report reaches the shared
// picture and every member unit does the same with its tracks. A unit
// outside the IADS learns of the kill only through its own radars: its
// track coasts (bm.Doctrine.Coasting) and ends after its maximum coast
// time.
//
// A track engaged by a unit whose rounds have not left yet is dropped
// too if its fire-control radar's last plot lies on the destroyed
// target's path (lastFixOnPath): the radar's beam is on the wreck,
// though the track's prediction may have left it (examples/
// grid-regional.yaml: a round launched 3 s after the IADS knew, which
// destroyed itself). Only there: the fire-control radar's plots hold a
// target to a hundred metres where the search radars' hold it to a
// kilometre, and tracks not about to be fired on are left to their
// prediction; matched on any last plot, half of a raid's tracks so
// dropped were of the missile ahead or behind in a column.
//
// The kill point, not the engaged track, is what other tracks are matched
// against: the engaged track may have gone stale before the kill while a
// duplicate held the target (a ballistic missile outruns a
// constant-velocity track). The test on the last detection keeps a live
// target's track: a target flying close behind the one destroyed (a
// column of drones) may correlate with the kill point, but it is still
// being detected. The engaged track itself is dropped even if another
// target's detections have fallen into its gate since the kill: its
// number stays with the destroyed target, and the other target starts a
// track of its own at its next detection.
func (w *world) killAssessed(e *engagement, now float64) {
	u := e.shooter
	// A false track "destroyed" has no kill point: its last estimate
	// stands in for it.
	killedAt := e.resolvedAt
	at, haveAt := e.target(now)
	// The target's velocity, as the shooter's track of it has it, carries
	// the kill point back along its path (onPath).
	path := at
	if e.th != nil {
		killedAt = e.th.killedAt
		at, haveAt = bm.Track{T: killedAt, Pos: e.th.killedPos, PosCov: u.measured(e.th.killedPos)}, true
	}
	// Engagements whose rounds have not left yet, by unit and track: the
	// kill report is held against their tracks' last plots too
	// (lastFixOnPath) before a round leaves on them.
	waiting := map[trackKey]bool{}
	for _, ie := range w.iads.Engagements(nil) {
		if g := ie.(*engagement); g != e && g.launched == 0 {
			waiting[trackKey{g.ref.src, g.ref.id}] = true
		}
	}
	units := []*unit{u}
	if w.shares(u) {
		for _, m := range w.iads.Members() {
			if v := w.units[m.Index()]; v != u && w.iads.Together(u.member, m) {
				units = append(units, v)
			}
		}
	}
	for _, v := range units {
		reason := "target assessed destroyed by this unit"
		if v != u {
			reason = "target assessed destroyed by " + u.spec.ID + " (IADS picture)"
		}
		for _, tk := range v.tracker.Tracks() {
			if v != e.ref.src || tk.ID != e.ref.id {
				if !haveAt || tk.Status != track.Confirmed || tk.Updated > killedAt {
					continue
				}
				if same, _ := bm.Correlate(v.ecefTrack(tk, at.T), at); !same &&
					!(waiting[trackKey{v, tk.ID}] && v.lastFixOnPath(tk.ID, at, path)) {
					continue
				}
			}
			gone, ok := v.tracker.Drop(tk.ID)
			w.tracksChanged()
			if ok {
				v.predicted.forget(tk.ID)
				w.trackChange(v, track.Change{Kind: track.TrackDeleted, Track: gone}, now, reason)
			}
		}
	}
	// After a handover the kill was assessed under the first track's
	// number. That track, if it lives on (detected since the kill, or
	// not where the target died), follows another target: two fighters
	// from one airfield, the first breaking at the launch warning into a
	// new track while the old one went on with the second, which then
	// flew on a track marked destroyed, never engaged.
	if f := e.first; f.id != e.ref.id && f.src == u {
		if tk, ok := u.tracker.Track(f.id); ok && tk.Status != track.Deleted {
			u.bm.Survives(e.key)
		}
	}
}

// trackKey names one unit's track.
type trackKey struct {
	u  *unit
	id int
}

// lastFixOnPath reports whether u's track id, at its fire-control
// radar's last plot, was where the destroyed target was then: the kill
// point kill carried back along the velocity of est, the shooter's track
// of the target (onPath). A track whose last plot was the destroyed
// target's, but which that plot threw off (a column's plots started it
// at the speed of two targets, and its ballistic model took the jump
// back to the one's speed for drag), predicts to kilometres from the
// kill point and would be fired on with no target under it.
func (u *unit) lastFixOnPath(id int, kill, est bm.Track) bool {
	f, ok := u.fire.fix[id]
	if !ok {
		return false
	}
	var velCov [9]float64
	for i := range 3 {
		for j := range 3 {
			velCov[3*i+j] = est.Cov[6*(3+i)+3+j]
		}
	}
	return onPath(bm.Track{T: f.t, Pos: u.frame.FromENU(f.pos), PosCov: rotateFromENU(u.frame, f.cov)}, kill, est.Vel, velCov)
}

// onPath reports whether fix, a track's estimate at its last detection
// (its time fix.T no later than the kill), correlates (bm.Correlate)
// with the destroyed target's place at that time: the kill point carried
// back along the target's velocity vel, whose covariance velCov (ECEF,
// m²/s²) grows the kill point's uncertainty by dt² velCov over the time
// dt carried. In a column the next target trails by its spacing,
// kilometres at a cruise missile's 10 s, and stays apart.
func onPath(fix, kill bm.Track, vel r3.Vec, velCov [9]float64) bool {
	dt := kill.T - fix.T
	if dt < 0 {
		return false
	}
	back := bm.Track{T: fix.T, Pos: r3.Sub(kill.Pos, r3.Scale(dt, vel)), PosCov: kill.PosCov}
	for i := range back.PosCov {
		back.PosCov[i] += dt * dt * velCov[i]
	}
	same, _ := bm.Correlate(fix, back)
	return same
}

// rotateFromENU turns a covariance in frame f's east-north-up axes into
// ECEF: Rᵀ C R, with R the rotation from ECEF to the frame's axes.
func rotateFromENU(f geo.Frame, c [9]float64) [9]float64 {
	r := f.Rotation()
	var out [9]float64
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			var sum float64
			for k := 0; k < 3; k++ {
				for l := 0; l < 3; l++ {
					sum += r[3*k+i] * c[3*k+l] * r[3*l+j]
				}
			}
			out[3*i+j] = sum
		}
	}
	return out
}

// measured is the uncertainty of a point as u's fire-control radar
// measures it (a kill point: the burst of its interceptor): isotropic,
// the largest of its 1-sigma errors in range and across at that range.
func (u *unit) measured(p r3.Vec) [9]float64 {
	sp := u.fc.spec
	r := r3.Norm(r3.Sub(p, u.fc.r.Frame().OriginECEF()))
	sd := max(sp.SigmaRange, r*sp.SigmaAz, r*sp.SigmaEl)
	return [9]float64{sd * sd, 0, 0, 0, sd * sd, 0, 0, 0, sd * sd}
}

func (w *world) sample(now float64) {
	for _, th := range w.threats {
		if !th.alive {
			continue
		}
		pos, vel, ok := th.mover.State(now)
		if !ok {
			continue
		}
		w.keep(Sample{T: now, Kind: "truth", ID: th.spec.ID, Threat: th.spec.ID,
			At: geo.FromECEF(pos), Speed: r3.Norm(vel)})
	}
	w.trackSamples(now)
	w.sampleFlyouts(now)
}

func ptr[T any](v T) *T { return &v }

// reloadIfEmpty starts reloading a launcher that has fired its last round,
// from the unit's spare rounds, if it has a reload time: it is refilled
// to its first load (as far as the spares go) ReloadTime later and cannot
// fire meanwhile.
func (w *world) reloadIfEmpty(u *unit, l *bm.Launcher, now float64) {
	u.toLaunch[l]--
	left := 0
	for _, r := range l.Rounds {
		left += r.Count
	}
	if left > 0 || u.toLaunch[l] > 0 || l.ReadyAt > now || u.lost[l] {
		return
	}
	var spec *scenario.Launcher
	for i, bl := range u.bm.Launchers {
		if bl == l {
			spec = u.launcherSpec[i]
		}
	}
	if spec == nil || spec.ReloadTime <= 0 {
		return
	}
	take := make([]int, len(spec.Loads))
	total := 0
	for i, ld := range spec.Loads {
		take[i] = min(ld.Count, u.spares[ld.Missile])
		total += take[i]
	}
	if total == 0 {
		return
	}
	for i, ld := range spec.Loads {
		u.spares[ld.Missile] -= take[i]
	}
	l.ReadyAt = now + spec.ReloadTime
	w.emit(event.Event{T: now, Type: event.LauncherReloading, Unit: u.spec.ID, Launcher: l.ID,
		Reason: fmt.Sprintf("empty; %d rounds from the transloaders, ready at %.0f s", total, l.ReadyAt)})
	w.eng.At(l.ReadyAt, sim.Engage, func(t float64) {
		if u.lost[l] {
			return // destroyed while being reloaded
		}
		for i, ld := range spec.Loads {
			for j := range l.Rounds {
				if l.Rounds[j].Missile.Name == ld.Missile {
					l.Rounds[j].Count += take[i]
				}
			}
		}
		w.emit(event.Event{T: t, Type: event.LauncherReloaded, Unit: u.spec.ID, Launcher: l.ID})
	})
}
