package battle

import (
	"testing"

	"github.com/iadsim/iadsim/event"
)

// TestReload: a launcher that fires its last round is refilled from the
// unit's spare rounds after its reload time, and fires nothing meanwhile.
func TestReload(t *testing.T) {
	res := runText(t, "reload.yaml", `
version: 1
name: reload
duration: 40 min
seed: 4
sites:
  - {id: base, at: {lat: 43.90, lon: -69.97}, value: 10}
air_defence:
  - id: u
    command_post: {id: cp, at: {lat: 43.90, lon: -69.97}}
    radars:
      - {id: sr, model: 91N6E, at: {lat: 43.90, lon: -69.98}}
      - {id: fc, model: 92N6E, mast: 40V6M, at: {lat: 43.90, lon: -69.96}}
    launchers:
      - {id: tel, model: 5P85TE2, at: {lat: 43.91, lon: -69.97}, missiles: {9M96E2: 2}, reload_time: 5 min}
    spare_rounds: {9M96E2: 4}
threats:
  - {id: d, type: shahed-136-class, altitude: 1 km, count: 10, interval: 60 s, target: base,
     route: [{lat: 44.50, lon: -69.97}, {lat: 44.30, lon: -69.97}]}
`)
	var reloading, reloaded []float64
	launches := 0
	for _, e := range res.Events {
		switch e.Type {
		case event.LauncherReloading:
			reloading = append(reloading, e.T)
		case event.LauncherReloaded:
			reloaded = append(reloaded, e.T)
		case event.Launch:
			launches++
			if n := len(reloading); n > len(reloaded) {
				t.Errorf("launch at %.0f s while the launcher reloads (since %.0f s)", e.T, reloading[n-1])
			}
		}
	}
	// 2 rounds, then 2 reloads of 2 from 4 spares: 6 rounds in all.
	if len(reloading) != 2 || len(reloaded) != 2 {
		t.Fatalf("reloading at %v, reloaded at %v; want two reloads", reloading, reloaded)
	}
	for i := range reloaded {
		if d := reloaded[i] - reloading[i]; d != 300 {
			t.Errorf("reload %d took %v s, want 300", i, d)
		}
	}
	if launches != 6 {
		t.Errorf("%d launches, want 6 (2 loaded and 4 spare)", launches)
	}
}
