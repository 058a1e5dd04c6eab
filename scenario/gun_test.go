package scenario

import (
	"math"
	"testing"
)

// pantsirWithGuns is a Pantsir-S1 unit whose launcher line ends with
// extra, and a cruise missile.
func pantsirWithGuns(extra, threat string) string {
	return head + `air_defence:
  - id: pd
    command_post: {id: pd-cp, at: {lat: 44.5, lon: -71.4}}
    radars:
      - {id: pd-sr, model: 1RS1-1E, role: surveillance, at: {lat: 44.5, lon: -71.4}}
      - {id: pd-fc, model: 1RS2-1E, role: fire-control, at: {lat: 44.5, lon: -71.4}}
    launchers:
      - {id: pd-96k6, model: 96K6, at: {lat: 44.5, lon: -71.4}, missiles: {57E6E: 12}` + extra + `}
threats:
  - {id: cm, ` + threat + `route: [{lat: 44.5, lon: -70.4, alt: 30 m}, {lat: 44.5, lon: -71.3, alt: 30 m}]}
`
}

// TestGuns: guns: true takes the 96K6's gun figures from the catalogue,
// a figure written on the launcher wins, and a threat's class gives its
// body; the positioned errors of a gun figure without guns, of a
// launcher model without gun figures, and of a threat without a size.
func TestGuns(t *testing.T) {
	c := cat(t)
	s := parse(t, pantsirWithGuns(", guns: true, gun_rounds: 700", "type: subsonic-cruise-missile, "), Options{Catalog: c})
	g := s.Units[0].Launchers[0].Guns
	if g == nil {
		t.Fatal("no guns")
	}
	want := Gun{Rate: 80, BurstTime: 1, Rounds: 700, MuzzleVelocity: 960, RoundMass: 0.39, Calibre: 0.03, DragCoefficient: 0.3,
		MinRange: 300, MaxRange: 4000, OpenFireRange: 2500, MaxAltitude: 3000, Dispersion: 2e-3, PkHit: 0.3}
	if math.Abs(g.Dispersion-want.Dispersion) > 1e-15 {
		t.Errorf("dispersion %g rad, want 2 mrad", g.Dispersion)
	}
	g2 := *g
	g2.Dispersion = want.Dispersion
	if g2 != want {
		t.Errorf("guns %+v\nwant %+v", g2, want)
	}
	if th := s.Threats[0]; th.Length != 5.6 || th.Diameter != 0.52 {
		t.Errorf("cm body %g x %g m, want the class's 5.6 x 0.52 m", th.Length, th.Diameter)
	}
	if s := parse(t, pantsirWithGuns("", "type: subsonic-cruise-missile, "), Options{Catalog: c}); s.Units[0].Launchers[0].Guns != nil {
		t.Error("guns without guns: true")
	}
	wantErrorAt(t, c, pantsirWithGuns(", gun_rounds: 700", "type: subsonic-cruise-missile, "), "11:88",
		"gun_rounds is a figure of the launcher's guns; want guns: true beside it")
	wantErrorAt(t, c, pantsirWithGuns(", guns: true", "speed: 250 m/s, rcs: 1 m2, "), "13:5",
		"threat has no length; want length: its body's length, such as \"5.6 m\", which launcher pd-96k6's guns need")
	wantErrorAt(t, c, pantsirWithGuns(", guns: yes", "type: subsonic-cruise-missile, "), "11:94", "guns is")
}
