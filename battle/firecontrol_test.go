package battle

import (
	"fmt"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/scenario"
)

// oneBattalion is one S-400 or S-300PMU-2 battalion at the origin of a
// small raid; extra is spliced into the unit, threats after it.
func oneBattalion(system, extra, threats string) string {
	return fmt.Sprintf(`
version: 1
name: fire control
duration: 6 min
seed: 3
sites:
  - {id: base, at: {lat: 44.00, lon: -70.00}, value: 10, radius: 1 km}
air_defence:
  - {id: bn1, system: %s, at: {lat: 44.00, lon: -70.00}%s}
threats:
%s`, system, extra, threats)
}

// A target of 0.0001 m² (-40 dBsm) used to be engaged and killed
// whenever a search radar tracked it: the launch check only asked whether
// the intercept point lay inside the fire-control radar's geometric
// coverage. The 92N6E sees 6 m² at 250 km with Pd 0.5 (about 11 dB of
// single-look SNR, Swerling 1), so on 1e-4 m² it has 11 - 48 + 40 log10(250/R)
// dB: about 19 dB at 10 km, a sure detection (the range equation's
// answer, not a fault), and about 0 dB at 30 km, where it detects one
// look in a thousand while the 91N6E (600 km on 6 m²) holds a firm
// track. Passing at 30 km the target is now never engaged, and the hold
// says why; passing at 10 km it is engaged only once the 92N6E has
// detected it (recordFaults).
func TestTinyTargetNeedsFireControl(t *testing.T) {
	for _, tc := range []struct {
		name   string
		lon    float64 // of the route, 0.12° is 9.6 km east of the battalion
		engage bool
	}{{"30 km", -69.62, false}, {"10 km", -69.88, true}} {
		for seed := 1; seed <= 3; seed++ {
			text := oneBattalion("s400", "", fmt.Sprintf(`  - {id: tiny, type: drone, rcs: 0.0001 m2, speed: 50 m/s, altitude: 500 m, target: base,
     route: [{lat: 44.30, lon: %[1]g}, {lat: 44.00, lon: %[1]g}, {lat: 43.70, lon: %[1]g}]}
`, tc.lon))
			text = strings.Replace(text, "seed: 3", fmt.Sprintf("seed: %d", seed), 1)
			s, err := scenario.Parse("tiny.yaml", []byte(text))
			if err != nil {
				t.Fatal(err)
			}
			res, err := Run(s, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range recordFaults(s, res) {
				t.Errorf("%s, seed %d: %s", tc.name, seed, f)
			}
			launches, held := 0, false
			for _, e := range res.Events {
				switch {
				case e.Type == event.Launch:
					launches++
				case e.Type == event.HoldFire && strings.Contains(e.Reason, "not held by the fire-control radar bn1-92n6e (seen only by"):
					held = true
				}
			}
			if !tc.engage && (launches > 0 || !held) {
				t.Errorf("%s, seed %d: %d launches, hold for the fire-control radar %v; want none and a hold", tc.name, seed, launches, held)
			}
			if tc.engage && launches == 0 {
				t.Errorf("%s, seed %d: no launch at a target the 92N6E sees at 19 dB", tc.name, seed)
			}
		}
	}
}

// TestSearchCuesFireControl (issue 12): a 92N6E on a time budget that
// searches its sector slowly (search_frame 60 s) acquires a fighter in
// its sector as soon as the 91N6E's track of it is confirmed: the
// confirmed track cues a track dwell. Without the cue it waited for its
// search sweep, up to a minute.
func TestSearchCuesFireControl(t *testing.T) {
	const text = `version: 1
name: cue
duration: 3 min
seed: %d
sites:
  - {id: base, at: {lat: 44.00, lon: -70.00}, value: 10}
air_defence:
  - id: bn1
    system: s400
    command_post: {id: bn1-cp, at: {lat: 44.00, lon: -70.00}}
    radars:
      - {id: bn1-91n6e, model: 91N6E, at: {lat: 44.01, lon: -70.00}}
      - {id: bn1-92n6e, model: 92N6E, at: {lat: 44.00, lon: -70.01}, threat_axis: 90 deg, search_frame: 60 s}
    launchers:
      - {id: bn1-tel-1, model: 5P85TE2, at: {lat: 44.00, lon: -70.02}, missiles: {48N6E3: 4}}
threats:
  - {id: ftr, type: fighter-4th-gen, rcs: 6 m2, altitude: 10 km, speed: 270 m/s, evade: none,
     route: [{lat: 44.00, lon: -68.80}, {lat: 44.00, lon: -70.00}]}
`
	for seed := 1; seed <= 3; seed++ {
		s, err := scenario.Parse("cue.yaml", []byte(fmt.Sprintf(text, seed)))
		if err != nil {
			t.Fatal(err)
		}
		res, err := Run(s, Options{NoSamples: true})
		if err != nil {
			t.Fatal(err)
		}
		confirmed, seen := -1.0, -1.0
		for _, e := range res.Events {
			if e.Type == event.TrackConfirmed && e.Threat == "ftr" && confirmed < 0 {
				confirmed = e.T
			}
			if e.Type == event.Detection && e.Radar == "bn1-92n6e" && e.Threat == "ftr" && seen < 0 {
				seen = e.T
			}
		}
		t.Logf("seed %d: track confirmed at %.0f s, first 92N6E detection at %.0f s", seed, confirmed, seen)
		if confirmed < 0 || seen < 0 || seen > confirmed+2 {
			t.Errorf("seed %d: track confirmed at %.0f s, first 92N6E detection at %.0f s: want it within 2 s", seed, confirmed, seen)
		}
	}
}

// A column of cruise missiles 8 s apart (2 km at 250 m/s), seen at
// 150 km, where the search radar's and the fire-control radar's plots of
// neighbouring missiles fall into one track: the track follows one
// missile on the 30N6E2's plots and, a second later, another on the
// 64N6E2's. The round flies at the threat of the track's last plot from
// any radar, and the record showed launches at missiles the fire-control
// radar had never detected (examples/grid-regional.yaml, kharg-bn).
// Flying at the fire-control radar's last plot instead launched at a
// missile already destroyed and known so. The fire-control radar now
// holds a track only while its own last plot, within the coast limit, is
// of what the track follows (notHeld): the unit waits for it to plot
// that target (recordFaults).
func TestColumnLaunchOnFireControlPlots(t *testing.T) {
	text := `
version: 1
name: column
duration: 6 min
seed: 16
sites:
  - {id: shiraz, at: {lat: 29.59, lon: 52.58, alt: 1500 m}, value: 6, radius: 5 km}
air_defence:
  - {id: bn1, system: s300pmu2, at: {lat: 29.24, lon: 50.31, alt: 20 m}}
threats:
  - {id: cm, type: subsonic-cruise-missile, altitude: 1600 m, start: 0 s, count: 30, interval: 8 s, target: shiraz,
     route: [{lat: 28.20, lon: 51.30}, {lat: 29.59, lon: 52.58}]}
`
	s, err := scenario.Parse("column.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	runRecordChecked(t, s)
}
