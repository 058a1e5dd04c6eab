package bm_test

import (
	"testing"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/motion"
)

// BenchmarkPredictImpacts predicts the impacts of a track of the SRBM of
// TestImpactErrorWithDrag (β 5000 kg/m² from a 30 km burnout, lofted to
// 100 km) 60 s after burnout, with 150 m and 5 m/s of error on each axis
// and a drag estimate of 20% spread, on the three Maine sites: fifteen
// free flights of 160 s through the air.
func BenchmarkPredictImpacts(b *testing.B) {
	fl, sites := dragFlight(b)
	tk := dragTrack(b, fl, 60)
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := bm.PredictImpacts(tk, sites); !ok {
			b.Fatal("no prediction")
		}
	}
}

// dragFlight is the SRBM of TestImpactErrorWithDrag on the Maine sites:
// β 5000 kg/m² from a 30 km burnout, lofted to 100 km, on the airbase.
func dragFlight(t testing.TB) (*motion.Ballistic, []bm.Site) {
	t.Helper()
	sites := mainePlaces()
	fl, err := motion.NewBallistic(0, geo.Deg(42.0, -72.4, 30e3), geo.FromECEF(sites[0].Pos),
		motion.BallisticOptions{ApogeeHeight: 100e3, BallisticCoeff: 5000})
	if err != nil {
		t.Fatal(err)
	}
	return fl, sites
}

// dragTrack is flightTrack of fl at time at, with the tracker's drag
// estimate: the true κ with 20% spread.
func dragTrack(t testing.TB, fl *motion.Ballistic, at float64) bm.Track {
	t.Helper()
	tk := flightTrack(t, fl, at)
	tk.Drag = 1.0 / 5000
	tk.DragCov[6] = (0.2 * tk.Drag) * (0.2 * tk.Drag)
	return tk
}

// BenchmarkDiscProbability is the probability of the first SRBM's
// engagement in the main example: an ellipse of 2779 x 279 m (1 sigma)
// 4.8 km from a site of 2 km radius.
func BenchmarkDiscProbability(b *testing.B) {
	m, c := [2]float64{4156.92, 2400}, [4]float64{5850385.0, 3309818.7, 3309818.7, 1989400.0}
	for b.Loop() {
		bm.DiscProbability(m, c, 2000)
	}
}

// BenchmarkImpactCarry is BenchmarkPredictImpacts's prediction made
// again in a carry's storage at each detection, as the battle makes it
// (battle's world.assess): the same flights, with the storage of the
// last prediction.
func BenchmarkImpactCarry(b *testing.B) {
	fl, sites := dragFlight(b)
	tk := dragTrack(b, fl, 60)
	var c bm.ImpactCarry
	b.ReportAllocs()
	for b.Loop() {
		tk.Updated++ // a detection: predict again
		if th := c.Evaluate(tk, sites); !th.Predicted {
			b.Fatal("no prediction")
		}
	}
}
