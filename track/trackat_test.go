package track

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestTrackAtIsAppendTracks: reading the live tracks in place (NumTracks,
// TrackAt) gives the tracks AppendTracks copies, in the same order, after
// each scan of fifty targets (with their false starts and deletions) and
// after a track is dropped.
func TestTrackAtIsAppendTracks(t *testing.T) {
	tr, s := newTestTracker(t)
	rng := rand.New(rand.NewPCG(8, 2))
	check := func(when string) {
		t.Helper()
		want := tr.AppendTracks(nil)
		if n := tr.NumTracks(); n != len(want) {
			t.Fatalf("%s: %d tracks in place, AppendTracks %d", when, n, len(want))
		}
		for i := range want {
			if got := tr.TrackAt(i); fmt.Sprintf("%#v", *got) != fmt.Sprintf("%#v", want[i]) { // NaN as NaN
				t.Fatalf("%s: track %d in place %+v, AppendTracks %+v", when, i, *got, want[i])
			}
		}
	}
	dets := make([]Detection, 0, 50)
	for k := range 8 {
		dets = dets[:0]
		for i := range 50 {
			if rng.Float64() < 0.2 {
				continue // a miss
			}
			x := [6]float64{40e3 + 2e3*float64(i%10), 2e3 * float64(i/10), 3e3}
			d := detect(t, &s, x, rng)
			d.Tag = i
			dets = append(dets, d)
		}
		tr.Scan(float64(k), 0, dets, nil)
		check("scan")
	}
	if tr.NumTracks() == 0 {
		t.Fatal("no tracks")
	}
	if _, ok := tr.Drop(tr.TrackAt(tr.NumTracks() / 2).ID); !ok {
		t.Fatal("a live track could not be dropped")
	}
	check("drop")
}
