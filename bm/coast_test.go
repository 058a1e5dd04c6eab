package bm_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/bm"
)

// TestPlanCoasting: a track that has gone longer than CoastLimit without
// a detection is held, with the reason, in Plan and in Feasible; a fresh
// one is engaged.
func TestPlanCoasting(t *testing.T) {
	_, small := s400Missiles(t)
	b := newBattery(400e3)
	tests := []struct {
		age, limit float64
		engage     bool
	}{
		{age: 0, limit: 15, engage: true},
		{age: 15, limit: 15, engage: true},
		{age: 16, limit: 15, engage: false},
		{age: 300, limit: 0, engage: true}, // 0: no limit
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("age %g limit %g", tt.age, tt.limit), func(t *testing.T) {
			u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{b.launcher("L1", bm.Round{Missile: small, Count: 4})},
				bm.Doctrine{Salvo: 1, CoastLimit: tt.limit})
			tk := b.target(1, 0, 50e3, 1000, 250)
			tk.T, tk.Updated = 100, 100-tt.age
			ranked := b.rank(tk)
			if _, ok := u.Feasible(100, ranked[0]); ok != tt.engage {
				t.Errorf("Feasible = %v, want %v", ok, tt.engage)
			}
			orders, holds := u.Plan(100, ranked)
			if got := len(orders) == 1; got != tt.engage {
				t.Fatalf("engaged = %v, want %v (holds %v)", got, tt.engage, holdReasons(holds))
			}
			if !tt.engage && (len(holds) != 1 || !strings.HasPrefix(holds[0].Reason, "track coasting: no detection for 16 s")) {
				t.Errorf("holds %v, want one saying the track coasts", holdReasons(holds))
			}
		})
	}
}

// TestPlanCoastMisses: a track missed CoastMisses looks in a row by the
// radars that cover it is coasting, however recent its last detection.
func TestPlanCoastMisses(t *testing.T) {
	_, small := s400Missiles(t)
	b := newBattery(400e3)
	for _, tt := range []struct {
		misses, limit int
		engage        bool
	}{{2, 3, true}, {3, 3, false}, {9, 0, true}} {
		u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{b.launcher("L1", bm.Round{Missile: small, Count: 4})},
			bm.Doctrine{Salvo: 1, CoastLimit: 15, CoastMisses: tt.limit})
		tk := b.target(1, 0, 50e3, 1000, 250)
		tk.T, tk.Updated, tk.Misses = 100, 97, tt.misses
		orders, holds := u.Plan(100, b.rank(tk))
		if got := len(orders) == 1; got != tt.engage {
			t.Errorf("%d misses, CoastMisses %d: engaged = %v, want %v (holds %v)", tt.misses, tt.limit, got, tt.engage, holdReasons(holds))
		}
		if !tt.engage && (len(holds) != 1 || !strings.HasPrefix(holds[0].Reason, "track coasting: 3 looks in a row without a detection, the last one 3 s ago")) {
			t.Errorf("holds %v, want one saying the track coasts", holdReasons(holds))
		}
	}
}

// TestUnfired: a round called off before launch goes back to its
// launcher and frees its guidance slot.
func TestUnfired(t *testing.T) {
	_, small := s400Missiles(t)
	b := newBattery(400e3)
	b.fc.MissilesGuided = 1
	u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{b.launcher("L1", bm.Round{Missile: small, Count: 2})}, bm.Doctrine{Salvo: 1})
	orders, _ := u.Plan(0, b.rank(b.target(1, 0, 50e3, 1000, 250), b.target(2, 1, 50e3, 1000, 250)))
	if len(orders) != 1 || u.Rounds() != 1 || u.InFlight() != 1 {
		t.Fatalf("%d orders, %d rounds left, %d in flight; want 1, 1, 1", len(orders), u.Rounds(), u.InFlight())
	}
	u.Unfired(orders[0])
	if u.Rounds() != 2 || u.InFlight() != 0 || u.FreeGuided() != 1 {
		t.Errorf("after Unfired: %d rounds, %d in flight; want 2, 0", u.Rounds(), u.InFlight())
	}
}

// TestAssessedKillFreedByDrop: a track assessed destroyed is busy until
// the picture drops it; then nothing of it is left to block a new track.
func TestAssessedKillFreedByDrop(t *testing.T) {
	_, small := s400Missiles(t)
	b := newBattery(400e3)
	u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{b.launcher("L1", bm.Round{Missile: small, Count: 4})}, bm.Doctrine{Salvo: 1})
	tk := b.target(7, 0, 50e3, 1000, 250)
	if orders, _ := u.Plan(0, b.rank(tk)); len(orders) != 1 {
		t.Fatal("no order")
	}
	u.Resolved()
	u.Assessed(7, true)
	if !u.Busy(7) || u.Engaged() != 0 {
		t.Fatalf("after the kill: Busy %v, Engaged %d; want true, 0", u.Busy(7), u.Engaged())
	}
	if orders, _ := u.Plan(1, b.rank(tk)); len(orders) != 0 {
		t.Fatal("a track assessed destroyed was engaged again")
	}
	u.Dropped(7)
	if u.Busy(7) {
		t.Fatal("a dropped track is still busy")
	}
}
