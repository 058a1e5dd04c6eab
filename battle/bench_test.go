package battle

import (
	"os"
	"runtime/debug"
	"testing"

	"github.com/iadsim/iadsim/internal/cputime"
	"github.com/iadsim/iadsim/scenario"
)

// BenchmarkReplication runs replications of the example as a Monte Carlo
// batch does: the shared preparation (terrain, derived interceptor
// models) made once outside the timer, no track samples, a new
// replication number each time, the collector at GCPercent as the
// command runs it (unless GOGC is set). It reports replications per
// CPU-second of the process, the figure docs/PERFORMANCE.md budgets; its
// partner mc's BenchmarkBatchExample measures whole batches, and
// scripts/bench-replication.sh runs the two against a base commit.
func BenchmarkReplication(b *testing.B) {
	s, sh := batchExample(b)
	cpu0, err := cputime.Process()
	if err != nil {
		b.Fatal(err)
	}
	k := 0
	for b.Loop() {
		if _, err := Run(s, Options{Shared: sh, Replication: k, NoSamples: true}); err != nil {
			b.Fatal(err)
		}
		k++
	}
	cpu1, err := cputime.Process()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/(cpu1-cpu0), "runs/cpu-s")
}

// BenchmarkReplicationTally runs replications of the example as a Monte
// Carlo batch runs all but its first: the events streamed to a summary's
// tally, with the lean record (Options.Lean) or the whole one. The two
// differ by what the record costs a batch's replication.
func BenchmarkReplicationTally(b *testing.B) {
	s, sh := batchExample(b)
	for _, lean := range []bool{false, true} {
		name := "whole"
		if lean {
			name = "lean"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			k := 1
			for b.Loop() {
				tally := NewTally(s)
				if _, err := Run(s, Options{Shared: sh, Replication: k, NoSamples: true, Stream: tally.Add, Lean: lean}); err != nil {
					b.Fatal(err)
				}
				k++
			}
		})
	}
}

// batchExample is the example prepared as a batch prepares it, for the
// benchmarks of its replications: the collector at GCPercent as the
// command runs it (unless GOGC is set) until the benchmark ends, the
// shared preparation made, and the interceptor models, derived on first
// use and kept in the preparation, derived by a first run: a batch
// derives them once, so the replications timed must not.
func batchExample(b *testing.B) (*scenario.Scenario, *Shared) {
	b.Helper()
	if os.Getenv("GOGC") == "" {
		old := debug.SetGCPercent(GCPercent)
		b.Cleanup(func() { debug.SetGCPercent(old) })
	}
	s := loadExample(b)
	sh, err := Prepare(s)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := Run(s, Options{Shared: sh, Replication: -1, NoSamples: true}); err != nil {
		b.Fatal(err)
	}
	return s, sh
}
