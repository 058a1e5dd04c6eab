package coverage

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/terrain"
	"github.com/paulmach/orb"
)

// unitAt is oneRadar's unit (no terrain) with its radar and its launcher
// at two places.
func unitAt(radar, launcher geo.LLA) *scenario.Scenario {
	s := oneRadar(100e3, false)
	s.Units[0].Radars[0].At = radar
	s.Units[0].Launchers[0].At = launcher
	return s
}

// TestAntimeridian: a unit astride 180° (radar near Fiji at 179.98° E,
// launcher at 179.98° W, 4 km apart) and one just west of it near
// Kamchatka have the coverage of the same unit moved to 0°: over a
// smooth earth only the longitude differs, so the covered area is the
// same within the cells cut at the grid's edge of a different alignment.
// Their polygons have every longitude in [-180, 180] (RFC 7946, 3.1.9:
// a geometry crossing the antimeridian is cut there), and their area is
// the cells' own.
func TestAntimeridian(t *testing.T) {
	tg := []Target{{Altitude: 300, RCS: 1, Pd: 0.9}}
	opt := Options{Resolution: 1000, Extent: 60e3, Workers: 2}
	for _, c := range []struct {
		name               string
		radar, launcher    geo.LLA
		shifted, shiftedLn geo.LLA // the same unit at 0° instead
	}{
		{"astride (Fiji)", geo.Deg(-17, 179.98, 0), geo.Deg(-17, -179.98, 0), geo.Deg(-17, -0.02, 0), geo.Deg(-17, 0.02, 0)},
		{"west of it (Kamchatka)", geo.Deg(56, 179.6, 0), geo.Deg(56, 179.6, 0), geo.Deg(56, -0.4, 0), geo.Deg(56, -0.4, 0)},
		{"east of it (Chukotka)", geo.Deg(65, -179.5, 0), geo.Deg(65, -179.5, 0), geo.Deg(65, 0.5, 0), geo.Deg(65, 0.5, 0)},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := analysis(t, unitAt(c.radar, c.launcher), nil).Run(tg, opt)
			if err != nil {
				t.Fatal(err)
			}
			ref, err := analysis(t, unitAt(c.shifted, c.shiftedLn), nil).Run(tg, opt)
			if err != nil {
				t.Fatal(err)
			}
			l, lr := res.Layers[0], ref.Layers[0]
			for _, k := range []struct {
				name     string
				got, ref *Layer
				pick     func(*Layer) orb.MultiPolygon
			}{
				{"detection", l, lr, func(l *Layer) orb.MultiPolygon { return Polygons(l.Detection) }},
				{"engagement", l, lr, func(l *Layer) orb.MultiPolygon { return Polygons(l.Engagement) }},
			} {
				mp, mref := k.pick(k.got), k.pick(k.ref)
				b := mp.Bound()
				if b.Min[0] < -180 || b.Max[0] > 180 {
					t.Errorf("%s: longitudes from %.4f to %.4f, want within [-180, 180]", k.name, b.Min[0], b.Max[0])
				}
				a, aref := area(mp), area(mref)
				if a == 0 || math.Abs(a/aref-1) > 0.02 {
					t.Errorf("%s: %.1f km² at the antimeridian, %.1f km² at 0°; want within 2%%", k.name, a, aref)
				}
			}
		})
	}
}

// TestAntimeridianWithOGR reads a coverage cut at the antimeridian back
// with ogrinfo: one feature, valid, every longitude in [-180, 180], and
// an area in square degrees that is the covered cells'.
func TestAntimeridianWithOGR(t *testing.T) {
	needTool(t, "ogrinfo")
	tg := []Target{{Altitude: 300, RCS: 1, Pd: 0.9}}
	res, err := analysis(t, unitAt(geo.Deg(-17, 179.98, 0), geo.Deg(-17, -179.98, 0)), nil).Run(tg, Options{Resolution: 1000, Extent: 60e3, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Layers[0].Detection
	mp := Polygons(r)
	path := filepath.Join(t.TempDir(), "cov.geojson")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteGeoJSON(f, mp, Detection, tg[0], nil); err != nil {
		t.Fatal(err)
	}
	f.Close()
	m := ogrSQL(t, path, `SELECT ST_IsValid(geometry) AS valid, ST_Area(geometry) AS area, ST_MinX(geometry) AS minx, ST_MaxX(geometry) AS maxx FROM "cov"`)
	want := float64(count(r)) * r.DX * r.DY
	t.Logf("ogrinfo: valid %v, area %.9g deg² (cells %.9g), longitudes %g to %g", m["valid"], m["area"], want, m["minx"], m["maxx"])
	if m["valid"] != 1 || math.Abs(m["area"]/want-1) > 1e-9 || m["minx"] < -180 || m["maxx"] > 180 || m["minx"] > -179 || m["maxx"] < 179 {
		t.Errorf("ogrinfo: valid %v, area %.9g deg², longitudes %g to %g; want 1, %.9g deg², both sides of 180°", m["valid"], m["area"], m["minx"], m["maxx"], want)
	}
}

// TestPolygonsCut: random rasters across the antimeridian, with a cell
// edge on it or a column astride it, east or west: every longitude in
// [-180, 180], and the rings' planar area the covered cells' exactly
// (the column astride is cut in two that sum to one).
func TestPolygonsCut(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	for k := range 60 {
		cols, rows := 10+rng.IntN(30), 10+rng.IntN(30)
		x0 := []float64{179.9, 179.9037, -180.1, -180.0963, 180.2, -180.5}[k%6]
		r := &terrain.Raster[uint8]{Georef: terrain.Georef{EPSG: terrain.EPSGWGS84, Cols: cols, Rows: rows,
			X0: x0, Y0: 45, DX: 0.01, DY: 0.01}, Pix: make([]uint8, cols*rows)}
		for i := range r.Pix {
			if rng.Float64() < 0.5 {
				r.Pix[i] = Covered
			}
		}
		mp := Polygons(r)
		got := 0.0
		for _, p := range mp {
			for _, ring := range p {
				got += planar(ring)
				for _, q := range ring {
					if q[0] < -180 || q[0] > 180 {
						t.Fatalf("raster %d (x0 %g): longitude %g", k, x0, q[0])
					}
				}
			}
		}
		if want := float64(count(r)) * r.DX * r.DY; math.Abs(got-want) > 1e-9 {
			t.Errorf("raster %d (x0 %g, %dx%d): area %.12g deg², want %.12g", k, x0, cols, rows, got, want)
		}
	}
}
