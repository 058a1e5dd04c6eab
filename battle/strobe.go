package battle

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/radar"
	"github.com/iadsim/iadsim/track"
	"gonum.org/v1/gonum/spatial/r3"
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
		if w.lean {
			continue // a summary reads no strobe
		}
		w.emit(event.Event{T: now, Type: event.Strobe, Unit: u.spec.ID, Radar: sn.spec.ID, Threat: id,
			ThreatType: w.threatByID(id).spec.Type, Azimuth: round(deg(s.Az), 1e-4), JN: jnDB(s.JN)})
	}
	sn.lastStrobes = look
	if len(ss) != 1 {
		return
	}
	for _, v := range w.units {
		if v != u && !w.iads.Together(u.member, v.member) {
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
		ThreatType: w.threatByID(id).spec.Type, Pos: w.position(f.Pos),
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
	if th := w.threatByID(id); th != nil {
		u.holdJammer(th.idx, f, now, period)
		if v != u {
			v.holdJammer(th.idx, f, now, period)
		}
	}
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

// A jammer track is what the picture keeps of a jammer from its fixes:
// the last fix's point and expected error, no velocity (a fix is a
// position only) and no height (the bearings are azimuths). Each fix of
// the same jammer replaces it; it is dropped when no fix has come for two
// scans of the slower radar of its last pair, as when the strobes stop
// (the jammer burnt through, fell silent or left).
//
// With doctrine jammer_cueing, the unit's fire-control radar puts a track
// dwell along a jammer track it covers: a self-screening jammer that its
// search radars see only as a strobe is then found by the engagement
// radar at the first look where burn-through lets it, not when its search
// sweep next passes that way.
type jammerTrack struct {
	id    int     // track number, in the unit's series of jammer tracks
	tag   int     // the threat of the fix's bearing: truth, as a track's tag
	pos   r3.Vec  // the fix, ECEF, on the ellipsoid
	sigma float64 // the fix's expected error, m
	t     float64 // time of the fix
	until float64 // dropped after this without a new fix
}

// holdJammer puts fix f of the jammer with threat tag at now into u's
// picture; period is the slower scan period of the two radars.
func (u *unit) holdJammer(tag int, f track.Fix, now, period float64) {
	if u.jammerTracks == nil {
		u.jammerTracks = map[int]*jammerTrack{}
	}
	jt, ok := u.jammerTracks[tag]
	if !ok || now > jt.until {
		u.jammerSeq++
		jt = &jammerTrack{id: u.jammerSeq, tag: tag}
		u.jammerTracks[tag] = jt
	}
	jt.pos, jt.sigma, jt.t, jt.until = f.Pos, f.Sigma, now, now+2*period
}

// jammersAt is u's jammer tracks at now, by track number; those past
// their time are dropped.
func (u *unit) jammersAt(now float64) []*jammerTrack {
	var out []*jammerTrack
	for tag, jt := range u.jammerTracks {
		if now > jt.until {
			delete(u.jammerTracks, tag)
			continue
		}
		out = append(out, jt)
	}
	slices.SortFunc(out, func(a, b *jammerTrack) int { return cmp.Compare(a.id, b.id) })
	return out
}

// jammerCues are the threat tags of u's jammer tracks that its
// fire-control radar covers at now (doctrine jammer_cueing). The fix has
// no height, so coverage is judged in azimuth and ground range: the
// dwell is put along the bearing over the radar's elevation coverage.
func (u *unit) jammerCues(now float64) []int {
	if !u.spec.Doctrine.JammerCueing || !u.fire.hasBudget {
		return nil
	}
	var tags []int
	cfg := u.fc.r.Config()
	for _, jt := range u.jammersAt(now) {
		a := u.fc.r.Frame().AER(jt.pos)
		if a.Range <= cfg.MaxRange && cfg.Sector.Contains(a.Az) {
			tags = append(tags, jt.tag)
		}
	}
	return tags
}
