package battle

import (
	"fmt"
	"math"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/track"
	"github.com/iadsim/iadsim/wta"
)

// allocation is the IADS command post's plan for one decision instant:
// which unit engages which target of the shared picture, from a
// weapon-target assignment that maximises the expected value destroyed.
type allocation struct {
	t         float64
	clusterOf map[int]int // track key -> target (a cluster of the units' tracks of one target)
	owners    [][]*unit   // target -> units assigned to it
	assigned  map[*unit]map[int]bool
	pk        map[*unit]map[int]float64
}

// allocRounds bounds the local search of each cycle's assignment: a
// deterministic budget, so a run does not depend on the machine's speed.
const allocRounds = 10

// allocate solves the IADS's weapon-target assignment for this instant:
// weapons are its units (shots: their free fire channels), targets the
// tracks of the shared picture gathered into one per target, values the
// threat-evaluation scores, and p the units' expected kill probability of
// an engagement (0 where a unit cannot engage). Units then engage only the
// targets assigned to them.
func (w *world) allocate(now float64) {
	w.alloc = nil
	if w.iads == nil || !w.iads.alive {
		return
	}
	var members []*unit
	for _, u := range w.units {
		if w.iads.member[u] && !u.fc.silent {
			members = append(members, u)
		}
	}
	// The shared picture, one entry per target: tracks of different units
	// that correlate are one target.
	type target struct {
		rep  bm.Track
		keys []int
	}
	var all []bm.Track
	for _, u := range members {
		for _, tk := range u.tracker.Tracks() {
			if tk.Status != track.Confirmed {
				continue
			}
			bt := u.ecefTrack(tk, now)
			bt.ID = trackRef{src: u, id: tk.ID}.key()
			all = append(all, bt)
		}
	}
	var targets []target
	for i, c := range gather(all) {
		if c == len(targets) {
			targets = append(targets, target{rep: all[i]})
		}
		targets[c].keys = append(targets[c].keys, all[i].ID)
	}
	if len(targets) == 0 || len(members) == 0 {
		return
	}
	ranked := make([]bm.Threat, len(targets))
	for i, t := range targets {
		ranked[i] = w.assess(t.rep)
	}
	bm.Rank(ranked)
	index := map[int]int{} // rep key -> target index
	for i, t := range targets {
		index[t.rep.ID] = i
	}

	in := &wta.Instance{
		Value:    make([]float64, len(targets)),
		Cap:      make([]int, len(members)),
		P:        make([][]float64, len(members)),
		MaxShots: make([]int, len(targets)),
	}
	a := &allocation{t: now, clusterOf: map[int]int{}, owners: make([][]*unit, len(targets)),
		assigned: map[*unit]map[int]bool{}, pk: map[*unit]map[int]float64{}}
	threats := make([]bm.Threat, len(targets))
	under := w.engagedAt(now)
	for _, th := range ranked {
		j := index[th.Track.ID]
		threats[j] = th
		in.Value[j] = th.Score
		// Units already engaging the target use up its allowance.
		in.MaxShots[j] = w.iads.perTarget - w.engagedBy(under, th.Track)
	}
	for j, t := range targets {
		for _, k := range t.keys {
			a.clusterOf[k] = j
		}
	}
	for i, u := range members {
		in.Cap[i] = min(u.bm.FreeChannels(), u.bm.FreeGuided(), u.bm.Available())
		in.P[i] = make([]float64, len(targets))
		a.pk[u] = map[int]float64{}
		if in.Cap[i] == 0 {
			// A unit with no shot to give takes no target: its planner
			// need not be asked (the assignment never reads its row).
			continue
		}
		for j := range targets {
			if in.MaxShots[j] <= 0 || anyBusy(u, targets[j].keys) || u.reach.beyond(u.bm.FC.Pos, threats[j].Track) || w.leftToPointDefence(u, threats[j]) != "" {
				continue
			}
			if pk, ok := u.bm.Feasible(now, threats[j]); ok {
				salvo := u.bm.Doctrine.SalvoFor(threats[j].Class)
				in.P[i][j] = 1 - math.Pow(1-pk, float64(salvo))
				a.pk[u][j] = in.P[i][j]
			}
		}
	}
	for j := range in.MaxShots {
		in.MaxShots[j] = max(in.MaxShots[j], 0)
	}
	res, err := wta.Greedy(in)
	if err == nil {
		if better, err2 := wta.LocalSearch(in, wta.Options{MaxIter: allocRounds, Rand: w.stream("iads", "allocation", fmt.Sprint(now)), Start: res.Assignment}); err2 == nil {
			res = better
		}
	}
	if err != nil {
		return // an empty or degenerate instance: every unit decides alone
	}
	for i, u := range members {
		a.assigned[u] = map[int]bool{}
		for _, j := range res.Assignment[i] {
			if !a.assigned[u][j] {
				a.assigned[u][j] = true
				a.owners[j] = append(a.owners[j], u)
			}
		}
	}
	w.alloc = a
}

// gather is the correlation of the units' tracks into the picture's
// targets: the target of each track, numbered in order of first
// appearance. A track joins the first target whose first track
// (its representative) it correlates with (bm.Correlate), or starts a
// new one.
// The representatives are indexed by place (bm.Near): a track is tested
// only against those near it, in the same order.
func gather(tracks []bm.Track) []int {
	of := make([]int, len(tracks))
	var reps []int // track index of each target's representative
	var near bm.Near
	var cand []int
	for i, t := range tracks {
		of[i] = -1
		cand = near.Candidates(t, cand[:0])
		for _, c := range cand {
			r := reps[c]
			if bm.Apart(t, tracks[r]) {
				continue
			}
			if same, _ := bm.Correlate(t, tracks[r]); same {
				of[i] = c
				break
			}
		}
		if of[i] < 0 {
			of[i] = len(reps)
			near.Add(len(reps), t)
			reps = append(reps, i)
		}
	}
	return of
}

func anyBusy(u *unit, keys []int) bool {
	for _, k := range keys {
		if u.bm.Busy(k) {
			return true
		}
	}
	return false
}

// engagedBy counts the units engaging the target of track t now, of the
// engagements under way indexed in d (engaged).
func (w *world) engagedBy(d *engaged, t bm.Track) int {
	seen := map[*unit]bool{}
	d.cand = d.near.Candidates(t, d.cand[:0])
	for _, i := range d.cand {
		e, est := d.engs[i], d.ests[i]
		if !bm.Apart(t, est) {
			if same, _ := bm.Correlate(t, est); same {
				seen[e.shooter] = true
			}
		}
	}
	return len(seen)
}

// engaged is every engagement under way at one instant with its
// target's estimate, indexed by place.
type engaged struct {
	engs []*engagement
	ests []bm.Track
	near bm.Near
	cand []int
}

// engagedAt estimates the target of every engagement under way at t
// (targetOf), in their order, and indexes them.
func (w *world) engagedAt(t float64) *engaged {
	d := &engaged{}
	for _, e := range w.engagements {
		if est, ok := w.targetOf(e, t); ok {
			d.engs = append(d.engs, e)
			d.ests = append(d.ests, est)
		}
	}
	d.near.Reset(d.ests)
	return d
}

// allocated says why unit u must leave a threat to other units under this
// instant's allocation, or no reason if the allocation gives it to u or
// does not know it. The reason is a value: its text is built only if the
// hold is said.
func (w *world) allocated(u *unit, th bm.Threat) bm.Reason {
	a := w.alloc
	if a == nil || a.t != th.Track.T || !w.iads.shares(u) {
		return bm.Reason{}
	}
	j, ok := a.clusterOf[th.Track.ID]
	if !ok || a.assigned[u][j] || len(a.owners[j]) == 0 {
		return bm.Reason{}
	}
	ids := make([]string, len(a.owners[j]))
	pk := make([]float64, len(a.owners[j]))
	for i, o := range a.owners[j] {
		ids[i], pk[i] = o.spec.ID, a.pk[o][j]
	}
	return bm.AssignedTo(ids, pk)
}
