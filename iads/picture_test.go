package iads

import (
	"reflect"
	"testing"

	"github.com/iadsim/iadsim/bm"
)

// TestAppendSight checks that AppendSight appends to a buffer exactly
// the picture Sight gives, own tracks and shared ones, and leaves what
// the buffer held before it alone: a unit reuses one buffer for its
// decisions (issue 21).
func TestAppendSight(t *testing.T) {
	c := newCrossing(3)
	sys := c.system()
	prefix := []UnitTrack{{Track: bm.Track{ID: -1}, Tag: -1}, {Track: bm.Track{ID: -2}, Tag: -2}}
	buf := append([]UnitTrack(nil), prefix...)
	shared := 0
	for k := 0; k < c.steps; k += 7 {
		for u, fu := range c.units {
			fu.tracks = c.tracksAt[k][u]
		}
		for _, u := range sys.members {
			want := sys.Sight(u, float64(k))
			buf = sys.AppendSight(buf[:len(prefix)], u, float64(k))
			if !reflect.DeepEqual(buf[:len(prefix)], prefix) {
				t.Fatalf("step %d, unit %s: the buffer's first tracks changed", k, u.ID())
			}
			if got := buf[len(prefix):]; len(got) != len(want) || (len(got) > 0 && !reflect.DeepEqual(got, want)) {
				t.Fatalf("step %d, unit %s: appended %d tracks, want Sight's %d", k, u.ID(), len(got), len(want))
			}
			shared += len(want) - len(u.(*fakeUnit).tracks)
		}
	}
	if shared == 0 {
		t.Fatal("no picture held another unit's track: the shared part went untested")
	}
}
