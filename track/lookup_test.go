package track

import (
	"math/rand/v2"
	"testing"
)

// TestTrackStatus: the status and last detection of a track are Track's,
// scan by scan as two tracks are started, confirmed, coast and one is
// dropped, and no track is found under an ID that is not live.
func TestTrackStatus(t *testing.T) {
	tr, s := newTestTracker(t)
	rng := rand.New(rand.NewPCG(21, 22))
	truth := func(tt, y float64) [6]float64 { return [6]float64{30e3 + 200*tt, y, 3e3, 200} }
	seen := map[Status]bool{}
	for k := range 12 {
		tt := float64(k)
		var dets []Detection
		if k < 8 || k%2 == 0 { // the tracks coast on odd scans after 8 s
			dets = []Detection{detect(t, &s, truth(tt, 10e3), rng), detect(t, &s, truth(tt, -20e3), rng)}
		}
		tr.Scan(tt, 0, dets, nil)
		if k == 9 {
			tr.Drop(1)
		}
		for id := range 5 {
			want, wok := tr.Track(id)
			status, updated, ok := tr.TrackStatus(id)
			if ok != wok || ok && (status != want.Status || updated != want.Updated) {
				t.Fatalf("t=%v: TrackStatus(%d) = %v, %v, %v; Track has %v, %v, %v", tt, id, status, updated, ok, want.Status, want.Updated, wok)
			}
			if ok {
				seen[status] = true
			}
		}
	}
	if !seen[Tentative] || !seen[Confirmed] {
		t.Errorf("statuses seen %v, want tentative and confirmed tracks", seen)
	}
	if _, _, ok := tr.TrackStatus(1); ok {
		t.Error("TrackStatus found track 1 after Drop")
	}
}
