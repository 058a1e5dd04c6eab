package bm_test

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/geo"
)

// TestImpactCarryReusesExactly: a carry predicts again in the storage of
// its last prediction at each detection, and its evaluation is the
// same, bit for bit, as one made afresh: through a ballistic flight
// seen with and without a drag estimate (a state of 7 and of 6, the
// factor's size changing), and through a track that gets no prediction.
func TestImpactCarryReusesExactly(t *testing.T) {
	b, sites := dragFlight(t)
	var c bm.ImpactCarry
	for k, at := range []float64{20, 60, 61, 90, 120, 150, 155, 170} {
		tk := flightTrack(t, b, at)
		tk.Updated = at
		switch k % 3 {
		case 1:
			tk = dragTrack(t, b, at)
			tk.Updated = at
		case 2:
			// Not positive definite: the mean alone is flown.
			tk.Cov = [36]float64{}
			tk.PosCov = [9]float64{}
			tk.VelSigma = 0
		}
		got, want := c.Evaluate(tk, sites), bm.EvaluateTrack(tk, sites)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%g s: carried %+v\nwant %+v", at, got, want)
		}
		if got.Class == bm.ClassBallistic && got.Impact == nil && got.Predicted {
			t.Fatalf("%g s: predicted but no impact", at)
		}
	}
}

// TestImpactCarryAllocations counts the allocations of a prediction made
// again in a carry's storage: the new impacts (1), and what gonum's
// Cholesky puts in and takes from its pools for its condition number
// (4), not the flights' steps, the sigma points or the factor (37
// afresh; an exact count, not a time).
func TestImpactCarryAllocations(t *testing.T) {
	b, sites := dragFlight(t)
	tk := dragTrack(t, b, 60)
	var c bm.ImpactCarry
	c.Evaluate(tk, sites)
	fresh := testing.AllocsPerRun(20, func() { bm.PredictImpacts(tk, sites) })
	carried := testing.AllocsPerRun(20, func() {
		tk.Updated++ // a detection: predict again
		c.Evaluate(tk, sites)
	})
	t.Logf("allocations of a prediction: %.0f afresh, %.0f in a carry", fresh, carried)
	if carried > 5 {
		t.Errorf("%.0f allocations predicting in a carry's storage, want at most 5 (afresh: %.0f)", carried, fresh)
	}
}

// TestEvaluateTrackAllocations: the evaluation of an aircraft, cruise
// missile or drone, flying straight, turning or away from every site,
// allocates nothing: its ground track and turn live on the stack and its
// reason stays figures until an event says it (the evaluation of every
// track at every decision made a reason's Sprintf, a ground track and a
// turn of 19 points on the heap each).
func TestEvaluateTrackAllocations(t *testing.T) {
	sites := mainePlaces()
	f := geo.NewFrame(geo.Deg(43.2, -69.0, 300))
	const w = 2 * 9.80665 / 245
	tests := []struct {
		name string
		tk   bm.Track
	}{
		{"heading for", levelTrack(45.9, -69.4, 10e3, 250, 44.3206, -69.7973)},
		{"away", levelTrack(43.5, -69.0, 10e3, 250, 42.0, -66.0)},
		{"turning", bm.Track{ID: 1, Pos: f.OriginECEF(), Vel: f.RotateFromENU(r3.Vec{Y: 245}), TurnRate: -w, TurnSigma: w / 10, TurnProb: 0.9}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var th bm.Threat
			n := testing.AllocsPerRun(20, func() { th = bm.EvaluateTrack(tt.tk, sites) })
			t.Log(th.Reason())
			if n != 0 {
				t.Errorf("%.0f allocations evaluating a track (%s), want none", n, th.Reason())
			}
		})
	}
}

// TestPlanHoldAllocations: a unit that holds fire at a threat no round
// can reach in time says so once; deciding again, with nothing new to
// say, it builds no text of its rounds' rejections and allocates
// nothing (an exact count, not a time).
func TestPlanHoldAllocations(t *testing.T) {
	_, small := s400Missiles(t)
	b := newBattery(400e3)
	u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{
		b.launcher("L1", bm.Round{Missile: small, Count: 4}),
		b.launcher("L2", bm.Round{Missile: small, Count: 0}),
	}, bm.Doctrine{Salvo: 1, ReactionTime: 3})
	ranked := []bm.Threat{{Track: b.target(1, 0, 50e3, 1000, 250), Site: "base", TimeToGo: 20, Score: 1}}
	_, holds := u.Plan(0, ranked)
	if len(holds) != 1 || !strings.HasPrefix(holds[0].Reason, "9M96E2: threat reaches base in 20 s, intercept needs") ||
		!strings.Contains(holds[0].Reason, "L2: no 9M96E2 left") {
		t.Fatalf("holds %v: want the threat too close and L2 empty", holdReasons(holds))
	}
	if n := replanAllocs(t, u, ranked); n != 0 {
		t.Errorf("%.0f allocations deciding again to hold fire, want none", n)
	}
}

// replanAllocs is the allocations of u planning again, a second later
// each time, on ranked, at which it holds fire and says nothing new.
func replanAllocs(t *testing.T, u *bm.Unit, ranked []bm.Threat) float64 {
	t.Helper()
	now := 0.0
	return testing.AllocsPerRun(20, func() {
		now++
		if orders, holds := u.Plan(now, ranked); len(orders)+len(holds) != 0 {
			t.Fatalf("%g s: orders %v, holds %v; want the hold unsaid", now, orderIDs(orders), holdReasons(holds))
		}
	})
}

// TestPlanHoldForAllocations: a unit whose doctrine holds for a
// preferred round builds the text of its wait only when the hold is
// said, byte for byte the text eb500d7 wrote (recorded from its
// TestPlanHoldForPreferred cases), and deciding again to hold allocates
// nothing.
func TestPlanHoldForAllocations(t *testing.T) {
	big, small := s400Missiles(t)
	b := newBattery(400e3)
	tests := []struct {
		name   string
		noSite bool
		want   string
	}{
		{"within reach later", false, "holding for 9M96E2, preferred against drone targets: within its reach in about 600 s, intercept 1861 s before the threat reaches base; 48N6E3 could engage now"},
		{"heading for no site", true, "holding for 9M96E2, preferred against drone targets: the threat heads for no site; 48N6E3 could engage now"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := b.launcher("L1", bm.Round{Missile: big, Count: 4}, bm.Round{Missile: small, Count: 4})
			u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{l}, bm.Doctrine{Salvo: 1, ReactionTime: 3, HoldFor: map[string]bool{bm.ClassDrone: true}})
			ranked := b.rank(drone(b, 1, 150e3))
			if tt.noSite {
				ranked[0].Site, ranked[0].TimeToGo = "", math.Inf(1)
			}
			_, holds := u.Plan(0, ranked)
			if got := holdReasons(holds)[1]; got != tt.want {
				t.Fatalf("hold %q,\nwant %q", got, tt.want)
			}
			if n := replanAllocs(t, u, ranked); n != 0 {
				t.Errorf("%.0f allocations deciding again to hold for a preferred round, want none", n)
			}
		})
	}
}
