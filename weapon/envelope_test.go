package weapon

import (
	"bytes"
	"cmp"
	"errors"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the generated tables in ../docs/flyout.md")

// envelopeRow is one missile's 3-DOF envelope against its catalogue
// figures.
type envelopeRow struct {
	m               Missile
	rng, loft, ceil float64
}

// envelopes flies the envelope of every catalogue missile, in parallel.
var envelopes = sync.OnceValues(func() ([]envelopeRow, error) {
	ms, err := derived()
	if err != nil {
		return nil, err
	}
	rows := make([]envelopeRow, len(catalogMissiles))
	var wg sync.WaitGroup
	for k, name := range catalogMissiles {
		wg.Go(func() {
			m := ms[name].m
			r, l := m.maxRangeAt(10e3, 0.05), m.Aero.Loft
			rows[k] = envelopeRow{m: m, rng: r, loft: l, ceil: m.Ceiling(0.05)}
		})
	}
	wg.Wait()
	return rows, nil
})

// envelopeAchievable holds, for a missile whose catalogue figure the
// derivation cannot meet with physical parameters, the max range and
// ceiling (m; zero: the catalogue's) that it documents instead
// (docs/flyout.md, "Envelope check").
// None needs it now: the 40N6E's ceiling (33 km before the sustain was
// sized by the flight time) is within 10% of its 30 km.
var envelopeAchievable = map[string][2]float64{}

// Check (issue 6): each catalogue missile, made 3-DOF by Derive3DOF from
// the nominal figures in catalog/data (read through package catalog),
// reaches its catalogue max_range (stationary target at 10 km, best pitch
// programme) and max_altitude within 10%. The calibration aims at both,
// so this checks the chain (motor, drag, guidance, fuze, the searches)
// and not the physics against data, of which there is none in public.
//
// With -update it rewrites the tables in docs/flyout.md:
//
//	go test ./weapon -run TestEnvelopeTable -update
func TestEnvelopeTable(t *testing.T) {
	if testing.Short() {
		t.Skip("calibrates and flies the catalogue's missiles (about a minute)")
	}
	rows, err := envelopes()
	if err != nil {
		t.Fatal(err)
	}
	var env, der bytes.Buffer
	fmt.Fprintln(&env, "| missile | catalogue max_range | 3-DOF max range | off | loft (long shots) | catalogue max_altitude | 3-DOF ceiling | off |")
	fmt.Fprintln(&env, "|---|---:|---:|---:|---:|---:|---:|---:|")
	fmt.Fprintln(&der, "| missile | burnout speed, boost | propellant / launch mass | thrust / launch weight | sustain | Isp | CdScale | programme | CNMax | end-game accel | MinSpeed | MaxFlightTime (catalogue) |")
	fmt.Fprintln(&der, "|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		m := r.m
		orig, err := fromCatalog(m.Name)
		if err != nil {
			t.Fatal(err)
		}
		offR, offA := r.rng/m.MaxRange-1, r.ceil/m.MaxAltitude-1
		wantR, wantA := m.MaxRange, m.MaxAltitude
		if a, ok := envelopeAchievable[m.Name]; ok {
			wantR, wantA = cmp.Or(a[0], wantR), cmp.Or(a[1], wantA)
		}
		if d := r.rng/wantR - 1; math.Abs(d) > 0.1 {
			t.Errorf("%s: max range %.1f km, want %.0f km (%+.1f%%)", m.Name, r.rng/1e3, wantR/1e3, 100*d)
		}
		if d := r.ceil/wantA - 1; math.Abs(d) > 0.1 {
			t.Errorf("%s: ceiling %.1f km, want %.0f km (%+.1f%%)", m.Name, r.ceil/1e3, wantA/1e3, 100*d)
		}
		fmt.Fprintf(&env, "| %s | %.0f km | %.1f km | %+.1f%% | %.0f° | %.0f km | %.1f km | %+.1f%% |\n",
			m.Name, m.MaxRange/1e3, r.rng/1e3, 100*offR, r.loft*180/math.Pi, m.MaxAltitude/1e3, r.ceil/1e3, 100*offA)
		mo := m.Motor
		sus := "none"
		if b := mo.Sustain; b.Time > 0 {
			sus = fmt.Sprintf("%.3f over %.1f s", b.Propellant/mo.LaunchMass, b.Time)
		}
		fmt.Fprintf(&der, "| %s | %.0f m/s in %.0f s | %.3f | %.1f | %s | %.0f s | %.3f | %.0f° | %.0f | %.1f g | %.0f m/s | %.0f s (%.0f s) |\n",
			m.Name, m.BurnoutSpeed, m.BoostTime, (mo.Boost.Propellant+mo.Sustain.Propellant)/mo.LaunchMass,
			mo.Boost.Thrust/(mo.LaunchMass*isaG0), sus, mo.Boost.Thrust*mo.Boost.Time/(mo.Boost.Propellant*isaG0),
			m.Aero.CdScale, m.Aero.Loft*180/math.Pi, m.Aero.CNMax, m.Aero.EndgameAccel/isaG0, m.Aero.MinSpeed,
			m.MaxFlightTime, orig.MaxFlightTime)
	}
	t.Logf("\n%s\n%s", env.String(), der.String())
	if *update {
		if err := rewriteBlock("../docs/flyout.md", "envelope", env.String()); err != nil {
			t.Fatal(err)
		}
		if err := rewriteBlock("../docs/flyout.md", "derived", der.String()); err != nil {
			t.Fatal(err)
		}
	}
}

// rewriteBlock replaces the text between the lines
// "<!-- BEGIN name -->" and "<!-- END name -->" of the file.
func rewriteBlock(path, name, body string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	begin, end := "<!-- BEGIN "+name+" -->\n", "<!-- END "+name+" -->"
	s := string(b)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		return fmt.Errorf("%s: no %q ... %q block", path, begin, end)
	}
	s = s[:i+len(begin)] + body + s[j:]
	return os.WriteFile(path, []byte(s), 0o644)
}

// Check (issue 6, part 2): the launch acceptability table's lookups at
// off-grid points (160 random ones per missile) against direct fly-outs
// there. Away from the edge of
// the region (|margin| > 0.15 both ways) the yes/no must agree at 95% of
// the points or more. The time of flight is interpolated across changes
// of trajectory (the flat and the lofted arc, homing from launch or not),
// so it is held only to a median error of 10% and a 90th percentile of
// 25%, where both reach; the test logs what it sees.
func TestLARTableAgainstFlyouts(t *testing.T) {
	if testing.Short() {
		t.Skip("calibrates the catalogue's missiles")
	}
	for _, name := range []string{"48N6E2", "9M96E2"} {
		m := derivedMissile(t, name)
		tab, err := DefaultLARTable(&m, 0.05)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(6, 4))
		var checked, agreed int
		var tofErr []float64
		for range 160 {
			s := Shot{
				Range:    tab.Ranges[0] + rng.Float64()*(tab.Ranges[len(tab.Ranges)-1]-tab.Ranges[0]),
				Altitude: tab.Altitudes[0] + rng.Float64()*(tab.Altitudes[len(tab.Altitudes)-1]-tab.Altitudes[0]),
				Speed:    tab.Speeds[0] + rng.Float64()*(tab.Speeds[len(tab.Speeds)-1]-tab.Speeds[0]),
			}
			tof, margin, ok, err := tab.Lookup(s.Range, s.Altitude, s.Speed)
			if err != nil {
				t.Fatal(err)
			}
			o := m.Fly(s, 0.05)
			if math.Abs(margin) > 0.15 && math.Abs(o.Margin) > 0.15 {
				checked++
				if ok == o.Reached {
					agreed++
				} else {
					t.Logf("%s %+v: table says reach %v (margin %.2f), fly-out %v (margin %.2f)", name, s, ok, margin, o.Reached, o.Margin)
				}
			}
			if ok && o.Reached {
				tofErr = append(tofErr, math.Abs(tof-o.TOF)/o.TOF)
			}
		}
		slices.Sort(tofErr)
		if checked < 30 || float64(agreed) < 0.95*float64(checked) {
			t.Errorf("%s: %d of %d reach verdicts away from the edge agree", name, agreed, checked)
		}
		if len(tofErr) < 10 {
			t.Fatalf("%s: only %d points reached", name, len(tofErr))
		}
		med, p90 := tofErr[len(tofErr)/2], tofErr[len(tofErr)*9/10]
		if med > 0.10 || p90 > 0.25 {
			t.Errorf("%s: time of flight error median %.1f%%, 90th percentile %.1f%%", name, 100*med, 100*p90)
		}
		t.Logf("%s: %d/%d reach verdicts agree; time of flight error over %d points: median %.1f%%, 90th percentile %.1f%%, worst %.1f%%",
			name, agreed, checked, len(tofErr), 100*med, 100*p90, 100*tofErr[len(tofErr)-1])
	}
	if _, _, _, err := (&LARTable{Ranges: []float64{0, 1}, Altitudes: []float64{0, 1}, Speeds: []float64{0, 1}}).Lookup(2, 0, 0); !errors.Is(err, ErrOutsideTable) {
		t.Errorf("lookup off the grid: %v", err)
	}
}

func BenchmarkLARLookup(b *testing.B) {
	tab := &LARTable{Ranges: []float64{0, 1e5, 2e5}, Altitudes: []float64{0, 1e4, 2e4}, Speeds: []float64{-300, 0, 300},
		TOF: make([]float64, 27), Margin: make([]float64, 27)}
	x := 0.0
	for b.Loop() {
		tab.Lookup(1.3e5+x, 7e3, 120)
		x += 1
		if x > 5e4 {
			x = 0
		}
	}
}
