package battle

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/iadsim/iadsim/event"
	"gonum.org/v1/gonum/spatial/r3"
)

// TestPositionNotFinite: a track whose state diverged (the tracker
// deletes it, reason "diverged") has no position, and its event must
// still be written. In examples/grid-regional.yaml (with the kill report
// matched on a track's last plot, session 8) kharg-bn's track 359 of
// drone-bushehr-21 diverged at 680 s, its track_deleted event carried a
// NaN position, and iadsim run failed writing events.jsonl ("json:
// unsupported value: NaN") with no record at all.
func TestPositionNotFinite(t *testing.T) {
	w := &world{}
	for _, p := range []r3.Vec{{X: math.NaN()}, {Y: math.Inf(1)}, {X: math.NaN(), Y: math.NaN(), Z: math.NaN()}} {
		e := event.Event{Type: event.TrackDeleted, Reason: "diverged", Pos: w.position(p)}
		if e.Pos != nil {
			t.Errorf("%v: position %+v, want none", p, *e.Pos)
		}
		if _, err := json.Marshal(&e); err != nil {
			t.Errorf("%v: %v", p, err)
		}
	}
	if pos := w.position(r3.Vec{X: 6378137}); pos == nil || pos.Lat != 0 || pos.Lon != 0 || math.Abs(pos.Alt) > 0.01 {
		t.Errorf("a finite point: %+v, want 0, 0, 0", pos)
	}
}
