package mc

import (
	"slices"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/stats"
	"github.com/iadsim/iadsim/summary"
)

// TestEquipmentSurvival: the equipment threats aim at gets a destroyed_
// column in runs.csv and a "P(id survives)" estimate with its Wilson
// interval; equipment no threat aims at gets neither.
func TestEquipmentSurvival(t *testing.T) {
	s := &scenario.Scenario{
		Units: []scenario.Unit{{ID: "bn1", CommandPost: scenario.Post{ID: "cp"},
			Radars:    []scenario.Radar{{ID: "sr"}, {ID: "fc"}},
			Launchers: []scenario.Launcher{{ID: "l1"}, {ID: "l2"}}}},
		Threats: []scenario.Threat{
			{ID: "harm", Type: "anti-radiation-missile", Equipment: &scenario.Equipment{ID: "fc", Kind: scenario.EquipmentRadar}},
			{ID: "cm", Type: "subsonic-cruise-missile", Equipment: &scenario.Equipment{ID: "l2", Kind: scenario.EquipmentLauncher}},
		},
	}
	l := LayoutOf(s)
	if want := []string{"fc", "l2"}; !slices.Equal(l.Equipment, want) {
		t.Fatalf("Equipment = %v, want %v", l.Equipment, want)
	}
	var rows []Row
	for rep := range 4 {
		sm := summary.Summary{}
		if rep%2 == 0 {
			sm.Destroyed = []summary.Loss{{ID: "fc", Kind: "radar"}}
			sm.Totals.Struck = 1
			sm.Totals.GunRounds = 80
		}
		rows = append(rows, RowOf(rep, 1, sm))
	}
	var b strings.Builder
	if err := WriteCSV(&b, l, rows); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	head := strings.Split(lines[0], ",")
	i := slices.Index(head, "destroyed_fc")
	if i < 0 || !slices.Contains(head, "destroyed_l2") || slices.Contains(head, "destroyed_sr") {
		t.Fatalf("header %v; want destroyed_fc and destroyed_l2 only", head)
	}
	k := slices.Index(head, "struck")
	if k < 0 {
		t.Fatalf("header %v lacks struck", head)
	}
	for rep, line := range lines[1:] {
		want := map[bool]string{true: "1", false: "0"}[rep%2 == 0]
		if got := strings.Split(line, ",")[i]; got != want {
			t.Errorf("replication %d: destroyed_fc %s, want %s", rep, got, want)
		}
		if got := strings.Split(line, ",")[k]; got != want {
			t.Errorf("replication %d: struck %s, want %s", rep, got, want)
		}
		if got, want := strings.Split(line, ",")[k+1], map[bool]string{true: "80", false: "0"}[rep%2 == 0]; got != want {
			t.Errorf("replication %d: gun_rounds %s, want %s", rep, got, want)
		}
	}
	st := Estimate("x", 1, l, rows)
	found := 0
	for _, p := range st.Probabilities {
		switch p.Name {
		case "P(fc survives)":
			found++
			if p.K != 2 || p.N != 4 || p.Interval != stats.Wilson(2, 4, stats.Confidence) {
				t.Errorf("%s = %d/%d %+v, want 2/4 with its Wilson interval", p.Name, p.K, p.N, p.Interval)
			}
		case "P(l2 survives)":
			found++
			if p.K != 4 {
				t.Errorf("%s = %d/%d, want 4/4", p.Name, p.K, p.N)
			}
		}
	}
	if found != 2 {
		t.Errorf("found %d survival estimates, want 2: %+v", found, st.Probabilities)
	}
}
