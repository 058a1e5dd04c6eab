package mc

import (
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/iadsim/iadsim/motion"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/units"
)

var table = flag.Bool("table", false, "print the tables of docs/validity.md")

// probe is the bundled low-observable probe: one S-400 battalion and one
// fighter-low-observable at 10 km flying over it.
const probe = "../examples/s400-low-observable-probe.yaml"

// probeSweep runs the probe's RCS sweep (and any other vary) with runs
// replications a point.
func probeSweep(t *testing.T, runs int, vary ...Vary) *Sweep {
	t.Helper()
	src, err := os.ReadFile(probe)
	if err != nil {
		t.Fatal(err)
	}
	sw, err := RunSweep(context.Background(), SweepConfig{
		Load:   func() (*scenario.Scenario, error) { return scenario.Load(probe) },
		Source: src, Runs: runs, Out: t.TempDir(), Vary: vary,
	})
	if err != nil {
		t.Fatal(err)
	}
	return sw
}

// probeKillRate is the fighter's kill probability at a point of the
// probe's sweep: its one threat class's kill rate.
func probeKillRate(t *testing.T, pt Point) Proportion {
	t.Helper()
	if len(pt.KillRates) != 1 || pt.KillRates[0].Name != "fighter-low-observable" {
		t.Fatalf("point %d: kill rates %+v, want the one fighter-low-observable", pt.Index, pt.KillRates)
	}
	return pt.KillRates[0]
}

// TestProbeKillFallsWithRCS (issue 12): against the probe's
// low-observable fighter, the kill probability over an RCS sweep from
// 1 m² to 0.0001 m² does not rise as the RCS falls, beyond chance: no
// point's estimate lies above the upper Wilson bound of the point before
// it (the larger RCS), and the chain fails at the small end: the 1 m²
// point's lower bound lies above the 0.0001 m² point's upper bound. Every
// kill in this model is a fly-out that fuzed within the lethal radius
// after a fire-control track and a seeker lock, so a kill probability
// that did not fall would say that one of them ignores the RCS (as the
// launch check once did: issue 12 found 0.0001 m² killed in every run).
// docs/validity.md has the 100-run table.
func TestProbeKillFallsWithRCS(t *testing.T) {
	rcs := []string{"1 m2", "0.1 m2", "0.01 m2", "0.001 m2", "0.0001 m2"}
	sw := probeSweep(t, 20, Vary{Selector: "threats.lo.rcs", Values: rcs})
	var rates []Proportion
	for i, pt := range sw.Points {
		p := probeKillRate(t, pt)
		t.Logf("%-9s kill %2d/%d = %.2f [%.3f, %.3f]; interceptors %.1f", rcs[i], p.K, p.N, p.Estimate, p.Lo, p.Hi, pt.Interceptors.Estimate)
		if i > 0 && p.Estimate > rates[i-1].Hi {
			t.Errorf("%s: kill probability %.2f, above the %s point's upper bound %.3f", rcs[i], p.Estimate, rcs[i-1], rates[i-1].Hi)
		}
		rates = append(rates, p)
	}
	first, last := rates[0], rates[len(rates)-1]
	if !(first.Lo > last.Hi) {
		t.Errorf("kill probability %.2f [%.3f, %.3f] at %s and %.2f [%.3f, %.3f] at %s: want the first's lower bound above the last's upper",
			first.Estimate, first.Lo, first.Hi, rcs[0], last.Estimate, last.Lo, last.Hi, rcs[len(rcs)-1])
	}
}

// TestProbeRCSSweepTable prints the table of docs/validity.md: the
// probe's RCS sweep, 100 replications a point, with the fighter breaking
// on each launch warning (the class's default) and flying straight on.
//
//	go test ./mc -run TestProbeRCSSweepTable -table -v
func TestProbeRCSSweepTable(t *testing.T) {
	if !*table {
		t.Skip("a table for docs/validity.md: run with -table")
	}
	rcs := []string{"1 m2", "0.1 m2", "0.01 m2", "0.001 m2", "0.0001 m2"}
	sw := probeSweep(t, 100, Vary{Selector: "threats.lo.rcs", Values: rcs},
		Vary{Selector: "threats.lo.evade", Values: []string{"9 g", "none"}})
	out := "| RCS | breaks at 9 g: kill probability | interceptors | flies straight: kill probability | interceptors |\n|---|---:|---:|---:|---:|\n"
	for i := 0; i < len(sw.Points); i += 2 {
		cell := func(pt Point) string {
			p := probeKillRate(t, pt)
			return fmt.Sprintf("%.2f (%d/%d) [%.2f, %.2f] | %.1f [%.1f, %.1f]", p.Estimate, p.K, p.N, p.Lo, p.Hi,
				pt.Interceptors.Estimate, pt.Interceptors.Lo, pt.Interceptors.Hi)
		}
		out += fmt.Sprintf("| %s | %s | %s |\n", rcs[i/2], cell(sw.Points[i]), cell(sw.Points[i+1]))
	}
	t.Log("\n" + out)
}

// TestSetEvade: threats.<match>.evade turns a threat's break off, or sets
// its load factor, keeping its delay and duration (the defaults for one
// that did not evade).
func TestSetEvade(t *testing.T) {
	for _, c := range []struct {
		file, sel, val string
		id             string            // the threat checked
		want           *scenario.Evasion // nil: no evasion
		si             float64
	}{
		{probe, "threats.lo.evade", "none", "lo", nil, math.NaN()},
		{probe, "threats.fighter.evade", "6 g", "lo", &scenario.Evasion{On: "launch", Load: 6, Accel: motion.TurnAccel(6), Delay: 2, Duration: 10}, 6 * units.StandardG},
		{small, "threats.cm-02.evade", "9g", "cm-02", &scenario.Evasion{On: "launch", Load: 9, Accel: motion.TurnAccel(9), Delay: 2, Duration: 10}, 9 * units.StandardG},
	} {
		s, _ := load(t, c.file)
		i := slices.IndexFunc(s.Threats, func(th scenario.Threat) bool { return th.ID == c.id })
		th := &s.Threats[i]
		si, err := Set(s, c.sel, c.val)
		if err != nil {
			t.Errorf("%s=%s: %v", c.sel, c.val, err)
			continue
		}
		switch {
		case c.want == nil && th.Evade != nil:
			t.Errorf("%s=%s: evasion %+v, want none", c.sel, c.val, *th.Evade)
		case c.want != nil && (th.Evade == nil || math.Abs(th.Evade.Accel-c.want.Accel) > 1e-9 ||
			th.Evade.Load != c.want.Load || th.Evade.On != c.want.On || th.Evade.Delay != c.want.Delay || th.Evade.Duration != c.want.Duration):
			t.Errorf("%s=%s: evasion %+v, want %+v", c.sel, c.val, th.Evade, *c.want)
		}
		if !(math.IsNaN(si) && math.IsNaN(c.si)) && math.Abs(si-c.si) > 1e-9 {
			t.Errorf("%s=%s: SI %g, want %g", c.sel, c.val, si, c.si)
		}
	}
	for _, v := range []string{"1 g", "0.5 g", "fast", "9 m"} {
		s, _ := load(t, probe)
		if _, err := Set(s, "threats.lo.evade", v); !isInput(err) {
			t.Errorf("threats.lo.evade=%s: %v, want an InputError", v, err)
		}
	}
}
