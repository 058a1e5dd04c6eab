package iads

import (
	"fmt"
	"math"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/wta"
)

// allocation is the command post's plan for one decision instant: which
// unit engages which target of the shared picture, from a weapon-target
// assignment that maximises the expected value destroyed.
type allocation struct {
	t         float64
	clusterOf map[int]int // track key -> target (a cluster of the units' tracks of one target)
	owners    [][]Unit    // target -> units assigned to it
	assigned  map[Unit]map[int]bool
	pk        map[Unit]map[int]float64
}

// allocRounds bounds the local search of each cycle's assignment: a
// deterministic budget, so a run does not depend on the machine's speed.
const allocRounds = 10

// Allocate solves the IADS's weapon-target assignment for this instant:
// weapons are its units that radiate (shots: Unit.Shots), targets the
// tracks of the shared picture gathered into one per target, values the
// threat-evaluation scores, and p the units' expected kill probability of
// an engagement (Unit.Kill; 0 where a unit cannot engage). Units then
// engage only the targets assigned to them (Allocated). It is called
// once per decision instant, before the units decide.
func (s *System) Allocate(now float64) {
	s.alloc = nil
	if s.grid != nil {
		s.grid.step(s, now)
		return
	}
	if !s.alive {
		return
	}
	// The recognised air picture, of every member's tracks: tracks of
	// different units that correlate are one target.
	var members []Unit
	var all []bm.Track
	s.reports = s.reports[:0]
	for _, u := range s.members {
		from := len(s.reports)
		s.reports = append(s.reports, s.tracksOf(u, now)...)
		if u.Silent() {
			continue
		}
		members = append(members, u)
		for _, r := range s.reports[from:] {
			all = append(all, r.Track)
		}
	}
	s.reportsGen = s.gen // the units' sights read the picture while it holds (given.go)
	of := Gather(all)
	if len(all) == len(s.reports) {
		s.rap.Update(now, all, of)
	} else {
		// A member whose fire-control radar is silent still reports its
		// tracks to the picture, but takes no target.
		every := make([]bm.Track, len(s.reports))
		for i, r := range s.reports {
			every[i] = r.Track
		}
		s.rap.Update(now, every, Gather(every))
	}
	// The targets of the allocation: those of the members that radiate.
	type target struct {
		rep  bm.Track
		keys []int
	}
	var targets []target
	for i, c := range of {
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
		ranked[i] = s.cfg.Evaluate(t.rep)
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
	a := &allocation{t: now, clusterOf: map[int]int{}, owners: make([][]Unit, len(targets)),
		assigned: map[Unit]map[int]bool{}, pk: map[Unit]map[int]float64{}}
	threats := make([]bm.Threat, len(targets))
	under := s.engagedAt(now)
	for _, th := range ranked {
		j := index[th.Track.ID]
		threats[j] = th
		in.Value[j] = th.Score
		// Units already engaging the target use up its allowance.
		in.MaxShots[j] = s.perTarget - under.engagedBy(th.Track)
	}
	for j, t := range targets {
		for _, k := range t.keys {
			a.clusterOf[k] = j
		}
	}
	for i, u := range members {
		in.Cap[i] = u.Shots()
		in.P[i] = make([]float64, len(targets))
		a.pk[u] = map[int]float64{}
		if in.Cap[i] == 0 {
			// A unit with no shot to give takes no target: its planner
			// need not be asked (the assignment never reads its row).
			continue
		}
		for j := range targets {
			if in.MaxShots[j] <= 0 || anyBusy(u, targets[j].keys) || u.Beyond(threats[j].Track.Pos, threats[j].Track.Vel) {
				continue
			}
			if pk, ok := u.Kill(now, threats[j]); ok {
				in.P[i][j] = pk
				a.pk[u][j] = pk
			}
		}
	}
	for j := range in.MaxShots {
		in.MaxShots[j] = max(in.MaxShots[j], 0)
	}
	plan, err := solve(in, s.cfg.Stream("iads", "allocation", fmt.Sprint(now)))
	if err != nil {
		return // an empty or degenerate instance: every unit decides alone
	}
	for i, u := range members {
		a.assigned[u] = map[int]bool{}
		for _, j := range plan[i] {
			if !a.assigned[u][j] {
				a.assigned[u][j] = true
				a.owners[j] = append(a.owners[j], u)
			}
		}
	}
	s.alloc = a
}

// SalvoPk is the probability that a salvo of n rounds, each of kill
// probability pk, destroys its target when the rounds kill
// independently: 1 - (1 - pk)^n.
func SalvoPk(pk float64, n int) float64 { return 1 - math.Pow(1-pk, float64(n)) }

func anyBusy(u Unit, keys []int) bool {
	for _, k := range keys {
		if u.Busy(k) {
			return true
		}
	}
	return false
}

// Allocated says why unit u must leave a threat to other units under
// this instant's allocation, or no reason if the allocation gives it to
// u or does not know it. The reason is a value: its text is built only
// if the hold is said.
func (s *System) Allocated(u Unit, th bm.Threat) bm.Reason {
	if s.grid != nil {
		if !s.Shares(u) {
			return bm.Reason{}
		}
		return s.grid.allocated(s, u, th)
	}
	a := s.alloc
	if a == nil || a.t != th.Track.T || !s.Shares(u) {
		return bm.Reason{}
	}
	j, ok := a.clusterOf[th.Track.ID]
	if !ok || a.assigned[u][j] || len(a.owners[j]) == 0 {
		return bm.Reason{}
	}
	ids := make([]string, len(a.owners[j]))
	pk := make([]float64, len(a.owners[j]))
	for i, o := range a.owners[j] {
		ids[i], pk[i] = o.ID(), a.pk[o][j]
	}
	return bm.AssignedTo(ids, pk)
}

// Assigned reports whether this instant's allocation gave the target of
// the track with key k to unit u.
func (s *System) Assigned(u Unit, k int, now float64) bool {
	a := s.alloc
	if a == nil || a.t != now {
		return false
	}
	j, ok := a.clusterOf[k]
	return ok && a.assigned[u][j]
}
