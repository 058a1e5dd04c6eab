package battle

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
)

// strobeRaid is two S-400 battalions 100 km apart (bn1 at jamSite, bn2
// due north of it) and a stand-off jammer 250 km east of bn1 flying
// slowly north at 9 km (50 m/s, so that the older bearing of a pair, up
// to a scan old, adds little to the fix error), radiating 1 kW over 200 MHz of S band: a strobe
// on the 91N6E of each. With iads, the battalions share a picture.
func strobeRaid(iads bool) string {
	bn2, _ := geo.Direct(jamSite, 0, 100e3)
	a, _ := geo.Direct(jamSite, 90*math.Pi/180, 250e3)
	z, _ := geo.Direct(a, 0, 20e3)
	var b strings.Builder
	fmt.Fprintf(&b, `version: 1
name: strobes
duration: 4 min
seed: 5
sites:
  - {id: cp, at: {lat: %.5[1]f, lon: %.5[2]f}, value: 1}
air_defence:
  - {id: bn1, system: s400, at: {lat: %.5[1]f, lon: %.5[2]f}}
  - {id: bn2, system: s400, at: {lat: %.5[3]f, lon: %.5[4]f}}
`, jamSite.LatDeg(), jamSite.LonDeg(), bn2.LatDeg(), bn2.LonDeg())
	if iads {
		b.WriteString("iads: {command_post: cp, units: [bn1, bn2]}\n")
	}
	fmt.Fprintf(&b, `threats:
  - {id: soj, type: stand-off-jammer, altitude: 9 km, speed: 50 m/s, evade: none, jammer: {erp: 1 kW, bandwidth: 200 MHz, bands: [S]}, route: [{lat: %.5f, lon: %.5f}, {lat: %.5f, lon: %.5f}]}
`, a.LatDeg(), a.LonDeg(), z.LatDeg(), z.LonDeg())
	return b.String()
}

// TestStrobesAndFixes: each battalion's S-band search radar reports a
// strobe on the jammer every scan, on its bearing within the radar's
// azimuth noise; under the IADS the two battalions' strobes cross into
// jammer fixes whose misses are as large as the closed form of
// track.Triangulate says (mean squared miss over expected error near 1);
// alone, no battalion fixes the jammer, since its own radars stand too
// close together for the bearings to cross.
func TestStrobesAndFixes(t *testing.T) {
	shared := runText(t, "strobes.yaml", strobeRaid(true))
	strobes := map[string]int{}
	var fixes int
	var z2 float64
	for _, e := range shared.Events {
		switch e.Type {
		case event.Strobe:
			strobes[e.Radar]++
			if e.Threat != "soj" || e.JN == nil || *e.JN < 3 {
				t.Errorf("strobe %+v: want on soj with jn_db ≥ 3", e)
			}
		case event.JammerFix:
			fixes++
			var sigma float64
			if _, err := fmt.Sscanf(e.Reason[strings.Index(e.Reason, "expected error ")+len("expected error "):], "%f km", &sigma); err != nil || e.Miss == nil {
				t.Fatalf("fix %+v: no expected error or miss (%v)", e, err)
			}
			z := *e.Miss / (sigma * 1e3)
			z2 += z * z
			if z > 5 {
				t.Errorf("fix at %.0f s missed by %.1f km, expected error %.1f km", e.T, *e.Miss/1e3, sigma)
			}
		}
	}
	for _, r := range []string{"bn1-91n6e", "bn2-91n6e"} {
		if strobes[r] < 20 {
			t.Errorf("%s: %d strobes in 4 min, want one a 10 s scan", r, strobes[r])
		}
	}
	if fixes < 10 {
		t.Fatalf("%d jammer fixes under the IADS, want one a scan", fixes)
	}
	ms := z2 / float64(fixes)
	t.Logf("%d strobes, %d fixes, mean (miss/expected)² %.2f", len(strobes), fixes, ms)
	if ms < 0.3 || ms > 3 {
		t.Errorf("mean (miss/expected error)² %.2f over %d fixes, want about 1", ms, fixes)
	}
	alone := runText(t, "alone.yaml", strobeRaid(false))
	for _, e := range alone.Events {
		if e.Type == event.JammerFix {
			t.Fatalf("a battalion alone fixed the jammer: %s", e.Reason)
		}
	}
}
