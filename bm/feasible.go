package bm

import (
	"slices"

	"gonum.org/v1/gonum/spatial/r3"
)

// feasibleShot is bestShot's answer to Feasible, the command post's
// question of every unit with a shot free on every target at every
// decision instant: whether the unit has a shot, and the kill probability
// of its round. bestShot weighs the shot of every launcher and round to
// choose the launcher of the best round with the earliest intercept (and
// to say why each other was not chosen); the kill probability is the
// chosen round's, the same from every launcher of it. So here the
// launchers' rounds are taken in the doctrine's order and the search
// stops at the first round that has a shot: no round after it in the
// order could be chosen over it. Where rounds of different missiles share
// a rank (no order for the target's class: their cost orders them, and
// two may cost the same), the earliest intercept among them decides, as
// in bestShot, and every one of that rank is weighed. The answer is
// bestShot's (TestFeasibleShotIsBestShots), at the cost of one shot's
// geometry where bestShot had one per launcher and round.
func (u *Unit) feasibleShot(now float64, th Threat, salvo int, remote bool) (pk float64, ok bool) {
	launchAt, tgt, vel := u.launchPoint(now, th)
	type round struct {
		l    *Launcher
		r    *Round
		rank float64
	}
	var cs []round
	for _, l := range u.Launchers {
		if l.ReadyAt > launchAt {
			continue
		}
		for i := range l.Rounds {
			r := &l.Rounds[i]
			if rank, ok := u.usable(th, r, salvo, remote); ok {
				cs = append(cs, round{l, r, rank})
			}
		}
	}
	// In the doctrine's order, launchers' order kept within a rank: the
	// order in which bestShot breaks ties of intercept time.
	slices.SortStableFunc(cs, func(a, b round) int {
		switch {
		case a.rank < b.rank:
			return -1
		case a.rank > b.rank:
			return 1
		}
		return 0
	})
	for k := 0; k < len(cs); {
		// The rounds of one rank: cs[k:e].
		e := k + 1
		alike := true // one missile's kill probability for the whole rank
		for e < len(cs) && cs[e].rank == cs[k].rank {
			alike = alike && cs[e].r.Missile.PkMax == cs[k].r.Missile.PkMax
			e++
		}
		var best *round
		var bestTOF float64
		for c := k; c < e; c++ {
			_, tof, why := u.shot(now, th, cs[c].r.Missile, cs[c].l, launchAt, tgt, vel, true)
			if why.rejects() {
				continue
			}
			if best == nil || tof < bestTOF-1e-9 {
				best, bestTOF = &cs[c], tof
			}
			if alike {
				break
			}
		}
		if best == nil {
			k = e
			continue
		}
		if u.Doctrine.HoldFor[th.Class] && !remote {
			if why := u.holdFor(now, th, salvo, best.r.Missile, best.rank, launchAt, tgt); why.waits() {
				return 0, false
			}
		}
		return best.r.Missile.PkMax, true
	}
	return 0, false
}

// usable reports whether round r may fire a salvo at th, and its rank in
// the doctrine's order: the tests of bestShot's switch, without their
// reasons.
func (u *Unit) usable(th Threat, r *Round, salvo int, remote bool) (float64, bool) {
	m := r.Missile
	rank, ok := u.Doctrine.rank(th.Class, m)
	return rank, ok && r.Count > 0 && r.Count >= salvo && !(remote && m.Guidance.NeedsFireControl())
}

// launchPoint is when a shot decided now leaves (after the doctrine's
// reaction time) and where the target then is, on the velocity the
// fire-control solution extrapolates (plannedVelocity): where the
// solution starts from.
func (u *Unit) launchPoint(now float64, th Threat) (launchAt float64, tgt, vel r3.Vec) {
	launchAt = now + u.Doctrine.ReactionTime
	vel = plannedVelocity(th)
	return launchAt, r3.Add(th.Track.Pos, r3.Scale(launchAt-th.Track.T, vel)), vel
}
