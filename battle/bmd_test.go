package battle

import (
	"testing"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/scenario"
)

// TestBallisticTracks measures the tracks and interceptors of one S-400
// battalion against one 300 km SRBM lofted to 100 km and one ~1500 km
// MRBM (testdata/bmd.yaml, issue 13), over replications. With the
// constant-velocity tracker the SRBM split into 7.2 confirmed tracks on
// average (up to 10) and drew 2.1 interceptors; the ballistic model in
// the unit's filter keeps one track through midcourse and re-entry, and
// splits only where the radars lose the missile for the whole coast
// limit (max_misses revisits of the 91N6E, 30 s). And shoot-look-shoot
// fires at most a salvo and one look-again salvo at each missile.
func TestBallisticTracks(t *testing.T) {
	s, err := scenario.Load("testdata/bmd.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const runs = 20
	tracks := map[string]int{}
	for k := range runs {
		res, err := Run(s, Options{NoSamples: true, Replication: k})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ballisticShotFaults(s, res) {
			t.Errorf("replication %d: %s", k, f)
		}
		per := map[string]int{}
		for _, e := range res.Events {
			if e.Type == event.TrackConfirmed {
				per[e.Threat]++
			}
		}
		for th, n := range per {
			tracks[th] += n
			if n > 2 {
				t.Errorf("replication %d: %d confirmed tracks of %s", k, n, th)
			}
		}
	}
	for th, n := range tracks {
		mean := float64(n) / runs
		t.Logf("%s: %.2f confirmed tracks per run", th, mean)
		if mean > 1.3 {
			t.Errorf("%s: %.2f confirmed tracks per run, want at most 1.3", th, mean)
		}
	}
}
