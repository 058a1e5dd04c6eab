package battle

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/terrain"
)

// TestGroundGeoidByPosition reads a level DEM, 1000 m above the geoid
// over the Alborz, with geoid_height: auto, and checks the ground's
// ellipsoidal height at two points 300 km apart against 1000 m plus
// EGM96's N there from PROJ (gdaltransform -s_srs EPSG:4326+5773 -t_srs
// EPSG:4979, GDAL 3.6.2): 2.355 m at 35.6° N 51.2° E and -14.272 m at
// 38.3° N, within 0.05 m. One N for the whole scenario put both 8 m off.
func TestGroundGeoidByPosition(t *testing.T) {
	const d = 0.05
	r := &terrain.Raster[float32]{Georef: terrain.Georef{EPSG: terrain.EPSGWGS84, Cols: 11, Rows: 61,
		X0: 51 - d/2, Y0: 38.5 + d/2, DX: d, DY: d}}
	r.Pix = make([]float32, r.Cols*r.Rows)
	for i := range r.Pix {
		r.Pix[i] = 1000
	}
	path := filepath.Join(t.TempDir(), "alborz.tif")
	if err := terrain.WriteGeoTIFFFile(path, r, nil); err != nil {
		t.Fatal(err)
	}
	datum := geo.GeoidHeight(37*math.Pi/180, 51.25*math.Pi/180)
	s := &scenario.Scenario{Terrain: &scenario.Terrain{DEM: []string{path}, GeoidHeight: datum, GeoidAuto: true}}
	tr, err := PrepareTerrain(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct{ lat, lon, n float64 }{{35.6, 51.2, 2.35542888641351}, {38.3, 51.2, -14.2724710845948}} {
		got := tr.Ground(p.lat*math.Pi/180, p.lon*math.Pi/180)
		if math.Abs(got-(1000+p.n)) > 0.05 {
			t.Errorf("%g N %g E: ground %.3f m above the ellipsoid, want 1000 m + N %.3f m", p.lat, p.lon, got, p.n)
		}
	}
}
