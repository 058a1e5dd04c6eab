package terrain

import (
	"math"
	"testing"

	"github.com/iadsim/iadsim/geo"
)

// TestApplyGeoid puts a level DEM, 1000 m above the geoid, over 35.5 to
// 38.5° N, 51 to 51.5° E (the Alborz, where EGM96 falls 16 m from Tehran
// to the Caspian) and moves it to a datum at the area's centre: a sample's
// ellipsoidal height, Elevation + datum, must be 1000 m plus the geoid's
// height at the sample itself, within 0.05 m, for N from PROJ on the
// same EGM96 grid, recorded with
//
//	echo "51.2 35.6 0" | gdaltransform -s_srs EPSG:4326+5773 -t_srs EPSG:4979
//
// (GDAL 3.6.2, Debian proj-data's egm96_15.gtx), and so on for each point.
// Two of the points are 300 km apart with N 16.6 m apart: one geoid
// height for the whole area, as before, was 8 m off at each.
func TestApplyGeoid(t *testing.T) {
	const d = 0.05
	g := &Grid{Georef: Georef{EPSG: EPSGWGS84, Cols: 11, Rows: 61, X0: 51 - d/2, Y0: 38.5 + d/2, DX: d, DY: d}}
	g.Z = make([]float32, g.Cols*g.Rows)
	for i := range g.Z {
		g.Z[i] = 1000
	}
	void := 30*g.Cols + 5
	g.Z[void] = float32(math.NaN())
	egm, err := geo.EGM96()
	if err != nil {
		t.Fatal(err)
	}
	datum := egm.Height(37*rad, 51.25*rad)
	NewDEM(g).ApplyGeoid(egm.Height, datum)
	for _, p := range []struct{ lat, lon, n float64 }{
		{35.6, 51.2, 2.35542888641351},
		{38.3, 51.2, -14.2724710845948},
		{36.93, 51.37, -4.53976047859185},
		{38.47, 51.03, -14.800093824768},
		{35.52, 51.48, 1.38309734115608},
	} {
		z, ok := g.Elevation(p.lat*rad, p.lon*rad)
		if !ok {
			t.Fatalf("%g, %g: no elevation", p.lat, p.lon)
		}
		if got := z + datum; math.Abs(got-(1000+p.n)) > 0.05 {
			t.Errorf("%g N %g E: ellipsoidal ground %.3f m, want 1000 m + N %.3f m (PROJ)", p.lat, p.lon, got, p.n)
		}
	}
	dist, _, _ := geo.Inverse(geo.Deg(35.6, 51.2, 0), geo.Deg(38.3, 51.2, 0))
	if dist < 299e3 {
		t.Errorf("the two points are %.0f km apart, want 300", dist/1e3)
	}
	if !math.IsNaN(float64(g.Z[void])) {
		t.Errorf("a void became %g m", g.Z[void])
	}
}
