package mc

import (
	"context"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

const example = "../examples/s400-battalion-vs-mixed-raid.yaml"

// BenchmarkBatchExample runs batches of 20 replications of the example on
// GOMAXPROCS workers, journal syncs and table writing included, and
// reports replications per second. The goal is 1000 replications
// in under a minute on two cores: above 16.7 runs/s with -cpu 2.
func BenchmarkBatchExample(b *testing.B) {
	s, src := load(b, example)
	const runs = 20
	dir := b.TempDir()
	i := 0
	for b.Loop() {
		i++
		_, err := Run(context.Background(), Config{Scenario: s, Source: src, Runs: runs,
			Out: filepath.Join(dir, strconv.Itoa(i))})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(runs*b.N)/b.Elapsed().Seconds(), "runs/s")
	b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "workers")
}
