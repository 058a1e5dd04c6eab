package wta

import (
	"math"
	"math/rand/v2"
	"sync"
	"time"
)

// Default work budgets when Options sets neither a time nor a work limit.
const (
	DefaultRounds = 100
	DefaultNodes  = 10_000_000
)

// LocalSearch improves a start solution (Options.Start, or else the
// greedy one) by iterated local search. It descends to a local optimum of
// three neighbourhoods:
//
//   - move: one shot changes target (or a shot not fired is fired);
//   - swap: two shots of different weapons trade targets;
//   - exchange: every target gives up one shot and the given-up shots
//     are reassigned, at most one per target, by a linear assignment:
//     the cyclic and path exchanges of Ahuja, Kumar, Jha and Orlin
//     (2007), of any length, searched exactly rather than by their
//     negative-cycle heuristic, and with a target also free to take a
//     shot on top of the one it keeps, so paths may end at any target
//     (see exchange).
//
// Moves and swaps are priced in constant time from the targets' survival
// probabilities. Then each round perturbs the current solution (ruin and
// recreate of a few targets, or a forced move of one to three shots),
// re-matches weapons to targets under the new shot counts (swaps and
// exchanges only), descends again, and keeps the result under late
// acceptance; after
// kickAfter rounds without a new best it restarts from the best with a
// large ruin.
//
// The search stops after Options.MaxIter rounds, after Options.Stall
// rounds without a new best, or when Options.TimeLimit has passed,
// whichever comes first (DefaultRounds if none is set). With no time
// limit the result is a function of the instance, the options and the
// random source alone, the same on every machine.
func LocalSearch(in *Instance, opt Options) (Result, error) {
	if opt.Workers <= 1 {
		return localSearch(in, opt)
	}
	return portfolio(in, opt)
}

// portfolio runs opt.Workers independent searches at once, each from its
// own random source drawn from opt.Rand, and keeps the best plan (the
// first worker's on a tie): a search stuck in a local optimum is not the
// only one. Without a wall limit the result depends only on the instance,
// the options and the random source, like a single search's.
func portfolio(in *Instance, opt Options) (Result, error) {
	now := opt.clock()
	t0 := now()
	rng := opt.Rand
	if rng == nil {
		rng = rand.New(rand.NewPCG(1, 2))
	}
	n := opt.Workers
	results := make([]Result, n)
	errs := make([]error, n)
	var mu sync.Mutex
	bestSeen := math.Inf(1)
	var wg sync.WaitGroup
	for k := 0; k < n; k++ {
		o := opt
		o.Workers = 1
		o.Rand = rand.New(rand.NewPCG(rng.Uint64(), rng.Uint64()))
		if opt.Progress != nil {
			o.Progress = func(r Result) {
				mu.Lock()
				defer mu.Unlock()
				if r.Objective < bestSeen {
					bestSeen = r.Objective
					opt.Progress(r)
				}
			}
		}
		wg.Add(1)
		go func(k int, o Options) {
			defer wg.Done()
			results[k], errs[k] = localSearch(in, o)
		}(k, o)
	}
	wg.Wait()
	best, iter := -1, 0
	for k := range results {
		if errs[k] != nil {
			return Result{}, errs[k]
		}
		iter += results[k].Iter
		if best < 0 || results[k].Objective < results[best].Objective {
			best = k
		}
	}
	r := results[best]
	r.Iter, r.Elapsed = iter, now().Sub(t0)
	return r, nil
}

// localSearch is one search from one random source.
func localSearch(in *Instance, opt Options) (Result, error) {
	now := opt.clock()
	t0 := now()
	if err := in.Validate(); err != nil {
		return Result{}, err
	}
	rng := opt.Rand
	if rng == nil {
		rng = rand.New(rand.NewPCG(1, 2))
	}
	maxIter := opt.MaxIter
	if maxIter == 0 && opt.TimeLimit == 0 {
		maxIter = DefaultRounds
	}
	st := newState(in)
	if opt.Start != nil {
		if err := in.Check(opt.Start); err != nil {
			return Result{}, err
		}
		st.set(opt.Start)
	} else {
		st.fill(allShots(st))
	}
	ls := &searcher{st: st, rng: rng, now: now}
	if opt.TimeLimit > 0 {
		ls.deadline = t0.Add(opt.TimeLimit)
	}
	ls.descend()
	st.log = st.log[:0]
	best := Result{Assignment: st.assignment(), Objective: st.obj, Elapsed: now().Sub(t0)}
	if opt.Progress != nil {
		opt.Progress(best)
	}
	cur := st.obj
	// Late acceptance (Burke and Bykov, 2017): a round's solution is
	// kept if it is no worse than the current one or than the current
	// one lateLen rounds ago, which lets the search leave a basin.
	hist := make([]float64, lateLen)
	for k := range hist {
		hist[k] = cur
	}
	iter, stall := 0, 0
	for len(st.shotT) > 0 && (maxIter == 0 || iter < maxIter) && (opt.Stall == 0 || stall < opt.Stall) {
		if ls.expired() {
			break
		}
		iter++
		stall++
		if stall%kickAfter == 0 {
			// A long stall: restart from the best solution with a big
			// ruin, and take what the descent gives.
			st.set(best.Assignment)
			ls.ruin(max(2, st.n/4))
			ls.descend()
			st.refresh()
			st.log = st.log[:0]
			cur = st.obj
			for k := range hist {
				hist[k] = cur
			}
			continue
		}
		ls.perturb()
		ls.descend()
		st.refresh()
		h := &hist[iter%lateLen]
		if st.obj > cur+ls.tol() && st.obj > *h+ls.tol() {
			*h = cur
			st.undo()
			continue
		}
		st.log = st.log[:0]
		cur = st.obj
		*h = cur
		if st.obj < best.Objective-ls.tol() {
			stall = 0
			best = Result{Assignment: st.assignment(), Objective: st.obj, Iter: iter, Elapsed: now().Sub(t0)}
			if opt.Progress != nil {
				opt.Progress(best)
			}
		}
	}
	best.Objective = in.Objective(best.Assignment)
	best.Iter = iter
	best.Elapsed = now().Sub(t0)
	return best, nil
}

// lateLen is the late-acceptance history length, in rounds.
const lateLen = 8

// kickAfter is the number of rounds without a new best after which the
// search restarts from the best solution with a large ruin.
const kickAfter = 50

// searcher holds a local search's state and scratch space.
type searcher struct {
	st    *state
	rng   *rand.Rand
	f     filler
	shots []int

	// exchange's scratch space
	lapS        lap
	rows, colOf []int
	pick, nPick []int
	base        []float64
	top         []cand
	price       []float64    // prices of the exchange being solved
	prices      [4][]float64 // the last prices of each kind of exchange
	rejected    bool         // the last exchange's assignment did not improve
	ncol        int          // target columns: n, or 2n with plus
	extra       [][]int      // edges a full exchange adds to each row's list

	// deadline, if not zero, ends the descent early: one pass over a
	// large instance's shots can take longer than the whole time limit.
	// Every move applied improves, so the state stays a valid solution.
	deadline time.Time
	now      func() time.Time // the clock deadline is read by
}

// expired reports whether the search's time limit has passed.
func (ls *searcher) expired() bool {
	return !ls.deadline.IsZero() && !ls.now().Before(ls.deadline)
}

// tol is the least change counted as an improvement: moves smaller than
// rounding would make the search cycle.
func (ls *searcher) tol() float64 { return 1e-12 * (1 + ls.st.obj) }

// perturb changes the current solution at random, in one of two ways.
// Half the time it ruins a few random targets (takes all their shots
// away) and fires those shots again greedily. Otherwise it moves one to
// three random shots each to the best other target for it, even when
// that is worse: a shift of the shot counts between targets that the
// exchange neighbourhood, which keeps each target's count but for empty
// ones, cannot make. Either way it then lets the weapons re-match the
// targets under the new shot counts (descendCounts) before the full
// descent may move shots back: a new count vector is judged with the
// weapons fitted to it, not to the old one, which is what lets the
// search leave the deep local optima of wta_50x100x3.
func (ls *searcher) perturb() {
	st := ls.st
	if ls.rng.IntN(2) == 0 {
		for range 1 + ls.rng.IntN(3) {
			s := ls.rng.IntN(len(st.shotT))
			i, j := int(st.shotW[s]), int(st.shotT[s])
			bk, bg := -1, 0.0
			for k, p := range st.p[i*st.n : (i+1)*st.n] {
				if g := st.val[k] * p; k != j && g > bg && st.canMove(i, j, k) {
					bk, bg = k, g
				}
			}
			if bk >= 0 {
				st.apply(s, bk)
			}
		}
		ls.descendCounts()
		return
	}
	ls.ruin(2 + ls.rng.IntN(max(1, min(st.n, 8))))
	ls.descendCounts()
}

// ruin takes every shot off k random targets and fires the shots not
// fired again greedily.
func (ls *searcher) ruin(k int) {
	st := ls.st
	ls.shots = ls.shots[:0]
	for range k {
		j := int32(ls.rng.IntN(st.n))
		for s, t := range st.shotT {
			if t == j {
				st.apply(s, -1)
				ls.shots = append(ls.shots, s)
			}
		}
	}
	for s, t := range st.shotT {
		if t < 0 {
			ls.shots = append(ls.shots, s)
		}
	}
	st.fillWith(&ls.f, ls.shots)
}

// descend applies improving moves and swaps until there are none.
func (ls *searcher) descend() {
	for !ls.expired() {
		a := ls.moves()
		b := ls.swaps()
		if a || b {
			continue
		}
		// The short-list exchange is cheap; a full one with shots on
		// top (short lists checked against every edge) confirms a local
		// optimum. Its assignment prices a target that gains two shots
		// only approximately, so when the one it finds is no better, the
		// exact exchange without them has the last word.
		if !ls.exchange(false, false) && !ls.exchange(true, true) && !(ls.rejected && ls.exchange(true, false)) {
			return
		}
	}
}

// descendCounts applies improving swaps and plain exchanges until there
// are none: moves that re-match weapons to targets and never add a shot
// to a target that has some, so a count shift just made by perturb is
// not undone before the weapons are fitted to it.
func (ls *searcher) descendCounts() {
	for !ls.expired() {
		if ls.swaps() {
			continue
		}
		if !ls.exchange(false, false) && !ls.exchange(true, false) {
			return
		}
	}
}

// moves applies, shot by shot, the best improving change of target.
func (ls *searcher) moves() bool {
	st := ls.st
	n := st.n
	improved := false
	for s := range st.shotT {
		i, j := int(st.shotW[s]), int(st.shotT[s])
		rem := 0.0
		if j >= 0 {
			rem = st.without(i, j) - st.val[j]
		}
		tol := ls.tol()
		best, bk := -tol, -1
		row := st.p[i*n : (i+1)*n]
		for k, p := range row {
			d := rem - st.val[k]*p
			if d < best && k != j && st.canMove(i, j, k) {
				best, bk = d, k
			}
		}
		if bk >= 0 {
			st.apply(s, bk)
			improved = true
		}
	}
	return improved
}

// swaps applies, shot by shot, the best improving trade of targets with
// a shot of another weapon.
func (ls *searcher) swaps() bool {
	st := ls.st
	n := st.n
	improved := false
	for a := range st.shotT {
		if a&255 == 255 && ls.expired() {
			break
		}
		i, j := int(st.shotW[a]), int(st.shotT[a])
		if j < 0 {
			continue
		}
		remJ := st.without(i, j)
		tol := ls.tol()
		best, bb := -tol, -1
		for b := range st.shotT {
			l, k := int(st.shotW[b]), int(st.shotT[b])
			if l == i || k < 0 || k == j {
				continue
			}
			d := remJ*st.q[l*n+j] - st.val[j] + st.without(l, k)*st.q[i*n+k] - st.val[k]
			if d < best && st.canSwap(i, j, l, k) {
				best, bb = d, b
			}
		}
		if bb >= 0 {
			k := int(st.shotT[bb])
			st.apply(a, k)
			st.apply(bb, j)
			improved = true
		}
	}
	return improved
}
