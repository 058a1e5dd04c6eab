package coverage

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/scenario"
)

// levelBattalion is one S-400 battalion, the catalogue's expansion, on a
// level ground at ground metres above the ellipsoid, standing on it.
func levelBattalion(t *testing.T, ground float64) *scenario.Scenario {
	t.Helper()
	src := fmt.Sprintf(`version: 1
name: one S-400 battalion on a level ground
duration: 1 min
seed: 1
terrain: {ground: %g m}
air_defence:
  - {id: bn, system: s400, at: {lat: 32.65, lon: 51.65, alt: %g m}}
`, ground, ground)
	s, err := scenario.Parse("level.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestLevelEngagementNoGap: on a level earth an S-400 battalion engages a
// 30 m target at every ground range from its missiles' minimum range out
// to the low-altitude limit, the radar horizon of the 92N6E on its 25 m
// mast against 30 m over the 4/3 earth (checks.md, "Radar horizon":
// √(2kRh₁) + √(2kRh₂), 43.19 km), on every azimuth, with no gap,
// whatever the level ground's height: on the Isfahan plateau (1 570 m),
// at the ellipsoid and on the Caspian shore (-28 m). Before, the
// engagement test measured the missiles' minimum altitude (5 m, 10 m)
// above the ellipsoid, not above the ground: a 30 m target over a ground
// 28 m below the ellipsoid was 2 m "up", and never engaged.
func TestLevelEngagementNoGap(t *testing.T) {
	const (
		k, re = 4.0 / 3, 6371e3
		res   = 250.0
	)
	horizon := math.Sqrt(2*k*re*25) + math.Sqrt(2*k*re*30)
	if math.Abs(horizon-43.19e3) > 10 {
		t.Fatalf("closed form %.2f km, want 43.19 km", horizon/1e3)
	}
	for _, ground := range []float64{1570, 0, -28} {
		t.Run(fmt.Sprintf("ground %g m", ground), func(t *testing.T) {
			s := levelBattalion(t, ground)
			a, err := Open(s)
			if err != nil {
				t.Fatal(err)
			}
			u := a.Units[0]
			fc := u.FireControl.Antenna
			// Inside: the farthest launcher from the fire-control radar
			// plus the smallest minimum range of a missile loaded.
			inner := math.Inf(1)
			for _, w := range u.Weapons {
				for _, l := range w.Launchers {
					d, _, _ := geo.Inverse(fc, l)
					inner = math.Min(inner, w.MinRange+d)
				}
			}
			res1, err := a.Run([]Target{{Altitude: 30, RCS: 0.1, Pd: 0.9}}, Options{Resolution: res, Extent: 50e3, Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			l := res1.Layers[0]
			g := l.Engagement.Georef
			var gaps int
			var first string
			for az := 0.0; az < 360; az += 5 {
				for d := inner + 2*res; d <= horizon-2*res; d += res / 2 {
					p, _ := geo.Direct(fc, az*math.Pi/180, d)
					x, y := g.Pixel(p.Lat, p.Lon)
					col, row := int(math.Round(x)), int(math.Round(y))
					if l.Engagement.Pix[row*g.Cols+col] != Covered {
						if gaps == 0 {
							first = fmt.Sprintf("azimuth %g deg, %.2f km", az, d/1e3)
						}
						gaps++
					}
				}
			}
			if gaps > 0 {
				t.Errorf("%d samples from %.2f to %.2f km not engaged, the first at %s", gaps, (inner+2*res)/1e3, (horizon-2*res)/1e3, first)
			}
			// And nothing beyond the horizon: the engagement stops there.
			for az := 0.0; az < 360; az += 5 {
				p, _ := geo.Direct(fc, az*math.Pi/180, horizon+2*res)
				x, y := g.Pixel(p.Lat, p.Lon)
				if l.Engagement.Pix[int(math.Round(y))*g.Cols+int(math.Round(x))] == Covered {
					t.Errorf("azimuth %g deg: engaged %.2f km out, beyond the horizon", az, (horizon+2*res)/1e3)
				}
			}
		})
	}
}

// TestLevelEngagementMinAltitude: a target 3 m above a level ground at
// 1 570 m is below every S-400 missile's minimum altitude (5 m for the
// 9M96 rounds, 10 m for the 48N6), however high the ground stands above
// the ellipsoid, and the battalion cannot engage it anywhere, as the
// battle manager refuses it (bm: heights above the ground). Before, the
// map took the 1 573 m above the ellipsoid and painted the whole
// fire-control coverage.
func TestLevelEngagementMinAltitude(t *testing.T) {
	a, err := Open(levelBattalion(t, 1570))
	if err != nil {
		t.Fatal(err)
	}
	res, err := a.Run([]Target{{Altitude: 3, RCS: 0.1, Pd: 0.9}, {Altitude: 12, RCS: 0.1, Pd: 0.9}}, Options{Resolution: 1000, Extent: 50e3, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	count := func(pix []uint8) (n int) {
		for _, v := range pix {
			if v == Covered {
				n++
			}
		}
		return n
	}
	if n := count(res.Layers[0].Units[0].Detection.Pix); n == 0 {
		t.Fatal("the 3 m target is not even detected: the test shows nothing")
	}
	if n := count(res.Layers[0].Engagement.Pix); n != 0 {
		t.Errorf("3 m above the ground: %d cells engaged, want none (minimum altitude 5 m)", n)
	}
	if n := count(res.Layers[1].Engagement.Pix); n == 0 {
		t.Error("12 m above the ground: no cell engaged, want the fire-control coverage")
	}
}

// TestRaisedBattalionAnnulus: the engagement annulus of issue 17, where it
// comes from. A battalion standing 550 m above a level ground (the
// Isfahan battalion at 1 550 m on the test stand-in's ground at 1 000 m)
// raises the 92N6E's antenna 575 m above a 30 m target's ground; looking
// down no more than 1 deg (its catalogue min_elevation), it sees the
// target only from where (h₁-h₂)/d + d/2R = tan 1°, 37.6 km
// (TestNearest has the closed form), out to its free-space range. The
// engagement map is that annulus and nothing inside it; horizon.csv's
// nearest_km gives its inner edge and a warning explains it.
func TestRaisedBattalionAnnulus(t *testing.T) {
	s := levelBattalion(t, 1000)
	for i := range s.Units[0].Radars {
		s.Units[0].Radars[i].At.Alt += 550
	}
	a, err := Open(s)
	if err != nil {
		t.Fatal(err)
	}
	const res = 500.0
	r, err := a.Run([]Target{{Altitude: 30, RCS: 0.1, Pd: 0.9}}, Options{Resolution: res, Extent: 70e3, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	l := r.Layers[0]
	var fc *RadarLayer
	for _, rl := range l.Units[0].Radars {
		if rl.Role == scenario.RoleFireControl {
			fc = rl
		}
	}
	const R = 6371e3
	tan1 := math.Tan(math.Pi / 180)
	want := R * (tan1 - math.Sqrt(tan1*tan1-2*545/R))
	if near := fc.Ranges.Nearest; math.Abs(near-want) > 100 {
		t.Errorf("nearest %.2f km, want %.2f km", near/1e3, want/1e3)
	}
	// Along every 5 deg of azimuth: nothing engaged inside the inner
	// edge, everything from it to the free-space range.
	g := l.Engagement.Georef
	at := func(az, d float64) bool {
		p, _ := geo.Direct(a.Units[0].FireControl.Antenna, az*math.Pi/180, d)
		x, y := g.Pixel(p.Lat, p.Lon)
		return l.Engagement.Pix[int(math.Round(y))*g.Cols+int(math.Round(x))] == Covered
	}
	for az := 0.0; az < 360; az += 5 {
		for d := res; d < fc.Ranges.FirstSeen-2*res; d += res / 2 {
			if in := d > fc.Ranges.Nearest+2*res; in != at(az, d) && math.Abs(d-fc.Ranges.Nearest) > 2*res {
				t.Fatalf("azimuth %g deg, %.2f km: engaged %v, want %v (inner edge %.2f km, outer %.2f km)",
					az, d/1e3, !in, in, fc.Ranges.Nearest/1e3, fc.Ranges.FirstSeen/1e3)
			}
		}
	}
	found := false
	for _, w := range r.Warnings {
		found = found || strings.Contains(w, "radar bn-92n6e does not see a 30 m AGL target within 37.6 km over level ground (its antenna 575 m above the ground looks down no more than 1°)")
	}
	if !found {
		t.Errorf("no warning explains the hole: %q", r.Warnings)
	}
}

// TestThreatAxisSector: a battalion whose 92N6E is held on a threat axis
// (threat_axis: 90 deg, the catalogue's 120 deg sector) engages within
// 60 deg of east alone, as a run's fire-control radar sees (targets
// outside the sector are neither detected nor engaged); its other radars
// still detect all round. Without threat_axis the mount turns to the
// threat and the map engages all round. Before, the map ignored the
// sector and painted engagement where a run never fires.
func TestThreatAxisSector(t *testing.T) {
	for _, axis := range []bool{true, false} {
		s := levelBattalion(t, 0)
		if axis {
			for i := range s.Units[0].Radars {
				if s.Units[0].Radars[i].Role == scenario.RoleFireControl {
					s.Units[0].Radars[i].ThreatAxis, s.Units[0].Radars[i].HasThreatAxis = math.Pi/2, true
				}
			}
		}
		a, err := Open(s)
		if err != nil {
			t.Fatal(err)
		}
		r, err := a.Run([]Target{{Altitude: 30, RCS: 0.1, Pd: 0.9}}, Options{Resolution: 500, Extent: 50e3, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		l := r.Layers[0]
		g := l.Engagement.Georef
		fc := a.Units[0].FireControl.Antenna
		for az := 0.0; az < 360; az += 10 {
			p, _ := geo.Direct(fc, az*math.Pi/180, 20e3)
			x, y := g.Pixel(p.Lat, p.Lon)
			i := int(math.Round(y))*g.Cols + int(math.Round(x))
			off := math.Abs(math.Remainder(az-90, 360))
			want := !axis || off < 58
			if axis && math.Abs(off-60) <= 2 {
				continue // the sector's edge, within a cell
			}
			if got := l.Engagement.Pix[i] == Covered; got != want {
				t.Errorf("threat axis %v: azimuth %g deg, 20 km: engaged %v, want %v", axis, az, got, want)
			}
			if l.Detection.Pix[i] != Covered {
				t.Errorf("threat axis %v: azimuth %g deg, 20 km: not detected by the battalion", axis, az)
			}
		}
	}
}
