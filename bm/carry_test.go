package bm_test

import (
	"math"
	"reflect"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/motion"
)

// TestImpactCarry: a carried prediction is EvaluateTrack's while the
// track is fresh, is kept (its impact time absolute, the time to go the
// current estimate's) while the track coasts, agrees with a prediction
// made afresh from the coasted estimate to within the prediction's own
// error against the truth, and is made again after a detection.
func TestImpactCarry(t *testing.T) {
	sites := mainePlaces()
	b, err := motion.NewBallistic(0, geo.Deg(42.0, -72.4, 0), geo.FromECEF(sites[0].Pos), motion.BallisticOptions{ApogeeHeight: 100e3})
	if err != nil {
		t.Fatal(err)
	}
	var c bm.ImpactCarry
	tk0 := flightTrack(t, b, 60)
	tk0.Updated = 60
	got, want := c.Evaluate(tk0, sites), bm.EvaluateTrack(tk0, sites)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("first evaluation %+v, EvaluateTrack %+v", got, want)
	}
	if got.Class != bm.ClassBallistic || got.Impact == nil || got.Site != "airbase" {
		t.Fatalf("class %s, site %q, impact %v: want a ballistic track on the airbase", got.Class, got.Site, got.Impact)
	}
	first := *got.Impact

	// Five seconds of coasting on the arc: the prediction is carried.
	tk1 := flightTrack(t, b, 65)
	tk1.Updated = 60
	carried := c.Evaluate(tk1, sites)
	if *carried.Impact != first {
		t.Errorf("coasting track: impact %+v, want the carried %+v", *carried.Impact, first)
	}
	if d := carried.TimeToGo - (got.TimeToGo - 5); math.Abs(d) > 1e-9 {
		t.Errorf("coasting track: time to go %.3f s, want %.3f s", carried.TimeToGo, got.TimeToGo-5)
	}
	fresh := bm.EvaluateTrack(tk1, sites)
	if fresh.Impact == nil || fresh.Site != carried.Site {
		t.Fatalf("fresh prediction on %q, carried on %q", fresh.Site, carried.Site)
	}
	// Both predictions fall within 50 m and half a second of the truth
	// (TestImpactPredictionAgainstTruth): so must they of each other.
	if d := r3.Norm(r3.Sub(fresh.Impact.Pos, carried.Impact.Pos)); d > 100 {
		t.Errorf("carried impact %.0f m from a fresh prediction", d)
	}
	if d := math.Abs(fresh.TimeToGo - carried.TimeToGo); d > 1 {
		t.Errorf("carried time to go %.2f s, fresh %.2f s", carried.TimeToGo, fresh.TimeToGo)
	}
	if d := math.Abs(fresh.Impact.P - carried.Impact.P); d > 0.1 {
		t.Errorf("carried P %.3f, fresh %.3f", carried.Impact.P, fresh.Impact.P)
	}

	// A detection: predicted again.
	tk2 := flightTrack(t, b, 66)
	tk2.Updated = 66
	if got, want := c.Evaluate(tk2, sites), bm.EvaluateTrack(tk2, sites); !reflect.DeepEqual(got, want) {
		t.Errorf("after a detection %+v, EvaluateTrack %+v", got, want)
	}
}
