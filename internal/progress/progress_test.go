package progress

import (
	"strings"
	"testing"
	"time"

	"github.com/iadsim/iadsim/mc"
)

// TestProgressLog: away from a terminal, mc writes a line per 5 % of the
// batch, or after logEvery without one, and its summary at the end.
func TestProgressLog(t *testing.T) {
	var log strings.Builder
	clock := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	b := &Batch{w: &log, now: func() time.Time { return clock }}
	const total = 1000
	// 1 replication a second for 120 s: lines at 31 (30 s on), 50 (5 %),
	// 80 (30 s on) and 100 (10 %).
	for done := 1; done <= 120; done++ {
		clock = clock.Add(time.Second)
		b.Update(mc.Progress{Done: done, Total: total, Rate: 1, ETA: time.Duration(total-done) * time.Second})
	}
	// Then fast to the end: a line per 50.
	for done := 121; done <= total; done++ {
		b.Update(mc.Progress{Done: done, Total: total, Rate: 100, Elapsed: 130 * time.Second})
	}
	b.Finish()
	lines := strings.Split(strings.TrimSuffix(log.String(), "\n"), "\n")
	for i, want := range map[int]string{
		0: "31/1000 replications (3%), 1.0 runs/s, ETA 16m9s",
		1: "50/1000 replications (5%)",
		2: "80/1000 replications (8%)",
		3: "100/1000 replications (10%)",
		4: "150/1000 replications (15%), 100.0 runs/s",
	} {
		if i >= len(lines) || !strings.HasPrefix(lines[i], want) {
			t.Errorf("line %d: want %q in\n%s", i+1, want, log.String())
		}
	}
	// 4 lines to 120, then 150, 200, ..., 950 (17), then the summary.
	if len(lines) != 4+17+1 || !strings.HasPrefix(lines[len(lines)-1], "1000/1000 replications (0 resumed) in 130.0 s") {
		t.Errorf("%d lines, want 22 ending with the summary:\n%s", len(lines), log.String())
	}

	// A sweep starts again at each point.
	log.Reset()
	b = &Batch{w: &log, now: func() time.Time { return clock }}
	for _, point := range []string{"point 1/2 ", "point 2/2 "} {
		b.Label = point
		for done := 1; done < 20; done++ {
			b.Update(mc.Progress{Done: done, Total: 20})
		}
	}
	// 20 replications: a line for each (5 % is one), from the second.
	if n := strings.Count(log.String(), "point 2/2 2/20 "); n != 1 || strings.Count(log.String(), "\n") != 2*18 {
		t.Errorf("sweep: %q", log.String())
	}
}
