package coverage

import (
	"fmt"
	"math"
	"testing"

	"github.com/iadsim/iadsim/battle"
	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/scenario"
)

// cruiseAtBattalion is one S-400 battalion standing unitAlt above the
// ellipsoid on a level ground at ground, its 92N6E facing east, and one
// subsonic cruise missile (0.1 m²) flying 30 m above the ground straight
// at it from fromKm kilometres east.
func cruiseAtBattalion(t *testing.T, ground, unitAlt, fromKm float64) *scenario.Scenario {
	t.Helper()
	const lat, lon = 32.65, 51.65
	east := func(km float64) float64 { // degrees of longitude km east
		p, _ := geo.Direct(geo.Deg(lat, lon, 0), math.Pi/2, km*1e3)
		return p.LonDeg()
	}
	src := fmt.Sprintf(`version: 1
name: a cruise missile at 30 m at one S-400 battalion on a level ground
duration: %d s
step: 0.1 s
seed: 1
terrain: {ground: %g m}
sites:
  - {id: bn-site, at: {lat: %g, lon: %g, alt: %g m}, value: 10, radius: 2 km}
air_defence:
  - {id: bn, system: s400, at: {lat: %g, lon: %g, alt: %g m}, threat_axis: 90 deg,
     doctrine: {policy: shoot-look-shoot, salvo: 1}}
threats:
  - id: cm
    type: subsonic-cruise-missile
    rcs: 0.1 m2
    speed: 880 km/h
    altitude: 30 m
    altitude_ref: ground
    target: bn-site
    route:
      - {lat: %g, lon: %.6f}
      - {lat: %g, lon: %.6f}
`, int(fromKm/0.244)+60, ground, lat, lon, unitAlt, lat, lon, unitAlt, lat, east(fromKm), lat, east(fromKm-1))
	s, err := scenario.Parse("cruise.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestMapAgainstRun: the engagement map of a 30 m cruise missile and a
// run that flies one at the battalion agree. On a level ground 28 m below
// the ellipsoid (where the map once engaged nothing) the battalion on
// the ground first sees the missile with its 92N6E no farther than the
// map's horizon, and the engagement's predicted intercept and the kill
// lie on engaged cells. Raised 550 m above the ground, the 92N6E sees
// nothing within the map's inner edge (37.6 km, horizon.csv nearest_km):
// a missile starting 29 km out is seen by the search radars alone, and
// no round is fired at it, as the annulus says.
func TestMapAgainstRun(t *testing.T) {
	engaged := func(t *testing.T, s *scenario.Scenario) (*Layer, *Analysis) {
		a, err := Open(s)
		if err != nil {
			t.Fatal(err)
		}
		r, err := a.Run([]Target{{Altitude: 30, RCS: 0.1, Pd: 0.9}}, Options{Resolution: 250, Extent: 60e3, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		return r.Layers[0], a
	}
	onMap := func(l *Layer, p *event.Position) bool {
		g := l.Engagement.Georef
		x, y := g.Pixel(p.Lat*math.Pi/180, p.Lon*math.Pi/180)
		col, row := int(math.Round(x)), int(math.Round(y))
		return col >= 0 && row >= 0 && col < g.Cols && row < g.Rows && l.Engagement.Pix[row*g.Cols+col] == Covered
	}

	t.Run("on the ground at -28 m", func(t *testing.T) {
		s := cruiseAtBattalion(t, -28, -28, 120)
		l, a := engaged(t, s)
		res, err := battle.Run(s, battle.Options{NoSamples: true})
		if err != nil {
			t.Fatal(err)
		}
		var horizon float64
		for _, rl := range l.Units[0].Radars {
			if rl.Role == scenario.RoleFireControl {
				horizon = rl.Ranges.Horizon
			}
		}
		fcID := a.Units[0].FireControl.ID
		seen, shots, kills := false, 0, 0
		for _, e := range res.Events {
			switch {
			case e.Type == event.Detection && e.Threat == "cm" && e.Radar == fcID && !seen:
				seen = true
				if e.Range > horizon+100 {
					t.Errorf("%s first sees the missile at %.2f km, beyond the map's horizon %.2f km", fcID, e.Range/1e3, horizon/1e3)
				}
			case e.Type == event.Launch:
				shots++
				if !onMap(l, e.PIP) {
					t.Errorf("a round fired at an intercept point %.4f, %.4f the map does not engage", e.PIP.Lat, e.PIP.Lon)
				}
			case e.Type == event.Kill:
				kills++
				if !onMap(l, e.Pos) {
					t.Errorf("killed at %.4f, %.4f, where the map does not engage", e.Pos.Lat, e.Pos.Lon)
				}
			}
		}
		if !seen || shots == 0 || kills != 1 {
			t.Errorf("seen by the 92N6E %v, %d rounds, %d kills; want it seen, engaged and killed", seen, shots, kills)
		}
	})

	t.Run("raised 550 m", func(t *testing.T) {
		s := cruiseAtBattalion(t, 1000, 1550, 29)
		l, a := engaged(t, s)
		for _, rl := range l.Units[0].Radars {
			if rl.Role == scenario.RoleFireControl && !(rl.Ranges.Nearest > 37e3) {
				t.Fatalf("the map's inner edge %.2f km, want beyond the missile's 29 km", rl.Ranges.Nearest/1e3)
			}
		}
		res, err := battle.Run(s, battle.Options{NoSamples: true})
		if err != nil {
			t.Fatal(err)
		}
		fcID := a.Units[0].FireControl.ID
		others := 0
		for _, e := range res.Events {
			switch {
			case e.Type == event.Detection && e.Threat == "cm" && e.Radar == fcID:
				t.Fatalf("%s sees the missile at %.2f km, inside the map's inner edge", fcID, e.Range/1e3)
			case e.Type == event.Detection && e.Threat == "cm":
				others++
			case e.Type == event.Launch:
				t.Errorf("a round fired at %.1f s inside the annulus' hole", e.T)
			}
		}
		if others == 0 {
			t.Error("the search radars do not see the missile either: the test shows nothing")
		}
	})
}
