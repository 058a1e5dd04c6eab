package terrain

import (
	"fmt"
	"math"
	"path/filepath"
	"testing"
)

// TestAgainstGDALViewshed compares Viewshed with gdal_viewshed (GDAL 3.6,
// Debian gdal-bin) from four observers on N44W072.hgt, 10 m antenna, 30 m
// target, 100 km, k = 4/3 (gdal_viewshed -cc 0.75, its curvature
// coefficient being 1/k) and once with refraction coefficient 0.13 (k =
// 1/0.87, -cc 0.87). gdal_viewshed measures distance in the raster's
// units, so both run on a UTM 19N copy of the tile (gdalwarp -r bilinear
// -t_srs EPSG:32619, 80.5 m pixels): the same grid, the same posts. At
// least 97% of the cells with data must agree; docs/terrain.md explains
// the rest.
func TestAgainstGDALViewshed(t *testing.T) {
	needTool(t, "gdal_viewshed")
	needTool(t, "gdalwarp")
	needFile(t, hgtPath)
	dir := t.TempDir()
	utmPath := filepath.Join(dir, "utm.tif")
	run(t, "gdalwarp", "-q", "-r", "bilinear", "-t_srs", "EPSG:32619", hgtPath, utmPath)
	g, err := ReadFile(utmPath)
	if err != nil {
		t.Fatal(err)
	}
	type obs struct {
		name     string
		lat, lon float64
		k        float64
	}
	var cases []obs
	for _, o := range observers {
		cases = append(cases, obs{o.name, o.lat, o.lon, 4.0 / 3})
	}
	cases = append(cases, obs{"Mount Washington, n = 0.13", 44.27, -71.30, 1 / 0.87})
	for _, o := range cases {
		t.Run(o.name, func(t *testing.T) {
			// Both put the observer at the centre of the cell holding the
			// point: gdal_viewshed takes the ground height of that cell.
			px, py := g.Pixel(o.lat*rad, o.lon*rad)
			col, row := math.Round(px), math.Round(py)
			lat, lon := g.LatLon(col, row)
			x, y := g.X0+(col+0.5)*g.DX, g.Y0-(row+0.5)*g.DY
			gv := filepath.Join(dir, "gdal.tif")
			run(t, "gdal_viewshed", "-q", "-ox", fmt.Sprint(x), "-oy", fmt.Sprint(y), "-oz", "10", "-tz", "30",
				"-md", "100000", "-cc", fmt.Sprint(1/o.k), utmPath, gv)
			ref, err := ReadFile(gv)
			if err != nil {
				t.Fatal(err)
			}
			// gdal_viewshed crops its output to the cells within -md.
			c0, r0 := int(math.Round((ref.X0-g.X0)/g.DX)), int(math.Round((g.Y0-ref.Y0)/g.DY))
			if ref.EPSG != g.EPSG || math.Abs(ref.DX-g.DX) > 1e-9 || math.Abs(ref.X0-g.X0-float64(c0)*g.DX) > 1e-6 || math.Abs(g.Y0-ref.Y0-float64(r0)*g.DY) > 1e-6 {
				t.Fatalf("gdal_viewshed output %+v is not on the grid %+v", ref.Georef, g.Georef)
			}
			gdalVisible := func(i int) bool {
				c, r := i%g.Cols-c0, i/g.Cols-r0
				return c >= 0 && r >= 0 && c < ref.Cols && r < ref.Rows && ref.Z[r*ref.Cols+c] == 255
			}
			mine, err := Viewshed(g, g.Georef, View{Lat: lat, Lon: lon, Height: 10, TargetHeight: 30, MaxRange: 100e3, K: o.k}, nil)
			if err != nil {
				t.Fatal(err)
			}
			n, same, onlyMine, onlyGDAL, seen := 0, 0, 0, 0, 0
			for i, z := range g.Z {
				if math.IsNaN(float64(z)) {
					continue // no data: outside the warped tile
				}
				n++
				a, b := mine.Pix[i] == Visible, gdalVisible(i)
				switch {
				case a == b:
					same++
				case a:
					onlyMine++
				default:
					onlyGDAL++
				}
				if b {
					seen++
				}
			}
			f := float64(same) / float64(n)
			t.Logf("%d cells: agree %.2f%%; visible to gdal_viewshed %d, to us only %d, to GDAL only %d", n, 100*f, seen, onlyMine, onlyGDAL)
			if f < 0.97 {
				t.Errorf("agreement with gdal_viewshed %.2f%%, want >= 97%%", 100*f)
			}
		})
	}
}
