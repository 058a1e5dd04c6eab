package battle

import (
	"fmt"
	"strconv"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/motion"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/sim"
	"gonum.org/v1/gonum/spatial/r3"
)

// warn is a launch at th, as its warning receiver sees it: a threat that
// evades on a launch or a lock (scenario.Evasion) breaks its reaction
// delay later, to the beam of the launcher (motion.Break), and leaves an
// evasion event. The warning is perfect: every launch at the threat is
// seen, at once, and from the launcher's true position.
func (w *world) warn(th *threat, u *unit, l *bm.Launcher, interceptor string, now float64) {
	if th == nil || th.spec.Evade == nil {
		return
	}
	w.evade(th, u, l.At.ECEF(), now, func(e *event.Event) {
		e.Launcher, e.Interceptor = l.ID, interceptor
		e.Reason = fmt.Sprintf("launch warning from %s at %.1f s: %s break to the beam of %s", interceptor, now, e.Reason, l.ID)
	})
}

// warnLock is the lock of u's fire-control radar on th, the unit having
// committed it to th's track: a threat that evades on a lock
// (scenario.EvadeOnLock) breaks its reaction delay later, to the beam of
// the radar. The warning is perfect, as for a launch.
func (w *world) warnLock(th *threat, u *unit, now float64) {
	if th == nil || th.spec.Evade == nil || th.spec.Evade.On != scenario.EvadeOnLock {
		return
	}
	fc := u.fc
	w.evade(th, u, fc.r.Frame().OriginECEF(), now, func(e *event.Event) {
		e.Radar = fc.spec.ID
		e.Reason = fmt.Sprintf("lock warning from %s at %.1f s: %s break to the beam of %s", fc.spec.ID, now, e.Reason, fc.spec.ID)
	})
}

// evade schedules th's break, its reaction delay after a warning at now
// from the point from (ECEF), unless a break it already answers is not
// over by then; note fills in the evasion event, its Reason given the
// load and hold.
func (w *world) evade(th *threat, u *unit, from r3.Vec, now float64, note func(*event.Event)) {
	if th == nil || th.flight == nil || th.spec.Evade == nil {
		return
	}
	ev := th.spec.Evade
	at := now + ev.Delay
	if at < th.evadeUntil {
		return
	}
	th.evadeUntil = at + ev.Duration
	w.eng.At(at, sim.Motion, func(t float64) {
		if !th.alive || th.done {
			return
		}
		pos, _, ok := th.mover.State(t)
		if !ok || !th.flight.Break(motion.Break{At: t, Threat: from, Accel: ev.Accel, Hold: ev.Duration}) {
			return
		}
		w.moves++
		e := event.Event{T: t, Type: event.Evasion, Threat: th.spec.ID, ThreatType: th.spec.Type, Unit: u.spec.ID, Pos: w.position(pos),
			Reason: fmt.Sprintf("%s g", strconv.FormatFloat(round(ev.Load, 0.1), 'f', -1, 64))}
		note(&e)
		e.Reason += fmt.Sprintf(", held %s s", strconv.FormatFloat(ev.Duration, 'f', -1, 64))
		w.emit(e)
		// The break moved the end of the route.
		w.eng.At(th.mover.End(), sim.Motion, func(now float64) { w.endThreat(th, now) })
	})
}
