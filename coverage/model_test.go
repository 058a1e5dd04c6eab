package coverage

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/radar"
	"github.com/iadsim/iadsim/scenario"
	"gonum.org/v1/gonum/spatial/r3"
)

// seaRadar is oneRadar with an S-band radar's figures over a sea (or
// land) at the ellipsoid, as the engine builds them from a scenario.
func seaRadar(sf *scenario.Surface) *scenario.Scenario {
	s := oneRadar(150e3, false)
	r := &s.Units[0].Radars[0]
	r.Frequency, r.BeamwidthAz, r.RangeResolution = 3e9, 1*deg, 150
	r.MTIImprovement, r.MinRadialSpeed, r.PRF = 1e4, 3, 1000
	s.Surface = sf
	return s
}

// lowObservable is a table that changes by orders of magnitude with
// aspect and band: S band 0.01 m² at the nose, 3 m² at the beam, 0.1 m²
// at the tail; VHF 1 m² all round.
func lowObservable(t *testing.T) *radar.RCSTable {
	t.Helper()
	tb := &radar.RCSTable{Azimuth: []float64{0, math.Pi / 2, math.Pi}, Elevation: []float64{-math.Pi / 6, 0}}
	tb.Bands[radar.BandS] = []float64{0.02, 5, 0.2, 0.01, 3, 0.1}
	tb.Bands[radar.BandVHF] = []float64{1, 1, 1, 1, 1, 1}
	if err := tb.Validate(); err != nil {
		t.Fatal(err)
	}
	return tb
}

// TestEngineModel checks the coverage of targets whose detection depends
// on more than range (a cross section by aspect and band, multipath and
// clutter over a sea or land, the MTI's notch) against the engine's own
// detection model: at sample cells a target of the layer's speed and
// aspect is put before the engine's radar (built as a run builds it,
// scenario.Radar.Environment, and looked at with radar.Look, not
// Assess), and a cell is covered exactly when a look detects it with Pd
// at least the layer's. A look that never detects in 300 draws has a Pd
// below 0.9 but for a chance of 1e-300.
func TestEngineModel(t *testing.T) {
	tb := lowObservable(t)
	sea := &scenario.Surface{Type: scenario.SurfaceSea, SeaState: 3}
	land := &scenario.Surface{Type: scenario.SurfaceLand, Land: "farmland"}
	tests := []struct {
		name string
		sf   *scenario.Surface
		tg   Target
	}{
		{"table nose free space", nil, Target{Altitude: 3000, RCS: 0.01, Pd: 0.9, Table: tb, Speed: 250}},
		{"table beam sea", sea, Target{Altitude: 100, RCS: 0.01, Pd: 0.9, Table: tb, Aspect: math.Pi / 2, Speed: 250}},
		{"sea 60 deg", sea, Target{Altitude: 30, RCS: 0.1, Pd: 0.9, Aspect: math.Pi / 3, Speed: 250}},
		{"sea beam (in the notch)", sea, Target{Altitude: 30, RCS: 1, Pd: 0.9, Aspect: math.Pi / 2, Speed: 250}},
		{"land tail", land, Target{Altitude: 200, RCS: 1, Pd: 0.5, Aspect: math.Pi, Speed: 100}},
		{"land hovering", land, Target{Altitude: 200, RCS: 1, Pd: 0.5, Table: tb}},
	}
	for _, tt := range tests {
		s := seaRadar(tt.sf)
		a := analysis(t, s, nil)
		res, err := a.Run([]Target{tt.tg}, Options{Resolution: 2000, Extent: 120e3})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		rs := &s.Units[0].Radars[0]
		site := rs.At
		site.Alt += rs.AntennaHeight
		eng, err := radar.New(radar.Config{ID: rs.ID, Site: site, RefRange: rs.RefRange, RefRCS: rs.RefRCS,
			RefPd: rs.RefPd, Pfa: rs.Pfa, Swerling: rs.Swerling, Environment: rs.Environment(s.Surface)})
		if err != nil {
			t.Fatal(err)
		}
		ras := res.Layers[0].Units[0].Radars[0].Detection
		g := ras.Georef
		src := rand.New(rand.NewPCG(1, 2))
		rngFor := func(int) *rand.Rand { return src }
		var covered, checked int
		for row := 0; row < g.Rows; row += 3 {
			for col := 0; col < g.Cols; col += 3 {
				lat, lon := g.LatLon(float64(col), float64(row))
				p := geo.LLA{Lat: lat, Lon: lon, Alt: tt.tg.Altitude}
				f := geo.NewFrame(p)
				// The heading that puts the radar Aspect off the nose.
				toRadar := f.AER(eng.Frame().OriginECEF()).Az
				h := toRadar + tt.tg.Aspect
				vel := f.RotateFromENU(r3.Vec{X: tt.tg.Speed * math.Sin(h), Y: tt.tg.Speed * math.Cos(h)})
				tg := []radar.Target{{ID: 1, Pos: p.ECEF(), Vel: vel, RCS: tt.tg.RCS, Table: tt.tg.Table}}
				pd := -1.0 // not detected in any look
				for range 300 {
					if d := eng.Look(0, tg, rngFor); len(d) == 1 {
						pd = d[0].Pd
						break
					}
				}
				want := pd >= tt.tg.Pd
				got := ras.Pix[row*g.Cols+col] == Covered
				checked++
				if got {
					covered++
				}
				if got != want && math.Abs(pd-tt.tg.Pd) > 1e-6 {
					t.Errorf("%s: cell (%d, %d) at %.1f km: covered %v, the engine's look detects with Pd %.4f (-1: never), want ≥ %v",
						tt.name, col, row, r3.Norm(r3.Sub(p.ECEF(), eng.Frame().OriginECEF()))/1e3, got, pd, tt.tg.Pd)
				}
			}
		}
		// Neither all nor nothing: the sample spans the edge.
		if covered == 0 || covered == checked {
			t.Errorf("%s: %d of %d sample cells covered; want the grid to span the edge of coverage", tt.name, covered, checked)
		}
		t.Logf("%s: %d of %d sample cells covered", tt.name, covered, checked)
	}
}
