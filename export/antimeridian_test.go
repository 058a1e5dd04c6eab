package export_test

import (
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/internal/oracle"
	"github.com/iadsim/iadsim/record"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// antimeridianScene is the test scene with routes near Fiji across 180°:
// one flying east, one flying west, and one that stays west of it.
func antimeridianScene() ([]byte, error) {
	s, _ := scene()
	res := &record.Result{
		Events: []event.Event{{T: 40, Type: event.Impact, Threat: "east", ThreatType: "srbm", Pos: &event.Position{Lat: -18, Lon: -178.5, Alt: 0}}},
		Threats: []record.ThreatInfo{
			{ID: "east", Type: "srbm", Path: []geo.LLA{geo.Deg(-16.5, 178.5, 0), geo.Deg(-17, 179.5, 0), geo.Deg(-17.5, -179.5, 0), geo.Deg(-18, -178.5, 0)}},
			{ID: "west", Type: "srbm", Path: []geo.LLA{geo.Deg(-18, -179.75, 0), geo.Deg(-17, 179.25, 0)}},
			{ID: "near", Type: "srbm", Path: []geo.LLA{geo.Deg(-16, 179, 0), geo.Deg(-16, 180, 0)}},
		},
	}
	var b bytes.Buffer
	err := export.WriteScene(&b, s, res)
	return b.Bytes(), err
}

// TestWriteSceneAntimeridian: a route across 180° is a MultiLineString
// cut at the antimeridian, each part ending on it at the latitude where
// the route's straight line in longitude and latitude meets it (RFC 7946,
// 3.1.9); a route that only reaches it stays a LineString.
func TestWriteSceneAntimeridian(t *testing.T) {
	b, err := antimeridianScene()
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]orb.Geometry{
		"east": orb.MultiLineString{{{178.5, -16.5}, {179.5, -17}, {180, -17.25}}, {{-180, -17.25}, {-179.5, -17.5}, {-178.5, -18}}},
		// 0.25° to the line of 1°: a quarter of the way from -18 to -17.
		"west": orb.MultiLineString{{{-179.75, -18}, {-180, -17.75}}, {{180, -17.75}, {179.25, -17}}},
		"near": orb.LineString{{179, -16}, {180, -16}},
	}
	for _, f := range fc.Features {
		if f.Properties["kind"] != "threat_path" {
			continue
		}
		id, _ := f.Properties["id"].(string)
		w := want[id]
		delete(want, id)
		if !orb.Equal(round(f.Geometry), w) {
			t.Errorf("%s: %v, want %v", id, f.Geometry, w)
		}
	}
	if len(want) > 0 {
		t.Errorf("no path for %v", want)
	}
}

// round rounds a line geometry's coordinates to 1e-9°, below which
// its floating-point interpolation may differ from the exact values.
func round(g orb.Geometry) orb.Geometry {
	r := func(ls orb.LineString) orb.LineString {
		out := make(orb.LineString, len(ls))
		for i, p := range ls {
			out[i] = orb.Point{math.Round(p[0]*1e9) / 1e9, math.Round(p[1]*1e9) / 1e9}
		}
		return out
	}
	switch g := g.(type) {
	case orb.LineString:
		return r(g)
	case orb.MultiLineString:
		out := make(orb.MultiLineString, len(g))
		for i, ls := range g {
			out[i] = r(ls)
		}
		return out
	}
	return g
}

var ogrField = regexp.MustCompile(`(?m)^\s*(\w+) \(\w+\) = (\S+)$`)

// TestSceneAntimeridianWithOGR reads the scene back with GDAL's ogrinfo:
// the paths' longitudes span -180 to 180, and their length in degrees is
// the routes' own measured across the antimeridian.
func TestSceneAntimeridianWithOGR(t *testing.T) {
	if _, err := exec.LookPath("ogrinfo"); err != nil {
		oracle.Missing(t, "ogrinfo (Debian gdal-bin)", err)
	}
	b, err := antimeridianScene()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "scene.geojson")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("ogrinfo", "-ro", "-q", "-dialect", "SQLite", "-sql",
		`SELECT MIN(ST_MinX(geometry)) AS minx, MAX(ST_MaxX(geometry)) AS maxx, SUM(ST_Length(geometry)) AS len FROM "scene" WHERE kind = 'threat_path'`, path).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo: %v\n%s", err, out)
	}
	m := map[string]float64{}
	for _, f := range ogrField.FindAllStringSubmatch(string(out), -1) {
		m[f[1]], _ = strconv.ParseFloat(f[2], 64)
	}
	// Across 180°: east 1+0.5 and 1+0.5 (0.5° of longitude each side
	// by 0.25° of latitude), west 0.25 and 0.75 by 0.25 and 0.75, near 1.
	wantLen := math.Hypot(1, 0.5) + 2*math.Hypot(0.5, 0.25) + math.Hypot(1, 0.5) +
		math.Hypot(0.25, 0.25) + math.Hypot(0.75, 0.75) + 1
	t.Logf("ogrinfo: longitudes %g to %g, length %.9g deg (want %.9g)", m["minx"], m["maxx"], m["len"], wantLen)
	if m["minx"] != -180 || m["maxx"] != 180 || math.Abs(m["len"]-wantLen) > 1e-9 {
		t.Errorf("ogrinfo: longitudes %g to %g, length %.9g deg; want -180 to 180 and %.9g\n%s", m["minx"], m["maxx"], m["len"], wantLen, out)
	}
}
