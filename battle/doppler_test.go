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

// TestDopplerNoGhosts runs random raids where a ballistic missile raises
// the tracker's speed bound for every track, so that two targets'
// detections may make a track at any speed below it. In raid 25 eight
// cruise missiles fly in a column 5 s apart (1.2 km): without radial
// speed, one's search plot and the next one's fire-control plot a second
// later make tracks at 1-1.5 km/s (65 when this raid was chosen; raid 13,
// fighters in formation, made six until the turn model was bounded by
// each track's speed and none after, so it no longer shows the effect).
// With every radar measuring range rate (noise: {range_rate: 5 m/s}),
// each detection carries its radial speed, a track started on one
// target knows its own, and the other target's detection falls out of
// its gate: no track flies faster than its threat, in either raid.
func TestDopplerNoGhosts(t *testing.T) {
	for _, tc := range []struct {
		raid   int64
		ghosts bool // whether the raid makes ghosts without Doppler
	}{{25, true}, {13, false}} {
		for _, sigma := range []float64{5, 0} { // the search radars'; fire control's is 2/5 of it
			if sigma == 0 && !tc.ghosts {
				continue
			}
			s, err := scenario.Parse(fmt.Sprintf("raid-%d.yaml", tc.raid), []byte(randomRaid(tc.raid)))
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
				t.Errorf("raid %d with Doppler (%d detections with range rate), %d tracks faster than their threats:\n  %s", tc.raid, rr, len(faults), strings.Join(faults, "\n  "))
			case sigma == 0 && (len(faults) == 0 || rr != 0):
				t.Errorf("raid %d without Doppler (%d detections with range rate), no ghost track: the test no longer shows what Doppler prevents", tc.raid, rr)
			}
		}
	}
}
