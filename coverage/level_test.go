package coverage

import (
	"bytes"
	"encoding/csv"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/radar"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/terrain"
)

// TestLevelGround: a scenario on the Isfahan plateau with terrain:
// {ground: 1570 m} and no DEM. Heights above the ground are above the
// plateau: the 92N6E on its 25 m mast first sees a target 40 m up at
// radar.HorizonRange(25, 40), 46.7 km, and its coverage reaches that far
// on every azimuth; the table and horizon.csv say so. Before, the
// antenna counted as 1 595 m up and the horizon as 190 km.
func TestLevelGround(t *testing.T) {
	s, err := scenario.Load("../battle/testdata/isfahan-high-ground.yaml")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Open(s)
	if err != nil {
		t.Fatal(err)
	}
	res, err := a.Run([]Target{{Altitude: 40, RCS: 0.5, Pd: 0.5}, {Altitude: 1600, MSL: true, RCS: 0.5, Pd: 0.5}},
		Options{Resolution: 250, Extent: 60e3})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Layers[0].Units[0].Radars {
		if r.ID != "bn1-92n6e" {
			continue
		}
		want := radar.HorizonRange(25, 40, 0)
		if math.Abs(r.Antenna-25) > 1e-6 || math.Abs(r.Ranges.Horizon-want) > 1 {
			t.Errorf("antenna %.1f m, horizon %.2f km; want 25 m and %.2f km", r.Antenna, r.Ranges.Horizon/1e3, want/1e3)
		}
		if c := r.Ranges.Covered; math.Abs(c.Median-want) > 500 || c.Clipped {
			t.Errorf("covered %.2f/%.2f/%.2f km, want near %.2f km", c.Min/1e3, c.Median/1e3, c.Max/1e3, want/1e3)
		}
	}
	// 1600 m above the ellipsoid is 30 m above the plateau.
	for _, r := range res.Layers[1].Units[0].Radars {
		if want := radar.HorizonRange(25, 30, 0); r.ID == "bn1-92n6e" && math.Abs(r.Ranges.Horizon-want) > 1 {
			t.Errorf("MSL 1600 m: horizon %.2f km, want %.2f km (30 m above the ground)", r.Ranges.Horizon/1e3, want/1e3)
		}
	}
	var b bytes.Buffer
	if err := WriteTable(&b, res); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "heights AGL: above the level ground at 1.57 km above the WGS-84 ellipsoid") {
		t.Errorf("the table does not say what its heights are measured from:\n%s", b.String())
	}
	b.Reset()
	if err := WriteCSV(&b, res); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], "height_ref")
	if col < 0 || !strings.HasPrefix(rows[1][col], "above the level ground at 1.57 km") {
		t.Errorf("horizon.csv: header %q, first row %q; want height_ref naming the level ground", rows[0], rows[1])
	}
}

// TestGeoidByPosition: with geoid_height: auto over a DEM, a target's
// height above mean sea level is above EGM96 where the target is, not at
// the units' centre, and the layer says so.
func TestGeoidByPosition(t *testing.T) {
	s := oneRadar(1000e3, true)
	n0 := geo.GeoidHeight(45*deg, 10*deg)
	s.Terrain.GeoidHeight, s.Terrain.GeoidAuto = n0, true
	s.Units[0].Radars[0].At.Alt = n0
	s.Units[0].Launchers[0].At.Alt = n0
	a := analysis(t, s, flat())
	g := terrain.Georef{EPSG: terrain.EPSGWGS84, Cols: 3, Rows: 3, X0: 9.5, Y0: 45.5, DX: 1.0 / 3, DY: 1.0 / 3}
	c := a.cells(g, 1)
	tg := Target{Altitude: 500, MSL: true, RCS: 1, Pd: 0.9}
	spread := 0.0
	for i := range g.Rows * g.Cols {
		lat, lon := g.LatLon(float64(i%g.Cols), float64(i/g.Cols))
		n := geo.GeoidHeight(lat, lon)
		spread = math.Max(spread, math.Abs(n-n0))
		if got := c.height(i, tg) + n0; math.Abs(got-(500+n)) > 1e-3 {
			t.Errorf("cell %d: MSL target %.3f m above the ellipsoid, want 500 m + N %.3f m", i, got, n)
		}
	}
	if spread < 0.5 {
		t.Errorf("N varies by %.2f m over the cells: the test shows nothing", spread)
	}
	if ref := a.HeightRef(tg); !strings.Contains(ref, "EGM96 geoid at each place") {
		t.Errorf("HeightRef %q does not say the geoid is taken by position", ref)
	}
}
