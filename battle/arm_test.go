package battle

import (
	"fmt"
	"math"
	"testing"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// armSite is where the radars of armRaid stand.
var armSite = geo.Deg(44.0, -70.0, 100)

// armRaid is a unit that holds its fire (min_pk 0.99) with the given
// doctrine extras, an anti-radiation missile launched 120 km west at the
// target, and a fighter that flies over the unit once the missile has
// struck, from the same side.
func armRaid(target, doctrine string) string {
	a, _ := geo.Direct(armSite, -math.Pi/2, 120e3)
	f0, _ := geo.Direct(armSite, -math.Pi/2+0.1, 150e3) // from the west, where the fire-control array faces
	f1, _ := geo.Direct(armSite, math.Pi/2, 150e3)
	return fmt.Sprintf(`version: 1
name: arm
duration: 20 min
seed: 5
air_defence:
  - id: bn
    command_post: {id: cp, at: {lat: %.4[1]f, lon: %.4[2]f, alt: 100 m}}
    radars:
      - {id: sr, model: 91N6E, role: surveillance, at: {lat: %.4[1]f, lon: %.4[2]f, alt: 100 m}}
      - {id: fc, model: 92N6E, role: fire-control, at: {lat: %.4[1]f, lon: %.4[2]f, alt: 100 m}}
    launchers:
      - {id: l1, model: 5P85TE2, at: {lat: %.4[1]f, lon: %.4[2]f, alt: 100 m}, missiles: {9M96E2: 4}}
    doctrine: {min_pk: 0.99%[3]s}
threats:
  - {id: harm, type: anti-radiation-missile, target: %[4]s, altitude: 10 km, speed: 700 m/s, route: [{lat: %.5[5]f, lon: %.5[6]f}, {lat: %.5[7]f, lon: %.5[8]f}]}
  - {id: ftr, type: fighter-4th-gen, altitude: 8 km, speed: 270 m/s, start: 5 min, evade: none, route: [{lat: %.5[9]f, lon: %.5[10]f}, {lat: %.5[11]f, lon: %.5[12]f}]}
`, armSite.LatDeg(), armSite.LonDeg(), doctrine, target,
		a.LatDeg(), a.LonDeg(), a.LatDeg()+0.01, a.LonDeg()+0.2, f0.LatDeg(), f0.LonDeg(), f1.LatDeg(), f1.LonDeg())
}

// TestARMDestroysEmittingRadar: an anti-radiation missile that reaches a
// radar still radiating lands on it and destroys it; the radar never
// detects again, while the unit's other radar sees the fighter that
// comes later. The same holds for one aimed at emitters: the nearest
// radiating radar.
func TestARMDestroysEmittingRadar(t *testing.T) {
	for _, target := range []string{"fc", "emitters"} {
		res := runText(t, "arm.yaml", armRaid(target, ""))
		var destroyed *event.Event
		var impact *event.Event
		srSeesFighter := false
		for i, e := range res.Events {
			switch {
			case e.Type == event.Impact && e.Threat == "harm":
				impact = &res.Events[i]
			case e.Type == event.RadarDestroyed:
				destroyed = &res.Events[i]
			case e.Type == event.Detection && destroyed != nil && e.Radar == destroyed.Radar:
				t.Errorf("%s: radar %s detects %s at %.0f s, after its destruction at %.0f s", target, e.Radar, e.Threat, e.T, destroyed.T)
			case e.Type == event.Detection && destroyed != nil && e.Threat == "ftr":
				srSeesFighter = true
			}
		}
		if impact == nil || destroyed == nil {
			t.Fatalf("%s: impact %v, radar_destroyed %v; want both", target, impact, destroyed)
		}
		if *impact.Miss != 0 || destroyed.Threat != "harm" {
			t.Errorf("%s: miss %v m, destroyed by %q; want 0 m (homed to the end) by harm", target, *impact.Miss, destroyed.Threat)
		}
		if want := map[string]string{"fc": "fc", "emitters": "sr"}[target]; destroyed.Radar != want {
			// Both radars stand at one spot; the 91N6E is listed first.
			t.Errorf("%s: destroyed %s, want %s", target, destroyed.Radar, want)
		}
		if !srSeesFighter {
			t.Errorf("%s: the surviving radar never saw the fighter", target)
		}
	}
}

// TestARMMissesSilentRadar: a unit whose doctrine silences its radars
// when a missile homes on them (arm_emcon) survives: the missile flies on
// its last fix and lands R_off tan σθ away, R_off its range when the
// radars fell silent and σθ its class's 1° seeker accuracy, beyond its
// 15 m lethal radius.
func TestARMMissesSilentRadar(t *testing.T) {
	res := runText(t, "arm.yaml", armRaid("fc", ", arm_emcon: {range: 60 km, silent_for: 10 min}"))
	var silentAt = -1.0
	var impact *event.Event
	for i, e := range res.Events {
		switch e.Type {
		case event.RadarSilent:
			if silentAt < 0 {
				silentAt = e.T
			}
		case event.RadarDestroyed:
			t.Errorf("radar %s destroyed at %.1f s; the unit went silent", e.Radar, e.T)
		case event.Impact:
			if e.Threat == "harm" {
				impact = &res.Events[i]
			}
		}
	}
	if silentAt < 0 || impact == nil {
		t.Fatalf("silent at %v, impact %v; want both", silentAt, impact)
	}
	var pos r3.Vec
	found := false
	for _, sm := range res.Samples {
		if sm.Kind == "truth" && sm.ID == "harm" && sm.T == silentAt {
			pos, found = sm.At.ECEF(), true
		}
	}
	if !found {
		t.Fatalf("no truth sample of harm at %.1f s", silentAt)
	}
	rOff := r3.Norm(r3.Sub(pos, armSite.ECEF()))
	want := rOff * math.Tan(math.Pi/180)
	t.Logf("silent at %.0f s with the missile %.1f km out: miss %.1f m, closed form %.1f m", silentAt, rOff/1e3, *impact.Miss, want)
	if math.Abs(*impact.Miss-want) > 0.01*want {
		t.Errorf("miss %.1f m, want R_off tan 1° = %.1f m", *impact.Miss, want)
	}
	if rOff > 60e3 {
		t.Errorf("silent with the missile %.1f km out, beyond the doctrine's 60 km", rOff/1e3)
	}
}
