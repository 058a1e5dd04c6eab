package main

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/internal/dirlock"
	"github.com/iadsim/iadsim/terrain"
	"github.com/paulmach/orb/geojson"
)

const coverageExample = "../../examples/s400-coverage.yaml"

// exampleTile is the SRTM tile the terrain examples read, kept in the
// repository (public domain; docs/data-sources.md).
const exampleTile = "../../examples/data/N44W072.hgt"

// TestCoverageWritesOutputs runs the example at two altitudes and checks
// every file: GeoTIFF, PNG, GeoJSON and KML per altitude and kind,
// horizon.csv with a row per radar and battery per altitude, and the
// layered-defence map.
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
	rows := readHorizon(t, dir)
	// Three radars and the battery, at two altitudes, and the header.
	if len(rows) != 1+2*4 || rows[0][0] != "altitude_m" {
		t.Errorf("horizon.csv has %d rows, header %v; want 9", len(rows), rows[0])
	}
	if b, err := os.ReadFile(filepath.Join(dir, "defence.png")); err != nil || !strings.HasPrefix(string(b), magic[".png"]) {
		t.Errorf("defence.png: missing or not a PNG (%v)", err)
	}
	ents, _ := os.ReadDir(dir)
	ents = slices.DeleteFunc(ents, func(e os.DirEntry) bool { return e.Name() == dirlock.File || e.Name() == export.SumsFile })
	if len(ents) != 2*2*4+2 {
		t.Errorf("%d files in the output besides the lock file and the seal, want 18", len(ents))
	}
	if err := export.Verify(dir, "horizon.csv"); err != nil {
		t.Errorf("the coverage folder is not sealed: %v", err)
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
		{"unknown band", []string{"--alt", "30m", "--rcs", "0.1m2", "--band", "Q"}},
		{"aspect beyond the tail", []string{"--alt", "30m", "--rcs", "0.1m2", "--aspect", "200"}},
		{"aspect word", []string{"--alt", "30m", "--rcs", "0.1m2", "--aspect", "side"}},
		{"speed", []string{"--alt", "30m", "--rcs", "0.1m2", "--speed", "fast"}},
		{"unknown threat", []string{"--alt", "30m", "--threat", "f-99"}},
		{"threat without a table", []string{"--alt", "30m", "--threat", "subsonic-cruise-missile"}},
		{"sea and land", []string{"--alt", "30m", "--rcs", "0.1m2", "--sea-state", "3", "--land", "woods"}},
		{"sea state 9", []string{"--alt", "30m", "--rcs", "0.1m2", "--sea-state", "9"}},
		{"unknown land", []string{"--alt", "30m", "--rcs", "0.1m2", "--land", "moon"}},
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

// TestCoverageByBandAndAspect maps a low-observable fighter class by
// band and aspect over a sea: one map per band and aspect, named for
// them; the X-band fire-control radar sees the fighter's beam (its table
// +30 dB over the nose at X) farther than its nose.
func TestCoverageByBandAndAspect(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cov")
	r := iadsim(t, "coverage", coverageExample, "--alt", "10km", "--threat", "fighter-low-observable",
		"--band", "X", "--aspect", "nose,beam", "--sea-state", "3", "--res", "2km", "--extent", "150km", "--out", dir)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, name := range []string{"detection_10km_X_nose.tif", "detection_10km_X_beam.tif", "engagement_10km_X_beam.png"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	rows := readHorizon(t, dir)
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	free := map[string]float64{}
	for _, row := range rows[1:] {
		if row[col["band"]] != "X" {
			t.Errorf("row %v: band %q, want X", row, row[col["band"]])
		}
		if row[col["radar"]] == "bn1-92n6e" {
			x, _ := strconv.ParseFloat(row[col["free_space_km"]], 64)
			free[row[col["aspect_deg"]]] = x
		}
	}
	if !(free["90.0"] > 2*free["0.0"]) {
		t.Errorf("92N6E free-space range at the beam %v km, at the nose %v km; want the beam farther by the table", free["90.0"], free["0.0"])
	}
}

// readHorizon reads horizon.csv of a coverage output directory.
func readHorizon(t *testing.T, dir string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "horizon.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// antimeridianUnit is a battalion near Fiji astride 180°: its radar at
// 179.98° E, its launcher at 179.98° W.
const antimeridianUnit = `version: 1
name: Fiji, astride the antimeridian
duration: 1 min
seed: 1
air_defence:
  - id: bn1
    system: s400
    command_post:
      id: bn1-cp
      at: {lat: -16.80, lon: 179.99, alt: 10 m}
    radars:
      - id: bn1-92n6e
        model: 92N6E
        role: fire-control
        at: {lat: -16.80, lon: 179.98, alt: 10 m}
    launchers:
      - {id: bn1-tel-1, model: 5P85TE2, at: {lat: -16.80, lon: -179.98, alt: 10 m}, missiles: {9M96E2: 16}}
`

// TestCoverageAntimeridian: a unit astride 180° once got a false exit 2
// ("reaches around the earth"); now it has its maps, and their GeoJSON
// reaches both sides of the antimeridian with every longitude in
// [-180, 180].
func TestCoverageAntimeridian(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "fiji.yaml")
	if err := os.WriteFile(file, []byte(antimeridianUnit), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "cov")
	r := iadsim(t, "coverage", file, "--alt", "300m", "--rcs", "1m2", "--res", "2km", "--extent", "100km", "--out", out)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, kind := range []string{"detection", "engagement"} {
		b, err := os.ReadFile(filepath.Join(out, kind+"_300m.geojson"))
		if err != nil {
			t.Fatal(err)
		}
		fc, err := geojson.UnmarshalFeatureCollection(b)
		if err != nil {
			t.Fatal(err)
		}
		bd := fc.Features[0].Geometry.Bound()
		if bd.Min[0] != -180 || bd.Max[0] != 180 {
			t.Errorf("%s: longitudes %g to %g, want -180 to 180 (cut at the antimeridian)", kind, bd.Min[0], bd.Max[0])
		}
	}
}

// TestCoveragePerUnit: --per-unit adds each unit's own GeoTIFF and map,
// and the unit's GeoTIFF holds the same coverage as the combined one when
// the scenario has one unit.
func TestCoveragePerUnit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cov")
	r := iadsim(t, "coverage", coverageExample, "--alt", "300m", "--rcs", "0.1m2", "--res", "2km", "--extent", "40km", "--per-unit", "--out", dir)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, kind := range []string{"detection", "engagement"} {
		all, err := terrain.ReadFile(filepath.Join(dir, kind+"_300m.tif"))
		if err != nil {
			t.Fatal(err)
		}
		one, err := terrain.ReadFile(filepath.Join(dir, kind+"_300m_bn1.tif"))
		if err != nil {
			t.Fatal(err)
		}
		// NoData reads as NaN, which equals nothing: compare bits.
		same := slices.EqualFunc(all.Z, one.Z, func(a, b float32) bool { return math.Float32bits(a) == math.Float32bits(b) })
		if !same || len(all.Z) == 0 {
			t.Errorf("%s: bn1's GeoTIFF differs from the combined one, the scenario's only unit", kind)
		}
		if b, err := os.ReadFile(filepath.Join(dir, kind+"_300m_bn1.png")); err != nil || !strings.HasPrefix(string(b), "\x89PNG") {
			t.Errorf("%s_300m_bn1.png: missing or not a PNG (%v)", kind, err)
		}
	}
}
