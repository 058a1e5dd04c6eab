package weapon

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
)

// midEnvelopeShort are the mid-envelope shots the derived missiles are
// known to fail (docs/flyout.md, "Known problems"), keyed by missile,
// altitude km, percent of max range, inbound and crossing speed: the
// 9M96E at 32 km arrives below MinSpeed against a target at 1 km (the
// dense air low down shortens its envelope; its range is calibrated at
// 10 km) and against one crossing at 15 km (the longer path).
var midEnvelopeShort = map[string]bool{
	"9M96E 1 80 0 0": true, "9M96E 1 80 0 300": true, "9M96E 15 80 0 300": true,
}

// midShot is one shot of the mid-envelope check.
type midShot struct {
	name string
	s    Shot
	o    Outcome
}

// Check: the middle of the envelope, where engagements happen. For each
// catalogue missile made 3-DOF by Derive3DOF, targets at 20%, 50% and
// 80% of its max range (ground range at launch), at 1, 5 and 15 km where
// that is within its altitude band, stationary, inbound at 300 m/s and
// crossing at 300 m/s, are hit: miss below 20 m and end speed at least
// the missile's MinSpeed (Outcome.Reached checks the lethal radius, the
// speed and the end-game g as well; the test asks the two numbers the
// check names). This is the check the old drag-calibrated derivation
// failed (a 48N6E2 arrived at 160 m/s at 30 km and 5 km).
//
//	go test ./weapon -run TestMidEnvelope -update
func TestMidEnvelope(t *testing.T) {
	if testing.Short() {
		t.Skip("calibrates and flies the catalogue's missiles")
	}
	ms, err := derived()
	if err != nil {
		t.Fatal(err)
	}
	var shots []midShot
	for _, name := range catalogMissiles {
		m := ms[name].m
		for _, alt := range []float64{1e3, 5e3, 15e3} {
			if alt < m.MinAltitude || alt > m.MaxAltitude {
				continue
			}
			for _, f := range []float64{0.2, 0.5, 0.8} {
				for _, v := range [][2]float64{{0, 0}, {300, 0}, {0, 300}} {
					shots = append(shots, midShot{name: name, s: Shot{Range: f * m.MaxRange, Altitude: alt, Speed: v[0], Cross: v[1]}})
				}
			}
		}
	}
	var wg sync.WaitGroup
	for k := range shots {
		wg.Go(func() {
			m := ms[shots[k].name].m
			shots[k].o = m.Fly(shots[k].s, 0.05)
		})
	}
	wg.Wait()
	var tab bytes.Buffer
	fmt.Fprintln(&tab, "| missile | altitude | range | target | miss | time of flight | end speed (MinSpeed) | hit |")
	fmt.Fprintln(&tab, "|---|---:|---:|---|---:|---:|---:|---|")
	for _, sh := range shots {
		m := ms[sh.name].m
		o := sh.o
		hit := o.Kind == Fuzed && o.Miss < 20 && o.Speed >= m.Aero.MinSpeed
		key := fmt.Sprintf("%s %.0f %.0f %.0f %.0f", sh.name, sh.s.Altitude/1e3, 100*sh.s.Range/m.MaxRange, sh.s.Speed, sh.s.Cross)
		if midEnvelopeShort[key] {
			// Documented shortfall: logged, and flagged if it is fixed.
			if hit {
				t.Logf("%s: listed as short but now hits; remove it from midEnvelopeShort", key)
			}
		} else if !hit {
			t.Errorf("%s %+v: %v, miss %.1f m, %.0f m/s (MinSpeed %.0f) at %.1f s", sh.name, sh.s, o.Kind, o.Miss, o.Speed, m.Aero.MinSpeed, o.TOF)
		}
		tgt := "stationary"
		switch {
		case sh.s.Speed != 0:
			tgt = fmt.Sprintf("inbound %.0f m/s", sh.s.Speed)
		case sh.s.Cross != 0:
			tgt = fmt.Sprintf("crossing %.0f m/s", sh.s.Cross)
		}
		fmt.Fprintf(&tab, "| %s | %.0f km | %.0f km | %s | %.2f m | %.1f s | %.0f m/s (%.0f) | %v |\n",
			sh.name, sh.s.Altitude/1e3, sh.s.Range/1e3, tgt, o.Miss, o.TOF, o.Speed, m.Aero.MinSpeed, hit)
	}
	t.Logf("\n%s", tab.String())
	if *update {
		if err := rewriteBlock("../docs/flyout.md", "midenvelope", tab.String()); err != nil {
			t.Fatal(err)
		}
	}
}
