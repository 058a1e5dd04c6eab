package battle

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/scenario"
	"gonum.org/v1/gonum/spatial/r3"
)

// Losing parts of the grid.
//
// A threat may be aimed at a piece of an air-defence unit (target: the id
// of a radar, a launcher or a command post). An anti-radiation missile
// homes on a radar's emission (arm.go). Any other threat flies to the
// point it was aimed at and lands off it by its guidance error: a
// circular normal miss with the same spread in east and north, whose
// distance r is Rayleigh distributed,
//
//	P(r <= x) = 1 - exp(-x²/2σ²),   σ = CEP/√(2 ln 2),
//
// so that half the rounds land within the CEP (the definition of the
// circular error probable). Within its warhead's lethal radius the
// equipment is destroyed:
//
//   - a radar never looks again (radar_destroyed); if it was the unit's
//     fire-control radar the unit makes no more engagements and its
//     command-guided rounds in flight are lost; without a search radar the
//     unit sees through its fire-control radar alone, and, if its doctrine
//     sets grid_cueing, that radar is cued by the grid's picture (cue.go);
//   - a launcher fires no more and is not reloaded (launcher_destroyed):
//     its rounds are lost, and rounds ordered from it and not yet
//     launched are called off;
//   - a command post takes its unit out of its IADS
//     (command_post_destroyed): the unit fights on autonomously, on its
//     own picture, deconflicted with no one, and the other units no
//     longer see its tracks.

// cepSigma is the σ of the circular normal miss whose median radial miss
// is cep.
func cepSigma(cep float64) float64 { return cep / math.Sqrt(2*math.Ln2) }

// rayleighMiss draws a radial miss of a circular normal error with median
// cep: σ√(-2 ln U), U uniform on (0, 1].
func rayleighMiss(cep float64, rng *rand.Rand) float64 {
	u := 1 - rng.Float64() // (0, 1]
	return cepSigma(cep) * math.Sqrt(-2*math.Log(u))
}

// strike is a threat other than an anti-radiation missile arriving at the
// equipment it was aimed at: where it lands and what it destroys.
func (w *world) strike(th *threat, now float64) {
	eq := th.spec.Equipment
	rng := w.stream("strike", th.spec.ID)
	miss := rayleighMiss(th.spec.CEP, rng)
	dir := rng.Float64() * 2 * math.Pi
	f := geo.NewFrame(eq.At)
	at := f.FromENU(r3.Vec{X: miss * math.Sin(dir), Y: miss * math.Cos(dir)})
	miss = round(miss, 0.01)
	e := event.Event{T: now, Type: event.Impact, Threat: th.spec.ID, ThreatType: th.spec.Type, Unit: eq.Unit,
		Pos: position(at), Miss: &miss,
		Reason: fmt.Sprintf("aimed at %s %s: landed %.1f m off by its guidance error (CEP %.0f m)", eq.Kind, eq.ID, miss, th.spec.CEP)}
	equipmentField(&e, eq)
	w.emit(e)
	th.gone = fmt.Sprintf("it struck at %s %s at %.1f s", eq.Kind, eq.ID, now)
	if miss <= th.spec.LethalRadius {
		w.destroy(eq, th, miss, now)
	}
}

// equipmentField names eq in the event's field for its kind: radar,
// launcher, or site for a command post.
func equipmentField(e *event.Event, eq *scenario.Equipment) {
	switch eq.Kind {
	case scenario.EquipmentRadar:
		e.Radar = eq.ID
	case scenario.EquipmentLauncher:
		e.Launcher = eq.ID
	case scenario.EquipmentPost:
		e.Site = eq.ID
	}
}

// destroy destroys the equipment eq, which th landed miss from.
func (w *world) destroy(eq *scenario.Equipment, th *threat, miss float64, now float64) {
	var u *unit
	for _, v := range w.units {
		if v.spec.ID == eq.Unit {
			u = v
		}
	}
	if u == nil {
		return // the scenario resolved eq to one of its units
	}
	switch eq.Kind {
	case scenario.EquipmentRadar:
		for _, sn := range u.sensors {
			if sn.spec.ID == eq.ID {
				w.destroyRadar(u, sn, th, miss, now)
			}
		}
	case scenario.EquipmentLauncher:
		for _, l := range u.bm.Launchers {
			if l.ID == eq.ID {
				w.destroyLauncher(u, l, th, miss, now)
			}
		}
	case scenario.EquipmentPost:
		w.destroyPost(u, th, miss, now)
	}
}

// lethal is the reason's opening: how close th landed, within its
// warhead's lethal radius.
func lethal(th *threat, miss float64) string {
	return fmt.Sprintf("miss %.1f m within the %.0f m lethal radius of its warhead", miss, th.spec.LethalRadius)
}

// destroyRadar destroys radar sn of unit u: it never looks again.
func (w *world) destroyRadar(u *unit, sn *sensor, th *threat, miss float64, now float64) {
	if sn.destroyed {
		return
	}
	if sn.emitting(now) {
		sn.silentAt = now
	}
	sn.destroyed = true
	why := lethal(th, miss) + "; the radar never looks again"
	switch {
	case sn == u.fc:
		why += "; it was the unit's fire-control radar: the unit makes no more engagements and the rounds it guides are lost"
	case !u.searching():
		why += "; the unit has no search radar left: it sees through its fire-control radar alone"
		if u.spec.Doctrine.GridCueing && w.shares(u) {
			why += ", cued by the grid's picture"
		}
	}
	w.emit(event.Event{T: now, Type: event.RadarDestroyed, Unit: u.spec.ID, Radar: sn.spec.ID,
		Threat: th.spec.ID, ThreatType: th.spec.Type, Miss: &miss, Reason: why})
}

// searching reports whether one of u's search radars still stands.
func (u *unit) searching() bool {
	for _, sn := range u.sensors {
		if sn != u.fc && !sn.destroyed {
			return true
		}
	}
	return false
}

// destroyLauncher destroys launcher l of unit u: its rounds are lost and
// it is never reloaded.
func (w *world) destroyLauncher(u *unit, l *bm.Launcher, th *threat, miss float64, now float64) {
	if u.lost[l] {
		return
	}
	u.lost[l] = true
	rounds := 0
	for i := range l.Rounds {
		rounds += l.Rounds[i].Count
		l.Rounds[i].Count = 0
	}
	w.emit(event.Event{T: now, Type: event.LauncherDestroyed, Unit: u.spec.ID, Launcher: l.ID,
		Threat: th.spec.ID, ThreatType: th.spec.Type, Miss: &miss,
		Reason: fmt.Sprintf("%s; %d rounds lost, it fires no more", lethal(th, miss), rounds)})
}

// destroyPost destroys unit u's command post: u leaves its IADS and
// fights on alone.
func (w *world) destroyPost(u *unit, th *threat, miss float64, now float64) {
	if u.postLost {
		return
	}
	u.postLost = true
	why := lethal(th, miss) + "; the unit fights on autonomously"
	if w.shares(u) {
		w.iads.Leave(u.member)
		why += ": out of the IADS, no shared picture, no deconfliction, and the other units no longer see its tracks"
	}
	w.emit(event.Event{T: now, Type: event.PostDestroyed, Unit: u.spec.ID, Site: u.spec.CommandPost.ID,
		Threat: th.spec.ID, ThreatType: th.spec.Type, Miss: &miss, Reason: why})
}

// protectedSites are what unit u defends: the scenario's sites and, for
// point defence (protects:), the radars of the unit it protects, each a
// site of protectedRadius worth as much as the scenario's most valuable
// site (1 without sites), so that a threat bearing down on them ranks
// with one bearing down on a site.
func (w *world) protectedSites(u *unit) []bm.Site {
	if u.spec.Protects == "" {
		return w.sites
	}
	value := 1.0
	for _, s := range w.sites {
		value = max(value, s.Value)
	}
	out := append([]bm.Site(nil), w.sites...)
	for _, v := range w.units {
		if v.spec.ID == u.spec.Protects {
			out = append(out, radarSites(v, value)...)
		}
	}
	return out
}

// protectedRadius is the radius around a protected radar within which a
// threat's predicted path counts as reaching it: an assumption, set by
// the prediction's error rather than by the warheads' lethal radii
// (15-40 m in the catalogue). Threat evaluation extends a track in a
// straight line; at the 20 km reach of a Pantsir's 57E6E, a heading
// error of 1-3° (a young track's) puts that line 350-1000 m off.
const protectedRadius = 1000.0 // m
