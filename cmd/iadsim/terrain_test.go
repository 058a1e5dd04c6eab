package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

// TestTerrainFetch: terrain fetch against a local mirror in the skadi
// layout (found through IADSIM_TERRAIN_MIRROR) brings the bundled tile
// into the cache, marks the sea cell beside it absent, and prints the
// terrain: block, which terrain info then reads; bad input is exit 2
// with nothing written.
func TestTerrainFetch(t *testing.T) {
	hgt, err := os.ReadFile("../../examples/data/N44W072.hgt")
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(hgt)
	zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/skadi/N44/N44W072.hgt.gz" {
			http.NotFound(w, r)
			return
		}
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(gz.Bytes()))
	}))
	defer srv.Close()

	dir := filepath.Join(t.TempDir(), "tiles")
	cmd := exec.Command(bin, "terrain", "fetch", "--area", "44.5,-72.5,44.9,-71.2", "--source", "srtm-1", "--out", dir)
	cmd.Env = append(os.Environ(), "IADSIM_TERRAIN_MIRROR="+srv.URL)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	sum := sha256.Sum256(hgt)
	for _, want := range []string{
		"source: srtm-1: ", "heights above EGM96\n",
		"from: " + srv.URL + "\n",
		"N44W073  absent   HTTP 404",
		"N44W072  fetched  N44W072.hgt  sha256 " + hex.EncodeToString(sum[:]) + "\n",
		"1 tiles in " + dir + ", 1 absent\n",
		"terrain:\n  dem: [\"" + dir + "\"]\n  geoid_height: auto\n",
		"# no tile for N44W073",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if r := iadsim(t, "terrain", "info", dir); r.code != 0 || !strings.Contains(r.stdout, "N44W072.hgt ") {
		t.Errorf("terrain info of the cache: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}

	for _, a := range [][]string{
		{"--area", "44,-72,45", "--out", dir},
		{"--area", "44,-72,45,-71", "--source", "srtm-2", "--out", dir},
		{"--area", "44,-72,45,-71"},
	} {
		r := iadsim(t, append([]string{"terrain", "fetch"}, a...)...)
		if r.code != 2 || r.stdout != "" {
			t.Errorf("%v: exit %d, stdout %q; want exit 2, nothing out", a, r.code, r.stdout)
		}
	}
}

// TestRunOffTiles: iadsim run of a scenario whose site lies outside its
// DEM's tiles is bad input: exit 2, the site's file:line:col, no output.
func TestRunOffTiles(t *testing.T) {
	dir := t.TempDir()
	tile, err := filepath.Abs("../../examples/data/N44W072.hgt")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "off.yaml")
	text := `version: 1
name: off the tiles
duration: 1 min
terrain: {dem: ["` + tile + `"], geoid_height: auto}
sites:
  - {id: north, at: {lat: 45.20, lon: -71.50}}
threats:
  - {id: cm, type: subsonic-cruise-missile, altitude: 50 m, speed: 240 m/s, target: north,
     route: [{lat: 44.10, lon: -71.80}, {lat: 44.60, lon: -71.40}]}
`
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	r := iadsim(t, "run", file, "--out", out)
	if r.code != 2 || !strings.Contains(r.stderr, "off.yaml:6:21: 45.20000, -71.50000 lies outside the terrain's tiles: no tile for N45W072") {
		t.Errorf("exit %d, stderr %q; want exit 2 naming the site", r.code, r.stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("output written for a refused run: %v", err)
	}
}
