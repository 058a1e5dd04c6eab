package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTerrainInfo: a folder of two SRTM tiles two degrees apart and a
// DTED cell lists the three tiles and the hole between them, by name;
// a folder without tiles is bad input (exit 2, nothing on stdout).
func TestTerrainInfo(t *testing.T) {
	dir := t.TempDir()
	hgt, err := os.ReadFile("../../examples/data/N44W072.hgt")
	if err != nil {
		t.Fatal(err)
	}
	dt0, err := os.ReadFile("../../terrain/testdata/n44w072.dt0")
	if err != nil {
		t.Fatal(err)
	}
	// An SRTM tile's corner comes from its name: the copy is 46-47° N.
	for name, b := range map[string][]byte{"N44W072.hgt": hgt, "N46W072.hgt": hgt, "n44w072.dt0": dt0} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := iadsim(t, "terrain", "info", dir)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{
		"N44W072.hgt                   1201x1201     65.7 m   44.00000..45.00000     -72.00000..-71.00000     0.000%",
		"N46W072.hgt                   1201x1201     ",
		"46.00000..47.00000",
		"n44w072.dt0                    121x121 ",
		"area: latitude 44..47, longitude -72..-71: 3 whole-degree cells, 3 tiles",
		"holes: 1 cells without a tile: N45W072\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	empty := t.TempDir()
	r = iadsim(t, "terrain", "info", empty)
	if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "no DEM files") {
		t.Errorf("empty folder: exit %d, stdout %q, stderr %q; want exit 2, nothing out, no DEM files", r.code, r.stdout, r.stderr)
	}
	r = iadsim(t, "terrain", "info", filepath.Join(dir, "N4[46]*"))
	if r.code != 0 || !strings.Contains(r.stdout, "2 tiles") {
		t.Errorf("glob: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
}

// TestTerrainGeoid: the undulation printed on the last line agrees with
// PROJ's EGM96 transform at recorded places (geo/testdata/geoid.txt,
// made by gdaltransform -s_srs EPSG:4326+5773 -t_srs EPSG:4979) within
// the 0.006 m the grid's centimetre posts allow; a point outside the
// earth is bad input.
func TestTerrainGeoid(t *testing.T) {
	for _, c := range []struct {
		at   string
		proj float64
	}{
		{"44.27,-71.30", -27.5184727935791}, // Mount Washington
		{"32.65,51.67", 0.121087769985237},  // Isfahan
		{"39.93,32.86", 36.8446762390137},   // Ankara
		{"4.7,78.8", -106.96375793457},      // the low south of India
		{"0,180", 21.1533298492432},         // the antimeridian
	} {
		r := iadsim(t, "terrain", "geoid", c.at)
		if r.code != 0 {
			t.Fatalf("%s: exit %d: %s", c.at, r.code, r.stderr)
		}
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		var n float64
		if _, err := fmt.Sscanf(lines[len(lines)-1], "undulation %g", &n); err != nil {
			t.Fatalf("%s: last line %q: %v", c.at, lines[len(lines)-1], err)
		}
		if math.Abs(n-c.proj) > 0.006 {
			t.Errorf("%s: undulation %.3f, PROJ %.4f", c.at, n, c.proj)
		}
	}
	for _, bad := range []string{"91,0", "44.27", "x,y"} {
		r := iadsim(t, "terrain", "geoid", bad)
		if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "latitude,longitude") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and the form asked", bad, r.code, r.stdout, r.stderr)
		}
	}
}
