package battle

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/scenario"
	"gonum.org/v1/gonum/spatial/r3"
)

// gunRaid is pointDefence's battalion, holding its fire, and its
// Pantsir-S1 (500 m east of the battalion's fire-control radar) with its
// guns on, whose missiles hold too (min_pk 0.999): only the guns can stop
// what comes. The threat flies from the east at the radar (target: fc).
func gunRaid(threat string, seed int) string {
	a, _ := geo.Direct(armSite, math.Pi/2, 30e3)
	b, _ := geo.Direct(armSite, math.Pi/2, 5e3)
	text := pointDefence("    protects: bn\n")
	text = text[:strings.Index(text, "threats:\n")]
	for _, r := range [][2]string{
		{"duration: 6 min\nseed: 5\n", fmt.Sprintf("duration: 4 min\nseed: %d\n", seed)},
		{"missiles: {57E6E: 12}}", "missiles: {57E6E: 12}, guns: true}"},
		{"doctrine: {salvo: 2, min_pk: 0.1}", "doctrine: {min_pk: 0.999}"},
	} {
		if !strings.Contains(text, r[0]) {
			panic("gunRaid: pointDefence has no " + r[0])
		}
		text = strings.Replace(text, r[0], r[1], 1)
	}
	return text + fmt.Sprintf("threats:\n  - {id: cm, %s, target: fc, route: [{lat: %.5f, lon: %.5f}, {lat: %.5f, lon: %.5f}]}\n",
		threat, a.LatDeg(), a.LonDeg(), b.LatDeg(), b.LonDeg())
}

// TestGunsKillAtTheClosedFormRate: a cruise missile that the Pantsir's
// missiles let through (min_pk 0.999) meets its guns. Every burst that
// reaches the missile alive is a trial whose kill probability the
// gun_hits event gives by the closed form, P_K = 1 - (1 - PkHit P_H)^n
// at the burst's achieved aim error; over many runs the kills minus the
// sum of those P_K is a martingale, so the kills must come within four
// standard deviations (sqrt of the sum of P_K(1 - P_K)) of that sum. The
// guns fire only inside gun_open_fire_range and only on the tracking
// radar's track; with guns: false nothing kills the missile.
func TestGunsKillAtTheClosedFormRate(t *testing.T) {
	const runs = 40
	text := gunRaid("type: subsonic-cruise-missile", 1)
	s, err := scenario.Parse("guns.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	sh, err := Prepare(s)
	if err != nil {
		t.Fatal(err)
	}
	kills, trials, rounds := 0, 0, 0
	var sumP, sumVar float64
	for rep := range runs {
		res, err := Run(s, Options{Shared: sh, Replication: rep, NoSamples: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range res.Events {
			switch {
			case e.Type == event.GunBurst:
				rounds += e.Rounds
				if e.Range > 2500 || e.Radar != "pd-track" || e.Threat != "cm" {
					t.Errorf("burst at %.0f m on %s's track of %s; want within the 2.5 km open-fire range, on pd-track's track of cm", e.Range, e.Radar, e.Threat)
				}
			case e.Type == event.GunHits && e.Miss != nil:
				trials++
				sumP += e.Pk
				sumVar += e.Pk * (1 - e.Pk)
			case e.Type == event.Kill:
				if e.Launcher != "pd-96k6" {
					t.Errorf("killed by %s %s, want the guns of pd-96k6", e.Launcher, e.Interceptor)
				}
				kills++
			}
		}
	}
	t.Logf("%d runs: %d bursts reached the missile, %d rounds fired; kills %d, sum of closed-form P_K %.2f ± %.2f; kill rate %.3f",
		runs, trials, rounds, kills, sumP, math.Sqrt(sumVar), float64(kills)/runs)
	if trials < runs {
		t.Fatalf("%d bursts reached the missile in %d runs; want at least one a run", trials, runs)
	}
	if d := math.Abs(float64(kills) - sumP); d > 4*math.Sqrt(sumVar)+0.5 {
		t.Errorf("%d kills, want %.2f ± %.2f (4 sd)", kills, sumP, 4*math.Sqrt(sumVar))
	}
	off := gunRaid("type: subsonic-cruise-missile", 1)
	s2, err := scenario.Parse("guns.yaml", []byte(strings.Replace(off, "guns: true", "guns: false", 1)))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(s2, Options{NoSamples: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Events {
		if e.Type == event.Kill || e.Type == event.GunBurst {
			t.Errorf("guns off: %s at %.1f s", e.Type, e.T)
		}
	}
}

// TestMissilesOutsideGunsInside: with its guns loaded the Pantsir's
// missiles (min_pk 0.1 here, so they fire) leave to the guns what is
// within their 4 km reach, and the hold_fire event says so: no
// engagement by the unit while the missile is within 4 km of the
// launcher (its true position, from the run's samples), in a run where
// its 57E6E did not stop it first.
func TestMissilesOutsideGunsInside(t *testing.T) {
	p, _ := geo.Direct(armSite, math.Pi/2, 500)
	gun := geo.Deg(p.LatDeg(), p.LonDeg(), 100).ECEF()
	for seed := 2; seed < 12; seed++ {
		text := strings.Replace(gunRaid("type: subsonic-cruise-missile", seed), "doctrine: {min_pk: 0.999}", "doctrine: {min_pk: 0.1}", 1)
		res := runText(t, "guns.yaml", text)
		within := map[int]bool{} // whole seconds at which the missile was within 4 km
		for _, sm := range res.Samples {
			if sm.Kind == "truth" && sm.ID == "cm" && r3.Norm(r3.Sub(sm.At.ECEF(), gun)) <= 4000 {
				within[int(sm.T)] = true
			}
		}
		left, bursts := false, 0
		for _, e := range res.Events {
			switch {
			case e.Type == event.HoldFire && e.Unit == "pd" && strings.Contains(e.Reason, "left to the guns of pd-96k6"):
				left = true
			case e.Type == event.Engagement && e.Unit == "pd" && within[int(e.T)] && within[int(e.T)+1]:
				t.Errorf("seed %d: pd engages %s with %s at %.1f s, with it within the guns' 4 km", seed, e.Threat, e.Missile, e.T)
			case e.Type == event.GunBurst:
				bursts++
			}
		}
		if bursts == 0 {
			continue // the missiles stopped it outside 4 km
		}
		if !left {
			t.Errorf("seed %d: %d bursts, and no hold_fire leaves the missile to the guns", seed, bursts)
		}
		return
	}
	t.Fatal("in ten runs the 57E6E always stopped the missile outside the guns' reach")
}
