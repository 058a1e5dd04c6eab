package battle

import (
	"strings"
	"testing"

	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/summary"
)

// TestStruckOutcome: a cruise missile that reaches the launcher or
// command post it was aimed at (gridRaid's, CEP 1 m: certain hits) is
// not a survivor. Its row reads struck, names the equipment and says it
// was destroyed; the totals count it apart from the survivors; the
// printed table says what it struck.
func TestStruckOutcome(t *testing.T) {
	s, err := scenario.Parse("grid.yaml", []byte(gridRaid()))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sum := Summarize(s, res)
	want := map[string]string{"cm-l1": "bn-l1", "cm-cp": "bn-cp"}
	for _, r := range sum.Threats {
		eq, ok := want[r.ID]
		if !ok {
			continue
		}
		if r.Outcome != summary.Struck || r.Equipment != eq || !r.EquipmentDestroyed || r.Miss == nil || *r.Miss > 25 {
			t.Errorf("%s: outcome %q, equipment %q, destroyed %v, miss %v; want struck %s, destroyed, within 25 m",
				r.ID, r.Outcome, r.Equipment, r.EquipmentDestroyed, r.Miss, eq)
		}
	}
	if tot := sum.Totals; tot.Struck != 2 || tot.Kills+tot.Leakers+tot.Struck+tot.Survivors != tot.Threats {
		t.Errorf("totals %+v; want 2 struck, and kills + leakers + struck + survivors = threats", tot)
	}
	var b strings.Builder
	if err := sum.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"struck bn-l1 (destroyed)", "struck bn-cp (destroyed)", " 2 struck,"} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("table lacks %q:\n%s", w, b.String())
		}
	}
}
