package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/internal/dirlock"
)

const coverageExample = "../../examples/s400-coverage.yaml"

// exampleTile is the SRTM tile the terrain examples read, kept in the
// repository (public domain; docs/data-sources.md).
const exampleTile = "../../examples/data/N44W072.hgt"

// TestCoverageWritesOutputs runs the example at two altitudes and checks
// every file: GeoTIFF, PNG, GeoJSON and KML per altitude and kind, and
// horizon.csv with a row per radar and battery per altitude.
func TestCoverageWritesOutputs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cov")
	r := iadsim(t, "coverage", coverageExample, "--alt", "30m,3km", "--rcs", "0.1m2", "--res", "1km", "--extent", "60km", "--out", dir)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"HORIZON", "FREE SPACE", "FIRST SEEN", "bn1-92n6e", "battery", "30 m AGL", "3 km AGL"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("table lacks %q:\n%s", want, r.stdout)
		}
	}
	magic := map[string]string{".tif": "II*\x00", ".png": "\x89PNG", ".geojson": `{"`, ".kml": "<?xml"}
	for _, alt := range []string{"30m", "3km"} {
		for _, kind := range []string{"detection", "engagement"} {
			for ext, m := range magic {
				name := filepath.Join(dir, kind+"_"+alt+ext)
				b, err := os.ReadFile(name)
				if err != nil || !strings.HasPrefix(string(b), m) {
					t.Errorf("%s: missing or not a %s file (%v)", name, ext, err)
				}
			}
		}
	}
	f, err := os.Open(filepath.Join(dir, "horizon.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// Three radars and the battery, at two altitudes, and the header.
	if len(rows) != 1+2*4 || rows[0][0] != "altitude_m" {
		t.Errorf("horizon.csv has %d rows, header %v; want 9", len(rows), rows[0])
	}
	ents, _ := os.ReadDir(dir)
	ents = slices.DeleteFunc(ents, func(e os.DirEntry) bool { return e.Name() == dirlock.File })
	if len(ents) != 2*2*4+1 {
		t.Errorf("%d files in the output besides the lock file, want 17", len(ents))
	}
}

// TestCoverageBadInput: bad flags exit 2 and write nothing.
func TestCoverageBadInput(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
	}{
		{"no altitude", []string{"--rcs", "0.1m2"}},
		{"bad altitude", []string{"--alt", "30 parsecs", "--rcs", "0.1m2"}},
		{"no RCS", []string{"--alt", "30m"}},
		{"bad RCS", []string{"--alt", "30m", "--rcs", "big"}},
		{"negative RCS", []string{"--alt", "30m", "--rcs", "-1m2"}},
		{"Pd 1", []string{"--alt", "30m", "--rcs", "0.1m2", "--pd", "1"}},
		{"alt-ref", []string{"--alt", "30m", "--rcs", "0.1m2", "--alt-ref", "agm"}},
		{"resolution", []string{"--alt", "30m", "--rcs", "0.1m2", "--res", "0m"}},
		{"extent", []string{"--alt", "30m", "--rcs", "0.1m2", "--extent", "far"}},
		{"twice", []string{"--alt", "30m,30m", "--rcs", "0.1m2"}},
		{"unknown flag", []string{"--alt", "30m", "--rcs", "0.1m2", "--colour", "red"}},
		{"grid too large", []string{"--alt", "30m", "--rcs", "0.1m2", "--res", "1m", "--extent", "500km"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "cov")
			args := append([]string{"coverage", coverageExample, "--out", dir}, c.args...)
			r := iadsim(t, args...)
			if r.code != 2 {
				t.Errorf("exit %d, want 2; stderr %s", r.code, r.stderr)
			}
			if _, err := os.Stat(dir); err == nil {
				t.Error("output written despite the error")
			}
		})
	}
	r := iadsim(t, "coverage", "no-such.yaml", "--alt", "30m", "--rcs", "0.1m2", "--out", t.TempDir())
	if r.code != 2 {
		t.Errorf("missing scenario: exit %d, want 2", r.code)
	}
}
