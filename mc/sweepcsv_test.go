package mc

import (
	"github.com/iadsim/iadsim/scenario/edit"
	"github.com/iadsim/iadsim/stats"

	"bytes"
	"encoding/csv"
	"math"
	"testing"
)

// TestSweepCSVKillRates checks the per-class kill-rate columns of
// sweep.csv (issue 12): after the existing columns, kill_rate_<class>
// with its Wilson interval, classes in order of first appearance, empty
// where a point has no threat of the class.
func TestSweepCSVKillRates(t *testing.T) {
	pr := func(name string, k, n int) Proportion {
		return Proportion{Name: name, K: k, N: n, Interval: stats.Wilson(k, n, stats.Confidence)}
	}
	sw := &Sweep{
		Vary: []edit.Vary{{Selector: "threats.ftr.rcs"}},
		Points: []Point{
			{Index: 0, Settings: []Setting{{Selector: "threats.ftr.rcs", Value: "1 m2", SI: 1}},
				KillRates: []Proportion{pr("fighter-4th-gen", 9, 10)}},
			{Index: 1, Settings: []Setting{{Selector: "threats.ftr.rcs", Value: "0.1 m2", SI: 0.1}},
				KillRates: []Proportion{pr("fighter-4th-gen", 4, 10), pr("shahed-136", 10, 10)}},
		},
	}
	var b bytes.Buffer
	if err := sw.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := rows[0]
	want := []string{"point", "threats.ftr.rcs", "threats.ftr.rcs (SI)", "p_leak", "p_leak_lo", "p_leak_hi",
		"leakers", "leakers_lo", "leakers_hi", "interceptors", "interceptors_lo", "interceptors_hi",
		"kill_rate_fighter-4th-gen", "kill_rate_fighter-4th-gen_lo", "kill_rate_fighter-4th-gen_hi",
		"kill_rate_shahed-136", "kill_rate_shahed-136_lo", "kill_rate_shahed-136_hi"}
	if len(head) != len(want) {
		t.Fatalf("header %q, want %q", head, want)
	}
	for i := range want {
		if head[i] != want[i] {
			t.Errorf("column %d %q, want %q", i, head[i], want[i])
		}
	}
	if got := rows[1][12]; got != "0.9" {
		t.Errorf("point 0 fighter kill rate %q, want 0.9", got)
	}
	if rows[1][15] != "" || rows[1][16] != "" || rows[1][17] != "" {
		t.Errorf("point 0 has no drone, got %q", rows[1][15:18])
	}
	// Wilson 95% for 4/10: [0.168, 0.687] (Agresti and Coull 1998, the
	// score interval; z = 1.96).
	w := stats.Wilson(4, 10, stats.Confidence)
	if math.Abs(w.Lo-0.1682) > 1e-3 || math.Abs(w.Hi-0.6873) > 1e-3 {
		t.Errorf("Wilson(4, 10) = [%.4f, %.4f], want [0.1682, 0.6873]", w.Lo, w.Hi)
	}
	if rows[2][12] != "0.4" || rows[2][15] != "1" {
		t.Errorf("point 1 kill rates %q and %q, want 0.4 and 1", rows[2][12], rows[2][15])
	}
}
