package scenario

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestTerrainGround: terrain: {ground: H} gives a level ground without a
// DEM, above the ellipsoid like every alt, and lets threats fly
// altitude_ref: ground. A target site appended to such a route is flown
// to at the route's last height above the ground, not at the site's alt
// (a height above the ellipsoid).
func TestTerrainGround(t *testing.T) {
	src := strings.Replace(minimal, "    altitude: 100 m\n", "    altitude: 40 m\n    altitude_ref: ground\n    target: s\n", 1) +
		"terrain:\n  ground: 1570 m\n"
	src = strings.Replace(src, "{lat: 1, lon: 2}", "{lat: 1, lon: 2, alt: 1570 m}", 1)
	s, err := Parse("f.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if s.Terrain == nil || s.Terrain.Ground != 1570 || len(s.Terrain.DEM) != 0 {
		t.Fatalf("terrain %+v, want a level ground at 1570 m and no DEM", s.Terrain)
	}
	r := s.Threats[0].Route
	if last := r[len(r)-1].At; last.Alt != 40 || last.LatDeg() != 1 || last.LonDeg() != 2 {
		t.Errorf("route ends at %.4f, %.4f, %.0f m; want the site at 40 m above the ground", last.LatDeg(), last.LonDeg(), last.Alt)
	}
	if len(s.Warnings) != 0 {
		t.Errorf("warnings with terrain given: %v", s.Warnings)
	}
}

func TestTerrainGroundErrors(t *testing.T) {
	for _, tt := range []struct {
		name, terrain, pos, msg string
	}{
		{"neither", "terrain:\n  k: 1.2\n", "17:3", "terrain gives neither dem nor ground; want dem: [elevation files] or ground:"},
		{"both", "terrain:\n  dem: [.]\n  ground: 1570 m\n", "18:11", "terrain gives both dem and ground; want one"},
		{"geoid without dem", "terrain:\n  ground: 1570 m\n  geoid_height: -20 m\n", "18:17", "geoid_height converts DEM heights and there is no dem"},
		{"ground out of range", "terrain:\n  ground: 12 km\n", "17:11", "ground 12 km is out of range; want a ground height above the ellipsoid from -500 m to 9 km"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.yaml", []byte(minimal+tt.terrain))
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("got %v, want an ErrorList", err)
			}
			want := "f.yaml:" + tt.pos + ": " + tt.msg
			for _, e := range list {
				if strings.HasPrefix(e.Error(), want) {
					return
				}
			}
			t.Errorf("no error starts with\n\t%s\ngot:\n%v", want, err)
		})
	}
}

// TestLowThreats: a threat far below the units and sites around it, in a
// scenario without terrain, is a warning at its route point; one near
// their height, or far from them, is not.
func TestLowThreats(t *testing.T) {
	high := strings.Replace(minimal, "{lat: 1, lon: 2}", "{lat: 1, lon: 2, alt: 1570 m}", 1)
	for _, tt := range []struct {
		name, src string
		pos       string // "" for no warning
	}{
		{"100 m below a site at 1570 m", high, "15:9"},
		{"at the site's height", strings.Replace(high, "altitude: 100 m", "altitude: 1600 m", 1), ""},
		{"a site at sea level", minimal, ""},
		{"far from the site", strings.Replace(strings.Replace(high, "{lat: 0, lon: 0}", "{lat: 10, lon: 10}", 1), "{lat: 1, lon: 1}", "{lat: 11, lon: 11}", 1), ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("f.yaml", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.pos == "" && len(s.Warnings) > 0:
				t.Errorf("warnings %v, want none", s.Warnings)
			case tt.pos != "" && len(s.Warnings) != 1:
				t.Errorf("warnings %v, want one at %s", s.Warnings, tt.pos)
			case tt.pos != "" && !strings.HasPrefix(s.Warnings[0].String(), "f.yaml:"+tt.pos+": warning: threat t1 flies at 100 m above the ellipsoid"):
				t.Errorf("warning %s, want it at %s about t1", s.Warnings[0], tt.pos)
			}
		})
	}
}

// TestUnitsOffLevelGround: a unit standing far above or below a level
// ground is a warning at the position it was written at, naming the part
// and how far: the test stand-in for the Isfahan theatre put the S-400
// battalion (1 550 m) on a ground at 1 000 m, 550 m up, and its 92N6E,
// looking down no more than 1 deg, saw no 30 m target within 37.6 km. A
// unit on the ground, or a mast on it, is not warned about.
func TestUnitsOffLevelGround(t *testing.T) {
	const head = "version: 1\nname: t\nduration: 1 min\nterrain: {ground: 1000 m}\nair_defence:\n"
	for _, tt := range []struct {
		name, units, want string // want: "" for no warning
	}{
		{"battalion 550 m up", "  - {id: bn, system: s400, at: {lat: 32.65, lon: 51.65, alt: 1550 m}}\n",
			"f.yaml:6:32: warning: unit bn: radar bn-92n6e stands at 1550 m above the ellipsoid, 550 m above the level ground at 1000 m"},
		{"battalion 570 m down", "  - {id: bn, system: s400, at: {lat: 32.65, lon: 51.65, alt: 430 m}}\n",
			"f.yaml:6:32: warning: unit bn: radar bn-92n6e stands at 430 m above the ellipsoid, 570 m below the level ground at 1000 m"},
		{"battalion on the ground", "  - {id: bn, system: s400, at: {lat: 32.65, lon: 51.65, alt: 1000 m}}\n", ""},
		{"within the margin", "  - {id: bn, system: s400, at: {lat: 32.65, lon: 51.65, alt: 1040 m}}\n", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("f.yaml", []byte(head+tt.units))
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.want == "" && len(s.Warnings) > 0:
				t.Errorf("warnings %v, want none", s.Warnings)
			case tt.want != "" && (len(s.Warnings) != 1 || !strings.HasPrefix(s.Warnings[0].String(), tt.want)):
				t.Errorf("warnings %v, want one starting\n\t%s", s.Warnings, tt.want)
			}
		})
	}
}

// TestTerrainDEMPaths: every kind of path a dem entry can name that is
// not an elevation file is an error at the entry, naming the path and
// what was wanted; a FIFO, alone or in a folder of tiles, is refused at
// once (opening it for reading waited for a writer for ever).
func TestTerrainDEMPaths(t *testing.T) {
	dir := t.TempDir()
	tiles := filepath.Join(dir, "tiles")
	os.Mkdir(tiles, 0o755)
	fifo := filepath.Join(tiles, "N44W072.hgt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	emptyDir := filepath.Join(dir, "none")
	os.Mkdir(emptyDir, 0o755)
	empty := filepath.Join(dir, "empty.tif")
	os.WriteFile(empty, nil, 0o644)
	for _, tt := range []struct{ name, path, msg string }{
		{"fifo", fifo, "elevation file " + fifo + ": a named pipe (FIFO), not a file; want an elevation file"},
		{"fifo in a folder", tiles, "elevation file " + fifo + ": a named pipe (FIFO), not a file; want an elevation file"},
		{"device", "/dev/zero", "elevation file /dev/zero: a device, not a file; want an elevation file"},
		{"empty file", empty, "elevation file " + empty + ": not a DEM this package reads"},
		{"empty folder", emptyDir, "elevation file " + emptyDir + ": no DEM files"},
		{"missing", filepath.Join(dir, "gone.hgt"), "elevation file " + filepath.Join(dir, "gone.hgt") + " cannot be read (no such file or directory); want a path"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.yaml", []byte(minimal+"terrain:\n  dem: ["+tt.path+"]\n"))
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("got %v, want an ErrorList", err)
			}
			want := "f.yaml:17:9: " + tt.msg
			for _, e := range list {
				if strings.HasPrefix(e.Error(), want) {
					if !strings.Contains(e.Error(), "; want ") {
						t.Errorf("%v: says not what was wanted", e)
					}
					return
				}
			}
			t.Errorf("no error starts with\n\t%s\ngot:\n%v", want, err)
		})
	}
}
