package scenario

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/geo"
)

// TestGeoidAuto: geoid_height: auto is EGM96's undulation where the
// scenario stands (the site at 1° N 2° E in minimal, which has no units),
// and a surface's default height follows it; a DEM without geoid_height
// is a warning that names the value; a given height is kept silently.
func TestGeoidAuto(t *testing.T) {
	tile := emptyTile(t)
	want := geo.GeoidHeight(1*math.Pi/180, 2*math.Pi/180)
	for _, tt := range []struct {
		name, terrain string
		height        float64
		warn          string // "" for none
	}{
		{"auto", "terrain:\n  dem: [.]\n  geoid_height: auto\nsurface: {type: sea}\n", want, ""},
		{"given", "terrain:\n  dem: [.]\n  geoid_height: -28 m\n", -28, ""},
		{"absent", "terrain:\n  dem: [.]\n", 0, "f.yaml:17:8: warning: terrain has a dem and no geoid_height, so DEM heights are taken as above the ellipsoid; EGM96 puts mean sea level"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("f.yaml", []byte(minimal+strings.Replace(tt.terrain, "[.]", "["+tile+"]", 1)))
			if err != nil {
				t.Fatal(err)
			}
			if s.Terrain.GeoidHeight != tt.height {
				t.Errorf("geoid height %.4f m, want %.4f m", s.Terrain.GeoidHeight, tt.height)
			}
			if s.Surface != nil && s.Surface.Height != tt.height {
				t.Errorf("surface at %.4f m, want the geoid's %.4f m", s.Surface.Height, tt.height)
			}
			switch {
			case tt.warn == "" && len(s.Warnings) > 0:
				t.Errorf("warnings: %v", s.Warnings)
			case tt.warn != "" && (len(s.Warnings) != 1 || !strings.HasPrefix(s.Warnings[0].String(), tt.warn)):
				t.Errorf("warnings %v, want one starting %q", s.Warnings, tt.warn)
			}
		})
	}
	if math.Abs(want-17.16) > 3 { // EGM96 off West Africa, near 0° 0° (17.16 m)
		t.Errorf("EGM96 at 1° N 2° E is %.2f m; expected near the 17 m of 0° 0°", want)
	}
}

func TestGeoidAutoErrors(t *testing.T) {
	tile := emptyTile(t)
	noSites := strings.Replace(minimal, "sites:\n  - id: s\n    at: {lat: 1, lon: 2}\n", "", 1)
	for _, tt := range []struct {
		name, src, want string
	}{
		{"nowhere", noSites + "terrain:\n  dem: [.]\n  geoid_height: auto\n", "f.yaml:15:17: geoid_height: auto has no units or sites to place the geoid at"},
		{"misspelt", minimal + "terrain:\n  dem: [.]\n  geoid_height: automatic\n", "f.yaml:18:17: geoid_height"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.yaml", []byte(strings.Replace(tt.src, "[.]", "["+tile+"]", 1)))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// TestDEMGlob: a dem entry may be a glob pattern, resolved against the
// scenario's folder; one that matches no tile is an error at its position.
func TestDEMGlob(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "N44W072.hgt"), make([]byte, 1201*1201*2), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "f.yaml")
	s, err := Parse(file, []byte(minimal+"terrain:\n  dem: [\"N4*.hgt\"]\n  geoid_height: auto\n"))
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "N4*.hgt"); !slices.Equal(s.Terrain.DEM, []string{want}) {
		t.Errorf("dem %v, want [%s]", s.Terrain.DEM, want)
	}
	_, err = Parse(file, []byte(minimal+"terrain:\n  dem: [\"S*.hgt\"]\n"))
	if want := file + ":17:9: elevation pattern " + filepath.Join(dir, "S*.hgt") + ": the pattern matches no DEM files"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v, want an error starting %q", err, want)
	}
}

// emptyTile writes a 3 arc-second SRTM tile of zero heights, a file that
// the terrain package reads, and gives its path.
func emptyTile(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "N01E002.hgt")
	if err := os.WriteFile(p, make([]byte, 1201*1201*2), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
