package bm_test

import (
	"math"
	"testing"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/weapon"
	"gonum.org/v1/gonum/spatial/r3"
)

// feasibleShot answers as bestShot does, whether the unit has a shot and
// its round's kill probability, over targets near and far, low and high,
// slow and fast, on every bearing, for units whose launchers mix rounds,
// reload, run out or hold fewer than a salvo, with and without the
// doctrine's order of missiles (without it, two missiles of the same
// reach rank alike and their intercept times decide), holding for a
// preferred round or not, on its own track or another radar's, and
// under a fire-control radar that covers the whole reach or only part of
// it (feasibleShot asks the coverage before the range).
func TestFeasibleShotIsBestShots(t *testing.T) {
	for _, cover := range []float64{400e3, 120e3} {
		feasibleShotIsBestShots(t, cover)
	}
}

func feasibleShotIsBestShots(t *testing.T, cover float64) {
	big, s := s400Missiles(t)
	// Each missile its own kill probability, so that the answer says
	// which round was chosen.
	sm := *s
	small := &sm
	small.Lethality.PkMax = 0.7
	// twin reaches as far as small (the same rank by cost) with another
	// kill probability, and flies faster; semi needs the fire-control radar to the end.
	twin := *small
	twin.Name, twin.Lethality.PkMax, twin.Profile.BurnoutSpeed = "twin", 0.6, 1400
	semi := *big
	semi.Name, semi.Guidance = "semi", weapon.SemiActive
	b := newBattery(cover)
	launchers := func() []*bm.Launcher {
		l2 := b.launcher("L2", bm.Round{Missile: small, Count: 4})
		l2.ReadyAt = 40
		return []*bm.Launcher{
			b.launcher("L1", bm.Round{Missile: big, Count: 4}, bm.Round{Missile: small, Count: 4}),
			l2,
			b.launcher("L3", bm.Round{Missile: big, Count: 0}, bm.Round{Missile: &twin, Count: 4}),
			b.launcher("L4", bm.Round{Missile: small, Count: 1}, bm.Round{Missile: &semi, Count: 2}),
		}
	}
	doctrines := []bm.Doctrine{
		{Salvo: 1, ReactionTime: 3},
		{Salvo: 2, ReactionTime: 8},
		{Salvo: 1, ReactionTime: 3, MissilesByClass: map[string][]string{
			bm.ClassAircraft: {"9M96E2", "twin", "48N6E3", "semi"}, bm.ClassCruise: {"48N6E3", "9M96E2"},
		}},
		{Salvo: 1, ReactionTime: 3, HoldFor: map[string]bool{bm.ClassAircraft: true, bm.ClassCruise: true}},
	}
	var asked, feasible int
	for di, d := range doctrines {
		u := bm.NewUnit("bn1", b.fc, launchers(), d)
		id := 0
		for _, rng := range []float64{2e3, 8e3, 30e3, 70e3, 110e3, 140e3, 190e3, 240e3, 300e3} {
			for _, alt := range []float64{8, 30, 3000, 12e3, 28e3} {
				for _, speed := range []float64{60, 250, 700, 2500} {
					for az := 0.0; az < 2*math.Pi; az += 1.1 {
						id++
						tk := b.target(id, az, rng, alt, speed)
						if id%3 == 0 {
							tk.Vel = r3.Scale(-1, tk.Vel) // flying away
						}
						for _, th := range b.rank(tk) {
							for _, remote := range []bool{false, true} {
								for _, now := range []float64{0, 50} {
									wantPk, wantOK := u.BestShotPk(now, th, remote)
									pk, ok := u.FeasibleShot(now, th, remote)
									asked++
									if ok {
										feasible++
									}
									if ok != wantOK || pk != wantPk {
										t.Fatalf("doctrine %d, %.0f km, %.0f m, %.0f m/s, az %.1f, %s, remote %v, at %.0f s: feasibleShot %v %.2f, bestShot %v %.2f",
											di, rng/1e3, alt, speed, az, th.Class, remote, now, ok, pk, wantOK, wantPk)
									}
								}
							}
						}
					}
				}
			}
		}
	}
	t.Logf("cover %.0f km: %d questions, %d with a shot", cover/1e3, asked, feasible)
	if feasible == 0 || feasible == asked {
		t.Fatalf("%d of %d questions have a shot: the sweep does not cross the envelope", feasible, asked)
	}
}
