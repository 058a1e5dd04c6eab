package battle

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/iadsim/iadsim/epoch"
	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/scenario"
)

// runFiles are events.jsonl and tracks.csv of a run of s with the
// looks of an instant on the given number of workers, as one text.
func runFiles(t *testing.T, s *scenario.Scenario, sh *Shared, workers int) []byte {
	t.Helper()
	res, err := Run(s, Options{Shared: sh, Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	ep := epoch.New(s.Epoch)
	if err := export.WriteEvents(&b, res.Events, ep); err != nil {
		t.Fatal(err)
	}
	if err := export.WriteTracks(&b, res.Samples, ep); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sameRecord runs s with 1 worker and with each of workers, and fails
// where a record (events and samples) differs from the serial one: its
// first differing line.
func sameRecord(t *testing.T, s *scenario.Scenario, workers ...int) {
	t.Helper()
	sh, err := Prepare(s)
	if err != nil {
		t.Fatal(err)
	}
	want := runFiles(t, s, sh, 1)
	for _, n := range workers {
		got := runFiles(t, s, sh, n)
		if bytes.Equal(got, want) {
			continue
		}
		gl, wl := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
		for i := 0; i < min(len(gl), len(wl)); i++ {
			if !bytes.Equal(gl[i], wl[i]) {
				t.Fatalf("%d workers: events.jsonl and tracks.csv: line %d differs from 1 worker's:\n got %s\nwant %s", n, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%d workers: %d lines of events.jsonl and tracks.csv, 1 worker: %d", n, len(gl), len(wl))
	}
	if !bytes.Contains(want, []byte(`"type":"detection"`)) || !bytes.Contains(want, []byte(",track,")) {
		t.Fatalf("no detection or no track sample in the record: the looks and the samples were not exercised")
	}
}

// TestLookWorkersExamples: every bundled battle example records the same
// events.jsonl and tracks.csv, byte for byte, with its looks on 1, 2 and 8 workers.
// The grids (grid-regional: 12 battalions, grid-regiments) are where
// several units look at once; the one-battalion examples run each look
// whole where a look must (emission control, jammers, grid cueing).
func TestLookWorkersExamples(t *testing.T) {
	battles := eachBattleExample(t, func(t *testing.T, _ string, s *scenario.Scenario) {
		sameRecord(t, s, 2, 8)
	})
	if battles < 3 {
		t.Errorf("%d battle examples checked, want at least 3", battles)
	}
}

// TestLookWorkersGrid: a generated grid of 16 battalions against 100
// cruise missiles (gridScenario) records the same events.jsonl and
// tracks.csv with its
// looks on 1, 2 and 8 workers, for several seeds. In -short, and under
// the race detector (scripts or go test -race -short), a smaller grid
// and a shorter run: 4 battalions for 5 minutes.
func TestLookWorkersGrid(t *testing.T) {
	bn, th, dur := 16, 100, gridDuration
	seeds := []uint64{16, 17, 18}
	if testing.Short() {
		bn, th, dur = 4, 25, 300
		seeds = seeds[:2]
	}
	if os.Getenv("IADSIM_LOOKS_FULL") == "" && !testing.Short() {
		// Each run of 16 x 100 takes about half a minute of CPU.
		seeds = seeds[:1]
	}
	for _, seed := range seeds {
		t.Run(fmt.Sprintf("bn=%d/threats=%d/seed=%d", bn, th, seed), func(t *testing.T) {
			s := loadGrid(t, bn, th, dur)
			s.Seed = seed
			sameRecord(t, s, 2, 8)
		})
	}
	// Over terrain (each radar's screen, the trackers' ground) with
	// both systems and every class of threat: the first two and a half
	// minutes of examples/grid-regional.yaml, short enough for the race
	// detector.
	t.Run("grid-regional/150s", func(t *testing.T) {
		s, err := scenario.Load("../examples/grid-regional.yaml")
		if err != nil {
			t.Fatal(err)
		}
		s.Duration = 150
		sameRecord(t, s, 4)
	})
}

// gridWorkers is the number of workers of BenchmarkGrid's looks:
// IADSIM_GRID_WORKERS, 1 when unset.
func gridWorkers(b *testing.B) int {
	v := os.Getenv("IADSIM_GRID_WORKERS")
	if v == "" {
		return 1
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		b.Fatalf("IADSIM_GRID_WORKERS=%q: want a number of workers, 0 or more", v)
	}
	return n
}
