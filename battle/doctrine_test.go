package battle

import (
	"strings"
	"testing"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/scenario"
)

// TestSaturationRaidDoctrine is issue 11, item 7: in a saturation raid,
// drones far out must not draw the long-range rounds, and a reserve must
// not be kept while cruise missiles reach the base. The scenario writes
// only reserve: the default doctrine holds fire at a drone for the
// cheaper 9M96E2 and releases the reserve against a cruise or ballistic
// threat within 60 s of a site.
func TestSaturationRaidDoctrine(t *testing.T) {
	s, err := scenario.Load("testdata/doctrine-raid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(s, Options{NoSamples: true})
	if err != nil {
		t.Fatal(err)
	}
	u := s.Units[0]
	launchers := map[string]geo.LLA{}
	for _, l := range u.Launchers {
		launchers[l.ID] = l.At
	}
	var reach float64 // of the preferred round against drones
	for _, m := range u.Missiles {
		if m.Name == "9M96E2" {
			reach = m.MaxRange
		}
	}
	if reach == 0 {
		t.Fatal("the unit carries no 9M96E2")
	}

	type count struct{ far, held, released, cruiseLeaks, cruise int }
	var c count
	for _, e := range res.Events {
		switch e.Type {
		case event.Engagement:
			if e.Class == "drone" && e.Missile == "48N6E3" {
				d, _, _ := geo.Inverse(launchers[e.Launcher], geo.Deg(e.PIP.Lat, e.PIP.Lon, e.PIP.Alt))
				if d > reach {
					c.far++
					t.Errorf("%.0f s: 48N6E3 at drone %s, intercept %.0f km out, beyond the 9M96E2's %.0f km", e.T, e.Threat, d/1000, reach/1000)
				}
			}
			if strings.Contains(e.Reason, "reserve released") {
				c.released++
				if (e.Class != "cruise" && e.Class != "ballistic") || e.TimeToGo > 60 {
					t.Errorf("%.0f s: reserve released against a %s target %.0f s from a site: %s", e.T, e.Class, e.TimeToGo, e.Reason)
				}
			}
		case event.HoldFire:
			if strings.HasPrefix(e.Reason, "holding for 9M96E2, preferred against drone targets") {
				c.held++
			}
		case event.ThreatLaunch:
			if e.ThreatType == "subsonic-cruise-missile" {
				c.cruise++
			}
		case event.Leak:
			if e.ThreatType == "subsonic-cruise-missile" {
				c.cruiseLeaks++
			}
		}
	}
	t.Logf("%+v", c)
	if c.held == 0 {
		t.Error("the unit never held fire at a drone for the 9M96E2")
	}
	if c.released == 0 {
		t.Error("the reserve was never released")
	}
	if c.cruiseLeaks >= c.cruise {
		t.Errorf("all %d cruise missiles leaked", c.cruise)
	}
}
