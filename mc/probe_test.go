package mc

import (
	"context"
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/scenario/edit"
)

var table = flag.Bool("table", false, "print the tables of docs/validity.md")

// probe is the bundled low-observable probe: one S-400 battalion and one
// fighter-low-observable at 10 km flying over it.
const probe = "../examples/s400-low-observable-probe.yaml"

// probeSweep runs the probe's RCS sweep (and any other vary) with runs
// replications a point.
func probeSweep(t *testing.T, runs int, vary ...edit.Vary) *Sweep {
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
	sw := probeSweep(t, 20, edit.Vary{Selector: "threats.lo.rcs", Values: rcs})
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
	sw := probeSweep(t, 100, edit.Vary{Selector: "threats.lo.rcs", Values: rcs},
		edit.Vary{Selector: "threats.lo.evade", Values: []string{"9 g", "none"}})
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
