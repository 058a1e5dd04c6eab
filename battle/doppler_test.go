package battle

import (
	"fmt"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/scenario"
)

// ownSpeedFaults lists the confirmed tracks of a record that fly faster
// than their own threat could: more than 1.25 times its fastest and
// 50 m/s, by three sigma of their velocity. trackFaults holds tracks only
// to the raid's fastest threat, since without Doppler a formation's
// ghost may fly as fast as the raid's ballistic missile.
func ownSpeedFaults(res *Result) []string {
	fastest := map[string]float64{}
	for _, sm := range res.Samples {
		if sm.Kind == "truth" {
			fastest[sm.ID] = max(fastest[sm.ID], sm.Speed)
		}
	}
	var faults []string
	seen := map[string]bool{}
	for _, sm := range res.Samples {
		key := sm.Unit + " track " + sm.ID
		if sm.Kind != "track" || sm.Status != "confirmed" || seen[key] {
			continue
		}
		if f := fastest[sm.Threat]; sm.Speed-3*sm.VelSigma > 1.25*f+50 {
			seen[key] = true
			faults = append(faults, fmt.Sprintf("%s (of %s) at %.0f s: %.0f m/s (sigma %.0f), its threat at most %.0f m/s",
				key, sm.Threat, sm.T, sm.Speed, sm.VelSigma, f))
		}
	}
	return faults
}

// TestDopplerNoGhosts runs random raid 13, where a ballistic missile
// raises the tracker's speed bound for every track and fighters fly in
// formation. Without radial speed, the fighters' detections, seen by two
// radars a second apart, make tracks at 1-2 km/s (six when this test was
// written). With every radar measuring range rate (noise: {range_rate:
// 5 m/s}), each detection carries its radial speed, a track started on
// one fighter knows its own, and the other fighter's detection falls out
// of its gate: no track flies faster than its threat. (With 5 m/s on
// the fire-control radar too, two fighters' tracks still overshoot to
// 0.5-1 km/s in their evasive turns: the tracker's models, constant
// velocity and ballistic, have no turn, and a tight radial-speed gate
// drops a turning fighter's detections.)
func TestDopplerNoGhosts(t *testing.T) {
	for _, sigma := range []float64{5, 0} { // the search radars'; fire control's is 2/5 of it
		s, err := scenario.Parse("raid-13.yaml", []byte(randomRaid(13)))
		if err != nil {
			t.Fatal(err)
		}
		for i := range s.Units {
			for j := range s.Units[i].Radars {
				r := &s.Units[i].Radars[j]
				r.SigmaRangeRate = sigma
				if r.Role == scenario.RoleFireControl {
					r.SigmaRangeRate = 0.4 * sigma
				}
			}
		}
		res, err := Run(s, Options{})
		if err != nil {
			t.Fatal(err)
		}
		rr := 0
		for _, e := range res.Events {
			if e.RangeRate != nil {
				rr++
			}
		}
		faults := ownSpeedFaults(res)
		switch {
		case sigma > 0 && (len(faults) > 0 || rr == 0):
			t.Errorf("with Doppler (%d detections with range rate), %d tracks faster than their threats:\n  %s", rr, len(faults), strings.Join(faults, "\n  "))
		case sigma == 0 && (len(faults) == 0 || rr != 0):
			t.Errorf("without Doppler (%d detections with range rate), no ghost track: the test no longer shows what Doppler prevents", rr)
		}
	}
}
