package battle

import (
	"strings"
	"testing"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/event"
)

// holdFamily is the family of a hold_fire reason read back from its
// text, as docs/events.md (Holding fire) lists them: the record's own
// evidence of the rule, apart from bm.Kind.
func holdFamily(r string) string {
	for _, f := range []struct{ family, prefix string }{
		{"point defence", "left to point defence "},
		{"assigned", "the IADS assigned this target to "},
		{"allocated by", "allocated by "},
		{"outside", "outside the sector of responsibility of "},
		{"awaiting", "awaiting the orders of "},
		{"engaged here", "already engaged by this unit "},
		{"engaged", "already engaged by "},
		{"ballistic", "shoot-look-shoot against a ballistic missile"},
		{"guns", "left to the guns of "},
		{"rounds", "no rounds left"},
		{"range", "beyond the engagement range"},
		{"not firm", "track not firm"},
		{"coasting", "track coasting"},
		{"wait", "holding for "},
	} {
		if strings.HasPrefix(r, f.prefix) {
			return f.family
		}
	}
	switch {
	case strings.HasPrefix(r, "all ") && strings.HasSuffix(r, " busy"):
		return "channels"
	case strings.Contains(r, " already guides "):
		return "guided"
	case strings.HasPrefix(r, "fire-control radar ") && strings.Contains(r, " destroyed at "):
		return "radar lost"
	case strings.Contains(r, "; launch on remote: "):
		return "no shot"
	case strings.HasPrefix(r, "not held by the fire-control radar "):
		return "not held"
	case strings.Contains(r, " busy: "):
		return "radar busy"
	case strings.Contains(r, " rounds left") || strings.Contains(r, "1 round left"):
		return "rounds"
	}
	return "no shot"
}

// TestHoldSaidOncePerFamily: in a grid, where a shared track's reason
// flips each second between the allocation's, the deconfliction's and
// the unit's own (its fire-control radar does not hold the track, its
// fire channels are busy), a unit says a hold at a track only when the
// family differs from its last and was not said for that track within
// bm.HoldRepeat, until it engages the track or the track is dropped
// (docs/events.md, Holding fire), each target the track follows apart
// (bm.Unit.Follows: a track passing along a column is held again under
// each missile). Before, a flip between two of the unit's own reasons
// was said every time: 953 of the 4 x 100 grid's 4 179 hold_fire
// events.
func TestHoldSaidOncePerFamily(t *testing.T) {
	if testing.Short() {
		t.Skip("a grid run")
	}
	res, err := Run(loadGrid(t, 4, 60, 720), Options{NoSamples: true})
	if err != nil {
		t.Fatal(err)
	}
	type key struct {
		unit, trackUnit string
		track           int
		threat          string
	}
	said := map[key]map[string]float64{}
	holds, flips := 0, 0
	for _, e := range res.Events {
		switch e.Type {
		case event.Engagement:
			for k := range said {
				if k.unit == e.Unit && k.trackUnit == e.TrackUnit && k.track == e.Track {
					delete(said, k)
				}
			}
		case event.TrackDeleted:
			for k := range said {
				if k.track == e.Track && (k.trackUnit == e.Unit || k.trackUnit == "" && k.unit == e.Unit) {
					delete(said, k)
				}
			}
		case event.HoldFire:
			holds++
			k := key{e.Unit, e.TrackUnit, e.Track, e.Threat}
			f := holdFamily(e.Reason)
			if said[k] == nil {
				said[k] = map[string]float64{}
			} else {
				flips++
			}
			if at, ok := said[k][f]; ok && e.T-at < bm.HoldRepeat {
				t.Errorf("t=%g: %s said %q (%s) at track %d of %q again %g s after it said that family", e.T, e.Unit, e.Reason, f, e.Track, e.TrackUnit, e.T-at)
			}
			said[k][f] = e.T
		}
	}
	if flips == 0 {
		t.Fatalf("%d hold_fire events, none a second family for a track: the test proves nothing", holds)
	}
	t.Logf("%d hold_fire events, %d of them a track's second family or later", holds, flips)
}
