package wta

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

// On every instance of ../../shared/data/wta the local search must come
// within 0.5% of the best known value of the paper's logs (the issue's
// check). It runs a fixed number of rounds from a fixed seed, not a time
// limit, so the result is the same on every machine.
func TestLocalSearchData(t *testing.T) {
	for _, tc := range bestKnown {
		t.Run(tc.name, func(t *testing.T) {
			in := loadData(t, tc.name)
			res, err := LocalSearch(in, Options{MaxIter: 100, Rand: rand.New(rand.NewPCG(1, 7))})
			if err != nil {
				t.Fatal(err)
			}
			if err := in.Check(res.Assignment); err != nil {
				t.Fatal(err)
			}
			gap := (res.Objective - tc.best) / tc.best
			t.Logf("%s: %.4f, %+.4f%% from the best known %.4f, %d rounds, %v", tc.name, res.Objective, 100*gap, tc.best, res.Iter, res.Elapsed)
			if gap > 0.005 {
				t.Errorf("objective %.4f is %.3f%% above the best known %.4f", res.Objective, 100*gap, tc.best)
			}
			// The best known values are proven optimal to the paper's
			// tolerance: coming out well below one means a wrong objective.
			if gap < -1e-6 {
				t.Errorf("objective %.6f below the proven optimum %.4f", res.Objective, tc.best)
			}
		})
	}
}

// The same seed and budget give the same plan.
func TestLocalSearchDeterministic(t *testing.T) {
	in := loadData(t, "wta_50x100x3")
	var prev Assignment
	for range 2 {
		res, err := LocalSearch(in, Options{MaxIter: 5, Rand: rand.New(rand.NewPCG(9, 9))})
		if err != nil {
			t.Fatal(err)
		}
		if prev != nil && fmt.Sprint(prev) != fmt.Sprint(res.Assignment) {
			t.Fatal("two runs with the same seed differ")
		}
		prev = res.Assignment
	}
}

// TestReportTimed is the goal (within 0.1% in under one second)
// measured by wall clock, for docs/PERFORMANCE.md; set WTA_REPORT=1 to
// run it. It only reports: results under a time limit depend on the
// machine and its load (TestLocalSearchData holds the assertion).
func TestReportTimed(t *testing.T) {
	if os.Getenv("WTA_REPORT") != "1" {
		t.Skip("set WTA_REPORT=1 to time the local search on the data instances")
	}
	workers := runtime.GOMAXPROCS(0)
	var b strings.Builder
	fmt.Fprintf(&b, "\n%d workers\n| instance | best known | seed | value (1 s) | gap | time to best |\n|---|---|---|---|---|---|\n", workers)
	for _, tc := range bestKnown {
		in := loadData(t, tc.name)
		for seed := uint64(1); seed <= 8; seed++ {
			var last Result
			res, err := LocalSearch(in, Options{TimeLimit: time.Second, Rand: rand.New(rand.NewPCG(seed, 7)), Workers: workers,
				Progress: func(r Result) { last = r }})
			if err != nil {
				t.Fatal(err)
			}
			gap := (res.Objective - tc.best) / tc.best
			fmt.Fprintf(&b, "| %s | %.4f | %d | %.4f | %+.4f%% | %.3f s |\n", tc.name, tc.best, seed, res.Objective, 100*gap, last.Elapsed.Seconds())
		}
	}
	t.Log(b.String())
}

func TestObjectiveAndCheck(t *testing.T) {
	in := &Instance{
		Value:    []float64{10, 20},
		Cap:      []int{2, 1},
		P:        [][]float64{{0.5, 0.25}, {0, 1}},
		Channels: []int{1, -1},
		MaxShots: []int{-1, 2},
	}
	// Weapon 0 fires twice at target 0, weapon 1 once at target 1:
	// 10 * 0.5 * 0.5 + 20 * 0 = 2.5.
	a := Assignment{{0, 0}, {1}}
	if got := in.Objective(a); got != 2.5 {
		t.Errorf("objective %g, want 2.5", got)
	}
	if err := in.Check(a); err != nil {
		t.Errorf("feasible plan refused: %v", err)
	}
	for _, tc := range []struct {
		a    Assignment
		want string
	}{
		{Assignment{{0, 0, 0}, {}}, "fires 3 shots, capacity 2"},
		{Assignment{{0, 1}, {}}, "engages 2 targets, 1 channels"},
		{Assignment{{}, {0}}, "forbidden pair"},
		{Assignment{{1}, {}, {}}, "assignment for 3 weapons"},
		{Assignment{{5}, {}}, "out of range"},
		{Assignment{{1, 0}, {}}, "not in increasing order"},
	} {
		err := in.Check(tc.a)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Check(%v) = %v, want %q", tc.a, err, tc.want)
		}
	}
	in.MaxShots[1] = 1
	if err := in.Check(Assignment{{1}, {1}}); err == nil || !strings.Contains(err.Error(), "at most 1 allowed") {
		t.Errorf("shots-per-target limit not enforced: %v", err)
	}
}

func TestGreedySmall(t *testing.T) {
	// Two targets of value 10 and 6, one weapon with p = 0.5 at both and
	// two shots. Marginal returns: 5 at target 0, then 3 at target 1
	// beats 2.5 at target 0 again: 10*0.5 + 6*0.5 = 8.
	in := &Instance{Value: []float64{10, 6}, Cap: []int{2}, P: [][]float64{{0.5, 0.5}}}
	res, err := Greedy(in)
	if err != nil {
		t.Fatal(err)
	}
	if res.Objective != 8 || fmt.Sprint(res.Assignment) != "[[0 1]]" {
		t.Errorf("greedy %v %g, want [[0 1]] 8", res.Assignment, res.Objective)
	}
	if math.IsNaN(res.Objective) {
		t.Fatal("NaN")
	}
}

func BenchmarkGreedy150x300(b *testing.B) {
	in := loadData(b, "wta_150x300x1")
	for b.Loop() {
		if _, err := Greedy(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRound times one local-search round (perturbation and descent).
func BenchmarkRound(b *testing.B) {
	for _, name := range []string{"wta_50x100x3", "wta_100x200x2", "wta_150x300x1"} {
		b.Run(name, func(b *testing.B) {
			in := loadData(b, name)
			start, err := LocalSearch(in, Options{MaxIter: 1})
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				if _, err := LocalSearch(in, Options{MaxIter: 1, Start: start.Assignment}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkExchange(b *testing.B) {
	in := loadData(b, "wta_100x200x2")
	res, err := LocalSearch(in, Options{MaxIter: 1})
	if err != nil {
		b.Fatal(err)
	}
	st := newState(in)
	st.set(res.Assignment)
	ls := &searcher{st: st, rng: rand.New(rand.NewPCG(1, 1))}
	for b.Loop() {
		ls.exchange(true, false)
	}
}

// TestPortfolio: several searches at once give a feasible plan, the same
// one every time without a wall limit, and count every search's rounds.
func TestPortfolio(t *testing.T) {
	in := loadData(t, "wta_50x100x2")
	run := func(workers int) Result {
		res, err := LocalSearch(in, Options{MaxIter: 5, Rand: rand.New(rand.NewPCG(3, 7)), Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		if err := in.Check(res.Assignment); err != nil {
			t.Fatal(err)
		}
		return res
	}
	a, b := run(3), run(3)
	if a.Objective != b.Objective || !reflect.DeepEqual(a.Assignment, b.Assignment) {
		t.Fatalf("two portfolio runs differ: %v vs %v", a.Objective, b.Objective)
	}
	if a.Iter != 15 {
		t.Errorf("3 workers x 5 rounds: %d rounds counted", a.Iter)
	}
}

// fakeClock is a clock that moves forward step at every read, so a
// solver's time limit passes after a known number of reads whatever the
// machine's speed.
type fakeClock struct {
	t     time.Time
	step  time.Duration
	reads int
	// late counts the reads at or after deadline, once it is set.
	deadline time.Time
	late     int
}

func (c *fakeClock) now() time.Time {
	c.reads++
	c.t = c.t.Add(c.step)
	if !c.deadline.IsZero() && !c.t.Before(c.deadline) {
		c.late++
	}
	return c.t
}

// maxLateReads bounds the clock reads a solve makes once its time limit
// has passed: the check that sees it (in a descent, a swap pass or a
// branch-and-bound node), the checks of the loops around it on the way
// out, and the Elapsed of the result. A solver that carried on working
// after the limit would go on reading the clock in its round and node
// checks.
const maxLateReads = 8

// TestTimeLimitHonoured: with a clock that advances a fixed step at each
// read, every solver returns within maxLateReads reads of the time limit
// passing, wherever in the search it passes, with a valid assignment. On
// an instance at the size limits one pass of the descent or one node's
// bound is longer than the limits used, so this holds only if the
// deadline is checked inside each pass and at each node (issue 19 item 1:
// 1.8 s under a 200 ms limit before it was).
func TestTimeLimitHonoured(t *testing.T) {
	type instance struct {
		name   string
		in     *Instance
		limits []int // in clock steps
	}
	var cases []instance
	var large *Instance
	rng := rand.New(rand.NewPCG(5, 6))
	for k := range 40 {
		limits := make([]int, 0, 30)
		for l := 1; l <= 30; l++ {
			limits = append(limits, l)
		}
		cases = append(cases, instance{fmt.Sprintf("tiny%d", k), randomTiny(rng), limits})
	}
	if !testing.Short() {
		const m, n, mu = 128, 128, 256 // MaxShots/2 shots, MaxShotTargets edges
		rng := rand.New(rand.NewPCG(3, 4))
		in := &Instance{Value: make([]float64, n), Cap: make([]int, m), P: make([][]float64, m)}
		for j := range in.Value {
			in.Value[j] = 1 + 99*rng.Float64()
		}
		for i := range in.P {
			in.Cap[i] = mu
			in.P[i] = make([]float64, n)
			for j := range in.P[i] {
				in.P[i][j] = 0.2 * rng.Float64()
			}
		}
		large = in
		cases = append(cases, instance{"size limits", in, []int{1, 2, 3, 8}})
	}
	const step = time.Millisecond
	for _, solver := range []struct {
		name  string
		solve func(*Instance, Options) (Result, error)
	}{{"local-search", LocalSearch}, {"exact", Exact}} {
		for _, c := range cases {
			for _, l := range c.limits {
				limit := time.Duration(l) * step
				clk := &fakeClock{t: time.Unix(0, 0), step: step}
				// The solve reads its start time first: the limit
				// passes limit/step reads later.
				clk.deadline = clk.t.Add(step + limit)
				res, err := solver.solve(c.in, Options{TimeLimit: limit, Workers: 1, now: clk.now})
				if err != nil {
					t.Fatalf("%s %s limit %d steps: %v", solver.name, c.name, l, err)
				}
				if clk.late > maxLateReads {
					t.Errorf("%s %s limit %d steps: %d clock reads after the limit passed (at most %d)",
						solver.name, c.name, l, clk.late, maxLateReads)
				}
				// A tiny instance may be solved (or have no shots to
				// search) before its limit; the large one never is.
				if clk.late == 0 && c.in == large {
					t.Errorf("%s %s limit %d steps: returned in %d reads, before its limit, without finishing",
						solver.name, c.name, l, clk.reads)
				}
				if err := c.in.Check(res.Assignment); err != nil {
					t.Errorf("%s %s limit %d steps: %v", solver.name, c.name, l, err)
				}
			}
		}
	}
}
