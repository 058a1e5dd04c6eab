package scenario

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/internal/oracle"
)

// grid is a scenario with two regiments under a brigade, and a battalion
// left directly under the IADS's command post.
const grid = head + `sites:
  - {id: adoc, at: {lat: 35.7, lon: 51.5}}
  - {id: cp1, at: {lat: 35.8, lon: 51.4}}
  - {id: cp2, at: {lat: 33.7, lon: 51.7}}
  - {id: bde-cp, at: {lat: 34.5, lon: 51.0}}
air_defence:
  - {id: a, system: s400, at: {lat: 35.8, lon: 51.4}}
  - {id: b, system: s400, at: {lat: 35.6, lon: 51.2}}
  - {id: c, system: s400, at: {lat: 33.7, lon: 51.8}}
  - {id: d, system: s300pmu2, at: {lat: 29.0, lon: 50.9}}
iads:
  command_post: adoc
  units: [a, b, c, d]
  commands:
    - id: r1
      name: Tehran regiment
      kind: regiment
      command_post: cp1
      units: [a, b]
      sector: {polygon: [{lat: 34.5, lon: 50.0}, {lat: 34.5, lon: 53.0}, {lat: 37.0, lon: 53.0}, {lat: 37.0, lon: 50.0}]}
      link: {latency: 2 s, capacity: 40}
      unit_link: {latency: 1 s}
    - id: r2
      kind: regiment
      command_post: cp2
      units: [c]
      sector: {centre: {lat: 33.7, lon: 51.8}, azimuth_from: 200 deg, azimuth_to: 20 deg, range: 250 km}
    - id: bde
      kind: brigade
      command_post: bde-cp
      units: [r1, r2]
      link: {capacity: 100}
`

func TestCommands(t *testing.T) {
	s, err := Parse("t.yaml", []byte(grid))
	if err != nil {
		t.Fatal(err)
	}
	cs := s.IADS.Commands
	if len(cs) != 3 {
		t.Fatalf("%d commands, want 3", len(cs))
	}
	r1, r2, bde := cs[0], cs[1], cs[2]
	if r1.ID != "r1" || r1.Name != "Tehran regiment" || r1.Kind != CommandRegiment || r1.CommandPost != "cp1" ||
		strings.Join(r1.Units, ",") != "a,b" || len(r1.Sector.Polygon) != 4 ||
		r1.Link != (Link{Latency: 2, Capacity: 40}) || r1.UnitLink != (Link{Latency: 1}) {
		t.Errorf("r1: %+v", r1)
	}
	if r2.Name != "r2" || r2.Sector == nil || r2.Sector.Range != 250e3 ||
		math.Abs(r2.Sector.From-200*math.Pi/180) > 1e-12 || math.Abs(r2.Sector.To-20*math.Pi/180) > 1e-12 ||
		r2.Link != (Link{}) {
		t.Errorf("r2: %+v", r2)
	}
	if bde.Kind != CommandBrigade || strings.Join(bde.Units, ",") != "r1,r2" || bde.Sector != nil || bde.Link != (Link{Capacity: 100}) {
		t.Errorf("bde: %+v", bde)
	}
	for _, p := range s.Places {
		if p.At.Lat == geo.Deg(37, 0, 0).Lat {
			t.Errorf("a sector corner is a place of the theatre: %+v", p)
		}
	}
}

func TestCommandErrors(t *testing.T) {
	for _, tt := range []struct {
		name, old, new, at, want string
	}{
		{"unknown unit", "units: [a, b]", "units: [a, x]", "", `unit "x" of command r1 is neither a unit of the iads nor a command; want one of the iads units or a command id`},
		{"two commands", "units: [c]", "units: [c, a]", "", `"a" is under both r1 and r2; want each unit or command under one command`},
		{"itself", "units: [r1, r2]", "units: [r1, r2, bde]", "", `command bde lists itself; want the units and commands under it`},
		{"cycle", "units: [a, b]", "units: [a, b, bde]", "", `command r1 is under itself (r1 under bde under r1); want a tree of commands`},
		{"kind", "kind: brigade", "kind: division", "", `kind "division" is not known; want one of: regiment, brigade`},
		{"post", "command_post: cp2", "command_post: nowhere", "", `command_post "nowhere" is not a site; want the id of a site`},
		{"no units", "units: [c]", "units: []", "", `command has no units; want at least one unit or command under it`},
		{"twice", "units: [c]", "units: [c, c]", "", `unit "c" listed twice; want each unit once`},
		{"polygon of two", "{lat: 37.0, lon: 53.0}, {lat: 37.0, lon: 50.0}]", "]", "", `polygon has 2 corner(s); want at least 3 {lat, lon} corners`},
		{"both forms", "{polygon: [", "{range: 5 km, polygon: [", "", `sector has both polygon and range; want either a polygon or an azimuth sector`},
		{"neither form", "sector: {centre: {lat: 33.7, lon: 51.8}, ", "sector: {", "", `sector has neither polygon nor centre; want {polygon:`},
		{"no range", ", range: 250 km}", "}", "", `sector has no range; want range: a distance such as 250 km`},
		{"azimuth", "azimuth_to: 20 deg", "azimuth_to: 400 deg", "", `azimuth_to 400 deg is out of range; want an azimuth from -360 to 360 deg`},
		{"latency", "latency: 2 s", "latency: -2 s", "", `latency "-2 s": negative; want a duration`},
		{"capacity", "capacity: 40", "capacity: 0", "", `capacity 0 is out of range; want track reports per second from 0.01 to 10^6`},
		{"empty link", "link: {capacity: 100}", "link: {}", "", `link gives neither latency nor capacity; want {latency: 2 s, capacity: 40} or either`},
		{"unknown key", "kind: brigade", "kind: brigade\n      echelon: 2", "", `unknown key "echelon" in command; want one of:`},
		{"same id as a unit", "id: r2", "id: c", "", `duplicate id "c"`},
		{"commands not a list", "  commands:\n", "  commands: 3\n  old:\n", "", `commands is`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(grid, tt.old) {
				t.Fatalf("%q is not in the scenario", tt.old)
			}
			_, err := Parse("t.yaml", []byte(strings.Replace(grid, tt.old, tt.new, 1)))
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error\n%v\nwant it to say %q", err, tt.want)
			}
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "t.yaml:") || !strings.Contains(line, "want") {
					t.Errorf("error line %q names no position or no expectation", line)
				}
			}
		})
	}
}

// TestSectorPolygonAgainstOGR checks the even-odd rule against GDAL's
// OGR with SpatiaLite (ST_Contains), on a concave polygon and a grid of
// points, none on an edge. The first points' answers were recorded with
//
//	ogrinfo poly.geojson -dialect SQLite -sql "SELECT ST_Contains(geometry, MakePoint(lon, lat)) FROM poly"
//
// (GDAL 3.6, Debian bookworm).
func TestSectorPolygonAgainstOGR(t *testing.T) {
	// An L: the Tehran regiment's sector less a corner.
	corners := [][2]float64{{34.5, 50.0}, {34.5, 53.0}, {35.5, 53.0}, {35.5, 51.5}, {37.0, 51.5}, {37.0, 50.0}}
	s := Sector{}
	for _, c := range corners {
		s.Polygon = append(s.Polygon, geo.Deg(c[0], c[1], 0))
	}
	recorded := []struct {
		lat, lon float64
		in       bool
	}{
		{35.7, 51.4, true}, {36.0, 52.0, false}, {35.0, 52.5, true}, {34.0, 51.0, false}, {36.9, 50.1, true}, {35.6, 53.2, false},
	}
	for _, r := range recorded {
		if got := s.Contains(geo.Deg(r.lat, r.lon, 0)); got != r.in {
			t.Errorf("(%g, %g): in %v, OGR says %v", r.lat, r.lon, got, r.in)
		}
	}
	ogr, err := exec.LookPath("ogrinfo")
	if err != nil {
		oracle.Missing(t, "ogrinfo (Debian gdal-bin)", err)
	}
	var ring []string
	for _, c := range append(corners, corners[0]) {
		ring = append(ring, fmt.Sprintf("[%g,%g]", c[1], c[0]))
	}
	path := t.TempDir() + "/poly.geojson"
	geojson := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[` + strings.Join(ring, ",") + `]]}}]}`
	if err := os.WriteFile(path, []byte(geojson), 0o644); err != nil {
		t.Fatal(err)
	}
	var cols []string
	var pts [][2]float64
	for lat := 34.05; lat < 37.5; lat += 0.3 {
		for lon := 49.55; lon < 53.5; lon += 0.3 {
			cols = append(cols, fmt.Sprintf("ST_Contains(geometry, MakePoint(%.2f, %.2f)) AS p%d", lon, lat, len(pts)))
			pts = append(pts, [2]float64{lat, lon})
		}
	}
	out, err := exec.Command(ogr, path, "-q", "-dialect", "SQLite", "-sql", "SELECT "+strings.Join(cols, ", ")+" FROM poly").CombinedOutput()
	if err != nil {
		oracle.Missing(t, "ogrinfo with SpatiaLite", fmt.Errorf("%v: %s", err, out))
	}
	inside := 0
	for i, p := range pts {
		var v int
		key := fmt.Sprintf("  p%d (Integer) = ", i)
		j := strings.Index(string(out), key)
		if j < 0 {
			t.Fatalf("ogrinfo gave no p%d:\n%s", i, out)
		}
		fmt.Sscan(string(out[j+len(key):]), &v)
		if got := s.Contains(geo.Deg(p[0], p[1], 0)); got != (v == 1) {
			t.Errorf("(%.2f, %.2f): in %v, OGR says %d", p[0], p[1], got, v)
		}
		inside += v
	}
	if inside == 0 || inside == len(pts) {
		t.Fatalf("%d of %d points inside: the grid does not straddle the polygon", inside, len(pts))
	}
}

// TestSectorAzimuthAgainstGeodSolve checks the azimuth sector against
// GeographicLib's GeodSolve -i (distance and azimuth from the centre),
// for points around the sector's bounds, the sector crossing north.
func TestSectorAzimuthAgainstGeodSolve(t *testing.T) {
	s := Sector{Centre: geo.Deg(33.7, 51.8, 0), From: 200 * math.Pi / 180, To: 20 * math.Pi / 180, Range: 250e3}
	var in []string
	var pts [][2]float64
	for lat := 31.0; lat <= 36.4; lat += 0.45 {
		for lon := 48.9; lon <= 54.8; lon += 0.45 {
			in = append(in, fmt.Sprintf("33.7 51.8 %.2f %.2f", lat, lon))
			pts = append(pts, [2]float64{lat, lon})
		}
	}
	rows := oracle.Numbers(t, "geographiclib-tools", "GeodSolve", in, "-i")
	n := 0
	for i, r := range rows {
		azi, dist := r[0], r[2]
		off := math.Mod(azi-200+720, 360)
		want := dist <= 250e3 && off <= 180
		if math.Abs(dist-250e3) < 1 || math.Abs(off-180) < 1e-6 || off < 1e-6 {
			continue // on a bound
		}
		if got := s.Contains(geo.Deg(pts[i][0], pts[i][1], 0)); got != want {
			t.Errorf("(%.2f, %.2f): in %v; GeodSolve: %.1f km at %.2f°", pts[i][0], pts[i][1], got, dist/1000, azi)
		}
		if want {
			n++
		}
	}
	if n == 0 || n == len(rows) {
		t.Fatalf("%d of %d points inside", n, len(rows))
	}
	whole := Sector{Centre: s.Centre, From: 0, To: 2 * math.Pi, Range: 1e3}
	if !whole.Contains(geo.Deg(33.7, 51.805, 0)) {
		t.Error("0 to 360 deg is not the whole circle")
	}
}
