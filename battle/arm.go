package battle

import (
	"fmt"
	"math"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/radar"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/sim"
	"github.com/iadsim/iadsim/track"
	"gonum.org/v1/gonum/spatial/r3"
)

// Anti-radiation missiles and the radars they hunt.
//
// An anti-radiation missile's passive seeker sees a radar only while it
// radiates. Aimed at a radar (target: a radar id) or at the strongest
// emitter it sees at launch (target: emitters), it flies its route and
// then at the radar. Radars stand still, so while the radar radiates the
// seeker homes on it to the end: the missile arrives on it. If the radar
// falls silent (emission control, or destroyed) and stays silent to the
// end, the missile flies on its last fix, whose bearing was off by the
// seeker's accuracy σθ: it lands off the radar by
//
//	miss = R_off tan σθ,
//
// R_off its range to the radar when the radar fell silent (or at launch,
// if it never radiated since): the earlier the radar goes quiet, the
// larger the miss. A miss within the warhead's lethal radius destroys the
// radar (radar_destroyed): it never looks again, its tracks coast out, and
// if it was the unit's fire-control radar the unit makes no more
// engagements and its command-guided rounds in flight are lost. A radar
// that comes back on before the missile arrives is homed on again.
//
// "Strongest emitter" takes every radar's ERP as equal (the catalogue has
// no transmitter powers): the nearest radiating radar above the missile's
// horizon and clear of terrain.

// emission is when a radar radiates and whether it still stands.
type emission struct {
	destroyed bool
	// quiet is emission control against anti-radiation missiles
	// (doctrine arm_emcon): silent until quietUntil.
	quiet      bool
	quietUntil float64
	// silentAt is when the radar last stopped radiating: 0 for one
	// silent from the start (emcon), the time it went quiet or was
	// destroyed.
	silentAt float64
}

func (e *emission) init(silent bool) { e.silentAt = 0 }

// emitting reports whether the radar radiates at now.
func (sn *sensor) emitting(now float64) bool {
	return !sn.destroyed && !sn.silent && !(sn.quiet && now < sn.quietUntil)
}

// emitting decides whether radar sn of unit u radiates at now, the head
// of every look: a destroyed radar never does; one quiet against an
// anti-radiation missile comes back on when its time is up
// (radar_active); one under emission control starts by its Emcon
// (radiate).
func (w *world) emitting(u *unit, sn *sensor, now float64) bool {
	if sn.destroyed {
		return false
	}
	if sn.quiet {
		if now < sn.quietUntil {
			return false
		}
		sn.quiet = false
		w.emit(event.Event{T: now, Type: event.RadarActive, Unit: u.spec.ID, Radar: sn.spec.ID,
			Reason: fmt.Sprintf("silent against anti-radiation missiles since %.1f s; back on after %.0f s", sn.silentAt, u.spec.Doctrine.ARMEmcon.SilentFor)})
	}
	return !sn.silent || w.radiate(u, sn, now)
}

// armSeeker is an anti-radiation missile's hold on its radar.
type armSeeker struct {
	u          *unit
	target     *sensor
	launchedAt float64
}

// launchARM gives an anti-radiation missile its radar at launch: the one
// its target names, or the strongest emitter it sees. A missile aimed at
// emitters that sees none flies its route and ends.
func (w *world) launchARM(th *threat, now float64) {
	pos, _, _ := th.mover.State(now)
	var best *sensor
	var owner *unit
	bestR := math.Inf(1)
	for _, u := range w.units {
		for _, sn := range u.sensors {
			if th.spec.TargetRadar != "" {
				if sn.spec.ID == th.spec.TargetRadar {
					best, owner = sn, u
				}
				continue
			}
			site := sn.r.Frame().OriginECEF()
			r := r3.Norm(r3.Sub(pos, site))
			if !sn.emitting(now) || r >= bestR || !w.inView(sn, pos) {
				continue
			}
			best, owner, bestR = sn, u, r
		}
	}
	if best == nil {
		return
	}
	th.arm = &armSeeker{u: owner, target: best, launchedAt: now}
	if th.spec.TargetRadar != "" {
		return // the scenario ended its route at the radar
	}
	route := append([]scenario.Waypoint(nil), th.spec.Route...)
	route = append(route, scenario.Waypoint{At: best.spec.At, Speed: route[len(route)-1].Speed})
	m, flight, err := w.routed(th.spec, route)
	if err != nil {
		return // a route the scenario accepted does not fail with one more point
	}
	th.mover, th.flight = m, flight
	w.eng.At(m.End(), sim.Motion, func(t float64) { w.endThreat(th, t) })
}

// inView reports whether a missile at pos sees radar sn: above its
// horizon and clear of terrain.
func (w *world) inView(sn *sensor, pos r3.Vec) bool {
	site := sn.r.Frame().OriginECEF()
	if !radar.AboveHorizon(site, pos, w.k) {
		return false
	}
	m := sn.r.Config().Mask
	return m == nil || m.Visible(site, pos)
}

// armArrives is an anti-radiation missile at the end of its flight onto
// its radar: where it lands (see the package note above) and whether the
// radar survives.
func (w *world) armArrives(th *threat, pos r3.Vec, now float64) {
	a, sn := th.arm, th.arm.target
	site := sn.spec.At.ECEF()
	var miss float64
	var why string
	if sn.emitting(now) {
		why = fmt.Sprintf("homed on %s's emission to the end", sn.spec.ID)
	} else {
		t0 := max(sn.silentAt, a.launchedAt)
		p0, _, ok := th.mover.State(t0)
		if !ok {
			p0 = pos
		}
		rOff := r3.Norm(r3.Sub(p0, site))
		miss = rOff * math.Tan(th.spec.SeekerAccuracy)
		why = fmt.Sprintf("%s silent since %.1f s, %.1f km out: flew on its last fix, off by its %.2f° bearing error",
			sn.spec.ID, t0, rOff/1000, deg(th.spec.SeekerAccuracy))
	}
	// The miss lies in a random horizontal direction: one stream per
	// missile.
	dir := w.stream("arm", th.spec.ID).Float64() * 2 * math.Pi
	f := geo.NewFrame(sn.spec.At)
	at := f.FromENU(r3.Vec{X: miss * math.Sin(dir), Y: miss * math.Cos(dir)})
	miss = round(miss, 0.01)
	w.emit(event.Event{T: now, Type: event.Impact, Threat: th.spec.ID, ThreatType: th.spec.Type, Unit: a.u.spec.ID,
		Radar: sn.spec.ID, Pos: w.position(at), Miss: &miss, Reason: why})
	th.gone = fmt.Sprintf("it struck at radar %s at %.1f s", sn.spec.ID, now)
	if miss <= th.spec.LethalRadius {
		w.destroyRadar(a.u, sn, th, miss, now)
	}
}

// Recognising an anti-radiation missile from the air picture: a track
// faster than any aircraft ingress, whose straight line passes close to
// one of the unit's radars. Both are assumptions of the model: a
// crewed aircraft flies at 250-300 m/s, an anti-radiation missile at
// 600-900 m/s (the catalogue's classes); a missile homing on a radar
// points at it.
const (
	armMinSpeed = 400.0  // m/s
	armAimMiss  = 3000.0 // m: closest approach of the track's straight line to the radar
)

// armDefence is the unit's emission control against anti-radiation
// missiles (doctrine arm_emcon): when a track it holds looks like one
// (armMinSpeed, armAimMiss) within Range of one of its radars, every
// radar of the unit that radiates goes silent (radar_silent) for
// SilentFor, and comes back on then (radar_active). A new sighting while
// silent prolongs the silence.
func (w *world) armDefence(u *unit, now float64) {
	ec := u.spec.Doctrine.ARMEmcon
	if ec.Range == 0 {
		return
	}
	for _, tk := range u.tracker.Tracks() {
		if tk.Status != track.Confirmed {
			continue
		}
		bt := u.ecefTrack(tk, now)
		v := r3.Norm(bt.Vel)
		if v < armMinSpeed {
			continue
		}
		for _, sn := range u.sensors {
			site := sn.r.Frame().OriginECEF()
			d := r3.Sub(site, bt.Pos)
			r := r3.Norm(d)
			closing := r3.Dot(d, bt.Vel) / v
			if r > ec.Range || closing <= 0 || math.Sqrt(max(r*r-closing*closing, 0)) > armAimMiss {
				continue
			}
			w.goQuiet(u, now, fmt.Sprintf("track %d at %.0f m/s, %.1f km out and pointed at %s: taken for an anti-radiation missile",
				tk.ID, v, r/1000, sn.spec.ID))
			return
		}
	}
}

// goQuiet silences every radar of u that still stands for the
// doctrine's time.
func (w *world) goQuiet(u *unit, now float64, why string) {
	until := now + u.spec.Doctrine.ARMEmcon.SilentFor
	for _, sn := range u.sensors {
		if sn.destroyed {
			continue
		}
		if sn.emitting(now) {
			sn.silentAt = now
			w.emit(event.Event{T: now, Type: event.RadarSilent, Unit: u.spec.ID, Radar: sn.spec.ID,
				Reason: fmt.Sprintf("%s; silent for %.0f s", why, u.spec.Doctrine.ARMEmcon.SilentFor)})
		}
		sn.quiet, sn.quietUntil = true, max(sn.quietUntil, until)
	}
}
