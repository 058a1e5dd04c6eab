package coverage

import (
	"bytes"
	"encoding/csv"
	"math"
	"strconv"
	"testing"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/terrain"
	"gonum.org/v1/gonum/spatial/r3"
)

const deg = math.Pi / 180

// flat is a sea-level DEM around 45 N, 10 E: posts every 0.002 degree
// (about 160 x 220 m), half a degree or more each way.
func flat() *terrain.Grid {
	const d = 0.002
	cols, rows := 1001, 601
	g := &terrain.Grid{Georef: terrain.Georef{EPSG: terrain.EPSGWGS84, Cols: cols, Rows: rows,
		X0: 10 - float64(cols)/2*d, Y0: 45 + float64(rows)/2*d, DX: d, DY: d}}
	g.Z = make([]float32, cols*rows)
	return g
}

// oneRadar is a scenario of one unit with one fire-control radar at 45 N,
// 10 E on the ellipsoid (sea level, geoid height 0), its antenna 10 m up,
// seeing 1 m² at refRange with Pd 0.9 (Pfa 1e-6, Swerling 1), and one
// launcher beside it with a missile of 5 to 40 km and up to 20 km.
func oneRadar(refRange float64, withTerrain bool) *scenario.Scenario {
	at := geo.Deg(45, 10, 0)
	s := &scenario.Scenario{Units: []scenario.Unit{{
		ID: "u",
		Radars: []scenario.Radar{{ID: "r", Role: scenario.RoleFireControl, At: at, AntennaHeight: 10,
			RefRange: refRange, RefRCS: 1, RefPd: 0.9, Pfa: 1e-6, Swerling: 1}},
		Launchers: []scenario.Launcher{{ID: "l", At: at, Loads: []scenario.MissileLoad{{Missile: "m", Count: 4}}}},
		Missiles:  []scenario.Missile{{Name: "m", MinRange: 5e3, MaxRange: 40e3, MinAltitude: 10, MaxAltitude: 20e3}},
	}}}
	if withTerrain {
		s.Terrain = &scenario.Terrain{}
	}
	return s
}

func analysis(t *testing.T, s *scenario.Scenario, surf terrain.Surface) *Analysis {
	t.Helper()
	a, err := New(s, surf)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestHorizon checks the horizon of an antenna 10 m above a flat
// sea-level DEM, and above a smooth earth without terrain, against
// ../shared/reference/checks.md, "Radar horizon, effective-earth
// refraction (k = 4/3, R_e = 6371 km)": 35.6 km for a 30 m target and
// 42.2 km for 50 m, within 0.1 km, as horizon.csv writes it. The radar
// sees far (1 m² at 1000 km) so that the horizon decides. The coverage
// raster (100 m cells) must end there too: its median farthest covered
// range over azimuths is held to the exact horizon over the WGS-84 Euler
// radius (which both the viewshed and the smooth-earth test use) within
// a cell and a half.
func TestHorizon(t *testing.T) {
	for _, withTerrain := range []bool{true, false} {
		s := oneRadar(1000e3, withTerrain)
		var surf terrain.Surface
		if withTerrain {
			surf = flat()
		}
		a := analysis(t, s, surf)
		res, err := a.Run([]Target{{Altitude: 30, RCS: 1, Pd: 0.9}, {Altitude: 50, RCS: 1, Pd: 0.9}},
			Options{Resolution: 100, Extent: 50e3})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := WriteCSV(&b, res); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&b).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		want := map[string]float64{"30": 35.6, "50": 42.2}
		n := 0
		for _, r := range rows[1:] {
			if r[col["radar"]] != "r" {
				continue
			}
			n++
			h, _ := strconv.ParseFloat(r[col["horizon_km"]], 64)
			first, _ := strconv.ParseFloat(r[col["first_seen_km"]], 64)
			w := want[r[col["altitude_m"]]]
			if math.Abs(h-w) > 0.1 || first != h {
				t.Errorf("terrain %v, target %s m: horizon %.2f km, first seen %.2f km; want %.1f (checks.md)",
					withTerrain, r[col["altitude_m"]], h, first, w)
			}
		}
		if n != 2 {
			t.Fatalf("%d radar rows in horizon.csv, want 2", n)
		}
		for i, l := range res.Layers {
			// The exact horizon over the sphere of Euler's radius in the
			// north-east (between M and N), 4/3 earth.
			m, nn := radii(45 * deg)
			R := 2 * m * nn / (m + nn)
			kR := 4.0 / 3 * R
			exact := kR * (math.Acos(kR/(kR+10)) + math.Acos(kR/(kR+l.Target.Altitude)))
			c := l.Units[0].Radars[0].Ranges.Covered
			t.Logf("terrain %v, %g m: covered %.3f/%.3f/%.3f km, exact %.3f km", withTerrain, l.Target.Altitude,
				c.Min/1e3, c.Median/1e3, c.Max/1e3, exact/1e3)
			if math.Abs(c.Median-exact) > 150 || c.Max-c.Min > 400 || c.Clipped {
				t.Errorf("terrain %v, layer %d: covered %.3f/%.3f/%.3f km, want all near %.3f km",
					withTerrain, i, c.Min/1e3, c.Median/1e3, c.Max/1e3, exact/1e3)
			}
		}
	}
}

// cellArea is the area of cell row r of a geographic grid on the
// ellipsoid, m²: M N cos φ Δφ Δλ at its centre.
func cellArea(g terrain.Georef, r int) float64 {
	lat, _ := g.LatLon(0, float64(r))
	m, n := radii(lat)
	return m * n * math.Cos(lat) * g.DX * deg * g.DY * deg
}

// TestDisc: without terrain, a target at 10 km is seen out to the radar
// equation's range (the horizon is 425 km), so the coverage is a disc
// whose slant radius is radar.DetectionRange. Its area by cell count is
// held within 3% of π DetectionRange², and within 1% of the disc of the
// exact ground radius at which the slant range reaches it; the polygons'
// area matches the cell count; and every covered cell has Pd ≥ 0.9.
func TestDisc(t *testing.T) {
	s := oneRadar(150e3, false)
	a := analysis(t, s, nil)
	tg := Target{Altitude: 10e3, RCS: 1, Pd: 0.9}
	res, err := a.Run([]Target{tg}, Options{Resolution: 500})
	if err != nil {
		t.Fatal(err)
	}
	l := res.Layers[0]
	r := a.Units[0].Radars[0]
	det := r.Radar.DetectionRange(tg.RCS, tg.Pd)
	if math.Abs(det-150e3) > 1 {
		t.Fatalf("detection range %.1f m, want the reference 150 km", det)
	}
	g := l.Detection.Georef
	cells := 0.0
	pos := r.Radar.Frame().OriginECEF()
	for row := range g.Rows {
		for c := range g.Cols {
			if l.Detection.Pix[row*g.Cols+c] != Covered {
				continue
			}
			cells += cellArea(g, row)
			lat, lon := g.LatLon(float64(c), float64(row))
			p := geo.LLA{Lat: lat, Lon: lon, Alt: tg.Altitude}.ECEF()
			if pd := r.Radar.Pd(r3.Norm(r3.Sub(p, pos)), tg.RCS); pd < tg.Pd-1e-9 {
				t.Fatalf("cell %d,%d covered with Pd %.4f", c, row, pd)
			}
		}
	}
	// Ground radius at which the slant range is det, by bisection
	// northward.
	lo, hi := 100e3, 160e3
	for range 60 {
		mid := (lo + hi) / 2
		q, _ := geo.Direct(geo.Deg(45, 10, tg.Altitude), 0, mid)
		if r3.Norm(r3.Sub(q.ECEF(), pos)) < det {
			lo = mid
		} else {
			hi = mid
		}
	}
	poly := area(Polygons(l.Detection)) * 1e6
	t.Logf("disc: cells %.1f km², polygons %.1f km², π R² %.1f km², exact ground disc %.1f km² (ground radius %.2f km)",
		cells/1e6, poly/1e6, math.Pi*det*det/1e6, math.Pi*lo*lo/1e6, lo/1e3)
	if e := cells/(math.Pi*det*det) - 1; math.Abs(e) > 0.03 {
		t.Errorf("area %.1f km² is %.2f%% off π R²", cells/1e6, 100*e)
	}
	if e := cells/(math.Pi*lo*lo) - 1; math.Abs(e) > 0.01 {
		t.Errorf("area %.1f km² is %.2f%% off the exact disc", cells/1e6, 100*e)
	}
	if e := poly/cells - 1; math.Abs(e) > 1e-3 {
		t.Errorf("polygon area %.1f km² is %.3f%% off the cells'", poly/1e6, 100*e)
	}
	c := l.Units[0].Radars[0].Ranges.Covered
	if math.Abs(c.Median-lo) > 500 {
		t.Errorf("covered median %.2f km, want the ground radius %.2f km", c.Median/1e3, lo/1e3)
	}
}

// TestEngagement: without terrain, the engagement coverage of a target at
// 3 km is the fire-control coverage (150 km) within the missile's 5 to
// 40 km of ground range from the launcher; at 25 km, above the missile's
// 20 km ceiling, it is empty.
func TestEngagement(t *testing.T) {
	a := analysis(t, oneRadar(150e3, false), nil)
	res, err := a.Run([]Target{{Altitude: 3e3, RCS: 1, Pd: 0.9}, {Altitude: 25e3, RCS: 1, Pd: 0.9}},
		Options{Resolution: 500, Extent: 60e3})
	if err != nil {
		t.Fatal(err)
	}
	l := res.Layers[0]
	g := l.Engagement.Georef
	site := geo.Deg(45, 10, 0)
	bad := 0
	for row := range g.Rows {
		for c := range g.Cols {
			lat, lon := g.LatLon(float64(c), float64(row))
			d, _, _ := geo.Inverse(site, geo.LLA{Lat: lat, Lon: lon})
			got := l.Engagement.Pix[row*g.Cols+c] == Covered
			switch {
			case d > 5.1e3 && d < 39.9e3 && !got, (d < 4.9e3 || d > 40.1e3) && got:
				bad++
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d cells wrong in the 5-40 km annulus", bad)
	}
	for _, p := range res.Layers[1].Engagement.Pix {
		if p != 0 {
			t.Fatal("engagement above the missile's ceiling")
		}
	}
	// The detection there is not empty: only the missile rules it out.
	if n := count(res.Layers[1].Detection); n == 0 {
		t.Error("no detection at 25 km")
	}
}

func count(r *terrain.Raster[uint8]) int {
	n := 0
	for _, p := range r.Pix {
		if p == Covered {
			n++
		}
	}
	return n
}

// TestTerrainMasks: a ridge 300 m high across the north of the flat DEM,
// 10 km from the radar, hides a 30 m target beyond it, and the unit's
// union is the radar's own coverage; the workers' count does not change
// the result; progress reaches its total.
func TestTerrainMasks(t *testing.T) {
	g := flat()
	for r := range g.Rows {
		lat, _ := g.LatLon(0, float64(r))
		if d := (lat/deg - 45) * 111e3; d > 10e3 && d < 11e3 {
			for c := range g.Cols {
				g.Z[r*g.Cols+c] = 300
			}
		}
	}
	a := analysis(t, oneRadar(1000e3, true), g)
	var last, total int
	calls := 0
	tg := []Target{{Altitude: 30, RCS: 1, Pd: 0.9}}
	res, err := a.Run(tg, Options{Resolution: 200, Extent: 40e3, Workers: 1,
		Progress: func(d, n int) {
			if d < last {
				t.Errorf("progress went back from %d to %d", last, d)
			}
			last, total = d, n
			calls++
		}})
	if err != nil {
		t.Fatal(err)
	}
	if last != total || calls == 0 {
		t.Errorf("progress ended at %d of %d after %d calls", last, total, calls)
	}
	l := res.Layers[0]
	gr := l.Detection.Georef
	for row := range gr.Rows {
		for c := range gr.Cols {
			lat, lon := gr.LatLon(float64(c), float64(row))
			d, _, _ := geo.Inverse(geo.Deg(45, 10, 0), geo.LLA{Lat: lat, Lon: lon})
			north := (lat/deg - 45) * 111e3
			got := l.Detection.Pix[row*gr.Cols+c] == Covered
			switch {
			case north > 12e3 && got:
				t.Fatalf("cell %.4f, %.4f behind the ridge is covered", lat/deg, lon/deg)
			case north < 9e3 && north > -9e3 && d < 30e3 && !got:
				t.Fatalf("cell %.4f, %.4f in the open, %.1f km, is not covered", lat/deg, lon/deg, d/1e3)
			}
		}
	}
	res2, err := a.Run(tg, Options{Resolution: 200, Extent: 40e3, Workers: 4})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(res2.Layers[0].Detection.Pix, l.Detection.Pix) || !bytes.Equal(res2.Layers[0].Engagement.Pix, l.Engagement.Pix) {
		t.Error("4 workers give another coverage than 1")
	}
}

func TestRunErrors(t *testing.T) {
	a := analysis(t, oneRadar(100e3, false), nil)
	for _, c := range []struct {
		name string
		tg   []Target
		opt  Options
	}{
		{"no targets", nil, Options{}},
		{"zero RCS", []Target{{Altitude: 30, Pd: 0.9}}, Options{}},
		{"Pd 1", []Target{{Altitude: 30, RCS: 1, Pd: 1}}, Options{}},
		{"NaN altitude", []Target{{Altitude: math.NaN(), RCS: 1, Pd: 0.9}}, Options{}},
		{"negative resolution", []Target{{Altitude: 30, RCS: 1, Pd: 0.9}}, Options{Resolution: -1}},
		{"huge grid", []Target{{Altitude: 30, RCS: 1, Pd: 0.9}}, Options{Resolution: 1, Extent: 1000e3}},
		{"around the earth", []Target{{Altitude: 30, RCS: 1, Pd: 0.9}}, Options{Resolution: 100e3, Extent: 30000e3}},
	} {
		if _, err := a.Run(c.tg, c.opt); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
	// A radar off the terrain is an error of New.
	if _, err := New(oneRadar(100e3, true), &terrain.Grid{Georef: terrain.Georef{EPSG: terrain.EPSGWGS84,
		Cols: 2, Rows: 2, X0: 0, Y0: 1, DX: 0.5, DY: 0.5}, Z: make([]float32, 4)}); err == nil {
		t.Error("radar off the DEM: no error")
	}
}

// BenchmarkRun is one layer, 30 m AGL, 250 m cells, 60 km around the
// radar over the flat DEM: a viewshed and the per-cell radar equation.
func BenchmarkRun(b *testing.B) {
	a, err := New(oneRadar(150e3, true), flat())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := a.Run([]Target{{Altitude: 30, RCS: 1, Pd: 0.9}}, Options{Resolution: 250, Extent: 60e3}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestExtentClippedToTerrain checks that the default extent stops at the
// terrain's tiles: a radar that sees 40 km over a tile 0.2° square (about
// 22 x 16 km) gets a grid no larger than the tile, with every cell on the
// terrain, while Options.NoClip and an explicit extent keep the whole
// reach and hatch what lies off the tile.
func TestExtentClippedToTerrain(t *testing.T) {
	const d = 0.002
	g := &terrain.Grid{Georef: terrain.Georef{EPSG: terrain.EPSGWGS84, Cols: 101, Rows: 101,
		X0: 9.9 - d/2, Y0: 45.1 + d/2, DX: d, DY: d}}
	g.Z = make([]float32, g.Cols*g.Rows)
	a := analysis(t, oneRadar(1000e3, true), g)
	tg := []Target{{Altitude: 30, RCS: 1, Pd: 0.9}}
	box := func(r terrain.Georef) (s, n, w, e float64) {
		return r.Y0 - float64(r.Rows)*r.DY, r.Y0, r.X0, r.X0 + float64(r.Cols)*r.DX
	}
	for _, c := range []struct {
		name    string
		opt     Options
		clipped bool
	}{
		{"default", Options{Resolution: 500}, true},
		{"no clip", Options{Resolution: 500, NoClip: true}, false},
		{"extent given", Options{Resolution: 500, Extent: 40e3}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := a.Run(tg, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			s, n, w, e := box(res.Grid)
			// Within a cell of the tile's posts, 9.9 to 10.1 E, 44.9 to 45.1 N.
			cellLat, cellLon := res.Grid.DY, res.Grid.DX
			inside := s >= 44.9-cellLat && n <= 45.1+cellLat && w >= 9.9-cellLon && e <= 10.1+cellLon
			if inside != c.clipped {
				t.Errorf("grid %.3f..%.3f N, %.3f..%.3f E: inside the tile %v, want %v", s, n, w, e, inside, c.clipped)
			}
			if unknown := res.Layers[0].Unknown != nil; unknown == c.clipped {
				t.Errorf("cells without terrain: %v, want %v", unknown, !c.clipped)
			}
		})
	}
}
