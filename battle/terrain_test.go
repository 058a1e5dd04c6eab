package battle

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/scenario"
	"gonum.org/v1/gonum/spatial/r3"
)

// demPath is the real SRTM tile the examples read, kept in the
// repository (public domain; docs/data-sources.md).
const demPath = "../examples/data/N44W072.hgt"

func needDEM(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs(demPath)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// ridge puts a radar 12 km west of the Presidential Range (White
// Mountains, New Hampshire; ground 662 m there, the ridge 1190-1700 m from
// 44.22 to 44.33 N, read with gdallocationinfo -wgs84 from the tile) and two
// slow targets at 1100 m above the ellipsoid (about 1130 m above sea
// level): one 6 km east of the ridge, below the line from the radar over
// it, one over the lower ground west of the radar.
func ridge(dem string) string {
	terrain := ""
	if dem != "" {
		terrain = "terrain: {dem: [" + dem + "], geoid_height: -28 m}\n"
	}
	return `
version: 1
name: ridge
duration: 4 min
seed: 2
` + terrain + `
sites:
  - {id: base, at: {lat: 44.27, lon: -71.55, alt: 400 m}}
air_defence:
  - id: u
    command_post: {id: cp, at: {lat: 44.27, lon: -71.45, alt: 640 m}}
    radars:
      - {id: r, model: 92N6E, at: {lat: 44.27, lon: -71.45, alt: 640 m}, antenna_height: 10 m, sector_width: 0 deg, track_dwell: 0 s}
threats:
  - {id: behind, type: drone, rcs: 5 m2, speed: 50 m/s, altitude: 1100 m,
     route: [{lat: 44.22, lon: -71.22}, {lat: 44.33, lon: -71.22}]}
  - {id: open, type: drone, rcs: 5 m2, speed: 50 m/s, altitude: 1100 m,
     route: [{lat: 44.22, lon: -71.62}, {lat: 44.33, lon: -71.62}]}
`
}

func detected(t *testing.T, text string) map[string]int {
	t.Helper()
	s, err := scenario.Parse("ridge.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, e := range res.Events {
		if e.Type == event.Detection {
			n[e.Threat]++
		}
	}
	return n
}

// TestTerrainMasks: a target behind a ridge is not detected over real
// terrain, though the same radar sees it over a smooth earth; a target in
// the open is seen either way.
func TestTerrainMasks(t *testing.T) {
	dem := needDEM(t)
	smooth := detected(t, ridge(""))
	if smooth["behind"] == 0 || smooth["open"] == 0 {
		t.Fatalf("over a smooth earth both targets should be seen: %v", smooth)
	}
	rough := detected(t, ridge(dem))
	if rough["behind"] != 0 {
		t.Errorf("the target behind the Presidential Range was detected %d times over real terrain", rough["behind"])
	}
	if rough["open"] == 0 {
		t.Errorf("the target in the open valley was not detected over real terrain: %v", rough)
	}
}

func TestTerrainMissingFile(t *testing.T) {
	_, err := scenario.Parse("ridge.yaml", []byte(ridge("no/such/tile.hgt")))
	if err == nil || !strings.Contains(err.Error(), "ridge.yaml:6:") || !strings.Contains(err.Error(), "no/such/tile.hgt") {
		t.Fatalf("a missing DEM file: %v", err)
	}
}

// TestGroundFollowing: a threat with altitude_ref ground flies at its
// height above the DEM (read back from the DEM itself), climbing and
// diving with the hills, and its velocity matches its motion.
func TestGroundFollowing(t *testing.T) {
	dem := needDEM(t)
	text := `
version: 1
name: terrain following
duration: 6 min
terrain: {dem: [` + dem + `], geoid_height: -28 m}
threats:
  - {id: tf, type: subsonic-cruise-missile, altitude: 50 m, altitude_ref: ground,
     route: [{lat: 44.10, lon: -71.80}, {lat: 44.60, lon: -71.20}]}
`
	s, err := scenario.Parse("tf.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := PrepareTerrain(s)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{s: s, terrain: tr}
	if err := w.buildThreats(); err != nil {
		t.Fatal(err)
	}
	m := w.threats[0].mover
	lo, hi := 1e9, -1e9
	for tt := m.Start(); tt < m.End(); tt += 5 {
		pos, vel, ok := m.State(tt)
		if !ok {
			t.Fatalf("no state at %v", tt)
		}
		p := geo.FromECEF(pos)
		ground, ok := tr.los.Surface.Elevation(p.Lat, p.Lon)
		if !ok {
			t.Fatalf("off the DEM at %v", tt)
		}
		if agl := p.Alt - (ground - 28); math.Abs(agl-50) > 1e-6 {
			t.Fatalf("t=%v: %.3f m above the ground, want 50", tt, agl)
		}
		lo, hi = min(lo, ground), max(hi, ground)
		next, _, _ := m.State(tt + 0.01)
		fd := r3.Scale(100, r3.Sub(next, pos))
		if d := r3.Norm(r3.Sub(fd, vel)); d > 0.1*r3.Norm(vel)+5 {
			t.Fatalf("t=%v: velocity %v, finite difference %v", tt, vel, fd)
		}
	}
	if hi-lo < 300 {
		t.Errorf("the route crosses ground from %.0f to %.0f m only; the test wants hills", lo, hi)
	}
	if _, err := scenario.Parse("tf.yaml", []byte(strings.Replace(text, "terrain: {dem: ["+dem+"], geoid_height: -28 m}\n", "", 1))); err == nil ||
		!strings.Contains(err.Error(), "altitude_ref ground needs terrain") {
		t.Errorf("altitude_ref ground without terrain: %v", err)
	}
}

// TestOffTiles: a run whose site, radar or route leaves the DEM's tiles is
// refused, each problem at the file, line and column of the position that
// leaves (a route leg at its first point, with where it leaves); a
// ballistic launch point far away is no place on the theatre's ground.
func TestOffTiles(t *testing.T) {
	tile, err := os.ReadFile(needDEM(t))
	if err != nil {
		t.Fatal(err)
	}
	dem := t.TempDir() // the New Hampshire tile and a copy two degrees north: N45W072 is a hole
	for _, name := range []string{"N44W072.hgt", "N46W072.hgt"} {
		if err := os.WriteFile(filepath.Join(dem, name), tile, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := `version: 1
name: off the tiles
duration: 6 min
terrain: {dem: [` + dem + `], geoid_height: -28 m}
sites:
  - {id: in, at: {lat: 44.50, lon: -71.50}}
  - {id: north, at: {lat: 45.20, lon: -71.50}}
threats:
  - {id: leg, type: subsonic-cruise-missile, altitude: 50 m, speed: 240 m/s,
     route: [{lat: 44.10, lon: -71.80}, {lat: 46.50, lon: -71.50}, {lat: 44.60, lon: -72.40}]}
  - {id: tbm, type: srbm, launch: {lat: 40.0, lon: -75.0}, impact: {lat: 44.40, lon: -71.60}}
`
	s, err := scenario.Parse("off.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	_, err = PrepareTerrain(s)
	var el scenario.ErrorList
	if !errors.As(err, &el) {
		t.Fatalf("err %v, want a scenario.ErrorList", err)
	}
	got := err.Error()
	for _, want := range []string{
		"off.yaml:7:21: 45.20000, -71.50000 lies outside the terrain's tiles: no tile for N45W072; want a tile there (iadsim terrain fetch",
		"off.yaml:10:14: the route leg from this point to the next leaves the terrain's tiles at 45.00",
		"off.yaml:10:68: 44.60000, -72.40000 lies outside the terrain's tiles: no tile for N44W073",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("errors lack %q:\n%s", want, got)
		}
	}
	if len(el) != 3 {
		t.Errorf("%d errors, want 3 (no more: not the launch point, nor the leg to a point off the tiles):\n%s", len(el), got)
	}
}
