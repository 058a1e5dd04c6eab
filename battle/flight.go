package battle

import (
	"fmt"
	"math"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/sim"
	"github.com/iadsim/iadsim/weapon"
	"gonum.org/v1/gonum/spatial/r3"
)

// minLaunchElevation keeps a vertical-launch missile's first direction
// above the horizon even against a target on the deck: the missile climbs
// out, then guidance turns it down onto the target.
const minLaunchElevation = 15 * math.Pi / 180

func (w *world) launch(eng *engagement, o bm.Order, now float64) {
	u, th := eng.shooter, eng.th
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
	w.emit(event.Event{T: now, Type: event.Launch, Unit: u.spec.ID, Launcher: o.Launcher.ID,
		Missile: o.Missile.Name, Interceptor: id, Track: eng.ref.id, TrackUnit: eng.ref.foreign(u),
		Threat: threatID(th), ThreatType: threatType(th), Pos: position(lp), PIP: position(o.PIP)})
	w.reloadIfEmpty(u, o.Launcher, now)
	f := &flight{id: id, u: u, eng: eng, order: o, th: th, icpt: icpt,
		lastAim: weapon.TargetState{Pos: o.PIP}}
	if bt, ok := eng.ref.estimate(now); ok {
		f.lastAim = weapon.TargetState{Pos: bt.Pos, Vel: bt.Vel}
		f.lastAimT = now
	}
	dt := w.s.Step
	_ = w.eng.Every(now, dt, sim.Engage, func(t float64) bool { return w.fly(f, t, dt) })
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
	id       string
	u        *unit
	order    bm.Order
	th       *threat
	icpt     *weapon.Interceptor
	eng      *engagement
	lastAim  weapon.TargetState
	lastAimT float64
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

// fly advances one interceptor by one step; it returns false once the
// interceptor is gone.
func (w *world) fly(f *flight, now, dt float64) bool {
	if f.th == nil || f.th.done {
		_, pos, _ := f.icpt.State()
		w.emit(event.Event{T: now, Type: event.SelfDestruct, Unit: f.u.spec.ID, Interceptor: f.id,
			Missile: f.order.Missile.Name, Threat: threatID(f.th), Pos: position(pos), Reason: "target already destroyed"})
		w.resolved(f, now)
		return false
	}
	p0, v0, ok0 := f.th.mover.State(now)
	p1, v1, ok1 := f.th.mover.State(now + dt)
	if !ok0 {
		p0, v0 = f.th.lastAt, r3.Vec{}
	}
	if !ok1 {
		p1, v1 = p0, v0
	}
	tgt0 := weapon.TargetState{Pos: p0, Vel: v0}
	tgt1 := weapon.TargetState{Pos: p1, Vel: v1}

	aim := w.aim(f, now, tgt0)
	res := f.icpt.Step(dt, tgt0, tgt1, aim)
	switch res.Kind {
	case weapon.Fuzed:
		w.eng.At(res.T, sim.Assess, func(t float64) { w.fuze(f, res, t) })
		return false
	case weapon.SelfDestruct:
		w.eng.At(res.T, sim.Assess, func(t float64) {
			w.emit(event.Event{T: t, Type: event.SelfDestruct, Unit: f.u.spec.ID, Interceptor: f.id,
				Missile: f.order.Missile.Name, Threat: threatID(f.th), Pos: position(res.Pos), Reason: "maximum time of flight"})
			w.resolved(f, t)
		})
		return false
	}
	return true
}

// aim is what guidance steers at until the seeker locks on: the unit's
// track of the target, else the last estimate extrapolated. Once the
// seeker has locked on (when the true target comes within its lock-on
// range, which falls with the target's RCS), the interceptor steers at
// its own noisy measurement of the truth instead (weapon.Interceptor.Seek).
func (w *world) aim(f *flight, now float64, _ weapon.TargetState) weapon.TargetState {
	if bt, ok := f.eng.ref.estimate(now); ok {
		f.lastAim, f.lastAimT = weapon.TargetState{Pos: bt.Pos, Vel: bt.Vel}, now
		return f.lastAim
	}
	dt := now - f.lastAimT
	return weapon.TargetState{Pos: r3.Add(f.lastAim.Pos, r3.Scale(dt, f.lastAim.Vel)), Vel: f.lastAim.Vel}
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
		Threat: f.th.spec.ID, ThreatType: f.th.spec.Type, Track: f.eng.ref.id, TrackUnit: f.eng.ref.foreign(f.u), Pos: position(res.Pos),
		Miss: ptr(round(res.Miss, 0.01)), Pk: round(pk, 1e-4), Killed: &killed}
	w.emit(e)
	if killed {
		f.th.alive, f.th.done = false, true
		pos, _, ok := f.th.mover.State(now)
		if !ok {
			pos = f.th.lastAt
		}
		w.emit(event.Event{T: now, Type: event.Kill, Unit: f.u.spec.ID, Interceptor: f.id, Missile: m.Name,
			Threat: f.th.spec.ID, ThreatType: f.th.spec.Type, Pos: position(pos)})
	}
	w.resolved(f, now)
}

// resolved counts one interceptor of an engagement as done; when the last
// one is, the unit looks at the result after its look time.
func (w *world) resolved(f *flight, now float64) {
	u, e := f.u, f.eng
	u.bm.Resolved()
	e.pending--
	if e.pending > 0 {
		return
	}
	w.eng.At(now+u.lookTime, sim.Assess, func(t float64) {
		killed := e.th == nil || e.th.done
		u.bm.Assessed(e.key, killed)
		for i, x := range w.engagements {
			if x == e {
				w.engagements = append(w.engagements[:i], w.engagements[i+1:]...)
				break
			}
		}
		w.emit(event.Event{T: t, Type: event.EngagementOver, Unit: u.spec.ID, Track: e.ref.id, TrackUnit: e.ref.foreign(u),
			Radar: u.bm.FC.ID, Threat: threatID(e.th), ThreatType: threatType(e.th), Killed: &killed})
	})
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
		w.samples = append(w.samples, Sample{T: now, Kind: "truth", ID: th.spec.ID, Threat: th.spec.ID,
			At: geo.FromECEF(pos), Speed: r3.Norm(vel)})
	}
	for _, u := range w.units {
		for _, tk := range u.tracker.Tracks() {
			bt := u.ecefTrack(tk, now)
			s := Sample{T: now, Kind: "track", Unit: u.spec.ID, ID: fmt.Sprint(tk.ID), Status: tk.Status.String(),
				At: geo.FromECEF(bt.Pos), Speed: r3.Norm(bt.Vel)}
			if th := w.threatOfTag(tk.Tag); th != nil {
				s.Threat = th.spec.ID
			}
			w.samples = append(w.samples, s)
		}
	}
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
	if left > 0 || u.toLaunch[l] > 0 || l.ReadyAt > now {
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
