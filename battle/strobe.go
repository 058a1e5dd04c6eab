package battle

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/radar"
	"github.com/iadsim/iadsim/track"
)

// Strobes and jammer fixes.
//
// Each look of a jammed radar reports a strobe, the bearing of each
// jammer it hears strongly enough (radar.Strobes), as a strobe event.
// The picture keeps each radar's strobes of its last look. When a radar's
// look has exactly one strobe, and another radar whose strobes the unit
// sees (its own, or an IADS member's while the IADS stands) had exactly
// one in a look less than the slower radar's scan period before, the unit
// crosses the two bearings into a jammer_fix (track.Triangulate): the
// point under the jammer, and the fix's expected error from the bearing
// noise. The older bearing may be up to a scan old: a jammer flying
// across it at v adds up to v·Δt/sin γ to the error, which the expected
// error leaves out (the picture does not know the jammer's speed). With
// more than one strobe on either side the picture cannot tell which
// bearings belong together without a third radar, and makes no fix. One
// fix per pair of radars per scan of the slower one.

// strobeLook is one radar's strobes of its last look.
type strobeLook struct {
	t       float64
	strobes []radar.Strobe
	jammers []string // the jammer (threat id) of each strobe: truth, for the record
}

// strobes records the strobes of radar sn of unit u in the look jm and
// crosses them with the other radars' into fixes.
func (w *world) strobes(u *unit, sn *sensor, jm radar.Jamming, jammers []radar.Jammer, now float64) {
	if sn.strobeRng == nil {
		sn.strobeRng = map[string]*rand.Rand{}
	}
	ss := sn.r.Strobes(now, jm, func(i int) *rand.Rand {
		id := jammers[i].ID
		r, ok := sn.strobeRng[id]
		if !ok {
			r = w.stream("strobe", sn.spec.ID, id)
			sn.strobeRng[id] = r
		}
		return r
	})
	look := strobeLook{t: now, strobes: ss}
	for _, s := range ss {
		id := jammers[s.Jammer].ID
		look.jammers = append(look.jammers, id)
		w.emit(event.Event{T: now, Type: event.Strobe, Unit: u.spec.ID, Radar: sn.spec.ID, Threat: id,
			ThreatType: w.threatByID(id).spec.Type, Azimuth: round(deg(s.Az), 1e-4), JN: jnDB(s.JN)})
	}
	sn.lastStrobes = look
	if len(ss) != 1 {
		return
	}
	for _, v := range w.units {
		if v != u && !(w.iads != nil && w.iads.alive && w.iads.member[u] && w.iads.member[v]) {
			continue
		}
		for _, o := range v.sensors {
			if o == sn {
				continue
			}
			w.fix(u, sn, v, o, now)
		}
	}
}

// fix crosses the one strobe of sn's look at now with the one of o's
// last look, if it is fresh, into a jammer_fix of unit u.
func (w *world) fix(u *unit, sn *sensor, v *unit, o *sensor, now float64) {
	period := math.Max(sn.spec.ScanPeriod, o.spec.ScanPeriod)
	ol := o.lastStrobes
	if len(ol.strobes) != 1 || now-ol.t >= period {
		return
	}
	key := [2]*sensor{sn, o}
	if v.index < u.index || v.index == u.index && o.index < sn.index {
		key = [2]*sensor{o, sn}
	}
	if last, ok := w.fixedAt[key]; ok && now-last < period {
		return
	}
	a, b := sn.lastStrobes.strobes[0], ol.strobes[0]
	f, ok := track.Triangulate(
		track.Bearing{Site: sn.r.Config().Site, Az: a.Az, Sigma: sn.r.Config().SigmaAz},
		track.Bearing{Site: o.r.Config().Site, Az: b.Az, Sigma: o.r.Config().SigmaAz})
	if !ok {
		return
	}
	if w.fixedAt == nil {
		w.fixedAt = map[[2]*sensor]float64{}
	}
	w.fixedAt[key] = now
	id, other := sn.lastStrobes.jammers[0], ol.jammers[0]
	e := event.Event{T: now, Type: event.JammerFix, Unit: u.spec.ID, Radar: sn.spec.ID, Threat: id,
		ThreatType: w.threatByID(id).spec.Type, Pos: position(f.Pos),
		Reason: fmt.Sprintf("bearings %.2f° from %s and %.2f° from %s (%.1f s earlier) cross at %.1f°, %.0f and %.0f km out: expected error %.1f km; height unknown",
			deg(a.Az), sn.spec.ID, deg(b.Az), o.spec.ID, now-ol.t, deg(f.Crossing), f.R1/1e3, f.R2/1e3, f.Sigma/1e3)}
	if other != id {
		e.Reason += fmt.Sprintf("; a ghost: the second bearing is of %s", other)
	} else if th := w.threatByID(id); th != nil {
		if p, _, ok := th.mover.State(now); ok {
			g := geo.FromECEF(p)
			d, _, _ := geo.Inverse(geo.FromECEF(f.Pos), geo.LLA{Lat: g.Lat, Lon: g.Lon})
			e.Miss = ptr(round(d, 0.1))
		}
	}
	w.emit(e)
}

// threatByID is the threat with id, or nil.
func (w *world) threatByID(id string) *threat {
	for _, th := range w.threats {
		if th.spec.ID == id {
			return th
		}
	}
	return nil
}
