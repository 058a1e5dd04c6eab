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

// Guns: the last layer of point defence.
//
// A launcher with guns: true (the Pantsir-S1's 96K6 and its two twin
// 30 mm 2A38M) fires bursts at what comes within the guns' reach, laid
// by the unit's fire-control radar: the guns fire only on a track that
// radar holds, and aim where the track, flown straight on, meets the
// rounds (weapon.Gun.Lead, with the shell's drag). What the burst does is
// physics, not a drawn Pk: when the rounds arrive, the target is where
// its true flight took it, off the aim point by the track's error carried
// over the time of flight and by its own turns; each round scatters about
// the aim point by the mount's dispersion; a round that passes within
// the area the target presents to the line of fire hits, and a hit kills
// with the gun's pk per hit (weapon.Burst; the closed form of its rate,
// weapon.BurstKillProbability, is the pk of the gun_hits event).
//
// The order of the layers is doctrine: missiles outside the guns' reach,
// guns inside. While a unit's guns have rounds, its missiles are not
// launched at a track already within the guns' maximum range (the
// hold_fire reason says so); with the guns empty the missiles take
// everything again. A mount fires one burst at a time (gun_burst_time),
// at the most urgent track that threatens a site or a protected radar
// (the unit's threat ranking) and that it can reach; decisions come every
// DecisionPeriod, so bursts are at least that far apart.

// gunMount is a launcher's guns and what is left of their rounds.
type gunMount struct {
	launcher  *scenario.Launcher
	gun       weapon.Gun
	pos       r3.Vec // ECEF
	frame     geo.Frame
	openFire  float64 // m: the longest range at which it fires a burst
	rounds    int
	busyUntil float64
	bursts    int // fired, for burst ids
}

// newGunMount is the guns of launcher l, or nil if it has none.
func newGunMount(l *scenario.Launcher) (*gunMount, error) {
	g := l.Guns
	if g == nil {
		return nil, nil
	}
	rho, _ := weapon.Atmosphere(max(0, l.At.Alt))
	wg := weapon.Gun{Name: l.ID, Rate: g.Rate, BurstTime: g.BurstTime, Rounds: g.Rounds,
		MuzzleVelocity: g.MuzzleVelocity, DecayLength: weapon.DecayLengthOf(g.RoundMass, g.Calibre, g.DragCoefficient, rho),
		MinRange: g.MinRange, MaxRange: g.MaxRange, MaxAltitude: g.MaxAltitude, Dispersion: g.Dispersion, PkHit: g.PkHit}
	if err := wg.Validate(); err != nil {
		return nil, err
	}
	return &gunMount{launcher: l, gun: wg, pos: l.At.ECEF(), frame: geo.NewFrame(l.At), rounds: g.Rounds, openFire: g.OpenFireRange}, nil
}

// leftToGuns says why the unit's missiles leave th to its guns: it is
// within the reach of a mount that still has rounds; "" otherwise.
func (u *unit) leftToGuns(th bm.Threat) string {
	for _, m := range u.guns {
		if m.rounds > 0 {
			if r := r3.Norm(r3.Sub(th.Track.Pos, m.pos)); r <= m.gun.MaxRange {
				return fmt.Sprintf("left to the guns of %s: %.1f km out, within their %.1f km reach (%d rounds left)",
					m.launcher.ID, r/1000, m.gun.MaxRange/1000, m.rounds)
			}
		}
	}
	return ""
}

// fireGuns lets every free mount of u with rounds fire a burst at the
// most urgent track of ranked it can reach.
func (w *world) fireGuns(u *unit, ranked []bm.Threat, refs map[int]trackRef, now float64) {
	for _, m := range u.guns {
		if m.rounds == 0 || now < m.busyUntil {
			continue
		}
		for _, th := range ranked {
			ref := refs[th.Track.ID]
			if th.Site == "" || ref.src != u || !u.fire.held(ref.id, now) || u.bm.Doctrine.Coasting(th.Track) != "" {
				continue
			}
			aim, tof, ok := m.gun.Lead(m.pos, th.Track.Pos, th.Track.Vel)
			if !ok {
				continue
			}
			s := r3.Norm(r3.Sub(aim, m.pos))
			if s < m.gun.MinRange || s > m.openFire || m.frame.ToENU(aim).Z > m.gun.MaxAltitude {
				continue
			}
			w.burst(u, m, th, ref, aim, tof, now)
			break
		}
	}
}

// burst fires one burst of m at the track of th, aimed at aim, which the
// rounds reach after tof.
func (w *world) burst(u *unit, m *gunMount, th bm.Threat, ref trackRef, aim r3.Vec, tof, now float64) {
	n := min(m.gun.BurstRounds(), m.rounds)
	m.rounds -= n
	m.busyUntil = now + m.gun.BurstTime
	m.bursts++
	id := fmt.Sprintf("%s-b%03d", m.launcher.ID, m.bursts)
	tgt := w.threatOfTag(ref.tag)
	s := r3.Norm(r3.Sub(aim, m.pos))
	e := event.Event{T: now, Type: event.GunBurst, Unit: u.spec.ID, Launcher: m.launcher.ID, Interceptor: id,
		Track: ref.id, Radar: u.fc.spec.ID, Class: th.Class, Site: th.Site, PIP: w.position(aim),
		Range: round(s, 0.1), TOF: round(tof, 0.01), Rounds: n,
		Reason: fmt.Sprintf("%s threatened, %.1f s to go; %d rounds at the point the track meets them, %.2f km out (%d rounds left)",
			th.Site, th.TimeToGo, n, s/1000, m.rounds)}
	if math.IsInf(th.TimeToGo, 0) {
		e.Reason = fmt.Sprintf("%s threatened; %d rounds at the point the track meets them, %.2f km out (%d rounds left)", th.Site, n, s/1000, m.rounds)
	}
	if tgt != nil {
		e.Threat, e.ThreatType, e.Decoy = tgt.spec.ID, tgt.spec.Type, tgt.spec.Decoy
	}
	w.emit(e)
	w.eng.At(now+tof, sim.Engage, func(t float64) { w.burstArrives(u, m, id, tgt, aim, n, now, t) })
}

// burstArrives is the burst id of n rounds, fired at fired, reaching the
// range of its aim point at now: where its rounds pass the true target,
// how many hit, and whether one killed it.
func (w *world) burstArrives(u *unit, m *gunMount, id string, th *threat, aim r3.Vec, n int, fired, now float64) {
	e := event.Event{T: now, Type: event.GunHits, Unit: u.spec.ID, Launcher: m.launcher.ID, Interceptor: id, Rounds: n}
	hits, killed := 0, false
	e.Hits, e.Killed = &hits, &killed
	if th == nil {
		e.Reason = "the track followed no threat: the rounds hit nothing"
		w.emit(e)
		return
	}
	e.Threat, e.ThreatType, e.Decoy = th.spec.ID, th.spec.Type, th.spec.Decoy
	if th.done || !th.alive {
		e.Reason = "the target was gone before the rounds arrived"
		w.emit(e)
		return
	}
	// The rounds fly the line from the gun through the aim point. A round
	// is at distance s along it at fired + TimeOfFlight(s); find where
	// the target crosses that line's range: s = the target's distance
	// along the line, refined twice (the target moves little in the
	// difference).
	dir := r3.Unit(r3.Sub(aim, m.pos))
	pos, vel, ok := th.mover.State(now)
	if !ok {
		pos, vel = th.lastAt, r3.Vec{}
	}
	t := now
	for range 2 {
		s := r3.Dot(r3.Sub(pos, m.pos), dir)
		t = fired + m.gun.TimeOfFlight(max(0, s))
		if p, v, ok := th.mover.State(t); ok {
			pos, vel = p, v
		}
	}
	s := r3.Dot(r3.Sub(pos, m.pos), dir)
	at := r3.Add(m.pos, r3.Scale(s, dir))
	miss := r3.Sub(at, pos)
	miss = r3.Sub(miss, r3.Scale(r3.Dot(miss, dir), dir)) // in the plane normal to the line of fire
	bias := r3.Norm(miss)
	sigma := m.gun.Dispersion * s
	cosAspect := 1.0
	if sp := r3.Norm(vel); sp > 0 {
		cosAspect = r3.Dot(vel, dir) / sp
	}
	area := weapon.PresentedArea(th.spec.Length, th.spec.Diameter, cosAspect)
	rng := w.stream("gun", id)
	hits, killed = weapon.Burst(n, area, sigma, bias, 0, m.gun.PkHit, rng.NormFloat64, rng.Float64)
	pk := weapon.BurstKillProbability(n, area, sigma, bias, m.gun.PkHit)
	e.Pos, e.Range, e.Miss, e.Pk = w.position(pos), round(s, 0.1), ptr(round(bias, 0.01)), round(pk, 1e-4)
	e.Reason = fmt.Sprintf("aim %.1f m off the target, rounds spread %.1f m (1 sigma) at %.2f km, %.2f m2 presented: P_K = 1 - (1 - %.2f P_H)^%d = %.3f",
		bias, sigma, s/1000, area, m.gun.PkHit, n, pk)
	w.emit(e)
	if !killed {
		return
	}
	th.alive, th.done = false, true
	w.moves++
	th.killed, th.killedAt, th.killedBy, th.killedPos = true, now, id, pos
	w.emit(event.Event{T: now, Type: event.Kill, Unit: u.spec.ID, Launcher: m.launcher.ID, Interceptor: id,
		Threat: th.spec.ID, ThreatType: th.spec.Type, Decoy: th.spec.Decoy, Pos: w.position(pos),
		Reason: fmt.Sprintf("%d of %d rounds of burst %s hit", hits, n, id)})
}
