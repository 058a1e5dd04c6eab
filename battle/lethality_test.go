package battle

import (
	"testing"

	"github.com/iadsim/iadsim/catalog"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/weapon"
)

// Every threat class of the catalogue has a warhead target class of its
// own, so a new catalogue threat cannot fall to the free-text guess
// unnoticed; and the guess for free text is what targetClass says.
func TestTargetClass(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range c.List() {
		if e.Kind != catalog.KindThreat {
			continue
		}
		n++
		if _, ok := threatClasses[e.Name]; !ok {
			t.Errorf("catalogue threat %s has no target class in threatClasses", e.Name)
		}
	}
	if n == 0 {
		t.Fatal("no catalogue threats")
	}
	launch := geo.Deg(40, 50, 0)
	for _, tc := range []struct {
		th   scenario.Threat
		want weapon.TargetClass
	}{
		{scenario.Threat{Type: "fighter-4th-gen"}, weapon.Aircraft},
		{scenario.Threat{Type: "short-range-ballistic-missile"}, weapon.BallisticRV},
		{scenario.Threat{Type: "my rocket", Launch: &launch}, weapon.BallisticRV},
		{scenario.Threat{Type: "Loitering drone"}, weapon.Drone},
		{scenario.Threat{Type: "land-attack missile"}, weapon.CruiseMissile},
		{scenario.Threat{Type: "bomber"}, weapon.Aircraft},
	} {
		if got := targetClass(&tc.th); got != tc.want {
			t.Errorf("targetClass(%q) = %v, want %v", tc.th.Type, got, tc.want)
		}
	}
}
