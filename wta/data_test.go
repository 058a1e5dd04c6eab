package wta

import (
	"os"
	"path/filepath"
	"testing"
)

// dataDir holds the instances of Andersen, Pavlikov and Toffolo (2022),
// see ../../shared/data/README.md.
const dataDir = "../../shared/data/wta"

// bestKnown are the best objective values in ../../shared/data/README.md,
// from the paper's published logs (logs/results.csv of the public
// repository tuliotoffolo/wta, commit 8f5a11c7); all proven optimal there.
var bestKnown = []struct {
	name string
	best float64
}{
	{"wta_50x100x1", 1734.3023},
	{"wta_50x100x2", 123.8384},
	{"wta_50x100x3", 20.5899},
	{"wta_100x200x1", 2862.3026},
	{"wta_100x200x2", 116.0572},
	{"wta_150x300x1", 3740.4174},
}

// loadData parses one instance of dataDir, skipping the test when the
// folder is absent unless IADSIM_REQUIRE_ORACLES=1.
func loadData(tb testing.TB, name string) *Instance {
	tb.Helper()
	path := filepath.Join(dataDir, name+".txt")
	f, err := os.Open(path)
	if os.IsNotExist(err) && os.Getenv("IADSIM_REQUIRE_ORACLES") != "1" {
		tb.Skipf("%s absent (the shared data folder is not beside the checkout); set IADSIM_REQUIRE_ORACLES=1 to fail instead", path)
	}
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	in, err := Parse(path, f)
	if err != nil {
		tb.Fatal(err)
	}
	return in
}
