package battle

import (
	"strings"
	"testing"

	"github.com/iadsim/iadsim/event"
)

// TestGridUnitEngagesWhatItIsGiven: under a standing IADS with one
// command post a battalion engages a target the allocation gave it, or,
// in self-defence, its own track of a threat to a defended site; never
// a target the post gave to no one that heads for no site, nor another
// unit's track the post did not give it. Before, a unit engaged any
// target of its picture the allocation gave to no unit: in grid-ankara
// bn-e engaged a fighter "not heading for any site" at 59 s that the
// post gave to bn-w a second later.
func TestGridUnitEngagesWhatItIsGiven(t *testing.T) {
	if testing.Short() {
		t.Skip("grid runs")
	}
	for _, tc := range []struct {
		name string
		load func(t *testing.T) *Result
	}{
		{"grid-ankara", func(t *testing.T) *Result { _, res := runFile(t, "testdata/grid-ankara.yaml"); return res }},
		{"4 x 60", func(t *testing.T) *Result {
			res, err := Run(loadGrid(t, 4, 60, 720), Options{NoSamples: true})
			if err != nil {
				t.Fatal(err)
			}
			return res
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := tc.load(t)
			given, self, awaits := 0, 0, 0
			for _, e := range res.Events {
				switch {
				case e.Type == event.HoldFire && strings.HasPrefix(e.Reason, "awaiting the orders of the command post"):
					awaits++
				case e.Type != event.Engagement:
				case strings.Contains(e.Reason, "; assigned to this unit by the IADS"):
					given++
				case e.TrackUnit == "" && e.Site != "":
					self++
				default:
					t.Errorf("t=%g: %s engages %s (track %d of %q, site %q), neither given to it nor in self-defence: %s",
						e.T, e.Unit, e.Threat, e.Track, e.TrackUnit, e.Site, e.Reason)
				}
			}
			t.Logf("%d engagements given by the post, %d in self-defence; %d holds awaiting the post", given, self, awaits)
			if given == 0 || awaits == 0 {
				t.Fatal("no engagement given by the post, or no hold awaiting it: the test proves nothing")
			}
		})
	}
}
