package battle

import (
	"fmt"
	"strconv"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/motion"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/sim"
)

// warn is a launch at th, as its warning receiver sees it: a threat that
// evades on a launch (scenario.Evasion) breaks its reaction delay later,
// to the beam of the launcher (motion.Break), and leaves an evasion
// event. A launch seen before the break it already answers is over is
// not answered again. The warning is perfect: every launch at the threat
// is seen, at once, and from the launcher's true position.
func (w *world) warn(th *threat, u *unit, l *bm.Launcher, interceptor string, now float64) {
	if th == nil || th.flight == nil || th.spec.Evade == nil || th.spec.Evade.On != scenario.EvadeOnLaunch {
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
		if !ok || !th.flight.Break(motion.Break{At: t, Threat: l.At.ECEF(), Accel: ev.Accel, Hold: ev.Duration}) {
			return
		}
		w.moves++
		w.emit(event.Event{T: t, Type: event.Evasion, Threat: th.spec.ID, ThreatType: th.spec.Type, Unit: u.spec.ID,
			Launcher: l.ID, Interceptor: interceptor, Pos: position(pos),
			Reason: fmt.Sprintf("launch warning from %s at %.1f s: %s g break to the beam of %s, held %s s",
				interceptor, now, strconv.FormatFloat(round(ev.Load, 0.1), 'f', -1, 64), l.ID,
				strconv.FormatFloat(ev.Duration, 'f', -1, 64))})
		// The break moved the end of the route.
		w.eng.At(th.mover.End(), sim.Motion, func(now float64) { w.endThreat(th, now) })
	})
}
