package terrain

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/iadsim/iadsim/geo"
)

// BenchmarkViewshed times the sweep on the real 1201 x 1201 tile from
// Mount Washington, 10 m antenna, 30 m target, 100 km: the case
// testdata/bench.sh times against gdal_viewshed.
func BenchmarkViewshed(b *testing.B) {
	g := readHGT(b)
	v := View{Lat: 44.27 * rad, Lon: -71.30 * rad, Height: 10, TargetHeight: 30, MaxRange: 100e3}
	for _, w := range []int{1, 0} {
		b.Run(map[int]string{1: "1 worker", 0: "all cores"}[w], func(b *testing.B) {
			for b.Loop() {
				if _, err := Viewshed(g, g.Georef, v, &Options{Workers: w}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(g.Z)), "ns/cell")
		})
	}
}

// BenchmarkViewshed1s is the same on the tile resampled to 1 arc-second
// (3601 x 3601), if bench.sh has left it in $IADSIM_BENCH_DEM.
func BenchmarkViewshed1s(b *testing.B) {
	path := os.Getenv("IADSIM_BENCH_DEM")
	if path == "" {
		b.Skip("set IADSIM_BENCH_DEM to a 1 arc-second DEM (testdata/bench.sh makes one)")
	}
	g, err := ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	v := View{Lat: 44.27 * rad, Lon: -71.30 * rad, Height: 10, TargetHeight: 30, MaxRange: 100e3}
	for b.Loop() {
		if _, err := Viewshed(g, g.Georef, v, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(g.Z)), "ns/cell")
}

// BenchmarkLOS is one radar look over the real tile: 10 m mast on Mount
// Washington to a target 30 m above the ground 60 km away.
func BenchmarkLOS(b *testing.B) {
	g := readHGT(b)
	los := &LOS{Surface: g}
	z, _ := g.Elevation(44.27*rad, -71.30*rad)
	from := geo.LLA{Lat: 44.27 * rad, Lon: -71.30 * rad, Alt: z + 10}.ECEF()
	to := geo.LLA{Lat: 44.8 * rad, Lon: -71.6 * rad, Alt: 1000}.ECEF()
	for b.Loop() {
		los.Visible(from, to)
	}
}

func BenchmarkElevation(b *testing.B) {
	g := synthetic(1201, 1201, rand.New(rand.NewPCG(1, 1)))
	d := NewDEM(g)
	lat, lon := g.LatLon(600.3, 400.7)
	b.Run("grid", func(b *testing.B) {
		for b.Loop() {
			g.Elevation(lat, lon)
		}
	})
	b.Run("dem", func(b *testing.B) {
		for b.Loop() {
			d.Elevation(lat, lon)
		}
	})
}

func BenchmarkReadHGT(b *testing.B) {
	needFile(b, hgtPath)
	data, err := os.ReadFile(hgtPath)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		ReadHGT(hgtPath, data)
	}
}

func BenchmarkReadGeoTIFF(b *testing.B) {
	g := synthetic(1201, 1201, rand.New(rand.NewPCG(1, 1)))
	for _, deflate := range []bool{false, true} {
		var buf bytes.Buffer
		WriteGeoTIFF(&buf, g.Raster(), &WriteOptions{Deflate: deflate})
		b.Run(map[bool]string{false: "none", true: "deflate"}[deflate], func(b *testing.B) {
			b.SetBytes(int64(len(g.Z) * 4))
			for b.Loop() {
				if _, err := ReadGeoTIFF(buf.Bytes()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

var _ = math.Pi

// BenchmarkIO1s reads the 1 arc-second DEM of $IADSIM_BENCH_DEM and
// writes a byte raster of its size: the part of `iadsim viewshed` that
// is not the sweep.
func BenchmarkIO1s(b *testing.B) {
	path := os.Getenv("IADSIM_BENCH_DEM")
	if path == "" {
		b.Skip("set IADSIM_BENCH_DEM to a 1 arc-second DEM (testdata/bench.sh makes one)")
	}
	out := b.TempDir() + "/vs.tif"
	for b.Loop() {
		g, err := ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		r := &Raster[uint8]{Georef: g.Georef, Pix: make([]uint8, len(g.Z))}
		if err := WriteGeoTIFFFile(out, r, nil); err != nil {
			b.Fatal(err)
		}
	}
}
