package mc

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"testing"

	"github.com/iadsim/iadsim/battle"
	"github.com/iadsim/iadsim/internal/cputime"
)

const example = "../examples/s400-battalion-vs-mixed-raid.yaml"

// BenchmarkBatchExample runs batches of 20 replications of the example on
// GOMAXPROCS workers, the shared preparation, journal syncs and table
// writing included, the collector at battle.GCPercent as the command
// runs it (unless GOGC is set), and reports replications per wall second and per
// CPU-second of the process. The goal is 1000 replications in
// under a minute on two cores: above 16.7 runs/s with -cpu 2 on an idle
// machine, that is above 8.3 runs/cpu-s (docs/PERFORMANCE.md); on a
// shared machine only runs/cpu-s means anything. Its partner battle's
// BenchmarkReplication times one replication without the batch around it;
// scripts/bench-replication.sh runs the two against a base commit.
func BenchmarkBatchExample(b *testing.B) {
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(battle.GCPercent))
	}
	s, src := load(b, example)
	const runs = 20
	dir := b.TempDir()
	i := 0
	cpu0, err := cputime.Process()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		i++
		_, err := Run(context.Background(), Config{Scenario: s, Source: src, Runs: runs,
			Out: filepath.Join(dir, strconv.Itoa(i))})
		if err != nil {
			b.Fatal(err)
		}
	}
	cpu1, err := cputime.Process()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(runs*b.N)/b.Elapsed().Seconds(), "runs/s")
	b.ReportMetric(float64(runs*b.N)/(cpu1-cpu0), "runs/cpu-s")
	b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "workers")
}
