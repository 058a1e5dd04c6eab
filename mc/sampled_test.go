package mc

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/scenario"
)

// TestSampledFigures: with figures: sample, every replication draws its
// own disputed figures, records them in runs.csv, and the draws depend
// on the seed and the replication only, not on the number of workers.
func TestSampledFigures(t *testing.T) {
	const path = "testdata/sampled.yaml"
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tm, err := scenario.Compile(path, src, scenario.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := tm.Resolve(nil)
	if err != nil {
		t.Fatal(err)
	}
	csvOf := func(workers int) []byte {
		out := filepath.Join(t.TempDir(), "b")
		if _, err := Run(context.Background(), Config{Scenario: s, Template: tm, Source: src, Runs: 6, Workers: workers, Out: out}); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(out, "runs.csv"))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	one, two := csvOf(1), csvOf(2)
	if !bytes.Equal(one, two) {
		t.Fatal("runs.csv differs between 1 and 2 workers with sampled figures")
	}
	rows, err := csv.NewReader(bytes.NewReader(one)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range rows[0] {
		if strings.HasPrefix(h, "figure_") && strings.HasSuffix(h, ".ref_rcs") {
			col = i
			break
		}
	}
	if col < 0 {
		t.Fatalf("no figure_*.ref_rcs column in %v", rows[0])
	}
	seen := map[string]bool{}
	for _, r := range rows[1:] {
		seen[r[col]] = true
	}
	if len(seen) < 3 {
		t.Errorf("%s took %d distinct values over 6 replications; each should draw its own", rows[0][col], len(seen))
	}
}
