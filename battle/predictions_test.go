package battle

import (
	"testing"

	"github.com/iadsim/iadsim/bm"
)

// TestPredictions checks the store of a unit's predicted tracks: a
// prediction is found only for its own instant, replaced in place,
// forgotten alone, and all dropped by reset; and once grown it stores
// and finds without allocating.
func TestPredictions(t *testing.T) {
	var p predictions
	if p.at(1, 0) != nil {
		t.Fatal("an empty store found track 1")
	}
	p.put(1, &bm.Track{ID: 1, T: 10, Drag: 1})
	p.put(2, &bm.Track{ID: 2, T: 10, Drag: 2})
	p.put(1, &bm.Track{ID: 1, T: 11, Drag: 3})
	for _, tt := range []struct {
		id   int
		t    float64
		drag float64 // 0: none found
	}{
		{1, 10, 0}, // replaced by the prediction for 11
		{1, 11, 3},
		{2, 10, 2},
		{2, 11, 0},
		{3, 10, 0},
	} {
		got := p.at(tt.id, tt.t)
		switch {
		case tt.drag == 0 && got != nil:
			t.Errorf("track %d at %v: found %+v, want none", tt.id, tt.t, got.Drag)
		case tt.drag != 0 && (got == nil || got.Drag != tt.drag):
			t.Errorf("track %d at %v: found %v, want the prediction with drag %v", tt.id, tt.t, got, tt.drag)
		}
	}
	p.forget(1)
	if p.at(1, 11) != nil || p.at(2, 10) == nil {
		t.Fatal("forget(1) dropped the wrong predictions")
	}
	p.reset()
	if p.at(2, 10) != nil || len(p.est) != 0 {
		t.Fatal("reset kept a prediction")
	}
	bt := bm.Track{T: 5}
	allocs := testing.AllocsPerRun(100, func() {
		p.reset()
		for id := range 8 {
			bt.ID = id
			p.put(id, &bt)
			if p.at(id, 5) == nil {
				t.Fatalf("track %d not found after put", id)
			}
		}
	})
	if allocs != 0 {
		t.Fatalf("%v allocations to store and find 8 predictions in a grown store, want 0", allocs)
	}
}
