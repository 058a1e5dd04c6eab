package terrain

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// rawInt16 reads a little-endian int16 raster dumped by gdal_translate -of ENVI.
func rawInt16(t testing.TB, path string) []float32 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	z := make([]float32, len(b)/2)
	for i := range z {
		z[i] = float32(int16(binary.LittleEndian.Uint16(b[2*i:])))
	}
	return z
}

func rawFloat32(t testing.TB, path string) []float32 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	z := make([]float32, len(b)/4)
	for i := range z {
		z[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return z
}

// samePosts reports the first post where got differs from want, where
// want's noData (if any) must be a void in got.
func samePosts(t testing.TB, name string, got *Grid, want []float32, noData float32) {
	t.Helper()
	if len(got.Z) != len(want) {
		t.Fatalf("%s: %d posts, want %d", name, len(got.Z), len(want))
	}
	for i, w := range want {
		g := got.Z[i]
		if w == noData {
			if g == g {
				t.Fatalf("%s: post %d (col %d, row %d) = %g, want a void", name, i, i%got.Cols, i/got.Cols, g)
			}
			continue
		}
		if g != w {
			t.Fatalf("%s: post %d (col %d, row %d) = %g, want %g", name, i, i%got.Cols, i/got.Cols, g, w)
		}
	}
}

func sameGeoref(t testing.TB, name string, got, want Georef) {
	t.Helper()
	tol := 1e-9 * math.Max(1, math.Abs(want.X0))
	if got.EPSG != want.EPSG || got.Cols != want.Cols || got.Rows != want.Rows ||
		math.Abs(got.X0-want.X0) > tol || math.Abs(got.Y0-want.Y0) > tol ||
		math.Abs(got.DX-want.DX) > 1e-12*want.DX*1e3 || math.Abs(got.DY-want.DY) > 1e-12*want.DY*1e3 {
		t.Errorf("%s: georef %+v, want %+v", name, got, want)
	}
}

// TestFixtures reads the committed GDAL conversions (testdata/README.md)
// and checks them post for post against GDAL's own raw dumps, and their
// georeferencing against gdalinfo's.
func TestFixtures(t *testing.T) {
	crop := Georef{EPSG: EPSGWGS84, Cols: 120, Rows: 100, X0: -71.350416666666661, Y0: 44.317083333333336, DX: 1.0 / 1200, DY: 1.0 / 1200}
	want := rawInt16(t, "testdata/crop.bin")
	for _, name := range []string{"crop_deflate.tif", "crop_lzw.tif", "crop_lzw_pred2_be.tif", "crop_packbits.tif",
		"crop_tiled.tif", "crop_float32_pred3.tif", "crop_uint16.tif"} {
		t.Run(name, func(t *testing.T) {
			g, err := ReadFile(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			sameGeoref(t, name, g.Georef, crop)
			samePosts(t, name, g, want, -32768)
		})
	}
	t.Run("crop_utm.tif", func(t *testing.T) {
		g, err := ReadFile("testdata/crop_utm.tif")
		if err != nil {
			t.Fatal(err)
		}
		sameGeoref(t, "crop_utm.tif", g.Georef, Georef{EPSG: 32619, Cols: 105, Rows: 121,
			X0: 312297.354134688735940, Y0: 4909778.267883857712150, DX: 78.271092536724510, DY: 78.271092536724510})
		samePosts(t, "crop_utm.tif", g, rawFloat32(t, "testdata/crop_utm.bin"), -32768)
		if g.Voids() == 0 {
			t.Error("the warped corners should be voids")
		}
	})
	t.Run("n44w072.dt0", func(t *testing.T) {
		g, err := ReadFile("testdata/n44w072.dt0")
		if err != nil {
			t.Fatal(err)
		}
		sameGeoref(t, "dt0", g.Georef, Georef{EPSG: EPSGWGS84, Cols: 121, Rows: 121,
			X0: -72.004166666666663, Y0: 45.004166666666663, DX: 1.0 / 120, DY: 1.0 / 120})
		samePosts(t, "dt0", g, rawInt16(t, "testdata/n44w072_dt0.bin"), -32767)
	})
}

// TestHGT checks the real tile's georeferencing against gdalinfo (origin
// -72.000416666666666, 45.000416666666666, pixel 0.000833333333333) and
// the posts of the crop against GDAL's read of the same window.
func TestHGT(t *testing.T) {
	g := readHGT(t)
	sameGeoref(t, "N44W072.hgt", g.Georef, Georef{EPSG: EPSGWGS84, Cols: 1201, Rows: 1201,
		X0: -72.000416666666666, Y0: 45.000416666666666, DX: 1.0 / 1200, DY: 1.0 / 1200})
	want := rawInt16(t, "testdata/crop.bin")
	for r := range 100 {
		for c := range 120 {
			if got, w := g.At(780+c, 820+r), float64(want[r*120+c]); got != w {
				t.Fatalf("post (%d, %d) = %g, GDAL reads %g", 780+c, 820+r, got, w)
			}
		}
	}
	// Mount Washington, 1917 m (USGS); SRTM's 90 m posts round the summit off.
	rad := math.Pi / 180
	if z, ok := g.Elevation(44.2705*rad, -71.3033*rad); !ok || math.Abs(z-1917) > 20 {
		t.Errorf("Mount Washington at %g m (ok %v), want 1917 within 20", z, ok)
	}
}

// TestGDALVariants converts the whole tile with gdal_translate into every
// format and encoding the readers take and checks that each reads back
// identical, post for post, to the .hgt (or, when GDAL resamples, to
// GDAL's own read of the converted file).
func TestGDALVariants(t *testing.T) {
	needTool(t, "gdal_translate")
	needTool(t, "gdalwarp")
	ref := readHGT(t)
	dir := t.TempDir()
	same := []struct {
		name string
		args []string
	}{
		{"deflate.tif", []string{"-co", "COMPRESS=DEFLATE"}},
		{"deflate_pred2.tif", []string{"-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=2"}},
		{"lzw.tif", []string{"-co", "COMPRESS=LZW"}},
		{"lzw_pred2.tif", []string{"-co", "COMPRESS=LZW", "-co", "PREDICTOR=2"}},
		{"packbits.tif", []string{"-co", "COMPRESS=PACKBITS"}},
		{"none.tif", nil},
		{"bigendian.tif", []string{"-co", "ENDIANNESS=BIG", "-co", "COMPRESS=LZW"}},
		{"tiled.tif", []string{"-co", "TILED=YES", "-co", "COMPRESS=DEFLATE"}},
		{"tiled_lzw.tif", []string{"-co", "TILED=YES", "-co", "BLOCKXSIZE=128", "-co", "BLOCKYSIZE=64", "-co", "COMPRESS=LZW"}},
		{"float32.tif", []string{"-ot", "Float32", "-co", "COMPRESS=LZW", "-co", "PREDICTOR=3"}},
		{"uint16.tif", []string{"-ot", "UInt16", "-a_nodata", "65535", "-co", "COMPRESS=PACKBITS"}},
		{"n44w072.dt1", []string{"-of", "DTED"}},
	}
	for _, v := range same {
		t.Run(v.name, func(t *testing.T) {
			out := filepath.Join(dir, v.name)
			run(t, "gdal_translate", append(append([]string{"-q"}, v.args...), hgtPath, out)...)
			g, err := ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			sameGeoref(t, v.name, g.Georef, ref.Georef)
			samePosts(t, v.name, g, ref.Z, float32(math.NaN()))
		})
	}

	// 1 arc-second: warp to 3601 x 3601, then to .hgt and DTED level 2,
	// both checked against GDAL's read of the GeoTIFF.
	t.Run("1 arc-second", func(t *testing.T) {
		tif := filepath.Join(dir, "one.tif")
		d := 1.0 / 3600
		run(t, "gdalwarp", "-q", "-r", "bilinear", "-ot", "Int16", "-tr", fmt.Sprint(d), fmt.Sprint(d),
			"-te", fmt.Sprint(-72-d/2), fmt.Sprint(44-d/2), fmt.Sprint(-71+d/2), fmt.Sprint(45+d/2), hgtPath, tif)
		raw := filepath.Join(dir, "one.bin")
		run(t, "gdal_translate", "-q", "-of", "ENVI", tif, raw)
		want := rawInt16(t, raw)
		one := Georef{EPSG: EPSGWGS84, Cols: 3601, Rows: 3601, X0: -72 - d/2, Y0: 45 + d/2, DX: d, DY: d}
		sub := filepath.Join(dir, "srtm1")
		if err := os.Mkdir(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range []struct{ name, format string }{{"N44W072.hgt", "SRTMHGT"}, {"n44w072.dt2", "DTED"}, {"one.tif", ""}} {
			path := tif
			if f.format != "" {
				path = filepath.Join(sub, f.name)
				run(t, "gdal_translate", "-q", "-of", f.format, tif, path)
			}
			g, err := ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			sameGeoref(t, f.name, g.Georef, one)
			samePosts(t, f.name, g, want, -32768)
		}
	})
}

// TestVoids checks that a void post is never read as an elevation.
func TestVoids(t *testing.T) {
	data := make([]byte, 1201*1201*2)
	for i := 0; i < len(data); i += 2 {
		binary.BigEndian.PutUint16(data[i:], 100)
	}
	binary.BigEndian.PutUint16(data[2*(600*1201+600):], 0x8000) // -32768
	g, err := ReadHGT("S01E010.hgt", data)
	if err != nil {
		t.Fatal(err)
	}
	if g.Voids() != 1 || g.X0 != 10-1.0/2400 || g.Y0 != 0+1.0/2400 {
		t.Fatalf("voids %d, origin %g %g", g.Voids(), g.X0, g.Y0)
	}
	rad := math.Pi / 180
	lat, lon := g.LatLon(600.3, 599.5)
	if z, ok := g.Elevation(lat, lon); ok {
		t.Errorf("elevation next to a void = %g, want none", z)
	}
	lat, lon = g.LatLon(602, 602)
	if z, ok := g.Elevation(lat, lon); !ok || z != 100 {
		t.Errorf("elevation away from the void = %g, %v", z, ok)
	}
	if _, ok := g.Elevation(-1.5*rad, 10.5*rad); ok {
		t.Error("elevation outside the tile")
	}
	d := NewDEM(g)
	if _, ok := d.Elevation(lat, lon); !ok {
		t.Error("DEM misses its tile")
	}
}

// TestBilinear checks interpolation against the closed form on a plane
// z = 3 col - 2 row + 7, which bilinear reproduces exactly.
func TestBilinear(t *testing.T) {
	g := &Grid{Georef: Georef{EPSG: EPSGWGS84, Cols: 5, Rows: 4, X0: 10, Y0: 50, DX: 0.1, DY: 0.1}}
	for r := range g.Rows {
		for c := range g.Cols {
			g.Z = append(g.Z, float32(3*c-2*r+7))
		}
	}
	for _, p := range [][2]float64{{0, 0}, {4, 3}, {1.25, 2.5}, {3.999, 0.001}, {4, 1.5}, {0.5, 3}} {
		lat, lon := g.LatLon(p[0], p[1])
		z, ok := g.Elevation(lat, lon)
		if want := 3*p[0] - 2*p[1] + 7; !ok || math.Abs(z-want) > 1e-9 {
			t.Errorf("at pixel %v: %g (ok %v), want %g", p, z, ok, want)
		}
	}
	for _, p := range [][2]float64{{-0.01, 1}, {4.01, 1}, {2, -0.5}, {2, 3.2}} {
		lat, lon := g.LatLon(p[0], p[1])
		if z, ok := g.Elevation(lat, lon); ok {
			t.Errorf("at pixel %v outside the posts: %g", p, z)
		}
	}
}

// TestOpenFolder builds a mosaic from a folder and checks that it answers
// from the right tile.
func TestOpenFolder(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"crop_deflate.tif", "n44w072.dt0", "crop.bin"} {
		b, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Grids) != 2 {
		t.Fatalf("%d grids, want 2 (crop.bin is not a DEM file)", len(d.Grids))
	}
	rad := math.Pi / 180
	// Inside the crop the 3" crop answers; elsewhere the 30" DTED.
	lat, lon := d.Grids[0].LatLon(10, 10)
	z, ok := d.Elevation(lat, lon)
	if want := d.Grids[0].At(10, 10); !ok || math.Abs(z-want) > 1e-6 {
		t.Errorf("in the crop: %g, want %g", z, want)
	}
	if _, ok := d.Elevation(44.9*rad, -71.9*rad); !ok {
		t.Error("outside the crop the DTED cell should answer")
	}
	if _, ok := d.Elevation(43.5*rad, -71.5*rad); ok {
		t.Error("outside every tile")
	}
	if math.Abs(d.Spacing()-d.Grids[0].Spacing()) > 1e-9 {
		t.Error("the mosaic's spacing is its finest tile's")
	}
	if _, err := Open(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no DEM files") {
		t.Errorf("empty folder: %v", err)
	}
}

// TestReadErrors checks that corrupt, truncated and unsupported files give
// an error naming the file and the problem.
func TestReadErrors(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tif, dt0 := read("crop_deflate.tif"), read("n44w072.dt0")
	patchTag := func(b []byte, tag, value uint16) []byte {
		b = bytes.Clone(b)
		off := binary.LittleEndian.Uint32(b[4:])
		n := binary.LittleEndian.Uint16(b[off:])
		for i := range uint32(n) {
			e := b[off+2+12*i:]
			if binary.LittleEndian.Uint16(e) == tag {
				binary.LittleEndian.PutUint16(e[8:], value)
			}
		}
		return b
	}
	flip := func(b []byte, i int) []byte { b = bytes.Clone(b); b[i] ^= 0x55; return b }
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"N44W072.hgt", make([]byte, 1000), "SRTM tile of 1000 bytes"},
		{"tile.hgt", make([]byte, 1201*1201*2), "does not give its south-west corner"},
		{"half.tif", tif[:len(tif)/2], "truncated"},
		{"header.tif", tif[:6], "not a TIFF"},
		{"jpeg.tif", patchTag(tif, tagCompression, 7), "compression 7 is not supported"},
		{"rgb.tif", patchTag(tif, tagSamplesPerPixel, 3), "3 samples per pixel"},
		{"int32.tif", patchTag(tif, tagBitsPerSample, 32), "sample type of 32 bits"},
		{"nad27.tif", bytes.Replace(tif, []byte{0x00, 0x08, 0, 0, 1, 0, 0xe6, 0x10}, []byte{0x00, 0x08, 0, 0, 1, 0, 0xca, 0x10}, 1), "EPSG:4298"},
		{"deflate.tif", flip(tif, len(tif)-500), "corrupt deflate"},
		{"big.tif", append([]byte{'I', 'I', 43, 0}, tif[4:]...), "BigTIFF"},
		{"cell.dt0", flip(dt0, dtedHeader+300), "checksum"},
		{"short.dt0", dt0[:len(dt0)-10], "truncated DTED"},
		{"noacc.dt0", flip(dt0, dtedUHL+dtedDSI), "DSI or ACC"},
		{"origin.dt0", flip(dt0, 6), "corrupt DTED header"},
		{"dem.xyz", []byte("1 2 3\n"), "not a DEM"},
	}
	dir := t.TempDir()
	for _, c := range cases {
		path := filepath.Join(dir, c.name)
		if err := os.WriteFile(path, c.data, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := ReadFile(path)
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one naming the file and saying %q", c.name, err, c.want)
		}
	}
}

// TestHostileFiles: what is not an elevation file is refused before it
// is read whole, by ReadFile and by Check alike (issue 19: validate
// /dev/zero read until memory ran out; a scenario with dem: [/etc/passwd]
// validated and then failed to run).
func TestHostileFiles(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "passwd")
	os.WriteFile(text, []byte("root:x:0:0:root:/root:/bin/bash\n"), 0o644)
	short := filepath.Join(dir, "N44W072.hgt")
	os.WriteFile(short, make([]byte, 1000), 0o644)
	cases := []struct{ path, want string }{
		{text, "not a DEM this package reads"},
		{short, "SRTM tile of 1000 bytes"},
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		cases = append(cases, struct{ path, want string }{"/dev/zero", "/dev/zero: a device, not a file; want an elevation file"})
	}
	// A FIFO named like a tile, in a folder of tiles: opening it for
	// reading waited for a writer for ever.
	fifos := filepath.Join(dir, "fifos")
	os.Mkdir(fifos, 0o755)
	fifo := filepath.Join(fifos, "N44W072.hgt")
	if err := syscall.Mkfifo(fifo, 0o644); err == nil {
		cases = append(cases, struct{ path, want string }{fifo, fifo + ": a named pipe (FIFO), not a file; want an elevation file"})
	}
	empty := filepath.Join(dir, "empty.tif")
	os.WriteFile(empty, nil, 0o644)
	cases = append(cases, struct{ path, want string }{empty, "not a DEM this package reads"})
	for _, c := range cases {
		if _, err := ReadFile(c.path); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ReadFile(%s): %v; want %q", c.path, err, c.want)
		}
		if err := Check(c.path); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Check(%s): %v; want %q", c.path, err, c.want)
		}
	}
	for _, good := range []string{"testdata"} {
		if err := Check(good); err != nil {
			t.Errorf("Check(%s): %v", good, err)
		}
	}
}
