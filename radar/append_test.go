package radar

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestAppendLook checks that AppendLookJammed and AppendFalseAlarms
// append to a buffer exactly what LookJammed and FalseAlarms return,
// with the same draws, leave the buffer's earlier detections alone, and
// allocate nothing once the buffer has room: an engine looks with one
// buffer (issue 21).
func TestAppendLook(t *testing.T) {
	c := faConfig()
	c.Pfa = 1e-4
	r := mustNew(t, c)
	var tg []Target
	for i := range 12 {
		// From well inside to beyond the instrumented range, so that some
		// looks miss.
		tg = append(tg, Target{ID: i, Pos: place(r, 0.3*float64(i), 0.02, c.MaxRange*(0.2+0.1*float64(i))), RCS: 2})
	}
	prefix := []Detection{{TargetID: -7, Range: 1}, {TargetID: -8, Range: 2}}
	srcA, srcB := rand.New(rand.NewPCG(5, 6)), rand.New(rand.NewPCG(5, 6))
	forA := func(int) *rand.Rand { return srcA }
	forB := func(int) *rand.Rand { return srcB }
	buf := append([]Detection(nil), prefix...)
	seen, alarms := 0, 0
	for look := range 50 {
		now := float64(look)
		want := append(r.LookJammed(now, tg, Jamming{}, forA), r.FalseAlarms(now, 0, 1, srcA)...)
		buf = r.AppendLookJammed(buf[:len(prefix)], now, tg, Jamming{}, forB)
		buf = r.AppendFalseAlarms(buf, now, 0, 1, srcB)
		if !reflect.DeepEqual(buf[:len(prefix)], prefix) {
			t.Fatalf("look %d: the buffer's earlier detections changed", look)
		}
		if got := buf[len(prefix):]; len(got) != len(want) || (len(got) > 0 && !reflect.DeepEqual(got, want)) {
			t.Fatalf("look %d: appended %d detections, want the %d of LookJammed and FalseAlarms", look, len(got), len(want))
		}
		for _, d := range want {
			if d.TargetID >= 0 {
				seen++
			} else {
				alarms++
			}
		}
	}
	if seen == 0 || seen == 50*len(tg) || alarms == 0 {
		t.Fatalf("%d of %d looks at targets detected, %d false alarms: the test needs hits, misses and alarms", seen, 50*len(tg), alarms)
	}
	buf = make([]Detection, 0, 4*len(tg)+64)
	allocs := testing.AllocsPerRun(50, func() {
		buf = r.AppendLookJammed(buf[:0], 0, tg, Jamming{}, forB)
		buf = r.AppendFalseAlarms(buf, 0, 0, 1, srcB)
	})
	if allocs != 0 {
		t.Fatalf("%v allocations a look into a buffer with room, want 0", allocs)
	}
}
