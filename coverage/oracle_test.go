package coverage

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/terrain"
)

// needTool skips the test when a reference tool (Debian gdal-bin) is
// missing, or fails it under IADSIM_REQUIRE_ORACLES=1.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err == nil {
		return
	}
	if os.Getenv("IADSIM_REQUIRE_ORACLES") == "1" {
		t.Fatalf("%s (Debian gdal-bin) is missing and IADSIM_REQUIRE_ORACLES=1", name)
	}
	t.Skipf("%s (Debian gdal-bin) is missing; skipping (set IADSIM_REQUIRE_ORACLES=1 to fail instead)", name)
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// masked is a coverage layer over the flat DEM with a ridge: a raster
// with a real shape, holes and islands.
func masked(t *testing.T) *Layer {
	t.Helper()
	g := flat()
	rng := rand.New(rand.NewPCG(5, 5))
	for range 400 {
		// Hills: cones up to 150 m high, 1 to 3 km across, whose
		// shadows leave hidden pockets among seen ground.
		c0, r0 := rng.IntN(g.Cols), rng.IntN(g.Rows)
		h, w := 150*rng.Float64(), 3+7*rng.Float64()
		for r := max(0, r0-int(w)); r < min(g.Rows, r0+int(w)); r++ {
			for c := max(0, c0-int(w)); c < min(g.Cols, c0+int(w)); c++ {
				d := math.Hypot(float64(c-c0), float64(r-r0))
				g.Z[r*g.Cols+c] = float32(math.Max(float64(g.Z[r*g.Cols+c]), h*(1-d/w)))
			}
		}
	}
	a := analysis(t, oneRadar(1000e3, true), g)
	res, err := a.Run([]Target{{Altitude: 30, RCS: 1, Pd: 0.9}}, Options{Resolution: 250, Extent: 40e3})
	if err != nil {
		t.Fatal(err)
	}
	return res.Layers[0]
}

// TestGeoTIFFWithGDAL writes a coverage raster and reads it back with
// gdalinfo (size, geotransform, EPSG:4326) and gdal_translate to raw
// bytes (every pixel).
func TestGeoTIFFWithGDAL(t *testing.T) {
	needTool(t, "gdalinfo")
	needTool(t, "gdal_translate")
	l := masked(t)
	dir := t.TempDir()
	tif := filepath.Join(dir, "detection_30m.tif")
	if err := terrain.WriteGeoTIFFFile(tif, l.Detection, &terrain.WriteOptions{Deflate: true}); err != nil {
		t.Fatal(err)
	}
	var info struct {
		Size         []int     `json:"size"`
		GeoTransform []float64 `json:"geoTransform"`
		CRS          struct {
			WKT string `json:"wkt"`
		} `json:"coordinateSystem"`
		Bands []struct {
			Type string `json:"type"`
		} `json:"bands"`
	}
	if err := json.Unmarshal([]byte(run(t, "gdalinfo", "-json", tif)), &info); err != nil {
		t.Fatal(err)
	}
	g := l.Detection.Georef
	want := []float64{g.X0, g.DX, 0, g.Y0, 0, -g.DY}
	if len(info.Size) != 2 || info.Size[0] != g.Cols || info.Size[1] != g.Rows {
		t.Errorf("gdalinfo size %v, want %d x %d", info.Size, g.Cols, g.Rows)
	}
	for i := range want {
		if len(info.GeoTransform) != 6 || math.Abs(info.GeoTransform[i]-want[i]) > 1e-12 {
			t.Fatalf("gdalinfo geotransform %v, want %v", info.GeoTransform, want)
		}
	}
	if !strings.Contains(info.CRS.WKT, `ID["EPSG",4326]`) || len(info.Bands) != 1 || info.Bands[0].Type != "Byte" {
		t.Errorf("gdalinfo: CRS %q, bands %v; want EPSG:4326 and one Byte band", info.CRS.WKT, info.Bands)
	}
	raw := filepath.Join(dir, "raw.bin")
	run(t, "gdal_translate", "-q", "-of", "ENVI", tif, raw)
	b, err := os.ReadFile(raw)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, l.Detection.Pix) {
		t.Error("gdal_translate reads other pixels than were written")
	}
	if n := count(l.Detection); n == 0 || n == len(l.Detection.Pix) {
		t.Errorf("%d covered cells of %d: the test raster is degenerate", n, len(l.Detection.Pix))
	}
}

// TestGeoTIFFNoDataWithGDAL writes the engagement GeoTIFF of a layer
// that reaches past its terrain and reads back with gdalinfo -json its
// NoData value, band description, colour table and metadata, and with
// gdal_translate every pixel: 1 (NoData) exactly where the terrain has no
// data, 255 where covered, 0 elsewhere.
func TestGeoTIFFNoDataWithGDAL(t *testing.T) {
	needTool(t, "gdalinfo")
	needTool(t, "gdal_translate")
	const d = 0.002
	g := &terrain.Grid{Georef: terrain.Georef{EPSG: terrain.EPSGWGS84, Cols: 101, Rows: 101,
		X0: 9.9 - d/2, Y0: 45.1 + d/2, DX: d, DY: d}}
	g.Z = make([]float32, g.Cols*g.Rows)
	a := analysis(t, oneRadar(1000e3, true), g)
	res, err := a.Run([]Target{{Altitude: 30, RCS: 1, Pd: 0.9}}, Options{Resolution: 500, NoClip: true})
	if err != nil {
		t.Fatal(err)
	}
	l := res.Layers[0]
	if l.Unknown == nil {
		t.Fatal("the layer has no cells without terrain: the test needs some")
	}
	dir := t.TempDir()
	tif := filepath.Join(dir, "engagement_30m.tif")
	f, err := os.Create(tif)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.WriteGeoTIFF(f, Engagement, map[string]string{"SCENARIO": "a & b <c> 'd'"}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	var info struct {
		Metadata map[string]map[string]string `json:"metadata"`
		Bands    []struct {
			NoData      *float64 `json:"noDataValue"`
			Description string   `json:"description"`
			ColorInterp string   `json:"colorInterpretation"`
			ColorTable  struct {
				Entries [][4]int `json:"entries"`
			} `json:"colorTable"`
		} `json:"bands"`
	}
	if err := json.Unmarshal([]byte(run(t, "gdalinfo", "-json", tif)), &info); err != nil {
		t.Fatal(err)
	}
	if len(info.Bands) != 1 {
		t.Fatalf("gdalinfo: %d bands, want 1", len(info.Bands))
	}
	b := info.Bands[0]
	if b.NoData == nil || *b.NoData != float64(NoTerrain) {
		t.Errorf("gdalinfo: NoData %v, want %d", b.NoData, NoTerrain)
	}
	want := "engagement coverage of a target 30 m AGL, RCS 1 m2, Pd 0.9: 255 covered, 0 not, 1 no terrain data (NoData)"
	if b.Description != want {
		t.Errorf("gdalinfo: description %q, want %q", b.Description, want)
	}
	if e := b.ColorTable.Entries; b.ColorInterp != "Palette" || len(e) != 256 ||
		e[0] != [4]int{255, 255, 255, 255} || e[255] != [4]int{int(colEngage.R), int(colEngage.G), int(colEngage.B), 255} ||
		[3]int(e[1][:3]) != [3]int{160, 160, 160} {
		t.Errorf("gdalinfo: colour interpretation %s, table %v; want a palette, 0 white, 1 grey, 255 red", b.ColorInterp, e)
	}
	md := info.Metadata[""]
	if md["KIND"] != "engagement" || md["HEIGHT_REF"] != l.HeightRef || md["SCENARIO"] != "a & b <c> 'd'" || md["TARGET"] != l.Target.Describe() {
		t.Errorf("gdalinfo: metadata %v", md)
	}
	raw := filepath.Join(dir, "raw.bin")
	run(t, "gdal_translate", "-q", "-of", "ENVI", tif, raw)
	pix, err := os.ReadFile(raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(pix) != len(l.Engagement.Pix) {
		t.Fatalf("gdal_translate: %d pixels, want %d", len(pix), len(l.Engagement.Pix))
	}
	nodata := 0
	for i, p := range pix {
		want := l.Engagement.Pix[i]
		if l.Unknown.Pix[i] == Covered {
			want = NoTerrain
			nodata++
		}
		if p != want {
			t.Fatalf("pixel %d: gdal_translate reads %d, want %d", i, p, want)
		}
	}
	if nodata == 0 || nodata == len(pix) {
		t.Errorf("%d NoData pixels of %d: the test raster is degenerate", nodata, len(pix))
	}
}

var sqlField = regexp.MustCompile(`(?m)^\s+(\w+) \((?:Integer|Real)\) = (\S+)`)

// ogrSQL runs a SQLite-dialect query through ogrinfo and returns its
// numeric fields.
func ogrSQL(t *testing.T, file, query string) map[string]float64 {
	t.Helper()
	out := run(t, "ogrinfo", "-ro", "-q", "-dialect", "SQLite", "-sql", query, file)
	m := map[string]float64{}
	for _, f := range sqlField.FindAllStringSubmatch(out, -1) {
		m[f[1]], _ = strconv.ParseFloat(f[2], 64)
	}
	return m
}

// TestPolygonsWithOGR reads the GeoJSON and KML of a terrain-shaped
// coverage back with ogrinfo (GDAL's GeoJSON and KML drivers, GEOS
// through SpatiaLite): one feature, a valid geometry (no ring crosses or
// touches itself, holes inside their shells) whose planar area in square
// degrees is the covered cells' exactly.
func TestPolygonsWithOGR(t *testing.T) {
	needTool(t, "ogrinfo")
	l := masked(t)
	g := l.Detection.Georef
	mp := Polygons(l.Detection)
	holes := 0
	for _, p := range mp {
		holes += len(p) - 1
	}
	t.Logf("%d cells covered: %d polygons, %d holes", count(l.Detection), len(mp), holes)
	if len(mp) < 2 || holes == 0 {
		t.Fatalf("%d polygons, %d holes: the test raster is too simple", len(mp), holes)
	}
	dir := t.TempDir()
	tg := l.Target
	files := map[string]func(*os.File) error{
		"cov.geojson": func(f *os.File) error { return WriteGeoJSON(f, mp, Detection, tg, nil) },
		"cov.kml":     func(f *os.File) error { return WriteKML(f, mp, Detection, tg, "cov") },
	}
	want := float64(count(l.Detection)) * g.DX * g.DY
	for name, write := range files {
		path := filepath.Join(dir, name)
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := write(f); err != nil {
			t.Fatal(err)
		}
		f.Close()
		if out := run(t, "ogrinfo", "-ro", "-so", "-al", path); !strings.Contains(out, "Feature Count: 1") {
			t.Errorf("%s: ogrinfo:\n%s", name, out)
		}
		m := ogrSQL(t, path, `SELECT ST_IsValid(geometry) AS valid, ST_Area(geometry) AS area FROM "cov"`)
		t.Logf("%s: ogrinfo valid %v, area %.9g deg², cells %.9g deg²", name, m["valid"], m["area"], want)
		// KML coordinates carry 7 decimals: allow for their rounding.
		if m["valid"] != 1 || math.Abs(m["area"]/want-1) > 1e-6 {
			t.Errorf("%s: ogrinfo says valid %v, area %.9g deg²; want 1 and %.9g", name, m["valid"], m["area"], want)
		}
	}
}

// TestRandomPolygonsValid holds random rasters' polygons valid for GEOS.
func TestRandomPolygonsValid(t *testing.T) {
	needTool(t, "ogrinfo")
	rng := rand.New(rand.NewPCG(7, 7))
	dir := t.TempDir()
	for k := range 10 {
		cols, rows := 10+rng.IntN(40), 10+rng.IntN(40)
		r := &terrain.Raster[uint8]{Georef: terrain.Georef{EPSG: terrain.EPSGWGS84, Cols: cols, Rows: rows,
			X0: 10, Y0: 45, DX: 0.01, DY: 0.01}, Pix: make([]uint8, cols*rows)}
		p := 0.3 + 0.4*rng.Float64()
		for i := range r.Pix {
			if rng.Float64() < p {
				r.Pix[i] = Covered
			}
		}
		path := filepath.Join(dir, "cov.geojson")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := WriteGeoJSON(f, Polygons(r), Detection, Target{}, nil); err != nil {
			t.Fatal(err)
		}
		f.Close()
		m := ogrSQL(t, path, `SELECT ST_IsValid(geometry) AS valid, ST_Area(geometry) AS area FROM "cov"`)
		want := float64(count(r)) * 1e-4
		if m["valid"] != 1 || math.Abs(m["area"]-want) > 1e-9 {
			t.Errorf("raster %d (%dx%d, p %.2f): valid %v, area %g; want 1, %g", k, cols, rows, p, m["valid"], m["area"], want)
		}
	}
}
