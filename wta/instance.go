package wta

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"time"
)

// Instance is a static weapon-target assignment problem. Weapons are
// indexed 0..len(Cap)-1 and targets 0..len(Value)-1.
type Instance struct {
	// Value is w[j], the value of target j (>= 0, finite).
	Value []float64
	// Cap is the number of shots weapon i may fire (>= 0).
	Cap []int
	// P[i][j] is the probability that one shot of weapon i destroys
	// target j, in [0, 1]. A zero marks a forbidden pair: no solver
	// assigns it.
	P [][]float64
	// Channels, if not nil, limits the number of distinct targets weapon
	// i may engage (a fire unit's free fire channels); a negative entry
	// means no limit.
	Channels []int
	// MaxShots, if not nil, limits the number of shots fired at target j
	// by all weapons together (shots per threat); a negative entry means
	// no limit.
	MaxShots []int
}

// Weapons returns the number of weapons.
func (in *Instance) Weapons() int { return len(in.Cap) }

// Targets returns the number of targets.
func (in *Instance) Targets() int { return len(in.Value) }

// Shots returns the total number of shots the weapons may fire.
func (in *Instance) Shots() int {
	s := 0
	for _, c := range in.Cap {
		s += c
	}
	return s
}

// Validate reports the first thing that makes in malformed: mismatched
// lengths, a value or probability out of range.
func (in *Instance) Validate() error {
	m, n := len(in.Cap), len(in.Value)
	if len(in.P) != m {
		return fmt.Errorf("wta: %d rows of P for %d weapons", len(in.P), m)
	}
	if in.Channels != nil && len(in.Channels) != m {
		return fmt.Errorf("wta: %d channel limits for %d weapons", len(in.Channels), m)
	}
	if in.MaxShots != nil && len(in.MaxShots) != n {
		return fmt.Errorf("wta: %d shot limits for %d targets", len(in.MaxShots), n)
	}
	for j, w := range in.Value {
		if !(w >= 0 && w <= MaxValue) {
			return fmt.Errorf("wta: target %d: value %g, want a finite number in [0, %g]", j, w, MaxValue)
		}
	}
	if s := in.Shots(); s > MaxShots {
		return fmt.Errorf("wta: %d shots in all, more than %d", s, MaxShots)
	} else if s*n > MaxShotTargets {
		return fmt.Errorf("wta: %d shots x %d targets, more than %d", s, n, MaxShotTargets)
	}
	for i, c := range in.Cap {
		if c < 0 {
			return fmt.Errorf("wta: weapon %d: capacity %d, want >= 0", i, c)
		}
		if len(in.P[i]) != n {
			return fmt.Errorf("wta: weapon %d: %d probabilities for %d targets", i, len(in.P[i]), n)
		}
		for j, p := range in.P[i] {
			if !(p >= 0 && p <= 1) {
				return fmt.Errorf("wta: weapon %d, target %d: probability %g, want 0 <= p <= 1", i, j, p)
			}
		}
	}
	return nil
}

// Assignment is a solution: a[i] lists the targets of weapon i's shots,
// one entry per shot, in increasing order (a target appears twice when
// the weapon fires twice at it). A weapon may fire fewer shots than its
// capacity.
type Assignment [][]int

// Counts returns x[i][j], the number of shots weapon i fires at target j.
func (a Assignment) Counts(targets int) [][]int {
	x := make([][]int, len(a))
	for i, shots := range a {
		x[i] = make([]int, targets)
		for _, j := range shots {
			x[i][j]++
		}
	}
	return x
}

// Objective returns the expected surviving value of a, the quantity the
// solvers minimise: sum_j w[j] prod over shots (1 - p[i][j]). It assumes
// a is within range; see Check.
func (in *Instance) Objective(a Assignment) float64 {
	surv := make([]float64, len(in.Value))
	for j := range surv {
		surv[j] = 1
	}
	for i, shots := range a {
		for _, j := range shots {
			surv[j] *= 1 - in.P[i][j]
		}
	}
	obj := 0.0
	for j, w := range in.Value {
		obj += w * surv[j]
	}
	return obj
}

// Check reports every way in which a breaks the instance's constraints:
// targets out of range, forbidden pairs, capacities, channels and shots
// per target.
func (in *Instance) Check(a Assignment) error {
	m, n := len(in.Cap), len(in.Value)
	if len(a) != m {
		return fmt.Errorf("wta: assignment for %d weapons, instance has %d", len(a), m)
	}
	var errs []error
	perTarget := make([]int, n)
	for i, shots := range a {
		if len(shots) > in.Cap[i] {
			errs = append(errs, fmt.Errorf("wta: weapon %d fires %d shots, capacity %d", i, len(shots), in.Cap[i]))
		}
		distinct := 0
		for k, j := range shots {
			if j < 0 || j >= n {
				errs = append(errs, fmt.Errorf("wta: weapon %d: target %d out of range [0,%d)", i, j, n))
				continue
			}
			if in.P[i][j] == 0 {
				errs = append(errs, fmt.Errorf("wta: weapon %d fires at target %d, a forbidden pair (p = 0)", i, j))
			}
			perTarget[j]++
			if k == 0 || shots[k-1] != j {
				distinct++
			}
		}
		if in.Channels != nil && in.Channels[i] >= 0 && distinct > in.Channels[i] {
			errs = append(errs, fmt.Errorf("wta: weapon %d engages %d targets, %d channels", i, distinct, in.Channels[i]))
		}
		if !slices.IsSorted(shots) {
			errs = append(errs, fmt.Errorf("wta: weapon %d: targets not in increasing order", i))
		}
	}
	if in.MaxShots != nil {
		for j, c := range perTarget {
			if in.MaxShots[j] >= 0 && c > in.MaxShots[j] {
				errs = append(errs, fmt.Errorf("wta: target %d receives %d shots, at most %d allowed", j, c, in.MaxShots[j]))
			}
		}
	}
	return errors.Join(errs...)
}

// WriteShots writes a as text, one line per shot, "weapon target" with
// 0-based indices as in the instance file, ordered by weapon then target.
func WriteShots(w io.Writer, a Assignment) error {
	bw := bufio.NewWriter(w)
	for i, shots := range a {
		for _, j := range shots {
			fmt.Fprintf(bw, "%d %d\n", i, j)
		}
	}
	return bw.Flush()
}

// Options controls LocalSearch and Exact. The zero value is valid.
type Options struct {
	// TimeLimit bounds the wall-clock time of a solve; zero means no
	// limit. A solve stopped by it depends on the machine's speed.
	TimeLimit time.Duration
	// MaxIter bounds the work: LocalSearch's perturbation rounds, or
	// Exact's branch-and-bound nodes. Zero means the default
	// (DefaultRounds, DefaultNodes) when TimeLimit is zero, and no bound
	// otherwise. With TimeLimit zero the result depends only on the
	// instance, the options and the random source.
	MaxIter int
	// Stall stops LocalSearch after this many rounds in a row without a
	// new best; zero means never.
	Stall int
	// Rand drives LocalSearch's perturbations. Nil means a fixed seed.
	Rand *rand.Rand
	// Start, if not nil, is a feasible assignment to start from (the
	// previous decision cycle's plan) instead of the greedy one.
	Start Assignment
	// Progress, if not nil, is called with each new best solution found.
	Progress func(Result)
	// Workers, above 1, runs that many independent local searches at once
	// (a portfolio, one per core) and keeps the best; each draws its own
	// random source from Rand. 0 or 1: one search.
	Workers int

	// now, for tests, replaces time.Now as the clock TimeLimit is
	// measured by, so a test can move time forward read by read instead
	// of waiting for it; nil means time.Now. With Workers above 1 it is
	// read from several goroutines.
	now func() time.Time
}

// clock returns the clock a solve measures its time limit by.
func (o *Options) clock() func() time.Time {
	if o.now != nil {
		return o.now
	}
	return time.Now
}

// Result is what a solver returns.
type Result struct {
	Assignment Assignment
	Objective  float64
	// Optimal is set by Exact when its search finished: Objective is the
	// optimum (within floating-point rounding).
	Optimal bool
	// Iter counts LocalSearch's rounds or Exact's nodes, up to the best
	// solution for a Progress report and in all for the final result.
	Iter    int
	Elapsed time.Duration
}
