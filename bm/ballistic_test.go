package bm

import (
	"strings"
	"testing"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/weapon"
)

// TestBallisticLimits: against a ballistic target the unit fires only
// within its range against ballistic targets (ground range from the
// launcher) and above its minimum intercept altitude over the ground;
// other classes keep the missile's own envelope.
func TestBallisticLimits(t *testing.T) {
	at := geo.Deg(43.92, -69.958, 30)
	l := &Launcher{ID: "tel", At: at}
	m := &weapon.Missile{Name: "48N6E3"}
	u := &Unit{Doctrine: Doctrine{BallisticRange: 60e3, BallisticMinAltitude: 5e3}}
	north := func(km, alt float64) geo.LLA {
		p, _ := geo.Direct(at, 0, km*1000)
		p.Alt = alt
		return p
	}
	tests := []struct {
		name  string
		class string
		pip   geo.LLA
		want  string // a piece of the reason, "" for none
	}{
		{"ballistic at 50 km, 10 km up", ClassBallistic, north(50, 10e3), ""},
		{"ballistic at 61 km", ClassBallistic, north(61, 10e3), "beyond the unit's 60 km"},
		{"ballistic at 4 km up", ClassBallistic, north(20, 4e3), "below the doctrine's 5.0 km"},
		{"aircraft at 100 km, 1 km up", ClassAircraft, north(100, 1e3), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := Threat{Class: tt.class}
			got := u.ballisticLimits(m, l, th, tt.pip.ECEF()).String()
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Errorf("reason %q, want %q", got, tt.want)
			}
		})
	}
	// A ballistic track predicted to fall away from every site is not
	// engaged; one with no prediction is.
	if got := u.ballisticLimits(m, l, Threat{Class: ClassBallistic, Predicted: true}, north(20, 10e3).ECEF()).String(); !strings.Contains(got, "away from every defended site") {
		t.Errorf("falling away: reason %q", got)
	}
	// The ground under the track raises the floor.
	th := Threat{Class: ClassBallistic, Track: Track{Ground: 1500}}
	if got := u.ballisticLimits(m, l, th, north(20, 6e3).ECEF()).String(); !strings.Contains(got, "4.5 km") {
		t.Errorf("6 km over ground at 1.5 km: reason %q, want 4.5 km below the floor", got)
	}
}
