package bm_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/weapon"
	"gonum.org/v1/gonum/spatial/r3"
)

const g0 = 9.80665 // standard gravity, m/s²

// Interceptors built as battle.buildUnit builds them, from the public
// figures of /work/shared/reference/public-figures.yaml (48N6E3 range
// 240-250 km, 9M96E2 120 km) and the catalogue's stated assumptions for
// the rest (speed profile, flight time, g limit, lethality). Minimum
// range, altitude band and target-speed limit are assumptions of this
// test, chosen only so that each envelope edge can be reached.
func s400Missiles(t testing.TB) (big, small *weapon.Missile) {
	t.Helper()
	big = &weapon.Missile{
		Name: "48N6E3", MinRange: 3000, MaxRange: 250e3, MinAltitude: 10, MaxAltitude: 27e3,
		Profile:       weapon.Profile{LaunchSpeed: 30, BurnoutSpeed: 2000, BoostTime: 12, CoastTimeConstant: 120},
		MaxFlightTime: 240, MaxLateralAccel: 20 * g0, NavRatio: 4,
		Lethality:      weapon.Lethality{LethalRadius: 15, PkMax: 0.8},
		MaxTargetSpeed: 4800,
	}
	small = &weapon.Missile{
		Name: "9M96E2", MinRange: 1000, MaxRange: 120e3, MinAltitude: 5, MaxAltitude: 30e3,
		Profile:       weapon.Profile{LaunchSpeed: 30, BurnoutSpeed: 1000, BoostTime: 5, CoastTimeConstant: 260},
		MaxFlightTime: 180, MaxLateralAccel: 40 * g0, NavRatio: 4, SeekerRange: 15e3,
		Lethality:      weapon.Lethality{LethalRadius: 5, PkMax: 0.8},
		MaxTargetSpeed: 4800,
	}
	for _, m := range []*weapon.Missile{big, small} {
		if err := m.Validate(); err != nil {
			t.Fatal(err)
		}
	}
	return big, small
}

// battery is the geometry shared by the planning tests: launchers and the
// fire-control radar at one point, a site of radius 20 km around it.
type battery struct {
	at   geo.LLA
	site bm.Site
	fc   bm.FireControl
}

// newBattery's fire-control radar covers a sphere of radius cover (a
// stand-in for horizon and elevation limits that the tests can reason
// about).
func newBattery(cover float64) battery {
	at := geo.Deg(44.6, 33.5, 100)
	pos := at.ECEF()
	return battery{
		at:   at,
		site: bm.Site{ID: "base", Pos: pos, Value: 10, Radius: 20e3},
		fc: bm.FireControl{
			ID: "92N6E", Pos: pos, FireChannels: 10, MissilesGuided: 20,
			Covers: func(p r3.Vec) bool { return r3.Norm(r3.Sub(p, pos)) <= cover },
		},
	}
}

// target is a track at ground distance rng on azimuth az (radians) from
// the battery, at altitude alt, flying level (in its own local frame)
// straight at the battery at speed.
func (b battery) target(id int, az, rng, alt, speed float64) bm.Track {
	p, azi2 := geo.Direct(b.at, az, rng)
	p.Alt = alt
	back := azi2 + math.Pi
	v := geo.NewFrame(p).RotateFromENU(r3.Vec{X: speed * math.Sin(back), Y: speed * math.Cos(back)})
	return bm.Track{ID: id, Pos: p.ECEF(), Vel: v}
}

func (b battery) launcher(id string, rounds ...bm.Round) *bm.Launcher {
	return &bm.Launcher{ID: id, At: b.at, Rounds: rounds}
}

func (b battery) rank(tracks ...bm.Track) []bm.Threat {
	return bm.Evaluate(tracks, []bm.Site{b.site})
}

func holdReasons(hs []bm.Hold) map[int]string {
	m := map[int]string{}
	for _, h := range hs {
		m[h.Threat.Track.ID] = h.Reason
	}
	return m
}

func TestPlanFireChannels(t *testing.T) {
	big, small := s400Missiles(t)
	b := newBattery(400e3)
	b.fc.FireChannels, b.fc.MissilesGuided = 6, 12
	var launchers []*bm.Launcher
	for i := range 4 {
		launchers = append(launchers, b.launcher(fmt.Sprintf("L%d", i+1), bm.Round{Missile: big, Count: 4}, bm.Round{Missile: small, Count: 8}))
	}
	u := bm.NewUnit("bn1", b.fc, launchers, bm.Doctrine{Salvo: 1, ReactionTime: 3})
	var tracks []bm.Track
	for i := range 40 {
		tracks = append(tracks, b.target(i+1, float64(i)*2*math.Pi/40, 60e3+float64(i)*1000, 1000, 250))
	}
	ranked := b.rank(tracks...)
	for _, th := range ranked {
		if th.Site != "base" {
			t.Fatalf("track %d does not threaten the base: %s", th.Track.ID, th.Reason())
		}
	}

	orders, holds := u.Plan(0, ranked)
	if len(orders) != 6 {
		t.Fatalf("cycle 1: %d orders, want 6 (the fire channels)", len(orders))
	}
	for i, o := range orders {
		if o.Threat.Track.ID != ranked[i].Track.ID {
			t.Errorf("order %d engages track %d, want the %d-ranked track %d", i, o.Threat.Track.ID, i+1, ranked[i].Track.ID)
		}
	}
	if len(holds) != 34 {
		t.Errorf("cycle 1: %d holds, want 34", len(holds))
	}
	for _, h := range holds {
		if h.Reason != "all 6 fire channels of 92N6E busy" {
			t.Errorf("hold of track %d: %q, want the channels busy", h.Threat.Track.ID, h.Reason)
		}
	}
	if u.Engaged() != 6 || u.InFlight() != 6 {
		t.Errorf("Engaged %d, InFlight %d; want 6, 6", u.Engaged(), u.InFlight())
	}

	// Next cycle: nothing has changed, so nothing new is decided or said.
	orders, holds = u.Plan(1, ranked)
	if len(orders) != 0 || len(holds) != 0 {
		t.Errorf("cycle 2: %d orders, %d holds; want none", len(orders), len(holds))
	}

	// Two targets killed, their missiles resolved: two channels free.
	for range 6 {
		u.Resolved()
	}
	killed := []int{ranked[0].Track.ID, ranked[1].Track.ID}
	u.Assessed(killed[0], true)
	u.Assessed(killed[1], true)
	orders, holds = u.Plan(2, ranked)
	if len(orders) != 2 || len(holds) != 0 {
		t.Fatalf("after two kills: %d orders, %d holds; want 2, 0", len(orders), len(holds))
	}
	for i, o := range orders {
		if want := ranked[6+i].Track.ID; o.Threat.Track.ID != want {
			t.Errorf("after two kills, order %d engages track %d, want %d", i, o.Threat.Track.ID, want)
		}
	}

	// A survivor is engaged again (shoot-look-shoot); the killed never are.
	survivor := ranked[2].Track.ID
	u.Assessed(survivor, false)
	orders, _ = u.Plan(3, ranked)
	if len(orders) != 1 || orders[0].Threat.Track.ID != survivor {
		t.Errorf("after a miss: orders %v, want one at track %d", orderIDs(orders), survivor)
	}
	for range 40 {
		for range u.InFlight() {
			u.Resolved()
		}
		for _, th := range ranked {
			u.Assessed(th.Track.ID, false)
		}
		orders, _ := u.Plan(4, ranked)
		for _, o := range orders {
			if o.Threat.Track.ID == killed[0] || o.Threat.Track.ID == killed[1] {
				t.Fatalf("killed track %d engaged again", o.Threat.Track.ID)
			}
		}
		if u.Engaged() > 6 || u.InFlight() > 12 {
			t.Fatalf("Engaged %d, InFlight %d; limits are 6 and 12", u.Engaged(), u.InFlight())
		}
	}
}

func orderIDs(os []bm.Order) []int {
	var out []int
	for _, o := range os {
		out = append(out, o.Threat.Track.ID)
	}
	return out
}

func TestPlanMissilesGuided(t *testing.T) {
	_, small := s400Missiles(t)
	b := newBattery(400e3)
	b.fc.FireChannels, b.fc.MissilesGuided = 10, 3
	u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{b.launcher("L1", bm.Round{Missile: small, Count: 16})},
		bm.Doctrine{Salvo: 2, ReactionTime: 3})
	ranked := b.rank(b.target(1, 0, 50e3, 1000, 250), b.target(2, 1, 60e3, 1000, 250))

	orders, holds := u.Plan(0, ranked)
	if len(orders) != 1 || orders[0].Threat.Track.ID != 1 || orders[0].Count != 2 {
		t.Fatalf("orders %+v, want one salvo of 2 at track 1", orderIDs(orders))
	}
	if u.InFlight() != 2 {
		t.Errorf("InFlight = %d, want 2", u.InFlight())
	}
	if r := holdReasons(holds)[2]; r != "92N6E already guides 2 of 3 missiles" {
		t.Errorf("hold of track 2 = %q, want the guidance limit", r)
	}
	// One missile of the salvo fuzes: 1 + 2 <= 3, so the next salvo fits.
	u.Resolved()
	orders, _ = u.Plan(1, ranked)
	if len(orders) != 1 || orders[0].Threat.Track.ID != 2 {
		t.Fatalf("after one resolved: orders %v, want track 2", orderIDs(orders))
	}
	if u.InFlight() != 3 {
		t.Errorf("InFlight = %d, want 3", u.InFlight())
	}
	// Resolved never takes InFlight below zero.
	for range 5 {
		u.Resolved()
	}
	if u.InFlight() != 0 {
		t.Errorf("InFlight = %d after more Resolved than launched, want 0", u.InFlight())
	}
}

func TestPlanRounds(t *testing.T) {
	big, small := s400Missiles(t)
	b := newBattery(400e3)
	empty := b.launcher("L1", bm.Round{Missile: small, Count: 0})
	loaded := b.launcher("L2", bm.Round{Missile: small, Count: 3}, bm.Round{Missile: big, Count: 1})
	b.fc.FireChannels, b.fc.MissilesGuided = 1, 1
	u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{empty, loaded}, bm.Doctrine{Salvo: 1, ReactionTime: 3})
	var tracks []bm.Track
	for i := range 6 {
		tracks = append(tracks, b.target(i+1, float64(i), 50e3+float64(i)*5e3, 1000, 250))
	}
	ranked := b.rank(tracks...)
	tests := []struct {
		missile    string
		left, rest int // small on L2, rounds of the unit after the order
	}{
		{"9M96E2", 2, 3}, {"9M96E2", 1, 2}, {"9M96E2", 0, 1}, {"48N6E3", 0, 0},
	}
	for i, tt := range tests {
		orders, _ := u.Plan(float64(i), ranked)
		if len(orders) != 1 {
			t.Fatalf("cycle %d: %d orders, want 1", i, len(orders))
		}
		o := orders[0]
		if o.Launcher != loaded || o.Missile.Name != tt.missile {
			t.Errorf("cycle %d: %s from %s, want %s from L2", i, o.Missile.Name, o.Launcher.ID, tt.missile)
		}
		if !contains(o.Rejected, "L1: no 9M96E2 left") {
			t.Errorf("cycle %d: rejected %q, want the empty launcher named", i, o.Rejected)
		}
		if got := loaded.Rounds[0].Count; got != tt.left {
			t.Errorf("cycle %d: L2 holds %d 9M96E2, want %d", i, got, tt.left)
		}
		if u.Rounds() != tt.rest {
			t.Errorf("cycle %d: unit has %d rounds, want %d", i, u.Rounds(), tt.rest)
		}
		if empty.Rounds[0].Count != 0 {
			t.Errorf("cycle %d: empty launcher count changed to %d", i, empty.Rounds[0].Count)
		}
		// One channel: the next target waits for this one's result.
		u.Resolved()
		u.Assessed(o.Threat.Track.ID, true)
	}
	orders, holds := u.Plan(10, ranked)
	if len(orders) != 0 {
		t.Errorf("out of rounds: %d orders", len(orders))
	}
	// An empty magazine is caught before any launcher is looked at.
	for _, h := range holds {
		if h.Reason != "no rounds left" {
			t.Errorf("out of rounds, hold of %d: %q", h.Threat.Track.ID, h.Reason)
		}
	}
	if len(holds) != 2 {
		t.Errorf("out of rounds: %d holds, want 2 (the tracks not yet killed)", len(holds))
	}
}

// TestPlanDuplicateRounds: Launcher.Rounds may list one missile type
// twice (the type allows it); commit takes the salvo from every entry of
// that type.
func TestPlanDuplicateRounds(t *testing.T) {
	_, small := s400Missiles(t)
	b := newBattery(400e3)
	l := b.launcher("L1", bm.Round{Missile: small, Count: 2}, bm.Round{Missile: small, Count: 2})
	u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{l}, bm.Doctrine{Salvo: 1})
	u.Plan(0, b.rank(b.target(1, 0, 50e3, 1000, 250)))
	if u.Rounds() != 3 {
		t.Errorf("after one round fired from 4: Rounds() = %d, want 3 (entries %d, %d)", u.Rounds(), l.Rounds[0].Count, l.Rounds[1].Count)
	}
}

func TestPlanReserve(t *testing.T) {
	_, small := s400Missiles(t)
	b := newBattery(400e3)
	tests := []struct {
		rounds, reserve, salvo int
		want                   int // orders
	}{
		{rounds: 8, reserve: 0, salvo: 1, want: 8},
		{rounds: 8, reserve: 2, salvo: 1, want: 6},
		{rounds: 8, reserve: 2, salvo: 2, want: 3},
		{rounds: 8, reserve: 3, salvo: 2, want: 2},
		{rounds: 2, reserve: 2, salvo: 1, want: 0},
		{rounds: 1, reserve: 0, salvo: 2, want: 0},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("rounds %d reserve %d salvo %d", tt.rounds, tt.reserve, tt.salvo), func(t *testing.T) {
			b.fc.FireChannels, b.fc.MissilesGuided = 100, 100
			u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{b.launcher("L1", bm.Round{Missile: small, Count: tt.rounds})},
				bm.Doctrine{Salvo: tt.salvo, Reserve: tt.reserve})
			var tracks []bm.Track
			for i := range 12 {
				tracks = append(tracks, b.target(i+1, float64(i)*0.5, 40e3+float64(i)*3e3, 1000, 250))
			}
			orders, holds := u.Plan(0, b.rank(tracks...))
			if len(orders) != tt.want {
				t.Errorf("%d orders, want %d", len(orders), tt.want)
			}
			if u.Rounds() < tt.reserve {
				t.Errorf("fired into the reserve: %d rounds left, reserve %d", u.Rounds(), tt.reserve)
			}
			if tt.reserve > 0 && tt.want < 12 {
				r := holds[0].Reason
				if !strings.HasPrefix(r, fmt.Sprintf("%d rounds left", u.Rounds())) || !strings.HasSuffix(r, fmt.Sprintf("the doctrine's reserve of %d", tt.reserve)) {
					t.Errorf("first hold %q, want the rounds left and the reserve", r)
				}
			}
		})
	}
}

func TestPlanPrefersSmallestSufficientMissile(t *testing.T) {
	big, small := s400Missiles(t)
	b := newBattery(400e3)
	tests := []struct {
		name      string
		launchers func() []*bm.Launcher
		rng       float64
		want      string
		rejected  string // a reason the order must list
	}{
		{"60 km, mixed launcher", func() []*bm.Launcher {
			return []*bm.Launcher{b.launcher("L1", bm.Round{Missile: big, Count: 4}, bm.Round{Missile: small, Count: 4})}
		}, 60e3, "9M96E2", "48N6E3 from L1: intercept in"},
		{"60 km, big launcher first", func() []*bm.Launcher {
			return []*bm.Launcher{b.launcher("L1", bm.Round{Missile: big, Count: 4}), b.launcher("L2", bm.Round{Missile: small, Count: 4})}
		}, 60e3, "9M96E2", "48N6E3 from L1: intercept in"},
		{"200 km", func() []*bm.Launcher {
			return []*bm.Launcher{b.launcher("L1", bm.Round{Missile: small, Count: 4}, bm.Round{Missile: big, Count: 4})}
		}, 200e3, "48N6E3", "9M96E2: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := bm.NewUnit("bn1", b.fc, tt.launchers(), bm.Doctrine{Salvo: 1, ReactionTime: 3})
			orders, holds := u.Plan(0, b.rank(b.target(1, 0.3, tt.rng, 3000, 250)))
			if len(orders) != 1 {
				t.Fatalf("no order; holds %v", holdReasons(holds))
			}
			if o := orders[0]; o.Missile.Name != tt.want {
				t.Errorf("fired %s, want %s", o.Missile.Name, tt.want)
			}
			if !containsPrefix(orders[0].Rejected, tt.rejected) {
				t.Errorf("rejected %q, want one starting %q", orders[0].Rejected, tt.rejected)
			}
		})
	}
}

func TestPlanEnvelopeRejections(t *testing.T) {
	big, small := s400Missiles(t)
	tests := []struct {
		name   string
		cover  float64 // fire-control coverage radius
		rounds []bm.Round
		track  func(b battery) bm.Track
		want   []string // every one must appear in the hold reason
	}{
		{"beyond max range", 400e3, []bm.Round{{Missile: big, Count: 4}},
			func(b battery) bm.Track { return b.target(1, 1, 320e3, 8000, 250) },
			[]string{"48N6E3: intercept at", "beyond its 250 km"}},
		{"no intercept in flight time", 400e3, []bm.Round{{Missile: small, Count: 4}},
			func(b battery) bm.Track { return b.target(1, 1, 320e3, 8000, 250) },
			[]string{"9M96E2: no intercept within its flight time"}},
		{"altitude above max", 400e3, []bm.Round{{Missile: big, Count: 4}, {Missile: small, Count: 4}},
			func(b battery) bm.Track { return b.target(1, 2, 60e3, 35e3, 300) },
			[]string{"48N6E3: intercept altitude", "above its 27000 m", "9M96E2: intercept altitude", "above its 30000 m"}},
		{"target speed above max", 400e3, []bm.Round{{Missile: big, Count: 4}},
			func(b battery) bm.Track { return b.target(1, 2, 150e3, 20e3, 5000) },
			[]string{"48N6E3: target speed 5000 m/s above its 4800 m/s"}},
		{"outside fire-control coverage", 100e3, []bm.Round{{Missile: big, Count: 4}},
			func(b battery) bm.Track { return b.target(1, 3, 160e3, 5000, 250) },
			[]string{"48N6E3: intercept point outside 92N6E coverage"}},
		{"inside minimum range", 400e3, []bm.Round{{Missile: big, Count: 4}},
			func(b battery) bm.Track { return b.target(1, 3, 2500, 500, 100) },
			[]string{"48N6E3: intercept at", "inside its minimum 3.0 km"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBattery(tt.cover)
			u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{b.launcher("L1", tt.rounds...)}, bm.Doctrine{Salvo: 1, ReactionTime: 3})
			tk := tt.track(b)
			// Rank with TimeToGo +Inf so that only the envelope decides.
			orders, holds := u.Plan(0, []bm.Threat{{Track: tk, TimeToGo: math.Inf(1), Score: 1}})
			if len(orders) != 0 {
				o := orders[0]
				t.Fatalf("engaged with %s, PIP %v km; want a hold", o.Missile.Name, geo.FromECEF(o.PIP))
			}
			if len(holds) != 1 {
				t.Fatalf("%d holds, want 1", len(holds))
			}
			for _, w := range tt.want {
				if !strings.Contains(holds[0].Reason, w) {
					t.Errorf("hold %q does not say %q", holds[0].Reason, w)
				}
			}
			if u.Rounds() != roundsOf(tt.rounds) || u.Engaged() != 0 || u.InFlight() != 0 {
				t.Errorf("a hold committed the unit: rounds %d, engaged %d, in flight %d", u.Rounds(), u.Engaged(), u.InFlight())
			}
		})
	}
}

func roundsOf(rs []bm.Round) int {
	n := 0
	for _, r := range rs {
		n += r.Count
	}
	return n
}

// TestPlanTooLate: a threat that reaches its site before the intercept is
// not engaged.
func TestPlanTooLate(t *testing.T) {
	_, small := s400Missiles(t)
	b := newBattery(400e3)
	u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{b.launcher("L1", bm.Round{Missile: small, Count: 4})}, bm.Doctrine{Salvo: 1, ReactionTime: 3})
	tk := b.target(1, 0, 50e3, 1000, 250)
	orders, holds := u.Plan(0, []bm.Threat{{Track: tk, Site: "base", TimeToGo: 20, Score: 1}})
	if len(orders) != 0 || len(holds) != 1 || !strings.Contains(holds[0].Reason, "9M96E2: threat reaches base in 20 s, intercept needs") {
		t.Errorf("orders %v, holds %v; want a hold saying the threat arrives first", orderIDs(orders), holdReasons(holds))
	}
}

// TestPlanTooLateStaleTrack: bestShot extrapolates a track from its time
// T to the launch, but compares TimeToGo (counted from T) with the time
// to intercept counted from now.
func TestPlanTooLateStaleTrack(t *testing.T) {
	_, small := s400Missiles(t)
	b := newBattery(400e3)
	u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{b.launcher("L1", bm.Round{Missile: small, Count: 4})}, bm.Doctrine{Salvo: 1, ReactionTime: 3})
	tk := b.target(1, 0, 50e3, 1000, 250)
	// Evaluated at T = 0 the threat is 120 s from the site; planned at
	// now = 100 it arrives at 120, before any intercept could happen.
	th := bm.Threat{Track: tk, Site: "base", TimeToGo: 120, Score: 1}
	orders, _ := u.Plan(100, []bm.Threat{th})
	for _, o := range orders {
		if o.LaunchAt+o.TOF > th.Track.T+th.TimeToGo {
			t.Errorf("intercept at %.0f s, threat reaches the site at %.0f s", o.LaunchAt+o.TOF, th.Track.T+th.TimeToGo)
		}
	}
}

func TestPlanFirmTrack(t *testing.T) {
	_, small := s400Missiles(t)
	b := newBattery(400e3)
	tests := []struct {
		sigma, firm float64
		engage      bool
		why         string // the hold's reason
	}{
		{sigma: 50, firm: 30, engage: false, why: "track not firm: velocity uncertainty 50.0 m/s, above the 30 m/s limit"},
		// Just above the limit: the message must not read "50, need 50".
		{sigma: 50.3, firm: 50, engage: false, why: "track not firm: velocity uncertainty 50.3 m/s, above the 50 m/s limit"},
		{sigma: 30, firm: 30, engage: true},
		{sigma: 10, firm: 30, engage: true},
		{sigma: 500, firm: 0, engage: true}, // 0: any track
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("sigma %g firm %g", tt.sigma, tt.firm), func(t *testing.T) {
			u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{b.launcher("L1", bm.Round{Missile: small, Count: 4})},
				bm.Doctrine{Salvo: 1, FirmTrack: tt.firm})
			tk := b.target(1, 0, 50e3, 1000, 250)
			tk.VelSigma = tt.sigma
			orders, holds := u.Plan(0, b.rank(tk))
			if got := len(orders) == 1; got != tt.engage {
				t.Fatalf("engaged = %v, want %v (holds %v)", got, tt.engage, holdReasons(holds))
			}
			if !tt.engage {
				if len(holds) != 1 || holds[0].Reason != tt.why {
					t.Errorf("holds %v, want %q", holdReasons(holds), tt.why)
				}
			}
		})
	}
}

// holdingUnit is a battalion of one launcher of four 48N6E3 under a
// doctrine of single shots, as the tests of its holds use it, and its battery.
func holdingUnit(t *testing.T) (*bm.Unit, battery) {
	t.Helper()
	big, _ := s400Missiles(t)
	b := newBattery(400e3)
	u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{b.launcher("L1", bm.Round{Missile: big, Count: 4})},
		bm.Doctrine{Salvo: 1, ReactionTime: 3, FirmTrack: 30})
	return u, b
}

func TestPlanHoldReportedOnce(t *testing.T) {
	u, b := holdingUnit(t)
	// The target closes from 335 km at 250 m/s: first out of reach in the
	// flight time, then reachable beyond the maximum range. Each cycle the
	// reason's figures change, and its words (no intercept, then an
	// intercept too far), but not its family: no shot. Then the track
	// goes soft and firm again: a family said within HoldRepeat is not
	// said again; then it is dropped and found again, and the families
	// flip again after more than HoldRepeat.
	steps := []struct {
		t, rng, sigma float64
		dropped       bool
		want          string // the hold said this cycle, "" for none
	}{
		{0, 335e3, 10, false, "48N6E3: no intercept within its flight time"},
		{1, 325e3, 10, false, ""},
		{2, 323e3, 10, false, ""},
		{3, 321e3, 50, false, "track not firm: velocity uncertainty 50.0 m/s, above the 30 m/s limit"},
		{4, 319e3, 60, false, ""},
		{5, 317e3, 10, false, ""},
		{6, 315e3, 10, true, "48N6E3: intercept at"},
		{7, 313e3, 10, false, ""},
		{8, 313e3, 50, false, "track not firm"},
		{9, 313e3, 10, false, ""},
		{65, 313e3, 10, false, ""},
		{66, 313e3, 50, false, ""},
		{67, 313e3, 10, false, "48N6E3: intercept at"},
		{69, 313e3, 50, false, "track not firm"},
		{70, 313e3, 50, false, ""},
	}
	for i, s := range steps {
		if s.dropped {
			u.Dropped(1)
		}
		tk := b.target(1, 0.7, s.rng, 8000, 250)
		tk.VelSigma = s.sigma
		tk.T = s.t
		orders, holds := u.Plan(s.t, []bm.Threat{{Track: tk, TimeToGo: math.Inf(1)}})
		if len(orders) != 0 {
			t.Fatalf("step %d: engaged at %.0f km", i, s.rng/1000)
		}
		switch {
		case s.want == "" && len(holds) != 0:
			t.Errorf("step %d: hold %q said again", i, holds[0].Reason)
		case s.want != "" && (len(holds) != 1 || !strings.HasPrefix(holds[0].Reason, s.want)):
			t.Errorf("step %d: holds %v, want one starting %q", i, holdReasons(holds), s.want)
		}
	}
	// Engaging clears the record: a later hold of the same kind is said.
	tk := b.target(1, 0.7, 150e3, 8000, 250)
	if orders, _ := u.Plan(80, []bm.Threat{{Track: tk, TimeToGo: math.Inf(1)}}); len(orders) != 1 {
		t.Fatalf("no order at 150 km")
	}
	u.Resolved()
	u.Assessed(1, false)
	tk = b.target(1, 0.7, 330e3, 8000, 250)
	if _, holds := u.Plan(81, []bm.Threat{{Track: tk, TimeToGo: math.Inf(1)}}); len(holds) != 1 {
		t.Errorf("after an engagement, the range hold was not said again")
	}
}

// TestPlanHoldSaidForEachTarget: a hold said at a track is said again
// when the track comes to follow another target (Follows), once for
// each target, and not again when it flips back within HoldRepeat. In
// grid-regional a track held once passed along a column of cruise
// missiles, and three that leaked were named by no decision.
func TestPlanHoldSaidForEachTarget(t *testing.T) {
	u, b := holdingUnit(t)
	steps := []struct {
		t       float64
		subject int
		said    bool
	}{
		{0, 3, true},  // first hold at the track
		{1, 3, false}, // same family, same target
		{2, 4, true},  // the track now follows another target
		{3, 4, false},
		{4, 3, false}, // back to the first: said within HoldRepeat
		{5, 5, true},
	}
	for i, s := range steps {
		u.Follows(1, s.subject)
		tk := b.target(1, 0.7, 335e3, 8000, 250)
		tk.T = s.t
		orders, holds := u.Plan(s.t, []bm.Threat{{Track: tk, TimeToGo: math.Inf(1)}})
		if len(orders) != 0 {
			t.Fatalf("step %d: engaged at 335 km", i)
		}
		if got := len(holds) == 1; got != s.said {
			t.Errorf("step %d (t %g, target %d): holds %v, want said %v", i, s.t, s.subject, holdReasons(holds), s.said)
		}
	}
}

func TestPlanInterceptPoint(t *testing.T) {
	big, small := s400Missiles(t)
	b := newBattery(400e3)
	tests := []struct {
		az, rng, alt, speed float64
		age                 float64 // now - Track.T
		climb               float64 // vertical speed, m/s
	}{
		{0, 60e3, 1000, 250, 0, 0},
		{1, 100e3, 30, 240, 2, 0},
		{2, 150e3, 10e3, 680, 1, 0},
		{3, 200e3, 12e3, 900, 4, -50},
		{4, 60e3, 15e3, 1500, 0.5, -300},
		{5, 230e3, 9000, 300, 0, 0},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%.0f km at %.0f m/s", tt.rng/1000, tt.speed), func(t *testing.T) {
			u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{
				b.launcher("L1", bm.Round{Missile: big, Count: 4}),
				b.launcher("L2", bm.Round{Missile: small, Count: 4}),
			}, bm.Doctrine{Salvo: 1, ReactionTime: 4.5})
			const now = 500.0
			tk := b.target(1, tt.az, tt.rng, tt.alt, tt.speed)
			tk.Vel = r3.Add(tk.Vel, r3.Scale(tt.climb, r3.Unit(tk.Pos)))
			tk.T = now - tt.age
			orders, holds := u.Plan(now, []bm.Threat{{Track: tk, TimeToGo: math.Inf(1)}})
			if len(orders) != 1 {
				t.Fatalf("no order: %v", holdReasons(holds))
			}
			o := orders[0]
			if o.LaunchAt != now+4.5 {
				t.Errorf("LaunchAt = %g, want now + reaction time = %g", o.LaunchAt, now+4.5)
			}
			if !(o.TOF > 0 && o.TOF <= o.Missile.MaxFlightTime) {
				t.Errorf("TOF = %g s, want in (0, %g]", o.TOF, o.Missile.MaxFlightTime)
			}
			at := r3.Add(tk.Pos, r3.Scale(o.LaunchAt+o.TOF-tk.T, tk.Vel))
			if d := r3.Norm(r3.Sub(at, o.PIP)); d >= 1 {
				t.Errorf("target at LaunchAt+TOF is %.3f m from the PIP", d)
			}
			reach := o.Missile.Distance(o.TOF)
			if d := r3.Norm(r3.Sub(o.PIP, o.Launcher.At.ECEF())); d > reach+1 {
				t.Errorf("PIP %.1f m from the launcher, missile flies %.1f m in %.2f s", d, reach, o.TOF)
			}
			if o.Pk != o.Missile.PkMax || o.Count != 1 {
				t.Errorf("Pk %g, Count %d; want %g, 1", o.Pk, o.Count, o.Missile.PkMax)
			}
		})
	}
}

func TestPlanMinPk(t *testing.T) {
	_, small := s400Missiles(t)
	b := newBattery(400e3)
	u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{b.launcher("L1", bm.Round{Missile: small, Count: 4})}, bm.Doctrine{Salvo: 1, MinPk: 0.9})
	_, holds := u.Plan(0, b.rank(b.target(1, 0, 50e3, 1000, 250)))
	if len(holds) != 1 || holds[0].Reason != "9M96E2: expected Pk 0.80 below doctrine's 0.90" {
		t.Errorf("holds %v, want the Pk below doctrine", holdReasons(holds))
	}
}

func TestPlanEngageRange(t *testing.T) {
	_, small := s400Missiles(t)
	b := newBattery(400e3)
	u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{b.launcher("L1", bm.Round{Missile: small, Count: 4})}, bm.Doctrine{Salvo: 1, EngageRange: 40e3})
	orders, holds := u.Plan(0, b.rank(b.target(1, 0, 50e3, 1000, 250), b.target(2, 1, 30e3, 1000, 250)))
	if len(orders) != 1 || orders[0].Threat.Track.ID != 2 {
		t.Errorf("orders %v, want track 2 only", orderIDs(orders))
	}
	if r := holdReasons(holds)[1]; r != "beyond the engagement range of 40 km" {
		t.Errorf("hold of track 1 = %q", r)
	}
}

func TestPlanDeterministic(t *testing.T) {
	big, small := s400Missiles(t)
	run := func() string {
		b := newBattery(300e3)
		b.fc.FireChannels, b.fc.MissilesGuided = 4, 8
		u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{
			b.launcher("L1", bm.Round{Missile: big, Count: 2}, bm.Round{Missile: small, Count: 4}),
			b.launcher("L2", bm.Round{Missile: big, Count: 2}, bm.Round{Missile: small, Count: 4}),
		}, bm.Doctrine{Salvo: 2, ReactionTime: 3, Reserve: 2})
		var tracks []bm.Track
		for i := range 15 {
			tracks = append(tracks, b.target(i+1, float64(i)*0.4, 30e3+float64(i)*20e3, 500+float64(i)*1000, 200+float64(i)*50))
		}
		var sb strings.Builder
		for cycle := range 5 {
			orders, holds := u.Plan(float64(cycle), b.rank(tracks...))
			for _, o := range orders {
				fmt.Fprintf(&sb, "order %d %s %s %.6f %q\n", o.Threat.Track.ID, o.Launcher.ID, o.Missile.Name, o.TOF, o.Rejected)
			}
			for _, h := range holds {
				fmt.Fprintf(&sb, "hold %d %q\n", h.Threat.Track.ID, h.Reason)
			}
			u.Resolved()
		}
		return sb.String()
	}
	first := run()
	if first == "" {
		t.Fatal("no decisions")
	}
	for range 5 {
		if got := run(); got != first {
			t.Fatalf("decisions differ between runs:\n%s\nvs\n%s", first, got)
		}
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func containsPrefix(ss []string, p string) bool {
	for _, x := range ss {
		if strings.HasPrefix(x, p) {
			return true
		}
	}
	return false
}

func BenchmarkPlan(b *testing.B) {
	big, small := s400Missiles(b)
	bt := newBattery(400e3)
	var tracks []bm.Track
	for i := range 40 {
		tracks = append(tracks, bt.target(i+1, float64(i)*0.15, 40e3+float64(i)*5e3, 1000, 250))
	}
	ranked := bt.rank(tracks...)
	b.ReportAllocs()
	for b.Loop() {
		u := bm.NewUnit("bn1", bt.fc, []*bm.Launcher{
			bt.launcher("L1", bm.Round{Missile: big, Count: 4}, bm.Round{Missile: small, Count: 16}),
			bt.launcher("L2", bm.Round{Missile: big, Count: 4}, bm.Round{Missile: small, Count: 16}),
		}, bm.Doctrine{Salvo: 1, ReactionTime: 3})
		u.Plan(0, ranked)
	}
}

// TestPlanLARIntercept: a missile with a launch acceptability table is
// planned with the table's time of flight, and the intercept point is
// where the target will be then: T = TOF(PIP), PIP = target + T vel. The
// table here is a law the test can check, a slow missile's
// TOF = 10 s + ground range / (700 m/s); the straight-line prediction
// from the missile's speed profile is far from it, so a plan that kept
// that point would miss the consistency by many seconds.
func TestPlanLARIntercept(t *testing.T) {
	_, small := s400Missiles(t)
	m := *small
	law := func(ground float64) float64 { return 10 + ground/700 }
	tab := &weapon.LARTable{Missile: m.Name, Altitudes: []float64{0, 30e3}, Speeds: []float64{-2000, 2000}}
	for r := 0.0; r <= 200e3; r += 10e3 {
		tab.Ranges = append(tab.Ranges, r)
	}
	n := len(tab.Ranges) * len(tab.Altitudes) * len(tab.Speeds)
	for k := range n {
		tab.TOF = append(tab.TOF, law(tab.Ranges[k%len(tab.Ranges)]))
		tab.Margin = append(tab.Margin, 1)
	}
	m.LAR = tab
	b := newBattery(400e3)
	for _, tt := range []struct {
		name  string
		az    float64 // of the target from the battery
		rng   float64
		speed float64 // inbound
	}{
		{"inbound 300 m/s at 60 km", 0.3, 60e3, 300},
		{"inbound 1000 m/s at 90 km", 1.2, 90e3, 1000},
		{"outbound 200 m/s at 40 km", 2.0, 40e3, -200},
	} {
		t.Run(tt.name, func(t *testing.T) {
			u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{b.launcher("L1", bm.Round{Missile: &m, Count: 4})}, bm.Doctrine{Salvo: 1})
			tk := b.target(1, tt.az, tt.rng, 5000, tt.speed)
			orders, holds := u.Plan(0, []bm.Threat{{Track: tk, TimeToGo: math.Inf(1), Score: 1}})
			if len(orders) != 1 {
				t.Fatalf("orders %v, holds %v; want one", orderIDs(orders), holdReasons(holds))
			}
			o := orders[0]
			ground, _, _ := geo.Inverse(b.at, geo.FromECEF(o.PIP))
			if want := law(ground); math.Abs(o.TOF-want) > 0.05 {
				t.Errorf("TOF %.2f s, the table gives %.2f s at the PIP", o.TOF, want)
			}
			at := r3.Add(tk.Pos, r3.Scale(o.TOF, tk.Vel))
			if miss := r3.Norm(r3.Sub(o.PIP, at)); miss > 0.05*math.Abs(tt.speed)+1 {
				t.Errorf("PIP %.0f m from where the target is after the TOF", miss)
			}
			kin, tofKin, _ := m.PredictIntercept(b.at.ECEF(), tk.Pos, tk.Vel)
			g, _, _ := geo.Inverse(b.at, geo.FromECEF(kin))
			t.Logf("TOF %.1f s at %.1f km (straight line: %.1f s, the table there %.1f s)", o.TOF, ground/1e3, tofKin, law(g))
		})
	}
}

// TestPlanLevelFlight: a fighter's track at 200 km "climbs" 35 m/s with a
// velocity uncertainty of 34 m/s (a search radar's elevation noise): the
// intercept point stays at its height, not 6 km above it after a long
// flight. A climb the track measures (35 ± 5 m/s) is kept, and so is a
// ballistic track's vertical speed.
func TestPlanLevelFlight(t *testing.T) {
	big, _ := s400Missiles(t)
	b := newBattery(400e3)
	for _, tt := range []struct {
		name   string
		class  string
		sigma  float64
		rising bool // the PIP above the track's height by more than 1 km
	}{
		{"aircraft, climb within its noise", bm.ClassAircraft, 34, false},
		{"aircraft, climb measured", bm.ClassAircraft, 5, true},
		{"ballistic keeps its climb", bm.ClassBallistic, 34, true},
	} {
		u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{b.launcher("L1", bm.Round{Missile: big, Count: 4})},
			bm.Doctrine{Salvo: 1, ReactionTime: 4.5, FirmTrack: 50})
		const now = 500.0
		tk := b.target(1, 0, 200e3, 10e3, 250)
		tk.Vel = r3.Add(tk.Vel, r3.Scale(35, r3.Unit(tk.Pos)))
		tk.T, tk.VelSigma = now, tt.sigma
		orders, holds := u.Plan(now, []bm.Threat{{Track: tk, Class: tt.class, TimeToGo: math.Inf(1)}})
		if len(orders) != 1 {
			t.Fatalf("%s: no order: %v", tt.name, holdReasons(holds))
		}
		rise := geo.FromECEF(orders[0].PIP).Alt - 10e3
		if (rise > 1000) != tt.rising || math.Abs(rise) > 1000 && !tt.rising {
			t.Errorf("%s: intercept point %.0f m above the track after %.0f s", tt.name, rise, orders[0].TOF)
		}
	}
}

// TestPlanHoldFlipUnderIADS: a shared track whose reason to hold flips
// every cycle between the IADS's (the allocation gives the target to
// another unit, whose name changes) and the unit's own (the track is not
// firm) is said once per reason and again after HoldRepeat, not every
// cycle: a 16-battalion grid wrote 643 212 hold_fire events for 125
// engagements (issue 16).
func TestPlanHoldFlipUnderIADS(t *testing.T) {
	big, _ := s400Missiles(t)
	b := newBattery(400e3)
	u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{b.launcher("L1", bm.Round{Missile: big, Count: 4})},
		bm.Doctrine{Salvo: 1, ReactionTime: 3, FirmTrack: 30})
	cycle := 0
	u.Deconflict = func(bm.Threat) bm.Reason {
		switch cycle % 3 {
		case 0:
			return bm.AssignedTo([]string{fmt.Sprintf("bn%d", 2+cycle%5)}, []float64{0.8})
		case 1:
			return bm.EngagedBy([]string{fmt.Sprintf("bn%d", 2+cycle%7), fmt.Sprintf("bn%d", 3+cycle%4)}, 1)
		}
		return bm.Reason{}
	}
	perMinute := map[int][]string{}
	for ; cycle < 180; cycle++ {
		tk := b.target(1, 0.7, 300e3, 8000, 250)
		tk.VelSigma = 50
		tk.T = float64(cycle)
		orders, holds := u.Plan(tk.T, []bm.Threat{{Track: tk, TimeToGo: math.Inf(1)}})
		if len(orders) != 0 {
			t.Fatalf("cycle %d: engaged a track that is not firm", cycle)
		}
		for _, h := range holds {
			perMinute[cycle/60] = append(perMinute[cycle/60], h.Reason)
		}
	}
	for m := 0; m < 3; m++ {
		said := perMinute[m]
		if len(said) != 3 {
			t.Errorf("minute %d: %d holds said, want each of the three reasons once: %q", m, len(said), said)
		}
		for _, want := range []string{"the IADS assigned this target to", "already engaged by", "track not firm"} {
			n := 0
			for _, s := range said {
				if strings.HasPrefix(s, want) {
					n++
				}
			}
			if n != 1 {
				t.Errorf("minute %d: %q said %d times, want once", m, want, n)
			}
		}
	}
}

// TestAim checks the solution at the moment of launch against the
// straight-line intercept of the track as it is then: a fighter planned
// against while breaking on the beam has turned back at the battery by
// the launch a reaction time later. The order's point lies along the
// beam; the round must be launched on the fighter's course of the
// moment. A target that has flown beyond the round's reach by then has
// no solution, and the order's point stands.
func TestAim(t *testing.T) {
	big, _ := s400Missiles(t)
	b := newBattery(400e3)
	u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{b.launcher("L1", bm.Round{Missile: big, Count: 4})},
		bm.Doctrine{Salvo: 1, ReactionTime: 9.5})
	const now = 400.0
	course := b.target(1, 0.5, 200e3, 9000, 280) // at the battery
	beam := course
	up := r3.Unit(beam.Pos)
	beam.Vel = r3.Cross(up, course.Vel) // the same speed, 90° off
	beam.T = now
	orders, holds := u.Plan(now, []bm.Threat{{Track: beam, TimeToGo: math.Inf(1)}})
	if len(orders) != 1 {
		t.Fatalf("no order: %v", holdReasons(holds))
	}
	o := orders[0]
	course.T = o.LaunchAt - 1 // the track of the moment, a second old
	pip, tof, ok := u.Aim(o.LaunchAt, o, course)
	if !ok {
		t.Fatal("no solution at launch")
	}
	at := r3.Add(course.Pos, r3.Scale(o.LaunchAt+tof-course.T, course.Vel))
	if d := r3.Norm(r3.Sub(at, pip)); d >= 1 {
		t.Errorf("target at launch+TOF is %.3f m from the point of Aim", d)
	}
	if d := r3.Norm(r3.Sub(pip, o.PIP)); d < 30e3 {
		t.Errorf("the point of Aim is %.1f km from the order's, planned on the beam: want the course's, tens of km away", d/1e3)
	}
	if !(tof > 0 && tof < o.TOF) {
		t.Errorf("TOF at launch %.1f s, the order's %.1f s: want shorter, the fighter coming in", tof, o.TOF)
	}

	away := course
	away.Vel = r3.Scale(-1, course.Vel)
	away.Pos = r3.Add(course.Pos, r3.Scale(60e3, r3.Unit(away.Vel))) // 260 km out, going away
	if pip, _, ok := u.Aim(o.LaunchAt, o, away); ok {
		t.Errorf("a target beyond reach has a solution at %v", geo.FromECEF(pip))
	}
}
