package bm_test

import (
	"math"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// plateauTrack is a cruise missile 30 m above a plateau at 1570 m, 40 km
// from the battery on it, inbound at 250 m/s, with a climb rate vz (m/s,
// the tracker's noise) and a height error sigma (m, 1σ) in its
// covariance.
func plateauTrack(b battery, vz, sigma float64) bm.Track {
	tk := b.target(1, 1, 40e3, 1570+30, 250)
	p := geo.FromECEF(tk.Pos)
	f := geo.NewFrame(p)
	tk.Vel = r3.Add(tk.Vel, f.RotateFromENU(r3.Vec{Z: vz}))
	tk.Ground = 1570
	up := f.RotateFromENU(r3.Vec{Z: 1})
	u := [3]float64{up.X, up.Y, up.Z}
	for i := range 3 {
		for j := range 3 {
			// 20 m across, sigma along the vertical.
			tk.PosCov[3*i+j] = (sigma*sigma-400)*u[i]*u[j] + 400*b2f(i == j)
		}
	}
	return tk
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// TestPlanHeightAboveGround (issue 12): on a 1570 m plateau the missile's
// minimum and maximum altitudes are heights above the ground, not above
// the ellipsoid; a cruise missile at 30 m whose good track (the
// fire-control radar's height, σ 20 m) drifts down at 20 m/s, which would
// put the intercept below the ground, is engaged at no less than the
// missile's 5 m, and one whose track climbs at 80 m/s (a point 2-5 km
// too high) is engaged at that point; one seen only by a search radar
// (σ 400 m) is held, saying the height is uncertain, rather than judged
// on that height.
func TestPlanHeightAboveGround(t *testing.T) {
	_, small := s400Missiles(t)
	b := newBattery(400e3)
	b.at.Alt = 1570
	fc := 0.05 * math.Pi / 180
	b.fc.HeightSigma = func(p r3.Vec) float64 { return fc * r3.Norm(r3.Sub(p, b.at.ECEF())) }
	tests := []struct {
		name      string
		vz, sigma float64
		hold      string // "" for an engagement
	}{
		{"good track diving into the ground", -20, 20, ""},
		{"good track climbing", 80, 20, ""},
		{"level good track", 0, 20, ""},
		{"search radar only", -20, 400, "height uncertain (σ 400 m) until 92N6E measures it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{b.launcher("L1", bm.Round{Missile: small, Count: 4})}, bm.Doctrine{Salvo: 1, ReactionTime: 3})
			tk := plateauTrack(b, tt.vz, tt.sigma)
			orders, holds := u.Plan(0, []bm.Threat{{Track: tk, Class: bm.ClassCruise, TimeToGo: math.Inf(1), Score: 1}})
			if tt.hold != "" {
				if len(orders) != 0 || len(holds) != 1 || !strings.Contains(holds[0].Reason, tt.hold) {
					t.Fatalf("orders %d, holds %+v; want a hold saying %q", len(orders), holds, tt.hold)
				}
				return
			}
			if len(orders) != 1 {
				t.Fatalf("holds %+v; want an engagement", holdReasons(holds))
			}
			h := geo.FromECEF(orders[0].PIP).Alt - tk.Ground
			if h < small.MinAltitude-1e-3 {
				t.Errorf("intercept %.1f m above the ground, below the missile's %.0f m", h, small.MinAltitude)
			}
			// A track level in its own frame rises over the curved earth:
			// about 50 m over the 25 km to the intercept.
			if tt.vz <= 0 && h > 100 {
				t.Errorf("intercept %.1f m above the ground; want about the track's 30 m", h)
			}
		})
	}
}

// TestPlanBelowMinimumAboveGround: a target measured below the missile's
// minimum height above the ground is not lifted into the envelope.
func TestPlanBelowMinimumAboveGround(t *testing.T) {
	big, _ := s400Missiles(t)
	b := newBattery(400e3)
	b.at.Alt = 1570
	tk := b.target(1, 1, 40e3, 1570+3, 250)
	tk.Ground = 1570
	u := bm.NewUnit("bn1", b.fc, []*bm.Launcher{b.launcher("L1", bm.Round{Missile: big, Count: 4})}, bm.Doctrine{Salvo: 1, ReactionTime: 3})
	orders, holds := u.Plan(0, []bm.Threat{{Track: tk, Class: bm.ClassCruise, TimeToGo: math.Inf(1), Score: 1}})
	if len(orders) != 0 || len(holds) != 1 || !strings.Contains(holds[0].Reason, "m below its 10 m") {
		t.Fatalf("orders %d, holds %+v; want a hold below the 10 m minimum", len(orders), holdReasons(holds))
	}
}
