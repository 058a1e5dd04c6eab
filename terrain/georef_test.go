package terrain

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// TestUTM checks the transverse Mercator against GeographicLib's
// GeoConvert; the table was made with
//
//	printf '44.27 -71.30\n-33.9 151.2\n0 -69\n60.5 5.3\n' | GeoConvert -u -p 4
func TestUTM(t *testing.T) {
	rad := math.Pi / 180
	for _, c := range []struct {
		lat, lon    float64
		zone        int
		south       bool
		east, north float64
	}{
		{44.27, -71.30, 19, false, 316436.5062, 4904434.3906},
		{-33.9, 151.2, 56, true, 333568.9410, 6247473.3368},
		{0, -69, 19, false, 500000, 0},
		{60.5, 5.3, 32, false, 296817.4247, 6712810.0719},
	} {
		e, n := utmForward(c.zone, c.south, c.lat*rad, c.lon*rad)
		if math.Abs(e-c.east) > 1e-3 || math.Abs(n-c.north) > 1e-3 {
			t.Errorf("%g, %g: %.4f %.4f, GeoConvert %.4f %.4f", c.lat, c.lon, e, n, c.east, c.north)
		}
		lat, lon := utmInverse(c.zone, c.south, c.east, c.north)
		if math.Abs(lat/rad-c.lat) > 1e-8 || math.Abs(lon/rad-c.lon) > 1e-8 { // 1 mm
			t.Errorf("inverse of %g, %g: %.10f %.10f", c.lat, c.lon, lat/rad, lon/rad)
		}
	}
}

// TestUTMOracle runs GeoConvert live on random points across zone 19.
func TestUTMOracle(t *testing.T) {
	_, err := exec.LookPath("GeoConvert")
	need(t, "GeoConvert (Debian geographiclib-tools)", err == nil)
	rng := rand.New(rand.NewPCG(4, 19))
	var in strings.Builder
	var pts [][2]float64
	for range 200 {
		lat, lon := -80+160*rng.Float64(), -72+6*rng.Float64()
		pts = append(pts, [2]float64{lat, lon})
		fmt.Fprintf(&in, "%.12f %.12f\n", lat, lon)
	}
	cmd := exec.Command("GeoConvert", "-u", "-p", "4", "-z", "19")
	cmd.Stdin = strings.NewReader(in.String())
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	rad := math.Pi / 180
	for i, l := range lines {
		f := strings.Fields(l)
		e, _ := strconv.ParseFloat(f[1], 64)
		n, _ := strconv.ParseFloat(f[2], 64)
		south := strings.HasSuffix(f[0], "s")
		ge, gn := utmForward(19, south, pts[i][0]*rad, pts[i][1]*rad)
		if math.Abs(ge-e) > 1e-3 || math.Abs(gn-n) > 1e-3 {
			t.Errorf("%v: %.4f %.4f, GeoConvert %s", pts[i], ge, gn, l)
		}
	}
}

// TestWriteGeoTIFF writes each pixel type, reads it back with ReadGeoTIFF,
// and, when GDAL is present, checks gdalinfo's reading of it.
func TestWriteGeoTIFF(t *testing.T) {
	geo := Georef{EPSG: EPSGWGS84, Cols: 300, Rows: 257, X0: -72.000416666666666, Y0: 45.000416666666666, DX: 1.0 / 1200, DY: 1.0 / 1200}
	utm := Georef{EPSG: 32619, Cols: 300, Rows: 257, X0: 259438.5, Y0: 4987377, DX: 80.5, DY: 80.5}
	n := geo.Cols * geo.Rows
	u8, i16, u16, f32 := make([]uint8, n), make([]int16, n), make([]uint16, n), make([]float32, n)
	for i := range n {
		u8[i], i16[i], u16[i], f32[i] = uint8(i*7), int16(i*13-20000), uint16(i*11), float32(i)/7-100
	}
	f32[5] = float32(math.NaN())
	check := func(t *testing.T, data []byte, want Georef, vals func(i int) float32) {
		g, err := ReadGeoTIFF(data)
		if err != nil {
			t.Fatal(err)
		}
		sameGeoref(t, "round trip", g.Georef, want)
		for i := range n {
			w := vals(i)
			if g.Z[i] != w && !(w != w && g.Z[i] != g.Z[i]) {
				t.Fatalf("pixel %d: %g, want %g", i, g.Z[i], w)
			}
		}
	}
	for _, deflate := range []bool{false, true} {
		opt := &WriteOptions{Deflate: deflate}
		t.Run(fmt.Sprint("deflate=", deflate), func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteGeoTIFF(&b, &Raster[uint8]{Georef: geo, Pix: u8}, opt); err != nil {
				t.Fatal(err)
			}
			check(t, b.Bytes(), geo, func(i int) float32 { return float32(u8[i]) })
			b.Reset()
			if err := WriteGeoTIFF(&b, &Raster[int16]{Georef: utm, Pix: i16}, opt); err != nil {
				t.Fatal(err)
			}
			check(t, b.Bytes(), utm, func(i int) float32 { return float32(i16[i]) })
			b.Reset()
			if err := WriteGeoTIFF(&b, &Raster[uint16]{Georef: geo, Pix: u16}, opt); err != nil {
				t.Fatal(err)
			}
			check(t, b.Bytes(), geo, func(i int) float32 { return float32(u16[i]) })
			b.Reset()
			if err := WriteGeoTIFF(&b, &Raster[float32]{Georef: geo, Pix: f32, NoData: math.NaN(), HasNoData: true}, opt); err != nil {
				t.Fatal(err)
			}
			check(t, b.Bytes(), geo, func(i int) float32 { return f32[i] })
		})
	}
	if err := WriteGeoTIFF(&bytes.Buffer{}, &Raster[uint8]{Georef: geo, Pix: u8[:10]}, nil); err == nil {
		t.Error("a raster with too few pixels was written")
	}

	// GDAL reads what we write: size, georeferencing and every pixel.
	_, err := exec.LookPath("gdalinfo")
	need(t, "gdalinfo (Debian gdal-bin)", err == nil)
	for _, c := range []struct {
		name string
		g    Georef
		epsg string
	}{{"geo.tif", geo, `ID["EPSG",4326]`}, {"utm.tif", utm, `ID["EPSG",32619]`}} {
		path := tmp(t, c.name)
		if err := WriteGeoTIFFFile(path, &Raster[int16]{Georef: c.g, Pix: i16, NoData: -32768, HasNoData: true}, &WriteOptions{Deflate: true}); err != nil {
			t.Fatal(err)
		}
		info := run(t, "gdalinfo", path)
		for _, want := range []string{"Size is 300, 257", fmt.Sprintf("Origin = (%.15f,%.15f)", c.g.X0, c.g.Y0),
			fmt.Sprintf("Pixel Size = (%.15f,%.15f)", c.g.DX, -c.g.DY), "NoData Value=-32768", "Type=Int16", c.epsg} {
			if !strings.Contains(info, want) {
				t.Errorf("%s: gdalinfo lacks %q:\n%s", c.name, want, info)
			}
		}
		raw := tmp(t, "dump.bin")
		run(t, "gdal_translate", "-q", "-of", "ENVI", path, raw)
		got := rawInt16(t, raw)
		for i := range n {
			if got[i] != float32(i16[i]) {
				t.Fatalf("%s: GDAL reads pixel %d as %g, want %d", c.name, i, got[i], i16[i])
			}
		}
	}
}
