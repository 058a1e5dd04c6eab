package battle

import (
	"os"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/radar"
	"github.com/iadsim/iadsim/scenario"
)

// TestLevelGround runs cruise missiles 40 m above the Isfahan plateau
// (terrain: {ground: 1570 m}, no DEM) against a battalion standing on
// it: each radar's first detection of each missile lies just inside the
// smooth-earth horizon of its antenna and the missile above the plateau,
// √(2kRh₁) + √(2kRh₂) (radar.HorizonRange; shared/reference/checks.md),
// about 47 km for the 92N6E on its 25 m mast, not the 170 km that the
// same heights above the ellipsoid would give. Every engagement classes
// its target a cruise missile and fires the doctrine's cruise salvo.
//
// The same battle on a level ground 28 m below the ellipsoid (the
// Caspian shore; every height of the file moved there) must see the
// missiles at the same horizon. It did not: without a surface the radar
// judged its smooth earth at the ellipsoid, from which the antenna stood
// 3 m below and the missile 12 m above, and the 92N6E first saw a 30 m
// cruise missile at 5 km, too late to fire.
func TestLevelGround(t *testing.T) {
	src, err := os.ReadFile("testdata/isfahan-high-ground.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, ground := range []string{"1570 m", "-28 m"} {
		t.Run(ground, func(t *testing.T) {
			checkLevelGround(t, strings.ReplaceAll(string(src), "1570 m", ground))
		})
	}
}

func checkLevelGround(t *testing.T, src string) {
	t.Helper()
	s, err := scenario.Parse("isfahan-high-ground.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Warnings) > 0 {
		t.Errorf("warnings on a scenario with its ground given: %v", s.Warnings)
	}
	ground := s.Terrain.Ground
	res, err := Run(s, Options{NoSamples: true})
	if err != nil {
		t.Fatal(err)
	}
	radars := map[string]scenario.Radar{}
	for _, r := range s.Units[0].Radars {
		radars[r.ID] = r
	}
	type pair struct{ threat, radar string }
	first := map[pair]bool{}
	engaged := 0
	for _, e := range res.Events {
		switch e.Type {
		case event.Detection:
			k := pair{e.Threat, e.Radar}
			if e.Threat == "" || first[k] {
				continue
			}
			first[k] = true
			r := radars[e.Radar]
			h1 := r.At.Alt + r.AntennaHeight - ground
			horizon := radar.HorizonRange(h1, 40, 0)
			// A look every scan period at 244 m/s: the first detection
			// comes within a few hundred metres inside the horizon;
			// range noise is metres.
			if e.Range > horizon+100 || e.Range < horizon-2000 {
				t.Errorf("%s first seen by %s at %.2f km; the horizon of %.0f m over %.0f m is %.2f km",
					e.Threat, e.Radar, e.Range/1e3, h1, 40.0, horizon/1e3)
			}
		case event.Engagement:
			engaged++
			if e.Class != bm.ClassCruise || !strings.Contains(e.Reason, "salvo of 2 against a cruise target") {
				t.Errorf("%s engaged at %.0f s as %q: %s; want a cruise salvo of 2", e.Threat, e.T, e.Class, e.Reason)
			}
		}
	}
	// The 92N6E on its mast has the farther horizon and sees each threat
	// first; a threat killed early may never reach the 96L6E's horizon.
	seenFC := 0
	for k := range first {
		if k.radar == "bn1-92n6e" {
			seenFC++
		}
	}
	if seenFC != len(s.Threats) || len(first) < len(s.Threats)+1 {
		t.Errorf("%d first detections, %d by the 92N6E; want every threat seen by it (%d) and some by the 96L6E", len(first), seenFC, len(s.Threats))
	}
	if engaged == 0 {
		t.Error("no engagement")
	}
}

// TestLowThreatWarning: the same scenario without its ground puts the
// cruise missiles 40 m above the ellipsoid, 1.5 km below the units. The
// reader accepts it and warns once per threat, at the first route point
// that lies too low, with what to do.
func TestLowThreatWarning(t *testing.T) {
	const file = "testdata/isfahan-no-ground.yaml"
	s, err := scenario.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		line, col int
		threat    string
	}{{54, 9, "cm-sw"}, {65, 9, "cm-e"}}
	if len(s.Warnings) != len(want) {
		t.Fatalf("%d warnings, want %d: %v", len(s.Warnings), len(want), s.Warnings)
	}
	for i, w := range want {
		got := s.Warnings[i]
		if got.File != file || got.Line != w.line || got.Col != w.col ||
			!strings.Contains(got.Msg, "threat "+w.threat+" ") || !strings.Contains(got.Msg, "terrain: {ground: 1570 m}") {
			t.Errorf("warning %d: %s; want %s:%d:%d about %s, suggesting terrain: {ground: 1570 m}", i, got, file, w.line, w.col, w.threat)
		}
	}
}

// TestWhiteMountainsCruiseClass: the example's terrain-following cruise
// missiles fly 30 m above ground that lies 300 m to 1 km above the
// ellipsoid. The battle manager measures their height from the DEM, so
// every engagement of one classes it a cruise missile (before, 10 of 10
// were "aircraft": doctrine's cruise salvo never applied).
func TestWhiteMountainsCruiseClass(t *testing.T) {
	s, err := scenario.Load("../examples/s400-white-mountains-raid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(s, Options{NoSamples: true})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range res.Events {
		if e.Type != event.Engagement || e.ThreatType != "subsonic-cruise-missile" {
			continue
		}
		n++
		if e.Class != bm.ClassCruise {
			t.Errorf("%s engaged at %.0f s as %q, want %q", e.Threat, e.T, e.Class, bm.ClassCruise)
		}
	}
	if n == 0 {
		t.Error("no engagement of a cruise missile")
	}
}
