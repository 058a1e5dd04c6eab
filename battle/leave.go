package battle

import (
	"fmt"
	"math"

	"github.com/iadsim/iadsim/bm"
	"gonum.org/v1/gonum/spatial/r3"
)

// Leaving threats to point defence.
//
// A battalion whose doctrine sets leave_to_point_defence does not spend
// its long-range rounds on what heads for its own radars (an
// anti-radiation missile, a cruise missile aimed at the 92N6E) while a
// point-defence unit protecting it (protects:) can still shoot: its fire-
// control radar stands and it has missiles or gun rounds left. Those
// threats are the point defence's, which ranks them as heading for the
// radars it protects (protectedSites). Both the unit's own decision and
// the IADS's weapon-target assignment honour it: the assignment gives the
// battalion no kill probability against such a target, so it goes to the
// point defence or to no one. The doctrine is the battalion's, so that
// one battalion may keep its rounds for what the Pantsir cannot take
// while another, without point defence, fights alone.

// leftToPointDefence says why unit u leaves th to its point defence, or
// "" when it does not. A threat counts as heading for one of u's radars
// when its track's straight line passes within armAimMiss (3 km) of it,
// or, for a track as fast as an anti-radiation missile, its line in plan
// view does (armInPlan),
// the test by which the unit's emission control recognises an
// anti-radiation missile: wider than the point defence's own 1 km, so
// that the battalion does not fire at a young track whose heading is
// still a few degrees off. Once left, a track stays left while the point
// defence can shoot: a lofted anti-radiation missile's track points at
// the radar, then over it while it climbs, then at it again as it dives,
// and the decision does not flip with it.
func (w *world) leftToPointDefence(u *unit, th bm.Threat) string {
	if !u.spec.Doctrine.LeaveToPointDefence {
		return ""
	}
	var guard *unit
	for _, p := range w.units {
		if p.spec.Protects == u.spec.ID && p.canShoot() {
			guard = p
			break
		}
	}
	if guard == nil {
		return ""
	}
	site, ok := w.leftTo[th.Track.ID]
	if !ok {
		sites := radarSites(u, 1)
		for i := range sites {
			sites[i].Radius = armAimMiss
		}
		if site = bm.EvaluateTrack(w.onGround(th.Track), sites).Site; site == "" {
			site = armInPlan(u, th.Track)
		}
		if site == "" {
			return ""
		}
		if w.leftTo == nil {
			w.leftTo = map[int]string{}
		}
		w.leftTo[th.Track.ID] = site
	}
	return fmt.Sprintf("left to point defence %s: heading for %s (doctrine leave_to_point_defence)", guard.spec.ID, site)
}

// canShoot reports whether u can still engage: its fire-control radar
// stands and it has rounds, missiles or gun rounds.
func (u *unit) canShoot() bool {
	if u.fc.destroyed {
		return false
	}
	if u.bm.Available() > 0 {
		return true
	}
	for _, m := range u.guns {
		if m.rounds > 0 {
			return true
		}
	}
	return false
}

// radarSites are the radars of v that still stand, each a site of
// protectedRadius worth value: what point defence protects.
func radarSites(v *unit, value float64) []bm.Site {
	var out []bm.Site
	for _, sn := range v.sensors {
		if !sn.destroyed {
			out = append(out, bm.NewSite(sn.spec.ID, sn.spec.At.ECEF(), value, protectedRadius))
		}
	}
	return out
}

// armHeadingTolerance is the heading error of a young track that still
// counts as running at a radar, so that the line may pass farther off
// than armAimMiss at long range: an assumption, the 1-3° of a young
// track's heading (protectedRadius) with a margin.
const armHeadingTolerance = 5 * math.Pi / 180

// armInPlan is the radar of u that track tk runs at in plan view as an
// anti-radiation missile would, or "": a track at armMinSpeed or faster
// whose horizontal line, closing, passes within armAimMiss of the radar,
// or within armHeadingTolerance of it seen from the track.
// A lofted missile climbs or cruises over the radar before it dives, and
// its straight line in three dimensions passes kilometres above it; its
// ground track does not.
func armInPlan(u *unit, tk bm.Track) string {
	if r3.Norm(tk.Vel) < armMinSpeed {
		return ""
	}
	for _, sn := range u.sensors {
		if sn.destroyed {
			continue
		}
		f := sn.r.Frame()
		p, v := f.ToENU(tk.Pos), f.RotateToENU(tk.Vel)
		p.Z, v.Z = 0, 0
		sp := r3.Norm(v)
		if sp == 0 {
			continue
		}
		closing := -r3.Dot(p, v) / sp // how far along its heading the closest point lies
		if closing <= 0 {
			continue
		}
		r := r3.Norm(p)
		if math.Sqrt(max(r*r-closing*closing, 0)) <= max(armAimMiss, r*math.Tan(armHeadingTolerance)) {
			return sn.spec.ID
		}
	}
	return ""
}
