package footprint

import (
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/iadsim/iadsim/coverage"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/terrain"
)

// Raster returns cells (Grid, or one unit's Defended) as a byte raster,
// 255 defended and 0 not, for terrain.WriteGeoTIFF.
func (r *Result) Raster(cells []uint8) *terrain.Raster[uint8] {
	pix := make([]uint8, len(cells))
	for i, v := range cells {
		pix[i] = 255 * v
	}
	return &terrain.Raster[uint8]{Georef: r.Georef, Pix: pix}
}

// polygons vectorises cells.
func (r *Result) polygons(cells []uint8) orb.MultiPolygon {
	return coverage.Polygons(&terrain.Raster[uint8]{Georef: r.Georef, Pix: cells})
}

// WriteGeoJSON writes the footprints of several launch points as one
// FeatureCollection: per launch point a MultiPolygon feature for each
// unit and one for the grid (unit "grid"), with the launch point
// (launch_lat, launch_lon, degrees), the unit and the area in km².
func WriteGeoJSON(w io.Writer, results []*Result) error {
	fc := geojson.NewFeatureCollection()
	for _, r := range results {
		add := func(unit string, cells []uint8) {
			f := geojson.NewFeature(r.polygons(cells))
			f.Properties = geojson.Properties{
				"kind": "ballistic-footprint", "unit": unit,
				"launch_lat": round(r.Launch.LatDeg(), 1e-6), "launch_lon": round(r.Launch.LonDeg(), 1e-6),
				"area_km2": round(r.Area(cells), 1e-3),
			}
			fc.Append(f)
		}
		for i, u := range r.Units {
			add(u, r.Defended[i])
		}
		add("grid", r.Grid)
	}
	b, err := json.Marshal(fc)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func round(x, q float64) float64 { return math.Round(x/q) * q }

// Map colours.
var (
	colOut    = color.RGBA{245, 245, 240, 255}
	colGrid   = color.RGBA{215, 40, 40, 255}
	colUnit   = color.RGBA{20, 20, 120, 255}
	colLaunch = color.RGBA{0, 0, 0, 255}
)

// WritePNG draws the grid's footprint (red) on the grid (plate carrée),
// each unit's command post a blue square, and, when it lies on the map,
// the launch point a black one.
func (r *Result) WritePNG(w io.Writer, posts []geo.LLA) error {
	g := r.Georef
	k := max(1, 800/max(g.Cols, g.Rows))
	img := image.NewRGBA(image.Rect(0, 0, g.Cols*k, g.Rows*k))
	for c, v := range r.Grid {
		col := colOut
		if v != 0 {
			col = colGrid
		}
		x0, y0 := (c%g.Cols)*k, (c/g.Cols)*k
		for y := y0; y < y0+k; y++ {
			for x := x0; x < x0+k; x++ {
				img.Set(x, y, col)
			}
		}
	}
	mark := func(p geo.LLA, col color.RGBA) {
		px, py := g.Pixel(p.Lat, p.Lon)
		cx, cy := int((px+0.5)*float64(k)), int((py+0.5)*float64(k))
		for y := cy - 3; y <= cy+3; y++ {
			for x := cx - 3; x <= cx+3; x++ {
				if image.Pt(x, y).In(img.Bounds()) {
					img.Set(x, y, col)
				}
			}
		}
	}
	for _, p := range posts {
		mark(p, colUnit)
	}
	mark(r.Launch, colLaunch)
	return png.Encode(w, img)
}
