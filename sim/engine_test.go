package sim

import (
	"reflect"
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
