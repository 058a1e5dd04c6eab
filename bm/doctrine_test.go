package bm_test

import (
	"math"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/bm"
)

// Targets of each kinematic class for the doctrine tests, flying straight
// at the battery: a Shahed-136-class drone (185 km/h, euronews.ro, V; here
// 50 m/s at 1 km), a subsonic cruise missile (880 km/h, V; here 250 m/s
// at 100 m) and an aircraft (250 m/s at 8 km).
func drone(b battery, id int, rng float64) bm.Track  { return b.target(id, 0.4, rng, 1000, 50) }
func cruise(b battery, id int, rng float64) bm.Track { return b.target(id, 0.8, rng, 100, 250) }
func plane(b battery, id int, rng float64) bm.Track  { return b.target(id, 1.2, rng, 8000, 250) }

func TestPlanMissilesByClass(t *testing.T) {
	big, small := s400Missiles(t)
	b := newBattery(400e3)
	tests := []struct {
		name    string
		byClass map[string][]string
		track   bm.Track
		class   string
		want    string // missile fired, "" for a hold
		reason  string // in the order's rejections, or the hold's reason
	}{
		{"default: cheapest adequate round", nil, drone(b, 1, 60e3), bm.ClassDrone, "9M96E2", "48N6E3 from L1: intercept in"},
		{"default: only the long-range round reaches", nil, plane(b, 1, 200e3), bm.ClassAircraft, "48N6E3", "9M96E2: "},
		{"list order overrides the cost order", map[string][]string{bm.ClassAircraft: {"48N6E3", "9M96E2"}},
			plane(b, 1, 60e3), bm.ClassAircraft, "48N6E3", "9M96E2 from L1: intercept in"},
		{"a missile left out of the list is never fired", map[string][]string{bm.ClassAircraft: {"9M96E2"}},
			plane(b, 1, 200e3), bm.ClassAircraft, "", "48N6E3: not among the doctrine's missiles against aircraft targets (9M96E2)"},
		{"the list of another class does not apply", map[string][]string{bm.ClassDrone: {"9M96E2"}},
			plane(b, 1, 200e3), bm.ClassAircraft, "48N6E3", "9M96E2: "},
		{"cruise list", map[string][]string{bm.ClassCruise: {"9M96E2", "48N6E3"}},
			cruise(b, 1, 40e3), bm.ClassCruise, "9M96E2", "48N6E3 from L1: intercept in"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := b.launcher("L1", bm.Round{Missile: big, Count: 4}, bm.Round{Missile: small, Count: 4})
			u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{l}, bm.Doctrine{Salvo: 1, ReactionTime: 3, MissilesByClass: tt.byClass})
			ranked := b.rank(tt.track)
			if ranked[0].Class != tt.class {
				t.Fatalf("track classed %s, want %s", ranked[0].Class, tt.class)
			}
			orders, holds := u.Plan(0, ranked)
			if tt.want == "" {
				if len(orders) != 0 {
					t.Fatalf("fired %s, want a hold", orders[0].Missile.Name)
				}
				if r := holdReasons(holds)[1]; !strings.Contains(r, tt.reason) {
					t.Errorf("hold %q, want it to say %q", r, tt.reason)
				}
				return
			}
			if len(orders) != 1 {
				t.Fatalf("no order; holds %v", holdReasons(holds))
			}
			if o := orders[0]; o.Missile.Name != tt.want || !containsPrefix(o.Rejected, tt.reason) {
				t.Errorf("fired %s, rejected %q; want %s, a rejection starting %q", o.Missile.Name, o.Rejected, tt.want, tt.reason)
			}
		})
	}
}

// TestPlanHoldForPreferred: a slow drone far out is not engaged with a
// long-range round when the cheap round reaches it later with time to
// spare; the unit holds fire and says what it waits for.
func TestPlanHoldForPreferred(t *testing.T) {
	big, small := s400Missiles(t)
	b := newBattery(400e3)
	holdDrones := map[string]bool{bm.ClassDrone: true}
	tests := []struct {
		name     string
		holdFor  map[string]bool
		track    bm.Track
		timeToGo float64 // overrides the evaluation's when > 0
		smallN   int     // 9M96E2 on the launcher
		want     string  // missile fired, "" for a hold
		reason   string  // the hold's reason starts with this
	}{
		{"drone 150 km out waits for the 9M96E2", holdDrones, drone(b, 1, 150e3), 0, 4, "",
			"holding for 9M96E2, preferred against drone targets: within its reach in about"},
		{"without the rule the 48N6E3 fires at once", nil, drone(b, 1, 150e3), 0, 4, "48N6E3", ""},
		{"drone inside the 9M96E2's reach", holdDrones, drone(b, 1, 110e3), 0, 4, "9M96E2", ""},
		{"no time to wait: the site is near the drone", holdDrones, drone(b, 1, 150e3), 750, 4, "48N6E3", ""},
		{"no 9M96E2 left to wait for", holdDrones, drone(b, 1, 150e3), 0, 0, "48N6E3", ""},
		{"aircraft are not held", holdDrones, plane(b, 1, 200e3), 0, 4, "48N6E3", ""},
		{"a drone heading for no site has time", holdDrones, drone(b, 1, 150e3), math.Inf(1), 4, "",
			"holding for 9M96E2, preferred against drone targets: the threat heads for no site"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := b.launcher("L1", bm.Round{Missile: big, Count: 4}, bm.Round{Missile: small, Count: tt.smallN})
			u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{l}, bm.Doctrine{Salvo: 1, ReactionTime: 3, HoldFor: tt.holdFor})
			ranked := b.rank(tt.track)
			if ranked[0].Site != "base" {
				t.Fatalf("track does not threaten the base: %s", ranked[0].Reason())
			}
			if tt.timeToGo > 0 {
				ranked[0].TimeToGo = tt.timeToGo
			}
			if math.IsInf(tt.timeToGo, 1) {
				ranked[0].Site = ""
			}
			orders, holds := u.Plan(0, ranked)
			if tt.want == "" {
				if len(orders) != 0 {
					t.Fatalf("fired %s at %.0f km, want a hold", orders[0].Missile.Name, orders[0].TOF)
				}
				if r := holdReasons(holds)[1]; !strings.HasPrefix(r, tt.reason) || !strings.Contains(r, "48N6E3 could engage now") {
					t.Errorf("hold %q, want it to start %q and name the round it saves", r, tt.reason)
				}
				if u.Rounds() != 4+tt.smallN {
					t.Errorf("a hold spent rounds: %d left", u.Rounds())
				}
				if _, ok := u.Feasible(0, ranked[0]); ok {
					t.Errorf("Feasible says the unit would engage a threat it holds for a cheaper round")
				}
				return
			}
			if len(orders) != 1 || orders[0].Missile.Name != tt.want {
				t.Fatalf("orders %v, holds %v; want %s fired", orderIDs(orders), holdReasons(holds), tt.want)
			}
		})
	}
}

// TestPlanReserveRelease: the reserve is fired only at a threat of a
// released class that will reach its site within the release time; the
// engagement's reason says so.
func TestPlanReserveRelease(t *testing.T) {
	_, small := s400Missiles(t)
	b := newBattery(400e3)
	cruiseAndBallistic := bm.ReserveRelease{TimeToGo: 60, Classes: []string{bm.ClassCruise, bm.ClassBallistic}}
	tests := []struct {
		name     string
		release  bm.ReserveRelease
		track    bm.Track
		timeToGo float64
		engage   bool
		reason   string // the order's reason contains this, or the hold's reason is this
	}{
		{"cruise missile near the base", cruiseAndBallistic, cruise(b, 1, 30e3), 40, true,
			"reserve released: a cruise target 40 s from base, within the doctrine's 60 s"},
		{"cruise missile far out", cruiseAndBallistic, cruise(b, 1, 30e3), 200, false,
			"3 rounds left, all held back as the doctrine's reserve of 3; released against cruise or ballistic targets within 60 s of a site"},
		{"drone near the base, class not released", cruiseAndBallistic, drone(b, 1, 22e3), 40, false,
			"3 rounds left, all held back as the doctrine's reserve of 3; released against cruise or ballistic targets within 60 s of a site"},
		{"every class released", bm.ReserveRelease{TimeToGo: 60}, drone(b, 1, 22e3), 40, true,
			"reserve released: a drone target 40 s from base, within the doctrine's 60 s"},
		{"no release: a hard floor", bm.ReserveRelease{}, cruise(b, 1, 30e3), 40, false,
			"3 rounds left, all held back as the doctrine's reserve of 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{b.launcher("L1", bm.Round{Missile: small, Count: 3})},
				bm.Doctrine{Salvo: 1, ReactionTime: 3, Reserve: 3, ReserveRelease: tt.release})
			ranked := b.rank(tt.track)
			ranked[0].TimeToGo = tt.timeToGo
			orders, holds := u.Plan(0, ranked)
			if !tt.engage {
				if len(orders) != 0 {
					t.Fatalf("fired into the reserve: %s", orders[0].Threat.Reason())
				}
				if r := holdReasons(holds)[1]; r != tt.reason {
					t.Errorf("hold %q\nwant %q", r, tt.reason)
				}
				return
			}
			if len(orders) != 1 {
				t.Fatalf("no order; holds %v", holdReasons(holds))
			}
			if r := orders[0].Threat.Reason(); !strings.Contains(r, tt.reason) {
				t.Errorf("order's reason %q, want it to say %q", r, tt.reason)
			}
		})
	}
}

// TestPlanRoundsShortReasons: the hold reasons when rounds run short read
// as a person would say them.
func TestPlanRoundsShortReasons(t *testing.T) {
	_, small := s400Missiles(t)
	b := newBattery(400e3)
	tests := []struct {
		rounds, reserve, salvo int
		want                   string
	}{
		{0, 0, 1, "no rounds left"},
		{1, 0, 2, "1 round left, fewer than the salvo of 2 against a cruise target"},
		{2, 2, 1, "2 rounds left, all held back as the doctrine's reserve of 2"},
		{1, 2, 1, "1 round left, all held back as the doctrine's reserve of 2"},
		{3, 2, 2, "3 rounds left: a salvo of 2 would take 1 from the doctrine's reserve of 2"},
	}
	for _, tt := range tests {
		u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{b.launcher("L1", bm.Round{Missile: small, Count: tt.rounds})},
			bm.Doctrine{Salvo: tt.salvo, Reserve: tt.reserve})
		_, holds := u.Plan(0, []bm.Threat{{Track: cruise(b, 1, 30e3), Class: bm.ClassCruise, TimeToGo: math.Inf(1)}})
		if r := holdReasons(holds)[1]; r != tt.want {
			t.Errorf("rounds %d reserve %d salvo %d: hold %q, want %q", tt.rounds, tt.reserve, tt.salvo, r, tt.want)
		}
	}
}
