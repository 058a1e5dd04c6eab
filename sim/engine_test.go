package sim

import (
	"math"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"
)

func TestEngineOrder(t *testing.T) {
	e := New()
	var got []string
	rec := func(s string) Action { return func(float64) { got = append(got, s) } }
	e.At(2, Motion, rec("t2-motion"))
	e.At(1, Engage, rec("t1-engage-a"))
	e.At(1, Sense, rec("t1-sense"))
	e.At(1, Engage, rec("t1-engage-b"))
	e.At(0, Assess, func(now float64) {
		got = append(got, "t0-assess")
		e.At(1, Motion, rec("t1-motion"))
		e.At(-5, Decide, rec("t0-decide-late")) // past times run now
	})
	e.At(9, Motion, rec("never"))
	e.Run(5)
	want := []string{"t0-assess", "t0-decide-late", "t1-motion", "t1-sense", "t1-engage-a", "t1-engage-b", "t2-motion"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("order\n got %v\nwant %v", got, want)
	}
	if e.Now() != 5 {
		t.Fatalf("clock after run = %v, want 5", e.Now())
	}
}

func TestEveryNoDrift(t *testing.T) {
	e := New()
	var times []float64
	if err := e.Every(0.5, 0.1, Sense, func(now float64) bool {
		times = append(times, now)
		return len(times) < 10001
	}); err != nil {
		t.Fatal(err)
	}
	e.Run(2000)
	if len(times) != 10001 {
		t.Fatalf("ran %d times, want 10001", len(times))
	}
	// Repeated addition of 0.1 drifts by ~1e-10 after 10^4 steps; k·period does not.
	if last := times[len(times)-1]; last != 0.5+10000*0.1 {
		t.Fatalf("last tick at %.17g, want %.17g", last, 0.5+10000*0.1)
	}
	if err := e.Every(0, 0, Sense, func(float64) bool { return false }); err == nil {
		t.Fatal("zero period accepted")
	}
}

func TestStreamIndependence(t *testing.T) {
	a1 := Stream(7, "radar", "r1", "cm-01").Uint64()
	a2 := Stream(7, "radar", "r1", "cm-01").Uint64()
	if a1 != a2 {
		t.Fatal("same names, different draws")
	}
	distinct := map[uint64]string{}
	for _, names := range [][]string{
		{"radar", "r1", "cm-01"}, {"radar", "r1", "cm-02"}, {"radar", "r1cm-01"},
		{"radar", "r1c", "m-01"}, {"kill", "r1", "cm-01"},
	} {
		v := Stream(7, names...).Uint64()
		if prev, ok := distinct[v]; ok {
			t.Fatalf("streams %v and %v collide", prev, names)
		}
		distinct[v] = names[1]
	}
	if Stream(8, "radar", "r1", "cm-01").Uint64() == a1 {
		t.Fatal("seed does not change the stream")
	}
}

func BenchmarkEngine(b *testing.B) {
	for b.Loop() {
		e := New()
		n := 0
		_ = e.Every(0, 0.1, Engage, func(float64) bool { n++; return n < 10000 })
		e.Run(1e9)
	}
}

// TestEngineOrderRandom schedules many actions at random times, stages
// and in random order, some from within actions, and checks they run in
// the order (time, stage, scheduling order): the queue's order is total,
// so any correct priority queue gives the same run.
func TestEngineOrderRandom(t *testing.T) {
	type key struct {
		t     float64
		stage Stage
		seq   int
	}
	r := rand.New(rand.NewPCG(1, 2))
	e := New()
	var want, got []key
	seq := 0
	var schedule func(lo float64, n int)
	schedule = func(lo float64, n int) {
		for range n {
			// Few distinct times, so that ties on time and stage are common.
			k := key{t: lo + float64(r.IntN(20)), stage: Stage(r.IntN(int(Assess) + 1)), seq: seq}
			seq++
			want = append(want, k)
			spawn := r.IntN(8) == 0 && k.t < 200
			e.At(k.t, k.stage, func(now float64) {
				if now != k.t {
					t.Errorf("action of %v ran at %v", k, now)
				}
				got = append(got, k)
				if spawn {
					// Later, so that every action is queued before
					// the clock reaches its time.
					schedule(now+1, 3)
				}
			})
		}
	}
	schedule(0, 2000)
	e.Run(math.Inf(1))
	sort.SliceStable(want, func(i, j int) bool {
		a, b := want[i], want[j]
		if a.t != b.t {
			return a.t < b.t
		}
		if a.stage != b.stage {
			return a.stage < b.stage
		}
		return a.seq < b.seq
	})
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ran %d actions in another order than (time, stage, sequence) of %d", len(got), len(want))
	}
}

// TestEngineNoAllocations checks that scheduling and running an action
// allocate nothing once the queue has grown: a replication schedules
// tens of thousands of them (docs/PERFORMANCE.md, issue 21).
func TestEngineNoAllocations(t *testing.T) {
	e := New()
	act := func(float64) {}
	for i := range 64 {
		e.At(float64(i), Sense, act)
	}
	e.Run(64)
	next := 100.0
	allocs := testing.AllocsPerRun(1000, func() {
		e.At(next, Motion, act)
		e.At(next, Sense, act)
		e.Run(next)
		next++
	})
	if allocs != 0 {
		t.Fatalf("%v allocations to schedule and run two actions, want 0", allocs)
	}
}
