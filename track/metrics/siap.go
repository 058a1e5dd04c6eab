package metrics

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/spatial/r3"
)

// Object is a true target or a track at one time: an identity, a position
// (m) and a velocity (m/s) in a common frame.
type Object struct {
	ID  int
	Pos r3.Vec
	Vel r3.Vec
}

// SIAP accumulates the Single Integrated Air Picture measures of a run
// (SIAP System Engineering Task Force, "Single Integrated Air Picture
// (SIAP) attributes", version 2.0, 2003; J. Votruba, "SIAP metrics
// implementation", 2001; the measures as Stone Soup computes them).
//
// At each time step every track is associated with the nearest true
// target within Gate metres of it, if any. With N_T true targets, N_J
// tracks, N_A true targets that have at least one track and N_JA tracks
// associated with a target, summed over the steps:
//
//   - completeness C = ΣN_A/ΣN_T, the fraction of targets tracked;
//   - ambiguity A = ΣN_JA/ΣN_A, tracks per tracked target (1 is ideal);
//   - spuriousness S = Σ(N_J - N_JA)/ΣN_J, the fraction of tracks that
//     follow no target;
//   - positional and velocity accuracy, the mean distance between an
//     associated track and its target (m, m/s);
//   - track number changes: how often a target's track (the nearest of
//     its associated tracks) changes identity from one step where it is
//     tracked to the next, in all, and per tracked target-step;
//   - longest segment: per target, the longest run of consecutive steps
//     held by one track, as a fraction of the steps the target existed,
//     averaged over targets.
//
// The zero value is not ready: use NewSIAP.
type SIAP struct {
	gate               float64
	nT, nJ, nA, nJA    int
	posErr, velErr     float64
	changes            int
	last               map[int]int // truth ID → track ID at its last tracked step
	run, best, present map[int]int // truth ID → current run, longest run, steps present
	steps              int
}

// NewSIAP returns an empty accumulator with the association gate (m).
func NewSIAP(gate float64) (*SIAP, error) {
	if !(gate > 0) || math.IsInf(gate, 0) {
		return nil, fmt.Errorf("metrics: SIAP gate %v, want a finite distance > 0", gate)
	}
	return &SIAP{gate: gate, last: map[int]int{}, run: map[int]int{}, best: map[int]int{}, present: map[int]int{}}, nil
}

// Add adds one time step. IDs must be unique within truth and within
// tracks.
func (s *SIAP) Add(truth, tracks []Object) {
	s.steps++
	s.nT += len(truth)
	s.nJ += len(tracks)
	// Each track to its nearest truth within the gate.
	assigned := make([][]int, len(truth)) // truth index → track indices
	dist := make([][]float64, len(truth))
	for j, tk := range tracks {
		bi, bd := -1, s.gate
		for i, tr := range truth {
			if d := r3.Norm(r3.Sub(tk.Pos, tr.Pos)); d <= bd && (bi < 0 || d < bd) {
				bi, bd = i, d
			}
		}
		if bi >= 0 {
			assigned[bi] = append(assigned[bi], j)
			dist[bi] = append(dist[bi], bd)
			s.nJA++
			s.posErr += bd
			s.velErr += r3.Norm(r3.Sub(tk.Vel, truth[bi].Vel))
		}
	}
	for i, tr := range truth {
		s.present[tr.ID]++
		if len(assigned[i]) == 0 {
			s.run[tr.ID] = 0
			continue
		}
		s.nA++
		k := 0
		for m := range dist[i] {
			if dist[i][m] < dist[i][k] {
				k = m
			}
		}
		id := tracks[assigned[i][k]].ID
		prev, seen := s.last[tr.ID]
		switch {
		case seen && prev != id:
			s.changes++
			s.run[tr.ID] = 1
		case seen && s.run[tr.ID] > 0:
			s.run[tr.ID]++
		default:
			s.run[tr.ID] = 1
		}
		s.best[tr.ID] = max(s.best[tr.ID], s.run[tr.ID])
		s.last[tr.ID] = id
	}
}

// SIAPResult holds the SIAP measures; NaN where a measure has no
// denominator (no targets, no tracks).
type SIAPResult struct {
	Completeness       float64 `json:"completeness"`
	Ambiguity          float64 `json:"ambiguity"`
	Spuriousness       float64 `json:"spuriousness"`
	PositionAccuracy   float64 `json:"position_accuracy_m"`
	VelocityAccuracy   float64 `json:"velocity_accuracy_mps"`
	TrackNumberChanges int     `json:"track_number_changes"`
	// TrackNumberChangeRate is changes per tracked target-step.
	TrackNumberChangeRate float64 `json:"track_number_change_rate"`
	LongestSegment        float64 `json:"longest_segment"`
}

func ratio(a float64, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / float64(b)
}

// Result returns the measures over the steps added so far.
func (s *SIAP) Result() SIAPResult {
	r := SIAPResult{
		Completeness:          ratio(float64(s.nA), s.nT),
		Ambiguity:             ratio(float64(s.nJA), s.nA),
		Spuriousness:          ratio(float64(s.nJ-s.nJA), s.nJ),
		PositionAccuracy:      ratio(s.posErr, s.nJA),
		VelocityAccuracy:      ratio(s.velErr, s.nJA),
		TrackNumberChanges:    s.changes,
		TrackNumberChangeRate: ratio(float64(s.changes), s.nA),
	}
	ids := make([]int, 0, len(s.present))
	for id := range s.present {
		ids = append(ids, id)
	}
	slices.Sort(ids) // a fixed order of summation: the same bits every run
	var ls float64
	for _, id := range ids {
		ls += float64(s.best[id]) / float64(s.present[id])
	}
	r.LongestSegment = ratio(ls, len(ids))
	return r
}
