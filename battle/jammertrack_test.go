package battle

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/track"
)

// selfScreenRaid is strobeRaid's two battalions under an IADS, and a
// fighter carrying a self-protection jammer over S and X band (erp W)
// flying from 300 km east of bn1 straight at it at 10 km; the 92N6Es
// face the raid (threat_axis) and cueing sets doctrine jammer_cueing on
// both battalions.
func selfScreenRaid(erp float64, cueing bool, seed int) string {
	bn2, _ := geo.Direct(jamSite, 0, 100e3)
	a, _ := geo.Direct(jamSite, 90*math.Pi/180, 300e3)
	var b strings.Builder
	fmt.Fprintf(&b, `version: 1
name: self-screen
duration: 20 min
seed: %[6]d
sites:
  - {id: cp, at: {lat: %.5[1]f, lon: %.5[2]f}, value: 1}
air_defence:
  - {id: bn1, system: s400, at: {lat: %.5[1]f, lon: %.5[2]f}, threat_axis: 90 deg, doctrine: {jammer_cueing: %[5]t}}
  - {id: bn2, system: s400, at: {lat: %.5[3]f, lon: %.5[4]f}, threat_axis: 110 deg, doctrine: {jammer_cueing: %[5]t}}
iads: {command_post: cp, units: [bn1, bn2]}
`, jamSite.LatDeg(), jamSite.LonDeg(), bn2.LatDeg(), bn2.LonDeg(), cueing, seed)
	fmt.Fprintf(&b, `threats:
  - {id: ssj, type: fighter-4th-gen, rcs: 5 m2, altitude: 10 km, speed: 270 m/s, evade: none, jammer: {erp: %g W, bandwidth: 200 MHz, bands: [S, C, X]}, route: [{lat: %.5f, lon: %.5f}, {lat: %.5f, lon: %.5f}]}
`, erp, a.LatDeg(), a.LonDeg(), jamSite.LatDeg(), jamSite.LonDeg())
	return b.String()
}

// TestJammerCueing: a fighter screening itself with a jammer over the
// bands of all of a battalion's radars is a strobe to the two
// battalions' search radars, whose bearings cross into jammer tracks;
// with jammer_cueing the fire-control radar of bn1 dwells along its jammer
// track every scan and finds the fighter, on average over seeds, no later
// than when it waits for its search sweep.
func TestJammerCueing(t *testing.T) {
	const seeds = 6
	var mean [2]float64
	for i, cueing := range []bool{false, true} {
		for seed := 1; seed <= seeds; seed++ {
			res := runText(t, "ssj.yaml", selfScreenRaid(100, cueing, seed))
			first, fixes := -1.0, 0
			for _, e := range res.Events {
				switch {
				case e.Type == event.JammerFix && e.Unit == "bn1":
					fixes++
				case e.Type == event.Detection && e.Threat == "ssj" && e.Radar == "bn1-92n6e" && first < 0:
					first = e.T
				}
			}
			if fixes == 0 || first < 0 {
				t.Fatalf("cueing %v seed %d: %d jammer fixes, first 92N6E detection at %v s: want fixes and a detection", cueing, seed, fixes, first)
			}
			mean[i] += first / seeds
		}
	}
	t.Logf("bn1-92n6e first detects the self-screening jammer at %.1f s on average without jammer cueing, %.1f s with", mean[0], mean[1])
	if mean[1] > mean[0] {
		t.Errorf("jammer cueing: first detection at %.1f s on average, later than %.1f s without", mean[1], mean[0])
	}
}

// TestJammerTracks: the jammer fixes of strobeRaid's stand-off jammer
// become jammer tracks of both battalions' pictures, sampled in tracks.csv
// with status jammer; their distance from the truth, over their stated
// expected error, has a mean square near 1 (a NEES of the 2-D fix whose
// expected error is the radial 1-sigma: E[d²/σ²] = 1).
func TestJammerTracks(t *testing.T) {
	res := runText(t, "strobes.yaml", strobeRaid(true))
	truth := map[float64]geo.LLA{}
	for _, s := range res.Samples {
		if s.Kind == "truth" && s.ID == "soj" {
			truth[s.T] = s.At
		}
	}
	n := map[string]int{}
	var z2 float64
	for _, s := range res.Samples {
		if s.Kind != "track" || s.Status != "jammer" {
			continue
		}
		tr, ok := truth[s.T]
		if !ok || s.Threat != "soj" || !(s.PosSigma > 0) {
			t.Fatalf("jammer track sample %+v: want on soj, with a position sigma, at a time with a truth sample", s)
		}
		d, _, _ := geo.Inverse(s.At, geo.LLA{Lat: tr.Lat, Lon: tr.Lon})
		z2 += (d / s.PosSigma) * (d / s.PosSigma)
		n[s.Unit]++
	}
	if n["bn1"] < 10 || n["bn2"] < 10 {
		t.Fatalf("jammer track samples by unit %v: want both battalions' pictures to hold the jammer", n)
	}
	ms := z2 / float64(n["bn1"]+n["bn2"])
	t.Logf("%v jammer track samples, mean (miss/sigma)² %.2f", n, ms)
	if ms < 0.3 || ms > 3 {
		t.Errorf("jammer tracks: mean (miss/sigma)² %.2f, want about 1", ms)
	}
}

// TestJammerTrackDropped: a jammer track lives two scans of the slower
// radar past its last fix, a new fix renews it under the same number, and
// one after it was dropped starts a new track.
func TestJammerTrackDropped(t *testing.T) {
	var u unit
	f := track.Fix{Sigma: 1000}
	u.holdJammer(3, f, 0, 10)
	u.holdJammer(3, f, 15, 10)
	if js := u.jammersAt(34); len(js) != 1 || js[0].id != 1 || js[0].t != 15 {
		t.Fatalf("at 34 s, after fixes at 0 and 15 s: %+v, want track 1 of the fix at 15 s", js)
	}
	if js := u.jammersAt(36); len(js) != 0 {
		t.Fatalf("at 36 s, 21 s after the last fix (scan 10 s): %+v, want dropped", js)
	}
	u.holdJammer(3, f, 40, 10)
	if js := u.jammersAt(40); len(js) != 1 || js[0].id != 2 {
		t.Fatalf("a fix after the drop: %+v, want a new track 2", js)
	}
}
