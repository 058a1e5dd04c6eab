package terrain

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// tile is a 1° x 1° geographic grid of 11 x 11 posts from the given
// south-west corner (posts on the whole degrees, as SRTM places them),
// at 100 m, with voids posts void.
func tile(lat, lon float64, voids int) *Grid {
	g := &Grid{Georef: Georef{EPSG: EPSGWGS84, Cols: 11, Rows: 11, X0: lon - 0.05, Y0: lat + 1.05, DX: 0.1, DY: 0.1}, Source: CellName(int(lat), int(lon)) + ".hgt"}
	g.Z = make([]float32, 121)
	for i := range g.Z {
		g.Z[i] = 100
		if i < voids {
			g.Z[i] = float32(math.NaN())
		}
	}
	return g
}

// TestSurveyHoles: three tiles around an L leave three whole-degree cells
// of their box without data, named as SRTM tiles; voids are counted per
// tile.
func TestSurveyHoles(t *testing.T) {
	d := NewDEM(tile(44, -72, 3), tile(46, -72, 0), tile(44, -71, 0))
	s := d.Survey()
	if s.South != 44 || s.North != 47 || s.West != -72 || s.East != -70 {
		t.Errorf("box %d..%d, %d..%d; want 44..47, -72..-70", s.South, s.North, s.West, s.East)
	}
	var holes []string
	for _, h := range s.Holes {
		holes = append(holes, CellName(h[0], h[1]))
	}
	if want := []string{"N45W072", "N45W071", "N46W071"}; !slices.Equal(holes, want) {
		t.Errorf("holes %v, want %v", holes, want)
	}
	if s.Tiles[0].Voids != 3 || s.Tiles[1].Voids != 0 {
		t.Errorf("voids %d, %d; want 3, 0", s.Tiles[0].Voids, s.Tiles[1].Voids)
	}
	if got := NewDEM(tile(44, -72, 0)).Survey().Holes; len(got) != 0 {
		t.Errorf("one whole tile has holes %v", got)
	}
}

// TestSurveyWriteTable pins the table of iadsim terrain info on the L
// of TestSurveyHoles.
func TestSurveyWriteTable(t *testing.T) {
	var b strings.Builder
	if err := NewDEM(tile(44, -72, 3), tile(46, -72, 0)).Survey().WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	if len(lines) != 6 || !strings.HasPrefix(lines[1], "N44W072.hgt") || !strings.HasSuffix(lines[1], "2.479%") ||
		lines[3] != "area: latitude 44..47, longitude -72..-71: 3 whole-degree cells, 2 tiles" ||
		lines[4] != "holes: 1 cells without a tile: N45W072" {
		t.Errorf("table:\n%s", b.String())
	}
}

func TestCellName(t *testing.T) {
	for _, tt := range []struct {
		lat, lon int
		want     string
	}{{44, -72, "N44W072"}, {-1, 0, "S01E000"}, {0, 179, "N00E179"}, {-34, -180, "S34W180"}} {
		if got := CellName(tt.lat, tt.lon); got != tt.want {
			t.Errorf("CellName(%d, %d) = %s, want %s", tt.lat, tt.lon, got, tt.want)
		}
	}
}

// TestExpandGlobMixed: a glob and a folder take DEM files of any
// supported format, mixed, by extension and in name order; a pattern or
// folder without one is an error that says so.
func TestExpandGlobMixed(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"n44w072.dt0", "crop_deflate.tif"} {
		b, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "README.txt"), []byte("not a tile"), 0o644); err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "crop_deflate.tif"), filepath.Join(dir, "n44w072.dt0")}
	for _, p := range []string{dir, filepath.Join(dir, "*"), filepath.Join(dir, "[cn]*")} {
		files, err := Expand(p)
		if err != nil {
			t.Fatalf("Expand(%s): %v", p, err)
		}
		if !slices.Equal(files, want) {
			t.Errorf("Expand(%s) = %v, want %v", p, files, want)
		}
	}
	d, err := Open(filepath.Join(dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	// The crop answers first where it has posts; the DTED cell elsewhere.
	if _, ok := d.Elevation(44.30*math.Pi/180, -71.30*math.Pi/180); !ok {
		t.Error("no elevation inside the GeoTIFF crop")
	}
	if _, ok := d.Elevation(44.9*math.Pi/180, -71.9*math.Pi/180); !ok {
		t.Error("no elevation from the DTED cell outside the crop")
	}
	for _, tt := range []struct{ path, msg string }{
		{filepath.Join(dir, "*.txt"), "the pattern matches no DEM files"},
		{filepath.Join(dir, "none*"), "the pattern matches no DEM files"},
		{filepath.Join(dir, "[x"), "syntax error in pattern"},
	} {
		if _, err := Expand(tt.path); err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("Expand(%s): %v, want an error containing %q", tt.path, err, tt.msg)
		}
	}
}

// TestCovers: a tile covers its posts' extent, edges included, voids or
// not; a cell without a tile is not covered.
func TestCovers(t *testing.T) {
	data, err := os.ReadFile("../examples/data/N44W072.hgt")
	if err != nil {
		t.Fatal(err)
	}
	g, err := ReadHGT("N44W072.hgt", data)
	if err != nil {
		t.Fatal(err)
	}
	g.Z[600*g.Cols+600] = float32(math.NaN()) // a void at 44.5, -71.5
	d := NewDEM(g)
	rad := math.Pi / 180
	for _, c := range []struct {
		lat, lon float64
		want     bool
	}{
		{44.5, -71.5, true}, {44, -72, true}, {45, -71, true},
		{45.001, -71.5, false}, {44.5, -72.001, false}, {43.5, -71.5, false},
	} {
		if got := d.Covers(c.lat*rad, c.lon*rad); got != c.want {
			t.Errorf("%g, %g: covered %v, want %v", c.lat, c.lon, got, c.want)
		}
	}
	if _, ok := d.Elevation(44.5*rad, -71.5*rad); ok {
		t.Errorf("the void has an elevation: the test does not test a void")
	}
}
